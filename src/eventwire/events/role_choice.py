"""Step 3, roles, the choice: which mention of a sentence is an event's actor and which its recipient.

`roles.find_roles` reads the parse and `roles.nearby_roles` fills a gap with the nearest mention; each
encodes a preference ("the subject acts", "the nearest name before the trigger") that holds often and
fails in ways no further branch fixes as a class (the accused of a speech act taken for its speaker,
the addressee of a demand for its maker). Here every actor mention of the sentence, and the source of
the statement, is a candidate, described by where it stands to the event's words (dependency relation,
tree distance, side and distance, the prepositions it hangs on, passive voice, quotation) and by what
it is (entity type, actor type, a pronoun, a country known), with the rules' verdicts as features. Two
logistic regressions, trained by `role_training.py` on the train split's gold roles (`make model`),
score each candidate as actor and as recipient. An actor the parse gives stands (a subject, a passive
agent: grammar, not preference); where it gives none, the best candidate above a threshold is chosen,
with the mentions coordinated with it ("Russia and Iran"), in place of the nearest mention. A recipient
the rules give stands; the model fills the role where they leave it empty. Letting the model override
the parse, or the rules' recipients, was tried: worse on the train split's cross-validation, on the
seeds or on the PLOVER dev half (`bench/README.md`).

The weights ship in `data/role_model.json`; applying them needs numpy only. Rules that encode
knowledge (the lexicons, the passive agent, the state of an attacked place) stay rules.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import numpy as np
from spacy.tokens import Span, Token

from eventwire.errors import EventwireError
from eventwire.events.lexicon import EventWords
from eventwire.events.reading import Reading
from eventwire.events.roles import ActorIndex, is_source, same_party
from eventwire.records import ACTOR_TYPES, QUADS, Actor

ROLE_MODEL_FILE = "role_model.json"
ROLE_MODEL_FORMAT = 1

DEPENDENCIES = ("nsubj", "nsubjpass", "dobj", "pobj", "poss", "compound", "amod", "appos", "conj", "dative", "attr")
PREPOSITIONS = ("by", "against", "with", "to", "from", "of", "on", "at", "in", "for", "between")
ENTITY_TYPES = ("PERSON", "ORG", "GPE", "NORP")
FIRST_PERSON = frozenset({"we", "us", "our", "i", "me", "my"})
QUOTES = frozenset('"“”')
TREE_DISTANCE_CAP = 8
TOKEN_DISTANCE_CAP = 30

FEATURE_NAMES = (
    "rule_actor", "rule_recipient", "nearby_actor", "nearby_recipient", "speaker", "source_clause",
    *(f"dep_{d}" for d in DEPENDENCIES), "dep_other",
    "child_of_event_word", *(f"prep_{p}" for p in PREPOSITIONS), "prep_other", "prep_of_event_word",
    "agent_of_passive", "subject_of_active", "subject_of_passive", "subject_of_governing_verb",
    "tree_distance", "in_event_subtree", "governs_event", "before", "token_distance",
    "nearest_before", "nearest_after",
    *(f"ent_{e}" for e in ENTITY_TYPES), *(f"type_{t}" for t in ACTOR_TYPES),
    "has_country", "has_sector", "pronoun", "first_person", "in_quote", "event_in_quote",
    "head_is_saying_verb", "locative", "event_passive", "event_noun",
    *(f"quad_{q}" for q in QUADS), "reciprocal", "candidates",
)


SOURCE_FEATURES = [FEATURE_NAMES.index("speaker"), FEATURE_NAMES.index("source_clause")]


@dataclass(frozen=True)
class RoleCandidate:
    """One mention that may fill a role: the actor record and the root token of its span."""

    actor: Actor
    root: Token
    features: np.ndarray = field(compare=False, repr=False)


@dataclass(frozen=True)
class RuleRoles:
    """What the rules chose: from the parse (`find_roles`) and after proximity filled gaps."""

    parsed_actors: list[Actor]
    parsed_recipients: list[Actor]
    actors: list[Actor]
    recipients: list[Actor]


def role_candidates(reading: Reading, sentence: Span, index: ActorIndex, rules: RuleRoles, quad: str,
                    words: EventWords) -> list[RoleCandidate]:
    """Every actor mention of the sentence, the statement's source and the rules' choices, once each
    (by offsets), with their features."""
    doc = sentence.doc
    found: dict[tuple[int, int], Actor] = {}
    extra = [*rules.actors, *rules.recipients]
    if reading.attributed_to is not None:
        extra.append(reading.attributed_to)
    for actor in [*index.within(sentence.start_char, sentence.end_char), *extra]:
        found.setdefault((actor.start, actor.end), actor)
    spans = []
    for actor in found.values():
        span = doc.char_span(actor.start, actor.end, alignment_mode="expand")
        if span is not None and sentence.start <= span.root.i < sentence.end:
            spans.append((actor, span.root))
    event_word = min(reading.trigger_tokens)
    befores = sorted((root.i for _, root in spans if root.i < event_word), reverse=True)
    afters = sorted(root.i for _, root in spans if root.i > event_word)
    context = _EventContext(reading, sentence, rules, quad, words, len(spans),
                            befores[0] if befores else None, afters[0] if afters else None)
    return [RoleCandidate(actor, root, candidate_features(actor, root, context)) for actor, root in spans]


@dataclass(frozen=True)
class _EventContext:
    reading: Reading
    sentence: Span
    rules: RuleRoles
    quad: str
    words: EventWords
    count: int
    nearest_before: int | None
    nearest_after: int | None


def candidate_features(actor: Actor, root: Token, context: _EventContext) -> np.ndarray:
    reading, rules, words = context.reading, context.rules, context.words
    trigger = reading.token
    head = reading.actor_head or trigger
    event_words = {trigger.i, head.i} | set(reading.trigger_tokens)
    values: dict[str, float] = {
        "rule_actor": _holds(rules.parsed_actors, actor), "rule_recipient": _holds(rules.parsed_recipients, actor),
        "nearby_actor": _holds(rules.actors, actor) and not _holds(rules.parsed_actors, actor),
        "nearby_recipient": _holds(rules.recipients, actor) and not _holds(rules.parsed_recipients, actor),
        "speaker": reading.attributed_to is not None and _same_span(reading.attributed_to, actor),
        "source_clause": is_source(root, words),
        "child_of_event_word": root.head.i in event_words and root.head.i != root.i,
        "locative": root.dep_ == "pobj" and root.head.lower_ in words.locative_prepositions,
        "head_is_saying_verb": root.head.lemma_.lower() in words.saying_verbs,
        "event_passive": _passive(head), "event_noun": trigger.pos_ in ("NOUN", "PROPN"),
        "reciprocal": reading.category in ("CONSULT", "AGREE", "COOPERATE"),
        "candidates": min(context.count, 10) / 10,
    }
    values[f"dep_{root.dep_}" if root.dep_ in DEPENDENCIES else "dep_other"] = 1.0
    if root.dep_ == "pobj":
        preposition = root.head.lower_
        values[f"prep_{preposition}" if preposition in PREPOSITIONS else "prep_other"] = 1.0
        values["prep_of_event_word"] = root.head.head.i in event_words
        values["agent_of_passive"] = root.head.dep_ == "agent" and root.head.head.i in event_words
    if root.dep_ in ("nsubj", "nsubjpass") and root.head.i in event_words:
        values["subject_of_passive" if root.dep_ == "nsubjpass" or _passive(root.head) else "subject_of_active"] = 1.0
    values["subject_of_governing_verb"] = (root.dep_ in ("nsubj", "nsubjpass") and root.head.i not in event_words
                                           and any(a.i == root.head.i for a in trigger.ancestors))
    distance, in_subtree, governs = _tree_relation(root, trigger)
    values.update(tree_distance=distance, in_event_subtree=in_subtree, governs_event=governs)
    values["before"] = root.i < trigger.i
    values["token_distance"] = min(abs(root.i - trigger.i), TOKEN_DISTANCE_CAP) / TOKEN_DISTANCE_CAP
    values["nearest_before"] = root.i == context.nearest_before
    values["nearest_after"] = root.i == context.nearest_after
    if root.ent_type_ in ENTITY_TYPES:
        values[f"ent_{root.ent_type_}"] = 1.0
    if actor.type in ACTOR_TYPES:
        values[f"type_{actor.type}"] = 1.0
    values.update(has_country=actor.country is not None, has_sector=actor.sector is not None,
                  pronoun=root.pos_ == "PRON", first_person=root.lower_ in FIRST_PERSON)
    values["in_quote"] = _quoted(root, context.sentence)
    values["event_in_quote"] = _quoted(trigger, context.sentence)
    if context.quad in QUADS:
        values[f"quad_{context.quad}"] = 1.0
    return np.array([float(values.get(name, 0.0)) for name in FEATURE_NAMES])


def _holds(actors: list[Actor], actor: Actor) -> bool:
    return any(_same_span(a, actor) for a in actors)


def _same_span(first: Actor, second: Actor) -> bool:
    return first.start == second.start and first.end == second.end


def _passive(word: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass", "agent") for c in word.children)


def _tree_relation(root: Token, trigger: Token) -> tuple[float, bool, bool]:
    """(edges between the two through their lowest common ancestor, scaled; the candidate lies in the
    trigger's subtree; the candidate governs the trigger)."""
    up = {trigger.i: 0}
    for steps, ancestor in enumerate(trigger.ancestors, start=1):
        up[ancestor.i] = steps
    distance = TREE_DISTANCE_CAP
    if root.i in up:
        distance = up[root.i]
    else:
        for steps, ancestor in enumerate(root.ancestors, start=1):
            if ancestor.i in up:
                distance = steps + up[ancestor.i]
                break
    in_subtree = any(ancestor.i == trigger.i for ancestor in root.ancestors)
    return min(distance, TREE_DISTANCE_CAP) / TREE_DISTANCE_CAP, in_subtree, root.i in up and root.i != trigger.i


def _quoted(token: Token, sentence: Span) -> bool:
    """Inside quotation marks of its sentence: an odd number of them before it."""
    marks = sum(1 for t in sentence if t.i < token.i and (t.text in QUOTES or (t.text == "''" or t.text == "``")))
    return marks % 2 == 1


@dataclass(frozen=True)
class RoleModel:
    """Two logistic regressions over standardised candidate features (see `role_training.py`)."""

    mean: np.ndarray
    scale: np.ndarray
    actor_weights: np.ndarray
    actor_bias: float
    recipient_weights: np.ndarray
    recipient_bias: float
    actor_threshold: float
    recipient_threshold: float

    def probabilities(self, features: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        if not len(features):
            return np.zeros(0), np.zeros(0)
        standard = (features - self.mean) / self.scale
        return (_logistic(standard @ self.actor_weights + self.actor_bias),
                _logistic(standard @ self.recipient_weights + self.recipient_bias))

    def to_json(self, source: str, figures: dict) -> str:
        payload = {
            "source": source, "format": ROLE_MODEL_FORMAT, "features": list(FEATURE_NAMES),
            "mean": _rounded(self.mean), "scale": _rounded(self.scale),
            "actor_weights": _rounded(self.actor_weights), "actor_bias": round(float(self.actor_bias), 8),
            "recipient_weights": _rounded(self.recipient_weights),
            "recipient_bias": round(float(self.recipient_bias), 8),
            "actor_threshold": self.actor_threshold, "recipient_threshold": self.recipient_threshold,
            "figures": figures,
        }
        return json.dumps(payload, indent=1) + "\n"


def _logistic(logits: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-logits))


def _rounded(values: np.ndarray) -> list[float]:
    return [round(float(value), 8) for value in values]


class RoleModelError(EventwireError):
    """The role model file does not fit this version of eventwire."""


def load_role_model(path: Path | None = None) -> RoleModel | None:
    """The trained role model (the package's, or the file at `path`); None when none has been trained."""
    source = resources.files("eventwire.events") / "data" / ROLE_MODEL_FILE if path is None else Path(path)
    if not source.is_file():
        return None
    data = json.loads(source.read_text(encoding="utf-8"))
    where = str(path or f"eventwire/events/data/{ROLE_MODEL_FILE}")
    if data.get("format") != ROLE_MODEL_FORMAT or data.get("features") != list(FEATURE_NAMES):
        raise RoleModelError(f"{where}: trained for other features; retrain it with `make model`")
    return RoleModel(
        mean=np.array(data["mean"]), scale=np.array(data["scale"]),
        actor_weights=np.array(data["actor_weights"]), actor_bias=float(data["actor_bias"]),
        recipient_weights=np.array(data["recipient_weights"]), recipient_bias=float(data["recipient_bias"]),
        actor_threshold=float(data["actor_threshold"]), recipient_threshold=float(data["recipient_threshold"]),
    )


def choose_roles(candidates: list[RoleCandidate], model: RoleModel, words: EventWords,
                 rules: RuleRoles | None = None) -> tuple[list[Actor], list[Actor]]:
    """The actor, then the recipient among the rest. An actor the parse gave (a subject, a passive
    agent: grammar) stands; where it gives none, the most probable candidate takes the role when it
    reaches the threshold, with the candidates coordinated with it that reach it too, in place of the
    nearest mention before the trigger. A recipient the rules gave (an object, a recipient preposition,
    or the nearest mention after the trigger) stands unless it is the chosen actor; where they give
    none, the model chooses the same way, never the statement's source."""
    if not candidates:
        return [], []
    actor_p, recipient_p = model.probabilities(np.stack([c.features for c in candidates]))
    actors = list(rules.parsed_actors) if rules is not None else []
    actors = actors or _best(candidates, actor_p, model.actor_threshold, ())
    doc = candidates[0].root.doc
    recipients = [r for r in (rules.recipients if rules is not None else [])
                  if not _holds(actors, r) and all(not same_party(r, a, words, doc) for a in actors)]
    if recipients:
        return actors, recipients
    # Who reports the act is not its target ("The ministry said the strikes destroyed depots"), as for
    # the nearest mention (`roles.nearby_roles`).
    taken = tuple(i for i, c in enumerate(candidates)
                  if _holds(actors, c.actor) or any(same_party(c.actor, a, words, doc) for a in actors)
                  or c.features[SOURCE_FEATURES].any())
    return actors, _best(candidates, recipient_p, model.recipient_threshold, taken)


def _best(candidates: list[RoleCandidate], probabilities: np.ndarray, threshold: float, excluded: tuple[int, ...]) -> list[Actor]:
    order = [i for i in np.argsort(-probabilities, kind="stable") if i not in excluded]
    if not order or probabilities[order[0]] < threshold:
        return []
    best = candidates[order[0]]
    chosen = [best.actor]
    for i in order[1:]:
        other = candidates[i]
        if probabilities[i] >= threshold and _coordinated(best.root, other.root) and not _holds(chosen, other.actor):
            chosen.append(other.actor)
    return chosen


def _coordinated(first: Token, second: Token) -> bool:
    """Two heads joined by a conjunction ("Russia and Iran"), directly or along a chain of conjuncts."""
    def top(token: Token) -> Token:
        while token.dep_ == "conj" and token.head.i != token.i:
            token = token.head
        return token
    return top(first).i == top(second).i


@dataclass(frozen=True)
class RoleChoice:
    """How the coder chooses roles: with `model` (None: the rules' choice), and, for training, a `log`
    that hears each event's candidates as (trigger_start, category, candidates, rules)."""

    model: RoleModel | None
    log: list | None = None
