"""Train the event detector (`make model`): deterministic, from the train split and the small golds.

Sources of labelled sentences, each a (text, set of categories) pair grouped by article:

* the real-news gold's **train split** (`gold/realnews`, coder_a): every unit, events or none;
* the PLOVER gold-standard dev half: each sentence holds its gold category (other categories are
  unknown there, and count as absent);
* the seeds: units of the five articles, holding the categories of the gold sentences they contain;
* optionally the synthetic stories (their label belongs to the whole story, so only its first
  sentence is used, and only when cross-validation on the train split says it helps).

Two models are fitted:

1. the **detector head** (`events/detector.py`): per category, a logistic regression over the
   sentence embedding and the rules' signals: P(the sentence holds the category);
2. the **decision head**: per (sentence, candidate category), a logistic regression over the
   detector's probability and what the rules coded there (did a rule fire, its confidence, the
   trigger's lexicon weight): P(the pair is in the gold). Its probability is the record's
   calibrated confidence, and at or above `DECISION_THRESHOLD` the pair is kept (or added).

Cross-validation by article (`FOLDS` folds, fixed by hash) gives out-of-fold detector probabilities
for fitting the decision head honestly, and the train-split estimate the issue asks for.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from eventwire.records import PLOVER_CATEGORIES

log = logging.getLogger(__name__)

FOLDS = 5
FOLD_SEED = "eventwire-detector-folds"
#: Inverse regularisation of the detector head, chosen by cross-validation on the train split.
DETECTOR_C = 4.0
DECISION_C = 1.0
#: A candidate pair is kept when the decision head gives it at least this probability.
DECISION_THRESHOLD = 0.5
#: Categories the detector proposes beyond the rules' own: those at or above this probability.
PROPOSAL_FLOOR = 0.1


@dataclass(frozen=True)
class LabelledUnit:
    source: str  # realnews | plover | seeds | synthetic
    group: str  # article (or sentence) the unit belongs to: folds never split a group
    text: str
    categories: frozenset[str]
    start: int = 0  # offsets in the article, for real news and seeds
    end: int = 0


def fold_of(group: str) -> int:
    return int(hashlib.sha1(f"{FOLD_SEED}:{group}".encode()).hexdigest()[:8], 16) % FOLDS


def realnews_units(gold, split: str = "train") -> list[LabelledUnit]:
    """Every unit of the coded articles of `split`, with the categories the gold coder gave it."""
    units = []
    for key in gold.docs(split):
        coding = gold.annotation("coder_a", key)
        if coding is None:
            continue
        by_unit = {u["sent"]: frozenset(e["event"] for e in u.get("events", [])) for u in coding["sentences"]}
        for number, (start, end) in enumerate(gold.sentences[key]):
            units.append(LabelledUnit("realnews", key, gold.texts[key][start:end], by_unit.get(number, frozenset()), start, end))
    return units


def plover_units(path: Path) -> list[LabelledUnit]:
    units = []
    with path.open(encoding="utf-8") as stream:
        for line in stream:
            if line.strip():
                row = json.loads(line)
                units.append(LabelledUnit("plover", f"plover:{row['id']}", row["text"], frozenset({row["event"]})))
    return units


def seeds_units(gold_path: Path, docs_dir: Path, nlp) -> list[LabelledUnit]:
    from eventwire.analysis.realnews import segment

    by_doc: dict[str, set[tuple[str, str]]] = defaultdict(set)
    with gold_path.open(encoding="utf-8") as stream:
        for line in stream:
            if line.strip():
                row = json.loads(line)
                by_doc[row["doc"]].add((row["sentence"], row["event"]))
    units = []
    for name in sorted(by_doc):
        text = (docs_dir / name).read_text(encoding="utf-8")
        located = [(text.find(s), text.find(s) + len(s), c) for s, c in by_doc[name] if text.find(s) >= 0]
        for start, end in segment(text, nlp):
            # A unit holds a gold event when it overlaps the gold sentence by more than half of itself.
            held = frozenset(c for s, e, c in located if min(end, e) - max(start, s) > (end - start) / 2)
            units.append(LabelledUnit("seeds", f"seeds:{name}", text[start:end], held, start, end))
    return units


def synthetic_units(path: Path, nlp, limit: int | None = None) -> list[LabelledUnit]:
    import gzip

    from eventwire.analysis.realnews import segment

    units = []
    with gzip.open(path, "rt", encoding="utf-8") as stream:
        for number, line in enumerate(stream):
            if limit is not None and number >= limit:
                break
            row = json.loads(line)
            spans = segment(row["text"], nlp)
            if spans:
                start, end = spans[0]
                units.append(LabelledUnit("synthetic", f"synthetic:{row['id']}", row["text"][start:end], frozenset({row["event"]})))
    return units


def label_matrix(units: Sequence[LabelledUnit]) -> np.ndarray:
    labels = np.zeros((len(units), len(PLOVER_CATEGORIES)), dtype=np.int8)
    column = {c: i for i, c in enumerate(PLOVER_CATEGORIES)}
    for row, unit in enumerate(units):
        for category in unit.categories:
            labels[row, column[category]] = 1
    return labels


def signal_scale(features: np.ndarray) -> np.ndarray:
    """Embedding columns stay as they are (unit vectors); each signal column is scaled to unit spread."""
    from eventwire.events.detector import EMBEDDING_SIZE

    scale = np.ones(features.shape[1], dtype=np.float32)
    spread = features[:, EMBEDDING_SIZE:].std(axis=0)
    scale[EMBEDDING_SIZE:] = np.where(spread > 1e-6, spread * 4, 1.0)
    return scale


def fit_logistic(features: np.ndarray, labels: np.ndarray, c: float) -> tuple[np.ndarray, np.ndarray]:
    """One logistic regression per column of `labels` (weights (features, columns), bias (columns,)).
    A column with no positive example gets a bias that says "never"."""
    from sklearn.linear_model import LogisticRegression

    weights = np.zeros((features.shape[1], labels.shape[1]), dtype=np.float64)
    bias = np.full(labels.shape[1], -10.0)
    for column in range(labels.shape[1]):
        target = labels[:, column]
        if target.min() == target.max():
            continue
        model = LogisticRegression(C=c, max_iter=2000, solver="lbfgs")
        model.fit(features, target)
        weights[:, column] = model.coef_[0]
        bias[column] = model.intercept_[0]
    return weights, bias


def sigmoid(values: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-values))


def out_of_fold_probabilities(features: np.ndarray, labels: np.ndarray, units: Sequence[LabelledUnit],
                              scored: np.ndarray, c: float = DETECTOR_C) -> np.ndarray:
    """Detector probabilities for the `scored` rows, each from a head that never saw its article.
    Rows not scored (the other sources) are always in training."""
    folds = np.array([fold_of(u.group) for u in units])
    scale = signal_scale(features)
    scaled = features / scale
    result = np.zeros(labels.shape, dtype=np.float64)
    for fold in range(FOLDS):
        held = scored & (folds == fold)
        weights, bias = fit_logistic(scaled[~held], labels[~held], c)
        result[held] = sigmoid(scaled[held] @ weights + bias)
    return result
