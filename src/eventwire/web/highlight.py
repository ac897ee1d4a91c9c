"""Article text as HTML with the coded spans marked: evidence sentence, trigger, actors and places.

Article text is untrusted, so it only ever reaches the page through `markupsafe.escape`: the text is
cut at every mark boundary and each piece is escaped on its own, then wrapped in a `<mark>` whose
classes name every span covering it. Overlapping spans (a trigger inside its sentence, an actor that
is also a place) need no nesting that way.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

KINDS = ("sentence", "trigger", "actor", "recipient", "source", "place")


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    kind: str  # one of KINDS: the CSS class
    note: str  # shown on hover: what the span was coded as


def event_marks(event: dict[str, Any], with_sentence: bool = True) -> list[Mark]:
    """The spans one stored event record points at, with a short note each."""
    marks = []
    sentence = event.get("sentence") or ""
    if with_sentence and event.get("sent_start") is not None:
        start = event["sent_start"]
        marks.append(Mark(start, start + len(sentence), "sentence", f"evidence of {event['event']}"))
    if event.get("trigger_start") is not None and event.get("trigger"):
        start = event["trigger_start"]
        marks.append(Mark(start, start + len(event["trigger"]), "trigger",
                          f"trigger: {event['event']} ({event.get('quad')})"))
    for role, kind in (("actor", "actor"), ("recipient", "recipient")):
        for actor in event.get(role) or ():
            if actor.get("start") is not None and actor.get("end") is not None:
                marks.append(Mark(actor["start"], actor["end"], kind, f"{role}: {actor.get('name')}"))
    source = event.get("attributed_to")
    if source and source.get("start") is not None and source.get("end") is not None:
        marks.append(Mark(source["start"], source["end"], "source", f"source: {source.get('name')}"))
    location = event.get("location")
    if location and location.get("start") is not None and location.get("end") is not None:
        marks.append(Mark(location["start"], location["end"], "place", f"place: {location.get('name')}"))
    return marks


def place_marks(places: Iterable[dict[str, Any]]) -> list[Mark]:
    return [Mark(p["start"], p["end"], "place", f"place: {p.get('name')} ({p.get('country') or '?'})")
            for p in places if p.get("start") is not None and p.get("end") is not None]


def highlighted(text: str, marks: Iterable[Mark], anchor: int | None = None) -> Markup:
    """`text` escaped, with each marked stretch in a `<mark>`; `anchor` (an offset) gets id="evidence"."""
    marks = [m for m in marks if 0 <= m.start < m.end <= len(text) and m.kind in KINDS]
    cuts = sorted({0, len(text), *(m.start for m in marks), *(m.end for m in marks)})
    pieces = []
    anchored = False
    for start, end in zip(cuts, cuts[1:]):
        piece = escape(text[start:end])
        covering = [m for m in marks if m.start <= start and end <= m.end]
        if not covering:
            pieces.append(piece)
            continue
        classes = " ".join(sorted({m.kind for m in covering}, key=KINDS.index))
        notes = "; ".join(dict.fromkeys(m.note for m in covering))
        identifier = ""
        if anchor is not None and not anchored and start >= anchor:
            identifier, anchored = ' id="evidence"', True
        pieces.append(Markup('<mark class="{}" title="{}"{}>{}</mark>').format(
            classes, notes, Markup(identifier), piece))
    return Markup("").join(pieces)
