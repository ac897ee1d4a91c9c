"""Each event dated by its own clause; date precision and background on every record."""

from __future__ import annotations

import pytest

from eventwire.dates.events import dated_before, last_day, load_history_markers
from eventwire.pipeline import code_text


@pytest.fixture(scope="module")
def coded(load_coder):
    coder = load_coder()

    def run(text, doc_date="2015-12-09"):
        return {e.trigger: e for e in code_text(coder, text, date=doc_date).events}

    return run


def test_a_year_inside_another_event_s_phrase_does_not_date_this_one(coded):
    events = coded("Jets killed 20 people in Khan Sheikhoun, the scene of the 2013 sarin attack.")
    assert {"killed", "attack"} <= set(events)
    assert (events["killed"].date, events["killed"].date_precision, events["killed"].background) == (
        "2015-12-09", "day", False)
    assert (events["attack"].date, events["attack"].date_precision, events["attack"].background) == ("2013", "year", True)


def test_an_event_takes_its_own_clause_s_date(coded):
    events = coded("In Khan Sheikhoun, the scene of the 2013 sarin attack, government jets killed 20 people last week.")
    assert (events["killed"].date, events["killed"].date_text, events["killed"].date_precision) == (
        "2015-12", "last week", "month")
    assert not events["killed"].background


def test_history_words_of_the_event_s_clause_mark_background(coded):
    assert coded("The army has fought the rebels since 2011.")["fought"].background
    assert coded("In 1995, Serb forces killed 8,000 men in Srebrenica.")["killed"].background
    today = coded("Russian jets bombed Idlib on Tuesday.")["bombed"]
    assert (today.date, today.date_precision, today.background) == ("2015-12-08", "day", False)


def test_without_any_date_precision_is_null(coded):
    event = coded("Russian jets bombed Idlib.", doc_date=None)["bombed"]
    assert (event.date, event.date_precision, event.background) == (None, None, False)


def test_more_than_thirty_days_before_the_document_is_background():
    assert dated_before("2015-11-08", "2015-12-09")
    assert not dated_before("2015-11-09", "2015-12-09")
    assert not dated_before("2015-11", "2015-12-09")  # a month counts to its last day
    assert dated_before("2014", "2015-12-09")
    assert not dated_before(None, "2015-12-09") and not dated_before("2014", None)
    assert last_day("2016-02").isoformat() == "2016-02-29"


def test_history_markers_read():
    markers = load_history_markers()
    assert markers and any(m.by_year for m in markers) and any(not m.by_year for m in markers)
    assert any(m.pattern.search("a decades-long insurgency") for m in markers)


def test_a_sentence_without_a_verb_is_dated(coded):
    """A headline fragment: the clause search stops at the root (spaCy's tokens are compared by position)."""
    event = coded("Russian airstrikes on Idlib in 2014")["airstrikes"]
    assert (event.date, event.date_precision, event.background) == ("2014", "year", True)
