"""The one record model that flows through every stage.

Field names follow `record-schema.md` (PLOVER's `actor`, `recipient`, `event`,
`mode`, `context`). spaCy objects never leave the language stages; only these
records reach the writers, the store and the evaluation, so they stay cheap to
pickle and to serialise.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass
from typing import Any, Literal, get_args

SCHEMA_VERSION = 1

PLOVER_CATEGORIES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT",
    "REQUEST", "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION",
    "MOBILIZE", "COERCE", "ASSAULT",
)
QUADS = ("VERBAL_COOPERATION", "MATERIAL_COOPERATION", "VERBAL_CONFLICT", "MATERIAL_CONFLICT")
MODALITIES = ("asserted", "reported", "claimed", "denied", "planned", "hypothetical")
DATE_PRECISIONS = ("day", "month", "year")
ACTOR_TYPES = ("state", "person", "organization", "armed_group", "igo", "ngo", "group")
#: Where an actor's country came from, in the order a claim of each kind is trusted
#: (`actors/country.py` says what each one is; `decide_country` sets it).
CountrySource = Literal[
    "lexicon", "person in office", "owner", "related phrase", "same person", "antecedent",
    "place of its name", "people of a place", "ethnic home", "home place", "sentence places",
    "sentence state", "document focus", "document actors", "event place",
]
COUNTRY_SOURCES: tuple[str, ...] = get_args(CountrySource)


@dataclass(frozen=True, slots=True)
class Removal:
    """A line that cleaning took out of a document's text, and why ("navigation", "repeated", ...)."""

    reason: str
    text: str


@dataclass(frozen=True, slots=True)
class Document:
    """An input article. `text` is exactly what offsets in every record index.

    When the text was cleaned, `text` is the cleaned text (the one stored and
    indexed) and `removed` lists what cleaning took out of the text as read.
    """

    id: str
    text: str
    title: str | None = None
    date: str | None = None  # ISO 8601 publication date, as read
    url: str | None = None
    source: str | None = None
    origin: str | None = None  # file (and line) the document was read from, for messages
    author: str | None = None
    dateline: str | None = None  # place named in the dateline: "Washington" from "WASHINGTON (Sputnik) –"
    language: str | None = None  # ISO 639-1 code, when identified
    removed: tuple[Removal, ...] = ()


@dataclass(frozen=True, slots=True)
class Sentence:
    doc_id: str
    index: int
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Actor:
    text: str
    start: int
    end: int
    name: str
    country: str | None
    sector: str | None
    type: str
    # Why the actor was resolved so: the lexicon entry (file:line) or the rule that decided it.
    why: str = ""
    # Which evidence gave `country` (one of COUNTRY_SOURCES); None when the actor has no country.
    country_source: CountrySource | None = None


@dataclass(frozen=True, slots=True)
class Place:
    text: str
    start: int
    end: int
    name: str
    geonameid: str | None
    lat: float | None
    lon: float | None
    country: str | None
    feature: str | None
    # How likely the place is right (within 161 km of the place meant), from the learned place ranker
    # (calibrated on the train split); None when no ranker was used.
    score: float | None = None
    runner_up: PlaceAlternative | None = None  # the likeliest candidate lying elsewhere, when there is one


@dataclass(frozen=True, slots=True)
class PlaceAlternative:
    """The runner-up gazetteer candidate of a place: the likeliest one more than 161 km from the pick."""

    name: str
    geonameid: str | None
    lat: float | None
    lon: float | None
    country: str | None
    feature: str | None
    score: float


def place_from_dict(data: dict[str, Any]) -> Place:
    """A place read back from JSON, Parquet or the store (runner-up as a nested object; fields a file
    written before scores existed lacks take their defaults)."""
    runner_up = data.get("runner_up")
    fields = {name: data[name] for name in Place.__dataclass_fields__ if name in data and name != "runner_up"}
    return Place(**fields, runner_up=PlaceAlternative(**runner_up) if runner_up else None)


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date expression in the text, resolved against the document date."""

    text: str
    start: int
    end: int
    value: str  # YYYY-MM-DD, YYYY-MM or YYYY
    precision: str  # "day", "month" or "year"


@dataclass(frozen=True, slots=True)
class Event:
    id: str
    doc_id: str
    doc_date: str | None
    source: str | None
    sentence: str
    sent_start: int
    trigger: str
    trigger_start: int
    event: str
    mode: str | None
    context: tuple[str, ...]
    quad: str
    intensity: float
    actor: tuple[Actor, ...]
    recipient: tuple[Actor, ...]
    negated: bool
    modality: str
    attributed_to: Actor | None
    location: Place | None
    date: str | None
    date_text: str | None
    confidence: float
    rule: str = ""  # which lexicon entry / pattern produced it (explainability)
    date_precision: str | None = None  # "day", "month" or "year" of `date`; None when no date is known
    # True when the event is history to its document: dated more than 30 days before it, or marked
    # so by its text ("in 2013", "decades-long", "since 2011"); see `dates/events.py`
    background: bool = False
    # The fingerprint of the coder that made the record (`fingerprint.py`): rules, data, models and
    # settings. None for a record made outside a coder.
    coder: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The record as plain JSON-ready data, as `eventwire code` writes it."""
        return _listify(dataclasses.asdict(self))


def event_id(doc_id: str, trigger_start: int, category: str) -> str:
    """Same input, same id: the id depends only on where and what was coded."""
    digest = hashlib.sha1(f"{doc_id}\x1f{trigger_start}\x1f{category}".encode())
    return digest.hexdigest()[:16]


def to_dict(record: Any) -> dict[str, Any]:
    """Serialise any record to plain JSON-ready data (tuples become lists)."""
    data = dataclasses.asdict(record)
    return _listify(data)


def _listify(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _listify(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_listify(v) for v in value]
    return value


def event_to_json(event: Event) -> str:
    return json.dumps(to_dict(event), ensure_ascii=False)


def document_to_json(document: Document) -> str:
    """A document as `eventwire code` reads it back from JSON Lines (plus `removed`, `origin`)."""
    return json.dumps(to_dict(document), ensure_ascii=False)
