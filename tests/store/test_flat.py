"""The flat export: one row per event with the issue's columns, in csv, parquet, jsonl and gdelt, read back
with pandas and with DuckDB SQL (store built from the fixture corpus written for the store tests)."""

import csv
import json

import duckdb
import pandas
import pytest
from typer.testing import CliRunner

from eventwire.cli import app
from eventwire.store.flat import FLAT_COLUMNS, GDELT_COLUMNS, date_precision
from eventwire.store.place_fields import PRECISIONS
from tests.conftest import FIXTURES

runner = CliRunner(env={"COLUMNS": "200"})
ARTICLES = FIXTURES / "store" / "articles.jsonl"
INPUT_IDS = {"denial-1", "repost-1", "spun-1", "talks-1", "wire-1"}
ISSUE_COLUMNS = """event_id date date_precision background event mode context quad intensity cameo_code negated modality
attributed_to actor1_name actor1_country actor1_sector actor1_type actor1_all actor2_name actor2_country actor2_sector
actor2_type actor2_all place_name place_country place_adm1 geonameid feature_code latitude longitude location_precision
sentence sent_start trigger trigger_start confidence coder doc_id input_id url title outlet published ingested_at story_id""".split()


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    db = tmp_path_factory.mktemp("flat") / "events.duckdb"
    result = runner.invoke(app, ["ingest", str(ARTICLES), "--db", str(db)])
    assert result.exit_code == 0, result.output
    return db


def stored_count(db) -> int:
    with duckdb.connect(str(db), read_only=True) as connection:
        return connection.execute("SELECT count(*) FROM events").fetchone()[0]


def export(store, tmp_path, output_format, *options):
    target = tmp_path / f"events.{output_format}"
    result = runner.invoke(app, ["export", "--db", str(store), "--format", output_format, "-o", str(target), *options])
    assert result.exit_code == 0, result.output
    return target, result


def test_the_columns_are_the_issues_in_its_order():
    assert list(FLAT_COLUMNS) == ISSUE_COLUMNS


def test_csv_round_trips_through_pandas_with_every_column(store, tmp_path):
    target, result = export(store, tmp_path, "csv")
    count = stored_count(store)
    assert count > 0 and f"{count} events written" in result.output
    frame = pandas.read_csv(target, dtype={"cameo_code": str, "geonameid": str})
    assert list(frame.columns) == ISSUE_COLUMNS and len(frame) == count
    assert set(frame["input_id"]) <= INPUT_IDS and "wire-1" in set(frame["input_id"])
    assert frame["cameo_code"].notna().all() and frame["cameo_code"].str.fullmatch(r"\d{3,4}").all()
    assert set(frame["location_precision"]) <= set(PRECISIONS)
    assert "Coastal Wire" in set(frame["outlet"])
    for column in ("actor1_all", "actor2_all", "context"):
        parsed = [json.loads(cell) for cell in frame[column]]
        assert all(isinstance(value, list) for value in parsed)
    shelling = frame[(frame["input_id"] == "wire-1") & (frame["trigger"] == "shelled")]
    assert len(shelling) == 1
    row = shelling.iloc[0]
    assert row["event"] == "ASSAULT" and row["actor1_country"] == "KEN" and row["cameo_code"].startswith(("18", "19"))
    parties = json.loads(row["actor1_all"])
    assert parties[0]["name"] == row["actor1_name"] and set(parties[0]) == {"name", "country", "sector", "type"}
    assert row["title"] == "Kenya shells militants near border" and row["published"].startswith("2024-03-04")
    assert row["date_precision"] == date_precision(row["date"])
    # the coder that made the rows, as the store holds it: one fingerprint for one ingest
    with duckdb.connect(str(store), read_only=True) as connection:
        stored_coders = {coder for (coder,) in connection.execute("SELECT DISTINCT coder FROM events").fetchall()}
    assert len(stored_coders) == 1 and set(frame["coder"]) == stored_coders and None not in stored_coders


