"""Tests on single lines of scraped text: is this line site furniture, a tag list, a headline?

Each function looks at one line and says yes or no (or what it found); the
decisions about a whole document (which headline is unrelated, where the
trailing list of related links starts) are in `clean.py`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from eventwire.datafiles import read_tsv

DATA = "eventwire.cleaning.data"
# Whole-line phrases are looked for only in lines this short: a menu or a
# share bar, not a paragraph that happens to contain "share".
MAX_WIDGET_CHARS = 120
# Headline-sized: related-article links and inserted headlines run 3-15
# words in the seeds (002's last line has 12, 004's list 6-12); body
# paragraphs are longer and end with punctuation.
MAX_HEADLINE_WORDS = 20
# Words a title-case headline leaves in lower case.
MINOR_WORDS = frozenset(
    "a an and as at but by for from in into is nor of off on onto or over per so than the to up upon via vs with".split()
)
WORD_EDGES = "'\"‘’“”«»()[]{}:;,.!?…-–—"
# Ends a sentence or a clause: body text, not a headline or a link.
SENTENCE_END = re.compile(r"[.!;:,…]['\"”’»)\]]*$")
# A list item ("* Sierra Club", "- Syria", "1. Russia") is content, never an inserted headline.
BULLET = re.compile(r"^\s*(?:[*•·▪◦‣-]|\d{1,2}[.)])\s")
QUESTION_END = re.compile(r"\?['\"”’»)\]]*$")
# "Russia Versus ISIL in Syria (618)": a story-series link with its article count (seed 004).
COUNT_LINK = re.compile(r"^[^.!?]{3,100}\(\d{1,6}\)$")
SEPARATORS = r"[\s|/•·:,>»›\-–—]"
# Tags are names: seed 004's tag line has 11 of 12 words capitalised ("al-Assad" is not),
# while a sentence cut off in a list of names ("The USSR joined four nations, Denmark, ...") has about half.
TAG_MIN_CAPITALIZED = 0.75
# A line after the last sentence of the article is a related-article link when headline-shaped and
# mostly capitalised, as the seeds' link lists are (002 and 004: 1.0). A sentence cut off by
# the scraper ("Kabila has long opposed a") is in sentence case, and is kept.
TRAILING_MIN_CAPITALIZED = 0.75


@dataclass(frozen=True)
class LineRules:
    """The data-driven line tests, compiled once (`load_line_rules`)."""

    widgets: re.Pattern[str]
    patterns: tuple[tuple[re.Pattern[str], str], ...]  # (pattern, reason)


def load_line_rules() -> LineRules:
    phrases = sorted((row["phrase"].lower() for _, row in read_tsv(DATA, "widget_lines.tsv", ("phrase",))),
                     key=len, reverse=True)
    # Atomic groups and possessive quantifiers: a line is tried once per phrase
    # position, never backtracked into, so a long line cannot blow up the match.
    alternatives = "|".join(re.escape(p) for p in phrases)
    widgets = re.compile(rf"(?:{SEPARATORS}*+(?>{alternatives}))++{SEPARATORS}*+", re.IGNORECASE)
    patterns = tuple(
        (re.compile(row["pattern"], re.IGNORECASE), row["reason"])
        for _, row in read_tsv(DATA, "line_patterns.tsv", ("pattern", "reason", "example"))
    )
    return LineRules(widgets=widgets, patterns=patterns)


def normalized(line: str) -> str:
    return " ".join(line.replace("\u00a0", " ").split())


def furniture(line: str, rules: LineRules) -> str | None:
    """Why `line` is site furniture ("navigation", "legal", ...), or None."""
    text = normalized(line)
    if not text or len(text) > MAX_WIDGET_CHARS * 3:
        return None
    if len(text) <= MAX_WIDGET_CHARS and rules.widgets.fullmatch(text):
        return "navigation"
    for pattern, reason in rules.patterns:
        if pattern.fullmatch(text):
            return reason
    return None


def words(line: str) -> list[str]:
    stripped = (w.strip(WORD_EDGES) for w in normalized(line).split())
    return [w for w in stripped if w]


def capitalized_share(line: str) -> float:
    """Share of content words that start with a capital: 1.0 for Title Case, low for a sentence."""
    content = [w for w in words(line) if w[0].isalpha() and w.lower() not in MINOR_WORDS]
    if not content:
        return 0.0
    return sum(w[0].isupper() for w in content) / len(content)


def ends_sentence(line: str) -> bool:
    return bool(SENTENCE_END.search(line.rstrip()))


def headline_shaped(line: str) -> bool:
    """Short, and ends like a headline: no final punctuation, or a title-case question."""
    count = len(words(line))
    if not 1 <= count <= MAX_HEADLINE_WORDS:
        return False
    text = line.rstrip()
    if QUESTION_END.search(text):
        return capitalized_share(text) >= 0.6
    return not ends_sentence(text)


def tag_line(line: str) -> bool:
    """A topic link with a count, or a list of tags: "Syria, US, Russia, Bashar al-Assad"."""
    text = normalized(line)
    if COUNT_LINK.match(text):
        return True
    if ends_sentence(text) or QUESTION_END.search(text):
        return False
    items = [item.strip() for item in text.split(",")]
    return (
        len(items) >= 3
        and all(item and item[0].isupper() and len(item.split()) <= 5 for item in items)
        and capitalized_share(text) >= TAG_MIN_CAPITALIZED
    )


def content_words(text: str) -> set[str]:
    """Lower-case words of 3+ letters that are not minor words, possessives trimmed."""
    found = set()
    for word in re.findall(r"[^\W\d_][\w'’-]*", text.lower()):
        word = re.sub(r"['’]s?$", "", word)
        if len(word) >= 3 and word not in MINOR_WORDS:
            found.add(word)
    return found


# --- dates printed on the page ---------------------------------------------------------------

MONTHS = {
    name: number
    for number, names in enumerate(
        (("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
         ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"), ("october", "oct"),
         ("november", "nov"), ("december", "dec")),
        1,
    )
    for name in names
}
_MONTH = "(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?"
_TIME = r"\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?"
_ZONE = r"(?:gmt|utc|bst|cet|cest|eet|eest|msk|est|edt|cst|cdt|mst|mdt|pst|pdt|et|ist|ast|[+-]\d{2}:?\d{2})"
DAY_MONTH_YEAR = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH}),?\s+((?:19|20)\d\d)\b")
MONTH_DAY_YEAR = re.compile(rf"\b({_MONTH})\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+((?:19|20)\d\d)\b")
ISO_DATE = re.compile(r"\b((?:19|20)\d\d)-(\d\d)-(\d\d)(?:t[\d:.]+z?)?\b")
# A line made only of a date, a time, a zone and words like "Published:" (seed 004: "22:08 GMT26 October 2020").
DATE_ONLY = re.compile(
    rf"(?:(?:published|updated|last updated|posted|first published|date|on|at)\s*:?\s*"
    rf"|{_WEEKDAY}|{_MONTH}|{_TIME}|{_ZONE}|\d{{1,4}}(?:st|nd|rd|th)?|(?:19|20)\d\d-\d\d-\d\d(?:t[\d:.]+z?)?"
    rf"|[\s,|/·•\-–—()])+",
    re.IGNORECASE,
)
GLUED_DIGITS = re.compile(r"(?<=[A-Za-z]{2})(?=\d)|(?<=\d)(?=[A-Za-z]{3})")  # "GMT26", "26October"
DATE_PREFIX = re.compile(r"^(?:published|updated|last updated?|posted|first published)\b", re.IGNORECASE)


def find_date(text: str) -> date | None:
    """The first complete date (day, month, year) written in `text`."""
    text = GLUED_DIGITS.sub(" ", text).lower()
    candidates = []
    for pattern, order in ((DAY_MONTH_YEAR, "dmy"), (MONTH_DAY_YEAR, "mdy"), (ISO_DATE, "ymd")):
        match = pattern.search(text)
        if match:
            parts = dict(zip(order, match.groups()))
            month = MONTHS.get(parts["m"].rstrip("."), None) if not parts["m"].isdigit() else int(parts["m"])
            try:
                candidates.append((match.start(), date(int(parts["y"]), month, int(parts["d"]))))
            except (TypeError, ValueError):
                continue
    return min(candidates)[1] if candidates else None


def date_line(line: str) -> date | None:
    """The date of a line that is only a date stamp ("Published: 26 October 2020, 22:08 GMT"), else None."""
    text = normalized(line)
    if not text or len(text) > 80:
        return None
    spaced = GLUED_DIGITS.sub(" ", text)
    if not DATE_ONLY.fullmatch(spaced):
        return None
    return find_date(spaced)


def stamped_line(line: str) -> date | None:
    """The date of a "Published ..." / "Updated ..." line anywhere in the text."""
    text = normalized(line)
    if len(text) > 120 or not DATE_PREFIX.match(text):
        return None
    return find_date(text)


# --- datelines -------------------------------------------------------------------------------

# "WASHINGTON (Sputnik) –", "MOSCOW, Oct 5 (Reuters) -", "KABUL, Afghanistan (AP) —", "Beirut (AFP) -".
DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Za-z'’.\-]*(?: [A-Z][A-Za-z'’.\-]*){0,3}(?:, [A-Z][A-Za-z'’.\-]*(?: [A-Z][A-Za-z'’.\-]*){0,2})?)"
    r"(?:, (?P<date>[A-Z][a-z]{2,8}\.? \d{1,2}))?"
    r"\s*(?:\((?P<outlet>[A-Z][^()\n]{1,40})\))?"
    r"\s*(?:[-–—]{1,2})\s+(?=\S)"
)


@dataclass(frozen=True)
class Dateline:
    place: str
    outlet: str | None


def dateline(line: str) -> Dateline | None:
    """The place and outlet of a dateline opening `line`.

    Without an outlet in brackets, the place must be in capitals
    ("KABUL, Afghanistan —"), so a sentence opening with a name and a dash
    ("Russia – the main ally – said") is not taken for one.
    """
    match = DATELINE.match(line.strip())
    if not match:
        return None
    place, outlet = match.group("place"), match.group("outlet")
    head = place.split(",")[0]
    if outlet is None and not (head.isupper() and len(head.replace(" ", "")) >= 4):
        return None
    if outlet is not None and not (head.isupper() or head.istitle()):
        return None
    return Dateline(place=", ".join(part.strip().title() if part.strip().isupper() else part.strip()
                                    for part in place.split(",")),
                    outlet=outlet.strip() if outlet else None)
