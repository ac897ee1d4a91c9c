"""find_actors on short hand-written sentences: spans cover the head noun, names resolve to the
gold conventions (bare state: no sector; capital as actor: GOV; Pentagon: MIL; IS: no country)."""

from __future__ import annotations

import pytest

from eventwire.actors import find_actors, load_actor_lexicon
from eventwire.records import Actor


@pytest.fixture(scope="module")
def lexicon():
    return load_actor_lexicon()


@pytest.fixture(scope="module")
def actors_of(nlp, lexicon):
    def run(text: str, doc_date: str | None = None) -> dict[str, Actor]:
        doc = nlp(text)
        found = find_actors(doc, lexicon, doc_date)
        for actor in found:
            assert doc.text[actor.start:actor.end] == actor.text
        starts = [a.start for a in found]
        assert starts == sorted(starts)
        assert all(a.end <= b.start for a, b in zip(found, found[1:])), "actors overlap"
        return {actor.text: actor for actor in found}

    return run


def code(actor: Actor) -> tuple:
    return (actor.name, actor.country, actor.sector, actor.type)


def test_pentagon_spokeswoman_is_one_mil_actor_covering_the_head(actors_of):
    found = actors_of("The United States will not share its plans with Russia, a Pentagon spokeswoman said.")
    assert code(found["United States"]) == ("United States", "USA", None, "state")
    assert code(found["Russia"]) == ("Russia", "RUS", None, "state")
    assert code(found["Pentagon spokeswoman"]) == ("United States Department of Defense", "USA", "MIL", "organization")


def test_head_token_lookup_finds_the_actor(nlp, lexicon):
    doc = nlp("Syrian government forces shelled the town.")
    subject = next(t for t in doc if t.dep_ == "nsubj")
    actors = find_actors(doc, lexicon)
    owner = [a for a in actors if a.start <= subject.idx < a.end]
    assert [code(a) for a in owner] == [("Syria", "SYR", "MIL", "group")]
    assert owner[0].text == "Syrian government forces"


@pytest.mark.parametrize(("sentence", "text", "expected"), [
    ("Russian warplanes struck a depot.", "Russian warplanes", ("Russia", "RUS", "MIL", "group")),
    ("The Russian Foreign Ministry issued a note.", "Russian Foreign Ministry", ("Russia", "RUS", "GOV", "organization")),
    ("The Russian defense ministry denied it.", "Russian defense ministry", ("Russia", "RUS", "MIL", "organization")),
    ("Iraqi troops entered the city.", "Iraqi troops", ("Iraq", "IRQ", "MIL", "group")),
    ("Emirati officials declined to comment.", "Emirati officials", ("United Arab Emirates", "ARE", "GOV", "group")),
    ("The Cypriot parliament voted late.", "Cypriot parliament", ("Cyprus", "CYP", "LEG", "organization")),
    ("Syrian rebels withdrew overnight.", "Syrian rebels", ("Syria", "SYR", "REB", "group")),
    ("Chinese police detained two men.", "Chinese police", ("China", "CHN", "COP", "organization")),
    ("The US military said nothing.", "US military", ("United States", "USA", "MIL", "organization")),
])
def test_demonym_or_name_plus_sector_word(actors_of, sentence, text, expected):
    assert code(actors_of(sentence)[text]) == expected


def test_us_led_coalition(actors_of):
    found = actors_of("The US-led coalition bombed a bridge.")
    assert code(found["US-led coalition"]) == ("US-led coalition", "USA", "MIL", "group")


def test_people_with_titles_and_roles(actors_of):
    found = actors_of("Chinese Deputy Foreign Minister Chen Gopin met Russia's Defence Minister Sergei Shoigu.")
    chen = found["Chinese Deputy Foreign Minister Chen Gopin"]
    assert (chen.country, chen.sector, chen.type) == ("CHN", "GOV", "person")
    shoigu = next(a for text, a in found.items() if text.endswith("Sergei Shoigu"))
    assert (shoigu.name, shoigu.country, shoigu.type) == ("Sergei Shoigu", "RUS", "person")
    assert shoigu.sector in ("MIL", "GOV")


