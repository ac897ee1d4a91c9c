"""The learned place ranker: its features, its numpy scoring, its file, and the scores and runner-ups it
gives places."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from eventwire.places import ALL_MENTIONS, find_places
from eventwire.places.gazetteer import EXACT, Candidate, GazetteerEntry
from eventwire.places.mentions import ToponymMention
from eventwire.places.ranker import (
    FEATURE_NAMES,
    DocumentPlaces,
    PlaceRanker,
    RankerError,
    candidate_features,
    load_place_ranker,
)
from eventwire.places.training import fit_ranker, fold_of, place_outcome
from eventwire.records import Place, PlaceAlternative, place_from_dict, to_dict

PARIS_FRANCE = GazetteerEntry("Paris", "2988507", 48.853, 2.349, "FRA", "PPLC", 2_138_551, False, "FR.11")
PARIS_TEXAS = GazetteerEntry("Paris", "4717560", 33.661, -95.556, "USA", "PPL", 25_171, False, "US.TX")
DALLAS = GazetteerEntry("Dallas", "4684888", 32.783, -96.807, "USA", "PPL", 1_300_092, False, "US.TX")


def mention(**changes) -> ToponymMention:
    fields = dict(start=0, end=5, name_start=0, name_end=5, admin_cue=False, from_model=True, other_label="",
                  preposition="in")
    return ToponymMention(**{**fields, **changes})


def column(rows: np.ndarray, name: str) -> list[float]:
    return list(rows[:, FEATURE_NAMES.index(name)])


def test_features_describe_each_candidate_against_the_document_places():
    candidates = [Candidate(PARIS_FRANCE, EXACT), Candidate(PARIS_TEXAS, EXACT)]
    document = DocumentPlaces(evidence={1: DALLAS}, countries=frozenset({"USA"}), admin1=frozenset({"US.TX"}),
                              picks={0: ("paris", PARIS_FRANCE), 1: ("dallas", DALLAS)})
    rows = candidate_features(0, mention(), candidates, [True, True], [9.0, 7.0], candidates[0], document)
    assert rows.shape == (2, len(FEATURE_NAMES))
    assert column(rows, "is_capital") == [1.0, 0.0]
    assert column(rows, "in_named_country") == [0.0, 1.0]
    assert column(rows, "in_named_admin1") == [0.0, 1.0]
    assert column(rows, "near_other_pick") == [0.0, 1.0]  # Paris, Texas lies 150 km from Dallas
    assert column(rows, "nearest_to_picks") == [0.0, 1.0]
    assert column(rows, "rule_choice") == [1.0, 0.0]
    assert column(rows, "rule_score_gap") == [0.0, -2.0]
    assert column(rows, "most_populous") == [1.0, 0.0]


def test_a_mention_does_not_count_itself_or_its_own_name_as_context():
    candidates = [Candidate(PARIS_TEXAS, EXACT)]
    alone = DocumentPlaces(evidence={0: PARIS_TEXAS}, countries=frozenset(), admin1=frozenset(),
                           picks={0: ("paris", PARIS_TEXAS), 3: ("paris", PARIS_TEXAS)})
    rows = candidate_features(0, mention(), candidates, [True], [5.0], None, alone)
    assert column(rows, "no_other_place") == [1.0]
    assert column(rows, "no_other_pick") == [1.0]


def test_probabilities_are_the_logistic_of_the_standardised_features():
    count = len(FEATURE_NAMES)
    weights = np.zeros(count)
    weights[FEATURE_NAMES.index("exact")] = 2.0
    ranker = PlaceRanker(mean=np.full(count, 0.5), scale=np.full(count, 0.5), weights=weights, bias=-1.0,
                         facility_scores={"named": 0.4, "focus": 0.2}, threshold=0.9)
    rows = np.zeros((2, count))
    rows[0, FEATURE_NAMES.index("exact")] = 1.0
    got = ranker.probabilities(rows)
    assert got[0] == pytest.approx(1 / (1 + math.exp(-(2.0 * 1.0 - 1.0))))  # (1 - 0.5) / 0.5 = 1
    assert got[1] == pytest.approx(1 / (1 + math.exp(-(2.0 * -1.0 - 1.0))))
    assert ranker.probabilities(np.zeros((0, count))).shape == (0,)


def test_the_ranker_file_round_trips_and_a_stale_one_is_refused(tmp_path):
    count = len(FEATURE_NAMES)
    ranker = PlaceRanker(mean=np.arange(count, dtype=float), scale=np.ones(count), weights=np.linspace(-1, 1, count),
                         bias=0.25, facility_scores={"named": 0.4, "focus": 0.2}, threshold=0.5)
    path = tmp_path / "ranker.json"
    path.write_text(ranker.to_json("test", {}), encoding="utf-8")
    loaded = load_place_ranker(path)
    assert np.allclose(loaded.weights, ranker.weights) and loaded.bias == 0.25 and loaded.threshold == 0.5
    payload = json.loads(path.read_text(encoding="utf-8"))
    payload["features"] = payload["features"][:-1]
    path.write_text(json.dumps(payload), encoding="utf-8")
    with pytest.raises(RankerError, match="ranker.json"):
        load_place_ranker(path)
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(RankerError, match="ranker.json"):
        load_place_ranker(path)
    assert load_place_ranker(tmp_path / "missing.json") is None


def test_the_shipped_ranker_loads():
    ranker = load_place_ranker()
    assert ranker is not None, "no places/data/place_ranker.json: run `make model`"
    assert ranker.weights.shape == (len(FEATURE_NAMES),)
    assert set(ranker.facility_scores) == {"named", "focus"}
    assert all(0.0 <= value <= 1.0 for value in ranker.facility_scores.values())


def test_resolved_places_carry_a_score_and_a_runner_up(nlp, gazetteer):
    ranker = load_place_ranker()
    places = find_places(nlp("Police in Paris, Texas, arrested two men on Friday."), gazetteer,
                         options=ALL_MENTIONS, ranker=ranker)
    paris = next(p for p in places if p.text == "Paris")
    assert paris.country == "USA"
    assert 0.0 <= paris.score <= 1.0
    assert paris.runner_up is not None and paris.runner_up.country != "USA"  # another Paris, far away
    assert 0.0 <= paris.runner_up.score <= 1.0
    # without the ranker, the hand-written ranking gives no score
    unranked = find_places(nlp("Police in Paris arrested two men."), gazetteer)
    assert unranked and all(p.score is None for p in unranked)


def test_an_adjective_of_a_place_is_no_place_for_the_ranker_either(nlp, gazetteer):
    # "Somali" modifies "border town": the rules take none of its candidates for an event's place, and the
    # ranker (trained where such words are adjectives) must not take Ethiopia's Somali Region on its own.
    doc = nlp("Kenyan troops shelled al-Shabaab positions near the Somali border town of Dhobley on Monday.")
    for ranker in (None, load_place_ranker()):
        places = find_places(doc, gazetteer, ranker=ranker)
        assert [(p.text, p.country) for p in places] == [("Dhobley", "SOM")]


def test_fitting_learns_which_feature_marks_the_right_candidate():
    rng = np.random.default_rng(0)
    features = rng.normal(size=(400, len(FEATURE_NAMES)))
    labels = (features[:, FEATURE_NAMES.index("log_population")] > 0).astype(float)
    ranker = fit_ranker(features, labels)
    assert int(np.argmax(np.abs(ranker.weights))) == FEATURE_NAMES.index("log_population")
    assert ranker.weights[FEATURE_NAMES.index("log_population")] > 0


def test_folds_are_fixed_by_the_article_key():
    keys = [f"lgl-{number}" for number in range(200)]
    assert [fold_of(key) for key in keys] == [fold_of(key) for key in keys]
    assert set(fold_of(key) for key in keys) == {0, 1, 2, 3, 4}


def test_a_place_is_right_when_it_overlaps_a_gold_toponym_within_161_km():
    from eventwire.places.training import Article

    article = Article("gwn-1", "Paris and Lyon", [{"start": 0, "end": 5, "lat": 48.85, "lon": 2.35}],
                      [{"start": 10, "end": 14}], [], [])

    def place(start, end, lat, lon):
        return Place(text="x", start=start, end=end, name="x", geonameid=None, lat=lat, lon=lon, country=None, feature=None)

    assert place_outcome(place(0, 5, 48.9, 2.3), article) is True
    assert place_outcome(place(0, 5, 33.66, -95.56), article) is False
    assert place_outcome(place(10, 14, 45.76, 4.83), article) is None  # an unscored span: truth unknown
    assert place_outcome(place(6, 9, 45.76, 4.83), article) is False


def test_a_place_with_its_runner_up_survives_json():
    place = Place(text="Paris", start=0, end=5, name="Paris", geonameid="4717560", lat=33.66, lon=-95.56,
                  country="USA", feature="PPL", score=0.81,
                  runner_up=PlaceAlternative("Paris", "2988507", 48.85, 2.35, "FRA", "PPLC", 0.12))
    assert place_from_dict(json.loads(json.dumps(to_dict(place)))) == place
    old = {k: v for k, v in to_dict(place).items() if k not in ("score", "runner_up")}
    assert place_from_dict(old).score is None and place_from_dict(old).runner_up is None


def test_a_name_after_a_title_or_acting_as_a_person_is_marked_for_the_ranker(nlp, gazetteer):
    from eventwire.places.geoparse import document_mentions, mention_features, prepare_resolution

    text = '"We fought hard," said coach Ripley. Ripley scored in Ripley, Ohio, on Friday.'
    mentions, hints = document_mentions(nlp(text), gazetteer, options=ALL_MENTIONS)
    resolution = prepare_resolution(text, mentions, gazetteer, hints)
    ripleys = [number for number, m in enumerate(mentions) if text[m.name_start:m.name_end] == "Ripley"]
    assert len(ripleys) == 3
    assert mentions[ripleys[0]].after_title and not mentions[ripleys[2]].after_title
    for number in ripleys:  # the name is used for a person, so every mention of it says so
        rows, _ = mention_features(resolution, number, mentions[number])
        assert set(column(rows, "name_used_for_a_person")) == {1.0}
    ohio = next(number for number, m in enumerate(mentions) if text[m.name_start:m.name_end] == "Ohio")
    rows, _ = mention_features(resolution, ohio, mentions[ohio])
    assert set(column(rows, "name_used_for_a_person")) == {0.0}
