from dataclasses import replace

import pytest

from eventwire.records import Actor, Event, Place
from eventwire.stories.grouping import (
    CONTRADICTION_DENIED,
    CONTRADICTION_NEGATED,
    CONTRADICTION_OPPOSITE,
    CONTRADICTION_OTHER_ACTOR,
    PlaceHierarchy,
    StoryIndex,
    day_range,
    load_category_families,
)


def actor(name, country):
    return Actor(text=name, start=0, end=len(name), name=name, country=country, sector="GOV", type="state")


RUR = actor("Ruritania", "RUR")
OST = actor("Ostrava", "OST")
BOR = actor("Borduria", "BOR")
SYL = actor("Syldavia", "SYL")
VELNA = Place("Velna", 0, 5, "Velna", "1", 1.0, 2.0, "OST", "PPL")
KORDA = Place("Korda", 0, 5, "Korda", "2", 1.5, 2.5, "OST", "PPL")
OSTRAVA = Place("Ostrava", 0, 7, "Ostrava", "3", 1.2, 2.2, "OST", "PCLI")
# Velna lies in the province of Dorna, Korda in another province
DORNA = Place("Dorna province", 0, 14, "Dorna", "4", 1.1, 2.1, "OST", "ADM1")
HIERARCHY = PlaceHierarchy({"1": "OS.01", "4": "OS.01", "2": "OS.02"}, frozenset({"4"}))


def event(number, category="ASSAULT", actors=(RUR,), recipients=(OST,), date="2024-03-04", **changes):
    record = Event(id=f"e{number}", doc_id=f"d{number}", doc_date=date, source=None, sentence="", sent_start=0,
                   trigger="", trigger_start=0, event=category, mode=None, context=(), quad="MATERIAL_CONFLICT",
                   intensity=-9.0, actor=tuple(actors), recipient=tuple(recipients), negated=False,
                   modality="asserted", attributed_to=None, location=VELNA, date=date, date_text=None, confidence=0.8,
                   date_precision="day")
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


def test_other_dyads_places_and_days_make_other_stories(index):
    first, _ = index.assign(event(1))
    assert index.assign(event(2, recipients=(BOR,)))[0].story_id != first.story_id
    assert index.assign(event(3, date="2024-03-08"))[0].story_id != first.story_id  # four days later
    elsewhere = replace(VELNA, country="BOR")
    assert index.assign(event(4, location=elsewhere))[0].story_id != first.story_id
    assert index.assign(event(5, location=KORDA))[0].story_id != first.story_id  # another town, same day
    assert index.assign(event(6, category="AGREE"))[0].story_id != first.story_id
    assert index.assign(event(7, location=OSTRAVA))[0].story_id == first.story_id  # the town's country


def test_stories_do_not_chain(index):
    """Each report is a day after the last: all within the window of their neighbour, not of the first."""
    stories = [index.assign(event(n, date=f"2024-03-{n:02d}"))[0].story_id for n in range(1, 11)]
    assert len(stories) == 10
    assert stories[0] == stories[3] and stories[4] != stories[0]
    assert len(set(stories)) == 3


def test_the_window_is_a_setting():
    wide = StoryIndex(load_category_families(), window_days=10)
    first = wide.assign(event(1))[0].story_id
    assert wide.assign(event(2, date="2024-03-12"))[0].story_id == first


def test_joint_acts_match_in_either_order(index):
    talks = index.assign(event(1, category="CONSULT", actors=(RUR,), recipients=(OST,)))[0].story_id
    assert index.assign(event(2, category="CONSULT", actors=(OST,), recipients=(RUR,)))[0].story_id == talks
    assert index.assign(event(3, category="CONSULT", actors=(OST, RUR), recipients=()))[0].story_id == talks
    # an attack is not: Ostrava striking Ruritania is another event
    strike = index.assign(event(4))[0].story_id
    assert index.assign(event(5, actors=(OST,), recipients=(RUR,)))[0].story_id != strike


