from dataclasses import fields

import pytest

from eventwire.datafiles import read_tsv
from eventwire.events.lexicon import DATA, WORD_FILES, EventWords, load_event_lexicon, load_event_words
from eventwire.records import PLOVER_CATEGORIES, QUADS


def test_every_category_has_a_quad_a_score_and_triggers():
    lexicon = load_event_lexicon()
    assert set(lexicon.quads) == set(PLOVER_CATEGORIES)
    assert set(lexicon.quads.values()) == set(QUADS)
    covered = {t.category for entries in lexicon.triggers.values() for t in entries}
    assert covered == set(PLOVER_CATEGORIES) and len(PLOVER_CATEGORIES) == 16  # PLOVER's sixteen categories
    for category in PLOVER_CATEGORIES:
        assert -10 <= lexicon.intensity(category, None) <= 10


def test_scores_follow_the_manual_table():
    lexicon = load_event_lexicon()
    assert lexicon.intensity("AID", None) == 10
    assert lexicon.intensity("ASSAULT", "aerial") == -9.5
    assert lexicon.intensity("CONSULT", "phone") == 1.5
    # A mode without its own score takes the category's.
    assert lexicon.intensity("ASSAULT", "execute") == lexicon.intensity("ASSAULT", None)


def test_trigger_rows_are_unique_and_modes_valid():
    lexicon = load_event_lexicon()
    assert lexicon.triggers and all(lexicon.triggers.values())
    seen = set()
    for (lemma, pos), entries in lexicon.triggers.items():
        for trigger in entries:
            key = (lemma, pos, trigger.cue)
            assert key not in seen, key
            seen.add(key)
            assert trigger.mode is None or trigger.mode in lexicon.modes[trigger.category]
            assert 0 < trigger.weight <= 1


def _word_rows(name):
    return [(line, row["set"], row["word"]) for line, row in read_tsv(DATA, name, ("set", "word"))]


@pytest.mark.parametrize("name", WORD_FILES)
def test_word_class_rows_name_known_classes_once_in_lower_case(name):
    classes = {f.name for f in fields(EventWords)}
    rows = _word_rows(name)
    assert rows, name
    seen = set()
    for line, word_set, word in rows:
        assert word_set in classes, (name, line, word_set)
        assert word and word == word.lower() and not any(c.isspace() for c in word), (name, line, word)
        assert (word_set, word) not in seen, (name, line, word_set, word)
        seen.add((word_set, word))


def test_each_word_class_lives_in_one_file_and_every_class_has_words():
    where = {}
    assert WORD_FILES
    for name in WORD_FILES:
        for _, word_set, _ in _word_rows(name):
            assert where.setdefault(word_set, name) == name, (word_set, where[word_set], name)
    assert set(where) == {f.name for f in fields(EventWords)}


def test_word_classes_load_as_the_rules_read_them():
    words = load_event_lexicon().words
    assert load_event_words() == words
    assert "say" in words.saying_verbs and "reminder" in words.demand_speech
    assert words.banning_verbs <= words.prevent_verbs  # a ban is one way of preventing a protest
    # spaCy splits "won't" and "can't" into "wo" / "ca" + "n't": the modals must be in that form.
    assert {"wo", "ca"} <= words.refusal_modals and "wo" in words.future_auxiliaries


def test_recipient_preposition_rows_are_unique_lower_case_and_known_categories():
    rows = list(read_tsv(DATA, "recipient_prepositions.tsv", ("preposition", "category")))
    assert rows
    seen = set()
    for line, row in rows:
        key = (row["preposition"], row["category"])
        assert key not in seen, (line, key)
        seen.add(key)
        assert row["preposition"] == row["preposition"].lower() and " " not in row["preposition"], line
        assert row["category"] in PLOVER_CATEGORIES, line
    prepositions = load_event_lexicon().recipient_prepositions
    assert "ASSAULT" in prepositions["against"] and "AID" in prepositions["to"]
    # "at the summit" is no recipient: "at" introduces only the target of conflict.
    assert prepositions["at"] == {"ASSAULT", "THREATEN"}
