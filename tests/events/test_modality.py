"""Modality, negation and attribution: what wrappers, auxiliaries and negation do to an event.

The sentences are coded whole, with actors given by hand (`tests/events/coding.py`), so that
these tests check the syntax rules, not the actor lexicon."""

import pytest

from eventwire.events.coder import code_document
from eventwire.events.modality import is_negated, mode_from_inner
from eventwire.records import Actor, Document
from tests.events.coding import actors_in, code, names, only


def test_event_under_an_accusation_is_claimed_by_the_accuser(nlp, lexicon):
    events = code(nlp, lexicon, "Pakistan accused India of shelling villages.")
    shelling = only(events, "ASSAULT")
    assert names(shelling.actor) == ["India"]
    assert shelling.modality == "claimed" and shelling.attributed_to.name == "Pakistan"


def test_will_not_cooperate_is_a_refusal_and_reported_speech_is_attributed(nlp, lexicon):
    events = code(nlp, lexicon, "The United States will not coordinate its operations with Russia, Kerry said.")
    event = only(events, "REJECT")
    assert event.mode == "assist" and event.negated is False
    assert names(event.actor) == ["United States"] and names(event.recipient) == ["Russia"]
    assert event.modality == "reported" and event.attributed_to.name == "Kerry"
    assert event.trigger == "will not coordinate"


def test_plain_negation_keeps_the_category(nlp, lexicon):
    event = only(code(nlp, lexicon, "The US is not coordinating its activities with Russia."), "COOPERATE")
    assert event.negated is True and event.modality == "asserted"


def test_refuse_to_share_is_one_reject_event(nlp, lexicon):
    events = code(nlp, lexicon, "France refused to share intelligence with Russia.")
    assert [e.event for e in events] == ["REJECT"]
    assert events[0].mode == "assist" and names(events[0].recipient) == ["Russia"]


def test_request_over_inner_event_takes_the_wrapper_roles(nlp, lexicon):
    event = only(code(nlp, lexicon, "Kenya urged Somalia to release the detained journalists."), "REQUEST")
    assert names(event.actor) == ["Kenya"] and names(event.recipient) == ["Somalia"]
    assert event.mode == "yield"


def test_denial_keeps_the_denied_event(nlp, lexicon):
    event = only(code(nlp, lexicon, "Moscow denied that its warplanes had bombed the hospital."), "ASSAULT")
    assert event.modality == "denied"
    assert event.attributed_to.name == "Moscow"


def test_self_report_is_a_claim(nlp, lexicon):
    text = "Moscow says it is targeting Islamic State."
    # The actors stage links "it" to Moscow; here the link is given by hand.
    pronoun = Actor("it", 12, 14, "Moscow", "RUS", None, "state")
    actors = sorted([*actors_in(text), pronoun], key=lambda a: a.start)
    events = code_document(nlp(text), Document(id="t", text=text), "2015-12-09", lexicon, actors, [], [])
    event = only(events, "ASSAULT")
    assert event.modality == "claimed" and names(event.actor) == ["Moscow"]


def test_future_cooperation_is_agree_and_planned(nlp, lexicon):
    event = only(code(nlp, lexicon, "Chinese advisers are expected to join with their Russian counterparts."), "AGREE")
    assert event.modality == "planned"
    assert names(event.actor) == ["Chinese advisers"]


def test_intended_assault_is_a_threat(nlp, lexicon):
    event = only(code(nlp, lexicon, "Turkey will attack Islamic State positions."), "THREATEN")
    assert event.mode == "violence" and event.modality == "planned"


def test_according_to_attributes_the_event(nlp, lexicon):
    event = only(code(nlp, lexicon, "According to Iran, Turkey attacked Syria."), "ASSAULT")
    assert event.modality == "reported" and event.attributed_to.name == "Iran"


