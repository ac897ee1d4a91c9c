"""Resolve date expressions against the document date.

News is written in the past tense about the days before publication, so a
bare weekday or month-day ("on Tuesday", "on December 6") is the most recent
such day ON OR BEFORE the document date: "on Tuesday" in a text dated
Wednesday 2015-12-09 is 2015-12-08, and in a text dated Tuesday it is that
day. No past or bare expression resolves after the document date.

Only expressions that say they point ahead ("tomorrow", "next week", "next
Tuesday", "next year") may resolve after it; they describe planned events,
and the events stage marks those `planned`. An explicit date with a year
("5 March 2016") is taken as written, before or after.

"last week" / "next week" / "this week" resolve to the MONTH of the day seven
days before (after, or of) the document date, with precision "month": the
text does not say which day, and a day value would claim a precision it does
not have, while the month of that day is right in most cases (weeks
straddling two months are the exception). The same holds for "N weeks ago".

Without a document date only expressions carrying their own year resolve.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): number for number, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
WEEKDAYS = {name.lower(): number for number, name in enumerate(calendar.day_name)}
WEEKDAYS.update({name.lower(): number for number, name in enumerate(calendar.day_abbr)})

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?P<weekday>" + "|".join(sorted(WEEKDAYS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_PART_OF_DAY = r"(?:\s+(?:morning|afternoon|evening|night))?"

# Leading words dropped before matching: "on Tuesday", "in September 2014", "since 2014", "at the end of
# September", "late last year" (the part of a period does not change its value at our precisions).
LEADING_WORDS = re.compile(r"^(?:(?:on|in|since|by|from|until|till|during|at|of|as of)\s+)?"
                           r"(?:(?:the\s+)?(?:end|beginning|start|middle|first half|second half)\s+of\s+)?"
                           r"(?:(?:early|late)\s+(?=last|this|next))?")
# Words that make an expression a duration or vague span, never one date: "three years", "the past week".
DURATION = re.compile(r"\b(?:years|months|weeks|days|hours|decades?|centur(?:y|ies)|past|recent|recently|"
                      r"coming|few|several|same|weekend|season|period|era|ages|century|\d+s)\b")


@dataclass(frozen=True)
class ResolvedDate:
    value: str  # YYYY-MM-DD, YYYY-MM or YYYY
    precision: str  # "day", "month" or "year"


def day_value(day: date) -> ResolvedDate:
    return ResolvedDate(day.isoformat(), "day")


def month_value(day: date) -> ResolvedDate:
    return ResolvedDate(f"{day.year:04d}-{day.month:02d}", "month")


def year_value(year: int) -> ResolvedDate:
    return ResolvedDate(f"{year:04d}", "year")


# A range of days is read as its first day: "24-25 April", "April 24-25", "24 to 25 April".
_DAY_RANGE_BEFORE_MONTH = re.compile(rf"\b(?P<first>[0-3]?\d)(?:st|nd|rd|th)?\s*(?:-|–|—|to|and)\s*"
                                     rf"[0-3]?\d(?:st|nd|rd|th)?(?=\s+(?:of\s+)?{_MONTH.replace('?P<month>', '')}\b)")
_DAY_RANGE_AFTER_MONTH = re.compile(rf"\b(?P<first>{_MONTH.replace('?P<month>', '')}\s+[0-3]?\d)(?:st|nd|rd|th)?"
                                    rf"\s*(?:-|–|—|to|and)\s*[0-3]?\d(?:st|nd|rd|th)?\b(?!\d)")
# A number after a whole day-and-month that is not a four-digit year belongs to the next words, not
# to the date ("17 July 36 civilians were killed"): the date ends before it.
_DAY_MONTH_THEN_NUMBER = re.compile(
    rf"(?:[0-3]?\d(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH.replace('?P<month>', '')}"
    rf"|{_MONTH.replace('?P<month>', '')}\s+[0-3]?\d(?:st|nd|rd|th)?)(?=,?\s+\d{{1,3}}\b(?!\s*[-–]))",
    re.IGNORECASE)


def date_part_end(text: str) -> int:
    """Where the date of `text` ends: before a number that follows a whole day and month."""
    match = _DAY_MONTH_THEN_NUMBER.search(text)
    return match.end() if match else len(text)


def clean_expression(text: str) -> str:
    """Lower-case, single-spaced, without commas or a leading preposition; a day range as its first day."""
    cleaned = re.sub(r"\s+", " ", text[:date_part_end(text)].replace(",", " ").replace("’", "'")).strip().lower()
    cleaned = re.sub(r"'s$", "", cleaned)  # "Tuesday's meeting"
    cleaned = _DAY_RANGE_BEFORE_MONTH.sub(r"\g<first>", cleaned)
    cleaned = _DAY_RANGE_AFTER_MONTH.sub(r"\g<first>", cleaned)
    return LEADING_WORDS.sub("", cleaned, count=1).strip()


def resolve_expression(text: str, doc_date: date | None) -> ResolvedDate | None:
    """The date `text` names, or None when it names none we can place (durations, vague spans)."""
    expression = clean_expression(text)
    if not expression:
        return None
    absolute = _resolve_absolute(expression)
    if absolute is not None or doc_date is None:
        return absolute
    return _resolve_relative(expression, doc_date)


# --- absolute: the expression carries its year -------------------------------------------------------

ABSOLUTE_PATTERNS = (
    # 2015-12-06
    (re.compile(r"(?P<year>\d{4})-(?P<monthnum>\d\d)-(?P<day>\d\d)"), "day"),
    # (Sunday) December 6(th)( ) 2015
    (re.compile(rf"(?:{_WEEKDAY}\s+)?{_MONTH}\s+{_DAY}\s+{_YEAR}"), "day"),
    # (Sunday) 6(th) (of) December 2015
    (re.compile(rf"(?:{_WEEKDAY}\s+)?(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MONTH}\s+{_YEAR}"), "day"),
    # September 2014
    (re.compile(rf"(?:early\s+|mid-?\s*|late\s+)?{_MONTH}\s+(?:of\s+)?{_YEAR}"), "month"),
    # 2014
    (re.compile(rf"(?:early\s+|mid-?\s*|late\s+)?{_YEAR}"), "year"),
)


def _resolve_absolute(expression: str) -> ResolvedDate | None:
    for pattern, precision in ABSOLUTE_PATTERNS:
        match = pattern.fullmatch(expression)
        if not match:
            continue
        year = int(match["year"])
        if precision == "year":
            return year_value(year)
        month = int(match["monthnum"]) if "monthnum" in pattern.groupindex else MONTHS[match["month"]]
        if precision == "month":
            return month_value(date(year, month, 1))
        try:
            return day_value(date(year, month, int(match["day"])))
        except ValueError:
            return None  # "February 30 2015"
    return None


# --- relative: resolved against the document date -----------------------------------------------------

_WEEKDAY_EXPRESSION = re.compile(rf"(?P<which>last|this|next|past)?\s*{_WEEKDAY}{_PART_OF_DAY}")
_MONTH_DAY = re.compile(rf"(?:{_WEEKDAY}\s+)?{_MONTH}\s+{_DAY}")
_DAY_MONTH = re.compile(rf"(?:{_WEEKDAY}\s+)?(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MONTH}")
_MONTH_ONLY = re.compile(rf"(?:early\s+|mid-?\s*|late\s+|last\s+)?{_MONTH}")
_AGO = re.compile(r"(?P<count>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten)\s+"
                  r"(?P<unit>day|days|week|weeks|month|months|year|years)\s+ago")
_NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                 "eight": 8, "nine": 9, "ten": 10}

# Fixed relative expressions: (days from the document date, precision). Only the ones pointing ahead
# ("tomorrow", "next ...") resolve after the document date.
_FIXED = {
    "today": (0, "day"), "tonight": (0, "day"), "this morning": (0, "day"), "this afternoon": (0, "day"),
    "this evening": (0, "day"), "earlier today": (0, "day"), "later today": (0, "day"),
    "yesterday": (-1, "day"), "last night": (-1, "day"), "yesterday morning": (-1, "day"),
    "yesterday afternoon": (-1, "day"), "yesterday evening": (-1, "day"), "overnight": (-1, "day"),
    "the day before yesterday": (-2, "day"), "the previous day": (-1, "day"), "the day before": (-1, "day"),
    "tomorrow": (1, "day"), "the day after tomorrow": (2, "day"),
    "last week": (-7, "month"), "earlier this week": (0, "month"), "this week": (0, "month"),
    "next week": (7, "month"), "later this week": (0, "month"),
}


def _resolve_relative(expression: str, doc_date: date) -> ResolvedDate | None:
    if expression in _FIXED:
        days, precision = _FIXED[expression]
        day = doc_date + timedelta(days=days)
        return day_value(day) if precision == "day" else month_value(day)
    if expression in ("last month", "this month", "next month", "earlier this month"):
        offset = {"last": -1, "next": 1}.get(expression.split()[0], 0)
        return month_value(_add_months(doc_date, offset))
    if expression in ("last year", "this year", "next year", "earlier this year"):
        offset = {"last": -1, "next": 1}.get(expression.split()[0], 0)
        return year_value(doc_date.year + offset)
    match = _AGO.fullmatch(expression)
    if match:
        count = int(match["count"]) if match["count"].isdigit() else _NUMBER_WORDS[match["count"]]
        unit = match["unit"].rstrip("s")
        if unit == "day":
            return day_value(doc_date - timedelta(days=count))
        if unit == "week":
            return month_value(doc_date - timedelta(days=7 * count))
        if unit == "month":
            return month_value(_add_months(doc_date, -count))
        return year_value(doc_date.year - count)
    match = _WEEKDAY_EXPRESSION.fullmatch(expression)
    if match:
        return day_value(_weekday_date(doc_date, WEEKDAYS[match["weekday"]], match["which"]))
    for pattern in (_MONTH_DAY, _DAY_MONTH):
        match = pattern.fullmatch(expression)
        if match:
            return _latest_month_day(doc_date, MONTHS[match["month"]], int(match["day"]))
    match = _MONTH_ONLY.fullmatch(expression)
    if match:
        # "in September": the latest September not after the document's month ("last September" in
        # September is the year before)
        month = MONTHS[match["month"]]
        this_year = month < doc_date.month or (month == doc_date.month and not expression.startswith("last "))
        return month_value(date(doc_date.year if this_year else doc_date.year - 1, month, 1))
    return None


def _weekday_date(doc_date: date, weekday: int, which: str | None) -> date:
    """The most recent `weekday` on or before the document date; "last" skips the same day, "next" looks ahead."""
    if which == "next":
        return doc_date + timedelta(days=(weekday - doc_date.weekday()) % 7 or 7)
    back = (doc_date.weekday() - weekday) % 7
    if which in ("last", "past") and back == 0:
        back = 7
    return doc_date - timedelta(days=back)


def _latest_month_day(doc_date: date, month: int, day: int) -> ResolvedDate | None:
    """The most recent `month` `day` not after the document date ("on December 6")."""
    for year in (doc_date.year, doc_date.year - 1, doc_date.year - 2, doc_date.year - 3, doc_date.year - 4):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue  # February 29 in a common year: try an earlier year
        if candidate <= doc_date:
            return day_value(candidate)
    return None


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)
