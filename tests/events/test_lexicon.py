from eventwire.events.lexicon import load_event_lexicon
from eventwire.records import PLOVER_CATEGORIES, QUADS


def test_every_category_has_a_quad_a_score_and_triggers():
    lexicon = load_event_lexicon()
    assert set(lexicon.quads) == set(PLOVER_CATEGORIES)
    assert set(lexicon.quads.values()) == set(QUADS)
    covered = {t.category for entries in lexicon.triggers.values() for t in entries}
    assert covered == set(PLOVER_CATEGORIES)
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
    seen = set()
    for (lemma, pos), entries in lexicon.triggers.items():
        for trigger in entries:
            key = (lemma, pos, trigger.cue)
            assert key not in seen, key
            seen.add(key)
            assert trigger.mode is None or trigger.mode in lexicon.modes[trigger.category]
            assert 0 < trigger.weight <= 1
