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


def test_initials_of_a_country_the_text_names_in_full(nlp, gazetteer):
    text = ("Trinidad and Tobago did not attend the meeting. The minister asked why T&T was not represented, "
            "and the ANC sent a letter.")
    places = find_places(nlp(text), gazetteer, options=ALL_MENTIONS)
    assert [(p.text, p.country) for p in places if p.text in ("T&T", "ANC")] == [("T&T", "TTO")]


def test_initials_of_a_people_the_text_names(nlp, gazetteer):
    text = "Mining feeds millions of South Africans. That SA holds large reserves of platinum is well known."
    places = find_places(nlp(text), gazetteer, options=ALL_MENTIONS)
    assert ("SA", "ZAF") in [(p.text, p.country) for p in places]


def test_initials_of_a_country_the_text_does_not_name_are_left_alone(nlp, gazetteer):
    places = find_places(nlp("That SA holds large reserves of platinum is well known."), gazetteer, options=ALL_MENTIONS)
    assert "SA" not in [p.text for p in places]
