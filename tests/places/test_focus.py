"""Where a document's unnamed streets and buildings go: `_document_focus`."""

from __future__ import annotations

from eventwire.places import ALL_MENTIONS, find_places
from eventwire.places.gazetteer import GazetteerEntry
from eventwire.places.geoparse import NOTHING_NAMED, NamedAreas, _document_focus, _evidence, _towns_country
from eventwire.places.mentions import ToponymMention, place_candidates, toponym_mentions


def town(name: str, admin1: str, population: int, country: str = "USA") -> GazetteerEntry:
    return GazetteerEntry(name, None, 0.0, 0.0, country, "PPL", population, False, admin1)


def test_the_state_most_places_lie_in_wins_over_a_town_named_twice():
    state = GazetteerEntry("Oregon", None, 0.0, 0.0, "USA", "ADM1", 4_000_000, False, "US.OR")
    portland, salem = town("Portland", "US.OR", 600_000), town("Salem", "US.OR", 170_000)
    elsewhere = town("Jackson", "US.MS", 150_000)  # a street named like a town of another state, twice
    entries = [state, portland, elsewhere, salem, elsewhere]
    named = NamedAreas(countries=frozenset({"USA"}), admin1=frozenset({"US.OR", "US.MS"}))
    assert _document_focus(entries, named) == portland


def test_the_most_named_town_of_the_state_then_the_most_populous():
    small, big = town("Bend", "US.OR", 90_000), town("Portland", "US.OR", 600_000)
    assert _document_focus([small, big, small], NOTHING_NAMED) == small
    assert _document_focus([small, big], NOTHING_NAMED) == big


def test_an_old_name_of_a_city_is_no_evidence_when_towns_bear_it(gazetteer):
    """ "Franklin" is an alternate name of Columbus, Ohio, and the own name of many towns: it names no state."""
    mention = ToponymMention(0, 8, 0, 8, False, True, "", "")
    assert _evidence(place_candidates(gazetteer, "Franklin"), mention) is None
    assert _evidence(place_candidates(gazetteer, "Louisiana"), mention).entry.admin1 == "US.LA"


def test_a_text_naming_no_country_is_placed_by_its_towns(nlp, gazetteer):
    text = ("The bypass near Cirencester shuts tonight, so drivers from Gloucester face delays. "
            "Shops in Cirencester stay open.")
    places = {p.text: p.country for p in find_places(nlp(text), gazetteer, options=ALL_MENTIONS)}
    assert places["Gloucester"] == "GBR"  # not Gloucester, Ontario, a little more populous


def test_a_common_word_or_a_title_does_not_place_a_text(nlp, gazetteer):
    text = "Officer Dawes said the officer in Gloucester was off duty."
    doc = nlp(text)
    mentions = toponym_mentions(doc, gazetteer, text, ALL_MENTIONS)
    candidates = [place_candidates(gazetteer, text[m.name_start:m.name_end]) for m in mentions]
    assert _towns_country(text, mentions, candidates) == frozenset()


def test_a_looked_up_division_named_like_towns_abroad_is_no_evidence(gazetteer):
    lookup = ToponymMention(0, 6, 0, 6, False, False, "", "")
    assert _evidence(place_candidates(gazetteer, "Nelson"), lookup) is None
    assert _evidence(place_candidates(gazetteer, "Tasmania"), lookup).entry.feature == "ADM1"


def test_a_county_named_like_a_state_is_the_county(nlp, gazetteer):
    text = ("Schools in Muhlenberg County will get $1m and Ohio County schools $900,000, "
            "officials in Kentucky said.")
    places = {p.text: p for p in find_places(nlp(text), gazetteer, options=ALL_MENTIONS)}
    ohio = places["Ohio County"]
    assert (ohio.feature, ohio.country) == ("ADM2", "USA")
    kentucky = places["Kentucky"]
    assert abs(ohio.lat - kentucky.lat) < 2 and abs(ohio.lon - kentucky.lon) < 4  # in Kentucky, not Ohio or Indiana


def test_an_institution_only_one_country_has_names_the_country(nlp, gazetteer):
    places = find_places(nlp("Gardai said a man was stabbed in Dundalk on Monday."), gazetteer)
    assert [(p.text, p.country) for p in places] == [("Dundalk", "IRL")]
    places = find_places(nlp("Police said a man was stabbed in Dundalk on Monday."), gazetteer)
    assert [(p.text, p.country) for p in places] == [("Dundalk", "USA")]  # Dundalk, Maryland is the larger


def test_country_cue_words_are_case_sensitive_whole_words(gazetteer):
    assert gazetteer.countries_cued("The Knesset and the Lok Sabha voted.") == {"ISR", "IND"}
    assert gazetteer.countries_cued("a garda, Gardaland, sejmik") == frozenset()
