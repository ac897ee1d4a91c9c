"""Would a statistical category model trained on the synthetic stories help the rules? (issue 4, item 3)

Usage: .venv/bin/python bench/category_model.py [--features text|parse] [--gold GOLD.jsonl]

Trains a multinomial logistic regression (numpy, deterministic) on the synthetic PLOVER stories
(`../shared/corpus/synthetic_plover_stories.jsonl.gz`): each story's headline, with the template's
placeholders taken out, and its lead sentence, labelled with the story's category. One headline
template in five is held out, so the held-out accuracy is on wordings the model never saw.

With `--gold` (a PLOVER gold-standard file) it then codes the gold sentences with the rules and
prints, as aggregates only, what the model would change: its own top-category accuracy, the rules'
events re-ranked by rule confidence + w * log P(category), and how many sentences would gain the gold
category if the model's first choice were added as an extra event. The answer so far is in
bench/README.md: it does not help, so the model is not part of the coder.

Two feature sets: `text` (words, crude stems and word pairs of the raw sentence) and `parse`
(content lemmas, predicate lemmas and verb-object pairs from the spaCy parse, which transfer
better from synthetic to real news but need the parser; about a minute on two cores).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from eventwire.records import PLOVER_CATEGORIES

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
CORPUS = SHARED / "corpus" / "synthetic_plover_stories.jsonl.gz"
PLACEHOLDER = re.compile(r"\{[a-z_0-9]+\}")
# A sentence ends at . ! or ? followed by a space and a capital or a quote, or at a line break.
SENTENCE_END = re.compile(r"(?<=[.!?])[\"']?\s+(?=[\"'A-Z])|\n+")
WORD = re.compile(r"[a-z]+(?:'[a-z]+)?|\d+")
SUFFIXES = ("ations", "ation", "ments", "ment", "ings", "ing", "ies", "ied", "ed", "es", "s", "e")
STOP_WORDS = frozenset(
    "the a an of to in on at for and or but by with from as is are was were be been has have had "
    "it its this that these those he she they his her their there which who whom whose".split()
)
HELD_OUT_SHARE = 5
RERANK_WEIGHTS = (0.02, 0.05, 0.1)


@dataclass(frozen=True)
class Example:
    text: str
    category: str
    group: str  # the headline template: one template's examples stay on one side of the split
    kind: str  # "title" or "lead"


def read_stories(path: Path) -> Iterator[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as stream:
        for line in stream:
            if line.strip():
                yield json.loads(line)


def split_sentences(text: str) -> list[str]:
    return [s.strip() for s in SENTENCE_END.split(text) if s and s.strip()]


def story_examples(stories: Iterable[dict]) -> list[Example]:
    """Headline and lead sentence of each story: later sentences are mostly background."""
    examples = []
    for story in stories:
        if story["event"] not in PLOVER_CATEGORIES:
            continue
        group = story.get("title") or story["id"]
        title = " ".join(PLACEHOLDER.sub(" ", story.get("title") or "").split())
        if title:
            examples.append(Example(title, story["event"], group, "title"))
        lead = split_sentences(story["text"])[:1]
        examples.extend(Example(s, story["event"], group, "lead") for s in lead)
    return examples


def held_out(group: str) -> bool:
    """Stable across runs and machines (not Python's salted `hash`)."""
    return int(hashlib.sha1(group.encode("utf-8")).hexdigest(), 16) % HELD_OUT_SHARE == 0


def stem(word: str) -> str:
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def text_features(text: str) -> list[str]:
    """Words, stems and adjacent word pairs, lower-cased, numbers as "0"."""
    words = ["0" if w.isdigit() else w for w in WORD.findall(text.lower())]
    features = []
    for word in words:
        if word in STOP_WORDS:
            continue
        features.append("w=" + word)
        if stem(word) != word:
            features.append("s=" + stem(word))
    features.extend(f"b={a}_{b}" for a, b in zip(words, words[1:]))
    return features


def parse_features(doc) -> list[str]:
    """Content lemmas, the lemmas of predicates, and verb-object pairs of a parsed sentence."""
    features = []
    for token in doc:
        if token.dep_ == "neg":
            features.append("neg=" + token.head.lemma_.lower())
        if token.pos_ not in ("VERB", "NOUN", "ADJ") or token.is_stop:
            continue
        lemma = token.lemma_.lower()
        features.append("l=" + lemma)
        if token.dep_ in ("ROOT", "conj", "xcomp", "ccomp", "advcl"):
            features.append("p=" + lemma)
        if token.dep_ in ("dobj", "nsubjpass", "pobj") and token.head.pos_ in ("VERB", "ADP"):
            verb = token.head if token.head.pos_ == "VERB" else token.head.head
            features.append(f"vo={verb.lemma_.lower()}_{lemma}")
    return features


@dataclass(frozen=True)
class LinearModel:
    classes: tuple[str, ...]
    vocabulary: dict[str, int]
    weights: np.ndarray  # (features, classes)
    bias: np.ndarray

    def probabilities(self, features: Sequence[str]) -> dict[str, float]:
        ids = sorted({self.vocabulary[f] for f in features if f in self.vocabulary})
        scores = self.bias + (self.weights[ids].sum(axis=0) if ids else 0.0)
        exp = np.exp(scores - scores.max())
        return dict(zip(self.classes, (float(p) for p in exp / exp.sum())))


def fit(features: list[list[str]], labels: list[str], classes: Sequence[str] = PLOVER_CATEGORIES,
        min_count: int = 2, l2: float = 1e-3, epochs: int = 150, rate: float = 0.05) -> LinearModel:
    """Softmax regression by full-batch Adam from zero weights (deterministic), classes weighted
    equally: the corpus has six times more CONCEDE than AID stories, news its own mix."""
    counts = Counter(f for row in features for f in set(row))
    vocabulary = {f: i for i, f in enumerate(sorted(f for f, n in counts.items() if n >= min_count))}
    rows, cols = [], []
    for row, found in enumerate(features):
        ids = sorted({vocabulary[f] for f in found if f in vocabulary})
        rows.extend([row] * len(ids))
        cols.extend(ids)
    rows_a, cols_a = np.array(rows, dtype=np.int64), np.array(cols, dtype=np.int64)
    n, k = len(labels), len(classes)
    y = np.array([list(classes).index(label) for label in labels])
    sample_weight = (n / (k * np.maximum(np.bincount(y, minlength=k), 1)))[y]
    target = np.zeros((n, k))
    target[np.arange(n), y] = 1.0
    weights, bias = np.zeros((len(vocabulary), k)), np.zeros(k)
    state = [np.zeros_like(weights), np.zeros_like(weights), np.zeros_like(bias), np.zeros_like(bias)]
    for step in range(1, epochs + 1):
        scores = np.zeros((n, k)) + bias
        np.add.at(scores, rows_a, weights[cols_a])
        probs = np.exp(scores - scores.max(axis=1, keepdims=True))
        probs /= probs.sum(axis=1, keepdims=True)
        delta = (probs - target) * sample_weight[:, None] / n
        grad_w = np.zeros_like(weights)
        np.add.at(grad_w, cols_a, delta[rows_a])
        grad_w += l2 * weights
        for param, grad, first, second in ((weights, grad_w, state[0], state[1]), (bias, delta.sum(axis=0), state[2], state[3])):
            first *= 0.9
            first += 0.1 * grad
            second *= 0.999
            second += 0.001 * grad * grad
            param -= rate * (first / (1 - 0.9**step)) / (np.sqrt(second / (1 - 0.999**step)) + 1e-8)
    return LinearModel(tuple(classes), vocabulary, weights, bias)


def top(probabilities: dict[str, float]) -> str:
    return max(probabilities, key=probabilities.__getitem__)


def featurizer(kind: str) -> Callable[[list[str]], list[list[str]]]:
    """Texts to feature lists; the parse features load the spaCy model once."""
    if kind == "text":
        return lambda texts: [text_features(t) for t in texts]
    from eventwire.parsing import load_nlp

    nlp = load_nlp()
    return lambda texts: [parse_features(doc) for doc in nlp.pipe(texts, batch_size=64)]


def compare_with_rules(model: LinearModel, featurize, gold: Path) -> dict:
    """Aggregate figures only: the gold rows are coded and scored as `eventwire eval` does."""
    from eventwire.analysis.evaluate import read_gold
    from eventwire.config import Config
    from eventwire.pipeline import Coder, code_documents
    from eventwire.records import Document

    rows = read_gold(gold)
    coder = Coder.load(Config())
    documents = [Document(id=str(n), text=r["text"], date=r.get("date")) for n, r in enumerate(rows)]
    probabilities = [model.probabilities(f) for f in featurize([r["text"] for r in rows])]
    coded = [[(e.event, e.confidence) for e in c.events] for c in code_documents(coder, documents)]
    golds = [r["event"] for r in rows]
    n = len(rows)

    def reranked(weight: float) -> float:
        right = sum(bool(events) and max(events, key=lambda e: e[1] + weight * math.log(max(p[e[0]], 1e-6)))[0] == g
                    for g, events, p in zip(golds, coded, probabilities))
        return round(right / n, 3)

    added = [top(p) not in {c for c, _ in events} for events, p in zip(coded, probabilities)]
    return {
        "sentences": n,
        "rules_top_accuracy": reranked(0.0),
        "model_alone_top_accuracy": round(sum(top(p) == g for g, p in zip(golds, probabilities)) / n, 3),
        **{f"rules_reranked_w{w}": reranked(w) for w in RERANK_WEIGHTS},
        "rules_gold_among": round(sum(g in {c for c, _ in e} for g, e in zip(golds, coded)) / n, 3),
        "silent_sentences": sum(not e for e in coded),
        "silent_model_right": sum(not e and top(p) == g for g, e, p in zip(golds, coded, probabilities)),
        "gold_among_gain_if_model_first_choice_added": sum(
            a and top(p) == g for g, a, p in zip(golds, added, probabilities)),
        "extra_events_per_sentence_if_added": round(sum(added) / n, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--features", choices=("text", "parse"), default="text")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--gold", type=Path, default=None, help="a PLOVER gold-standard file to compare with the rules on")
    args = parser.parse_args()
    featurize = featurizer(args.features)
    examples = story_examples(read_stories(args.corpus))
    train = [e for e in examples if not held_out(e.group)]
    leads = [e for e in examples if held_out(e.group) and e.kind == "lead"]
    model = fit(featurize([e.text for e in train]), [e.category for e in train])
    held_out_probabilities = [model.probabilities(f) for f in featurize([e.text for e in leads])]
    figures = {
        "features": args.features,
        "train_examples": len(train),
        "vocabulary": len(model.vocabulary),
        "held_out_leads": len(leads),
        "held_out_lead_accuracy": round(sum(top(p) == e.category for e, p in zip(leads, held_out_probabilities)) / len(leads), 3),
        "majority_class_share": round(Counter(e.category for e in leads).most_common(1)[0][1] / len(leads), 3),
    }
    if args.gold:
        figures["gold"] = {"file": args.gold.name, **compare_with_rules(model, featurize, args.gold)}
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