def test_parquet_and_jsonl_hold_the_same_rows_as_the_csv_and_duckdb_reads_them(store, tmp_path):
    csv_rows = list(csv.DictReader(export(store, tmp_path, "csv")[0].open(encoding="utf-8")))
    parquet = export(store, tmp_path, "parquet")[0]
    jsonl = export(store, tmp_path, "jsonl")[0]
    json_rows = [json.loads(line) for line in jsonl.read_text(encoding="utf-8").splitlines()]
    frame = pandas.read_parquet(parquet)
    assert len(csv_rows) == len(json_rows) == len(frame) > 0
    assert list(frame.columns) == list(json_rows[0]) == ISSUE_COLUMNS
    assert [r["event_id"] for r in csv_rows] == [r["event_id"] for r in json_rows] == list(frame["event_id"])
    assert frame["latitude"].dtype == "float64" and frame["negated"].dtype == bool
    by_input = duckdb.sql(f"SELECT input_id, count(*) AS n, count(cameo_code) AS coded FROM '{parquet}' "
                          f"GROUP BY input_id ORDER BY input_id").fetchall()
    assert by_input and {row[0] for row in by_input} <= INPUT_IDS
    assert all(n == coded for _, n, coded in by_input)
    located = duckdb.sql(f"SELECT count(*) FROM read_json_auto('{jsonl}') WHERE location_precision <> 'none' "
                         f"AND latitude IS NOT NULL").fetchall()[0][0]
    assert located == sum(1 for r in json_rows if r["location_precision"] != "none")


def test_gdelt_has_gdelts_column_names_tab_separated(store, tmp_path):
    target, _ = export(store, tmp_path, "gdelt")
    lines = target.read_text(encoding="utf-8").splitlines()
    header = lines[0].split("\t")
    assert header == list(GDELT_COLUMNS)
    for name in ("GLOBALEVENTID", "SQLDATE", "Actor1Name", "Actor1CountryCode", "Actor2Name", "Actor2CountryCode",
                 "EventCode", "EventRootCode", "QuadClass", "GoldsteinScale", "ActionGeo_FullName",
                 "ActionGeo_CountryCode", "ActionGeo_Lat", "ActionGeo_Long", "ActionGeo_FeatureID", "DATEADDED",
                 "SOURCEURL"):
        assert name in header
    frame = pandas.read_csv(target, sep="\t", dtype=str)
    assert len(frame) == stored_count(store) > 0
    assert frame["QuadClass"].isin(["1", "2", "3", "4"]).all()
    assert (frame["EventRootCode"] == frame["EventCode"].str[:2]).all()
    assert frame["SQLDATE"].str.fullmatch(r"\d{8}").all()


def test_input_id_finds_a_documents_events(store, tmp_path):
    result = runner.invoke(app, ["events", "--db", str(store), "--input-id", "wire-1", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert rows and len({row["doc_id"] for row in rows}) == 1
    target, _ = export(store, tmp_path, "csv", "--input-id", "wire-1")
    assert {row["input_id"] for row in csv.DictReader(target.open(encoding="utf-8"))} == {"wire-1"}


def test_usage_errors_of_export_exit_2(store, tmp_path):
    for options in (["--format", "xlsx"], ["--what", "people"], ["--what", "stories", "--format", "gdelt"]):
        result = runner.invoke(app, ["export", "--db", str(store), "-o", str(tmp_path / "x"), *options])
        assert result.exit_code == 2, (options, result.output)
        assert "--" in result.output
    assert not (tmp_path / "x").exists()


def test_the_seeds_flat_csv_has_every_column_their_file_names_and_a_cameo_code(shared_dir, tmp_path):
    db = tmp_path / "seeds.duckdb"
    seeds = shared_dir / "corpus" / "seeds"
    result = runner.invoke(app, ["ingest", str(seeds), "--db", str(db)])
    assert result.exit_code == 0, result.output
    target, _ = export(db, tmp_path, "csv")
    rows = list(csv.DictReader(target.open(encoding="utf-8")))
    assert rows and list(rows[0]) == ISSUE_COLUMNS
    assert {row["input_id"] for row in rows} == {path.name for path in seeds.glob("*.txt")}
    assert all(row["cameo_code"] for row in rows)


def test_events_as_csv_have_the_flat_columns(store):
    result = runner.invoke(app, ["events", "--db", str(store), "--format", "csv", "--category", "ASSAULT"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(result.stdout.splitlines()))
    assert rows and list(rows[0]) == ISSUE_COLUMNS and {row["event"] for row in rows} == {"ASSAULT"}
