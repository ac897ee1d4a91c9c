"""What places tell about actors: a home place, the places of the sentence, ethnic groups, and
places that the model mistook for people."""

from __future__ import annotations

import pytest

from eventwire.actors.located import locate_actors
from eventwire.config import Config
from eventwire.pipeline import actors_and_places
from eventwire.records import Actor, Place


@pytest.fixture(scope="module")
def coder(load_coder):
    return load_coder(Config())


def actors_in(coder, text: str) -> dict[str, Actor]:
    actors, _places = actors_and_places(coder, coder.nlp(text), "2015-10-10")
    return {a.text: a for a in actors}


def mention_with(coder, text: str, word: str) -> Actor:
    """The actor whose mention contains `word`."""
    return next(a for a in actors_in(coder, text).values() if word in a.text)


def test_rebels_in_a_place_are_of_its_state(coder):
    rebels = actors_in(coder, "Rebels in Idlib shelled the town on Monday.")["Rebels"]
    assert rebels.country == "SYR" and "Idlib" in rebels.why


def test_an_unnamed_group_takes_the_one_state_of_its_sentence(coder):
    rebels = actors_in(coder, "The rebels destroyed two tanks in northern Hama province.")["rebels"]
    assert rebels.country == "SYR" and "every place of its sentence" in rebels.why


def test_forces_sent_by_a_state_are_not_of_the_place_they_go_to(coder):
    jets = mention_with(coder, "Russia deployed fighter jets to Syria on Monday.", "jets")
    assert jets.country is None
    soldiers = mention_with(coder, "Soldiers fired on the crowd in Aleppo on Monday.", "Soldiers")
    assert soldiers.country == "SYR"


def test_foreign_fighters_are_not_of_the_place_they_fight_in(coder):
    found = actors_in(coder, "Foreign fighters arrived in Idlib on Monday.")
    assert "Foreign fighters" in found or "fighters" in found, found
    assert all(a.country is None for a in found.values())


def test_an_ethnic_group_is_coded_by_where_it_lives(coder):
    albanians = mention_with(coder, "Up to 100 ethnic Albanians demonstrated on Tuesday in Serbia.", "Albanians")
    assert albanians.country == "SRB" and "ethnic group" in albanians.why


def test_a_place_tagged_as_a_person_is_dropped(nlp):
    doc = nlp("Government forces clashed with militants near Palmyra.")
    start = doc.text.index("Palmyra")
    person = Actor("Palmyra", start, start + 7, "Palmyra", None, None, "person", why="unknown person (spaCy PERSON entity)")
    place = Place("Palmyra", start, start + 7, "Palmyra", "170592", 34.56, 38.28, "SYR", "PPL")
    assert locate_actors(doc, [person], [place]) == []
    assert locate_actors(doc, [person], []) == [person]  # no place there: still a person


def test_a_domestic_group_takes_the_state_the_document_is_about(coder):
    text = ("Fighting raged in Idlib and Hama on Monday. Aid convoys reached Aleppo on Tuesday. "
            "The opposition said civilians were trapped.")
    found = actors_in(coder, text)
    assert found["civilians"].country == "SYR"
    assert "most of the document's places" in found["civilians"].why


def test_police_and_people_of_a_story_set_in_one_town_take_its_state(coder):
    text = ("A fire damaged a barn outside Springfield, Illinois, on Monday. "
            "Police said a man was arrested. The council met on Tuesday.")
    found = actors_in(coder, text)
    assert {"Police", "man", "council"} <= set(found)
    for name in ("Police", "man", "council"):
        assert found[name].country == "USA", name


def test_a_story_naming_two_states_sets_no_state_for_its_police(coder):
    text = "A fire damaged a barn outside Springfield, Illinois, and a shop in Toronto. Police said a man was arrested."
    assert actors_in(coder, text)["Police"].country is None


def test_a_group_operating_in_a_place_is_of_its_state(coder):
    guerrillas = mention_with(coder, "Hundreds of ethnic Albanian guerrillas operating in Macedonia handed in their weapons.", "guerrillas")
    assert guerrillas.country == "MKD"


def test_a_people_of_a_place_is_coded_by_that_place(coder):
    hungarians = mention_with(coder, "The Hungarians of southern Slovakia held a rally on Monday.", "Hungarians")
    assert hungarians.country == "SVK" and "a people of" in hungarians.why


def test_a_domestic_group_takes_the_state_of_the_institutions_beside_it(coder):
    found = actors_in(coder, "Fundamentalists marched to demand the resignation of the Egyptian president.")
    assert found["Fundamentalists"].country == "EGY" and "its own institutions" in found["Fundamentalists"].why