def test_unknown_person_takes_country_and_sector_from_the_role(actors_of):
    found = actors_of("US Army Defense Department spokeswoman Lt. Col. Michelle Baldanza gave no details.")
    (actor,) = found.values()
    assert actor.text.endswith("Michelle Baldanza")
    assert code(actor) == ("Michelle Baldanza", "USA", "MIL", "person")


def test_surname_later_in_the_document_is_the_same_person(actors_of):
    found = actors_of("Army spokeswoman Lt. Col. Jane Okafor of the US military spoke. Okafor said it was over.")
    assert found["Okafor"].name == "Jane Okafor"
    assert found["Okafor"].sector == "MIL"


def test_unknown_person_without_cue(actors_of):
    found = actors_of("Mr. Korewa said the plan would fail.")
    actor = next(a for a in found.values() if "Korewa" in a.text)
    assert code(actor) == ("Korewa", None, None, "person")


@pytest.mark.parametrize(("doc_date", "country", "sector"), [
    ("2005-03-01", "KOR", "GOV"),  # South Korean foreign minister
    ("2015-09-30T12:00:00Z", None, "IGO"),  # UN Secretary-General
    ("2021-01-01", None, "IGO"),  # out of office: the first listed row, name still accepted
    (None, None, "IGO"),
])
def test_people_resolve_by_document_date(actors_of, doc_date, country, sector):
    found = actors_of("Ban Ki-moon arrived on Tuesday.", doc_date)
    assert code(found["Ban Ki-moon"]) == ("Ban Ki-moon", country, sector, "person")


def test_defence_minister_is_gov_and_his_ministry_mil(actors_of):
    found = actors_of("Defence Minister Sergei Shoigu said the Russian defence ministry was ready.", "2016-01-01")
    assert code(found["Defence Minister Sergei Shoigu"]) == ("Sergei Shoigu", "RUS", "GOV", "person")
    assert code(found["Russian defence ministry"]) == ("Russia", "RUS", "MIL", "organization")


def test_known_people(actors_of):
    found = actors_of("Putin, Lavrov and Erdogan met Kerry and Ban Ki-moon.", "2015-10-01")
    assert code(found["Putin"]) == ("Vladimir Putin", "RUS", "GOV", "person")
    assert found["Lavrov"].name == "Sergey Lavrov"
    assert found["Erdogan"].country == "TUR"
    assert found["Kerry"].country == "USA"
    assert code(found["Ban Ki-moon"]) == ("Ban Ki-moon", None, "IGO", "person")


def test_weak_surname_needs_context(actors_of):
    assert "May" not in actors_of("The talks resume in May.")
    found = actors_of("Prime Minister May met the Emir.", "2017-01-10")
    actor = next(a for a in found.values() if a.text.endswith("May"))
    assert actor.name == "Theresa May"


@pytest.mark.parametrize("sentence", [
    "Airstrikes hit Damascus province overnight.",
    "Jets took off from an air base near Latakia.",
    "The delegation stayed in Moscow for two days.",
    "Talks were held at the Kremlin.",
])
def test_capitals_and_buildings_as_places_are_not_actors(actors_of, sentence):
    found = actors_of(sentence)
    assert not any(a.name in ("Russia", "Syria", "Kremlin") for a in found.values()), found


