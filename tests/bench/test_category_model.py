"""The category-model experiment (bench/category_model.py) on tiny inline stories: it must keep
measuring the same thing when someone reruns it, so its pieces are checked here without ../shared."""

import importlib.util
import sys

import pytest

from tests.conftest import REPO


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("category_model", REPO / "bench" / "category_model.py")
    module = importlib.util.module_from_spec(spec)
    # Registered before running it: its dataclasses look their module up by name.
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    yield module
    del sys.modules[spec.name]


STORIES = [
    {"id": "s1", "title": "{country_1} Troops Shell Border Town", "event": "ASSAULT",
     "text": "Troops shelled a border town on Monday. Residents fled.\n\nMore background here."},
    {"id": "s2", "title": "Talks Open in {city}", "event": "CONSULT",
     "text": "Envoys met in the capital for talks. They will meet again."},
    {"id": "s3", "title": "Not a category", "event": "NONE", "text": "Ignored."},
]


def test_examples_are_the_headline_without_placeholders_and_the_lead_sentence(bench):
    examples = bench.story_examples(STORIES)
    assert [(e.kind, e.text, e.category) for e in examples] == [
        ("title", "Troops Shell Border Town", "ASSAULT"),
        ("lead", "Troops shelled a border town on Monday.", "ASSAULT"),
        ("title", "Talks Open in", "CONSULT"),
        ("lead", "Envoys met in the capital for talks.", "CONSULT"),
    ]
    # Both examples of a story share its headline template, so the split never separates them.
    assert examples[0].group == examples[1].group == STORIES[0]["title"]


def test_the_held_out_split_is_stable_and_about_one_in_five(bench):
    groups = [f"headline {n}" for n in range(500)]
    first = [bench.held_out(g) for g in groups]
    assert first == [bench.held_out(g) for g in groups]
    assert 70 < sum(first) < 130


def test_text_features_are_words_stems_and_pairs(bench):
    features = bench.text_features("Rebels attacked 12 villages")
    assert {"w=rebels", "s=rebel", "w=attacked", "s=attack", "w=0", "b=rebels_attacked", "b=0_villages"} <= set(features)
    assert "w=the" not in bench.text_features("the talks")  # stop words only count in pairs


def test_parse_features_name_the_predicate_and_its_object(bench, nlp):
    features = bench.parse_features(nlp("The army shelled the town."))
    assert {"p=shell", "vo=shell_town", "l=army"} <= set(features)


def test_fit_learns_a_separable_toy_problem(bench):
    rows = [["w=shell", "w=town"], ["w=bomb", "w=town"], ["w=meet", "w=envoy"], ["w=talk", "w=envoy"]] * 3
    labels = ["ASSAULT", "ASSAULT", "CONSULT", "CONSULT"] * 3
    model = bench.fit(rows, labels, classes=("ASSAULT", "CONSULT"), min_count=1, epochs=60)
    assert bench.top(model.probabilities(["w=shell"])) == "ASSAULT"
    assert bench.top(model.probabilities(["w=envoy"])) == "CONSULT"
    probabilities = model.probabilities(["w=unseen"])
    assert abs(sum(probabilities.values()) - 1.0) < 1e-9
