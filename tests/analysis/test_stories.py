from dataclasses import replace

import pytest

from eventwire.analysis.stories import (
    CONTRADICTION_DENIED,
    CONTRADICTION_NEGATED,
    CONTRADICTION_OPPOSITE,
    CONTRADICTION_OTHER_ACTOR,
    StoryIndex,
    day_range,
    load_category_families,
)
from eventwire.records import Actor, Event, Place


def actor(name, country):
    return Actor(text=name, start=0, end=len(name), name=name, country=country, sector="GOV", type="state")


RUR = actor("Ruritania", "RUR")
OST = actor("Ostrava", "OST")
BOR = actor("Borduria", "BOR")
VELNA = Place("Velna", 0, 5, "Velna", "1", 1.0, 2.0, "OST", "PPL")


def event(number, category="ASSAULT", actors=(RUR,), recipients=(OST,), date="2024-03-04", **changes):
    record = Event(id=f"e{number}", doc_id=f"d{number}", doc_date=date, source=None, sentence="", sent_start=0,
                   trigger="", trigger_start=0, event=category, mode=None, context=(), quad="MATERIAL_CONFLICT",
                   intensity=-9.0, actor=tuple(actors), recipient=tuple(recipients), negated=False,
                   modality="asserted", attributed_to=None, location=VELNA, date=date, date_text=None, confidence=0.8)
    return replace(record, **changes)


@pytest.fixture()
def index():
    return StoryIndex(load_category_families())


def test_every_category_has_a_family():
    assert len(load_category_families()) == 16


def test_reports_of_one_event_share_a_story(index):
    first, _ = index.assign(event(1))
    second, _ = index.assign(event(2, category="MOBILIZE", date="2024-03-06"))
    assert first.story_id == second.story_id and second.contradiction is None


def test_other_dyads_places_and_weeks_make_other_stories(index):
    first, _ = index.assign(event(1))
    assert index.assign(event(2, recipients=(BOR,)))[0].story_id != first.story_id
    assert index.assign(event(3, date="2024-05-01"))[0].story_id != first.story_id
    elsewhere = replace(VELNA, country="BOR")
    assert index.assign(event(4, location=elsewhere))[0].story_id != first.story_id
    assert index.assign(event(5, category="AGREE"))[0].story_id != first.story_id


def test_denials_negations_and_refusals_contest_their_story(index):
    story = index.assign(event(1))[0].story_id
    denied = index.assign(event(2, modality="denied", attributed_to=RUR))[0]
    negated = index.assign(event(3, negated=True))[0]
    assert (denied.story_id, denied.contradiction) == (story, CONTRADICTION_DENIED)
    assert (negated.story_id, negated.contradiction) == (story, CONTRADICTION_NEGATED)
    talks = index.assign(event(4, category="COOPERATE"))[0]
    refusal = index.assign(event(5, category="REJECT", actors=(OST,), recipients=(RUR,)))[0]
    assert refusal.story_id != talks.story_id  # a refusal is not symmetric: Ostrava refusing is its own act
    refusal = index.assign(event(6, category="REJECT"))[0]
    assert (refusal.story_id, refusal.contradiction) == (talks.story_id, CONTRADICTION_OPPOSITE)


def test_blaming_the_accuser_contests_the_story(index):
    # "Ruritania struck Ostrava", says Borduria; "Borduria did it", says Ruritania.
    story = index.assign(event(1, attributed_to=BOR, modality="claimed"))[0].story_id
    counter = index.assign(event(2, actors=(BOR,), attributed_to=RUR, modality="claimed"))[0]
    assert (counter.story_id, counter.contradiction) == (story, CONTRADICTION_OTHER_ACTOR)


def test_records_without_parties_stand_alone(index):
    first = index.assign(event(1, actors=(), recipients=()))[0]
    assert index.assign(event(2, actors=(), recipients=()))[0].story_id != first.story_id


def test_day_ranges_cover_months_and_years():
    assert day_range("2024-02")[1] - day_range("2024-02")[0] == 28
    assert day_range("2023")[1] - day_range("2023")[0] == 364
    assert day_range("not a date") is None