@pytest.mark.parametrize("text", [
    "Kenya said on Friday that Somalia must withdraw its troops.",
    "Kenya reiterated that Somalia should withdraw its troops from the border.",
])
def test_an_obligation_under_a_verb_of_saying_is_a_demand_on_its_subject(nlp, lexicon, text):
    event = only(code(nlp, lexicon, text), "REQUEST")
    assert names(event.actor) == ["Kenya"] and names(event.recipient) == ["Somalia"]
    assert "REQUEST" in event.rule and event.attributed_to is None


def test_a_reported_act_without_obligation_stays_that_act(nlp, lexicon):
    events = code(nlp, lexicon, "Kenya said on Friday that Somalia withdrew its troops.")
    assert not [e for e in events if e.event == "REQUEST"] and only(events, "RETREAT")


@pytest.mark.parametrize(("text", "mode"), [
    ("Kenya said it would impose a curfew on Somalia.", "restrict"),
    ("Egypt will arrest Ethiopia's envoys.", "arrest"),
    ("Iran will attack Pakistan.", "violence"),
])
def test_an_announced_act_of_conflict_is_a_threat_of_its_kind(nlp, lexicon, text, mode):
    assert only(code(nlp, lexicon, text), "THREATEN").mode == mode


def test_refusing_a_request_is_a_refusal_of_what_was_asked(nlp, lexicon):
    event = only(code(nlp, lexicon, "Kenya rejected a Somalia appeal for deploying troops."), "REJECT")
    assert names(event.actor) == ["Kenya"] and "Somalia" in names(event.recipient)
    assert not [e for e in code(nlp, lexicon, "Kenya rejected a Somalia appeal for deploying troops.") if e.event == "REQUEST"]


def test_sworn_to_fight_is_a_threat(nlp, lexicon):
    assert only(code(nlp, lexicon, "Somalia has sworn to fight Kenya."), "THREATEN").mode == "violence"


@pytest.mark.parametrize("text", [
    "Kenya will withdraw its troops from Somalia unless Ethiopia agrees to a ceasefire.",
    "Egypt may halt mediation efforts if Ethiopia refuses to talk.",
])
def test_an_act_announced_on_a_condition_is_a_threat(nlp, lexicon, text):
    events = code(nlp, lexicon, text)
    threat = only(events, "THREATEN")
    assert threat.confidence == max(e.confidence for e in events)


def test_a_title_case_headline_keeps_its_denial(nlp, lexicon):
    event = only(code(nlp, lexicon, "Kenya Denies Shelling Somalia Border Posts"), "ASSAULT")
    assert event.modality == "denied" and event.trigger == "Shelling"
    assert names(event.actor) == ["Kenya"] and names(event.recipient) == ["Somalia"]


def test_an_announced_retreat_is_a_concession(nlp, lexicon):
    events = code(nlp, lexicon, "Russia announced it would withdraw its troops from Syria.")
    event = only(events, "CONCEDE")
    assert "future RETREAT" in event.rule and not [e for e in events if e.event == "RETREAT"]


@pytest.mark.parametrize(("category", "inner", "inner_mode", "mode"), [
    ("REQUEST", "AID", None, "assist"),
    ("REJECT", "CONSULT", None, "meet"),
    ("REJECT", "RETREAT", "withdraw", "yield"),
    ("REQUEST", "ASSAULT", None, "change"),
    ("THREATEN", "COERCE", "arrest", "arrest"),
    ("THREATEN", "SANCTION", "expel", "expel"),
    ("THREATEN", "SANCTION", None, "relations"),
    ("THREATEN", "MOBILIZE", None, "violence"),
    ("AGREE", "AID", None, None),
])
def test_the_mode_of_an_event_built_over_another_follows_the_inner_act(category, inner, inner_mode, mode):
    assert mode_from_inner(category, inner, inner_mode) == mode


def test_negation_is_the_neg_dependency_or_a_negating_word(nlp, lexicon):
    words = lexicon.words
    said, met = (next(t for t in nlp(text) if t.lemma_ == lemma) for text, lemma in
                 (("Iran did not say it.", "say"), ("Iran never met Russia.", "meet")))
    assert is_negated(said, words) and is_negated(met, words)
    assert not is_negated(next(t for t in nlp("Iran met Russia.") if t.lemma_ == "meet"), words)
