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
