"""Story grouping scored against hand groupings: pairwise precision and recall."""

import importlib.util
import json

import pytest

from eventwire.analysis.evaluate_grouping import group_records, pairwise_score, read_table, written_labels
from eventwire.errors import InputError
from eventwire.records import Document, Place
from eventwire.stories.grouping import PlaceHierarchy
from tests.conftest import FIXTURES, REPO

STORIES = FIXTURES / "stories"


def bench_stories():
    spec = importlib.util.spec_from_file_location("bench_stories", REPO / "bench" / "stories.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_pairwise_score_counts_pairs():
    score = pairwise_score([("a", "s1"), ("a", "s1"), ("a", "s2"), ("b", "s2"), ("c", "s3")])
    # hand pairs: a-a three times; grouped pairs: (1,2) and (3,4); right: (1,2)
    assert (score.records, score.hand_pairs, score.grouped_pairs, score.right_pairs) == (5, 3, 2, 1)
    assert score.precision == 0.5 and score.recall == pytest.approx(1 / 3)


def test_hand_groupings_are_well_formed(tmp_path):
    rows = read_table(STORIES / "multi_outlet_groups.tsv", ("doc", "category", "trigger", "story"))
    documents = {json.loads(line)["id"] for line in (STORIES / "multi_outlet.jsonl").open(encoding="utf-8")}
    assert rows and {row["doc"] for row in rows} == documents
    assert len(read_table(STORIES / "seeds_groups.tsv", ("line", "story"))) == 92
    broken = tmp_path / "broken.tsv"
    broken.write_text("doc\tstory\nonly-one-cell\n", encoding="utf-8")
    with pytest.raises(InputError):
        read_table(broken, ("doc", "story"))


def test_the_written_multi_outlet_set_is_grouped_precisely(load_coder):
    from eventwire.pipeline import code_documents

    rows = [json.loads(line) for line in (STORIES / "multi_outlet.jsonl").open(encoding="utf-8")]
    documents = [Document(id=r["id"], text=r["text"], date=r["date"], source=r["source"]) for r in rows]
    coder = load_coder()
    events, stories = group_records(code_documents(coder, documents), hierarchy=PlaceHierarchy.from_gazetteer(coder.gazetteer))
    labelled, unmatched = written_labels(events, STORIES / "multi_outlet_groups.tsv")
    assert len(labelled) >= 40 and len(unmatched) <= 5
    score = pairwise_score((label, stories[event.id].story_id) for label, event in labelled)
    assert score.precision >= 0.90
    # Recall is held by the event coder's parties and places on these reports (bench/README.md); this
    # is its floor (0.663 measured with the rules alone).
    assert score.recall >= 0.60
    # Written near misses (another town the same day, the same town ten days on, another attacker, a
    # negated statement, a negated plan, another pair agreeing the same day) contest nothing.
    missed = [event for label, event in labelled if label in bench_stories().NEAR_MISSES]
    assert len(missed) >= 8
    contesting = {stories[e.id].story_id for e in events if stories[e.id].contradiction in ("negated", "denied", "blames another actor")}
    assert not [e for e in missed if stories[e.id].contradiction or stories[e.id].story_id in contesting]


def test_gold_events_become_records_with_their_hand_labels(tmp_path):
    from eventwire.analysis.evaluate_grouping import gold_seed_events

    text = "Ruritania struck Velna. Ostrava denied it."
    ruritania = {"text": "Ruritania", "country": "RUR", "sector": None, "name": "Ruritania"}
    rows = [{"doc": "a.txt", "sentence": "Ruritania struck Velna.", "event": "ASSAULT", "actor": [ruritania],
             "recipient": [], "negated": False, "modality": "asserted", "location": "Velna"},
            {"doc": "a.txt", "sentence": "Ostrava denied it.", "event": "REJECT", "actor": [], "recipient": [ruritania],
             "negated": False, "modality": "denied", "location": None}]
    grouping = tmp_path / "groups.tsv"
    grouping.write_text("line\tstory\n1\tvelna-strike\n", encoding="utf-8")
    places = {"Velna": Place("Velna", -1, -1, "Velna", "1", 1.0, 2.0, "OST", "PPL")}
    labelled = gold_seed_events(rows, {"a.txt": text}, {"a.txt": "2024-03-04"}, places.get, grouping)
    assert [label for label, _ in labelled] == ["velna-strike", "line-2"]
    strike, denial = (event for _, event in labelled)
    assert strike.actor[0].country == "RUR" and (strike.actor[0].start, strike.actor[0].end) == (0, 9)
    assert strike.location.geonameid == "1" and strike.doc_date == "2024-03-04" and strike.date is None
    assert denial.sent_start == text.index("Ostrava") and denial.modality == "denied" and denial.location is None
