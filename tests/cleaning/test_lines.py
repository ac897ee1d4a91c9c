from datetime import date

import pytest

from eventwire.cleaning.lines import (
    Dateline,
    capitalized_share,
    date_line,
    dateline,
    furniture,
    headline_shaped,
    stamped_line,
    tag_line,
)


@pytest.fixture(scope="module")
def rules(cleaner):
    return cleaner.rules


@pytest.mark.parametrize("line", [
    "Listen Live", "    Get short URL", "Search in Site", "Community standardsDiscussion",
    "Share | Tweet | Email", "SHARE", "Skip to main content", "Home / World / Middle East",
])
def test_widget_lines_are_navigation(rules, line):
    assert furniture(line, rules) == "navigation"


@pytest.mark.parametrize("line,reason", [
    ("(Reporting by Tom Perry; Editing by Alison Williams)", "credits"),
    ("Source: Al Jazeera and news agencies", "credits"),
    ("© 2014 AFP", "legal"),
    ("Read more: Egypt, Sudan to Discuss Water Sharing in Cairo", "related headlines"),
    ("Tags: Syria, Russia", "tags"),
    ("Follow us on Telegram", "subscribe"),
])
def test_furniture_patterns_say_why(rules, line, reason):
    assert furniture(line, rules) == reason


@pytest.mark.parametrize("line", [
    "Home Office officials said the deal would stand.",
    "Share prices fell in Moscow after the strikes.",
    "Copyright law was not discussed at the talks.",
    "Russia Versus ISIL in Syria",
    "",
])
def test_article_lines_are_not_furniture(rules, line):
    assert furniture(line, rules) is None


def test_tag_lines_and_count_links():
    assert tag_line("Turkey Versus PKK in Iraq (212)")
    assert tag_line("Turkish Ministry of Interior, Ankara Police Department, Recep Tayyip Erdogan, Iraq, PKK, Turkey")
    assert not tag_line("Russia, Iran, Iraq, and Syria agreed to share intelligence.")
    assert not tag_line("The USSR joined four nations, Denmark, Norway, Sweden and Turkey among")
    assert not tag_line("Egypt, Sudan to Discuss Water Sharing in Cairo on Monday")


def test_headline_shape():
    assert headline_shaped("Egyptian Scholars Urge 'Calm' Over Dam Talks With Ethiopia and Sudan")
    assert headline_shaped("Why is Turkey's 'Buffer Zone' Plan Worrying Its Neighbours?")
    assert not headline_shaped("Did Russia strike the convoy? officials asked.")
    assert not headline_shaped("Turkey currently flies its drones against PKK positions from a base near Batman in the south.")
    assert capitalized_share("Turkey Unable to Reach Deal on Grain Corridor") == 1.0
    assert capitalized_share("the talks failed again") == 0.0


@pytest.mark.parametrize("line,expected", [
    ("22:08 GMT26 October 2020", date(2020, 10, 26)),
    ("Published: 08 December 2009", date(2009, 12, 8)),
    ("Sunday, September 21, 2018", date(2018, 9, 21)),
    ("2015-12-09T10:15:00Z", date(2015, 12, 9)),
    ("Updated 14:02 GMT, Oct. 5, 2015", date(2015, 10, 5)),
    ("October 2020", None),
    ("On 26 October 2020 Russia said it would not cooperate.", None),
])
def test_date_lines(line, expected):
    assert date_line(line) == expected


def test_published_lines_anywhere():
    assert stamped_line("Published in The Express Tribune, May 10th, 2011.") == date(2011, 5, 10)
    assert stamped_line("Russia published its report on May 10, 2011.") is None


@pytest.mark.parametrize("line,expected", [
    ("    WASHINGTON (Sputnik) – Congress will vote on the budget", Dateline("Washington", "Sputnik")),
    ("MOSCOW, Oct 5 (Reuters) - Russia said", Dateline("Moscow", "Reuters")),
    ("KABUL, Afghanistan (AP) — Gunmen attacked", Dateline("Kabul, Afghanistan", "AP")),
    ("Beirut (AFP) - Syrian troops", Dateline("Beirut", "AFP")),
    ("NEW YORK — The United Nations", Dateline("New York", None)),
    ("Russia – the main ally of Damascus – said", None),
    ("The talks (in Geneva) - which failed", None),
])
def test_datelines(line, expected):
    assert dateline(line) == expected
