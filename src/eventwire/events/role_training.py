"""Train the role model (`role_choice.py`) from the real-news gold's train split, deterministically.

The coder codes every train article with the rules' role choice and a log that hears each event's
candidates (`RoleChoice.log`). An event whose (unit, category) the gold coder also coded is a training
event: a candidate is the gold actor (recipient) when its words overlap the words the gold gives for
that party in the unit, or, where those words are not found in the unit, when it is of the gold party's
country (`evaluate_realnews.same_party`). Folds are by article (a hash of its key).

Two figures are reported, for the rules' choice and, cross-validated, the model's: the one `eventwire
eval` counts (the share of training events with a gold actor, or recipient, whose chosen party is of
the gold party's country), and the share of all training events whose choice is right, where a role the
gold leaves empty is right only when nothing is chosen. The thresholds are chosen by the second: the
first never counts an invented party against the coder, so it would always choose someone.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from eventwire.analysis.evaluate_realnews import GOLD_CODER, coded_articles, same_party, unit_of
from eventwire.analysis.realnews import RealNewsGold, unit_events
from eventwire.events.role_choice import FEATURE_NAMES, SOURCE_FEATURES, RoleChoice, RoleModel
from eventwire.events.training import FOLDS, fold_of
from eventwire.records import Actor

FOLD_SEED = "eventwire-role-model-folds"  # its own folds, apart from the detector's
REGULARISATION = 1.0  # scikit-learn's C
THRESHOLDS = (0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5)
ROLES = ("actor", "recipient")


@dataclass
class TrainingEvent:
    """One coded event the gold also holds: its candidates' features and what the gold says of each."""

    article: str
    features: np.ndarray  # candidates x features
    actors: list[Actor]  # the candidates' actor records, in the same order
    groups: list[int]  # the candidates' coordination groups (the first conjunct's token)
    labels: dict[str, np.ndarray]  # role -> 1 for the candidates that are the gold party
    right: dict[str, np.ndarray]  # role -> 1 for the candidates of the gold party's country
    gold_has: dict[str, bool]  # role -> the gold gives this party
    rules: dict[str, list[Actor]]  # role -> the rules' choice


def harvest(coder, gold: RealNewsGold, keys: Iterable[str]) -> list[TrainingEvent]:
    """Code the articles with the rules' roles and gather the training events."""
    from eventwire.flows import coded as coded_documents

    log: list = []
    recording = dataclasses.replace(coder, roles=RoleChoice(model=None, log=log))
    events: list[TrainingEvent] = []
    for coded in coded_documents(recording, gold.documents(list(keys)), preparation=None):
        entries, log[:] = list(log), []
        kept = {(e.trigger_start, e.event) for e in coded.events}
        events.extend(_article_events(gold, coded.document.id, entries, kept))
    return events


def _article_events(gold: RealNewsGold, key: str, entries: list, kept: set[tuple[int, str]]) -> list[TrainingEvent]:
    spans, text = gold.sentences[key], gold.texts[key]
    by_unit = unit_events(gold, GOLD_CODER, key)
    out = []
    for trigger_start, category, candidates, rules in entries:
        unit = unit_of(spans, trigger_start)
        if (trigger_start, category) not in kept or unit < 0 or not candidates:
            continue
        matching = [e for e in by_unit[unit] if e["event"] == category]
        if not matching:
            continue
        start, end = spans[unit]
        labels, right, gold_has = {}, {}, {}
        for role in ROLES:
            parties = [p for e in matching for p in (e.get(role) or [])]
            gold_has[role] = bool(parties)
            where = [span for p in parties for span in _occurrences(text, p.get("text") or "", start, end)]
            right[role] = np.array([any(same_party(p, c.actor) for p in parties) for c in candidates], dtype=float)
            if where:
                labels[role] = np.array([any(c.actor.start < e and s < c.actor.end for s, e in where) for c in candidates],
                                        dtype=float)
            else:
                labels[role] = right[role].copy()
        out.append(TrainingEvent(
            article=key, features=np.stack([c.features for c in candidates]), actors=[c.actor for c in candidates],
            groups=[_group(c.root) for c in candidates], labels=labels, right=right, gold_has=gold_has,
            rules={"actor": rules.actors, "recipient": rules.recipients}))
    return out


