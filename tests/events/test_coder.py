"""The event coder on inline sentences, with actors given by hand so that these
tests check the syntax rules, not the actor lexicon."""

import pytest

from eventwire.events.coder import code_document
from eventwire.events.syntax import clause_reported_before
from eventwire.events.lexicon import load_event_lexicon
from eventwire.records import Actor, DateMention, Document, Place

COUNTRIES = {
    "United States": "USA", "US": "USA", "Russia": "RUS", "Moscow": "RUS", "Washington": "USA",
    "France": "FRA", "Iran": "IRN", "Pakistan": "PAK", "India": "IND", "Kenya": "KEN",
    "Somalia": "SOM", "Egypt": "EGY", "Ethiopia": "ETH", "China": "CHN", "Cyprus": "CYP",
    "Turkey": "TUR", "Syria": "SYR", "the ministry": "RUS", "Islamic State": None,
    "Chinese advisers": "CHN", "Russian counterparts": "RUS", "Kerry": "USA", "Lavrov": "RUS",
    "Assad": "SYR", "Serbia": "SRB", "Albania": "ALB",
}


@pytest.fixture(scope="module")
def lexicon():
    return load_event_lexicon()


def actors_in(text: str) -> list[Actor]:
    found = []
    for name, country in sorted(COUNTRIES.items(), key=lambda kv: -len(kv[0])):
        start = text.find(name)
        while start >= 0:
            end = start + len(name)
            before_ok = start == 0 or not text[start - 1].isalnum()
            after_ok = end == len(text) or not text[end].isalnum()
            if before_ok and after_ok and not any(a.start < end and start < a.end for a in found):
                found.append(Actor(name, start, end, name, country, None, "state" if country else "armed_group"))
            start = text.find(name, end)
    return sorted(found, key=lambda a: a.start)


def code(nlp, lexicon, text, places=(), dates=()):
    doc = nlp(text)
    return code_document(doc, Document(id="t", text=text), "2015-12-09", lexicon, actors_in(text), list(places), list(dates))


def only(events, category):
    matching = [e for e in events if e.event == category]
    assert matching, f"no {category} in {[(e.event, e.trigger) for e in events]}"
    return matching[0]


def names(actors):
    return [a.name for a in actors]


def place_in(text: str, name: str, country: str, feature: str = "PPL") -> Place:
    """A resolved place at the first occurrence of `name` (coordinates do not matter to the coder)."""
    start = text.index(name)
    return Place(name, start, start + len(name), name, "1", 0.0, 0.0, country, feature)


def test_subject_object_and_offsets(nlp, lexicon):
    text = "Pakistan accused India of shelling villages."
    event = only(code(nlp, lexicon, text), "ACCUSE")
    assert names(event.actor) == ["Pakistan"] and names(event.recipient) == ["India"]
    assert text[event.trigger_start : event.trigger_start + len(event.trigger)] == event.trigger == "accused"
    assert text[event.sent_start : event.sent_start + len(event.sentence)] == event.sentence
    assert event.quad == "VERBAL_CONFLICT" and event.mode == "allege"


def test_event_under_an_accusation_is_claimed_by_the_accuser(nlp, lexicon):
    events = code(nlp, lexicon, "Pakistan accused India of shelling villages.")
    shelling = only(events, "ASSAULT")
    assert names(shelling.actor) == ["India"]
    assert shelling.modality == "claimed" and shelling.attributed_to.name == "Pakistan"


def test_passive_voice_swaps_roles(nlp, lexicon):
    event = only(code(nlp, lexicon, "Somalia was attacked by Kenya on Monday."), "ASSAULT")
    assert names(event.actor) == ["Kenya"] and names(event.recipient) == ["Somalia"]


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


def test_light_verb_lends_its_subject_to_the_event_noun(nlp, lexicon):
    event = only(code(nlp, lexicon, "Russia launched airstrikes against Islamic State."), "ASSAULT")
    assert names(event.actor) == ["Russia"] and names(event.recipient) == ["Islamic State"]
    assert event.mode == "aerial" and event.intensity == -9.5


def test_meeting_with_is_reciprocal(nlp, lexicon):
    event = only(code(nlp, lexicon, "Egypt held talks with Ethiopia."), "CONSULT")
    assert names(event.actor) == ["Egypt", "Ethiopia"] and event.recipient == ()


def test_according_to_attributes_the_event(nlp, lexicon):
    event = only(code(nlp, lexicon, "According to Iran, Turkey attacked Syria."), "ASSAULT")
    assert event.modality == "reported" and event.attributed_to.name == "Iran"


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


def test_ids_are_stable(nlp, lexicon):
    first = code(nlp, lexicon, "Iran rejected the proposal.")
    second = code(nlp, lexicon, "Iran rejected the proposal.")
    assert [e.id for e in first] == [e.id for e in second]


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


def test_a_concession_with_no_recipient_is_coded_against_the_state_where_it_happens(nlp, lexicon):
    text = "Egypt lifted the curfew in Cairo."
    cairo = place_in(text, "Cairo", "EGY", "PPLC")
    event = only(code(nlp, lexicon, text, places=[cairo]), "CONCEDE")
    assert [a.country for a in event.recipient] == ["EGY"]