def test_a_report_naming_one_side_joins_in_the_same_place_or_telling_less_the_same_day(index):
    strike = index.assign(event(1))[0].story_id
    assert index.assign(event(2, recipients=()))[0].story_id == strike
    # "Ruritanian artillery shelled Lesna" (a town the gazetteer does not know), the same day: it tells less
    assert index.assign(event(3, recipients=(), location=None))[0].story_id == strike
    # not on another day, nor when it is of another category or names a party the story does not
    assert index.assign(event(4, recipients=(), location=None, date="2024-03-05"))[0].story_id != strike
    assert index.assign(event(5, category="COERCE", recipients=(), location=None))[0].story_id != strike
    assert index.assign(event(6, actors=(RUR, SYL), recipients=(), location=None))[0].story_id != strike
    # nor one placed elsewhere: two towns are two events
    assert index.assign(event(7, recipients=(), location=KORDA))[0].story_id != strike


def test_a_story_telling_less_takes_the_fuller_report_of_the_same_day(index):
    """"Ostrava agreed" first, then "Ostrava and Ruritania agreed in Velna" the same day: one agreement."""
    vague = index.assign(event(1, category="AGREE", actors=(OST,), recipients=(), location=None))[0].story_id
    assert index.assign(event(2, category="AGREE", actors=(OST, RUR), recipients=()))[0].story_id == vague
    assert index.assign(event(3, category="AGREE", actors=(OST, BOR), recipients=(),
                              date="2024-03-05"))[0].story_id != vague


def test_background_records_never_join(index):
    first = index.assign(event(1))[0].story_id
    old = index.assign(event(2, background=True))[0].story_id
    assert old != first
    assert index.assign(event(3))[0].story_id == first
    assert index.assign(event(4, background=True))[0].story_id not in (first, old)


def test_denials_and_negations_of_the_same_act_contest_it(index):
    story = index.assign(event(1))[0].story_id
    denied = index.assign(event(2, modality="denied", attributed_to=RUR))[0]
    negated = index.assign(event(3, negated=True))[0]
    assert (denied.story_id, denied.contradiction) == (story, CONTRADICTION_DENIED)
    assert (negated.story_id, negated.contradiction) == (story, CONTRADICTION_NEGATED)


def test_an_assertion_after_a_denial_contests_it(index):
    story = index.assign(event(1, modality="denied"))[0].story_id
    asserted = index.assign(event(2))[0]
    assert (asserted.story_id, asserted.contradiction) == (story, CONTRADICTION_DENIED)


def test_near_misses_do_not_contest(index):
    offensive = index.assign(event(1))[0].story_id
    # "Ruritania cannot detain Ostravans indefinitely": another act, negated
    detention = index.assign(event(2, category="COERCE", negated=True))[0]
    assert detention.story_id != offensive and detention.contradiction is None
    # "Ruritania will not strike Ostrava": a negated plan denies nothing that happened
    plan = index.assign(event(3, negated=True, modality="planned"))[0]
    assert plan.contradiction is None
    # a denial of a strike on another town the same day
    other = index.assign(event(4, modality="denied", location=KORDA))[0]
    assert other.story_id != offensive and other.contradiction is None


def test_a_refusal_disputes_an_agreement(index):
    talks = index.assign(event(1, category="COOPERATE"))[0]
    refusal = index.assign(event(2, category="REJECT", actors=(OST,), recipients=(RUR,)))[0]
    assert (refusal.story_id, refusal.contradiction) == (talks.story_id, CONTRADICTION_OPPOSITE)
    assert index.assign(event(3, category="REJECT", actors=(BOR,), recipients=(RUR,)))[0].story_id != talks.story_id


def test_blaming_the_accuser_contests_the_story(index):
    # "Ruritania struck Ostrava", says Borduria; "Borduria did it", says Ruritania.
    story = index.assign(event(1, attributed_to=BOR, modality="claimed"))[0].story_id
    counter = index.assign(event(2, actors=(BOR,), attributed_to=RUR, modality="claimed"))[0]
    assert (counter.story_id, counter.contradiction) == (story, CONTRADICTION_OTHER_ACTOR)
    # an actor neither report names as accuser or accused is another event
    assert index.assign(event(3, actors=(SYL,)))[0].story_id != story


