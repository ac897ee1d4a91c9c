"""One home for an actor's final country: claims, the decision and the source it records."""

from __future__ import annotations

import pytest

from eventwire.actors import find_actors, load_actor_lexicon
from eventwire.actors.country import SOURCE_RANK, CountryClaim, decide_country
from eventwire.records import COUNTRY_SOURCES, Actor


def police(country: str | None = None, why: str = "sectors.tsv:112 'police' (COP)") -> Actor:
    return Actor("police", 0, 6, "police", country, "COP", "group", why=why)


def test_an_actor_without_a_country_takes_the_first_claim():
    claims = [CountryClaim("USA", "home place", "from the place 'Boston'"),
              CountryClaim("GBR", "document focus", "most places")]
    decided = decide_country(police(), claims)
    assert decided.country == "USA" and decided.country_source == "home place"
    assert decided.why.startswith("sectors.tsv:112") and "from the place 'Boston'" in decided.why


def test_an_actor_keeps_its_own_country_unless_a_claim_overrides_it():
    kept = decide_country(police("FRA"), [CountryClaim("USA", "document focus", "most places")])
    assert kept.country == "FRA" and kept.why == police().why and kept.country_source is None
    overridden = decide_country(police("FRA"), [CountryClaim("USA", "place of its name", "Paris, Texas", overrides=True)])
    assert overridden.country == "USA" and overridden.country_source == "place of its name"


def test_claims_of_no_country_are_no_evidence():
    decided = decide_country(police(), [CountryClaim(None, "ethnic home", "unsure", overrides=True)])
    assert decided == police() and decided.country_source is None


def test_an_actor_with_no_country_records_no_source():
    stale = Actor("police", 0, 6, "police", None, "COP", "group", country_source="owner")
    assert decide_country(stale, ()).country_source is None


def test_a_source_once_recorded_is_not_written_again():
    decided = decide_country(police("USA"), (), "owner")
    assert decide_country(decided, (), "owner") == decided
    assert decide_country(decided, [CountryClaim("GBR", "document focus", "most places")]) == decided


def test_the_recognition_source_is_recorded_once_decided():
    decided = decide_country(police("USA"), (), "owner")
    assert decided.country_source == "owner" and decided.why.endswith("country USA (owner)")


def test_the_typed_sources_are_the_claims_vocabulary():
    assert set(COUNTRY_SOURCES) == set(SOURCE_RANK) and len(COUNTRY_SOURCES) == 15


def test_an_unknown_source_is_refused():
    with pytest.raises(ValueError, match="unknown country source"):
        CountryClaim("USA", "hunch", "no reason")


@pytest.fixture(scope="module")
def lexicon():
    return load_actor_lexicon()


def test_each_recognised_actor_says_where_its_country_came_from(nlp, lexicon):
    text = "Vladimir Putin met Syrian officials in Moscow. He said Russia would help."
    found = {a.text: a for a in find_actors(nlp(text), lexicon, "2015-10-10")}
    assert {"Vladimir Putin", "Syrian officials", "He", "Russia"} <= set(found)
    assert found["Vladimir Putin"].country_source == "person in office"
    assert found["Syrian officials"].country_source == "owner"
    assert found["He"].country_source == "antecedent"
    assert found["Russia"].country_source == "lexicon"