@pytest.mark.parametrize(("text", "category"), [
    ("Kenya and Somalia reached a consensus on the border.", "AGREE"),
    ("Egypt shared evidence with Ethiopia about the plot.", "COOPERATE"),
    ("Iran strengthened its forces on the border with Pakistan.", "MOBILIZE"),
    ("The Turkish president received a delegation from Cyprus.", "CONSULT"),
    ("Pakistan imposed martial law after the coup.", "COERCE"),
])
def test_multiword_triggers(nlp, lexicon, text, category):
    only(code(nlp, lexicon, text), category)


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


def test_a_state_acting_on_a_group_of_its_own_keeps_the_group_as_recipient(nlp, lexicon):
    text = "Egypt is investigating crimes by Egyptian extremists."
    start = text.index("Egyptian extremists")
    group = Actor("Egyptian extremists", start, start + 19, "Egypt", "EGY", "REB", "group")
    events = code_document(nlp(text), Document(id="t", text=text), "2015-12-09", lexicon,
                           [Actor("Egypt", 0, 5, "Egypt", "EGY", None, "state"), group], [], [])
    assert [a.sector for a in only(events, "ACCUSE").recipient] == ["REB"]


def test_holding_people_as_human_shields_is_coercion(nlp, lexicon):
    event = only(code(nlp, lexicon, "Syria has been holding thousands of villagers as human shields."), "COERCE")
    assert names(event.actor) == ["Syria"]


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


def test_a_participle_describing_a_noun_is_no_report(nlp):
    doc = nlp("Kenya and Somalia signed a treaty, a deal opposed by Egypt.")
    opposed = next(t for t in doc if t.text == "opposed")
    assert clause_reported_before(opposed) is None


def test_an_act_someone_is_arrested_for_is_an_allegation_against_them(nlp, lexicon):
    text = "Egypt detained Turkey's envoy in Cairo for meeting with Kenya."
    events = code(nlp, lexicon, text)
    event = only(events, "ACCUSE")
    assert event.mode == "allege" and event.trigger == "meeting" and "alleges it" in event.rule
    assert names(event.actor) == ["Egypt"] and names(event.recipient) == ["Turkey"]
    assert not [e for e in events if e.event == "CONSULT"]
    arrest = only(events, "COERCE")
    assert names(arrest.actor) == ["Egypt"]


def test_a_place_on_the_events_own_word_beats_one_on_a_participant(nlp, lexicon):
    text = "An envoy from Kenya was arrested in Egypt."
    places = [place_in(text, "Kenya", "KEN", "PCLI"), place_in(text, "Egypt", "EGY", "PCLI")]
    event = only(code(nlp, lexicon, text, places=places), "COERCE")
    assert event.location is not None and event.location.name == "Egypt"


def test_an_actor_own_forces_are_not_its_recipient(nlp, lexicon):
    text = "Iran strengthened its forces on the border."
    its = text.index("its")
    own = Actor("forces", its + 4, its + 10, "Iran", "IRN", "MIL", "group")
    events = code_document(nlp(text), Document(id="t", text=text), "2015-12-09", lexicon,
                           [Actor("Iran", 0, 4, "Iran", "IRN", None, "state"), own], [], [])
    assert only(events, "MOBILIZE").recipient == ()


def test_a_trigger_word_inside_an_organisation_name_is_no_event(nlp, lexicon):
    text = "Amnesty International criticised Egypt."
    ngo = Actor("Amnesty International", 0, 21, "Amnesty International", None, "NGO", "ngo")
    events = code_document(nlp(text), Document(id="t", text=text), "2015-12-09", lexicon,
                           [ngo, Actor("Egypt", 33, 38, "Egypt", "EGY", None, "state")], [], [])
    assert all(e.trigger != "Amnesty" for e in events)


def test_a_named_victim_in_apposition_is_no_candidate_perpetrator(nlp, lexicon):
    text = "Gunmen shot Kofi Mbeke, the mayor of the town, in Mandera on Monday."
    mandera = place_in(text, "Mandera", "KEN")
    mayor = text.index("the mayor")
    governor = Actor("the mayor", mayor, mayor + 9, "mayor", None, "GOV", "person")
    name_start = text.index("Kofi")
    person = Actor("Kofi Mbeke", name_start, name_start + 10, "Kofi Mbeke", None, None, "person")
    events = code_document(nlp(text), Document(id="t", text=text), "2015-12-09", lexicon, [governor, person], [mandera], [])
    assert [a.sector for a in only(events, "ASSAULT").actor] == ["UNK"]


@pytest.mark.parametrize(("text", "mode"), [
    ("Kenya said it would impose a curfew on Somalia.", "restrict"),
    ("Egypt will arrest Ethiopia's envoys.", "arrest"),
    ("Iran will attack Pakistan.", "violence"),
])
def test_an_announced_act_of_conflict_is_a_threat_of_its_kind(nlp, lexicon, text, mode):
    assert only(code(nlp, lexicon, text), "THREATEN").mode == mode


