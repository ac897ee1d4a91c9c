"""Parquet partitions: what DuckDB reads, and coded documents back for `eventwire ingest`."""

from __future__ import annotations

import duckdb

from eventwire.pipeline import CodedDocument
from eventwire.records import Actor, Document, Event, Place, Removal, to_dict
from eventwire.scale.output import ParquetSink, is_jsonl_target, partition_done, read_coded, read_events

PLACE = Place("Geneva", 9, 15, "Geneva", "2660646", 46.2, 6.1, "CHE", "PPLA")
ACTOR = Actor("Ruritania", 0, 9, "Ruritania", "RUR", "GOV", "state", "countries.tsv:1")


def coded(number: int, events: int) -> CodedDocument:
    document = Document(id=f"d{number}", text="Ruritania Geneva talks.", title="T", removed=(Removal("navigation", "Home"),))
    records = tuple(Event(id=f"e{number}-{i}", doc_id=document.id, doc_date=None, source=None, sentence=document.text,
                          sent_start=0, trigger="talks", trigger_start=16, event="CONSULT", mode=None, context=("diplomatic",),
                          quad="VERBAL_COOPERATION", intensity=1.0, actor=(ACTOR,), recipient=(), negated=False,
                          modality="asserted", attributed_to=ACTOR if i else None, location=PLACE if i else None,
                          date=None, date_text=None, confidence=0.9, rule="r") for i in range(events))
    return CodedDocument(document, None, 1, (PLACE,), records, ((0, 23),))


def test_targets():
    assert is_jsonl_target("-") and is_jsonl_target("out/events.jsonl")
    assert not is_jsonl_target("out/events") and not is_jsonl_target("out/events.parquet")


def test_partitions_round_trip_and_duckdb_reads_them(tmp_path):
    sink = ParquetSink(tmp_path / "out", partition_size=2)
    items = [coded(0, 2), coded(1, 0), coded(2, 1)]
    for item in items:
        sink.add(item)
    sink.flush()
    assert partition_done(tmp_path / "out", "part-00000.parquet") and partition_done(tmp_path / "out", "part-00001.parquet")
    assert list(read_coded(tmp_path / "out")) == items
    assert list(read_events(tmp_path / "out")) == [to_dict(e) for item in items for e in item.events]
    rows = duckdb.sql(f"SELECT id, location.name FROM '{tmp_path}/out/events/*.parquet' ORDER BY id").fetchall()
    assert rows == [("e0-0", None), ("e0-1", "Geneva"), ("e2-0", None)]
