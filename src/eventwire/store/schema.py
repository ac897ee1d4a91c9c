"""The store's tables, in DuckDB, with the columns of `record-schema.md`.

`events` keeps each record whole (actors and places as structs, as the JSON
has them) so exports are the records as coded; `actors` and `places` flatten
them into rows analysts can filter and join on. Matching state for copies and
stories (`*_signatures`, `stories`) lives beside them, so a later run picks up
where the last one committed.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from eventwire.errors import EventwireError

STORE_VERSION = 2  # 2: records carry date_precision and background; stories are held to their first report

ACTOR_TYPE = 'STRUCT("text" VARCHAR, "start" INTEGER, "end" INTEGER, "name" VARCHAR, "country" VARCHAR, ' \
             '"sector" VARCHAR, "type" VARCHAR, "why" VARCHAR)'
# A place's runner-up candidate (records.PlaceAlternative)
ALTERNATIVE_TYPE = 'STRUCT("name" VARCHAR, "geonameid" VARCHAR, "lat" DOUBLE, "lon" DOUBLE, "country" VARCHAR, ' \
                   '"feature" VARCHAR, "score" DOUBLE)'
PLACE_TYPE = 'STRUCT("text" VARCHAR, "start" INTEGER, "end" INTEGER, "name" VARCHAR, "geonameid" VARCHAR, ' \
             f'"lat" DOUBLE, "lon" DOUBLE, "country" VARCHAR, "feature" VARCHAR, "score" DOUBLE, "runner_up" {ALTERNATIVE_TYPE})'

TABLES = f"""
CREATE TABLE IF NOT EXISTS store_info (key VARCHAR PRIMARY KEY, value VARCHAR);
CREATE TABLE IF NOT EXISTS documents (
    id VARCHAR PRIMARY KEY,          -- hash of the normalised text: the same article, the same id
    input_id VARCHAR,                -- the id the input gave it (file name, JSON "id", URL)
    title VARCHAR, date VARCHAR, url VARCHAR, source VARCHAR, author VARCHAR, dateline VARCHAR,
    language VARCHAR, origin VARCHAR, text VARCHAR,
    removed STRUCT("reason" VARCHAR, "text" VARCHAR)[],
    doc_date VARCHAR,                -- publication date as coding resolved it
    sentences INTEGER,
    duplicate_of VARCHAR,            -- the earliest stored near-duplicate, when this is a repost
    duplicate_similarity DOUBLE,
    batch INTEGER,                   -- ingest batch (one transaction) that stored it
    ingested_at TIMESTAMP
);
CREATE TABLE IF NOT EXISTS sentences (
    id VARCHAR PRIMARY KEY,          -- doc_id:index
    doc_id VARCHAR, "index" INTEGER, "start" INTEGER, "end" INTEGER, text VARCHAR,
    copy_of VARCHAR,                 -- the original sentence this one copies (same or spun text elsewhere)
    copy_similarity DOUBLE
);
CREATE TABLE IF NOT EXISTS events (
    id VARCHAR PRIMARY KEY, doc_id VARCHAR, doc_date VARCHAR, source VARCHAR,
    sentence VARCHAR, sent_start INTEGER, trigger VARCHAR, trigger_start INTEGER,
    event VARCHAR, mode VARCHAR, context VARCHAR[], quad VARCHAR, intensity DOUBLE,
    actor {ACTOR_TYPE}[], recipient {ACTOR_TYPE}[], negated BOOLEAN, modality VARCHAR,
    attributed_to {ACTOR_TYPE}, location {PLACE_TYPE}, date VARCHAR, date_text VARCHAR,
    confidence DOUBLE, rule VARCHAR, date_precision VARCHAR, background BOOLEAN,
    sentence_id VARCHAR,
    outlet VARCHAR,                  -- the independent outlet: the source of the text this sentence first appeared in
    story_id VARCHAR,
    contradiction VARCHAR            -- why the record contests its story (negated, denied, ...); null when it agrees
);
CREATE TABLE IF NOT EXISTS actors (
    event_id VARCHAR, doc_id VARCHAR, role VARCHAR,  -- actor, recipient or attributed_to
    position INTEGER, text VARCHAR, "start" INTEGER, "end" INTEGER, name VARCHAR,
    country VARCHAR, sector VARCHAR, type VARCHAR, why VARCHAR
);
CREATE TABLE IF NOT EXISTS places (
    doc_id VARCHAR, position INTEGER, text VARCHAR, "start" INTEGER, "end" INTEGER, name VARCHAR,
    geonameid VARCHAR, lat DOUBLE, lon DOUBLE, country VARCHAR, feature VARCHAR,
    score DOUBLE, runner_up {ALTERNATIVE_TYPE}  -- the place ranker's score and runner-up (null in stores made before them)
);
CREATE TABLE IF NOT EXISTS document_signatures (doc_id VARCHAR PRIMARY KEY, minhash BLOB, shingles INTEGER);
CREATE TABLE IF NOT EXISTS sentence_signatures (sentence_id VARCHAR PRIMARY KEY, copy_of VARCHAR, minhash BLOB, shingles INTEGER);
CREATE TABLE IF NOT EXISTS stories (  -- each story's first report, which later reports are matched against
    id VARCHAR PRIMARY KEY, family VARCHAR, event VARCHAR, polarity INTEGER, created INTEGER,
    actor_keys VARCHAR[], recipient_keys VARCHAR[], source_keys VARCHAR[],
    place_country VARCHAR, place_id VARCHAR, place_area BOOLEAN,
    day INTEGER, contradiction VARCHAR, doc_id VARCHAR, joinable BOOLEAN
);
"""


class StoreError(EventwireError):
    """The store file cannot be opened or is not an eventwire store."""


def open_store(path: str | Path, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open (and on first use create) the store at `path`."""
    path = Path(path)
    if read_only and not path.exists():
        raise StoreError(f"{path}: no such store; create it with `eventwire ingest INPUT... --db {path}`")
    try:
        connection = duckdb.connect(str(path), read_only=read_only)
    except (duckdb.IOException, duckdb.Error) as error:
        if "lock" in str(error).lower():
            # DuckDB lets one process write a file only while no other has it open (`eventwire serve` does).
            raise StoreError(f"{path} is open in another process (such as `eventwire serve`): send documents "
                             f"through the running server (POST /api/ingest with its token), or stop it and "
                             f"run this again") from error
        raise StoreError(f"{path}: cannot open the store: {error}") from error
    if not read_only:
        connection.execute(TABLES)
        connection.execute("INSERT OR IGNORE INTO store_info VALUES ('version', ?)", [str(STORE_VERSION)])
    try:
        found = connection.execute("SELECT value FROM store_info WHERE key = 'version'").fetchall()
    except duckdb.CatalogException as error:
        connection.close()
        raise StoreError(f"{path}: not an eventwire store (no store_info table)") from error
    version = found[0][0] if found else None
    if version is None or int(version) != STORE_VERSION:
        connection.close()
        raise StoreError(f"{path}: store version {version} is not {STORE_VERSION}")
    return connection