def _occurrences(text: str, words: str, start: int, end: int) -> list[tuple[int, int]]:
    found, at = [], text.find(words, start, end) if words else -1
    while at >= 0:
        found.append((at, at + len(words)))
        at = text.find(words, at + 1, end)
    return found


def _group(token) -> int:
    while token.dep_ == "conj" and token.head.i != token.i:
        token = token.head
    return token.i


def fit(events: list[TrainingEvent]) -> tuple[np.ndarray, np.ndarray, dict[str, tuple[np.ndarray, float]]]:
    """Standardisation and one logistic regression per role over the events' candidates."""
    from sklearn.linear_model import LogisticRegression

    features = np.concatenate([e.features for e in events])
    mean = features.mean(axis=0)
    scale = features.std(axis=0)
    scale[scale == 0] = 1.0
    standard = (features - mean) / scale
    fitted = {}
    for role in ROLES:
        labels = np.concatenate([e.labels[role] for e in events])
        model = LogisticRegression(C=REGULARISATION, max_iter=5000)
        model.fit(standard, labels)
        fitted[role] = (model.coef_[0], float(model.intercept_[0]))
    return mean, scale, fitted


def model_of(mean: np.ndarray, scale: np.ndarray, fitted: dict, thresholds: dict[str, float]) -> RoleModel:
    return RoleModel(mean=mean, scale=scale, actor_weights=fitted["actor"][0], actor_bias=fitted["actor"][1],
                     recipient_weights=fitted["recipient"][0], recipient_bias=fitted["recipient"][1],
                     actor_threshold=thresholds["actor"], recipient_threshold=thresholds["recipient"])


def chosen(event: TrainingEvent, probabilities: np.ndarray, threshold: float, excluded: set[int] = frozenset()) -> list[int]:
    """The candidates `choose_roles` takes: the most probable above the threshold, with those
    coordinated with it that reach it too."""
    order = [i for i in np.argsort(-probabilities, kind="stable") if i not in excluded]
    if not order or probabilities[order[0]] < threshold:
        return []
    best = order[0]
    return [best] + [i for i in order[1:] if probabilities[i] >= threshold and event.groups[i] == event.groups[best]]


def choice_figures(events: list[TrainingEvent], probabilities: list[dict[str, np.ndarray]],
                   thresholds: dict[str, float]) -> dict[str, float]:
    """The share of events with a gold party whose chosen party is of its country, per role."""
    right = {role: 0 for role in ROLES}
    total = {role: 0 for role in ROLES}
    for event, scores in zip(events, probabilities, strict=True):
        picks = _picks(event, scores, thresholds)
        for role in ROLES:
            if event.gold_has[role]:
                total[role] += 1
                right[role] += any(event.right[role][i] for i in picks[role])
    return {role: round(right[role] / total[role], 4) if total[role] else 0.0 for role in ROLES}


def decision_figures(events: list[TrainingEvent], probabilities: list[dict[str, np.ndarray]],
                     thresholds: dict[str, float]) -> dict[str, float]:
    """The share of all events whose choice is right, per role: of the gold party's country, or none
    where the gold gives none."""
    right = {role: 0 for role in ROLES}
    for event, scores in zip(events, probabilities, strict=True):
        picks = _picks(event, scores, thresholds)
        for role in ROLES:
            right[role] += any(event.right[role][i] for i in picks[role]) if event.gold_has[role] else not picks[role]
    return {role: round(right[role] / len(events), 4) if events else 0.0 for role in ROLES}


PARSED_ACTOR = FEATURE_NAMES.index("rule_actor")


def _picks(event: TrainingEvent, scores: dict[str, np.ndarray], thresholds: dict[str, float]) -> dict[str, list[int]]:
    """What `choose_roles` takes: the parse's actor, else the model's; the rules' recipient unless it is
    the actor, else the model's (candidates named like the actor are the actor)."""
    parsed = [i for i in range(len(event.actors)) if event.features[i, PARSED_ACTOR] == 1]
    actors = parsed or chosen(event, scores["actor"], thresholds["actor"])
    names = {event.actors[i].name for i in actors}
    excluded = set(actors) | {i for i, a in enumerate(event.actors) if a.name in names}
    rules = _spans(event.rules["recipient"])
    kept = [i for i, a in enumerate(event.actors) if (a.start, a.end) in rules and i not in excluded]
    if kept:
        return {"actor": actors, "recipient": kept}
    excluded |= {i for i in range(len(event.actors)) if event.features[i, SOURCE_FEATURES].any()}
    return {"actor": actors, "recipient": chosen(event, scores["recipient"], thresholds["recipient"], excluded)}


