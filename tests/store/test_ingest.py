"""Ingest, copies, stories, queries and exports over a small fixture corpus written for these tests."""

import csv
import io
import json

import duckdb
import pytest
from typer.testing import CliRunner

from eventwire.cli import app
from eventwire.store import document_key, open_store
from eventwire.store.query import EventFilter, find_events, find_stories
from tests.conftest import FIXTURES

runner = CliRunner(env={"COLUMNS": "200"})
ARTICLES = FIXTURES / "store" / "articles.jsonl"


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    db = tmp_path_factory.mktemp("store") / "events.duckdb"
    result = runner.invoke(app, ["ingest", str(ARTICLES), "--db", str(db), "--batch-size", "2"])
    assert result.exit_code == 0, result.output
    assert "articles.jsonl:6" in result.output  # the bad line is named, the rest stored
    return db


def query(db, sql):
    connection = duckdb.connect(str(db), read_only=True)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


def test_documents_are_stored_under_the_hash_of_their_text(store):
    rows = query(store, "SELECT input_id, id, text FROM documents ORDER BY input_id")
    assert [row[0] for row in rows] == ["denial-1", "repost-1", "spun-1", "talks-1", "wire-1"]
    assert all(row[1] == document_key(row[2]) for row in rows)
    assert document_key("Kenya  shells\nmilitants") == document_key("kenya shells militants")


def test_ingesting_again_adds_nothing(store):
    before = query(store, "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM events), "
                          "(SELECT count(*) FROM sentences), (SELECT count(*) FROM stories)")
    result = runner.invoke(app, ["ingest", str(ARTICLES), str(ARTICLES), "--db", str(store)])
    assert result.exit_code == 0, result.output
    assert "0 new documents" in result.output
    after = query(store, "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM events), "
                         "(SELECT count(*) FROM sentences), (SELECT count(*) FROM stories)")
    assert before == after


def test_a_repost_is_linked_to_the_original(store):
    [(repost_of, original)] = query(store, "SELECT r.duplicate_of, o.id FROM documents r, documents o "
                                           "WHERE r.input_id = 'repost-1' AND o.input_id = 'wire-1'")
    assert repost_of == original
    assert query(store, "SELECT count(*) FROM documents WHERE duplicate_of IS NOT NULL") == [(1,)]


def test_a_spun_sentence_is_shown_as_a_copy(store):
    [(text, original)] = query(store, "SELECT c.text, o.text FROM sentences c JOIN sentences o ON o.id = c.copy_of "
                                      "JOIN documents d ON d.id = c.doc_id WHERE d.input_id = 'spun-1'")
    assert text.startswith("Republic of Kenya troops") and original.startswith("Kenyan troops")


def test_copies_do_not_count_as_independent_outlets(store):
    connection = open_store(store, read_only=True)
    stories = find_stories(connection, EventFilter(actor="Kenya", recipient="al-Shabaab"))
    connection.close()
    [story] = stories
    # the wire, its repost and its spun copy are one outlet; the denial's outlet is the second
    assert story["documents"] == 4 and story["outlets"] == 2
    assert story["reports"] == len(story["event_ids"]) >= story["documents"]


def test_a_denial_contests_the_story(store):
    connection = open_store(store, read_only=True)
    [story] = find_stories(connection, EventFilter(actor="KEN", contested=True))
    events = {row["id"]: row for row in find_events(connection, EventFilter(story=story["id"]))}
    connection.close()
    assert story["contested"] and story["contradicting_event_ids"]
    assert {events[i]["modality"] for i in story["contradicting_event_ids"]} == {"denied"}
    assert story["outlets"] == 2  # the wire and the outlet that carried the denial


def test_events_filters(store):
    connection = open_store(store, read_only=True)

    def ids(**options):
        return {row["id"] for row in find_events(connection, EventFilter(**options))}

    everything = ids()
    assert ids(category="consult") and ids(category="consult") < everything
    assert ids(country="KEN") == ids(actor="Kenya")
    assert ids(modality="denied") and ids(modality="denied") <= ids(contested=True)
    assert ids(contested=True).isdisjoint(ids(contested=False))
    assert ids(since="2024-03-06") == ids(category="CONSULT")
    assert ids(until="2024-03") == everything and not ids(until="2024-02")
    assert ids(text="denied") and ids(text="denied") <= ids(modality="denied")
    assert ids(quad="MATERIAL_CONFLICT") >= ids(category="ASSAULT")
    connection.close()


def test_events_and_stories_commands(store):
    result = runner.invoke(app, ["events", "--db", str(store), "--format", "json", "--actor", "Kenya"])
    assert result.exit_code == 0, result.output
    records = json.loads(result.output)
    assert records and all("story_id" in r and r["actor"][0]["country"] == "KEN" for r in records)
    result = runner.invoke(app, ["stories", "--db", str(store), "--format", "json", "--contested"])
    story = json.loads(result.output)[0]
    assert {"id", "event", "actor", "recipient", "location", "date_first", "date_last", "reports", "documents",
            "outlets", "contested", "event_ids", "contradicting_event_ids"} <= set(story)
    result = runner.invoke(app, ["stories", "--db", str(store), "--format", "csv"])
    assert next(csv.DictReader(io.StringIO(result.output)))["id"]
    result = runner.invoke(app, ["events", "--db", str(store), "--category", "ASSAULT"])
    assert result.exit_code == 0 and "Kenya" in result.output
    result = runner.invoke(app, ["stories", "--db", str(store / "missing.duckdb")])
    assert result.exit_code == 1 and "no such store" in result.output


