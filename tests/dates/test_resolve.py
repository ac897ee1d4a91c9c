"""The resolution rules, without spaCy: each expression against a fixed document date."""

from __future__ import annotations

from datetime import date

import pytest

from eventwire.dates import resolve_expression

WEDNESDAY = date(2015, 12, 9)


def resolved(text, base=WEDNESDAY):
    value = resolve_expression(text, base)
    return (value.value, value.precision) if value else None


@pytest.mark.parametrize(
    "text, expected",
    [
        ("on Tuesday", ("2015-12-08", "day")),
        ("Tuesday", ("2015-12-08", "day")),
        ("on Wednesday", ("2015-12-09", "day")),  # the same weekday is the document's day
        ("Thursday", ("2015-12-03", "day")),  # never after the document date
        ("last Wednesday", ("2015-12-02", "day")),
        ("Tuesday night", ("2015-12-08", "day")),
        ("next Tuesday", ("2015-12-15", "day")),  # explicitly future
        ("yesterday", ("2015-12-08", "day")),
        ("today", ("2015-12-09", "day")),
        ("tomorrow", ("2015-12-10", "day")),
        ("last week", ("2015-12", "month")),
        ("next week", ("2015-12", "month")),
        ("two days ago", ("2015-12-07", "day")),
        ("on December 6", ("2015-12-06", "day")),
        ("6 December", ("2015-12-06", "day")),
        ("December 10", ("2014-12-10", "day")),  # the most recent December 10 not after the document
        ("September 30", ("2015-09-30", "day")),
        ("on October 1", ("2015-10-01", "day")),
        ("in September 2014", ("2014-09", "month")),
        ("in September", ("2015-09", "month")),
        ("in 2014", ("2014", "year")),
        ("last year", ("2014", "year")),
        ("this year", ("2015", "year")),
        ("last month", ("2015-11", "month")),
        ("December 6, 2015", ("2015-12-06", "day")),
        ("Friday 13th November", ("2015-11-13", "day")),
        ("2015-11-13", ("2015-11-13", "day")),
        ("Tuesday's", ("2015-12-08", "day")),
        ("at the end of September", ("2015-09", "month")),
        ("late last year", ("2014", "year")),
        ("in mid-October", ("2015-10", "month")),
        ("on Dec. 6", ("2015-12-06", "day")),
        ("Monday, December 7", ("2015-12-07", "day")),
        ("12/06/2015", None),  # numeric forms are left to the dateparser fallback of find_dates
    ],
)
def test_rules(text, expected):
    assert resolved(text) == expected


def test_last_week_crossing_a_month_uses_the_day_seven_days_before():
    assert resolved("last week", date(2015, 12, 3)) == ("2015-11", "month")


def test_february_29_goes_back_to_a_leap_year():
    assert resolved("February 29", date(2015, 3, 1)) == ("2012-02-29", "day")


@pytest.mark.parametrize("text", ["three years", "the past week", "recently", "the same day", "months", "the 1990s"])
def test_durations_and_vague_spans_do_not_resolve(text):
    assert resolved(text) is None


def test_without_document_date_only_absolute_dates():
    assert resolved("on Tuesday", None) is None
    assert resolved("December 6", None) is None
    assert resolved("last year", None) is None
    assert resolved("December 6, 2015", None) == ("2015-12-06", "day")
    assert resolved("in September 2014", None) == ("2014-09", "month")
    assert resolved("2014", None) == ("2014", "year")
