"""Names the model missed or mislabelled, found by gazetteer look-up (`_lookup_mentions`)."""

from __future__ import annotations

import dataclasses

import pytest

from eventwire.places import ALL_MENTIONS, find_places


@pytest.fixture(scope="module")
def listing(nlp, gazetteer):
    def run(text: str):
        return [(p.text, p.name, p.country) for p in find_places(nlp(text), gazetteer, options=ALL_MENTIONS)]

    return run


def test_a_direction_word_may_start_a_name_inside_an_organisation(listing):
    places = listing("A Western Cape SAPS spokesperson said the West must help.")
    assert ("Western Cape", "Western Cape", "ZAF") in places
    assert not any(p[0] == "West" for p in places)


def test_a_name_before_its_police_or_council_is_a_place(listing):
    places = listing("Officers of the New Brunswick RCMP said a Nenagh councillor in Ireland was robbed.")
    assert ("New Brunswick", "New Brunswick", "CAN") in places
    assert ("Nenagh", "Nenagh", "IRL") in places


def test_a_council_of_a_person_is_no_place(listing):
    assert not any(p[0] == "Harris" for p in listing("Harris residents of the council of Harris met."))


def test_a_dateline_in_capitals_is_the_town_the_story_was_filed_from(listing):
    places = listing("IMMOKALEE – The congressman spoke on Monday.")
    assert places[0][:3] == ("IMMOKALEE", "Immokalee", "USA")


def test_capitals_inside_a_sentence_are_no_dateline(listing):
    assert listing("The report was marked URGENT, then filed.") == []


def test_to_or_from_a_town_of_a_named_country_is_plausible(gazetteer):
    from eventwire.places.geoparse import NamedAreas, _plausible
    from eventwire.places.mentions import ToponymMention, place_candidates

    town = next(c for c in place_candidates(gazetteer, "Cirencester") if c.entry.country == "GBR")
    lookup_after_to = ToponymMention(0, 11, 0, 11, False, False, "", "to")
    assert _plausible(town, lookup_after_to, NamedAreas(countries=frozenset({"GBR"})))
    assert not _plausible(town, lookup_after_to, NamedAreas(countries=frozenset({"USA"})))


def test_one_place_per_name_in_a_text(nlp, gazetteer):
    from eventwire.places.gazetteer import GazetteerEntry
    from eventwire.places.geoparse import _same_name_same_place
    from eventwire.places.mentions import ToponymMention, place_candidates

    text = "Police in Nelson, BC said Nelson residents and Nelson said nothing."
    first, second, third = (text.index("Nelson"), text.index("Nelson residents"), text.rindex("Nelson"))
    mentions = [ToponymMention(first, first + 6, first, first + 6, False, True, "", "in"),
                ToponymMention(second, second + 6, second, second + 6, False, False, "PERSON", ""),
                ToponymMention(third, third + 6, third, third + 6, False, False, "PERSON", "", person_role=True)]
    candidates = [place_candidates(gazetteer, "Nelson")] * 3
    town = next(c.entry for c in candidates[0] if c.entry.country == "CAN")
    resolved: dict[int, GazetteerEntry] = {0: town}
    _same_name_same_place(text, mentions, candidates, resolved)
    assert resolved == {0: town, 1: town}  # "Nelson said" speaks: a person


def test_a_local_name_before_roundabout_or_junction(nlp, gazetteer):
    text = "In Cheltenham, England, delays hit the Kestrel Hill roundabout and the Cheltenham junction."
    places = find_places(nlp(text), gazetteer, options=ALL_MENTIONS)
    got = {(p.text, p.feature, p.country) for p in places}
    assert ("Kestrel Hill", "RDJCT", "GBR") in got  # no GeoNames id: placed at the town the text is about
    assert sum(p.text == "Cheltenham" for p in places) == 2


def test_road_numbers_in_a_sentence_about_roads(nlp, gazetteer):
    text = "In Cheltenham, England, the A46 northbound carriageway shuts. The airline flies the A380 to Dubai."
    places = {p.text: p for p in find_places(nlp(text), gazetteer, options=ALL_MENTIONS)}
    assert (places["A46"].feature, places["A46"].country) == ("RD", "GBR")
    assert "A380" not in places


