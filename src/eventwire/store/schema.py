"""The store's tables, in DuckDB, defined once from the record model (`records.py`).

`events` keeps each record whole (actors and places as structs, as the JSON has them) so exports are
the records as coded; its first columns are `Event`'s fields, in order, with the types their
annotations give. `documents` holds `Document`'s fields (the input's id as `input_id`: a stored
document's `id` is the hash of its text) and what coding and storing added. `actors` and `places`
flatten records into rows analysts can filter and join on. Matching state for copies and stories
(`*_signatures`, `stories`) lives beside them, so a later run picks up where the last one committed.

The Parquet partitions `code -o DIR` writes (`scale/output.py`) take their Arrow schemas from the same
record types (`arrow_type`), so a field added to a record reaches the JSON, the Parquet output and the
store at once.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa

from eventwire.errors import EventwireError
from eventwire.records import Actor, Document, Event, Place, PlaceAlternative, Removal

# 2: records carry date_precision and background; stories are held to their first report.
# 3: records and documents carry the coder that made them (`coder`, `fingerprint.py`).
# 4: a story's first report keeps its actors' sectors, the state its place stands for and its recipients' names
#    (`stories/grouping.py`).
# 5: actors carry where their country came from (`country_source`).
STORE_VERSION = 5

DUCKDB_SCALARS = {str: "VARCHAR", int: "INTEGER", float: "DOUBLE", bool: "BOOLEAN"}
# Parquet keeps whole numbers as 64 bits, as it always has (partitions written before stay readable).
ARROW_SCALARS = {str: pa.string(), int: pa.int64(), float: pa.float64(), bool: pa.bool_()}


def record_fields(record_type: type) -> list[tuple[str, object]]:
    """(name, resolved type annotation) of each field of a record dataclass, in order."""
    hints = typing.get_type_hints(record_type)
    return [(field.name, hints[field.name]) for field in dataclasses.fields(record_type)]


def field_names(record_type: type) -> tuple[str, ...]:
    return tuple(field.name for field in dataclasses.fields(record_type))


def _inner(hint: object) -> object:
    """`X | None` is X (every column may be null); a `Literal` vocabulary is the type of its values."""
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        kept = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        if len(kept) != 1:
            raise TypeError(f"no column type for {hint}")
        hint = kept[0]
    if typing.get_origin(hint) is typing.Literal:
        kinds = {type(value) for value in typing.get_args(hint)}
        if len(kinds) != 1:
            raise TypeError(f"no column type for {hint}")
        return kinds.pop()
    return hint


def duckdb_type(hint: object) -> str:
    """The DuckDB type of a record field: tuples are lists, records are structs."""
    hint = _inner(hint)
    if hint in DUCKDB_SCALARS:
        return DUCKDB_SCALARS[hint]
    if typing.get_origin(hint) is tuple:
        return f"{duckdb_type(typing.get_args(hint)[0])}[]"
    if dataclasses.is_dataclass(hint):
        members = ", ".join(f'"{name}" {duckdb_type(member)}' for name, member in record_fields(hint))
        return f"STRUCT({members})"
    raise TypeError(f"no column type for {hint}")


def arrow_type(hint: object) -> pa.DataType:
    """The Arrow type of a record field, as Parquet partitions hold it."""
    hint = _inner(hint)
    if hint in ARROW_SCALARS:
        return ARROW_SCALARS[hint]
    if typing.get_origin(hint) is tuple:
        return pa.list_(arrow_type(typing.get_args(hint)[0]))
    if dataclasses.is_dataclass(hint):
        return pa.struct([(name, arrow_type(member)) for name, member in record_fields(hint)])
    raise TypeError(f"no column type for {hint}")


def arrow_fields(record_type: type, leave_out: tuple[str, ...] = ()) -> list[tuple[str, pa.DataType]]:
    return [(name, arrow_type(hint)) for name, hint in record_fields(record_type) if name not in leave_out]


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    note: str = ""  # written as an SQL comment: what the column holds, when its name does not say


def record_columns(record_type: type, leave_out: tuple[str, ...] = ()) -> list[Column]:
    return [Column(name, duckdb_type(hint)) for name, hint in record_fields(record_type) if name not in leave_out]


#: Columns of the records themselves, as `eventwire code` writes them (what `find_events` returns).
RECORD_COLUMNS = field_names(Event)
#: The columns a story query adds to a record.
EVENT_COLUMNS = RECORD_COLUMNS + ("story_id", "contradiction")
#: `Document` fields stored as they are (its `id` becomes `input_id`; `removed` keeps its struct list).
DOCUMENT_FIELDS = tuple(name for name in field_names(Document) if name != "id")

TABLE_COLUMNS: dict[str, list[Column]] = {
    "documents": [
        Column("id", "VARCHAR PRIMARY KEY", "hash of the normalised text: the same article, the same id"),
        Column("input_id", "VARCHAR", "the id the input gave it (file name, JSON \"id\", URL)"),
        *record_columns(Document, leave_out=("id",)),
        Column("doc_date", "VARCHAR", "publication date as coding resolved it"),
        Column("sentences", "INTEGER"),
        Column("duplicate_of", "VARCHAR", "the earliest stored near-duplicate, when this is a repost"),
        Column("duplicate_similarity", "DOUBLE"),
        Column("batch", "INTEGER", "ingest batch (one transaction) that stored it"),
        Column("ingested_at", "TIMESTAMP"),
        Column("coder", "VARCHAR", "fingerprint of the coder that made its events (null: stored before coders were recorded)"),
    ],
    "sentences": [
        Column("id", "VARCHAR PRIMARY KEY", "doc_id:index"),
        Column("doc_id", "VARCHAR"), Column("index", "INTEGER"), Column("start", "INTEGER"), Column("end", "INTEGER"),
        Column("text", "VARCHAR"),
        Column("copy_of", "VARCHAR", "the original sentence this one copies (same or spun text elsewhere)"),
        Column("copy_similarity", "DOUBLE"),
    ],
    "events": [
        Column("id", "VARCHAR PRIMARY KEY"),
        *record_columns(Event, leave_out=("id",)),
        Column("sentence_id", "VARCHAR"),
        Column("outlet", "VARCHAR", "the independent outlet: the source of the text this sentence first appeared in"),
        Column("story_id", "VARCHAR"),
        Column("contradiction", "VARCHAR", "why the record contests its story (negated, denied, ...); null when it agrees"),
    ],
    "actors": [
        Column("event_id", "VARCHAR"), Column("doc_id", "VARCHAR"),
        Column("role", "VARCHAR", "actor, recipient or attributed_to"), Column("position", "INTEGER"),
        *record_columns(Actor),
    ],
    "places": [
        Column("doc_id", "VARCHAR"), Column("position", "INTEGER"),
        # score and runner_up: the place ranker's (null in stores made before them)
        *record_columns(Place),
    ],
    "document_signatures": [Column("doc_id", "VARCHAR PRIMARY KEY"), Column("minhash", "BLOB"), Column("shingles", "INTEGER")],
    "sentence_signatures": [Column("sentence_id", "VARCHAR PRIMARY KEY"), Column("copy_of", "VARCHAR"),
                            Column("minhash", "BLOB"), Column("shingles", "INTEGER")],
    # each story's first report, which later reports are matched against
    "stories": [
        Column("id", "VARCHAR PRIMARY KEY"), Column("family", "VARCHAR"), Column("event", "VARCHAR"),
        Column("polarity", "INTEGER"), Column("created", "INTEGER"), Column("actor_keys", "VARCHAR[]"),
        Column("recipient_keys", "VARCHAR[]"), Column("source_keys", "VARCHAR[]"), Column("place_country", "VARCHAR"),
        Column("place_id", "VARCHAR"), Column("place_area", "BOOLEAN"), Column("day", "INTEGER"),
        Column("contradiction", "VARCHAR"), Column("doc_id", "VARCHAR"), Column("joinable", "BOOLEAN"),
        Column("actor_sectors", "VARCHAR[]", "the sectors of the first report's actors (MIL, GOV, ...)"),
        Column("stand_in", "VARCHAR", "the state the first report's place stands for when it names no recipient"),
        Column("recipient_names", "VARCHAR[]", "the first report's recipients named by a name (casefolded)"),
    ],
}
#: Tables whose rows an ingest batch writes (all but `stories`, which is rewritten story by story).
ROW_TABLES = tuple(TABLE_COLUMNS)
#: Columns added since a store could first be opened, by version: `open_store` adds them to an older store.
ADDED_COLUMNS = {3: [("documents", "coder"), ("events", "coder")],
                 4: [("stories", "actor_sectors"), ("stories", "stand_in"), ("stories", "recipient_names")],
                 5: [("actors", "country_source")]}
#: Columns holding actors whose struct gained a field since then: `open_store` widens them (the field null).
WIDENED_COLUMNS = {5: [("events", "actor"), ("events", "recipient"), ("events", "attributed_to")]}
UPGRADABLE_FROM = 2  # older stores lack more than columns: they are coded again into a new store


def create_table(name: str, columns: list[Column]) -> str:
    lines = []
    for number, column in enumerate(columns):
        comma = "," if number < len(columns) - 1 else ""
        note = f"  -- {column.note}" if column.note else ""
        lines.append(f'    "{column.name}" {column.type}{comma}{note}')
    return f"CREATE TABLE IF NOT EXISTS {name} (\n" + "\n".join(lines) + "\n);"


TABLES = "\n".join([
    "CREATE TABLE IF NOT EXISTS store_info (key VARCHAR PRIMARY KEY, value VARCHAR);",
    *(create_table(name, columns) for name, columns in TABLE_COLUMNS.items()),
])
# Kept for readers of struct columns (place_fields, tests): the types of records nested in a row.
ACTOR_TYPE = duckdb_type(Actor)
PLACE_TYPE = duckdb_type(Place)
ALTERNATIVE_TYPE = duckdb_type(PlaceAlternative)
REMOVAL_TYPE = duckdb_type(Removal)


class StoreError(EventwireError):
    """The store file cannot be opened or is not an eventwire store."""


def open_store(path: str | Path, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open (and on first use create) the store at `path`; a store of an older version is brought up to
    this one when opened for writing (columns added, null in the rows already there)."""
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
        fresh = not connection.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = 'store_info'").fetchall()[0][0]
        connection.execute(TABLES)
        if fresh:
            connection.execute("INSERT INTO store_info VALUES ('version', ?)", [str(STORE_VERSION)])
    try:
        found = connection.execute("SELECT value FROM store_info WHERE key = 'version'").fetchall()
    except duckdb.CatalogException as error:
        connection.close()
        raise StoreError(f"{path}: not an eventwire store (no store_info table)") from error
    version = int(found[0][0]) if found else None
    upgradable = version is not None and UPGRADABLE_FROM <= version < STORE_VERSION
    if upgradable and not read_only:
        upgrade(connection, version)
        version = STORE_VERSION
    if version != STORE_VERSION:
        connection.close()
        hint = f" (`eventwire recode --db {path}` brings it up to date)" if upgradable else ""
        raise StoreError(f"{path}: store version {version} is not {STORE_VERSION}{hint}")
    return connection


def upgrade(connection: duckdb.DuckDBPyConnection, version: int) -> None:
    """Add the columns of later versions to a store, in one transaction."""
    connection.begin()
    try:
        for since in range(version + 1, STORE_VERSION + 1):
            for table, name in ADDED_COLUMNS.get(since, ()):
                column = next(c for c in TABLE_COLUMNS[table] if c.name == name)
                connection.execute(f'ALTER TABLE {table} ADD COLUMN IF NOT EXISTS "{name}" {column.type}')
            for table, name in WIDENED_COLUMNS.get(since, ()):
                column = next(c for c in TABLE_COLUMNS[table] if c.name == name)
                # DuckDB casts a struct to one with more fields by name, the new ones null.
                connection.execute(f'ALTER TABLE {table} ALTER COLUMN "{name}" SET DATA TYPE {column.type}')
        connection.execute("UPDATE store_info SET value = ? WHERE key = 'version'", [str(STORE_VERSION)])
        connection.commit()
    except BaseException:
        connection.rollback()
        raise
