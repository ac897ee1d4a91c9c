"""The store's filters, defined once: names, help, vocabularies, checks and SQL.

`FILTER_FIELDS` names and describes each filter; the CLI (`cli.with_event_filter`), the API's
query parameters and the dashboard's filter form are all built from it, and `EventFilter` takes the
same names. A value outside its vocabulary, or a date that does not exist, is refused when the
filter is made (`FilterError`): the CLI exits with code 2 and the API answers 422. Background
records (history to their document, `dates/events.py`) are left out unless `include_background`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from eventwire.errors import EventwireError
from eventwire.records import MODALITIES, PLOVER_CATEGORIES, QUADS

# A report's date is its event's date, else its publication date.
REPORT_DATE = "coalesce(e.date, left(e.doc_date, 10))"


class FilterError(EventwireError):
    """A filter value outside its vocabulary, or a date that does not exist."""


@dataclass(frozen=True)
class FilterField:
    """One filter as every interface offers it: `eventwire events --NAME`, `/api/events?NAME=`,
    the dashboard's filter form and `EventFilter(NAME=...)` all take it under the same name."""

    name: str
    kind: type  # str, float or bool
    help: str
    flags: tuple[str, ...] = ()  # the CLI's flags when not just --name (with a negative form for yes/no filters)
    choices: tuple[str, ...] = ()  # the vocabulary, when there is one


FILTER_FIELDS = (
    FilterField("actor", str, "Actor name (part of it, any case) or ISO-3 country."),
    FilterField("recipient", str, "Recipient name (part of it) or ISO-3 country."),
    FilterField("country", str, "ISO-3 country of an actor, a recipient or the place."),
    FilterField("category", str, "PLOVER category (ASSAULT, AGREE, ...).", ("--category", "--event"), PLOVER_CATEGORIES),
    FilterField("quad", str, "PLOVER quad.", (), QUADS),
    FilterField("since", str, "Reports dated on or after (YYYY[-MM[-DD]])."),
    FilterField("until", str, "Reports dated on or before (YYYY[-MM[-DD]])."),
    FilterField("place", str, "Place name (part of it) or ISO-3 country of the place."),
    FilterField("modality", str, "How the source tells the event.", (), MODALITIES),
    FilterField("contested", bool, "Only records of contested (or uncontested) stories.", ("--contested/--uncontested",)),
    FilterField("text", str, "Words in the evidence sentence."),
    FilterField("story", str, "One story's id."),
    FilterField("input_id", str, "The id the input gave a document: its file name, JSON id or URL."),
    FilterField("min_confidence", float, "Only records with at least this confidence (0 to 1; 0.8 recommended, see README)."),
    FilterField("has_actor", bool, "Only records that name an actor (or, negated, none).", ("--has-actor/--no-actor",)),
    FilterField("located", bool, "Only records with a place (or, negated, without).", ("--located/--unlocated",)),
    FilterField("include_background", bool, "Include background records (history to their document), left out by default.",
                ("--include-background",)),
    FilterField("min_place_score", float, "Only records whose place the place ranker scores at least this (0 to 1); "
                "records without a place or a score stay."),
)
FILTER_NAMES = tuple(f.name for f in FILTER_FIELDS)
# Why a record contests its story; "opposite category" is the weaker `disputed` signal, not counted.
CONTESTING = ("negated", "denied", "blames another actor")
DISPUTING = ("opposite category",)


def sql_list(values: tuple[str, ...]) -> str:
    """A list of fixed words (never user input) as SQL: ('negated', 'denied')."""
    return "(" + ", ".join(f"'{value}'" for value in values) + ")"


def checked_date(name: str, value: str) -> str:
    """`value` when it is a date that exists, as YYYY, YYYY-MM or YYYY-MM-DD; else a FilterError."""
    formats = {4: "%Y", 7: "%Y-%m", 10: "%Y-%m-%d"}
    if len(value) in formats and re.fullmatch(r"\d{4}(?:-\d\d){0,2}", value):
        try:
            datetime.strptime(value, formats[len(value)])
            return value
        except ValueError:
            pass
    raise FilterError(f"{name} {value!r} is not a date that exists: write YYYY, YYYY-MM or YYYY-MM-DD (2018-04-07)")


