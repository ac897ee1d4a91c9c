"""Date each event by its own clause, and mark the events that are history to their document.

The event coder ties a date to an event through the syntax, or gives a sentence's only date to
its events. A date that another clause or another noun's phrase owns does not date this event:
in "at the scene of the 2013 sarin attack, jets killed 20 people last week" the year dates the
attack, the killing is dated last week. `date_events` checks each record's date against its
clause, keeps it when the event owns it, else takes a date mention the event's clause owns, else
the document's date (the date of an undated report, as the coder sets it).

A date mention belongs to an event when
* it modifies a noun (the "2013" of "the 2013 attack", "the attack in 2013"): only that noun's event,
  or the event of the word that noun depends on ("killed 20 people on Tuesday");
* else it hangs on a clause: the event's own clause (the first verb above the trigger), or the
  clause it completes ("agreed on Monday to cooperate").

Every record then gets `date_precision` (of its date) and `background`: dated more than
`BACKGROUND_DAYS` before the document (the date's last day counts: "2015-11" ends on November 30),
or marked as history by words of its own clause (`data/history_markers.tsv`).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from spacy.tokens import Doc, Token

from eventwire.datafiles import data_file_name, read_tsv
from eventwire.errors import InputError
from eventwire.records import DateMention, Event

DATA_PACKAGE = "eventwire.dates.data"
MARKERS_FILE = "history_markers.tsv"
# A month back: news reports what happened in the last days or weeks; older events are told as background.
BACKGROUND_DAYS = 30
NOUN_MODIFIERS = ("compound", "nummod", "amod", "nmod", "poss", "npadvmod", "prep", "appos")
COMPLEMENTS = ("xcomp",)
PRECISION_BY_LENGTH = {10: "day", 7: "month", 4: "year"}


@dataclass(frozen=True)
class HistoryMarker:
    pattern: re.Pattern[str]
    by_year: bool  # marks history only when its year is before the document's


@lru_cache(maxsize=1)
def load_history_markers() -> tuple[HistoryMarker, ...]:
    markers = []
    for line, row in read_tsv(DATA_PACKAGE, MARKERS_FILE, ("pattern", "kind")):
        if row["kind"] not in ("words", "year"):
            raise InputError(data_file_name(DATA_PACKAGE, MARKERS_FILE), "kind is words or year", line)
        try:
            pattern = re.compile(rf"\b(?:{row['pattern']})\b", re.IGNORECASE)
        except re.error as error:
            raise InputError(data_file_name(DATA_PACKAGE, MARKERS_FILE), f"bad pattern: {error}", line) from error
        if row["kind"] == "year" and "year" not in pattern.groupindex:
            raise InputError(data_file_name(DATA_PACKAGE, MARKERS_FILE), "a year marker captures (?P<year>...)", line)
        markers.append(HistoryMarker(pattern, row["kind"] == "year"))
    return tuple(markers)


def date_events(doc: Doc, events: Iterable[Event], dates: list[DateMention], doc_date: str | None) -> list[Event]:
    """The records with the date of their own clause, `date_precision` and `background`."""
    return [date_event(doc, event, dates, doc_date) for event in events]


def date_event(doc: Doc, event: Event, dates: list[DateMention], doc_date: str | None) -> Event:
    trigger = trigger_token(doc, event)
    if trigger is None:
        return _with_date(event, _mention_of(event, dates), doc_date, marked=False)
    sentence_end = event.sent_start + len(event.sentence)
    in_sentence = [m for m in dates if m.start >= event.sent_start and m.end <= sentence_end]
    chosen = _mention_of(event, in_sentence)
    if chosen is None or not belongs_to(doc, chosen.start, chosen.end, trigger):
        owned = [m for m in in_sentence if belongs_to(doc, m.start, m.end, trigger)]
        chosen = owned[0] if len(owned) == 1 else None
    return _with_date(event, chosen, doc_date, marked_as_history(doc, event, trigger, doc_date))


def trigger_token(doc: Doc, event: Event) -> Token | None:
    span = doc.char_span(event.trigger_start, event.trigger_start + len(event.trigger), alignment_mode="expand")
    return span.root if span is not None else None


def _mention_of(event: Event, mentions: list[DateMention]) -> DateMention | None:
    for mention in mentions:
        if mention.text == event.date_text and mention.value == event.date:
            return mention
    return None


def belongs_to(doc: Doc, start: int, end: int, trigger: Token) -> bool:
    """True when the words at `start:end` (a date, a history marker) speak of the event of `trigger`."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return False
    if trigger in span:
        return True
    root = span.root
    head = root.head
    if root.dep_ in NOUN_MODIFIERS and head.pos_ in ("NOUN", "PROPN") and head.i != root.i:
        return head == trigger or head.head == trigger or any(t == trigger for t in head.children if t.dep_ == "compound")
    own = clause_head(head)
    event_clause = clause_head(trigger)
    return own == event_clause or (event_clause.dep_ in COMPLEMENTS and event_clause.head == own)


def clause_head(token: Token) -> Token:
    """The first verb at or above `token`: the head of its clause (the root when there is none)."""
    # spaCy makes a new Token object on each access: compare positions, never identities
    while token.pos_ not in ("VERB", "AUX") and token.head.i != token.i:
        token = token.head
    return token


def marked_as_history(doc: Doc, event: Event, trigger: Token, doc_date: str | None) -> bool:
    """True when words of the event's own clause say it is history ("decades-long", "since 2011")."""
    document_year = int(doc_date[:4]) if doc_date else None
    for marker in load_history_markers():
        for match in marker.pattern.finditer(event.sentence):
            if marker.by_year and (document_year is None or int(match["year"]) >= document_year):
                continue
            if belongs_to(doc, event.sent_start + match.start(), event.sent_start + match.end(), trigger):
                return True
    return False


def _with_date(event: Event, mention: DateMention | None, doc_date: str | None, marked: bool) -> Event:
    value = mention.value if mention else doc_date
    precision = PRECISION_BY_LENGTH.get(len(value)) if value else None
    return dataclasses.replace(event, date=value, date_text=mention.text if mention else None,
                               date_precision=precision, background=marked or dated_before(value, doc_date))


def dated_before(value: str | None, doc_date: str | None, days: int = BACKGROUND_DAYS) -> bool:
    """True when the period `value` names ends more than `days` days before the document date."""
    if not value or not doc_date:
        return False
    try:
        published = date.fromisoformat(doc_date[:10])
        return last_day(value) < published - timedelta(days=days)
    except ValueError:
        return False


def last_day(value: str) -> date:
    """The last day of a `YYYY-MM-DD`, `YYYY-MM` or `YYYY` period."""
    parts = [int(p) for p in value[:10].split("-")]
    if len(parts) == 3:
        return date(*parts)
    if len(parts) == 2:
        year, month = parts
        return date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)
    return date(parts[0], 12, 31)