def test_reports_of_one_article_naming_fewer_parties_join_its_story(index):
    story = index.assign(event(1))[0].story_id
    headline = index.assign(replace(event(2, actors=(), recipients=()), doc_id="d1"))[0]
    assert headline.story_id == story
    assert index.assign(event(3, actors=(), recipients=()))[0].story_id != story  # another article


def test_records_without_parties_stand_alone(index):
    first = index.assign(event(1, actors=(), recipients=()))[0]
    assert index.assign(event(2, actors=(), recipients=()))[0].story_id != first.story_id


def test_day_ranges_cover_months_and_years():
    assert day_range("2024-02")[1] - day_range("2024-02")[0] == 28
    assert day_range("2023")[1] - day_range("2023")[0] == 364
    assert day_range("not a date") is None


def test_an_unidentified_perpetrator_blames_no_one(index):
    unknown = Actor(text="Velna", start=0, end=5, name="unidentified perpetrator (Ostrava)", country="OST",
                    sector="UNK", type="group")
    first = index.assign(event(1, attributed_to=OST, modality="claimed"))[0]
    report = index.assign(event(2, actors=(unknown,), attributed_to=RUR))[0]
    assert report.contradiction is None
    assert first.contradiction is None


def test_a_town_and_its_province_are_one_place():
    index = StoryIndex(load_category_families(), hierarchy=HIERARCHY)
    story = index.assign(event(1))[0].story_id
    assert index.assign(event(2, location=DORNA))[0].story_id == story
    assert index.assign(event(3, location=KORDA))[0].story_id != story  # a town of another province
    # without the gazetteer's hierarchy a province and a town are two places
    plain = StoryIndex(load_category_families())
    first = plain.assign(event(4))[0].story_id
    assert plain.assign(event(5, location=DORNA))[0].story_id != first


def test_the_state_of_the_place_is_no_party(index):
    """"Ruritanian jets bombed a market in Velna" is coded against Ostrava, the state of Velna: that says
    where, not who was hit, so it does not keep the report from a story of Ruritania and Borduria in Velna."""
    standing = Actor(text="Velna", start=0, end=5, name="Ostrava", country="OST", sector=None, type="state")
    story = index.assign(event(1, recipients=(BOR,)))[0].story_id
    assert index.assign(event(2, recipients=(standing,)))[0].story_id == story
    assert index.assign(event(3, recipients=(standing,), location=KORDA))[0].story_id != story  # another town
    assert index.assign(event(4, recipients=(OST,)))[0].story_id != story  # Ostrava named as the target
    # a whole country in that role still names the target
    country = Actor(text="Ostrava", start=0, end=7, name="Ostrava", country="OST", sector=None, type="state")
    assert index.assign(event(5, recipients=(country,), location=OSTRAVA))[0].story_id != story


def test_records_of_one_sentence_and_family_with_a_party_in_common_tell_one_event(index):
    """"Ruritania's minister met Ostrava's in Velna to discuss Borduria": the topic read as a second recipient."""
    met = index.assign(event(1, category="CONSULT"))[0].story_id
    topic = index.assign(replace(event(2, category="CONSULT", recipients=(BOR,), location=None), doc_id="d1"))[0]
    assert topic.story_id == met
    later = replace(event(3, category="CONSULT", recipients=(BOR,), location=None), doc_id="d1", sent_start=80)
    assert index.assign(later)[0].story_id != met  # another sentence of the article


def test_a_record_of_the_same_article_naming_the_sides_reversed_is_another_event(index):
    """"Ruritania accused Ostrava" and, further down, "Ostrava accused Ruritania": two accusations."""
    first = index.assign(event(1, category="ACCUSE"))[0].story_id
    reverse = replace(event(2, category="ACCUSE", actors=(OST,), recipients=(RUR,), sent_start=90), doc_id="d1")
    assert index.assign(reverse)[0].story_id != first
    fewer = replace(event(3, category="ACCUSE", recipients=(), sent_start=120), doc_id="d1")
    assert index.assign(fewer)[0].story_id == first


