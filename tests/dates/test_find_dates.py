from __future__ import annotations

import pytest

from eventwire.dates import document_date, find_dates
from eventwire.records import Document


@pytest.fixture(scope="module")
def dates(nlp):
    def run(text, doc_date="2015-12-09"):
        return [(m.text, m.value, m.precision) for m in find_dates(nlp(text), doc_date)]

    return run


def test_weekday_with_on(dates, nlp):
    text = "The minister said on Tuesday that talks would resume."
    (mention,) = find_dates(nlp(text), "2015-12-09")
    assert (mention.text, mention.value, mention.precision) == ("on Tuesday", "2015-12-08", "day")
    assert text[mention.start:mention.end] == mention.text


def test_same_weekday_is_the_document_day(dates):
    assert dates("Officials met in Vienna on Wednesday.") == [("on Wednesday", "2015-12-09", "day")]


def test_month_day_is_never_after_the_document(dates):
    assert dates("Jets struck a depot on December 6, a spokesman said.") == [("on December 6", "2015-12-06", "day")]
    assert dates("Jets struck a depot on December 20, a spokesman said.") == [
        ("on December 20", "2014-12-20", "day")
    ]


def test_month_day_without_preposition(dates):
    assert dates("Strikes began September 30 after a request from Damascus.") == [
        ("September 30", "2015-09-30", "day")
    ]


def test_month_and_year(dates):
    assert dates("The two ministers agreed in September 2014 to share intelligence.") == [
        ("in September 2014", "2014-09", "month")
    ]


def test_year_and_relative_year(dates):
    assert dates("The coalition began bombing in 2014.") == [("in 2014", "2014", "year")]
    assert dates("Last year, the coalition began bombing.") == [("Last year", "2014", "year")]


def test_yesterday_and_last_week(dates):
    assert dates("Yesterday the envoy arrived; the talks were announced last week.") == [
        ("Yesterday", "2015-12-08", "day"),
        ("last week", "2015-12", "month"),
    ]


def test_future_only_when_explicit(dates):
    assert dates("The delegation will travel to Moscow next week.") == [("next week", "2015-12", "month")]
    assert dates("Ministers will meet tomorrow.") == [("tomorrow", "2015-12-10", "day")]


def test_durations_are_skipped(dates):
    assert dates("The war has lasted four years and the siege three months.") == []


def test_without_document_date_only_absolute(dates):
    text = "The ministers met on Tuesday and signed a deal on December 6, 2015."
    assert dates(text, None) == [("on December 6, 2015", "2015-12-06", "day")]


def test_unreadable_document_date_is_treated_as_missing(dates):
    assert dates("They met on Tuesday.", "sometime") == []


def test_weekday_with_date(dates):
    assert dates("The attacks happened on Friday 13th November in Paris.", "2015-11-17") == [
        ("on Friday 13th November", "2015-11-13", "day")
    ]


def test_document_date_from_field():
    assert document_date(Document(id="a", text="x", date="2015-12-09T10:15:00+00:00")) == "2015-12-09"
    assert document_date(Document(id="a", text="x", date="9 December 2015")) == "2015-12-09"
    assert document_date(Document(id="a", text="x", date="Wed, 09 Dec 2015 10:15:00 GMT")) == "2015-12-09"


def test_document_date_from_glued_dateline():
    text = "22:08 GMT26 October 2020\nListen Live\n\nThe ministry said on Monday ..."
    assert document_date(Document(id="a", text=text)) == "2020-10-26"


def test_document_date_from_american_dateline():
    text = "Talks resume\nOctober 26, 2020\nDiplomats met again."
    assert document_date(Document(id="a", text=text)) == "2020-10-26"


def test_document_date_missing():
    assert document_date(Document(id="a", text="No date here.\nNone at all.")) is None
    text = "one\ntwo\nthree\nOctober 26, 2020"  # only the first lines count
    assert document_date(Document(id="a", text=text)) is None


def test_time_entity_naming_a_day(dates, nlp):
    text = "Jets struck the depot last night and again this morning."
    assert {e.label_ for e in nlp(text).ents} >= {"TIME"}
    assert dates(text) == [("last night", "2015-12-08", "day"), ("this morning", "2015-12-09", "day")]


def test_weekday_with_part_of_day(dates):
    # the model tags "Tuesday" DATE and "night" TIME: the mention is the weekday
    assert dates("Jets bombed the depot on Tuesday night.") == [("on Tuesday", "2015-12-08", "day")]


def test_numeric_date_goes_through_dateparser(dates):
    assert dates("The accord was signed on 12/06/2015 in Vienna.") == [("on 12/06/2015", "2015-12-06", "day")]


def test_dateparser_fallback_keeps_the_past_rule(dates):
    # 12/20/2015 is written with its year: an explicit date is taken as written
    assert dates("Elections are set for 12/20/2015.") == [("12/20/2015", "2015-12-20", "day")]


def test_offsets_and_order(nlp):
    text = "On Monday the envoy arrived; on December 6 talks began; in 2014 they had failed."
    mentions = find_dates(nlp(text), "2015-12-09")
    assert [m.text for m in mentions] == ["On Monday", "on December 6", "in 2014"]
    assert all(text[m.start:m.end] == m.text for m in mentions)
    assert [m.start for m in mentions] == sorted(m.start for m in mentions)


def test_unreadable_date_field_falls_back_to_the_dateline():
    text = "Talks resume\n26 October 2020\nDiplomats met again."
    assert document_date(Document(id="a", text=text, date="not a date")) == "2020-10-26"


def test_a_day_range_is_its_first_day_never_a_year(dates):
    assert dates("Talks were held on 24-25 April in Geneva.", "2015-08-01") == [("on 24-25 April", "2015-04-24", "day")]
    assert dates("Talks on April 24-25 ended.", "2015-08-01") == [("on April 24-25", "2015-04-24", "day")]
    assert dates("Ministers met from 3 to 5 March 2014.", "2015-08-01") == [("3 to 5 March 2014", "2014-03-03", "day")]


def test_a_number_after_a_day_and_month_is_not_its_year(dates):
    assert dates("On 17 July 36 civilians were killed in Aleppo.", "2015-08-01") == [("On 17 July", "2015-07-17", "day")]
    assert dates("On 17 July 2014 the town fell.", "2015-08-01") == [("On 17 July 2014", "2014-07-17", "day")]
