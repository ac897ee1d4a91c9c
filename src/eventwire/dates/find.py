"""Find the date expressions of a parsed document and the document's own date.

`find_dates` takes spaCy's DATE entities (and TIME entities that name a day,
"Tuesday night"), plus weekday and month-day expressions the model missed,
and resolves each with `resolve_expression`; `dateparser` is the fallback for
the forms our rules do not cover ("12/06/2015"), held to the same rule: no
past expression after the document date.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from datetime import date, datetime

from spacy.tokens import Doc

from eventwire.dates.resolve import (
    ABSOLUTE_PATTERNS,
    DURATION,
    MONTHS,
    WEEKDAYS,
    ResolvedDate,
    clean_expression,
    date_part_end,
    day_value,
    month_value,
    resolve_expression,
    year_value,
)
from eventwire.records import DateMention, Document

log = logging.getLogger(__name__)

HEADER_LINES = 3  # where a scraped page prints its dateline ("22:08 GMT26 October 2020", seed 004)
# Words that say an expression points after the document date: only these may resolve after it.
FUTURE_WORDS = re.compile(r"\b(?:tomorrow|next|coming|upcoming|later|from now)\b")
DAY_WORDS = re.compile(r"\b(?:today|tonight|yesterday|tomorrow|last night|this (?:morning|afternoon|evening)|"
                       + "|".join(name for name in WEEKDAYS if len(name) > 3) + r")\b")
# Leading prepositions kept in a mention's text, for every mention alike: "on Tuesday", "in September 2014".
KEPT_PREPOSITIONS = ("on", "in")

_CAPITAL_MONTH = r"(?:" + "|".join(sorted((m.capitalize() for m in MONTHS), key=len, reverse=True)) + r")\.?"
_CAPITAL_WEEKDAY = r"(?:" + "|".join(sorted((w.capitalize() for w in WEEKDAYS if len(w) > 3), key=len,
                                             reverse=True)) + r")"
# Expressions the model may miss; month names must be capitalised and come with a number ("May 5", not "may").
MISSED_EXPRESSIONS = re.compile(
    rf"\b(?:{_CAPITAL_WEEKDAY},?\s+)?(?:{_CAPITAL_MONTH}\s+[0-3]?\d(?:st|nd|rd|th)?(?:,?\s+(?:19|20)\d\d)?"
    rf"|[0-3]?\d(?:st|nd|rd|th)?\s+(?:of\s+)?{_CAPITAL_MONTH}(?:,?\s+(?:19|20)\d\d)?"
    rf"|{_CAPITAL_MONTH}\s+(?:19|20)\d\d)\b"
    rf"|\b{_CAPITAL_WEEKDAY}\b"
)
# Dates that run letters into digits in scraped headers: "GMT26 October 2020".
GLUED_DIGITS = re.compile(r"(?<=[A-Za-z])(?=\d)")
PERIOD_PRECISION = {"day": "day", "time": "day", "week": "month", "month": "month", "year": "year"}


def document_date(document: Document) -> str | None:
    """The publication date as YYYY-MM-DD: from `document.date`, else a dateline in the first lines."""
    if document.date:
        parsed = _parse_date_field(document.date.strip())
        if parsed is not None:
            return parsed.isoformat()
        log.debug("document %s: unreadable date %r", document.id, document.date)
    lines = [line for line in document.text.splitlines() if line.strip()][:HEADER_LINES]
    for line in lines:
        found = _dateline(line)
        if found is not None:
            return found.isoformat()
    return None


def find_dates(doc: Doc, doc_date: str | None) -> list[DateMention]:
    """Every date expression of `doc.text` that resolves, in order of appearance."""
    base = _iso_date(doc_date)
    document_text = doc.text  # Doc.text joins every token: build it once per document
    resolved: list[tuple[int, int, ResolvedDate]] = []
    fallback = _DateparserFallback(base)
    for start, end in _expression_spans(doc, document_text):
        end = start + len(document_text[start:start + date_part_end(document_text[start:end])].rstrip(" ,"))
        text = document_text[start:end]
        value = resolve_expression(text, base) or fallback.resolve(text)
        if value is None or not _allowed(text, value, base):
            continue
        resolved.append((start, end, value))
    chosen: list[tuple[int, int, ResolvedDate]] = []
    for start, end, value in sorted(resolved, key=lambda r: (r[0] - r[1], r[0])):
        if not any(start < other_end and other_start < end for other_start, other_end, _ in chosen):
            chosen.append((start, end, value))
    mentions = []
    for start, end, value in sorted(chosen):
        start = _with_preposition(document_text, start)
        mentions.append(DateMention(document_text[start:end], start, end, value.value, value.precision))
    return mentions


def _expression_spans(doc: Doc, text: str) -> Iterator[tuple[int, int]]:
    for ent in doc.ents:
        if ent.label_ == "DATE" or (ent.label_ == "TIME" and DAY_WORDS.search(ent.text.lower())):
            yield ent.start_char, ent.end_char
    for match in MISSED_EXPRESSIONS.finditer(text):
        yield match.start(), match.end()


def _allowed(text: str, value: ResolvedDate, base: date | None) -> bool:
    """Past and bare expressions never resolve after the document date; see `dates.resolve`."""
    first_day = date.fromisoformat((value.value + "-01-01")[:10])  # a month or year starts on its first day
    if base is None or first_day <= base:
        return True
    expression = clean_expression(text)
    if FUTURE_WORDS.search(expression):
        return True
    return bool(re.search(r"\b(?:19|20)\d\d\b", expression))  # an explicit year is taken as written


def _with_preposition(text: str, start: int) -> int:
    """Include a directly preceding "on"/"in" in the mention."""
    for word in KEPT_PREPOSITIONS:
        begin = start - len(word) - 1
        if begin >= 0 and text[begin:start - 1].lower() == word and text[start - 1] == " " and (
            begin == 0 or not text[begin - 1].isalnum()
        ):
            return begin
    return start


def _iso_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        log.debug("document date %r is not ISO YYYY-MM-DD; resolving absolute dates only", value)
        return None


def _parse_date_field(value: str) -> date | None:
    if re.match(r"\d{4}-\d\d-\d\d", value):
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            pass
    import dateparser  # slow to import: only when a date field is not ISO

    parsed = dateparser.parse(value, languages=["en"], settings=_dateparser_settings(None, require_day=True))
    return parsed.date() if parsed else None


def _dateline(line: str) -> date | None:
    cleaned = GLUED_DIGITS.sub(" ", line).replace(",", " ").lower()
    cleaned = re.sub(r"\s+", " ", cleaned)
    for pattern, precision in ABSOLUTE_PATTERNS:
        if precision != "day":
            continue
        match = pattern.search(cleaned)
        if match:
            found = resolve_expression(match.group(0), None)
            if found is not None and found.precision == "day":
                return date.fromisoformat(found.value)
    return None


def _dateparser_settings(base: date | None, require_day: bool = False) -> dict:
    """Deterministic settings: a fixed base date, English only, no time-zone or locale guessing."""
    settings = {
        "PREFER_DATES_FROM": "past",
        "RELATIVE_BASE": datetime(base.year, base.month, base.day) if base else datetime(2000, 1, 1),
        "RETURN_AS_TIMEZONE_AWARE": False,
        "PARSERS": ["timestamp", "relative-time", "absolute-time"],
    }
    if require_day:
        settings["REQUIRE_PARTS"] = ["day", "month", "year"]
    return settings


class _DateparserFallback:
    """dateparser for forms our rules miss; built on first use, once per document."""

    def __init__(self, base: date | None):
        self.base = base
        self.parser = None

    def resolve(self, text: str) -> ResolvedDate | None:
        expression = clean_expression(text)
        has_year = bool(re.search(r"\b(?:19|20)\d\d\b", expression))
        if DURATION.search(expression) or not (has_year or self.base is not None):
            return None
        if not re.search(r"\d", expression) and not any(word in MONTHS for word in expression.split()):
            return None  # vague words ("recently", "the same day") are not dates
        if self.parser is None:
            from dateparser.date import DateDataParser

            self.parser = DateDataParser(languages=["en"], settings=_dateparser_settings(self.base))
        data = self.parser.get_date_data(expression)
        if data.date_obj is None or (self.base is None and "year" not in (data.parts or ())):
            return None
        if "year" in (data.parts or ()) and not has_year:
            return None  # a year read from one or two digits ("24-25 April" as 1925): news writes years whole
        day = data.date_obj.date()
        precision = PERIOD_PRECISION.get(data.period or "day", "day")
        if "day" not in data.parts and precision == "day":
            precision = "month" if "month" in data.parts else "year"
        if precision == "day":
            return day_value(day)
        return month_value(day) if precision == "month" else year_value(day.year)
