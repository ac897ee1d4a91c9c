"""Abbreviations of states and provinces from our own lists."""

from __future__ import annotations

from eventwire.places import ALL_MENTIONS, find_places


def test_short_abbreviation_of_our_list_names_its_state(geoparse):
    places = geoparse("The storm reached Billings, Mont. on Tuesday.")
    assert [(p.text, p.name) for p in places][-1] == ("Mont.", "Montana")


def test_bc_is_british_columbia_but_not_an_era(nlp, gazetteer):
    places = find_places(nlp("Forests in BC burned. The fort was built in 300 BC."), gazetteer, options=ALL_MENTIONS)
    assert [(p.text, p.name, p.country) for p in places] == [("BC", "British Columbia", "CAN")]


def test_abbreviation_with_dots_inside_an_organisation_name(nlp, gazetteer):
    text = "Grants came from the U.S. Department of Transportation and the D.C. Commission on the Arts."
    places = find_places(nlp(text), gazetteer, options=ALL_MENTIONS)
    assert [(p.text, p.country) for p in places] == [("U.S.", "USA"), ("D.C.", "USA")]
