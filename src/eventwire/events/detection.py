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

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from spacy.tokens import Span, Token

from eventwire.events.lexicon import EventWords, Trigger
from eventwire.events.reading import Reading
from eventwire.events.roles import ActorIndex
from eventwire.records import PLOVER_CATEGORIES, Actor

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


# The learned decision ---------------------------------------------------------------------------
#
# With the event detector on (events/detector.py), the rules' events of a sentence are one piece of
# evidence among others. For every candidate category of the sentence (each category a rule coded
# there, and each the detector gives at least `DecisionHead.proposal_floor`), a logistic decision
# head weighs the detector's probability against what the rules coded, and keeps the category when
# its probability reaches the head's threshold. That probability, fitted on cross-validated
# train predictions, is the records' confidence. A kept category no rule coded is added by the
# composition (`coder.code_sentence`) at the lexicon's best trigger for it.


@dataclass(frozen=True)
class RuleEvidence:
    """What the rules coded for one category in one sentence."""

    confidence: float  # the highest rule confidence among its events
    events: int
    negated: bool
    unsure: bool  # planned, hypothetical, claimed or denied
    has_actor: bool
    has_recipient: bool


UNSURE_MODALITIES = frozenset({"planned", "hypothetical", "claimed", "denied"})


def rule_evidence(events: Sequence) -> dict[str, RuleEvidence]:
    """Per category, the evidence of a sentence's rule-coded events (records or stand-ins with the
    same fields: event, confidence, negated, modality, actor, recipient)."""
    by_category: dict[str, list] = {}
    for event in events:
        by_category.setdefault(event.event, []).append(event)
    return {
        category: RuleEvidence(
            confidence=max(e.confidence for e in group),
            events=len(group),
            negated=any(e.negated for e in group),
            unsure=any(e.modality in UNSURE_MODALITIES for e in group),
            has_actor=any(bool(e.actor) for e in group),
            has_recipient=any(bool(e.recipient) for e in group),
        )
        for category, group in by_category.items()
    }


def decision_features(category: str, probabilities: Mapping[str, float], trigger_signal: float,
                      evidence: Mapping[str, RuleEvidence]) -> np.ndarray:
    """The decision head's inputs for one (sentence, category) candidate; `DECISION_FEATURES` names them."""
    p = min(max(probabilities.get(category, 0.0), 1e-6), 1 - 1e-6)
    ranked = sorted(probabilities.values(), reverse=True)
    rule = evidence.get(category)
    row = [
        p, math.log(p / (1 - p)), float(p >= ranked[0]) if ranked else 0.0, ranked[0] if ranked else 0.0,
        trigger_signal,
        float(rule is not None), rule.confidence if rule else 0.0, float(rule.negated) if rule else 0.0,
        float(rule.unsure) if rule else 0.0, float(rule.has_actor) if rule else 0.0,
        float(rule.has_recipient) if rule else 0.0, float(len(evidence)), float(len(evidence) > 1 and rule is None),
    ]
    # Per category: how far to trust the detector's probability and a rule's firing (the rules are
    # sure of arrests and unsure of meetings; the detector the other way round).
    own = [float(category == c) for c in PLOVER_CATEGORIES]
    row += own + [flag * row[1] for flag in own] + [flag * row[5] for flag in own]
    return np.array(row, dtype=np.float64)


DECISION_FEATURES = (
    ("detector_probability", "detector_logit", "detector_top", "detector_max", "trigger_signal", "rule_fired",
     "rule_confidence", "rule_negated", "rule_unsure", "rule_actor", "rule_recipient", "rule_categories",
     "other_rule_only") + tuple(f"category:{c}" for c in PLOVER_CATEGORIES)
    + tuple(f"detector_logit:{c}" for c in PLOVER_CATEGORIES) + tuple(f"rule_fired:{c}" for c in PLOVER_CATEGORIES)
)


@dataclass(frozen=True)
class DecisionHead:
    """Logistic regression over `decision_features` (standardised by `mean` and `scale`)."""

    weights: np.ndarray
    bias: float
    mean: np.ndarray
    scale: np.ndarray
    threshold: float
    proposal_floor: float

    def probability(self, features: np.ndarray) -> float:
        value = float(((features - self.mean) / self.scale) @ self.weights + self.bias)
        return 1.0 / (1.0 + math.exp(-max(min(value, 30.0), -30.0)))


def candidate_categories(probabilities: Mapping[str, float], evidence: Mapping[str, RuleEvidence], floor: float) -> list[str]:
    """The categories the decision weighs: every one the rules coded or the detector proposes."""
    proposed = {c for c, p in probabilities.items() if p >= floor}
    return [c for c in PLOVER_CATEGORIES if c in proposed or c in evidence]


def decide(probabilities: Mapping[str, float], trigger_signals: Mapping[str, float],
           evidence: Mapping[str, RuleEvidence], head: DecisionHead) -> dict[str, float]:
    """The sentence's categories with their probabilities: those at or above the head's threshold."""
    kept = {}
    for category in candidate_categories(probabilities, evidence, head.proposal_floor):
        features = decision_features(category, probabilities, trigger_signals.get(category, 0.0), evidence)
        probability = head.probability(features)
        if probability >= head.threshold:
            kept[category] = probability
    return kept


def main_verb_anchor(sentence: Span, category: str) -> tuple[Token, Trigger] | None:
    """Where an event the detector adds is coded when the lexicon knows no word of its category in
    the sentence: at the sentence's main verb (the root, or the verb nearest it in the tree), else
    at the root. Two thirds of the train split's gold events lie in sentences where the lexicon has
    no trigger of their category; anchored, roles and place can follow from the verb. The entry is
    the lexicon's stand-in for such a word: no line, no cue, no mode, no weight."""
    roots = [token for token in sentence if token.dep_ == "ROOT" and not (token.is_punct or token.is_space)]
    if not roots:
        return None
    layer, seen = list(roots), set()
    while layer:
        verb = next((t for t in layer if t.pos_ == "VERB"), None)
        if verb is not None:
            return verb, _stand_in(verb, category)
        seen.update(t.i for t in layer)
        layer = [child for t in layer for child in t.children if child.i not in seen]
    return roots[0], _stand_in(roots[0], category)


def _stand_in(token: Token, category: str) -> Trigger:
    return Trigger(lemma=token.lemma_.lower(), pos=token.pos_, cue=None, category=category, mode=None, weight=0.0, line=0)