def test_a_joint_act_with_a_third_party_is_not_the_pair_s_act(index):
    """"Ruritania and Ostrava reject Borduria's plan" does not tell "Ruritania agreed with Ostrava"."""
    agreement = index.assign(event(1, category="AGREE"))[0].story_id
    assert index.assign(event(2, category="REJECT", actors=(RUR, OST), recipients=(BOR,)))[0].story_id != agreement
    assert index.assign(event(3, category="COOPERATE", actors=(OST, RUR), recipients=()))[0].story_id == agreement


def test_parties_of_no_known_state_are_compared_by_sector(index):
    """"Ruritania armed Kurdish militants" and "Ruritania supplied Kurdish fighters": one deed, other words."""
    def unnamed(text, sector):
        return Actor(text=text, start=0, end=len(text), name=text, country=None, sector=sector, type="group",
                     why=f"sectors.tsv:1 '{text.split()[-1]}' ({sector})")

    story = index.assign(event(1, category="AID", recipients=(unnamed("Kurdish militants", "REB"),)))[0].story_id
    assert index.assign(event(2, category="AID", recipients=(unnamed("Kurdish fighters", "REB"),)))[0].story_id == story
    assert index.assign(event(3, category="AID", recipients=(unnamed("Kurdish officials", "GOV"),)))[0].story_id != story
    named = Actor(text="Velna Front", start=0, end=11, name="Velna Front", country=None, sector="REB", type="group",
                  why="armed_groups.tsv:3")
    assert index.assign(event(4, category="AID", recipients=(named,)))[0].story_id != story  # a group by its name


def test_a_plan_is_another_event_than_the_act(index):
    """"Ruritania will strike Ostrava" is not "Ruritania struck Ostrava"; two reports of the plan are one."""
    done = index.assign(event(1))[0].story_id
    plan = index.assign(event(2, modality="planned"))[0].story_id
    assert plan != done
    assert index.assign(event(3, modality="planned"))[0].story_id == plan


def test_a_record_placed_more_precisely_than_its_article_s_story_is_another_event(index):
    """Under a story of strikes on Ostrava (the country), "an attack in Velna" is a strike of its own."""
    campaign = index.assign(event(1, location=OSTRAVA))[0].story_id
    town = index.assign(replace(event(2, actors=(), location=VELNA, sent_start=50), doc_id="d1"))[0]
    assert town.story_id != campaign
    vague = index.assign(replace(event(3, actors=(), location=None, sent_start=90), doc_id="d1"))[0]
    assert vague.story_id == campaign


def test_the_hierarchy_is_read_from_the_gazetteer_s_division_codes():
    from types import SimpleNamespace

    # GazetteerEntry fields: name, geonameid, lat, lon, country, feature, population, curated, admin1
    entries = [("Velna", "1", 1.0, 2.0, "OST", "PPL", 900, False, "OS.01"),
               ("Dorna", "4", 1.1, 2.1, "OST", "ADM1", 0, False, "OS.01"),
               ("Korda", "2", 1.5, 2.5, "OST", "PPL", 500, False, "OS.02"),
               ("Ostrava", "3", 1.2, 2.2, "OST", "PCLI", 0, True, None)]
    hierarchy = PlaceHierarchy.from_gazetteer(SimpleNamespace(entries=entries))
    assert hierarchy.divisions == {"4"}
    assert hierarchy.contains("4", "1") and not hierarchy.contains("4", "2") and not hierarchy.contains("1", "4")


def test_a_party_of_no_known_state_is_the_party_of_its_sector_the_other_report_names(index):
    """"Troops shelled Velna" (no state said) and "Ruritanian forces shelled Velna": one shelling."""
    troops = Actor(text="troops", start=0, end=6, name="troops", country=None, sector="MIL", type="group",
                   why="sectors.tsv:80 'troops' (MIL)")
    forces = replace(RUR, sector="MIL")
    story = index.assign(event(1, actors=(forces,)))[0].story_id
    assert index.assign(event(2, actors=(troops,), location=None))[0].story_id == story
    # the officials of no known state are not the forces
    officials = replace(troops, text="officials", name="officials", sector="GOV", why="sectors.tsv:9 'officials' (GOV)")
    assert index.assign(event(3, actors=(officials,), location=None))[0].story_id != story
    # nor do troops join a story whose actor is of another sector
    state = index.assign(event(4, actors=(SYL,), recipients=(BOR,)))[0].story_id
    assert index.assign(event(5, actors=(troops,), recipients=(BOR,)))[0].story_id != state