def test_a_name_the_county_after_it_holds_no_town_of_is_a_local_place(nlp, gazetteer):
    text = "Motor racing in England. 11 August: Rockingham, Northamptonshire."
    places = {p.text: p for p in find_places(nlp(text), gazetteer, options=ALL_MENTIONS)}
    rockingham = places["Rockingham"]
    assert (rockingham.country, rockingham.geonameid) == ("GBR", None)  # not Rockingham, Western Australia
    assert (rockingham.lat, rockingham.lon) == (places["Northamptonshire"].lat, places["Northamptonshire"].lon)


def test_a_list_of_cities_is_no_place_and_county(nlp, gazetteer):
    text = "Fans of Barcelona, Liverpool and Hamburg in England and Germany cheered."
    places = {p.text: p.country for p in find_places(nlp(text), gazetteer, options=ALL_MENTIONS)}
    assert places.get("Barcelona") != "GBR"


def test_an_unknown_name_before_its_county_is_placed_there(nlp, gazetteer):
    text = "The Scottish round is next. 25 August: Knockhill, Fife."
    places = {p.text: p for p in find_places(nlp(text), gazetteer, options=ALL_MENTIONS)}
    assert "Knockhill" in places, places
    assert (places["Knockhill"].lat, places["Knockhill"].geonameid) == (places["Fife"].lat, None)


def test_a_persons_name_after_the_town_of_is_a_town(gazetteer):
    from eventwire.places.geoparse import NamedAreas, _plausible
    from eventwire.places.mentions import ToponymMention, place_candidates

    town = next(c for c in place_candidates(gazetteer, "Nenagh") if c.entry.country == "IRL")
    after_town_of = ToponymMention(0, 6, 0, 6, False, False, "PERSON", "of")
    assert _plausible(town, after_town_of, NamedAreas(countries=frozenset({"IRL"})))
    assert not _plausible(town, dataclasses.replace(after_town_of, preposition=""), NamedAreas(countries=frozenset({"IRL"})))


def test_the_preposition_before_a_list_or_past_the(nlp):
    from eventwire.places.mentions import _preposition_before

    doc = nlp("Trains stop in Hilversum and Almelo. Burglaries rose in the Shankill area and in the Skripal case.")
    index = {token.text: token.i for token in doc}
    assert _preposition_before(doc, index["Almelo"], index["Almelo"] + 1) == "in"
    assert _preposition_before(doc, index["Shankill"], index["Shankill"] + 1) == "in"
    assert _preposition_before(doc, index["Skripal"], index["Skripal"] + 1) == ""


def test_to_after_a_verb_of_going_is_locative(nlp):
    from eventwire.places.mentions import _preposition_before

    doc = nlp("Instead of driving to Castlegar, she spoke to Hong.")
    index = {token.text: token.i for token in doc}
    assert _preposition_before(doc, index["Castlegar"], index["Castlegar"] + 1) == "in"
    assert _preposition_before(doc, index["Hong"], index["Hong"] + 1) == "to"


def test_a_parse_without_lemmas_reads_the_verb_of_going_as_the_lemmatizer_would(nlp):
    from eventwire.parsing import WITHOUT_LEMMAS
    from eventwire.places.mentions import _preposition_before, lemmatize_motion_heads

    text = "Instead of driving to Castlegar, she spoke to Hong."
    doc = nlp(text, disable=list(WITHOUT_LEMMAS))
    index = {token.text: token.i for token in doc}
    assert doc[index["driving"]].lemma_ == ""  # parsed without the lemmatizer
    lemmatize_motion_heads(doc, nlp.get_pipe("lemmatizer").lemmatize)
    lemmas = {token.text: token.lemma_ for token in doc}
    assert (lemmas["driving"], lemmas["spoke"], lemmas["Instead"]) == ("drive", "speak", "")  # only the heads of "to"
    assert _preposition_before(doc, index["Castlegar"], index["Castlegar"] + 1) == "in"
    assert _preposition_before(doc, index["Hong"], index["Hong"] + 1) == "to"


def test_a_town_before_its_football_club_word(listing):
    assert ("Bolton", "Bolton", "GBR") in listing("A win over Bolton Wanderers lifted the Blues in England.")


def test_of_after_a_persons_name_says_where_the_person_lives(nlp, gazetteer):
    text = "In 2016, David and Jodi Mahler of Bellmore appeared on the show, and so did Ann Reyes, of Slidell, in Louisiana."
    places = find_places(nlp(text), gazetteer, options=ALL_MENTIONS)
    assert [(p.text, p.country) for p in places] == [("Bellmore", "USA"), ("Slidell", "USA"), ("Louisiana", "USA")]