def rule_figures(events: list[TrainingEvent]) -> dict[str, dict[str, float]]:
    """The rules' choice, by both figures."""
    counted, decided = {}, {}
    for role in ROLES:
        right = [any(r in _spans(e.rules[role]) for r in _right_spans(e, role)) for e in events]
        with_gold = [ok for ok, e in zip(right, events, strict=True) if e.gold_has[role]]
        counted[role] = round(sum(with_gold) / len(with_gold), 4) if with_gold else 0.0
        decided[role] = round(sum(ok if e.gold_has[role] else not e.rules[role]
                                  for ok, e in zip(right, events, strict=True)) / len(events), 4) if events else 0.0
    return {"as_eval_counts": counted, "every_decision": decided}


def _spans(actors: list[Actor]) -> set[tuple[int, int]]:
    return {(a.start, a.end) for a in actors}


def _right_spans(event: TrainingEvent, role: str) -> set[tuple[int, int]]:
    return {(a.start, a.end) for a, ok in zip(event.actors, event.right[role], strict=True) if ok}


def cross_validated(events: list[TrainingEvent]) -> list[dict[str, np.ndarray]]:
    """Each event's candidate probabilities from the model fitted on the other folds' articles."""
    out: list[dict[str, np.ndarray] | None] = [None] * len(events)
    folds = [fold_of(e.article, FOLD_SEED) for e in events]
    for fold in range(FOLDS):
        training = [e for e, f in zip(events, folds, strict=True) if f != fold]
        mean, scale, fitted = fit(training)
        model = model_of(mean, scale, fitted, {"actor": 0.5, "recipient": 0.5})
        for number, event in enumerate(events):
            if folds[number] == fold:
                actor_p, recipient_p = model.probabilities(event.features)
                out[number] = {"actor": actor_p, "recipient": recipient_p}
    return out  # type: ignore[return-value]


def best_thresholds(events: list[TrainingEvent], probabilities: list[dict[str, np.ndarray]]) -> tuple[dict[str, float], dict]:
    """The thresholds that give the best cross-validated share of right decisions, role by role (the
    actor's first, as the recipient's choice depends on it; the higher threshold on a tie)."""
    chosen_thresholds = {"actor": THRESHOLDS[0], "recipient": THRESHOLDS[0]}
    grid = {}
    for role in ROLES:
        best = -1.0
        for threshold in THRESHOLDS:
            trial = {**chosen_thresholds, role: threshold}
            figure = decision_figures(events, probabilities, trial)[role]
            grid[f"{role} {threshold}"] = figure
            if figure >= best:
                best, chosen_thresholds[role] = figure, threshold
    return chosen_thresholds, grid


def train_role_model(coder, gold: RealNewsGold, target: Path) -> dict:
    """Harvest the train split, cross-validate, fit on all of it and write the model to `target`."""
    keys = coded_articles(gold, "train")
    events = harvest(coder, gold, keys)
    probabilities = cross_validated(events)
    thresholds, grid = best_thresholds(events, probabilities)
    figures = {
        "train_articles": len(keys), "training_events": len(events),
        "candidates": int(sum(len(e.actors) for e in events)),
        "rules": rule_figures(events),
        "cross_validated": {"as_eval_counts": choice_figures(events, probabilities, thresholds),
                            "every_decision": decision_figures(events, probabilities, thresholds)},
        "thresholds": thresholds, "threshold_grid": grid,
    }
    mean, scale, fitted = fit(events)
    source = ("Trained by `eventwire model roles` (make model) on the train split of gold/realnews: scikit-learn "
              f"logistic regression per role, C={REGULARISATION}, standardised features; thresholds by "
              f"{FOLDS}-fold cross-validation by article")
    target.write_text(model_of(mean, scale, fitted, thresholds).to_json(source, figures), encoding="utf-8")
    return figures
