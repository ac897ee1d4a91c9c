"""The real-news gold: seeded draw, split by hash, sentence units, coding checks, agreement."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eventwire.analysis import realnews
from eventwire.analysis.realnews import (
    RealNewsGold,
    agreement,
    check_annotation,
    cohen_kappa,
    draw_sample,
    segment,
    split_of,
    stratum,
)
from eventwire.errors import InputError

POLITICAL = ("Police arrested the mayor on Monday after a court charged him with fraud. "
             "The governor said the government would appeal. Troops were deployed.")
OTHER = "The team won the match on Saturday. Fans cheered in the sunshine and the coach smiled."


def write_corpus(folder: Path, articles: dict[str, str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "geowebnews.jsonl").open("w", encoding="utf-8") as stream:
        for own_id, text in articles.items():
            stream.write(json.dumps({"id": own_id, "text": text}) + "\n")
    (folder / "lgl.jsonl").write_text("", encoding="utf-8")


@pytest.fixture()
def small_gold(tmp_path):
    """Two articles drawn, segmented and written as the repository's gold folder is."""
    shared = tmp_path / "shared" / "gold"
    write_corpus(shared, {"1": "Headline of it\n" + POLITICAL, "2": OTHER})
    articles = realnews.read_articles(shared)
    sample = draw_sample(articles, political=1, other=1)
    nlp = realnews.sentencizer()
    root = tmp_path / "repo" / "gold" / "realnews"
    units = [{"doc": row["doc"], "sent": n, "start": s, "end": e}
             for row in sample for n, (s, e) in enumerate(segment(articles[row["doc"]]["text"], nlp))]
    realnews.write_jsonl(root / "sample.jsonl", sample)
    realnews.write_jsonl(root / "sentences.jsonl", units)
    return RealNewsGold.load(root, shared)


def coding(gold: RealNewsGold, key: str, events_by_unit: dict[int, list[dict]], coder: str = "coder_a") -> None:
    path = gold.annotation_path(coder, key)
    path.parent.mkdir(parents=True, exist_ok=True)
    units = [{"sent": n, "events": events_by_unit.get(n, [])} for n in range(len(gold.sentences[key]))]
    path.write_text(json.dumps({"doc": key, "coder": coder, "political": True, "sentences": units}), encoding="utf-8")


def arrest(trigger: str = "arrested") -> dict:
    return {"event": "COERCE", "mode": "arrest", "trigger": trigger,
            "actor": [{"text": "Police", "country": "USA", "sector": "COP"}],
            "recipient": [{"text": "the mayor", "country": "USA", "sector": "GOV"}],
            "negated": False, "modality": "asserted", "attributed_to": None, "background": False}


def test_split_and_draw_are_functions_of_the_key_alone():
    keys = [f"lgl-{n}" for n in range(400)]
    splits = [split_of(k) for k in keys]
    assert splits == [split_of(k) for k in keys]
    assert 0.5 < splits.count("train") / len(splits) < 0.7
    assert realnews.draw_rank("gwn-1") == realnews.draw_rank("gwn-1") != realnews.draw_rank("gwn-2")


def test_the_word_screen_stratifies():
    terms = realnews.load_political_terms()
    assert stratum(POLITICAL, terms) == "political"
    assert stratum(OTHER, terms) == "other"


def test_units_are_lines_then_sentences_trimmed():
    text = "A headline\n\n  First sentence here. Second one.  \n"
    spans = segment(text, realnews.sentencizer())
    assert [text[s:e] for s, e in spans] == ["A headline", "First sentence here.", "Second one."]


def test_a_sound_coding_passes_and_a_faulty_one_names_its_faults(small_gold):
    key = next(k for k, row in small_gold.sample.items() if row["stratum"] == "political")
    unit = next(n for n, t in enumerate(small_gold.sentence_texts(key)) if "arrested" in t)
    coding(small_gold, key, {unit: [arrest()]})
    assert check_annotation(small_gold, "coder_a", key) == []
    wrong = dict(arrest("detained"), event="ARREST", mode="arrest")
    coding(small_gold, key, {unit: [wrong]})
    problems = " ".join(check_annotation(small_gold, "coder_a", key))
    assert "'ARREST' is not a PLOVER category" in problems
    assert "trigger 'detained' is not a substring" in problems


def test_every_unit_must_be_coded(small_gold):
    key = next(k for k, row in small_gold.sample.items() if row["stratum"] == "political")
    assert len(small_gold.sentences[key]) == 4  # the headline and three sentences
    path = small_gold.annotation_path("coder_a", key)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"doc": key, "political": False, "sentences": [{"sent": 0, "events": []}]}))
    problems = check_annotation(small_gold, "coder_a", key)
    assert any("sentences not coded" in p and "[1, 2, 3]" in p for p in problems)


def test_a_changed_source_text_is_refused(small_gold, tmp_path):
    write_corpus(tmp_path / "shared" / "gold", {"1": "Something else entirely.", "2": OTHER})
    with pytest.raises(InputError, match="has changed since the draw"):
        RealNewsGold.load(small_gold.root, tmp_path / "shared" / "gold")


def test_kappa_is_one_for_agreement_and_zero_for_chance():
    assert cohen_kappa([("A", "A"), ("B", "B"), ("A", "A")]) == 1.0
    assert cohen_kappa([("A", "A"), ("A", "B"), ("B", "A"), ("B", "B")]) == 0.0


def test_agreement_counts_units_and_pairs(small_gold):
    key = next(k for k, row in small_gold.sample.items() if row["stratum"] == "political")
    unit = next(n for n, t in enumerate(small_gold.sentence_texts(key)) if "arrested" in t)
    coding(small_gold, key, {unit: [arrest()]}, "coder_a")
    coding(small_gold, key, {unit: [arrest()]}, "coder_b")
    figures = agreement(small_gold)
    assert figures["articles"] == 1 and figures["pair_f1"] == 1.0 and figures["kappa_event_vs_none"] == 1.0
    coding(small_gold, key, {}, "coder_b")
    assert agreement(small_gold)["pair_f1"] == 0.0


def test_the_committed_gold_is_whole(shared_dir):
    """The repository's gold: every article of the sample coded, and every coding sound."""
    root = Path(__file__).resolve().parents[2] / "gold" / "realnews"
    gold = RealNewsGold.load(root, shared_dir / "gold")
    wave_one = [k for k, row in gold.sample.items() if row.get("wave", 1) == 1]
    assert len(wave_one) == 240
    assert all(gold.annotation_path("coder_a", k).is_file() for k in wave_one)
    problems = [p for k in gold.docs() if gold.annotation_path("coder_a", k).is_file()
                for p in check_annotation(gold, "coder_a", k)]
    assert problems == []