def test_a_domestic_group_takes_no_state_from_a_foreign_army(coder):
    found = actors_in(coder, "Russian warplanes bombed rebels on Monday.")
    assert found["rebels"].country is None


def test_a_domestic_group_takes_no_state_when_two_are_named(coder):
    found = actors_in(coder, "Protesters marched to the Egyptian embassy to meet the Sudanese president.")
    assert found["Protesters"].country is None


def test_a_titled_person_takes_the_state_of_the_sentence_places(coder):
    person = mention_with(coder, "President Kofi Mbeke imposed a curfew in Algiers on Friday.", "Mbeke")
    assert person.country == "DZA"


def test_a_titled_person_takes_no_state_from_a_guest(coder):
    person = mention_with(coder, "President Kofi Mbeke welcomed the South African leader on Friday.", "Mbeke")
    assert person.country is None


def test_a_later_mention_takes_the_country_its_antecedent_was_given(coder):
    found = actors_in(coder, "Ethnic Albanian guerrillas operating in Macedonia handed in their weapons.")
    assert found["their"].country == "MKD"


def test_a_party_takes_the_one_state_its_sentence_names(coder):
    found = actors_in(coder, "The Umma party said it will boycott the elections in Algeria.")
    assert found["Umma party"].country == "DZA" and found["it"].country == "DZA"


def test_an_unnamed_president_takes_the_one_state_its_sentence_names(coder):
    found = actors_in(coder, "The opposition will boycott Algeria's elections unless the president resigns.")
    assert found["president"].country == "DZA"


def test_a_named_president_takes_the_state_of_the_rebels_he_concedes_to(coder):
    person = mention_with(coder, "President Kofi Mbeke conceded to demands from UNITA on Monday.", "Mbeke")
    assert person.country == "AGO"


def _town(doc_text: str, name: str, country: str, feature: str = "PPL") -> Place:
    start = doc_text.rindex(name)
    return Place(name, start, start + len(name), name, "1", 0.0, 0.0, country, feature)


def test_a_body_named_after_a_town_is_of_the_town_the_document_means(nlp):
    from eventwire.actors import find_actors, load_actor_lexicon

    lexicon = load_actor_lexicon()
    text = "Lebanon Police arrested a man in Lebanon on Friday."
    doc = nlp(text)
    actors = find_actors(doc, lexicon, "2010-05-01")
    police = next(a for a in actors if a.text == "Lebanon Police")
    assert police.country == "LBN"  # the lexicon alone reads the state
    in_missouri = {a.text: a for a in locate_actors(doc, actors, [_town(text, "Lebanon", "USA")], lexicon.names)}
    assert in_missouri["Lebanon Police"].country == "USA"
    assert "place of its name" in in_missouri["Lebanon Police"].why
    in_lebanon = {a.text: a for a in locate_actors(doc, actors, [_town(text, "Lebanon", "LBN", "PCLI")], lexicon.names)}
    assert in_lebanon["Lebanon Police"].country == "LBN"


def test_a_town_inside_another_name_says_nothing_of_the_actor(nlp):
    from eventwire.actors import find_actors, load_actor_lexicon

    lexicon = load_actor_lexicon()
    text = "Trinidad and Tobago rejected the request. The mayor of Trinidad spoke."
    doc = nlp(text)
    actors = find_actors(doc, lexicon, "2018-04-01")
    state = next(a for a in actors if a.text == "Trinidad and Tobago")
    located = {a.text: a for a in locate_actors(doc, actors, [_town(text, "Trinidad", "BOL")], lexicon.names)}
    assert located[state.text].country == state.country == "TTO"


def test_a_story_no_place_places_is_about_the_state_of_its_named_actors(nlp):
    from eventwire.actors import find_actors, load_actor_lexicon

    lexicon = load_actor_lexicon()
    text = "Pakistani officials met Pakistani generals on Monday. Pakistani diplomats arrived. The council approved the plan."
    doc = nlp(text)
    actors = find_actors(doc, lexicon, "2018-04-01")
    council = next(a for a in actors if a.text.lower() == "council")
    assert council.country is None
    located = {a.text: a for a in locate_actors(doc, actors, [], lexicon.names)}
    assert located[council.text].country == "PAK" and located[council.text].country_source == "document actors"
    mixed = [a for a in actors if a.text != "Pakistani generals"]  # two of them only: too few to say
    assert {a.text: a for a in locate_actors(doc, mixed, [], lexicon.names)}[council.text].country is None
