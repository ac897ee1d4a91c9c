"""The geoparse listing (ALL_MENTIONS), first-level divisions, and the seeds' and GeoWebNews' places."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from eventwire.places import ALL_MENTIONS, find_places
from eventwire.readers import read_inputs


@pytest.fixture(scope="module")
def listing(nlp, gazetteer):
    def run(text: str):
        return [(p.text, p.name, p.country, p.feature) for p in find_places(nlp(text), gazetteer, options=ALL_MENTIONS)]

    return run


def test_adjectives_that_modify_a_noun_are_listed(listing, geoparse):
    text = "The Syrian army and European airlines met South Korean officials."
    assert listing(text) == [
        ("Syrian", "Syria", "SYR", "PCLI"),
        ("European", "Europe", None, "CONT"),
        ("South Korean", "South Korea", "KOR", "PCLI"),
    ]
    assert geoparse(text) == []  # event locations never take adjectives


def test_one_person_and_languages_are_not_places(listing):
    assert listing("The Russian said the Chinese were late. They speak English.") == []


def test_peoples_named_in_the_plural_are_their_places(listing, geoparse):
    # LGL annotates "the Palestinians" as a toponym; GeoWebNews leaves such spans unscored
    text = "Russians and Syrians met the Palestinians."
    assert [(p[0], p[1], p[2]) for p in listing(text)] == [
        ("Russians", "Russia", "RUS"), ("Syrians", "Syria", "SYR"), ("Palestinians", "Palestinian Territory", "PSE")]
    assert geoparse(text) == []  # event locations never take peoples


def test_coordinated_adjectives(listing):
    assert [p[1] for p in listing("Russian and Syrian officers met.")] == ["Russia", "Syria"]


def test_the_first_half_of_a_compound_adjective(listing):
    places = listing("The Saudi-led coalition and the Australian-backed mission met Saudi-born men.")
    assert [(text, country) for text, _, country, _ in places] == [("Saudi", "SAU"), ("Australian", "AUS"), ("Saudi", "SAU")]


def test_regional_and_subnational_adjectives(listing):
    places = listing("Kurdish fighters met Texan ranchers and Bavarian brewers.")
    assert [(p[0], p[3], p[2]) for p in places] == [("Kurdish", "RGN", None), ("Texan", "ADM1", "USA"),
                                                    ("Bavarian", "ADM1", "DEU")]


def test_places_inside_organisation_names(listing):
    places = listing("The Washington Post cited the Bank of Japan and Michael Jordan.")
    assert [(p[0], p[2]) for p in places] == [("Washington", "USA"), ("Japan", "JPN")]


def test_capital_named_for_its_government_is_listed(nlp, gazetteer, geoparse):
    text = "Moscow said talks held in Moscow went well."
    listed = find_places(nlp(text), gazetteer, exclude=(), options=ALL_MENTIONS)
    assert [p.start for p in listed] == [0, text.rindex("Moscow")]


def test_first_level_divisions_have_geonames_ids(geoparse):
    places = geoparse("Protests spread from Karnataka to Tamil Nadu and Western Cape.")
    assert [(p.text, p.feature, p.country, p.geonameid) for p in places] == [
        ("Karnataka", "ADM1", "IND", "1267701"),
        ("Tamil Nadu", "ADM1", "IND", "1255053"),
        ("Western Cape", "ADM1", "ZAF", "1085599"),
    ]


def test_state_abbreviations_and_comma_pairs(geoparse):
    places = geoparse("The townhouses are in Gainesville, Va. and the studio is in Tacoma, Washington.")
    got = [(p.text, p.name, p.feature, round(p.lat)) for p in places]
    assert got[0][:2] == ("Gainesville", "Gainesville") and got[0][3] == 39  # Virginia's, not Florida's (30)
    assert got[1] == ("Va.", "Virginia", "ADM1", got[1][3])
    assert got[2][:2] == ("Tacoma", "Tacoma")
    assert got[3][1:3] == ("Washington", "ADM1")  # the state holding Tacoma, not the capital


def test_saint_spelt_either_way(geoparse):
    (city,) = geoparse("The consulate in St. Petersburg will close.")
    assert (city.country, city.feature[:3]) == ("RUS", "PPL")


def test_country_prior_and_population_prior(geoparse):
    assert [(p.text, p.country) for p in geoparse("Talks were held in Georgia and Jordan.")] == [
        ("Georgia", "GEO"), ("Jordan", "JOR")]
    (london,) = geoparse("She flew to London.")
    assert london.country == "GBR"  # 8.9 million people, not London, Ontario


# --- the seeds and GeoWebNews (need ../shared) -------------------------------------------------------

SEED_PLACES = {  # surface name -> country, as the seed articles mean them
    "Latakia": "SYR", "Deir ez-Zor": "SYR", "Al-Hasakah": "SYR", "Paphos": "CYP", "Raqqa": "SYR",
    "Idlib": "SYR", "Hama": "SYR", "Damascus": "SYR", "Caspian Sea": None, "Beirut": "LBN",
}


def test_seed_articles_places(shared_dir, nlp, gazetteer):
    found: dict[str, set] = {}
    for document in read_inputs([str(shared_dir / "corpus" / "seeds")]):
        for place in find_places(nlp(document.text), gazetteer, options=ALL_MENTIONS):
            name = next((name for name in SEED_PLACES if place.text.startswith(name)), place.text)  # "Hama province"
            found.setdefault(name, set()).add(place.country)
    for name, country in SEED_PLACES.items():
        assert found.get(name) == {country}, (name, found.get(name))
    assert found["Russia"] == {"RUS"}  # "Cooperating with Russia, US Denies": a list, not Russia, Ohio


def test_geowebnews_sample_scores_above_floor(shared_dir, nlp, gazetteer, tmp_path):
    """The first 30 GeoWebNews articles, scored by the shared scorer: a smoke test of the whole listing.

    The floor sits a little under the figure measured when it was set (0.70 on these 30; 0.73 on all 200,
    see bench/README.md); bench/geo.py runs the whole corpus.
    """
    gold_rows = (shared_dir / "gold" / "geowebnews.jsonl").read_text(encoding="utf-8").splitlines()[:30]
    gold = tmp_path / "gold.jsonl"
    gold.write_text("\n".join(gold_rows) + "\n", encoding="utf-8")
    with (tmp_path / "pred.jsonl").open("w", encoding="utf-8") as out:
        for row in map(json.loads, gold_rows):
            places = find_places(nlp(row["text"]), gazetteer, options=ALL_MENTIONS)
            out.write(json.dumps({"id": row["id"], "places": [
                {"start": p.start, "end": p.end, "name": p.name, "lat": p.lat, "lon": p.lon, "geonameid": p.geonameid}
                for p in places]}) + "\n")
    result = subprocess.run([sys.executable, str(shared_dir / "gold" / "score_geo.py"), str(gold), str(tmp_path / "pred.jsonl")],
                            capture_output=True, text=True, check=True)
    figures = dict(item.split("=") for item in result.stdout.strip().splitlines()[-1].split())
    assert float(figures["acc161"]) >= 0.67, result.stdout
    assert float(figures["precision"]) >= 0.93, result.stdout


def test_streets_and_buildings_are_placed_at_their_town(listing):
    places = listing("Police closed Collins Avenue in Miami Beach. Fans gathered at Brooklyn's Barclays Center.")
    got = {p[0]: (p[1], p[2], p[3]) for p in places}
    assert got["Collins Avenue"] == ("Collins Avenue", "USA", "ST")
    assert got["Barclays Center"] == ("Barclays Center", "USA", "BLDG")
    assert "Brooklyn" in got  # the owner stays a place of its own


def test_unknown_local_name_goes_to_the_documents_town(nlp, gazetteer):
    text = "The council in Nenagh, Ireland met on Monday. There are 26 applicants in Portroe. Buhari said no."
    places = {p.text: p for p in find_places(nlp(text), gazetteer, options=ALL_MENTIONS)}
    nenagh, portroe = places["Nenagh"], places["Portroe"]  # a village GeoNames' towns list lacks
    assert (portroe.lat, portroe.lon, portroe.country, portroe.geonameid) == (nenagh.lat, nenagh.lon, "IRL", None)
    assert "Buhari" not in places


def test_facility_words_are_valid(gazetteer):
    assert gazetteer.facility_feature("Royal", "Street") == "ST"
    assert gazetteer.facility_feature("Hotel", "Kyjev") == "HTL"
    assert gazetteer.facility_feature("Kent", "Kent") is None


def test_country_inside_a_sum_of_money(listing):
    assert [p[1] for p in listing("The projects are worth 11 billion US dollars.")] == ["United States"]


def test_town_of_the_named_state_inside_an_organisation_name(listing):
    places = listing("Allendale, New Jersey, honoured volunteers. The Allendale Woman's Club held a show.")
    assert [(p[0], p[2]) for p in places if p[0] == "Allendale"] == [("Allendale", "USA"), ("Allendale", "USA")]


def test_natural_features_the_gazetteer_lacks_are_placed_at_the_town(listing):
    places = listing("Dead fish washed up near Fremantle, Western Australia, off Kestrel Point.")
    assert ("Kestrel Point", "Kestrel Point", "AUS", "PT") in places


def test_an_organisation_one_is_at_is_its_premises(nlp, gazetteer):
    text = "In Tacoma, Washington, a chef taught a class at Green Pantry. Aid came from the Ministry of Health."
    places = {p.text: p for p in find_places(nlp(text), gazetteer, options=ALL_MENTIONS)}
    assert places["Green Pantry"].lat == places["Tacoma"].lat
    assert not any("Ministry" in name for name in places)


def test_a_known_city_inside_premises_one_is_at_stays_the_city(listing):
    assert [p[:3] for p in listing("Delegates met at Lahore Fashion Week.")] == [("Lahore", "Lahore", "PAK")]


def test_a_name_after_at_with_its_town_is_premises(nlp, gazetteer):
    text = "A gala was held at Maple Grove Lodge in Paterson, New Jersey."
    places = {p.text: p for p in find_places(nlp(text), gazetteer, options=ALL_MENTIONS)}
    assert places["Maple Grove Lodge"].lat == places["Paterson"].lat


def test_premises_words_need_a_name_or_their_town(nlp, gazetteer):
    from eventwire.places.mentions import _facility_mentions

    doc = nlp("Doctors at the Clinique in Lyon agreed. Officials at the Eastbrook said no.")
    names = [doc.text[m.start:m.end] for m in _facility_mentions(doc, gazetteer, doc.text)]
    assert "Eastbrook" not in names


def test_a_local_name_found_once_is_found_again(nlp, gazetteer):
    text = ("In Cheltenham, England, traffic backed up at the Kestrel Hill roundabout. "
            "Kestrel Hill reopened at noon.")
    places = [p for p in find_places(nlp(text), gazetteer, options=ALL_MENTIONS) if p.text == "Kestrel Hill"]
    assert len(places) == 2 and places[0].lat == places[1].lat


def test_a_place_a_town_owns_lies_near_it(nlp, gazetteer):
    # Belleville, a quarter GeoNames' towns list lacks, is not Belleville, Illinois or Ontario: it is placed at Paris
    text = "Crowds filled Paris's Belleville on Sunday, officials in France said."
    places = {p.text: p for p in find_places(nlp(text), gazetteer, options=ALL_MENTIONS)}
    belleville, paris = places["Belleville"], places["Paris"]
    assert (belleville.country, belleville.lat, belleville.geonameid) == ("FRA", paris.lat, None)


def test_a_cited_organisation_named_after_a_country_lists_the_country(nlp, gazetteer):
    text = "According to Zimbabwe Tourism Authority chief executive John Moyo, the route is busy."
    places = find_places(nlp(text), gazetteer, options=ALL_MENTIONS)
    assert [(p.text, p.country) for p in places] == [("Zimbabwe", "ZWE")]
    # where events happen, an organisation's name is no place
    assert find_places(nlp(text), gazetteer) == []


def test_towns_listed_after_in_are_places_whatever_the_model_tagged_them(nlp, gazetteer):
    text = "After selling its shops in Žilina, Nitra, Prešov and Košice, the chain left Slovakia."
    places = find_places(nlp(text), gazetteer, options=ALL_MENTIONS)
    assert [(p.text, p.country) for p in places] == [
        ("Žilina", "SVK"), ("Nitra", "SVK"), ("Prešov", "SVK"), ("Košice", "SVK"), ("Slovakia", "SVK")]


def test_a_demonym_the_model_took_for_a_person_is_listed(listing):
    assert [(text, country) for text, _, country, _ in listing("Turtles nest on Saint Lucian beaches.")] == [
        ("Saint Lucian", "LCA")]


def test_a_word_used_as_an_adjective_of_a_place_is_no_name_in_either_mode(nlp, gazetteer):
    from eventwire.places import EVENT_PLACES
    from eventwire.places.mentions import toponym_mentions

    text = "Kenyan troops shelled positions near the Somali border town of Dhobley."
    doc = nlp(text)
    somali = (text.index("Somali"), text.index("Somali") + len("Somali"))
    listed = [m for m in toponym_mentions(doc, gazetteer, text, ALL_MENTIONS) if (m.start, m.end) == somali]
    assert len(listed) == 1 and listed[0].adjective  # the listing lists it as the adjective it is
    event_mentions = toponym_mentions(doc, gazetteer, text, EVENT_PLACES)
    assert [text[m.start:m.end] for m in event_mentions] == ["Dhobley"]  # no "Somali" for events


def test_a_town_before_its_city_council_or_town_hall(listing):
    # the text names the country only: the town is taken because its council says it is one
    places = listing("The DeKalb City Council met on Monday, U.S. officials said.")
    assert [(p[0], p[2], p[3]) for p in places if p[0] == "DeKalb"] == [("DeKalb", "USA", "PPL")]
    places = listing("The DeKalb Council of Elders met on Monday, U.S. officials said.")
    assert [p for p in places if p[0] == "DeKalb"] == []  # "of" after it: perhaps a man's council


def test_a_county_named_in_an_organisations_name(listing):
    places = listing("Statistics from the Guernsey County Common Pleas Court reflect tough times in Ohio.")
    assert ("Guernsey County", "Guernsey County", "USA", "ADM2") in places
