"""The learned candidate ranker: how likely each gazetteer candidate of a mention is the place meant.

`candidate_features` describes a candidate by what the hand-written ranking weighed (how the name matched,
population, feature class, a cue word, the countries and states the text names, the town named like a
state) plus what it could not weigh: how far the candidate lies from the other places of the document,
how many of them share its country, and the rules' own verdicts (plausible at all, the rules' pick). A
logistic regression over these features, trained by `training.py` on the train split of GeoWebNews and
LGL (`make model`), turns them into the probability that the candidate lies within 161 km of the place
meant. The weights ship in `data/place_ranker.json`; applying them needs numpy only.

`geoparse.resolve_mentions` takes the most probable candidate of each mention, its probability as the
place's score and the best candidate elsewhere as the runner-up.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np

from eventwire.errors import EventwireError
from eventwire.places.gazetteer import ALTERNATE, COMPACT, EXACT, Candidate, GazetteerEntry
from eventwire.places.mentions import DIRECTIONAL_PREPOSITIONS, ToponymMention

RANKER_FILE = "place_ranker.json"
RANKER_FORMAT = 2  # 2: the person features (person_role, after_title, name_used_for_a_person)

# Feature classes the ranker tells apart (GeoNames feature codes).
FEATURE_GROUPS = (
    ("country", ("PCLI", "PCLD", "PCLS", "PCLF", "PCL", "TERR")),
    ("capital", ("PPLC",)),
    ("seat", ("PPLA", "PPLA2", "PPLA3", "PPLA4", "PPLG")),
    ("admin1", ("ADM1",)),
    ("admin2", ("ADM2",)),
    ("admin_lower", ("ADM3", "ADM4", "ADM5", "ADMD")),
    ("continent", ("CONT",)),
)
FEATURE_GROUP_OF = {code: group for group, codes in FEATURE_GROUPS for code in codes}

FEATURE_NAMES = (
    "exact", "alternate", "compact",
    "log_population", "log_population_share", "most_populous",
    *(f"is_{group}" for group, _ in FEATURE_GROUPS), "is_town", "is_other_feature",
    "curated", "admin_cue", "admin_cue_on_admin", "admin_without_cue",
    "in_named_country", "in_named_admin1", "no_country_named", "namesake_of_a_state",
    "plausible", "rule_choice", "rule_score",
    "from_model", "tagged_person", "tagged_other", "embedded", "dateline", "locative", "directional",
    "log_km_to_nearest_other", "near_other_place", "no_other_place", "share_of_others_in_country",
    "log_km_to_nearest_pick", "near_other_pick", "no_other_pick", "share_of_picks_in_admin1",
    "share_of_picks_in_country", "rule_score_gap", "nearest_to_picks", "most_in_picks_admin1",
    "log_candidates", "person_role", "after_title", "name_used_for_a_person",
)
# Picks of the rules too coarse to say where a text's other places lie.
COARSE_FEATURES = frozenset({"PCLI", "CONT", "RGN", "OCN", "SEA"})

KM_NEAR = 161.0  # the scorer's radius: a candidate within it of another place of the text shares its area


@dataclass(frozen=True)
class DocumentPlaces:
    """What the document says beyond one mention: the entries its mentions name beyond doubt (the first
    pass's evidence), by mention number, and the countries and states it names."""

    evidence: dict[int, GazetteerEntry]
    countries: frozenset[str]
    admin1: frozenset[str]
    # the hand-written ranking's pick of every mention finer than a country, by mention number, with the
    # name it was picked for (a name repeated is one place, not more evidence for itself)
    picks: dict[int, tuple[str, GazetteerEntry]]
    # mention number -> whether its name (normalised) is used for a person somewhere in the text: a mention of
    # it after a title ("coach Ripley"), acting as people do ("Fairfield could spend") or tagged PERSON
    used_for_a_person: frozenset[int] = frozenset()


def candidate_features(number: int, mention: ToponymMention, candidates: Sequence[Candidate],
                       plausible: Sequence[bool], rule_scores: Sequence[float], rule_pick: Candidate | None,
                       document: DocumentPlaces) -> np.ndarray:
    """One row of FEATURE_NAMES per candidate of mention `number`."""
    others = [entry for other, entry in document.evidence.items() if other != number and entry.lat is not None]
    own_name = document.picks[number][0] if number in document.picks else None
    picks = list({entry for other, (name, entry) in document.picks.items()
                  if other != number and name != own_name and entry.lat is not None})
    # each place's point prepared once for the candidates' distances to it (`_km_between`)
    other_points, pick_points = [_point(entry) for entry in others], [_point(entry) for entry in picks]
    top_population = max((c.entry.population for c in candidates), default=0)
    rows = np.zeros((len(candidates), len(FEATURE_NAMES)), dtype=np.float64)
    mention_part = [
        float(mention.from_model), float(mention.other_label == "PERSON"),
        float(bool(mention.other_label) and mention.other_label != "PERSON"), float(mention.embedded),
        float(mention.dateline), float(mention.after_preposition or mention.admin_cue),
        float(mention.preposition in DIRECTIONAL_PREPOSITIONS),
    ]
    top_rule_score = max(rule_scores, default=0.0)
    for row, (candidate, is_plausible, rule_score) in enumerate(zip(candidates, plausible, rule_scores)):
        entry = candidate.entry
        group = FEATURE_GROUP_OF.get(entry.feature)
        is_admin = entry.feature.startswith("ADM") or entry.feature in ("RGN", "PEN")
        point = _point(entry) if entry.lat is not None else None
        nearest = min((_km_between(point, other) for other in other_points), default=None) if point else None
        same_country = sum(other.country == entry.country for other in others) / len(others) if others else 0.0
        pick_km = min((_km_between(point, pick) for pick in pick_points), default=None) if point else None
        pick_admin1 = sum(bool(entry.admin1) and pick.admin1 == entry.admin1 for pick in picks) / len(picks) if picks else 0.0
        pick_country = sum(pick.country == entry.country for pick in picks) / len(picks) if picks else 0.0
        rows[row] = [
            float(candidate.kind == EXACT), float(candidate.kind == ALTERNATE), float(candidate.kind == COMPACT),
            math.log10(entry.population + 1), math.log10((entry.population + 1) / (top_population + 1)),
            float(entry.population == top_population),
            *(float(group == name) for name, _ in FEATURE_GROUPS),
            float(group is None and entry.feature.startswith("PPL")),
            float(group is None and not entry.feature.startswith("PPL")),
            float(entry.curated), float(mention.admin_cue), float(mention.admin_cue and is_admin),
            float(entry.feature.startswith("ADM") and not mention.admin_cue),
            float(bool(entry.country) and entry.country in document.countries),
            float(bool(entry.admin1) and entry.admin1 in document.admin1 and entry.feature != "ADM1"),
            float(not document.countries), float(_namesake_of_a_state(candidate, candidates)),
            float(is_plausible), float(rule_pick is not None and candidate == rule_pick), rule_score,
            *mention_part,
            math.log10(1 + nearest) if nearest is not None else 0.0,
            float(nearest is not None and nearest <= KM_NEAR), float(nearest is None), same_country,
            math.log10(1 + pick_km) if pick_km is not None else 0.0,
            float(pick_km is not None and pick_km <= KM_NEAR), float(pick_km is None), pick_admin1, pick_country,
            rule_score - top_rule_score, 0.0, 0.0,
            math.log10(len(candidates)),
            float(mention.person_role), float(mention.after_title), float(number in document.used_for_a_person),
        ]
    _mark_best(rows, FEATURE_NAMES.index("log_km_to_nearest_pick"), FEATURE_NAMES.index("nearest_to_picks"), lowest=True)
    _mark_best(rows, FEATURE_NAMES.index("share_of_picks_in_admin1"), FEATURE_NAMES.index("most_in_picks_admin1"))
    return rows


def _mark_best(rows: np.ndarray, source: int, target: int, lowest: bool = False) -> None:
    """Set column `target` to 1 on the candidates with the best value of column `source` (lowest or highest),
    when the candidates differ in it: a comparison among the mention's candidates, which the regression,
    scoring each candidate alone, cannot make."""
    values = rows[:, source]
    if len(values) and values.min() != values.max():
        rows[:, target] = values == (values.min() if lowest else values.max())


def _namesake_of_a_state(candidate: Candidate, candidates: Sequence[Candidate]) -> bool:
    """Florida, New York or Wyoming, Michigan: a town named like a state of its country, outside it."""
    entry = candidate.entry
    return entry.feature == "PPL" and any(
        c.kind == EXACT and c.entry.feature == "ADM1" and c.entry.country == entry.country
        and c.entry.admin1 != entry.admin1 for c in candidates)


def _km(a: GazetteerEntry, b: GazetteerEntry) -> float:
    """Great-circle distance between two entries, in km."""
    return _km_between(_point(a), _point(b))


def _point(entry: GazetteerEntry) -> tuple[float, float, float]:
    """An entry's latitude and longitude in radians and the cosine of its latitude, for `_km_between`."""
    lat = math.radians(entry.lat)
    return lat, math.radians(entry.lon), math.cos(lat)


def _km_between(a: tuple[float, float, float], b: tuple[float, float, float]) -> float:
    """Great-circle distance between two `_point`s, in km (the haversine formula)."""
    h = math.sin((b[0] - a[0]) / 2) ** 2 + a[2] * b[2] * math.sin((b[1] - a[1]) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


class RankerError(EventwireError):
    """The ranker file is missing, unreadable or was written for other features."""


@dataclass(frozen=True)
class PlaceRanker:
    """A logistic regression over standardised candidate features (see `training.py`)."""

    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray
    bias: float
    # Share of the train split's streets and buildings placed at a town that lie within 161 km of the
    # place meant: their score, by whether the town was named with them or is the document's focus.
    facility_scores: dict[str, float]
    threshold: float  # the score below which a mention the rules found no plausible candidate for is dropped

    def probabilities(self, features: np.ndarray) -> np.ndarray:
        if not len(features):
            return np.zeros(0)
        logits = ((features - self.mean) / self.scale) @ self.weights + self.bias
        return 1.0 / (1.0 + np.exp(-logits))

    def to_json(self, source: str, figures: dict) -> str:
        payload = {
            "source": source, "format": RANKER_FORMAT, "features": list(FEATURE_NAMES),
            "mean": _rounded(self.mean), "scale": _rounded(self.scale), "weights": _rounded(self.weights),
            "bias": round(float(self.bias), 8), "facility_scores": {k: round(v, 4) for k, v in sorted(self.facility_scores.items())},
            "threshold": round(self.threshold, 4), "figures": figures,
        }
        return json.dumps(payload, indent=1, sort_keys=False) + "\n"


def _rounded(values: np.ndarray) -> list[float]:
    return [round(float(value), 8) for value in values]


def load_place_ranker(path: Path | None = None) -> PlaceRanker | None:
    """The trained ranker (the package's, or the file at `path`); None when none has been trained."""
    source = resources.files("eventwire.places") / "data" / RANKER_FILE if path is None else Path(path)
    if not source.is_file():
        return None
    where = str(path or f"eventwire/places/data/{RANKER_FILE}")
    try:
        payload = json.loads(source.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        raise RankerError(f"{where}: cannot read the place ranker: {error}") from error
    if payload.get("format") != RANKER_FORMAT or tuple(payload.get("features", ())) != FEATURE_NAMES:
        raise RankerError(f"{where}: written for other features than this eventwire's: run `make model`")
    return PlaceRanker(mean=np.array(payload["mean"]), scale=np.array(payload["scale"]),
                       weights=np.array(payload["weights"]), bias=float(payload["bias"]),
                       facility_scores=dict(payload["facility_scores"]), threshold=float(payload["threshold"]))
