"""`eventwire recode` and `status`: stored documents coded again by another coder give the store a fresh
ingest by that coder would give (records, copies, stories), one document per transaction, resumably."""

import dataclasses
import statistics

import duckdb
import pytest
from typer.testing import CliRunner

import eventwire.store.recode as recode_module
from eventwire.cli import app
from eventwire.config import Config
from eventwire.fingerprint import coder_fingerprint
from eventwire.flows import ingest_into
from eventwire.pipeline import code_documents
from eventwire.store.recode import STORIES_STALE, coder_counts, recode_store
from eventwire.store.schema import StoreError, open_store
from tests.conftest import FIXTURES

ARTICLES = FIXTURES / "store" / "articles.jsonl"
runner = CliRunner(env={"COLUMNS": "200"})


@pytest.fixture(scope="module")
def coders(load_coder):
    """The session's coder, and one that keeps only records at or above the median confidence of the
    fixture's records: another fingerprint, and fewer records."""
    first = load_coder(Config())
    confidences = [e.confidence for item in code_documents(first, eventwire_documents()) for e in item.events]
    assert len(confidences) >= 4
    config = dataclasses.replace(first.config, min_confidence=statistics.median(confidences) + 1e-9)
    second = dataclasses.replace(first, config=config, fingerprint=coder_fingerprint(config))
    assert second.fingerprint != first.fingerprint
    return first, second


def eventwire_documents():
    from eventwire.flows import read_documents

    return list(read_documents([str(ARTICLES)], lambda problem: None))


def ingested(db, coder):
    run = ingest_into(db, [str(ARTICLES)], None, lambda: coder)
    assert run.report.documents >= 4
    return run


def snapshot(db) -> dict:
    """What the store holds that coding and grouping decide, table by table, in a stable order."""
    connection = duckdb.connect(str(db), read_only=True)
    try:
        queries = {
            "documents": "SELECT id, coder, doc_date, duplicate_of, sentences FROM documents ORDER BY id",
            "events": "SELECT id, doc_id, event, coder, story_id, contradiction, sentence_id, outlet FROM events ORDER BY id",
            "actors": "SELECT event_id, role, position, name, country FROM actors ORDER BY ALL",
            "places": "SELECT doc_id, position, name, geonameid FROM places ORDER BY ALL",
            "sentences": 'SELECT id, "start", "end", copy_of FROM sentences ORDER BY id',
            "stories": "SELECT * EXCLUDE (created) FROM stories ORDER BY id",
            "info": "SELECT key, value FROM store_info ORDER BY key",
        }
        return {name: connection.execute(sql).fetchall() for name, sql in queries.items()}
    finally:
        connection.close()


def recode(db, coder, **options):
    return recode_store(db, coder.fingerprint, lambda documents: code_documents(coder, documents), **options)


def test_recoding_gives_the_store_a_fresh_ingest_by_the_new_coder_gives(tmp_path, coders):
    first, second = coders
    ingested(tmp_path / "old.duckdb", first)
    ingested(tmp_path / "fresh.duckdb", second)
    before = snapshot(tmp_path / "old.duckdb")
    assert {row[3] for row in before["events"]} == {first.fingerprint}
    report = recode(tmp_path / "old.duckdb", second)
    after, fresh = snapshot(tmp_path / "old.duckdb"), snapshot(tmp_path / "fresh.duckdb")
    assert report.documents == len(before["documents"]) and report.current == 0
    assert report.events < report.events_before == len(before["events"])  # the new coder keeps fewer records
    assert report.stories == len(fresh["stories"]) > 0
    assert after == fresh
    # Every record is in a stored story, and every story's first report is a stored document.
    story_ids = {row[0] for row in after["stories"]}
    assert after["events"] and {row[4] for row in after["events"]} <= story_ids
    # doc_id, then joinable, actor_sectors, stand_in and recipient_names
    assert {row[-5] for row in after["stories"]} <= {row[0] for row in after["documents"]}
    # A second run finds nothing to do.
    again = recode(tmp_path / "old.duckdb", second)
    assert (again.documents, again.current, again.stories) == (0, len(before["documents"]), 0)
    assert snapshot(tmp_path / "old.duckdb") == fresh


def test_an_interrupted_recode_leaves_whole_documents_and_a_rerun_finishes_it(tmp_path, coders):
    first, second = coders
    db = tmp_path / "store.duckdb"
    ingested(db, first)
    ingested(tmp_path / "fresh.duckdb", second)

    def stopping(documents):
        for number, coded in enumerate(code_documents(second, documents)):
            if number == 2:
                raise KeyboardInterrupt
            yield coded

    with pytest.raises(KeyboardInterrupt):
        recode_store(db, second.fingerprint, stopping, batch_size=16)
    halfway = snapshot(db)
    coders_of = {doc_id: coder for doc_id, coder, *_ in halfway["documents"]}
    assert sorted(coders_of.values()).count(second.fingerprint) == 2
    assert halfway["events"]
    for _, doc_id, _, coder, *_ in halfway["events"]:  # no document holds records of two coders
        assert coder == coders_of[doc_id]
    assert (STORIES_STALE, "yes") in halfway["info"]
    report = recode(db, second)
    assert report.current == 2 and report.documents == len(coders_of) - 2
    assert snapshot(db) == snapshot(tmp_path / "fresh.duckdb")