@pytest.mark.parametrize(("sentence", "text", "expected"), [
    ("Damascus said the report was false.", "Damascus", ("Syria", "SYR", "GOV", "state")),
    ("Moscow is concerned about the vote.", "Moscow", ("Russia", "RUS", "GOV", "state")),
    ("Washington's refusal surprised observers.", "Washington", ("United States", "USA", "GOV", "state")),
    ("Moscow continues to give support to the regime.", "Moscow", ("Russia", "RUS", "GOV", "state")),
    ("The plan was rejected by Beijing.", "Beijing", ("China", "CHN", "GOV", "state")),
    ("The Kremlin denied the claim.", "Kremlin", ("Kremlin", "RUS", "GOV", "organization")),
    ("The Pentagon declined to comment.", "Pentagon", ("United States Department of Defense", "USA", "MIL", "organization")),
    ("The White House welcomed the deal.", "White House", ("White House", "USA", "GOV", "organization")),
    ("Downing Street said the talks went well.", "Downing Street", ("Downing Street", "GBR", "GOV", "organization")),
])
def test_capitals_and_seats_as_actors(actors_of, sentence, text, expected):
    assert code(actors_of(sentence)[text]) == expected


def test_country_names_are_states_even_after_a_preposition(actors_of):
    found = actors_of("The US carried out operations in Syria.")
    assert code(found["US"]) == ("United States", "USA", None, "state")
    assert found["Syria"].country == "SYR"


@pytest.mark.parametrize(("text", "code3"), [
    ("US", "USA"), ("U.S.", "USA"), ("America", "USA"), ("United States", "USA"),
    ("Russian Federation", "RUS"), ("UK", "GBR"), ("Britain", "GBR"), ("Türkiye", "TUR"),
])
def test_short_forms(actors_of, text, code3):
    found = actors_of(f"Officials said {text} wants a deal.")
    assert found[text].country == code3
    assert found[text].type == "state"


def test_lowercase_words_are_not_acronyms(actors_of):
    found = actors_of("Let us see what it is.")
    assert found == {}


def test_demonyms_alone(actors_of):
    found = actors_of("Russians and the French disagree.")
    assert code(found["Russians"]) == ("Russia", "RUS", None, "state")
    assert code(found["French"]) == ("France", "FRA", None, "state")


def test_demonym_modifying_an_attack_is_the_military(actors_of):
    found = actors_of("Russian airstrikes killed ten people.")
    assert code(found["Russian"]) == ("Russia", "RUS", "MIL", "state")


@pytest.mark.parametrize("alias", ["IS", "ISIS", "ISIL", "Daesh", "Islamic State"])
def test_islamic_state_aliases(actors_of, alias):
    found = actors_of(f"{alias} claimed the bombing.")
    assert code(found[alias]) == ("Islamic State", None, "REB", "armed_group")


@pytest.mark.parametrize(("sentence", "text"), [
    ("The Islamic State group claimed the bombing.", "Islamic State group"),
    ("Islamic State militants seized the town.", "Islamic State militants"),
    ("ISIS fighters fled.", "ISIS fighters"),
])
def test_islamic_state_phrases_cover_the_head(actors_of, sentence, text):
    assert code(actors_of(sentence)[text]) == ("Islamic State", None, "REB", "armed_group")


def test_armed_groups_have_home_countries(actors_of):
    found = actors_of("Hezbollah, the Taliban and the Houthis issued statements, and the Free Syrian Army agreed.")
    assert found["Hezbollah"].country == "LBN"
    assert found["Taliban"].country == "AFG"
    assert code(found["Houthis"]) == ("Houthis", "YEM", "REB", "armed_group")
    assert found["Free Syrian Army"].country == "SYR"


@pytest.mark.parametrize(("text", "name"), [
    ("UN", "United Nations"), ("NATO", "North Atlantic Treaty Organization"), ("EU", "European Union"),
    ("Arab League", "Arab League"), ("IAEA", "International Atomic Energy Agency"),
    ("Security Council", "United Nations Security Council"),
])
def test_igos(actors_of, text, name):
    found = actors_of(f"The {text} called for restraint.")
    assert code(found[text]) == (name, None, "IGO", "igo")


