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

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from spacy.tokens import Doc, Span, Token

from eventwire.events.candidates import best_trigger, find_contexts, find_triggers, read_candidate, refine_mode
from eventwire.events.confidence import confidence
from eventwire.events.detection import (
    DecisionHead,
    decide,
    detect_events,
    main_verb_anchor,
    relabel_by_actors,
    rule_evidence,
    secondary_reason,
)
from eventwire.events.detector import SentenceDetection
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
from eventwire.events.role_choice import RoleChoice, RuleRoles, choose_roles, role_candidates
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
    roles: RoleChoice | None = None


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
    learned: LearnedDetection | None = None,
    roles: RoleChoice | None = None,
) -> list[Event]:
    candidates = [interpret(token, trigger, sentence, lexicon, index) for token, trigger in find_triggers(sentence, lexicon)]
    readings = detect_events(candidates, index)
    setting = _Setting(sentence, document, doc_date, lexicon, index, places, dates, country_names, roles)
    # In order: a reading's roles may relabel it ("a blockade by a state"), which the later ones see.
    as_ruled = None
    if learned is not None and roles is not None and roles.model is not None:
        # The learned decision was trained on the records the rules' roles give (roles, and the modality
        # and place recipient that follow from them): it weighs those, coded from copies of the readings.
        by_rules = dataclasses.replace(setting, roles=None)
        as_ruled = [_code_reading(_copied(reading), readings, by_rules) for reading in readings]
    events = [_code_reading(reading, readings, setting) for reading in readings]
    return events if learned is None else _learned_events(events, as_ruled or events, learned, setting)


def _copied(reading: Reading) -> Reading:
    """A reading whose later steps leave the original as it was (they add notes, relabel, set modality)."""
    return dataclasses.replace(reading, notes=list(reading.notes), trigger_tokens=set(reading.trigger_tokens),
                               consumed=set(reading.consumed))


@dataclass(frozen=True)
class LearnedDetection:
    """The event detector's reading of a sentence and the head that decides with it."""

    detection: SentenceDetection
    decision: DecisionHead


def _learned_events(events: list[Event], as_ruled: list[Event], learned: LearnedDetection, setting: _Setting) -> list[Event]:
    """The rules' events weighed by the learned decision (which sees them `as_ruled`, with the rules'
    roles): kept (with its probability as their confidence), dropped, or added at the lexicon's best
    trigger for a category no rule coded."""
    detection = learned.detection
    kept = decide(detection.probabilities, detection.trigger_signals, rule_evidence(as_ruled), learned.decision)
    result = [dataclasses.replace(e, confidence=round(kept[e.event], 3)) for e in events if e.event in kept]
    coded = {e.event for e in events}
    for category in (c for c in kept if c not in coded):
        added = _added_event(category, kept[category], setting)
        if added is not None:
            result.append(added)
    return sorted(result, key=lambda e: e.trigger_start)


def _added_event(category: str, probability: float, setting: _Setting) -> Event | None:
    """The event of a category the decision kept and no rule coded, at the lexicon's best trigger
    for it, or, where the lexicon has none in the sentence, at the sentence's main verb."""
    found = best_trigger(setting.sentence, category, setting.lexicon) or main_verb_anchor(setting.sentence, category)
    if found is None:
        return None
    token, trigger = found
    reading = interpret(token, trigger, setting.sentence, setting.lexicon, setting.index)
    if reading.category != category:  # a wrapper made another category of the trigger's
        reading.notes.append(f"detector: {reading.category} read as {category}")
        reading.category = category
        reading.mode = trigger.mode  # best_trigger chose an entry of `category`
    reading.notes.append(f"detector: {category} added (p={probability:.2f})")
    event = _code_reading(reading, [reading], setting)
    return dataclasses.replace(event, confidence=round(probability, 3))


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
    quad = lexicon.quads[reading.category]
    actors, recipients = _chosen_roles(reading, setting, parsed_actors, parsed_recipients, quad)
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


def _chosen_roles(reading: Reading, setting: _Setting, parsed_actors: list[Actor], parsed_recipients: list[Actor],
                  quad: str) -> tuple[list[Actor], list[Actor]]:
    """The rules' roles (the parse's, gaps filled by proximity), or, with a role model, its choice among
    the sentence's mentions, which weighs the rules' as evidence."""
    words, roles = setting.lexicon.words, setting.roles
    mark = len(reading.notes)
    actors, recipients = nearby_roles(reading, setting.sentence, setting.index, parsed_actors, parsed_recipients, words)
    if roles is None:
        return actors, recipients
    rules = RuleRoles(parsed_actors, parsed_recipients, actors, recipients)
    candidates = role_candidates(reading, setting.sentence, setting.index, rules, quad, words)
    if roles.log is not None:
        roles.log.append((setting.sentence.doc[min(reading.trigger_tokens)].idx, reading.category, candidates, rules))
    if roles.model is None:
        return actors, recipients
    del reading.notes[mark:]  # proximity's notes: the model decides
    chosen_actors, chosen_recipients = choose_roles(candidates, roles.model, words, rules)
    if [a.text for a in chosen_actors] != [a.text for a in actors] or [a.text for a in chosen_recipients] != [a.text for a in recipients]:
        reading.notes.append("roles: learned choice (role_model.json)")
    return chosen_actors, chosen_recipients


def _event_record(
    reading: Reading, setting: _Setting, mode: str | None, quad: str, actors: list[Actor], recipients: list[Actor],
    location: Place | None, date_mention: DateMention | None, sure: float,
) -> Event:
    sentence, document, doc = setting.sentence, setting.document, setting.sentence.doc
    text = sentence.text.rstrip()
    stripped = len(text) - len(text.lstrip())
    first, last = doc[min(reading.trigger_tokens)], doc[max(reading.trigger_tokens)]
    trigger_start, trigger_end = first.idx, last.idx + len(last.text)
    where = f"triggers.tsv:{reading.trigger.line}" if reading.trigger.line else "main verb"
    rule = f"{where} {reading.trigger.lemma}/{reading.trigger.pos}"
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
    detections: Sequence[SentenceDetection] = (),
    decision: DecisionHead | None = None,
    roles: RoleChoice | None = None,
) -> list[Event]:
    """Events of every sentence; `country_names` names the state of a place taken as recipient.
    With `detections` (the detector's reading of the document's rough sentences) and a `decision`
    head, each sentence's events are decided with the detector (`_learned_events`); `roles` says how
    actors and recipients are chosen (None: by the rules)."""
    index = ActorIndex(actors)
    events: list[Event] = []
    for sentence in doc.sents:
        if not sentence.text.strip():
            continue
        detection = covering_detection(detections, sentence.start_char, sentence.end_char) if decision else None
        learned = LearnedDetection(detection, decision) if detection is not None else None
        events.extend(code_sentence(sentence, document, doc_date, lexicon, index, places, dates, country_names, learned,
                                    roles))
    return events


def covering_detection(detections: Sequence[SentenceDetection], start: int, end: int) -> SentenceDetection | None:
    """The detection of the rough sentence that overlaps the parsed sentence most."""
    best, overlap = None, 0
    for detection in detections:
        shared = min(end, detection.end) - max(start, detection.start)
        if shared > overlap:
            best, overlap = detection, shared
    return best