def test_an_unnamed_target_in_a_place_is_a_target_of_its_state(index):
    """"Ruritanian jets bombed Velna" (the coder names Ostrava, Velna's state) and "Ruritania killed
    Ostravan civilians" with no place said, or "bombed Dorna province": one strike."""
    hierarchy_index = StoryIndex(load_category_families(), hierarchy=HIERARCHY)
    standing = Actor(text="Velna", start=0, end=5, name="Ostrava", country="OST", sector=None, type="state")
    civilians = Actor(text="civilians", start=0, end=9, name="civilians", country="OST", sector="CVL", type="group")
    story = hierarchy_index.assign(event(1, recipients=(standing,)))[0].story_id
    assert hierarchy_index.assign(event(2, recipients=(civilians,), location=None))[0].story_id == story
    province = replace(standing, text="Dorna province", end=14)
    assert hierarchy_index.assign(event(3, recipients=(province,), location=DORNA))[0].story_id == story
    # a target of another state is not; nor a report placed in the whole country (a campaign)
    assert hierarchy_index.assign(event(4, recipients=(BOR,), location=None))[0].story_id != story
    assert hierarchy_index.assign(event(5, recipients=(civilians,), location=OSTRAVA))[0].story_id != story


def test_a_record_joins_its_article_s_story_before_another_article_s(index):
    """An article's "Ostrava agreed", dated the day before its headline, joins its headline's story, not
    another article's agreement of Ostrava on that day."""
    other = index.assign(event(1, category="AGREE", actors=(OST, BOR), recipients=(), location=None,
                               date="2024-03-03"))[0].story_id
    headline = index.assign(event(2, category="AGREE", actors=(OST, RUR), recipients=(), location=None))[0].story_id
    body = replace(event(3, category="AGREE", actors=(OST,), recipients=(), location=None, date="2024-03-03"),
                   doc_id="d2", sent_start=40)
    assert index.assign(body)[0].story_id == headline != other


def test_a_report_without_a_place_fitting_stories_in_two_places_joins_neither():
    """"Ruritanian jets killed Ostravan civilians", no place said, the day of strikes on Velna and on Korda
    (two provinces): it could tell either."""
    index = StoryIndex(load_category_families(), hierarchy=HIERARCHY)
    standing = Actor(text="Velna", start=0, end=5, name="Ostrava", country="OST", sector=None, type="state")
    civilians = Actor(text="civilians", start=0, end=9, name="civilians", country="OST", sector="CVL", type="group")
    velna = index.assign(event(1, recipients=(standing,)))[0].story_id
    alone = index.assign(event(2, recipients=(civilians,), location=None))[0].story_id
    assert alone == velna  # one strike that day: it is that one
    korda = index.assign(event(3, recipients=(replace(standing, text="Korda"),), location=KORDA))[0].story_id
    assert korda != velna
    assert index.assign(event(4, recipients=(civilians,), location=None))[0].story_id not in (velna, korda)
    # a record of the same article as one of them follows its article
    same_article = replace(event(5, recipients=(civilians,), location=None), doc_id="d3", sent_start=60)
    assert index.assign(same_article)[0].story_id == korda


def test_a_record_of_an_article_placed_in_a_town_joins_its_story_in_the_province():
    """"Strike near Velna" over the article's "Ruritania struck Ostrava in Dorna province": one strike;
    under a story placed in the whole of Ostrava it is a strike of its own (`test_a_record_placed_more_...`)."""
    index = StoryIndex(load_category_families(), hierarchy=HIERARCHY)
    province = index.assign(event(1, location=DORNA))[0].story_id
    headline = replace(event(2, actors=(), recipients=(), location=VELNA, sent_start=50), doc_id="d1")
    assert index.assign(headline)[0].story_id == province
    elsewhere = replace(event(3, actors=(), recipients=(), location=KORDA, sent_start=90), doc_id="d1")
    assert index.assign(elsewhere)[0].story_id != province