def test_a_document_whose_replacement_fails_keeps_its_old_records(tmp_path, coders, monkeypatch):
    first, second = coders
    db = tmp_path / "store.duckdb"
    ingested(db, first)
    before = snapshot(db)

    def failing(connection, coder):
        raise OSError("disk full")

    monkeypatch.setattr(recode_module, "record_coder", failing)  # called last in each document's transaction
    with pytest.raises(OSError, match="disk full"):
        recode(db, second)
    assert snapshot(db) == before


def test_a_store_of_version_2_is_upgraded_and_its_records_count_as_of_an_unknown_coder(tmp_path, coders):
    first, second = coders
    db = tmp_path / "store.duckdb"
    ingested(db, first)
    connection = duckdb.connect(str(db))
    for table in ("documents", "events"):
        connection.execute(f"ALTER TABLE {table} DROP COLUMN coder")
    connection.execute("UPDATE store_info SET value = '2' WHERE key = 'version'")
    connection.close()
    with pytest.raises(StoreError, match="recode --db"):
        open_store(db, read_only=True)
    connection = open_store(db)
    try:
        (unknown,) = coder_counts(connection)
    finally:
        connection.close()
    assert unknown.coder is None and unknown.documents >= 4 and unknown.events > 0
    report = recode(db, second)
    assert report.documents == unknown.documents
    connection = open_store(db, read_only=True)
    try:
        assert [c.coder for c in coder_counts(connection)] == [second.fingerprint]
    finally:
        connection.close()


def test_status_names_the_coders_and_recode_brings_the_store_to_the_current_one(tmp_path, load_coder):
    db = tmp_path / "store.duckdb"
    assert runner.invoke(app, ["ingest", str(ARTICLES), "--db", str(db)]).exit_code == 0
    current = coder_fingerprint(Config())
    result = runner.invoke(app, ["status", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert f"coder {current} (current): 5 documents" in result.output and "recode" not in result.output
    connection = duckdb.connect(str(db))  # two documents as an older coder left them
    old = connection.execute("SELECT id FROM documents ORDER BY id LIMIT 2").fetchall()
    for table, column in (("documents", "id"), ("events", "doc_id")):
        connection.execute(f"UPDATE {table} SET coder = 'c0ffee000000' WHERE list_contains(?, {column})",
                           [[key for (key,) in old]])
    connection.close()
    result = runner.invoke(app, ["status", "--db", str(db)])
    assert f"coder {current} (current): 3 documents" in result.output
    assert "coder c0ffee000000: 2 documents" in result.output and f"eventwire recode --db {db}" in result.output
    result = runner.invoke(app, ["recode", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert f"2 documents recoded by coder {current}" in result.output and "3 already current" in result.output
    result = runner.invoke(app, ["status", "--db", str(db), "--json"])
    assert result.exit_code == 0, result.output
    assert '"coder": "c0ffee000000"' not in result.output and '"current": true' in result.output


def test_a_store_of_version_4_gains_country_sources_and_recode_fills_them(tmp_path, coders):
    from eventwire.store.schema import ACTOR_TYPE

    first, second = coders
    db = tmp_path / "store.duckdb"
    ingested(db, first)
    old_actor = ACTOR_TYPE.replace(', "country_source" VARCHAR', "")
    assert old_actor != ACTOR_TYPE
    connection = duckdb.connect(str(db))  # the store as version 4 left it: actors without the field
    connection.execute("ALTER TABLE actors DROP COLUMN country_source")
    for column, kind in (("actor", f"{old_actor}[]"), ("recipient", f"{old_actor}[]"), ("attributed_to", old_actor)):
        connection.execute(f'ALTER TABLE events ALTER COLUMN "{column}" SET DATA TYPE {kind}')
    connection.execute("UPDATE store_info SET value = '4' WHERE key = 'version'")
    connection.close()
    connection = open_store(db)
    try:
        sources = connection.execute("SELECT count(*), count(country_source) FROM actors").fetchall()[0]
        nested = connection.execute("SELECT count(a.country_source) FROM (SELECT unnest(actor) AS a FROM events)").fetchall()
    finally:
        connection.close()
    assert sources[0] > 0 and sources[1] == 0 and nested == [(0,)]
    recode(db, second)
    connection = open_store(db, read_only=True)
    try:
        rows = connection.execute("SELECT country, country_source FROM actors").fetchall()
        nested = connection.execute("SELECT count(a.country_source) FROM (SELECT unnest(actor) AS a FROM events)").fetchall()
    finally:
        connection.close()
    assert rows and any(source is not None for _, source in rows) and nested[0][0] > 0
    assert all(source is None for country, source in rows if country is None)