def test_generic_sector_words_without_a_country(actors_of):
    found = actors_of("Officials said civilians fled as rebels and jihadists advanced.")
    assert code(found["Officials"])[1:] == (None, None, "group")  # a role word needs an owner
    assert code(found["civilians"])[1:] == (None, "CVL", "group")
    assert code(found["rebels"])[1:] == (None, "REB", "group")
    assert code(found["jihadists"])[1:] == (None, "REB", "group")


def test_country_from_possessor_and_of_phrase(actors_of):
    found = actors_of("On Friday a spokesman for the Russian foreign ministry criticised the government of Cyprus.")
    assert code(found["spokesman"])[:3] == ("Russia", "RUS", "GOV")
    assert code(found["government of Cyprus"])[:3] == ("Cyprus", "CYP", "GOV")
    found = actors_of("Russia's defence ministry said the jets returned.")
    ministry = next(a for text, a in found.items() if text.endswith("ministry"))
    assert (ministry.country, ministry.sector) == ("RUS", "MIL")


def test_ngos_and_media(actors_of):
    found = actors_of("The Syrian Observatory for Human Rights and TASS reported the clash.")
    assert code(found["Syrian Observatory for Human Rights"]) == ("Syrian Observatory for Human Rights", "SYR", "NGO", "ngo")
    assert found["TASS"].sector == "MED"


def test_a_name_inside_a_person_name_is_not_a_state(actors_of):
    found = actors_of("George Washington crossed the river.")
    assert not any(a.country == "USA" for a in found.values())


def test_bare_role_words_have_no_sector_until_owned(actors_of):
    found = actors_of("The official said Russian officials and a military official agreed.")
    assert code(found["official"])[1:3] == (None, None)
    assert code(found["Russian officials"])[:3] == ("Russia", "RUS", "GOV")
    assert code(found["military official"])[1:3] == (None, "MIL")


def test_actor_modifying_a_non_actor_head(actors_of):
    found = actors_of("Jets hit Syrian government forces positions and the Syrian army headquarters.")
    assert code(found["Syrian government forces"])[:3] == ("Syria", "SYR", "MIL")
    assert code(found["Syrian army"])[:3] == ("Syria", "SYR", "MIL")
    assert "police" not in actors_of("Protesters gathered at the police station.")


def test_coordinated_states_before_one_head(actors_of):
    found = actors_of("Talks between Russian and U.S. military officers resumed.")
    assert code(found["Russian"])[:3] == ("Russia", "RUS", "MIL")
    assert code(found["U.S. military officers"])[:3] == ("United States", "USA", "MIL")


def test_bare_coalition_after_the_named_one(actors_of):
    found = actors_of("The US-led coalition denied it. Moscow condemned a coalition airstrike.")
    later = [a for text, a in found.items() if text == "coalition"]
    assert [code(a) for a in later] == [("US-led coalition", "USA", "MIL", "group")]
    assert "coalition" not in actors_of("A coalition airstrike hit the bridge.")


def test_works_without_a_parse_and_across_vocabularies(nlp, lexicon):
    import spacy

    blank = spacy.blank("en")
    found = find_actors(blank("Moscow and the US condemned ISIS."), lexicon)
    assert [(a.text, a.country) for a in found] == [("Moscow", "RUS"), ("US", "USA"), ("ISIS", None)]
    assert find_actors(blank(""), lexicon) == []
    parsed = find_actors(nlp("Moscow and the US condemned ISIS."), lexicon)
    assert [a.text for a in parsed] == ["Moscow", "US", "ISIS"]


def test_offsets_index_the_document_text(nlp, lexicon):
    text = "Headline: Russia warns Turkey\n\nThe Turkish army said  Kurdish rebels attacked."
    actors = find_actors(nlp(text), lexicon)
    assert any(a.text == "Turkish army" and a.country == "TUR" for a in actors)
    for actor in actors:
        assert text[actor.start:actor.end] == actor.text


