"""The event detector: the rules' signals, the learned decision, and the coder with the model on."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from eventwire.config import Config
from eventwire.events.detection import DECISION_FEATURES, DecisionHead, decide, decision_features, rule_evidence
from eventwire.events.detector import SentenceDetection, load_signal_lexicon, signal_features
from eventwire.events.lexicon import load_event_lexicon
from eventwire.parsing.prefilter import blank_spans
from eventwire.records import PLOVER_CATEGORIES


@pytest.fixture(scope="module")
def signals():
    return load_signal_lexicon(load_event_lexicon())


def column(signals, name: str) -> int:
    return signals.names.index(name)


def test_signals_name_the_strongest_trigger_of_each_category_and_the_cues(signals):
    words = ["police", "did", "not", "arrest", "him", "if", "he", "paid"]
    readings = [frozenset({w}) for w in words]
    row = signal_features(readings, words, signals)
    assert row.shape == (len(signals.names),)
    assert row[column(signals, "trigger:COERCE")] > 0.5
    assert row[column(signals, "cue:negation")] == 1.0
    assert row[column(signals, "cue:condition")] == 1.0
    assert row[column(signals, "trigger:ASSAULT")] == 0.0


def test_a_sentence_with_no_lexicon_word_has_no_trigger_signal(signals):
    words = ["the", "weather", "was", "mild"]
    row = signal_features([frozenset({w}) for w in words], words, signals)
    assert not row[: len(PLOVER_CATEGORIES)].any()


def event(category: str, confidence: float = 0.7, modality: str = "asserted", actor=("x",)):
    return SimpleNamespace(event=category, confidence=confidence, negated=False, modality=modality,
                           actor=actor, recipient=())


def test_rule_evidence_sums_up_a_categorys_events():
    evidence = rule_evidence([event("ASSAULT", 0.6), event("ASSAULT", 0.8, "reported", ()), event("ACCUSE", 0.5, "planned")])
    assert evidence["ASSAULT"].confidence == 0.8 and evidence["ASSAULT"].events == 2
    assert evidence["ASSAULT"].has_actor and not evidence["ASSAULT"].unsure
    assert evidence["ACCUSE"].unsure


def test_decision_features_have_their_names():
    probabilities = {c: 0.01 for c in PLOVER_CATEGORIES} | {"ASSAULT": 0.9}
    row = decision_features("ASSAULT", probabilities, 0.8, rule_evidence([event("ASSAULT")]))
    assert len(row) == len(DECISION_FEATURES)
    named = dict(zip(DECISION_FEATURES, row))
    assert named["detector_probability"] == pytest.approx(0.9) and named["detector_top"] == 1.0
    assert named["rule_fired"] == 1.0 and named["category:ASSAULT"] == 1.0 and named["category:AID"] == 0.0


def head_trusting_the_detector(threshold: float = 0.5) -> DecisionHead:
    """A decision head that follows the detector's probability alone (its logit, weight 1)."""
    weights = np.zeros(len(DECISION_FEATURES))
    weights[DECISION_FEATURES.index("detector_logit")] = 1.0
    size = len(DECISION_FEATURES)
    return DecisionHead(weights, 0.0, np.zeros(size), np.ones(size), threshold, 0.1)


def test_the_decision_keeps_adds_and_drops_categories():
    probabilities = {c: 0.01 for c in PLOVER_CATEGORIES} | {"ACCUSE": 0.9, "AGREE": 0.2}
    evidence = rule_evidence([event("AGREE"), event("ASSAULT")])
    kept = decide(probabilities, {}, evidence, head_trusting_the_detector())
    # ACCUSE is added (no rule coded it), AGREE and ASSAULT are dropped.
    assert set(kept) == {"ACCUSE"} and kept["ACCUSE"] == pytest.approx(0.9)


def test_blanking_keeps_offsets_and_line_breaks():
    text = "One.\nTwo words here.\nThree."
    blanked = blank_spans(text, ((5, 20),))
    assert len(blanked) == len(text) and blanked.split("\n")[0] == "One." and blanked.endswith("Three.")
    assert blanked[5:20].strip() == ""


@pytest.fixture(scope="module")
def model_coder(load_coder):
    from importlib import resources

    from eventwire.events.detector import ADAPTER_FILE, DATA

    if not (resources.files(DATA) / ADAPTER_FILE).is_file():
        pytest.skip("no trained event detector in the package (make model)")
    return load_coder(Config(detector=True))


def test_the_coder_with_the_model_codes_an_attack(model_coder):
    from eventwire.pipeline import code_text

    coded = code_text(model_coder, "Russian jets bombed rebel positions in Idlib on Monday.", date="2020-03-02")
    assert "ASSAULT" in {e.event for e in coded.events}
    attack = next(e for e in coded.events if e.event == "ASSAULT")
    assert 0.0 < attack.confidence <= 1.0 and attack.actor and attack.actor[0].country == "RUS"


def test_the_model_reads_every_rough_sentence_and_under_its_prefilter_those_with_a_trigger_word(model_coder):
    from eventwire.pipeline import detect_sentences

    text = "Police arrested two men in Boston on Friday.\nThe weather was mild and sunny.\nThey protested."
    [every] = detect_sentences(model_coder, [text])
    # A sentence with no word of the trigger lexicon may still hold an event (added at its main verb).
    assert [text[d.start:d.end] for d in every] == ["Police arrested two men in Boston on Friday.",
                                                     "The weather was mild and sunny.", "They protested."]
    [with_triggers] = detect_sentences(model_coder, [text], trigger_words_only=True)
    assert [text[d.start:d.end] for d in with_triggers] == ["Police arrested two men in Boston on Friday.", "They protested."]
    arrest, weather, protest = every
    assert isinstance(arrest, SentenceDetection)
    assert arrest.probabilities["COERCE"] > protest.probabilities["COERCE"]
    assert protest.probabilities["PROTEST"] > arrest.probabilities["PROTEST"]
    assert weather.strongest < arrest.strongest


def test_a_documents_reading_does_not_depend_on_the_documents_read_with_it(model_coder):
    """The int8 encoder quantises a batch with one scale: documents are encoded apart, so what the
    detector reads in one does not move with its neighbours in the call."""
    from eventwire.pipeline import detect_sentences

    text = "Police arrested two men in Boston on Friday. The mayor praised the officers."
    neighbours = ["Rebels shelled the airport of the capital for a third day, killing at least forty people "
                  "and wounding hundreds, while the government said it would answer with overwhelming force.",
                  "Markets rose."]
    [alone] = detect_sentences(model_coder, [text])
    [_, with_others, _] = detect_sentences(model_coder, [neighbours[0], text, neighbours[1]])
    assert len(alone) == 2 and [d.probabilities for d in with_others] == [d.probabilities for d in alone]


def test_loading_the_encoder_prints_no_progress_bar_and_leaves_the_bars_as_they_were(capfd):
    from transformers.utils import logging as transformers_logging

    from eventwire.events.detector import SentenceEncoder

    before = transformers_logging.is_progress_bar_enabled()
    encoder = SentenceEncoder(threads=1)
    assert encoder.encode(["Police arrested two men."]).shape == (1, 384)
    assert "Loading weights" not in capfd.readouterr().err
    assert transformers_logging.is_progress_bar_enabled() == before
