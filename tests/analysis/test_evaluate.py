"""Scoring against gold files: actor matching and the seeds-format actor accuracy."""

from __future__ import annotations

import json

import pytest

from eventwire.analysis.evaluate import evaluate_seeds, read_gold, same_actor
from eventwire.config import Config
from eventwire.records import Actor


def actor(name, country, kind="state"):
    return Actor(name, 0, len(name), name, country, None, kind)


def test_same_actor_by_state_or_by_name_when_stateless():
    assert same_actor({"country": "RUS", "name": "Russia"}, actor("Moscow", "RUS"))
    assert not same_actor({"country": "RUS"}, actor("United States", "USA"))
    assert same_actor({"country": None, "name": "Islamic State"}, actor("Islamic State", None, "armed_group"))
    assert not same_actor({"country": None, "name": "Islamic State"}, actor("al-Qaeda", None, "armed_group"))


@pytest.fixture(scope="module")
def coder(load_coder):
    return load_coder(Config())


def test_seeds_format_scores_actors_of_the_events_found(tmp_path, coder):
    docs = tmp_path / "docs"
    docs.mkdir()
    text = "Pakistan accused India of shelling villages in Kashmir.\n\nThe weather was mild on Sunday.\n"
    (docs / "a.txt").write_text(text, encoding="utf-8")
    sentence = "Pakistan accused India of shelling villages in Kashmir."
    rows = [
        {"doc": "a.txt", "sentence": sentence, "event": "ACCUSE",
         "actor": [{"text": "Pakistan", "country": "PAK", "name": "Pakistan"}],
         "recipient": [{"text": "India", "country": "IND", "name": "India"}]},
        {"doc": "a.txt", "sentence": sentence, "event": "ASSAULT",
         "actor": [{"text": "India", "country": "CHN", "name": "China"}], "recipient": []},
    ]
    gold = tmp_path / "gold.jsonl"
    gold.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    report = evaluate_seeds(coder, read_gold(gold), docs)
    figures = report.figures()
    assert figures["recipient_accuracy"] == 1.0
    # The ASSAULT's gold actor (deliberately wrong here) is not among the coded ones.
    assert report.actor_total == 2 and report.actor_correct == 1


def test_share_right_at_high_confidence_counts_only_records_at_or_above_it():
    from eventwire.analysis.evaluate import share_right_at

    assert share_right_at([(0.95, True), (0.8, False), (0.79, False), (0.3, True)]) == 0.5
    assert share_right_at([(0.5, True)]) is None


def test_plover_figures_give_extra_events_per_sentence():
    from eventwire.analysis.evaluate import PloverReport

    report = PloverReport(sentences=4, events=6, confidences=[(0.9, True)])
    figures = report.figures()
    assert figures["extra_events_per_sentence"] == 0.5
    assert figures["right_at_high_confidence"] == 1.0