def test_a_blockade_by_a_state_is_coercion(nlp, lexicon):
    event = only(code(nlp, lexicon, "Egypt imposed a blockade of Ethiopia on Monday."), "COERCE")
    assert event.mode == "restrict" and names(event.recipient) == ["Ethiopia"]


def test_refusing_a_request_is_a_refusal_of_what_was_asked(nlp, lexicon):
    event = only(code(nlp, lexicon, "Kenya rejected a Somalia appeal for deploying troops."), "REJECT")
    assert names(event.actor) == ["Kenya"] and "Somalia" in names(event.recipient)
    assert not [e for e in code(nlp, lexicon, "Kenya rejected a Somalia appeal for deploying troops.") if e.event == "REQUEST"]


def test_one_refusal_of_two_coordinated_things_is_one_event(nlp, lexicon):
    events = code(nlp, lexicon, "The United States ruled out cooperation or coordination with Russia.")
    rejects = [e for e in events if e.event == "REJECT"]
    assert len(rejects) == 1 and len({e.id for e in events}) == len(events)


def test_a_shared_object_of_coordinated_verbs_gives_the_first_its_recipient(nlp, lexicon):
    event = only(code(nlp, lexicon, "China donated and delivered medicine to Kenya on Monday."), "AID")
    assert names(event.recipient) == ["Kenya"]


def test_a_noun_that_only_describes_an_actor_is_no_event(nlp, lexicon):
    text = "American aid groups visited Kenya."
    group = Actor("American aid groups", 0, 19, "United States", "USA", "NGO", "group")
    events = code_document(nlp(text), Document(id="t", text=text), "2015-12-09", lexicon,
                           [group, Actor("Kenya", 28, 33, "Kenya", "KEN", None, "state")], [], [])
    assert all(e.trigger != "aid" for e in events)


def test_ending_cooperation_is_a_sanction(nlp, lexicon):
    event = only(code(nlp, lexicon, "Kenya halted economic aid to Somalia on Tuesday."), "SANCTION")
    assert event.mode == "discontinue" and names(event.actor) == ["Kenya"]
    assert not [e for e in code(nlp, lexicon, "Kenya halted economic aid to Somalia on Tuesday.") if e.event == "AID"]


@pytest.mark.parametrize(("text", "main", "background"), [
    ("Kenya closed its border with Somalia after Ethiopia attacked the town.", "SANCTION", "ASSAULT"),
    ("Egypt imposed a curfew following a demonstration by Ethiopia's supporters.", "COERCE", "PROTEST"),
    ("Students in Kenya staged mass demonstrations to demand reforms.", "PROTEST", "REQUEST"),
])
def test_a_background_act_or_a_protest_purpose_ranks_below_the_main_event(nlp, lexicon, text, main, background):
    events = code(nlp, lexicon, text)
    assert only(events, main).confidence > only(events, background).confidence
    assert "secondary" in only(events, background).rule


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


def test_the_recipient_of_a_refused_act_is_found_by_the_act_s_prepositions(nlp, lexicon):
    event = only(code(nlp, lexicon, "Egypt refused to commit any assistance to Kenya."), "REJECT")
    assert names(event.recipient) == ["Kenya"] and event.mode == "assist"


@pytest.mark.parametrize(("text", "category"), [
    ("Rebels in Kenya surrendered to the army on Monday.", "RETREAT"),
    ("Egypt and Ethiopia launched war games in the Red Sea.", "COOPERATE"),
    ("Kenya denied entry to Somalia's envoy.", "REJECT"),
    ("Iran has been pressuring Pakistan to close the border.", "REQUEST"),
])
def test_more_triggers(nlp, lexicon, text, category):
    only(code(nlp, lexicon, text), category)


def test_a_title_case_headline_keeps_its_denial(nlp, lexicon):
    event = only(code(nlp, lexicon, "Kenya Denies Shelling Somalia Border Posts"), "ASSAULT")
    assert event.modality == "denied" and event.trigger == "Shelling"
    assert names(event.actor) == ["Kenya"] and names(event.recipient) == ["Somalia"]


def test_a_fronted_adjunct_is_not_what_the_main_verb_denies(nlp, lexicon):
    events = code(nlp, lexicon, "In cooperation with Russia, Turkey denied bombing Syria.")
    assert only(events, "COOPERATE").modality == "asserted"
    assert only(events, "ASSAULT").modality == "denied"


def test_lifting_a_restriction_is_one_concession(nlp, lexicon):
    events = code(nlp, lexicon, "Kenya lifted its sanctions on Somalia.")
    assert [e.event for e in events] == ["CONCEDE"]
    assert names(events[0].actor) == ["Kenya"] and names(events[0].recipient) == ["Somalia"]


def test_an_announced_retreat_is_a_concession(nlp, lexicon):
    events = code(nlp, lexicon, "Russia announced it would withdraw its troops from Syria.")
    event = only(events, "CONCEDE")
    assert "future RETREAT" in event.rule and not [e for e in events if e.event == "RETREAT"]


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
