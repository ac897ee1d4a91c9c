"""Candidates: trigger words read in their sense, light verbs, and what the verb around a trigger
makes of it ("halted aid" is SANCTION).

The sentences are coded whole, with actors given by hand (`tests/events/coding.py`), so that
these tests check the syntax rules, not the actor lexicon."""

import pytest

from eventwire.events.candidates import cue_token, find_triggers
from eventwire.events.coder import code_document
from eventwire.records import Actor, Document
from tests.events.coding import code, names, only, place_in


def test_light_verb_lends_its_subject_to_the_event_noun(nlp, lexicon):
    event = only(code(nlp, lexicon, "Russia launched airstrikes against Islamic State."), "ASSAULT")
    assert names(event.actor) == ["Russia"] and names(event.recipient) == ["Islamic State"]
    assert event.mode == "aerial" and event.intensity == -9.5


@pytest.mark.parametrize(("text", "category"), [
    ("Kenya and Somalia reached a consensus on the border.", "AGREE"),
    ("Egypt shared evidence with Ethiopia about the plot.", "COOPERATE"),
    ("Iran strengthened its forces on the border with Pakistan.", "MOBILIZE"),
    ("The Turkish president received a delegation from Cyprus.", "CONSULT"),
    ("Pakistan imposed martial law after the coup.", "COERCE"),
])
def test_multiword_triggers(nlp, lexicon, text, category):
    only(code(nlp, lexicon, text), category)


def test_holding_people_as_human_shields_is_coercion(nlp, lexicon):
    event = only(code(nlp, lexicon, "Syria has been holding thousands of villagers as human shields."), "COERCE")
    assert names(event.actor) == ["Syria"]


def test_protesting_that_something_happened_is_a_complaint_about_its_subject(nlp, lexicon):
    event = only(code(nlp, lexicon, "Kenya protested that Somalia had shelled its border posts."), "ACCUSE")
    assert event.mode == "disapprove" and names(event.recipient) == ["Somalia"]


@pytest.mark.parametrize("text", [
    "Russia shelled a hospital in Syria, a rights group protested on Tuesday.",
    "Egypt is failing to protect its refugees, an aid group protested here Wednesday.",
])
def test_a_protest_that_follows_what_it_reports_is_a_complaint_about_that_clause(nlp, lexicon, text):
    # The small model reads the trailing "a rights group protested" as a participle on the noun.
    event = only(code(nlp, lexicon, text), "ACCUSE")
    assert event.mode == "disapprove" and "verbal complaint" in event.rule
    assert names(event.recipient) == [text.split()[0]]
    assert not [e for e in code(nlp, lexicon, text) if e.event == "PROTEST"]


def test_an_act_someone_is_arrested_for_is_an_allegation_against_them(nlp, lexicon):
    text = "Egypt detained Turkey's envoy in Cairo for meeting with Kenya."
    events = code(nlp, lexicon, text)
    event = only(events, "ACCUSE")
    assert event.mode == "allege" and event.trigger == "meeting" and "alleges it" in event.rule
    assert names(event.actor) == ["Egypt"] and names(event.recipient) == ["Turkey"]
    assert not [e for e in events if e.event == "CONSULT"]
    arrest = only(events, "COERCE")
    assert names(arrest.actor) == ["Egypt"]


def test_ending_cooperation_is_a_sanction(nlp, lexicon):
    event = only(code(nlp, lexicon, "Kenya halted economic aid to Somalia on Tuesday."), "SANCTION")
    assert event.mode == "discontinue" and names(event.actor) == ["Kenya"]
    assert not [e for e in code(nlp, lexicon, "Kenya halted economic aid to Somalia on Tuesday.") if e.event == "AID"]


def test_ending_efforts_of_mediation_is_a_sanction(nlp, lexicon):
    assert only(code(nlp, lexicon, "Egypt ended mediation efforts between Kenya and Somalia."), "SANCTION").mode == "discontinue"


def test_stopping_a_demonstration_is_coercion_of_the_protesters(nlp, lexicon):
    event = only(code(nlp, lexicon, "Egypt prevented the demonstration in Cairo on Friday."), "COERCE")
    assert names(event.actor) == ["Egypt"] and "stops a protest" in event.rule


def test_withdrawing_peacekeepers_is_a_sanction_done_by_their_sender(nlp, lexicon):
    text = "Kenya peacekeepers were shipped out of Mogadishu on Friday."
    peacekeepers = Actor("Kenya peacekeepers", 0, 18, "Kenya", "KEN", "MIL", "group")
    events = code_document(nlp(text), Document(id="t", text=text), "2015-12-09", lexicon, [peacekeepers],
                           [place_in(text, "Mogadishu", "SOM", "PPLC")], [])
    event = only(events, "SANCTION")
    assert event.mode == "withdraw" and [a.country for a in event.actor] == ["KEN"]
    assert [a.country for a in event.recipient] == ["SOM"]


@pytest.mark.parametrize(("text", "category"), [
    ("Rebels in Kenya surrendered to the army on Monday.", "RETREAT"),
    ("Egypt and Ethiopia launched war games in the Red Sea.", "COOPERATE"),
    ("Kenya denied entry to Somalia's envoy.", "REJECT"),
    ("Iran has been pressuring Pakistan to close the border.", "REQUEST"),
])
def test_more_triggers(nlp, lexicon, text, category):
    only(code(nlp, lexicon, text), category)


