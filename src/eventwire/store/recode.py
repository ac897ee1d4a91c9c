"""Stored documents coded again by the current coder (`eventwire recode`), and which coders made the
store's records (`eventwire status`).

Nothing is fetched or read again: a stored document's text is the text its records index (cleaned
when it was stored), and it is coded as it is. What depends on the text alone stays as stored: the
document's id, its sentences and their copy links, its near-duplicate link. What the coder decides is
replaced: the document's events, their actor rows, its places and its resolved date.

Each document is replaced in one transaction, which also marks the stories as due for regrouping;
a run stopped at any moment leaves every document either as it was or recoded whole, and a rerun
skips the documents the current coder made (`documents.coder`). When every document is done, the
stories are grouped again from all the store's records, in the order they were stored, in one
transaction: each event has a story, and each story's first report is a stored record.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb
import pyarrow as pa

from eventwire.records import Document, Removal, to_dict
from eventwire.store.ingest import (
    actor_rows,
    event_row,
    record_coder,
    stored_events,
    story_row,
    story_window_days,
    table_schemas,
)
from eventwire.store.query import event_record
from eventwire.store.schema import DOCUMENT_FIELDS, RECORD_COLUMNS, open_store
from eventwire.stories.grouping import NO_HIERARCHY, PlaceHierarchy, StoryIndex, load_category_families

if TYPE_CHECKING:  # the pipeline imports spaCy: reading a store's coders need not load it
    from eventwire.pipeline import CodedDocument

STORIES_STALE = "stories_stale"  # store_info key: set while recoded records wait for their stories
FETCH = 2000  # event rows read at a time when regrouping


@dataclass
class RecodeReport:
    documents: int = 0  # recoded by this run
    current: int = 0  # skipped: made by the current coder already
    events: int = 0  # records the recoded documents have now
    events_before: int = 0  # records they had
    stories: int = 0  # stories after regrouping (0 when nothing needed it)
    seconds: float = 0.0


@dataclass(frozen=True)
class CoderCount:
    coder: str | None  # None: stored before coders were recorded
    documents: int
    events: int


def coder_counts(connection: duckdb.DuckDBPyConnection) -> list[CoderCount]:
    """Documents and events by the coder that made them, most documents first."""
    rows = connection.execute(
        "SELECT d.coder, count(*) AS documents, sum(coalesce(e.events, 0)) FROM documents d "
        "LEFT JOIN (SELECT doc_id, count(*) AS events FROM events GROUP BY doc_id) e ON e.doc_id = d.id "
        "GROUP BY d.coder ORDER BY documents DESC, d.coder NULLS LAST").fetchall()
    return [CoderCount(coder, documents, int(events or 0)) for coder, documents, events in rows]


def stored_document(row: dict) -> Document:
    """A stored document as the coder reads it: the input's id, the stored (prepared) text."""
    fields = {name: row[name] for name in DOCUMENT_FIELDS if name != "removed"}
    return Document(id=row["input_id"] or row["id"], **fields,
                    removed=tuple(Removal(**removal) for removal in row["removed"] or ()))


def documents_to_recode(connection: duckdb.DuckDBPyConnection, coder: str) -> list[str]:
    """Keys of the documents another coder made (or an unknown one), in the order they were stored."""
    return [key for (key,) in connection.execute(
        "SELECT id FROM documents WHERE coder IS DISTINCT FROM ? ORDER BY batch, rowid", [coder]).fetchall()]


def load_stored_documents(connection: duckdb.DuckDBPyConnection, keys: list[str]) -> list[Document]:
    """The stored documents of `keys`, in that order, rebuilt from their rows (no fetching)."""
    cursor = connection.execute("SELECT * FROM documents WHERE list_contains(?, id)", [keys])
    names = [column[0] for column in cursor.description]
    by_key = {row["id"]: row for row in (dict(zip(names, values)) for values in cursor.fetchall())}
    return [stored_document(by_key[key]) for key in keys]


