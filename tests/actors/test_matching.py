"""Names and sector words found in a parsed document."""

from __future__ import annotations

import pytest

from eventwire.actors import load_actor_lexicon
from eventwire.actors.matching import name_matches, sector_cues


@pytest.fixture(scope="module")
def lexicon():
    return load_actor_lexicon()


def _names(nlp, lexicon, text, doc_date=None):
    doc = nlp(text)
    return [(doc[m.start:m.end].text, m.entry.kind, m.entry.name) for m in name_matches(doc, lexicon, doc_date)]


def test_case_sensitive_acronyms(nlp, lexicon):
    assert _names(nlp, lexicon, "Tell us what it is.") == []
    assert _names(nlp, lexicon, "The US and IS.") == [("US", "country", "United States"), ("IS", "armed_group", "Islamic State")]


def test_longest_name_wins(nlp, lexicon):
    found = _names(nlp, lexicon, "The UN Security Council and the United States of America met.")
    assert ("UN Security Council", "igo", "United Nations Security Council") in found
    assert ("United States of America", "country", "United States") in found
    assert not any(text == "UN" for text, _kind, _name in found)


def test_person_rows_resolve_by_date(nlp, lexicon):
    doc = nlp("Ban Ki-moon spoke.")
    (early,) = name_matches(doc, lexicon, "2005-06-01")
    (late,) = name_matches(doc, lexicon, "2012-06-01")
    assert (early.entry.country, early.entry.sector) == ("KOR", "GOV")
    assert (late.entry.country, late.entry.sector) == (None, "IGO")


def test_sector_phrases_by_lemma_and_hyphen(nlp, lexicon):
    doc = nlp("Iraqi foreign ministers met the NATO Secretary-General and government troops.")
    cues = sector_cues(doc, lexicon, name_matches(doc, lexicon))
    by_text = {doc[c.start:c.end].text: c.word for c in cues.values()}
    assert by_text["foreign ministers"].sector == "GOV"
    assert by_text["Secretary-General"].words == ("secretary", "general")
    assert by_text["troops"].sector == "MIL"
    assert "NATO" not in by_text


def test_out_of_office_a_person_is_their_nearest_office(nlp, lexicon):
    """Ban Ki-moon after his UN term (2017-) is still the UN's former chief, not South Korea's
    minister of 2004-2006: the nearest office in time wins, and the row says where it comes from."""
    doc = nlp("Ban Ki-moon spoke.")
    (later,) = name_matches(doc, lexicon, "2019-06-01")
    (earlier,) = name_matches(doc, lexicon, "1990-06-01")
    assert (later.entry.country, later.entry.sector) == (None, "IGO")
    assert (earlier.entry.country, earlier.entry.sector) == ("KOR", "GOV")
    assert later.entry.source.startswith("people.tsv:") and later.entry.source != earlier.entry.source


def test_capitalised_plural_sector_words(nlp, lexicon):
    doc = nlp("Rebels in Idlib shelled the town.")
    cues = sector_cues(doc, lexicon, name_matches(doc, lexicon))
    assert cues[0].word.sector == "REB"


def test_where_a_thing_was_made_names_no_actor(nlp):
    from eventwire.actors import load_actor_lexicon
    from eventwire.actors.matching import name_matches

    doc = nlp("Police found Russian-made rockets and a US-built drone near the Russian embassy.")
    found = [doc[m.start:m.end].text for m in name_matches(doc, load_actor_lexicon())]
    assert found == ["Russian"]


@pytest.mark.parametrize(("text", "surface", "name"), [
    ("President Francois Mitterand welcomed the guests.", "Francois Mitterand", "François Mitterrand"),
    ("Ethopia has agreed to open its borders.", "Ethopia", "Ethiopia"),
])
def test_a_name_misspelt_by_one_letter_is_the_known_name(nlp, text, surface, name):
    from eventwire.actors import load_actor_lexicon
    from eventwire.actors.matching import name_matches

    doc = nlp(text)
    found = {doc[m.start:m.end].text: m.entry for m in name_matches(doc, load_actor_lexicon(), "1990-01-01")}
    assert found[surface].name == name and "misspelt" in found[surface].source


def test_a_short_or_unknown_name_is_not_read_as_a_misspelling(nlp):
    from eventwire.actors import load_actor_lexicon
    from eventwire.actors.matching import name_matches

    doc = nlp("Mr. Putim met Mr. Zablotny in Geneva.")
    assert [doc[m.start:m.end].text for m in name_matches(doc, load_actor_lexicon())] == []


def test_a_surname_close_to_a_known_one_needs_a_given_name_or_title(nlp):
    from eventwire.actors import load_actor_lexicon
    from eventwire.actors.matching import name_matches

    doc = nlp("Reporters asked Mitterand about the vote.")
    assert [doc[m.start:m.end].text for m in name_matches(doc, load_actor_lexicon())] == []


def test_a_state_of_emergency_names_no_government(nlp):
    lexicon = load_actor_lexicon()
    doc = nlp("The state of emergency was lifted, the state said.")
    cues = sector_cues(doc, lexicon, name_matches(doc, lexicon))
    assert [doc[i].text for i in sorted(cues)] == ["state"] and min(cues) > 3


def test_a_state_name_after_new_names_another_place(nlp, lexicon):
    found = [text for text, _kind, _name in _names(nlp, lexicon, "New Mexico and New Jersey police met officials of Mexico.")]
    assert found == ["Mexico"]
    whole = _names(nlp, lexicon, "New Zealand officials arrived in New Delhi.")
    assert [(text, name) for text, _kind, name in whole] == [("New Zealand", "New Zealand"), ("New Delhi", "India")]