def test_a_fronted_adjunct_is_not_what_the_main_verb_denies(nlp, lexicon):
    events = code(nlp, lexicon, "In cooperation with Russia, Turkey denied bombing Syria.")
    assert only(events, "COOPERATE").modality == "asserted"
    assert only(events, "ASSAULT").modality == "denied"


def test_lifting_a_restriction_is_one_concession(nlp, lexicon):
    events = code(nlp, lexicon, "Kenya lifted its sanctions on Somalia.")
    assert [e.event for e in events] == ["CONCEDE"]
    assert names(events[0].actor) == ["Kenya"] and names(events[0].recipient) == ["Somalia"]


@pytest.mark.parametrize("text", [
    "Somalia received a mission of observers from Kenya.",
    "Egypt allowed inspectors from Kenya into the site.",
])
def test_letting_observers_in_is_retreat_access(nlp, lexicon, text):
    event = only(code(nlp, lexicon, text), "RETREAT")
    assert event.mode == "access" and names(event.actor) == [text.split()[0]]


def test_a_delegation_received_is_still_a_meeting(nlp, lexicon):
    assert only(code(nlp, lexicon, "Egypt received a delegation from Kenya."), "CONSULT")


def test_training_forces_of_no_other_party_is_mobilisation_and_of_another_is_aid(nlp, lexicon):
    event = only(code(nlp, lexicon, "Iran has trained hundreds of hackers."), "MOBILIZE")
    assert event.mode == "troops" and names(event.actor) == ["Iran"]
    event = only(code(nlp, lexicon, "Iran trained Chinese advisers last year."), "AID")
    assert names(event.recipient) == ["Chinese advisers"]


def test_paying_compensation_is_aid(nlp, lexicon):
    event = only(code(nlp, lexicon, "Egypt paid compensation to Kenya."), "AID")
    assert names(event.actor) == ["Egypt"] and names(event.recipient) == ["Kenya"]


@pytest.mark.parametrize("text", [
    "Russia kept shelling Syria, demonstrating that it backs Assad.",
    "Egypt demonstrated its new missiles on Monday.",
])
def test_demonstrating_something_is_showing_it_not_a_protest(nlp, lexicon, text):
    assert not [e for e in code(nlp, lexicon, text) if e.event == "PROTEST"]


def test_demonstrating_against_something_is_a_protest(nlp, lexicon):
    assert only(code(nlp, lexicon, "Thousands demonstrated in Cairo against Egypt."), "PROTEST")


def test_deploying_an_attack_is_the_attack_not_a_mobilisation(nlp, lexicon):
    events = code(nlp, lexicon, "Russia has been deploying one attack after another on Syria.")
    assert [e.event for e in events] == ["ASSAULT"]
    assert only(code(nlp, lexicon, "Russia deployed troops to Syria."), "MOBILIZE")


@pytest.mark.parametrize("text", [
    "Kenya is sure that Somalia shelled the border posts.",
    "Officials said Kenya is “certain” that Somalia shelled the border posts.",
])
def test_being_certain_that_another_party_attacked_accuses_it(nlp, lexicon, text):
    events = code(nlp, lexicon, text)
    accusation = only(events, "ACCUSE")
    assert accusation.mode == "allege" and names(accusation.actor) == ["Kenya"]
    assert names(accusation.recipient) == ["Somalia"]
    assert only(events, "ASSAULT").modality == "claimed"


@pytest.mark.parametrize("text", ["Kenya is certain that talks with Somalia will resume.",
                                  "A certain number of troops from Kenya left Somalia."])
def test_certainty_about_no_act_of_conflict_accuses_nobody(nlp, lexicon, text):
    assert not [e for e in code(nlp, lexicon, text) if e.event == "ACCUSE"]


def test_british_spellings_and_hyphenated_triggers_are_coded(nlp, lexicon):
    assert only(code(nlp, lexicon, "Russia is co-ordinating its strikes with France."), "COOPERATE")
    assert only(code(nlp, lexicon, "Syria violated the cease-fire."), "ASSAULT")


def test_a_proposal_is_an_offer_and_vetoing_it_is_one_refusal(nlp, lexicon):
    assert only(code(nlp, lexicon, "Egypt made a new proposal to Kenya."), "AGREE")
    events = code(nlp, lexicon, "Russia vetoed a proposal to send aid to Syria.")
    assert [e.event for e in events] == ["REJECT"] and names(events[0].actor) == ["Russia"]


@pytest.mark.parametrize("text, category", [
    ("Kenya condemned the shelling of Somalia.", "ASSAULT"),
    ("Egypt welcomed the ceasefire between Serbia and Albania.", "RETREAT"),
])
def test_who_judges_an_act_is_not_its_actor(nlp, lexicon, text, category):
    event = only(code(nlp, lexicon, text), category)
    assert text.split()[0] not in names(event.actor)


def test_a_light_verb_still_lends_its_subject(nlp, lexicon):
    assert names(only(code(nlp, lexicon, "Russia launched airstrikes on Syria."), "ASSAULT").actor) == ["Russia"]


def test_a_trigger_noun_that_names_a_kind_of_statement_is_no_candidate(nlp, lexicon):
    sentence = next(nlp("Egypt released the prisoners, the ministry said in a press release.").sents)
    assert [(t.text, trigger.category) for t, trigger in find_triggers(sentence, lexicon)] == [("released", "RETREAT")]


def test_a_two_word_trigger_needs_its_cue_near_it(nlp, lexicon):
    doc = nlp("Iran shared intelligence with Russia.")
    assert cue_token(doc[1], "intelligence").i == 2
    assert not find_triggers(next(nlp("Iran shared a meal with Russia.").sents), lexicon)