def replace_document(connection: duckdb.DuckDBPyConnection, schemas: dict[str, pa.Schema], key: str,
                     coded: CodedDocument, coder: str) -> tuple[int, int]:
    """One document's events, actor rows, places and date replaced by `coded`'s, in one transaction;
    (records before, records now)."""
    sentences = connection.execute(
        'SELECT id, "start", copy_of FROM sentences WHERE doc_id = ? ORDER BY "index"', [key]).fetchall()
    starts = [start for _, start, _ in sentences]
    origins = {sentence_id: original for sentence_id, _, original in sentences if original}
    duplicate_of = connection.execute("SELECT duplicate_of FROM documents WHERE id = ?", [key]).fetchall()[0][0]
    wanted = {key, duplicate_of, *(original.split(":")[0] for original in origins.values())} - {None}
    outlets = dict(connection.execute(
        "SELECT id, coalesce(source, id) FROM documents WHERE list_contains(?, id)", [sorted(wanted)]).fetchall())
    own_outlet = outlets[duplicate_of or key]
    events = stored_events(key, coded.events)
    event_rows = [{**event_row(event, starts, origins, outlets, own_outlet), "story_id": None, "contradiction": None}
                  for event in events]
    tables = {"events": event_rows, "actors": [row for event in events for row in actor_rows(event)],
              "places": [{"doc_id": key, "position": position, **to_dict(place)}
                         for position, place in enumerate(coded.places)]}
    connection.begin()
    try:
        before = connection.execute("SELECT count(*) FROM events WHERE doc_id = ?", [key]).fetchall()[0][0]
        for table in ("actors", "events", "places"):
            connection.execute(f"DELETE FROM {table} WHERE doc_id = ?", [key])
            if tables[table]:
                incoming = pa.Table.from_pylist(tables[table], schema=schemas[table])  # noqa: F841 - read by the SQL
                connection.execute(f"INSERT INTO {table} SELECT * FROM incoming")
        connection.execute("UPDATE documents SET coder = ?, doc_date = ? WHERE id = ?", [coder, coded.doc_date, key])
        connection.execute("INSERT OR REPLACE INTO store_info VALUES (?, 'yes')", [STORIES_STALE])
        record_coder(connection, coder)
        connection.commit()
    except BaseException:
        connection.rollback()
        raise
    return before, len(event_rows)


def stories_stale(connection: duckdb.DuckDBPyConnection) -> bool:
    return bool(connection.execute("SELECT count(*) FROM store_info WHERE key = ?", [STORIES_STALE]).fetchall()[0][0])


def stored_records(connection: duckdb.DuckDBPyConnection) -> Iterator[dict]:
    """Every stored record, document by document in the order they were stored, each document's records
    in the order they were put in stories (the order they were inserted)."""
    columns = ", ".join(f'e."{name}"' for name in RECORD_COLUMNS)
    cursor = connection.execute(f"SELECT {columns} FROM events e JOIN documents d ON d.id = e.doc_id "
                                f"ORDER BY d.batch, d.rowid, e.rowid")
    names = [column[0] for column in cursor.description]
    while rows := cursor.fetchmany(FETCH):
        yield from (dict(zip(names, row)) for row in rows)


def regroup_stories(connection: duckdb.DuckDBPyConnection, hierarchy: PlaceHierarchy = NO_HIERARCHY) -> int:
    """Every record put in a story again, as ingesting the store's documents in their order would;
    stories and the records' `story_id` and `contradiction` are replaced in one transaction."""
    stories = StoryIndex(load_category_families(), story_window_days(connection), hierarchy=hierarchy)
    assignments = []
    for row in stored_records(connection):
        assignment, _ = stories.assign(event_record(row))
        assignments.append({"id": row["id"], "story_id": assignment.story_id,
                            "contradiction": assignment.contradiction})
    schemas = table_schemas(connection)
    story_rows = [story_row(story, stories.order[story.id]) for story in stories.stories.values()]
    connection.begin()
    try:
        connection.execute("DELETE FROM stories")
        if story_rows:
            incoming = pa.Table.from_pylist(story_rows, schema=schemas["stories"])  # noqa: F841 - read by the SQL
            connection.execute("INSERT INTO stories SELECT * FROM incoming")
        if assignments:
            assigned = pa.Table.from_pylist(assignments, schema=pa.schema(  # noqa: F841 - read by the SQL
                [("id", pa.string()), ("story_id", pa.string()), ("contradiction", pa.string())]))
            connection.execute("UPDATE events SET story_id = a.story_id, contradiction = a.contradiction "
                               "FROM assigned a WHERE events.id = a.id")
        connection.execute("DELETE FROM store_info WHERE key = ?", [STORIES_STALE])
        connection.commit()
    except BaseException:
        connection.rollback()
        raise
    return len(story_rows)


def chunked(keys: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(keys), size):
        yield keys[start:start + size]


def recode_store(db: str | Path, coder: str, code: Callable[[Iterable[Document]], Iterable[CodedDocument]],
                 batch_size: int = 16,
                 on_document: Callable[[int], None] | None = None,
                 hierarchy: Callable[[], PlaceHierarchy] = lambda: NO_HIERARCHY) -> RecodeReport:
    """Recode the documents of the store at `db` that `coder` did not make, with `code` (documents ->
    coded documents, in order), then regroup the stories when any record changed, with the places'
    `hierarchy()` as ingest groups them."""
    report = RecodeReport()
    started = time.perf_counter()
    connection = open_store(db)
    try:
        keys = documents_to_recode(connection, coder)
        report.current = connection.execute("SELECT count(*) FROM documents").fetchall()[0][0] - len(keys)
        schemas = table_schemas(connection)
        for chunk in chunked(keys, batch_size):
            for key, coded in zip(chunk, code(load_stored_documents(connection, chunk)), strict=True):
                before, after = replace_document(connection, schemas, key, coded, coder)
                report.documents += 1
                report.events_before += before
                report.events += after
                if on_document is not None:
                    on_document(1)
        if stories_stale(connection):
            report.stories = regroup_stories(connection, hierarchy())
    finally:
        connection.close()
    report.seconds = time.perf_counter() - started
    return report
