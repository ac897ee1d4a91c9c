"""Parquet partitions: what DuckDB reads, coded documents back for `eventwire ingest`, fsspec URLs,
and partitions of another run removed."""

from __future__ import annotations

import duckdb

from eventwire.pipeline import CodedDocument
from eventwire.records import Actor, Document, Event, Place, Removal, to_dict
from eventwire.scale.output import (
    ParquetSink,
    documents_key,
    is_jsonl_target,
    is_partitions_dir,
    partition_done,
    read_coded,
    read_events,
    remove_other_partitions,
    write_partition,
)

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
    sink = ParquetSink(tmp_path / "out")
    items = [coded(0, 2), coded(1, 0), coded(2, 1)]
    sink.add(items[0])
    sink.add(items[1])
    sink.close("part-00000-a.parquet")
    sink.add(items[2])
    sink.close("part-00001-b.parquet")
    assert partition_done(tmp_path / "out", "part-00000-a.parquet") and partition_done(tmp_path / "out", "part-00001-b.parquet")
    assert list(read_coded(tmp_path / "out")) == items
    assert list(read_events(tmp_path / "out")) == [to_dict(e) for item in items for e in item.events]
    rows = duckdb.sql(f"SELECT id, location.name FROM '{tmp_path}/out/events/*.parquet' ORDER BY id").fetchall()
    assert rows == [("e0-0", None), ("e0-1", "Geneva"), ("e2-0", None)]
    assert not list((tmp_path / "out" / "events").glob(".*"))  # no temporary file left


def test_partitions_on_fsspec_urls(tmp_path):
    items = [coded(0, 1), coded(1, 2)]
    for url in (f"memory://bucket/{tmp_path.name}/out", (tmp_path / "out").as_uri()):  # an object store's stand-in, and file://
        write_partition(url, "part-00000-a.parquet", items)
        assert is_partitions_dir(url) and partition_done(url, "part-00000-a.parquet")
        assert list(read_coded(url)) == items
    assert partition_done(tmp_path / "out", "part-00000-a.parquet")


def test_partitions_of_another_run_are_removed(tmp_path):
    out = tmp_path / "out"
    for name in ("part-00000-a.parquet", "part-00001-b.parquet", "part-00001-old.parquet"):
        write_partition(out, name, [coded(0, 1)])
    assert remove_other_partitions(out, ["part-00000-a.parquet", "part-00001-b.parquet"]) == 1
    assert sorted(p.name for p in (out / "events").iterdir()) == ["part-00000-a.parquet", "part-00001-b.parquet"]
    assert sorted(p.name for p in (out / "documents").iterdir()) == ["part-00000-a.parquet", "part-00001-b.parquet"]


def test_document_keys_follow_content_and_settings():
    documents = [coded(0, 0).document, coded(1, 0).document]
    key = documents_key(documents, "settings")
    assert key == documents_key(list(documents), "settings")
    assert key != documents_key(documents[:1], "settings") and key != documents_key(documents, "other settings")


def test_ingest_stores_partitions_at_a_file_url(tmp_path):
    from typer.testing import CliRunner

    from eventwire.cli import app

    url = (tmp_path / "out").as_uri()
    write_partition(url, "part-00000-a.parquet", [coded(0, 1)])
    result = CliRunner().invoke(app, ["ingest", url, "--db", str(tmp_path / "events.duckdb")])
    assert result.exit_code == 0, result.output
    stored = duckdb.connect(str(tmp_path / "events.duckdb"), read_only=True)
    assert stored.execute("SELECT count(*) FROM documents").fetchone() == (1,)
    assert stored.execute("SELECT trigger FROM events").fetchall() == [("talks",)]
