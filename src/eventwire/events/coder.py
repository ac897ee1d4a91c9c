"""Code PLOVER events from a parsed document: the composition of the event steps.

The order of work, per sentence:
1. candidates (`candidates.py`): the trigger words of the lexicon, each read in its sense, one
   `Reading` each;
2. modality, negation and attribution (`modality.py`): what the wrappers ("refused to share",
   "denied bombing", "said that ..."), auxiliaries and negation do to the category, the
   modality and the source of the claim (steps 1 and 2 together are `interpret`);
3. detection (`detection.py`): which of those readings are the sentence's events. It runs after
   the wrappers, whose merged words are no events of their own;
4. roles (`roles.py`), then place and date (`grounding.py`), then confidence (`confidence.py`):
   one `Event` record per reading kept.
Nothing here reads files or prints; the lexicons come in as arguments.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from spacy.tokens import Doc, Span, Token

from eventwire.events.candidates import find_contexts, find_triggers, read_candidate, refine_mode
from eventwire.events.confidence import confidence
from eventwire.events.detection import detect_events, relabel_by_actors, secondary_reason
from eventwire.events.grounding import (
    PHYSICAL_QUADS,
    no_attacker_named,
    pick_date,
    pick_location,
    place_as_recipient,
    place_is_target,
    unidentified_perpetrator,
)
from eventwire.events.lexicon import EventLexicon, Trigger
from eventwire.events.modality import apply_wrappers, self_serving
from eventwire.events.reading import Reading
from eventwire.events.roles import ActorIndex, find_roles, nearby_roles
from eventwire.records import Actor, DateMention, Document, Event, Place, event_id


@dataclass(frozen=True)
class _Setting:
    """What every event of one sentence is coded against."""

    sentence: Span
    document: Document
    doc_date: str | None
    lexicon: EventLexicon
    index: ActorIndex
    places: list[Place]
    dates: list[DateMention]
    country_names: Mapping[str, str]


def interpret(token: Token, trigger: Trigger, sentence: Span, lexicon: EventLexicon, index: ActorIndex) -> Reading:
    """One trigger read in its sense, with its wrappers, auxiliaries and negation applied."""
    return apply_wrappers(read_candidate(token, trigger, lexicon, index), sentence, lexicon, index)


def code_sentence(
    sentence: Span,
    document: Document,
    doc_date: str | None,
    lexicon: EventLexicon,
    index: ActorIndex,
    places: list[Place],
    dates: list[DateMention],
    country_names: Mapping[str, str] = MappingProxyType({}),
) -> list[Event]:
    candidates = [interpret(token, trigger, sentence, lexicon, index) for token, trigger in find_triggers(sentence, lexicon)]
    readings = detect_events(candidates, index)
    setting = _Setting(sentence, document, doc_date, lexicon, index, places, dates, country_names)
    # In order: a reading's roles may relabel it ("a blockade by a state"), which the later ones see.
    return [_code_reading(reading, readings, setting) for reading in readings]


def _code_reading(reading: Reading, readings: list[Reading], setting: _Setting) -> Event:
    """Roles, place, date and confidence of one event of the sentence, as its record."""
    sentence, lexicon, index = setting.sentence, setting.lexicon, setting.index
    words = lexicon.words
    parsed_actors, parsed_recipients = find_roles(reading, index, lexicon)
    secondary = secondary_reason(reading, readings, words)
    # Confidence rests on the roles the parse gave, not on those filled by proximity.
    sure = confidence(reading, parsed_actors, parsed_recipients, secondary=secondary is not None)
    if secondary:
        # Not the sentence's main event: a background act ("after a bomb exploded"), a protest's
        # purpose ("marched to demand reforms") or a condition ("unless the president resigns").
        reading.notes.append(f"secondary: {secondary}")
    actors, recipients = nearby_roles(reading, sentence, index, parsed_actors, parsed_recipients, words)
    relabel_by_actors(reading, actors)
    if self_serving(reading, actors):
        reading.modality = "claimed"
        reading.notes.append("claimed: the source reports its own act")
    quad = lexicon.quads[reading.category]
    mode = refine_mode(reading, sentence, lexicon)
    trigger_start = sentence.doc[min(reading.trigger_tokens)].idx
    # An attack "on Syria" happened in Syria; a statement about Syria did not.
    taken = actors if quad in PHYSICAL_QUADS else actors + recipients
    location, depth = pick_location(reading, sentence, setting.places, taken, index, quad, words)
    if not recipients and place_is_target(reading, sentence.doc, location, depth, trigger_start, quad, mode, words):
        recipients = [place_as_recipient(location, setting.country_names)]
        reading.notes.append(f"recipient: the state of the event's place '{location.text}'")
    if (not actors and reading.category == "ASSAULT" and location is not None and location.country
            and no_attacker_named(reading, sentence, index, parsed_recipients, location)):
        actors = [unidentified_perpetrator(location, setting.country_names)]
        reading.notes.append(f"actor: no perpetrator named; unidentified, of the state of '{location.text}'")
    date_mention = pick_date(reading, sentence, setting.dates, quad)
    return _event_record(reading, setting, mode, quad, actors, recipients, location, date_mention, sure)


def _event_record(
    reading: Reading, setting: _Setting, mode: str | None, quad: str, actors: list[Actor], recipients: list[Actor],
    location: Place | None, date_mention: DateMention | None, sure: float,
) -> Event:
    sentence, document, doc = setting.sentence, setting.document, setting.sentence.doc
    text = sentence.text.rstrip()
    stripped = len(text) - len(text.lstrip())
    first, last = doc[min(reading.trigger_tokens)], doc[max(reading.trigger_tokens)]
    trigger_start, trigger_end = first.idx, last.idx + len(last.text)
    rule = f"triggers.tsv:{reading.trigger.line} {reading.trigger.lemma}/{reading.trigger.pos}"
    if reading.notes:
        rule += "; " + "; ".join(reading.notes)
    return Event(
        id=event_id(document.id, trigger_start, reading.category),
        doc_id=document.id,
        doc_date=setting.doc_date,
        source=document.source,
        sentence=text.lstrip(),
        sent_start=sentence.start_char + stripped,
        trigger=document.text[trigger_start:trigger_end],
        trigger_start=trigger_start,
        event=reading.category,
        mode=mode,
        context=find_contexts(sentence, setting.lexicon),
        quad=quad,
        intensity=setting.lexicon.intensity(reading.category, mode),
        actor=tuple(actors),
        recipient=tuple(recipients),
        negated=reading.negated,
        modality=reading.modality,
        attributed_to=reading.attributed_to,
        location=location,
        date=date_mention.value if date_mention else setting.doc_date,
        date_text=date_mention.text if date_mention else None,
        confidence=sure,
        rule=rule,
    )


def code_document(
    doc: Doc,
    document: Document,
    doc_date: str | None,
    lexicon: EventLexicon,
    actors: list[Actor],
    places: list[Place],
    dates: list[DateMention],
    country_names: Mapping[str, str] = MappingProxyType({}),
) -> list[Event]:
    """Events of every sentence; `country_names` names the state of a place taken as recipient."""
    index = ActorIndex(actors)
    events: list[Event] = []
    for sentence in doc.sents:
        if not sentence.text.strip():
            continue
        events.extend(code_sentence(sentence, document, doc_date, lexicon, index, places, dates, country_names))
    return events
