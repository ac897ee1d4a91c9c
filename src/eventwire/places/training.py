"""Train the place ranker (`ranker.py`) on the train split of GeoWebNews and LGL, deterministically.

`make model` runs `eventwire model places`: every train article (`realnews.split_of`) is parsed once, each
candidate of each toponym mention the geoparser finds becomes a row of `ranker.FEATURE_NAMES`, labelled 1
when it lies within 161 km of the gold toponym the mention overlaps (0 for every candidate of a mention that
overlaps no gold toponym: the score is the chance that the place is right, recognition included). A
logistic regression (scikit-learn, the `train` extra) is fitted on standardised features. Its figures are
cross-validated by article: five folds by a hash of the article key, each fold geoparsed by the model fitted
on the other four and scored with `../shared/gold/score_geo.py`. The same folds give the score of streets
and buildings placed at a town, and the reliability of the scores. Held-out articles are never read here.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from eventwire.analysis.realnews import REAL_NEWS, read_corpus, split_of
from eventwire.parsing.model import WITHOUT_LEMMAS, parse_documents
from eventwire.places.geoparse import document_mentions, mention_features, prepare_resolution, resolve_mentions
from eventwire.places.mentions import ALL_MENTIONS, ToponymMention
from eventwire.places.ranker import FEATURE_NAMES, KM_NEAR, PlaceRanker
from eventwire.records import Document, Place, to_dict

log = logging.getLogger(__name__)

FOLDS = 5
FOLD_SEED = "eventwire-place-ranker-folds"
REGULARISATION = 1.0  # scikit-learn's C; the default, not tuned
# Candidate thresholds for taking a mention the rules find no plausible candidate for: the one with the best
# cross-validated acc@161 among those keeping precision at least as high as the rules' own pick.
THRESHOLDS = (0.5, 0.6, 0.7, 0.8, 0.9, 1.01)
SCORE_BINS = (0.0, 0.2, 0.4, 0.6, 0.8, 0.9, 1.0001)


@dataclass
class Article:
    key: str  # gwn-<id> or lgl-<id>
    text: str
    toponyms: list[dict]  # gold spans with lat, lon
    unscored: list[dict]
    mentions: list[ToponymMention]
    hints: list[ToponymMention]


def read_split_articles(coder, shared_gold: Path, split: str = "train") -> list[Article]:
    """Every article of GeoWebNews and LGL in `split`, parsed, with the geoparser's mentions."""
    rows = {key: row for prefix in REAL_NEWS for key, row in read_corpus(shared_gold, prefix) if split_of(key) == split}
    documents = [Document(id=key, text=rows[key]["text"]) for key in sorted(rows)]
    articles = []
    lemmatize = coder.nlp.get_pipe("lemmatizer").lemmatize if "lemmatizer" in coder.nlp.pipe_names else None
    for document, doc in parse_documents(coder.nlp, documents, coder.config.batch_size, WITHOUT_LEMMAS):
        mentions, hints = document_mentions(doc, coder.gazetteer, options=ALL_MENTIONS, lemmatize=lemmatize)
        row = rows[document.id]
        articles.append(Article(document.id, document.text, row.get("toponyms", []), row.get("unscored") or [],
                                mentions, hints))
    return articles


def fold_of(key: str) -> int:
    return int(hashlib.sha1(f"{FOLD_SEED}:{key}".encode()).hexdigest()[:8], 16) % FOLDS


def candidate_rows(article: Article, gazetteer) -> tuple[np.ndarray, np.ndarray]:
    """Features and labels of every candidate of the article's mentions (mentions on unscored gold spans,
    whose truth the corpus does not give, are left out)."""
    resolution = prepare_resolution(article.text, article.mentions, gazetteer, article.hints)
    features, labels = [], []
    for number, mention in enumerate(article.mentions):
        candidates = resolution.candidate_lists[number]
        if number in resolution.local or not candidates or candidates[0].entry is None:
            continue
        gold = _gold_of(mention.start, mention.end, article.toponyms)
        if gold is None and any(_overlap((mention.start, mention.end), (u["start"], u["end"])) > 0 for u in article.unscored):
            continue
        rows, _ = mention_features(resolution, number, mention)
        features.append(rows)
        labels.append([float(gold is not None and c.entry.lat is not None
                             and _km_points(c.entry.lat, c.entry.lon, float(gold["lat"]), float(gold["lon"])) <= KM_NEAR)
                       for c in candidates])
    if not features:
        return np.zeros((0, len(FEATURE_NAMES))), np.zeros(0)
    return np.vstack(features), np.concatenate([np.array(row) for row in labels])


