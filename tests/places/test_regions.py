"""Regions and oceans, adjectives of regions, and counties."""

from __future__ import annotations

import pytest

from eventwire.places import ALL_MENTIONS, find_places


@pytest.fixture(scope="module")
def listing(nlp, gazetteer):
    def run(text: str):
        return find_places(nlp(text), gazetteer, options=ALL_MENTIONS)

    return run


def test_regions_and_oceans_are_curated_places(gazetteer):
    for name, feature in (("Middle East", "RGN"), ("Indian Ocean", "OCN"), ("North Africa", "RGN"),
                          ("Northern Africa", "RGN")):
        entry = next(c.entry for c in gazetteer.candidates(name) if c.entry.curated)
        assert entry.feature == feature and entry.country is None


def test_adjectives_of_regions(listing):
    places = listing("Arab leaders met Central American ministers during a Siberian winter.")
    assert [(p.text, p.name, p.country) for p in places] == [
        ("Arab", "Arab world", None), ("Central American", "Central America", None), ("Siberian", "Siberia", "RUS")]


def test_people_named_by_a_region_are_not_places(listing):
    assert listing("The Arabs and the Siberians said nothing.") == []


def test_english_counties_missing_from_geonames_divisions(listing):
    places = listing("Races were held in Northamptonshire, Cheshire and West Yorkshire, England.")
    assert [(p.text, p.feature, p.country) for p in places] == [
        ("Northamptonshire", "ADM2", "GBR"), ("Cheshire", "ADM2", "GBR"), ("West Yorkshire", "ADM2", "GBR"),
        ("England", "ADM1", "GBR")]


def test_irish_counties_are_second_level_divisions(gazetteer, listing):
    counties = [c.entry for c in gazetteer.candidates("County Cavan") if c.entry.feature == "ADM2"]
    assert [(e.country, e.geonameid) for e in counties] == [("IRL", "2965534")]
    places = listing("Members of Cavan County Council in Ireland met.")
    assert [(p.text, p.feature) for p in places if p.text.startswith("Cavan")] == [("Cavan County", "ADM2")]


def test_rivers_islands_and_seas_news_names(listing):
    text = ("Farmers in Karnataka blocked roads over the Cauvery dispute. Tourism on Oahu and Maui fell, "
            "and tankers crossed the Strait of Hormuz into the South China Sea.")
    places = {p.text: p for p in listing(text)}
    assert (places["Cauvery"].feature, places["Cauvery"].country) == ("STM", "IND")
    assert [places[name].feature for name in ("Oahu", "Maui")] == ["ISL", "ISL"]
    assert places["Strait of Hormuz"].feature == "STRT" and places["South China Sea"].feature == "SEA"


def test_a_river_is_placed_at_its_mouth(gazetteer):
    # GeoNames (after GNS and GNIS) places streams at their mouths: the Thames at its estuary, east of London
    thames = next(c.entry for c in gazetteer.candidates("River Thames") if c.entry.curated)
    london = next(c.entry for c in gazetteer.candidates("London") if c.entry.feature == "PPLC")
    assert thames.feature == "STM" and thames.lon > london.lon + 0.5


def test_a_river_named_like_a_state_is_found_by_its_full_name_only(listing):
    places = listing("Barges on the Mississippi River reached Jackson, Mississippi.")
    assert [(p.text, p.feature) for p in places] == [
        ("Mississippi River", "STM"), ("Jackson", "PPL"), ("Mississippi", "ADM1")]


def test_landmarks_and_airports_named_without_their_city(listing):
    places = {p.text: p for p in listing("Protesters gathered outside the White House. "
                                         "The plane was searched at Heathrow airport.")}
    assert (places["White House"].country, places["White House"].feature) == ("USA", "BLDG")
    assert (places["Heathrow"].country, places["Heathrow"].feature) == ("GBR", "AIRP")


def test_a_generic_division_name_is_a_place_only_before_a_cue_word(listing):
    places = listing("Separatists attacked Bamenda in the North-West region of Cameroon.")
    assert [(p.text, p.country, p.feature) for p in places if p.text.startswith("North")] == [
        ("North-West region", "CMR", "ADM1")]
    places = listing("Mining spread on land in the North West and Limpopo provinces of South Africa.")
    assert [(p.text, p.country, p.feature) for p in places][:2] == [
        ("North West", "ZAF", "ADM1"), ("Limpopo provinces", "ZAF", "ADM1")]
    assert listing("Troops moved north west of the town. He said the North West was quiet.") == []


def test_a_plural_cue_word_makes_every_name_of_its_list_a_division(listing):
    places = listing("Shelling hit the Idlib and Hama provinces.")
    assert [(p.text, p.feature) for p in places] == [("Idlib", "ADM1"), ("Hama provinces", "ADM1")]


def test_nigerian_local_government_areas(listing):
    places = listing("Gunmen killed 12 people in Logo LGA of Benue State, and families fled Guma Local Government Area.")
    assert [(p.text, p.name, p.country, p.feature) for p in places] == [
        ("Logo LGA", "Logo", "NGA", "ADM2"), ("Benue State", "Benue", "NGA", "ADM1"),
        ("Guma Local Government Area", "Guma", "NGA", "ADM2")]
