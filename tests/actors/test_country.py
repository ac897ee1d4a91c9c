"""One home for an actor's final country: claims, the decision and the source it records."""

from __future__ import annotations

import pytest

from eventwire.actors import find_actors, load_actor_lexicon
from eventwire.actors.country import CountryClaim, decide_country, source_of
from eventwire.records import Actor


def police(country: str | None = None, why: str = "sectors.tsv:112 'police' (COP)") -> Actor:
    return Actor("police", 0, 6, "police", country, "COP", "group", why=why)


def test_an_actor_without_a_country_takes_the_first_claim():
    claims = [CountryClaim("USA", "home place", "from the place 'Boston'"),
              CountryClaim("GBR", "document focus", "most places")]
    decided = decide_country(police(), claims)
    assert decided.country == "USA" and source_of(decided) == "home place"
    assert decided.why.startswith("sectors.tsv:112") and "from the place 'Boston'" in decided.why


def test_an_actor_keeps_its_own_country_unless_a_claim_overrides_it():
    kept = decide_country(police("FRA"), [CountryClaim("USA", "document focus", "most places")])
    assert kept.country == "FRA" and kept.why == police().why
    overridden = decide_country(police("FRA"), [CountryClaim("USA", "place of its name", "Paris, Texas", overrides=True)])
    assert overridden.country == "USA" and source_of(overridden) == "place of its name"


def test_claims_of_no_country_are_no_evidence():
    decided = decide_country(police(), [CountryClaim(None, "ethnic home", "unsure", overrides=True)])
    assert decided == police()


def test_the_recognition_source_is_recorded_once_decided():
    decided = decide_country(police("USA"), (), "owner")
    assert source_of(decided) == "owner" and decided.why.endswith("country USA (owner)")


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
    assert source_of(found["Vladimir Putin"]) == "person in office"
    assert source_of(found["Syrian officials"]) == "owner"
    assert source_of(found["He"]) == "antecedent"
    assert source_of(found["Russia"]) == "lexicon"