def fit_ranker(features: np.ndarray, labels: np.ndarray) -> PlaceRanker:
    from sklearn.linear_model import LogisticRegression

    mean = features.mean(axis=0)
    scale = features.std(axis=0)
    scale[scale == 0] = 1.0
    model = LogisticRegression(C=REGULARISATION, max_iter=5000)
    model.fit((features - mean) / scale, labels)
    return PlaceRanker(mean=mean, scale=scale, weights=model.coef_[0].copy(), bias=float(model.intercept_[0]),
                       facility_scores={"named": 1.0, "focus": 0.0}, threshold=1.01)


def geoparse_articles(articles: Sequence[Article], gazetteer, ranker: PlaceRanker | None) -> dict[str, list[Place]]:
    return {a.key: resolve_mentions(a.text, a.mentions, gazetteer, a.hints, ranker) for a in articles}


def place_outcome(place: Place, article: Article) -> bool | None:
    """Whether a predicted place is right as the scorer counts it: it overlaps a gold toponym and lies within
    161 km of it; None when it only overlaps an unscored span."""
    gold = _gold_of(place.start, place.end, article.toponyms)
    if gold is None:
        return None if any(_overlap((place.start, place.end), (u["start"], u["end"])) > 0 for u in article.unscored) else False
    return place.lat is not None and _km_points(place.lat, place.lon, float(gold["lat"]), float(gold["lon"])) <= KM_NEAR


def train_place_ranker(coder, shared_gold: Path, target: Path, scorer: Path | None = None) -> dict:
    """Fit the ranker on every train article, write it to `target`, and return the cross-validated figures."""
    articles = read_split_articles(coder, shared_gold, "train")
    log.info("%d train articles parsed", len(articles))
    gazetteer = coder.gazetteer
    tables = {a.key: candidate_rows(a, gazetteer) for a in articles}
    fitted = [fit_ranker(*_stack([tables[a.key] for a in articles if fold_of(a.key) != fold])) for fold in range(FOLDS)]
    by_threshold = {}
    for threshold in THRESHOLDS:
        predictions = {}
        for fold, ranker in enumerate(fitted):
            held = [a for a in articles if fold_of(a.key) == fold]
            predictions |= geoparse_articles(held, gazetteer, replace(ranker, threshold=threshold))
        by_threshold[threshold] = (predictions, _quick_figures(articles, predictions))
    rules = geoparse_articles(articles, gazetteer, None)
    rules_figures = _quick_figures(articles, rules)
    allowed = [t for t in THRESHOLDS if by_threshold[t][1]["precision"] >= rules_figures["precision"]] or [THRESHOLDS[-1]]
    threshold = max(allowed, key=lambda t: (by_threshold[t][1]["acc161"], t))
    predictions = by_threshold[threshold][0]
    facility_scores = _facility_scores(articles, predictions)
    figures = {
        "train_articles": len(articles), "candidates": int(sum(len(t[1]) for t in tables.values())),
        "threshold": threshold, "facility_scores": facility_scores,
        "cross_validated": {t: by_threshold[t][1] for t in THRESHOLDS}, "rules_alone": rules_figures,
        "reliability": _reliability(articles, predictions),
    }
    if scorer is not None and scorer.exists():
        figures["cross_validated_scorer"] = score_by_corpus(scorer, shared_gold, articles, predictions)
    final = fit_ranker(*_stack(list(tables.values())))
    final = replace(final, facility_scores=facility_scores, threshold=threshold)
    source = ("Trained by `eventwire model places` (make model) on the train split (realnews.split_of) of "
              "GeoWebNews and LGL (../shared/gold): scikit-learn logistic regression, C=1.0, standardised features")
    target.write_text(final.to_json(source, {"train_articles": len(articles), "threshold": threshold}), encoding="utf-8")
    return figures


def _facility_scores(articles: Sequence[Article], predictions: dict[str, list[Place]]) -> dict[str, float]:
    """Share of streets and buildings placed at a town that the scorer counts right, by whether the town was
    named with them ("named") or is the document's focus ("focus"): the cross-validated predictions mark
    them with the placeholder scores 1.0 and 0.0 of `fit_ranker`."""
    outcomes: dict[str, list[bool]] = {"named": [], "focus": []}
    for article in articles:
        for place in predictions[article.key]:
            if place.geonameid is None and place.runner_up is None and place.score in (0.0, 1.0):
                outcome = place_outcome(place, article)
                if outcome is not None:
                    outcomes["named" if place.score == 1.0 else "focus"].append(outcome)
    return {kind: round(sum(values) / len(values), 4) if values else 0.5 for kind, values in outcomes.items()}


