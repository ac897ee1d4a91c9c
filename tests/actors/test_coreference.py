"""Later mentions linked to the actor named earlier: pronouns, definite nouns, a quoted "we"."""

from __future__ import annotations

import pytest

from eventwire.actors import find_actors, load_actor_lexicon
from eventwire.records import Actor


@pytest.fixture(scope="module")
def lexicon():
    return load_actor_lexicon()


@pytest.fixture(scope="module")
def mentions(nlp, lexicon):
    def run(text: str, doc_date: str = "2015-10-10") -> list[Actor]:
        return find_actors(nlp(text), lexicon, doc_date)

    return run


def at(found: list[Actor], text: str, occurrence: int = 0) -> Actor:
    matching = [a for a in found if a.text == text]
    assert len(matching) > occurrence, f"no {text!r} in {[a.text for a in found]}"
    return matching[occurrence]


def test_the_ministry_is_the_ministry_named_before(mentions):
    found = mentions("The Russian Foreign Ministry condemned the strike. On Tuesday the ministry said talks would go on.")
    later = at(found, "ministry")
    assert (later.name, later.country, later.sector) == ("Russia", "RUS", "GOV")
    assert "Russian Foreign Ministry" in later.why


def test_he_is_the_salient_earlier_person(mentions):
    found = mentions("Sergei Lavrov met John Kerry in Geneva on Monday. He said Russia was ready to talk.")
    he = at(found, "He")
    assert (he.name, he.country) == ("Sergey Lavrov", "RUS")
    assert "anaphors.tsv" in he.why and "Sergei Lavrov" in he.why


def test_the_group_and_its_fighters_are_the_armed_group(mentions):
    found = mentions("Syrian government forces and Islamic State fighters clashed near Palmyra. "
                     "The group said its fighters killed 20 soldiers.")
    assert at(found, "group").name == "Islamic State"
    assert at(found, "its").name == "Islamic State"
    assert at(found, "fighters").name == "Islamic State"


def test_a_possessive_refers_to_its_own_clause_subject(mentions):
    found = mentions("Russia says it is coordinating its efforts with France, which has stepped up its own air strikes.")
    owners = [a.name for a in found if a.text == "its"]
    assert owners == ["Russia", "France"]


def test_quoted_we_is_the_side_of_the_speaker(mentions):
    found = mentions("Michelle Baldanza, a Pentagon spokeswoman, spoke on Tuesday. "
                     "\u201cWe cannot and will not discuss cooperation,\u201d Baldanza said.")
    we = at(found, "We")
    assert (we.name, we.country, we.type) == ("United States", "USA", "state")


@pytest.mark.parametrize("text", [
    "Russia has denied it.",  # an object "it" is a statement, not an actor
    "Russia met Iran. It is unclear whether the talks will go on.",  # a dummy subject
])
def test_it_that_names_no_actor_is_left_alone(mentions, text):
    assert all(a.text.lower() != "it" for a in mentions(text))


def test_a_pronoun_with_no_antecedent_names_nobody(mentions):
    assert mentions("He said the talks would go on.") == []


def test_quoted_we_finds_its_speaker_after_a_sentence_break(mentions):
    found = mentions("\u201cWe are worried about the strikes. They must stop,\u201d John Kerry said on Monday.")
    we = at(found, "We")
    assert (we.name, we.country) == ("United States", "USA")


def test_their_may_refer_to_a_state_named_as_subject(mentions):
    found = mentions("Russia has been striking bases belonging to the jihadists. Their jets flew sixty sorties on Monday.")
    assert at(found, "Their").country == "RUS"


def test_they_is_not_a_singular_state(mentions):
    found = mentions("Russia bombed the rebels on Monday. They said twelve fighters had died.")
    assert all(a.country != "RUS" for a in found if a.text == "They")


def test_a_definite_noun_after_in_is_a_place_not_an_actor(mentions):
    found = mentions("The Kurdish region held a vote. Russian jets struck targets in the region on Monday.")
    assert not [a for a in found if a.text == "region" and a.start > 40]


def test_quoted_we_speaks_for_a_speaker_named_by_a_pronoun(mentions):
    found = mentions("Sergei Lavrov arrived in Geneva on Monday. \u201cWe will not leave Syria,\u201d he said.")
    we = at(found, "We")
    assert (we.name, we.country) == ("Russia", "RUS")


def test_quoted_we_of_a_person_of_no_known_country_is_that_person_side(mentions):
    found = mentions("\u201cWe will rebuild the bridge,\u201d Mayor Karen Whitfield said on Monday.")
    we = at(found, "We")
    assert we.name == at(found, "Mayor Karen Whitfield").name == "Karen Whitfield" and "refers back to" in we.why
