"""What places tell about actors: a home place, the places of the sentence, ethnic groups, and
places that the model mistook for people."""

from __future__ import annotations

import pytest

from eventwire.actors.located import locate_actors
from eventwire.config import Config
from eventwire.pipeline import Coder, actors_and_places
from eventwire.records import Actor, Place


@pytest.fixture(scope="module")
def coder():
    return Coder.load(Config())


def actors_in(coder, text: str) -> dict[str, Actor]:
    actors, _places = actors_and_places(coder, coder.nlp(text), "2015-10-10")
    return {a.text: a for a in actors}


def test_rebels_in_a_place_are_of_its_state(coder):
    rebels = actors_in(coder, "Rebels in Idlib shelled the town on Monday.")["Rebels"]
    assert rebels.country == "SYR" and "Idlib" in rebels.why


def test_an_unnamed_group_takes_the_one_state_of_its_sentence(coder):
    rebels = actors_in(coder, "The rebels destroyed two tanks in northern Hama province.")["rebels"]
    assert rebels.country == "SYR" and "every place of its sentence" in rebels.why


def test_foreign_fighters_are_not_of_the_place_they_fight_in(coder):
    found = actors_in(coder, "Foreign fighters arrived in Idlib on Monday.")
    assert all(a.country is None for a in found.values())


def test_an_ethnic_group_is_coded_by_where_it_lives(coder):
    found = actors_in(coder, "Up to 100 ethnic Albanians demonstrated on Tuesday in Serbia.")
    albanians = next(a for a in found.values() if "Albanians" in a.text)
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
