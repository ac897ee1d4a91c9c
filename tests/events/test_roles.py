"""Roles: actor and recipient from the parse, and by proximity when the parse gives none.

The sentences are coded whole, with actors given by hand (`tests/events/coding.py`), so that
these tests check the syntax rules, not the actor lexicon."""

from eventwire.events.coder import code_document
from eventwire.events.roles import is_source
from eventwire.records import Actor, Document
from tests.events.coding import actors_in, code, names, only


def test_passive_voice_swaps_roles(nlp, lexicon):
    event = only(code(nlp, lexicon, "Somalia was attacked by Kenya on Monday."), "ASSAULT")
    assert names(event.actor) == ["Kenya"] and names(event.recipient) == ["Somalia"]


def test_meeting_with_is_reciprocal(nlp, lexicon):
    event = only(code(nlp, lexicon, "Egypt held talks with Ethiopia."), "CONSULT")
    assert names(event.actor) == ["Egypt", "Ethiopia"] and event.recipient == ()


def test_a_stative_passive_subject_is_the_actor(nlp, lexicon):
    event = only(code(nlp, lexicon, "Moscow is concerned with the airstrike on Syria."), "ACCUSE")
    assert names(event.actor) == ["Moscow"]


def test_a_request_in_an_adjunct_is_made_to_the_clause_subject(nlp, lexicon):
    event = only(code(nlp, lexicon, "Russia launched airstrikes in Syria at the request of Assad."), "REQUEST")
    assert names(event.actor) == ["Assad"] and names(event.recipient) == ["Russia"]


def test_a_country_name_on_an_event_noun_is_where_when_the_verb_has_a_subject(nlp, lexicon):
    event = only(code(nlp, lexicon, "Russia launched new Syria strikes on Monday."), "ASSAULT")
    assert names(event.actor) == ["Russia"]


def test_roles_by_proximity_when_the_parse_gives_none(nlp, lexicon):
    event = only(code(nlp, lexicon, "Albania on Friday denounced as an ugly crime Serbia's suppression of unrest."), "ACCUSE")
    assert names(event.actor) == ["Albania"] and names(event.recipient) == ["Serbia"]
    assert "recipient: nearest mention after the trigger" in event.rule


def test_both_sides_of_talks_between_them_act(nlp, lexicon):
    event = only(code(nlp, lexicon, "Talks between Russia and France were held in Paris on Monday."), "CONSULT")
    assert sorted(names(event.actor)) == ["France", "Russia"]


def test_an_infinitive_of_purpose_is_done_by_the_sender(nlp, lexicon):
    event = only(code(nlp, lexicon, "France sent twenty officers to Kenya to investigate the killings."), "ACCUSE")
    assert names(event.actor) == ["France"]


def test_an_amount_of_aid_is_given_by_the_subject_to_the_indirect_object(nlp, lexicon):
    event = only(code(nlp, lexicon, "China gave Kenya five million dollars of aid on Monday."), "AID")
    assert names(event.actor) == ["China"] and names(event.recipient) == ["Kenya"]
    assert "nearest mention" not in event.rule


def test_a_protest_is_against_whom_its_purpose_clause_names(nlp, lexicon):
    event = only(code(nlp, lexicon, "Students in Cairo went on hunger strike to demand the resignation of Kerry."), "PROTEST")
    assert names(event.recipient) == ["Kerry"]


def test_an_investigation_of_crimes_is_against_their_perpetrators(nlp, lexicon):
    event = only(code(nlp, lexicon, "Turkey is investigating crimes by Syria against Serbia."), "ACCUSE")
    assert names(event.recipient) == ["Syria"]


def test_forces_engaged_in_cleansing_are_its_actor(nlp, lexicon):
    event = only(code(nlp, lexicon, "Serbia was engaged in ethnic cleansing against Albania."), "ASSAULT")
    assert names(event.actor) == ["Serbia"]


def test_a_request_of_an_ally_is_made_by_the_ally_in_apposition(nlp, lexicon):
    text = "Russia launched airstrikes at the request of its ally President Assad."
    doc_actors = actors_in(text)
    start = text.index("President Assad")
    doc_actors = [a for a in doc_actors if a.name != "Assad"] + [Actor("President Assad", start, start + 15, "Assad", "SYR", "GOV", "person")]
    its = text.index("its")
    doc_actors.append(Actor("its", its, its + 3, "Russia", "RUS", None, "state"))
    events = code_document(nlp(text), Document(id="t", text=text), "2015-12-09", lexicon,
                           sorted(doc_actors, key=lambda a: a.start), [], [])
    event = only(events, "REQUEST")
    assert names(event.actor) == ["Assad"] and names(event.recipient) == ["Russia"]


def test_a_headline_that_drops_the_subject_after_says_keeps_the_speaker_as_actor(nlp, lexicon):
    event = only(code(nlp, lexicon, "Russia says bombed forty targets in Syria overnight"), "ASSAULT")
    assert names(event.actor) == ["Russia"]


def test_a_state_acting_on_a_group_of_its_own_keeps_the_group_as_recipient(nlp, lexicon):
    text = "Egypt is investigating crimes by Egyptian extremists."
    start = text.index("Egyptian extremists")
    group = Actor("Egyptian extremists", start, start + 19, "Egypt", "EGY", "REB", "group")
    events = code_document(nlp(text), Document(id="t", text=text), "2015-12-09", lexicon,
                           [Actor("Egypt", 0, 5, "Egypt", "EGY", None, "state"), group], [], [])
    assert [a.sector for a in only(events, "ACCUSE").recipient] == ["REB"]


def test_an_actor_own_forces_are_not_its_recipient(nlp, lexicon):
    text = "Iran strengthened its forces on the border."
    its = text.index("its")
    own = Actor("forces", its + 4, its + 10, "Iran", "IRN", "MIL", "group")
    events = code_document(nlp(text), Document(id="t", text=text), "2015-12-09", lexicon,
                           [Actor("Iran", 0, 4, "Iran", "IRN", None, "state"), own], [], [])
    assert only(events, "MOBILIZE").recipient == ()


def test_a_shared_object_of_coordinated_verbs_gives_the_first_its_recipient(nlp, lexicon):
    event = only(code(nlp, lexicon, "China donated and delivered medicine to Kenya on Monday."), "AID")
    assert names(event.recipient) == ["Kenya"]


def test_the_recipient_of_a_refused_act_is_found_by_the_act_s_prepositions(nlp, lexicon):
    event = only(code(nlp, lexicon, "Egypt refused to commit any assistance to Kenya."), "REJECT")
    assert names(event.recipient) == ["Kenya"] and event.mode == "assist"


def test_who_says_is_a_source_not_an_actor(nlp, lexicon):
    doc = nlp("Officials said Kenya attacked Somalia, according to Reuters.")
    officials, kenya, reuters = (next(t for t in doc if t.text == word) for word in ("Officials", "Kenya", "Reuters"))
    assert is_source(officials, lexicon.words) and is_source(reuters, lexicon.words)
    assert not is_source(kenya, lexicon.words)


def test_a_noun_with_a_past_participle_is_acted_on(nlp, lexicon):
    for text, category in (("Chinese advisers accused of spying in Kenya.", "ACCUSE"),
                           ("Russian counterparts arrested in Kenya on Monday.", "COERCE")):
        event = only(code(nlp, lexicon, text), category)
        subject = " ".join(text.split()[:2])
        assert names(event.recipient) == [subject]
        assert subject not in names(event.actor)