def test_sponsors_and_attitudes_do_not_own_the_phrase(actors_of):
    found = actors_of("US-backed rebels and pro-Russian separatists attacked Iranian-backed militias.")
    assert code(found["US"]) == ("United States", "USA", None, "state")
    assert code(found["rebels"])[1:3] == (None, "REB")
    assert code(found["separatists"])[1:3] == (None, "REB")
    assert found["militias"].country is None
    assert code(actors_of("Saudi-led forces advanced.")["Saudi-led forces"])[:3] == ("Saudi Arabia", "SAU", "MIL")


def test_other_people_sharing_a_known_name(actors_of):
    found = actors_of("Abbas Kiarostami met President Vladimir Putin, Asma al-Assad and Ivanka Trump.")
    assert code(found["Abbas Kiarostami"]) == ("Abbas Kiarostami", None, None, "person")
    assert code(found["Asma al-Assad"]) == ("Asma al-Assad", None, None, "person")
    assert code(found["Ivanka Trump"]) == ("Ivanka Trump", None, None, "person")
    assert code(found["President Vladimir Putin"]) == ("Vladimir Putin", "RUS", "GOV", "person")


def test_title_chunk_joins_the_person(actors_of):
    found = actors_of("Chinese Deputy Foreign Minister Chen Gopin and Prime Minister Theresa May came.")
    assert found["Prime Minister Theresa May"].name == "Theresa May"


def test_another_states_seat_of_power_is_a_sector_word(actors_of):
    found = actors_of("A Swedish Foreign Office official met the British Foreign Office.")
    assert code(found["Swedish Foreign Office official"])[:3] == ("Sweden", "SWE", "GOV")
    assert found["British Foreign Office"].country == "GBR"


def test_parenthesised_short_form_is_its_own_mention(actors_of):
    found = actors_of("The Islamic State (IS) and the Syrian Democratic Forces (SDF) fought.")
    assert set(found) == {"Islamic State", "IS", "Syrian Democratic Forces", "SDF"}


def test_a_remembered_surname_is_not_a_month(actors_of):
    found = actors_of("Prime Minister Theresa May spoke. The vote is due in May.", "2018-01-01")
    assert [a.name for a in found.values()] == ["Theresa May"]


def test_coordinated_groups_before_one_head(actors_of):
    found = actors_of("Hamas and Hezbollah fighters crossed the border.")
    assert code(found["Hamas"]) == ("Hamas", "PSE", "REB", "armed_group")
    assert code(found["Hezbollah fighters"]) == ("Hezbollah", "LBN", "REB", "armed_group")


@pytest.mark.parametrize(("sentence", "text", "expected"), [
    ("US Secretary of Defense Mark Smith said so.", "US Secretary of Defense Mark Smith",
     ("Mark Smith", "USA", "GOV", "person")),
    ("Secretary of State John Kerry met him.", "Secretary of State John Kerry", ("John Kerry", "USA", "GOV", "person")),
])
def test_titles_the_parse_leaves_out_join_the_person(actors_of, sentence, text, expected):
    assert code(actors_of(sentence)[text]) == expected


def test_two_groups_of_different_sectors_in_apposition_stay_two_actors(nlp):
    from eventwire.actors import find_actors, load_actor_lexicon

    found = find_actors(nlp("The police are failing Syrian refugees, a human rights group said on Monday."), load_actor_lexicon())
    group = next(a for a in found if "rights group" in a.text)
    assert group.country is None and group.sector == "NGO"


def test_a_surname_the_tagger_reads_as_a_noun_is_the_person_named_before(nlp):
    from eventwire.actors import find_actors, load_actor_lexicon

    text = "Governor John Smithers spoke on Monday. Smithers would cut the aid to cities."
    found = find_actors(nlp(text), load_actor_lexicon(), "2010-05-01")
    later = [a for a in found if a.text == "Smithers"]
    assert len(later) == 1
    assert (later[0].name, later[0].sector, later[0].type) == ("John Smithers", "GOV", "person")
    assert "same surname as the earlier 'John Smithers'" in later[0].why
