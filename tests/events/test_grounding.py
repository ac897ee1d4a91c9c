"""Place and date: where and when an event happened, and the roles a place stands for.

The sentences are coded whole, with actors given by hand (`tests/events/coding.py`), so that
these tests check the syntax rules, not the actor lexicon."""

from eventwire.events.coder import code_document
from eventwire.events.grounding import takes_place_as_target
from eventwire.records import Actor, DateMention, Document, Place
from tests.events.coding import code, only, place_in


def test_location_and_date_attached_to_the_event(nlp, lexicon):
    text = "Russia bombed Islamic State positions near Raqqa on Tuesday."
    raqqa = Place("Raqqa", text.index("Raqqa"), text.index("Raqqa") + 5, "Ar Raqqah", "172955", 35.95, 39.01, "SYR", "PPLA")
    tuesday = DateMention("on Tuesday", text.index("on Tuesday"), text.index("on Tuesday") + 10, "2015-12-08", "day")
    event = only(code(nlp, lexicon, text, [raqqa], [tuesday]), "ASSAULT")
    assert event.location == raqqa
    assert event.date == "2015-12-08" and event.date_text == "on Tuesday"


def test_without_a_date_expression_the_document_date_is_used(nlp, lexicon):
    event = only(code(nlp, lexicon, "Iran rejected the proposal."), "REJECT")
    assert event.date == "2015-12-09" and event.date_text is None


def test_the_state_of_a_physical_events_place_is_its_target(nlp, lexicon):
    text = "Gunmen attacked a crowded market in Kabul on Sunday."
    kabul = place_in(text, "Kabul", "AFG", "PPLC")
    event = only(code(nlp, lexicon, text, places=[kabul]), "ASSAULT")
    assert [(a.country, a.type) for a in event.recipient] == [("AFG", "state")]
    assert "the state of the event's place" in event.rule


def test_a_statement_made_somewhere_has_no_place_target(nlp, lexicon):
    text = "Speaking in Kabul, Kerry demanded talks."
    kabul = place_in(text, "Kabul", "AFG", "PPLC")
    event = only(code(nlp, lexicon, text, places=[kabul]), "REQUEST")
    assert all(a.country != "AFG" for a in event.recipient)


def test_a_concession_with_no_recipient_is_coded_against_the_state_where_it_happens(nlp, lexicon):
    text = "Egypt lifted the curfew in Cairo."
    cairo = place_in(text, "Cairo", "EGY", "PPLC")
    event = only(code(nlp, lexicon, text, places=[cairo]), "CONCEDE")
    assert [a.country for a in event.recipient] == ["EGY"]


def test_a_place_in_the_complement_of_a_verbal_event_is_its_recipient(nlp, lexicon):
    text = "Ethiopia agreed to postpone the elections in Nairobi."
    nairobi = place_in(text, "Nairobi", "KEN", "PPLC")
    event = only(code(nlp, lexicon, text, places=[nairobi]), "AGREE")
    assert [a.country for a in event.recipient] == ["KEN"]


def test_a_place_on_a_verbal_event_itself_is_only_its_venue(nlp, lexicon):
    text = "Ethiopia agreed in Nairobi to talk."
    nairobi = place_in(text, "Nairobi", "KEN", "PPLC")
    event = only(code(nlp, lexicon, text, places=[nairobi]), "AGREE")
    assert event.recipient == ()


def test_an_attack_with_no_perpetrator_named_has_an_unidentified_actor_of_its_place(nlp, lexicon):
    text = "Two Kenya soldiers were killed by a roadside bomb near Mandera."
    mandera = place_in(text, "Mandera", "KEN")
    event = only(code(nlp, lexicon, text, places=[mandera]), "ASSAULT")
    assert [(a.country, a.sector) for a in event.actor] == [("KEN", "UNK")] and "no perpetrator" in event.rule


def test_an_attack_with_another_actor_in_the_sentence_gets_no_invented_perpetrator(nlp, lexicon):
    text = "Two soldiers were killed near Mandera after Ethiopia moved its troops to the border."
    mandera = place_in(text, "Mandera", "KEN")
    event = only(code(nlp, lexicon, text, places=[mandera]), "ASSAULT")
    assert all(a.sector != "UNK" for a in event.actor)


def test_a_place_on_the_events_own_word_beats_one_on_a_participant(nlp, lexicon):
    text = "An envoy from Kenya was arrested in Egypt."
    places = [place_in(text, "Kenya", "KEN", "PCLI"), place_in(text, "Egypt", "EGY", "PCLI")]
    event = only(code(nlp, lexicon, text, places=places), "COERCE")
    assert event.location is not None and event.location.name == "Egypt"


def test_a_named_victim_in_apposition_is_no_candidate_perpetrator(nlp, lexicon):
    text = "Gunmen shot Kofi Mbeke, the mayor of the town, in Mandera on Monday."
    mandera = place_in(text, "Mandera", "KEN")
    mayor = text.index("the mayor")
    governor = Actor("the mayor", mayor, mayor + 9, "mayor", None, "GOV", "person")
    name_start = text.index("Kofi")
    person = Actor("Kofi Mbeke", name_start, name_start + 10, "Kofi Mbeke", None, None, "person")
    events = code_document(nlp(text), Document(id="t", text=text), "2015-12-09", lexicon, [governor, person], [mandera], [])
    assert [a.sector for a in only(events, "ASSAULT").actor] == ["UNK"]


def test_only_physical_events_protests_threats_concessions_and_visits_take_their_place_as_target():
    assert takes_place_as_target("ASSAULT", "MATERIAL_CONFLICT", None)
    assert takes_place_as_target("CONCEDE", "VERBAL_COOPERATION", None)
    assert takes_place_as_target("CONSULT", "VERBAL_COOPERATION", "visit")
    assert not takes_place_as_target("ACCUSE", "VERBAL_CONFLICT", "allege")
