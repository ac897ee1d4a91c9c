"""Step 2, detection: which events the sentence holds.

`detect_events` is the one decision over a sentence's readings, after the wrappers have been
applied: it takes the candidate readings and returns those that are events of the sentence.
Today it is rules: a wrapper or cue merged into another event is no event of its own, a word
inside an actor's name is none, and one act read twice ("strikes targeted ...", two inner
events under one refusal) is one event. A learned detector, which may also add or relabel
events, belongs here, behind the same entry point.

`secondary_reason` says which kept events are not what the sentence reports (a background act,
a protest's purpose, a condition), and `relabel_by_actors` is the one category decision that
waits for the roles (a blockade by a state).
"""

from __future__ import annotations

from spacy.tokens import Token

from eventwire.events.lexicon import EventWords
from eventwire.events.reading import Reading
from eventwire.events.roles import ActorIndex
from eventwire.records import Actor

#: Actor types named by a proper name, whose words are never events: "Amnesty International",
#: "the Ceasefire Violations Committee", "the Free Syrian Army".
NAMED_ACTOR_TYPES = frozenset({"igo", "ngo", "organization", "armed_group", "person"})


def detect_events(readings: list[Reading], index: ActorIndex) -> list[Reading]:
    """The sentence's events among its candidate readings, in sentence order."""
    # Wrappers merged into another event, and cue words of two-word triggers
    # ("violated the ceasefire"), are not events of their own.
    consumed = set().union(*(r.consumed for r in readings)) if readings else set()
    kept = [r for r in readings if r.token.i not in consumed and not _inside_a_name(r.token, index)]
    return _one_per_trigger(_drop_repeats(kept))


def _inside_a_name(token: Token, index: ActorIndex) -> bool:
    """True for a word that only describes an actor: inside a proper name ("Amnesty International"),
    or a noun modifying the head of an actor's phrase ("American aid groups", "attack helicopters")."""
    actor = index.at(token)
    if actor is None:
        return False
    if token.pos_ == "PROPN" and actor.type in NAMED_ACTOR_TYPES:
        return True
    return token.pos_ == "NOUN" and token.dep_ == "compound" and actor.start <= token.head.idx < actor.end


def _drop_repeats(readings: list[Reading]) -> list[Reading]:
    """One event per act: a noun trigger that is the subject or object of a verb
    trigger of the same category ("strikes targeted ...") is that verb's event."""
    kept = []
    for reading in readings:
        token = reading.token
        duplicate = any(
            other is not reading
            and other.category == reading.category
            and other.token.pos_ == "VERB"
            and token.pos_ in ("NOUN", "PROPN")
            and (token.head is other.token or token.head.head is other.token)
            for other in readings
        )
        if not duplicate:
            kept.append(reading)
    return kept


def _one_per_trigger(readings: list[Reading]) -> list[Reading]:
    """One event per trigger and category: two inner events under one wrapper ("opposed mediation in
    negotiations", "ruled out cooperation or coordination") are one refusal, read from the inner
    word nearest the wrapper."""
    best: dict[tuple[int, str], Reading] = {}
    for reading in readings:
        key = (min(reading.trigger_tokens), reading.category)
        kept = best.get(key)
        if kept is None or _steps_up(reading) < _steps_up(kept):
            best[key] = reading
    return [r for r in readings if best[(min(r.trigger_tokens), r.category)] is r]


def _steps_up(reading: Reading) -> int:
    """How many heads lie between a reading's word and the word that carries its actor."""
    token, steps = reading.token, 0
    target = reading.actor_head or reading.token
    while token is not target and token.head is not token and steps < 10:
        token, steps = token.head, steps + 1
    return steps


def secondary_reason(reading: Reading, readings: list[Reading], words: EventWords) -> str | None:
    """Why a reading is not its sentence's main event, or None."""
    word = reading.token
    for _ in range(4):
        head = word.head
        if head is word:
            break
        if word.dep_ == "pobj" and head.lower_ in words.background_prepositions:
            return f"background ('{head.text} …')"
        if word.dep_ == "pobj" and head.lower_ == "of" and head.head.lower_ == "because":
            return "background ('because of …')"
        if word.dep_ == "advcl":
            mark = next((c.lower_ for c in word.children if c.dep_ == "mark"), None)
            if mark in words.background_markers:
                return f"background ('{mark} …')"
            if mark in words.condition_markers:
                return f"condition ('{mark} …')"
        word = head
    if reading.category == "REQUEST":
        protests = {t.i for r in readings if r.category == "PROTEST" or (r.category, r.mode) == ("THREATEN", "restrict")
                    for t in (r.token, r.actor_head) if t is not None}
        word = reading.actor_head or reading.token
        for _ in range(3):
            if word.head is word:
                break
            word = word.head
            if word.i in protests:
                return "the purpose of a protest"
    return None


def relabel_by_actors(reading: Reading, actors: list[Actor]) -> None:
    """A blockade by a state is no protest: it restricts movement (COERCE, manual 3.15)."""
    if reading.category == "PROTEST" and reading.mode == "obstruct" and any(_is_state_actor(a) for a in actors):
        reading.category, reading.mode = "COERCE", "restrict"
        reading.notes.append("COERCE: a blockade by a state")


def _is_state_actor(actor: Actor) -> bool:
    return actor.type in ("state", "igo") or actor.sector in ("GOV", "MIL", "COP", "IGO")