def _reliability(articles: Sequence[Article], predictions: dict[str, list[Place]]) -> list[dict]:
    """Scores in bins against the share of those places the scorer counts right (gazetteer places only)."""
    pairs = [(place.score, outcome) for article in articles for place in predictions[article.key]
             if place.geonameid is not None and place.score is not None
             for outcome in [place_outcome(place, article)] if outcome is not None]
    table = []
    for low, high in zip(SCORE_BINS, SCORE_BINS[1:]):
        inside = [right for score, right in pairs if low <= score < high]
        if inside:
            table.append({"scores": f"{low:.1f}-{min(high, 1.0):.1f}", "places": len(inside),
                          "right": round(sum(inside) / len(inside), 3)})
    return table


def _quick_figures(articles: Sequence[Article], predictions: dict[str, list[Place]]) -> dict[str, float]:
    """acc@161 over gold toponyms, recall and precision, as score_geo.py counts them (for choosing the
    threshold; the reported figures come from score_geo.py itself)."""
    gold = hits = found = predicted = matched = 0
    for article in articles:
        places = predictions[article.key]
        for toponym in article.toponyms:
            gold += 1
            overlapping = [p for p in places if _overlap((p.start, p.end), (toponym["start"], toponym["end"])) > 0]
            if overlapping:
                found += 1
                best = max(overlapping, key=lambda p: (_overlap((p.start, p.end), (toponym["start"], toponym["end"])),
                                                       p.lat is not None, -abs((p.end - p.start) - (toponym["end"] - toponym["start"]))))
                hits += best.lat is not None and _km_points(best.lat, best.lon, float(toponym["lat"]), float(toponym["lon"])) <= KM_NEAR
        for place in places:
            outcome = place_outcome(place, article)
            if outcome is not None:
                predicted += 1
                matched += _gold_of(place.start, place.end, article.toponyms) is not None
    return {"acc161": round(hits / gold, 4), "recall": round(found / gold, 4), "precision": round(matched / max(predicted, 1), 4)}


def score_by_corpus(scorer: Path, shared_gold: Path, articles: Sequence[Article],
                    predictions: dict[str, list[Place]]) -> dict[str, dict[str, float]]:
    """score_geo.py's last line for each corpus's share of `articles`."""
    figures = {}
    with tempfile.TemporaryDirectory() as scratch:
        for prefix in REAL_NEWS:
            keys = {a.key for a in articles if a.key.startswith(prefix + "-")}
            gold_path, pred_path = Path(scratch) / f"{prefix}-gold.jsonl", Path(scratch) / f"{prefix}-pred.jsonl"
            write_split_gold(shared_gold, prefix, keys, gold_path)
            with pred_path.open("w", encoding="utf-8") as out:
                for key in sorted(keys):
                    record = {"id": key.partition("-")[2], "places": [to_dict(p) for p in predictions[key]]}
                    out.write(json.dumps(record, ensure_ascii=False) + "\n")
            figures[prefix] = score_line(scorer, gold_path, pred_path)
    return figures


def write_split_gold(shared_gold: Path, prefix: str, keys: set[str], target: Path) -> int:
    """The gold lines of corpus `prefix` whose article keys are in `keys`, as they are; their number."""
    written = 0
    with target.open("w", encoding="utf-8") as out:
        for key, row in read_corpus(shared_gold, prefix):
            if key in keys:
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
                written += 1
    return written


def score_line(scorer: Path, gold: Path, predictions: Path) -> dict[str, float]:
    result = subprocess.run([sys.executable, str(scorer), str(gold), str(predictions)],
                            capture_output=True, text=True, check=True)
    return {key: float(value) for key, value in (item.split("=") for item in result.stdout.strip().splitlines()[-1].split())}


def _stack(tables: Sequence[tuple[np.ndarray, np.ndarray]]) -> tuple[np.ndarray, np.ndarray]:
    return np.vstack([t[0] for t in tables]), np.concatenate([t[1] for t in tables])


def _gold_of(start: int, end: int, toponyms: Sequence[dict]) -> dict | None:
    best = max(toponyms, key=lambda t: _overlap((start, end), (t["start"], t["end"])), default=None)
    return best if best is not None and _overlap((start, end), (best["start"], best["end"])) > 0 else None


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return min(a[1], b[1]) - max(a[0], b[0])


def _km_points(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (lat1, lon1, lat2, lon2))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))
