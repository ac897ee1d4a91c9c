"""Every row of the actor data files is valid, and the loader names the file and line of a bad one."""

from __future__ import annotations

from importlib import resources

import pycountry
import pytest

from eventwire import datafiles
from eventwire.actors import lexicon as lexicon_module
from eventwire.actors.lexicon import SECTORS, ActorLexicon, load_actor_lexicon, surface_variants
from eventwire.errors import InputError
from eventwire.records import ACTOR_TYPES

DATA_FILES = ("countries.tsv", "country_aliases.tsv", "seats_of_power.tsv", "igos.tsv",
              "armed_groups.tsv", "organizations.tsv", "people.tsv", "sectors.tsv")
ISO3 = {country.alpha_3 for country in pycountry.countries}


@pytest.fixture(scope="module")
def lexicon() -> ActorLexicon:
    return load_actor_lexicon()


def _rows(filename: str) -> list[dict[str, str]]:
    return [row for _line, row in lexicon_module._data_rows(filename, _columns(filename))]


def _columns(filename: str) -> tuple[str, ...]:
    text = resources.files("eventwire.actors").joinpath("data", filename).read_text(encoding="utf-8")
    header = next(line for line in text.splitlines() if line and not line.startswith("#"))
    return tuple(header.split("\t"))


@pytest.mark.parametrize("filename", DATA_FILES)
def test_every_file_starts_with_a_provenance_header(filename):
    text = resources.files("eventwire.actors").joinpath("data", filename).read_text(encoding="utf-8")
    assert text.startswith("# "), f"{filename} must start with a '#' line saying where its facts come from"


def test_covers_every_iso_state(lexicon):
    # How fast it loads is for bench/, not for a test on a loaded machine.
    assert set(lexicon.country_names) == ISO3


def test_countries_file_matches_pycountry():
    rows = _rows("countries.tsv")
    codes = [row["iso3"] for row in rows]
    assert len(codes) == len(set(codes))
    assert set(codes) == ISO3


def test_country_aliases_are_unique_and_valid():
    rows = _rows("country_aliases.tsv")
    assert len(rows) > 200
    keys = [(row["iso3"], row["kind"], row["text"]) for row in rows]
    assert len(keys) == len(set(keys))
    assert {row["iso3"] for row in rows} <= ISO3
    texts = {}
    for row in rows:
        if row["kind"] != "name":
            assert texts.setdefault(row["text"], row["iso3"]) == row["iso3"], f"{row['text']} names two states"


@pytest.mark.parametrize("filename", ["seats_of_power.tsv", "armed_groups.tsv", "organizations.tsv", "people.tsv"])
def test_codes_sectors_and_types_are_known(filename):
    rows = _rows(filename)
    assert rows, filename
    for row in rows:
        if row["country"] != "-":
            assert row["country"] in ISO3, row
        if row["sector"] != "-":
            assert row["sector"] in SECTORS, row
        if "type" in row:
            assert row["type"] in ACTOR_TYPES, row


def test_sector_words_are_unique_and_valid():
    rows = _rows("sectors.tsv")
    assert rows
    phrases = [row["phrase"].lower() for row in rows]
    assert len(phrases) == len(set(phrases))
    for row in rows:
        assert row["sector"] == "-" or row["sector"] in SECTORS, row
        assert row["strength"] in ("strong", "weak", "role", "neutral"), row
        assert row["type"] in ACTOR_TYPES, row


def test_people_offices_are_unique_and_ordered():
    rows = _rows("people.tsv")
    assert 450 <= len(rows) <= 3000
    keys = [(row["name"], row["start"]) for row in rows]
    assert len(keys) == len(set(keys))
    for row in rows:
        assert row["start"], row
        assert not row["end"] or row["start"] < row["end"], row
    assert 300 <= len({row["name"] for row in rows}) <= 2000


def test_a_surface_names_one_thing_except_people(lexicon):
    assert len(lexicon.names) > 1000
    for surface, entries in lexicon.names.items():
        if entries[0].kind == "person":
            assert all(entry.kind == "person" for entry in entries), surface
        else:
            assert len(entries) == 1, (surface, entries)


def test_igos_and_armed_groups_follow_the_gold_conventions(lexicon):
    un = lexicon.names["UN"][0]
    assert (un.kind, un.country, un.sector, un.type) == ("igo", None, "IGO", "igo")
    for alias in ("IS", "ISIS", "ISIL", "Daesh", "Islamic State"):
        entry = lexicon.names[alias][0]
        assert (entry.name, entry.country, entry.sector, entry.type) == ("Islamic State", None, "REB", "armed_group")
    assert lexicon.names["Hezbollah"][0].country == "LBN"
    assert lexicon.names["Taliban"][0].country == "AFG"
    assert lexicon.names["Houthis"][0].country == "YEM"
    assert lexicon.names["Pentagon"][0].sector == "MIL"


def test_variants_cover_headline_case_curly_apostrophes_and_plurals():
    assert "Al-Qaeda" in surface_variants("al-Qaeda")
    assert "People\u2019s Protection Units" in surface_variants("People's Protection Units")
    assert "Russians" in surface_variants("Russian", plural=True)
    assert "Frenchs" not in surface_variants("French", plural=True)


def serve_data_file(monkeypatch, text: str) -> None:
    """Make every packaged data file read as `text`."""

    class FakeFile:
        def __truediv__(self, name):
            return self

        def read_text(self, encoding):
            return text

    monkeypatch.setattr(datafiles.resources, "files", lambda package: FakeFile())


def test_malformed_row_names_file_and_line(monkeypatch):
    serve_data_file(monkeypatch, "# header\nname\taliases\nUnited Nations\n")
    with pytest.raises(InputError, match=r"eventwire/actors/data/igos.tsv:3: expected 2 tab-separated cells"):
        lexicon_module._load_igos()


def test_unknown_sector_names_file_and_line(monkeypatch):
    serve_data_file(monkeypatch, "# header\nphrase\tsector\tstrength\ttype\narmy\tARMY\tstrong\torganization\n")
    with pytest.raises(InputError, match=r"eventwire/actors/data/sectors.tsv:3: unknown sector 'ARMY'"):
        lexicon_module._load_sector_words()


def test_lexicon_pickles_without_its_matcher_cache(lexicon):
    import pickle

    import spacy

    lexicon.matcher_for(spacy.blank("en").vocab)
    copy = pickle.loads(pickle.dumps(lexicon))
    assert copy.country_names == lexicon.country_names
    assert copy.names["UN"] == lexicon.names["UN"]
    assert copy._matchers == {}


def test_committed_countries_file_is_what_the_generator_writes():
    from eventwire.actors import build_countries

    committed = resources.files("eventwire.actors").joinpath("data", "countries.tsv").read_text(encoding="utf-8")
    assert committed == build_countries.render(build_countries.country_rows())


def test_smaller_states_have_demonyms():
    demonyms = {row["text"]: row["iso3"] for row in _rows("country_aliases.tsv") if row["kind"] == "demonym"}
    assert [demonyms.get(word) for word in ("Burkinabe", "Togolese", "Beninese", "New Zealander", "Fijian",
                                             "Trinidadian", "Saint Lucian", "Sahrawi")] == [
        "BFA", "TGO", "BEN", "NZL", "FJI", "TTO", "LCA", "ESH"]
    # a demonym two states share goes to the larger: Dominican Republic, DR Congo
    assert (demonyms["Dominican"], demonyms["Congolese"]) == ("DOM", "COD")