@dataclass(frozen=True)
class EventFilter:
    """The filters of `FILTER_FIELDS`; values are checked and normalised when the filter is made."""

    actor: str | None = None  # name (substring, any case) or ISO-3 country of an actor
    recipient: str | None = None
    country: str | None = None  # ISO-3 of an actor, a recipient or the place
    category: str | None = None  # PLOVER category
    quad: str | None = None
    since: str | None = None  # YYYY[-MM[-DD]]: the report's date at or after
    until: str | None = None
    place: str | None = None  # place name (substring) or ISO-3 country of the place
    modality: str | None = None
    contested: bool | None = None  # only records of contested (True) or uncontested (False) stories
    text: str | None = None  # words in the evidence sentence
    story: str | None = None
    input_id: str | None = None  # the id the input gave the document: file name, JSON "id" or URL
    min_confidence: float | None = None
    has_actor: bool | None = None  # only records with (True) or without (False) an actor
    located: bool | None = None  # only records with (True) or without (False) a place
    include_background: bool = False  # background records are left out unless asked for
    min_place_score: float | None = None  # leave out records whose place scores below it (unsure places)

    def __post_init__(self) -> None:
        for field in FILTER_FIELDS:
            value = getattr(self, field.name)
            if value is None or not field.choices:
                continue
            normal = value.upper() if field.choices[0].isupper() else value.lower()
            if normal not in field.choices:
                raise FilterError(f"{field.name} {value!r} is not one of: {', '.join(field.choices)}")
            object.__setattr__(self, field.name, normal)
        for name in ("since", "until"):
            if getattr(self, name) is not None:
                checked_date(name, getattr(self, name))
        if self.min_confidence is not None and not 0 <= self.min_confidence <= 1:
            raise FilterError(f"min_confidence is a number from 0 to 1, not {self.min_confidence!r}")
        if self.min_place_score is not None and not 0 <= self.min_place_score <= 1:
            raise FilterError(f"min_place_score is a number from 0 to 1, not {self.min_place_score!r}")

    def where(self) -> tuple[str, list[Any]]:
        """SQL conditions on `events e` and their parameters."""
        conditions: list[str] = []
        parameters: list[Any] = []

        def add(condition: str, *values: Any) -> None:
            conditions.append(condition)
            parameters.extend(values)

        for role, value in (("actor", self.actor), ("recipient", self.recipient)):
            if value:
                add(f"len(list_filter(e.{role}, lambda a: a.name ILIKE '%' || ? || '%' OR a.country = upper(?))) > 0",
                    value, value)
        if self.country:
            add("(list_contains(list_transform(e.actor, lambda a: a.country), upper(?)) OR "
                "list_contains(list_transform(e.recipient, lambda a: a.country), upper(?)) OR e.location.country = upper(?))",
                self.country, self.country, self.country)
        if self.category:
            add("e.event = ?", self.category)
        if self.quad:
            add("e.quad = ?", self.quad)
        if self.modality:
            add("e.modality = ?", self.modality)
        if self.since:
            add(f"{REPORT_DATE} >= ?", self.since)
        if self.until:
            # "2015-10" includes every day of October
            add(f"left({REPORT_DATE}, len(?)) <= ?", self.until, self.until)
        if self.place:
            add("(e.location.name ILIKE '%' || ? || '%' OR e.location.country = upper(?))", self.place, self.place)
        if self.text:
            add("e.sentence ILIKE '%' || ? || '%'", self.text)
        if self.story:
            add("e.story_id = ?", self.story)
        if self.input_id:
            add("e.doc_id IN (SELECT d.id FROM documents d WHERE d.input_id = ?)", self.input_id)
        if self.contested is not None:
            negation = "" if self.contested else "NOT "
            add(f"e.story_id {negation}IN (SELECT story_id FROM events WHERE contradiction IN {sql_list(CONTESTING)})")
        if self.min_confidence is not None:
            add("e.confidence >= ?", self.min_confidence)
        if self.has_actor is not None:
            add(f"len(e.actor) {'>' if self.has_actor else '='} 0")
        if self.located is not None:
            add(f"e.location IS {'NOT ' if self.located else ''}NULL")
        if self.min_place_score is not None:
            # a record without a place, or with one placed before scores existed, is not unsure: it stays
            add("(e.location IS NULL OR e.location.score IS NULL OR e.location.score >= ?)", float(self.min_place_score))
        if not self.include_background:
            add("NOT coalesce(e.background, false)")
        return (" AND ".join(conditions) or "TRUE"), parameters
