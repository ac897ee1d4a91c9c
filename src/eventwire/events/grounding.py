"""Step 5, place and date: where and when an event happened, and the roles a place stands for.

`pick_location` and `pick_date` tie a place or date mention to the event through the syntax.
A physical event with no named recipient is coded against the state where it happened
(`place_is_target`, `place_as_recipient`), and an attack with no perpetrator named gets an
unidentified one of that state (`no_attacker_named`, `unidentified_perpetrator`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from spacy.tokens import Doc, Span

from eventwire.actors.country import CountryClaim, decide_country
from eventwire.events.lexicon import EventWords
from eventwire.events.reading import Reading
from eventwire.events.roles import ActorIndex, is_source
from eventwire.records import Actor, DateMention, Place

PHYSICAL_QUADS = frozenset({"MATERIAL_COOPERATION", "MATERIAL_CONFLICT"})
PARTICIPANT_DEPS = frozenset({"nsubj", "nsubjpass", "dative", "poss", "agent", "appos"})


def pick_location(
    reading: Reading, sentence: Span, places: list[Place], taken: list[Actor], index: ActorIndex, quad: str,
    words: EventWords,
) -> tuple[Place | None, int | None]:
    """The place the event happened and how deep in the event's phrase the syntax ties it (0: on
    the event's own word, "agreed in Vienna"; 1 or more: on a word it governs, "agreed to postpone
    the march in Baku"); else (for physical events) the first place of the sentence that is no
    participant, with depth None.

    A place inside a longer actor mention ("US" in "the US-led coalition",
    "U.S." in "U.S. military") names who, not where.
    """
    inside = [p for p in places if p.start >= sentence.start_char and p.end <= sentence.end_char]
    inside = [p for p in inside if not any(a.start < p.end and p.start < a.end for a in taken)]
    inside = [p for p in inside if not any(_strictly_inside(p, a) for a in index.actors)]
    if not inside:
        return None, None
    event_words = {reading.token.i, *(reading.trigger_tokens)}
    if reading.actor_head is not None:
        event_words.add(reading.actor_head.i)
    doc = sentence.doc
    located = []
    tied: list[tuple[int, int, Place]] = []  # (steps from the event's word, depth reported, place)
    for place in inside:
        span = doc.char_span(place.start, place.end, alignment_mode="expand")
        if span is None:
            continue
        head = span.root
        if head.dep_ in PARTICIPANT_DEPS:
            continue  # "Russia attacked ...": a participant, not where it happened
        located.append(place)
        prep = head.head
        if prep.pos_ == "ADP" and prep.lower_ in words.locative_prepositions:
            anchor = prep.head
            complement = True
            for depth in range(3):
                if anchor.i in event_words:
                    # Through an adverbial clause ("Speaking in Kabul, Kerry demanded ...") the place is a venue.
                    tied.append((depth, depth if complement else 0, place))
                    break
                complement = complement and anchor.dep_ not in ("advcl", "npadvmod", "parataxis")
                if anchor.head is anchor:
                    break
                anchor = anchor.head
        elif head.dep_ == "compound" and head.head.i in event_words:
            tied.append((0, 0, place))  # "Syria strikes"
    if tied:
        # The place on the event's own word beats one on a participant: "a missionary from Calgary
        # was arrested in Lebanon" happened in Lebanon.
        _, depth, place = min(tied, key=lambda found: found[0])
        return place, depth
    if quad in PHYSICAL_QUADS and located:
        return located[0], None
    return None, None


def _strictly_inside(place: Place, actor: Actor) -> bool:
    return actor.start <= place.start and place.end <= actor.end and (actor.end - actor.start) > (place.end - place.start)


def pick_date(reading: Reading, sentence: Span, dates: list[DateMention], quad: str) -> DateMention | None:
    """A date expression attached to the event, else the sentence's only date
    when the event is physical or the date governs the whole statement."""
    inside = [d for d in dates if d.start >= sentence.start_char and d.end <= sentence.end_char]
    if not inside:
        return None
    doc = sentence.doc
    event_words = {reading.token.i, *reading.trigger_tokens}
    if reading.actor_head is not None:
        event_words.add(reading.actor_head.i)
    for mention in inside:
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is None:
            continue
        anchor = span.root.head
        for _ in range(3):
            if anchor.i in event_words:
                return mention
            if anchor.pos_ in ("VERB", "AUX") and anchor.i not in event_words:
                break
            anchor = anchor.head
    if len(inside) == 1 and (quad not in PHYSICAL_QUADS or reading.modality == "asserted"):
        return inside[0]
    return None


def place_is_target(
    reading: Reading, doc: Doc, location: Place | None, depth: int | None, trigger_start: int, quad: str,
    mode: str | None, words: EventWords,
) -> bool:
    """True when the event's place stands for its recipient.

    An untied place counts when it follows the trigger ("exploded bombs ... in the capital Kabul"),
    not when it names where the source is ("diplomatic sources in Pakistan said"). Any event
    whose complement is set in a place is about that place ("agreed to postpone the march in
    Baku"); a place on a statement's own verb is only its venue ("agreed in Vienna").
    """
    target = takes_place_as_target(reading.category, quad, mode) or (depth or 0) > 0
    return (location is not None and (depth is not None or location.start > trigger_start)
            and not _in_source_phrase(doc, location, words) and target)


def _in_source_phrase(doc: Doc, place: Place, words: EventWords) -> bool:
    """True for a place inside the phrase of a statement's source or an outlet's name
    ("diplomatic sources in Pakistan said", "the New York Times reported")."""
    span = doc.char_span(place.start, place.end, alignment_mode="expand")
    if span is None:
        return False
    token = span.root
    for _ in range(4):
        if is_source(token, words):
            return True
        if token.head is token or token.pos_ in ("VERB", "AUX"):
            return False
        token = token.head
    return False


def takes_place_as_target(category: str, quad: str, mode: str | None) -> bool:
    """Physical events, protests, threats, concessions and visits with no named recipient are coded
    against the state where they happen, as the PLOVER gold standard does ("bombs exploded in Kabul":
    AFG; "arrived in Amman on a visit": JOR; "eased the curfew in Sudan": SDN). A statement made
    somewhere has no such target."""
    return quad in PHYSICAL_QUADS or category in ("PROTEST", "THREATEN", "CONCEDE") or mode == "visit"


def place_as_recipient(place: Place, country_names: Mapping[str, str]) -> Actor:
    name = country_names.get(place.country or "", place.name)
    actor = Actor(text=place.text, start=place.start, end=place.end, name=name, country=None, sector=None,
                  type="state", why="no recipient named")
    return decide_country(actor, [CountryClaim(place.country, "event place", f"the state of the event's place "
                                                                         f"'{place.text}' ({place.name})")])


def no_attacker_named(reading: Reading, sentence: Span, index: ActorIndex, victims: list[Actor], location: Place) -> bool:
    """True when the sentence names no one but the parsed victims (with their appositions) and the
    source, who might be the attacker. A bare state name of the place's own state ("the Iraqi
    city of Basra") only says where."""
    ranges = _phrase_ranges(sentence.doc, victims)
    others = [a for a in index.within(sentence.start_char, sentence.end_char)
              if a not in victims and a != reading.attributed_to
              and not any(low <= a.start < high for low, high in ranges)
              and not (a.type == "state" and a.sector is None and a.country == location.country)]
    return not others


def _phrase_ranges(doc: Doc, actors: Sequence[Actor]) -> list[tuple[int, int]]:
    """Character ranges of the whole noun phrases of `actors`, appositions included ("the deputy
    governor, Oleg Chemezov,")."""
    ranges = []
    for actor in actors:
        span = doc.char_span(actor.start, actor.end, alignment_mode="expand")
        if span is not None:
            tokens = list(span.root.subtree)
            ranges.append((tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)))
    return ranges


def unidentified_perpetrator(place: Place, country_names: Mapping[str, str]) -> Actor:
    """The actor of an attack that names no perpetrator ("killed by a roadside bomb near Samarra"):
    PLOVER's UNK sector (manual, table 5.2), placed in the state where the attack happened, as the
    PLOVER gold standard codes it; the record points at the place it was inferred from."""
    state = country_names.get(place.country or "", place.country or "")
    actor = Actor(text=place.text, start=place.start, end=place.end, name=f"unidentified perpetrator ({state})",
                  country=None, sector="UNK", type="group", why="no perpetrator named: an unidentified actor")
    return decide_country(actor, [CountryClaim(place.country, "event place",
                                               f"in the state of the place '{place.text}' ({place.name})")])