@pytest.mark.parametrize("output_format", ["csv", "parquet", "jsonl", "plover"])
def test_export_formats(store, tmp_path, output_format):
    target = tmp_path / f"events.{output_format}"
    result = runner.invoke(app, ["export", "--db", str(store), "--format", output_format, "-o", str(target)])
    assert result.exit_code == 0, result.output
    count = query(store, "SELECT count(*) FROM events")[0][0]
    if output_format == "csv":
        assert len(list(csv.DictReader(target.open(encoding="utf-8")))) == count
    elif output_format == "parquet":
        import pandas
        import polars

        assert len(pandas.read_parquet(target)) == len(polars.read_parquet(target)) == count
        assert duckdb.sql(f"SELECT count(*) FROM '{target}'").fetchall() == [(count,)]
    else:
        lines = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
        assert len(lines) == count
        assert ("story_id" if output_format == "jsonl" else "event_type") in lines[0]


def test_export_of_a_filter_and_of_stories(store, tmp_path):
    target = tmp_path / "denied.jsonl"
    result = runner.invoke(app, ["export", "--db", str(store), "-o", str(target), "--modality", "denied"])
    assert result.exit_code == 0, result.output
    assert {json.loads(line)["modality"] for line in target.read_text().splitlines()} == {"denied"}
    target = tmp_path / "stories.parquet"
    result = runner.invoke(app, ["export", "--db", str(store), "-o", str(target), "--what", "stories",
                                 "--format", "parquet"])
    assert result.exit_code == 0, result.output
    assert duckdb.sql(f"SELECT count(*) FROM '{target}' WHERE contested").fetchall()[0][0] >= 1


def test_a_file_that_is_not_a_store_is_refused_untouched(tmp_path):
    not_a_store = tmp_path / "notes.duckdb"
    not_a_store.write_text("shopping list\n")
    result = runner.invoke(app, ["ingest", str(ARTICLES), "--db", str(not_a_store)])
    assert result.exit_code == 1 and "notes.duckdb" in result.output
    assert not_a_store.read_text() == "shopping list\n"


def test_quality_filters_select_records(store):
    connection = open_store(store, read_only=True)
    try:
        everything = find_events(connection, EventFilter(include_background=True))
        sure = find_events(connection, EventFilter(min_confidence=0.8, include_background=True))
        named = find_events(connection, EventFilter(has_actor=True, include_background=True))
        unnamed = find_events(connection, EventFilter(has_actor=False, include_background=True))
        located = find_events(connection, EventFilter(located=True, include_background=True))
        current = find_events(connection, EventFilter())
    finally:
        connection.close()
    assert sure and all(e["confidence"] >= 0.8 for e in sure) and len(sure) < len(everything)
    assert len(named) + len(unnamed) == len(everything) and all(e["actor"] for e in named)
    assert located and all(e["location"] for e in located)
    assert current and all(not e["background"] for e in current)
    assert everything and all(e["date_precision"] in ("day", "month", "year", None) for e in everything)


def test_a_town_and_its_province_make_one_story(tmp_path):
    """Two outlets place one strike at two levels: the town, and the province the gazetteer puts it in."""
    articles = tmp_path / "articles.jsonl"
    articles.write_text("\n".join(json.dumps(row) for row in [
        {"id": "town", "date": "2019-03-11", "source": "Levant Wire",
         "text": "Russian jets killed 12 civilians in a market in Ariha on Sunday, rescue workers said."},
        {"id": "province", "date": "2019-03-12", "source": "Harbor Times",
         "text": "Russian warplanes killed a dozen civilians in Idlib province on Sunday, a monitor said."},
    ]) + "\n", encoding="utf-8")
    db = tmp_path / "events.duckdb"
    result = runner.invoke(app, ["ingest", str(articles), "--db", str(db)])
    assert result.exit_code == 0, result.output
    rows = query(db, "SELECT d.input_id, e.story_id, e.location.name FROM events e JOIN documents d ON d.id = e.doc_id "
                     "WHERE e.event = 'ASSAULT'")
    assert {row[0] for row in rows} == {"town", "province"}, rows
    assert len({row[1] for row in rows}) == 1, rows


def test_a_story_s_unnamed_target_is_kept_for_later_ingests(tmp_path):
    """The first report names no target ("bombed a market in Ariha": the coder names Syria for the place);
    a report of another run, placed in the province, joins it: the store keeps what the story's first
    report stood for."""
    db = tmp_path / "events.duckdb"

    def ingest_one(name, day, text):
        articles = tmp_path / f"{name}.jsonl"
        articles.write_text(json.dumps({"id": name, "date": day, "text": text}) + "\n", encoding="utf-8")
        result = runner.invoke(app, ["ingest", str(articles), "--db", str(db)])
        assert result.exit_code == 0, result.output

    ingest_one("run0", "2019-03-11", "Russian jets bombed a market in Ariha on Sunday, rescue workers said.")
    ingest_one("run1", "2019-03-12", "Russian warplanes bombed Idlib province on Sunday, a monitor said.")
    rows = query(db, "SELECT d.input_id, e.story_id FROM events e JOIN documents d ON d.id = e.doc_id "
                     "WHERE e.event = 'ASSAULT'")
    assert {row[0] for row in rows} == {"run0", "run1"}, rows
    assert len({row[1] for row in rows}) == 1, rows
    assert query(db, "SELECT stand_in FROM stories") == [("SYR",)]
