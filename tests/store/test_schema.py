"""The store's tables and the Parquet partitions' schemas come from the record model: a field added to a
record is a column everywhere, with the type its annotation gives."""

import dataclasses

import pyarrow as pa

from eventwire.records import Actor, Document, Event, Place
from eventwire.scale.output import DOCUMENT_SCHEMA, EVENT_SCHEMA
from eventwire.store.schema import ACTOR_TYPE, TABLE_COLUMNS, arrow_type, duckdb_type, open_store


def columns(connection, table: str) -> dict[str, str]:
    rows = connection.execute("SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ? "
                              "ORDER BY ordinal_position", [table]).fetchall()
    assert rows, table
    return dict(rows)


def test_every_record_field_is_a_column_of_its_table_with_its_type(tmp_path):
    connection = open_store(tmp_path / "store.duckdb")
    try:
        events, documents = columns(connection, "events"), columns(connection, "documents")
        actors, places = columns(connection, "actors"), columns(connection, "places")
        every = {table: list(columns(connection, table)) for table in TABLE_COLUMNS}
    finally:
        connection.close()
    assert list(events)[: len(dataclasses.fields(Event))] == [f.name for f in dataclasses.fields(Event)]
    assert events["coder"] == "VARCHAR" and documents["coder"] == "VARCHAR"
    assert events["actor"].replace('"', "") == ACTOR_TYPE.replace('"', "") + "[]"
    assert events["context"] == "VARCHAR[]" and events["negated"] == "BOOLEAN" and events["sent_start"] == "INTEGER"
    assert events["location"].startswith("STRUCT(") and "runner_up STRUCT(" in events["location"]
    assert {f.name for f in dataclasses.fields(Document)} - {"id"} <= set(documents)
    assert {"input_id", "doc_date", "batch", "ingested_at"} <= set(documents)
    assert {f.name for f in dataclasses.fields(Actor)} <= set(actors)
    assert {f.name for f in dataclasses.fields(Place)} <= set(places)
    assert every == {table: [c.name for c in specified] for table, specified in TABLE_COLUMNS.items()}


def test_types_follow_the_annotations():
    assert duckdb_type(str | None) == "VARCHAR" and duckdb_type(tuple[str, ...]) == "VARCHAR[]"
    assert duckdb_type(float) == "DOUBLE" and duckdb_type(bool) == "BOOLEAN"
    assert arrow_type(tuple[Actor, ...]) == pa.list_(arrow_type(Actor))
    assert arrow_type(int) == pa.int64()  # Parquet keeps 64-bit whole numbers, as partitions always had


def test_parquet_partitions_hold_the_record_and_the_documents_fields():
    assert EVENT_SCHEMA.names == [f.name for f in dataclasses.fields(Event)]
    assert {f.name for f in dataclasses.fields(Document)} <= set(DOCUMENT_SCHEMA.names)
    assert {"doc_date", "sentence_spans", "places", "events", "coder"} <= set(DOCUMENT_SCHEMA.names)
