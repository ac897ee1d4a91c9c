"""Detection: which of a sentence's readings are its events, and which are not its main one.

The sentences are coded whole, with actors given by hand (`tests/events/coding.py`), so that
these tests check the syntax rules, not the actor lexicon."""

import pytest

from eventwire.events.candidates import find_triggers
from eventwire.events.coder import code_document, interpret
from eventwire.events.detection import detect_events, main_verb_anchor
from eventwire.events.roles import ActorIndex
from eventwire.records import Actor, Document
from tests.events.coding import actors_in, code, names, only


def test_a_trigger_word_inside_an_organisation_name_is_no_event(nlp, lexicon):
    text = "Amnesty International criticised Egypt."
    ngo = Actor("Amnesty International", 0, 21, "Amnesty International", None, "NGO", "ngo")
    events = code_document(nlp(text), Document(id="t", text=text), "2015-12-09", lexicon,
                           [ngo, Actor("Egypt", 33, 38, "Egypt", "EGY", None, "state")], [], [])
    assert all(e.trigger != "Amnesty" for e in events)


def test_a_blockade_by_a_state_is_coercion(nlp, lexicon):
    event = only(code(nlp, lexicon, "Egypt imposed a blockade of Ethiopia on Monday."), "COERCE")
    assert event.mode == "restrict" and names(event.recipient) == ["Ethiopia"]


def test_one_refusal_of_two_coordinated_things_is_one_event(nlp, lexicon):
    events = code(nlp, lexicon, "The United States ruled out cooperation or coordination with Russia.")
    rejects = [e for e in events if e.event == "REJECT"]
    assert len(rejects) == 1 and len({e.id for e in events}) == len(events)


def test_a_noun_that_only_describes_an_actor_is_no_event(nlp, lexicon):
    text = "American aid groups visited Kenya."
    group = Actor("American aid groups", 0, 19, "United States", "USA", "NGO", "group")
    events = code_document(nlp(text), Document(id="t", text=text), "2015-12-09", lexicon,
                           [group, Actor("Kenya", 28, 33, "Kenya", "KEN", None, "state")], [], [])
    assert all(e.trigger != "aid" for e in events)


@pytest.mark.parametrize(("text", "main", "background"), [
    ("Kenya closed its border with Somalia after Ethiopia attacked the town.", "SANCTION", "ASSAULT"),
    ("Egypt imposed a curfew following a demonstration by Ethiopia's supporters.", "COERCE", "PROTEST"),
    ("Students in Kenya staged mass demonstrations to demand reforms.", "PROTEST", "REQUEST"),
])
def test_a_background_act_or_a_protest_purpose_ranks_below_the_main_event(nlp, lexicon, text, main, background):
    events = code(nlp, lexicon, text)
    assert only(events, main).confidence > only(events, background).confidence
    assert "secondary" in only(events, background).rule


def test_detection_drops_the_wrapper_merged_into_the_event_below(nlp, lexicon):
    text = "Iran refused to share intelligence with Russia."
    sentence = next(nlp(text).sents)
    index = ActorIndex(actors_in(text))
    candidates = [interpret(token, trigger, sentence, lexicon, index) for token, trigger in find_triggers(sentence, lexicon)]
    assert sorted(r.token.text for r in candidates) == ["refused", "share"]
    events = detect_events(candidates, index)
    assert [(r.token.text, r.category) for r in events] == [("share", "REJECT")]


def test_detection_keeps_every_reading_when_nothing_is_merged_or_repeated(nlp, lexicon):
    text = "Kenya attacked Somalia and Egypt condemned Russia."
    sentence = next(nlp(text).sents)
    index = ActorIndex(actors_in(text))
    candidates = [interpret(token, trigger, sentence, lexicon, index) for token, trigger in find_triggers(sentence, lexicon)]
    assert detect_events(candidates, index) == candidates


def test_an_event_with_no_trigger_of_its_category_is_anchored_at_the_main_verb(nlp):
    sentence = next(nlp("Officials in the town said the two leaders had a long talk on Monday.").sents)
    token, stand_in = main_verb_anchor(sentence, "CONSULT")
    assert token.text == "said" and stand_in.category == "CONSULT"
    assert stand_in.line == 0 and stand_in.mode is None and stand_in.cue is None


def test_a_sentence_with_no_verb_is_anchored_at_its_root(nlp):
    sentence = next(nlp("Talks between the two leaders.").sents)
    token, _ = main_verb_anchor(sentence, "CONSULT")
    assert token.text == "Talks"


def test_the_decision_adds_an_event_the_lexicon_cannot_anchor_at_the_main_verb(nlp, lexicon):
    from eventwire.events.coder import LearnedDetection, code_sentence
    from eventwire.events.detector import SentenceDetection
    from eventwire.records import PLOVER_CATEGORIES
    from tests.events.test_detector import head_trusting_the_detector

    text = "Egypt and Ethiopia held a long dinner on Monday."
    doc = nlp(text)
    sentence = next(doc.sents)
    detection = SentenceDetection(0, len(text), {c: 0.01 for c in PLOVER_CATEGORIES} | {"CONSULT": 0.9}, {})
    events = code_sentence(sentence, Document(id="t", text=text), "2015-12-09", lexicon, ActorIndex(actors_in(text)),
                           [], [], learned=LearnedDetection(detection, head_trusting_the_detector()))
    [added] = events
    assert added.event == "CONSULT" and added.trigger == "held" and added.rule.startswith("main verb hold/VERB")
    assert added.confidence == pytest.approx(0.9)
