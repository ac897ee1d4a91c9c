"""Where coded documents go: one `.jsonl` file, or a directory of Parquet partitions, in every mode.

A Parquet output directory holds two tables partitioned alike:

    OUT/events/part-00000-<key>.parquet      one row per event record (the JSON Lines record's fields)
    OUT/documents/part-00000-<key>.parquet   one row per coded document: the document, its date,
                                             sentence spans, places and how many events it has

DuckDB reads the events directly (`SELECT * FROM 'OUT/events/*.parquet'`), and `eventwire ingest OUT`
stores the coded documents without coding them again. A partition is written to a temporary name and
renamed, documents last: a partition whose documents file exists is complete, so a rerun skips it.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from eventwire.pipeline import CodedDocument
from eventwire.records import Actor, Document, Event, Place, Removal, event_to_json, to_dict

ACTOR = pa.struct([("text", pa.string()), ("start", pa.int64()), ("end", pa.int64()), ("name", pa.string()),
                   ("country", pa.string()), ("sector", pa.string()), ("type", pa.string()), ("why", pa.string())])
PLACE = pa.struct([("text", pa.string()), ("start", pa.int64()), ("end", pa.int64()), ("name", pa.string()),
                   ("geonameid", pa.string()), ("lat", pa.float64()), ("lon", pa.float64()),
                   ("country", pa.string()), ("feature", pa.string())])
EVENT_SCHEMA = pa.schema([
    ("id", pa.string()), ("doc_id", pa.string()), ("doc_date", pa.string()), ("source", pa.string()),
    ("sentence", pa.string()), ("sent_start", pa.int64()), ("trigger", pa.string()), ("trigger_start", pa.int64()),
    ("event", pa.string()), ("mode", pa.string()), ("context", pa.list_(pa.string())), ("quad", pa.string()),
    ("intensity", pa.float64()), ("actor", pa.list_(ACTOR)), ("recipient", pa.list_(ACTOR)), ("negated", pa.bool_()),
    ("modality", pa.string()), ("attributed_to", ACTOR), ("location", PLACE), ("date", pa.string()),
    ("date_text", pa.string()), ("confidence", pa.float64()), ("rule", pa.string()),
])
DOCUMENT_SCHEMA = pa.schema([
    ("id", pa.string()), ("text", pa.string()), ("title", pa.string()), ("date", pa.string()), ("url", pa.string()),
    ("source", pa.string()), ("origin", pa.string()), ("author", pa.string()), ("dateline", pa.string()),
    ("language", pa.string()), ("removed", pa.list_(pa.struct([("reason", pa.string()), ("text", pa.string())]))),
    ("doc_date", pa.string()), ("sentences", pa.int64()), ("sentence_spans", pa.list_(pa.list_(pa.int64()))),
    ("places", pa.list_(PLACE)), ("events", pa.int64()),
])
EVENTS_DIR, DOCUMENTS_DIR = "events", "documents"


def is_jsonl_target(target: str) -> bool:
    """`-` and names ending in .jsonl (or .ndjson) are JSON Lines; anything else is a Parquet directory."""
    return target == "-" or target.endswith((".jsonl", ".ndjson"))


def event_rows(coded: Iterable[CodedDocument]) -> list[dict]:
    return [to_dict(event) for item in coded for event in item.events]


def document_row(item: CodedDocument) -> dict:
    return {**to_dict(item.document), "doc_date": item.doc_date, "sentences": item.sentences,
            "sentence_spans": [list(span) for span in item.sentence_spans],
            "places": [to_dict(place) for place in item.places], "events": len(item.events)}


def partition_name(index: int, key: str = "") -> str:
    return f"part-{index:05d}" + (f"-{key}" if key else "") + ".parquet"


def partition_done(directory: Path, name: str) -> bool:
    return (directory / DOCUMENTS_DIR / name).exists()


def write_partition(directory: Path, name: str, coded: list[CodedDocument]) -> None:
    """One partition's events, then its documents (the file whose presence says the partition is done)."""
    events = pa.Table.from_pylist(event_rows(coded), schema=EVENT_SCHEMA)
    documents = pa.Table.from_pylist([document_row(item) for item in coded], schema=DOCUMENT_SCHEMA)
    for table, folder in ((events, EVENTS_DIR), (documents, DOCUMENTS_DIR)):
        target = directory / folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{name}.", dir=target.parent)
        os.close(handle)
        try:
            pq.write_table(table, temporary)
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise


@dataclass
class ParquetSink:
    """Writes every `partition_size` coded documents as the next partition of `directory`."""

    directory: Path
    partition_size: int = 1000
    pending: list[CodedDocument] = field(default_factory=list)
    written: int = 0

    def add(self, coded: CodedDocument) -> None:
        self.pending.append(coded)
        if len(self.pending) >= self.partition_size:
            self.flush()

    def flush(self) -> None:
        if self.pending:
            write_partition(self.directory, partition_name(self.written), self.pending)
            self.written += 1
            self.pending = []


@dataclass
class JsonlSink:
    stream: object  # an open text stream

    def add(self, coded: CodedDocument) -> None:
        for event in coded.events:
            self.stream.write(event_to_json(event) + "\n")

    def flush(self) -> None:
        pass


# ------------------------------------------------------------------ reading partitions back


def is_partitions_dir(path: str) -> bool:
    return Path(path).is_dir() and (Path(path) / DOCUMENTS_DIR).is_dir() and (Path(path) / EVENTS_DIR).is_dir()


def read_events(directory: Path) -> Iterator[dict]:
    """Event records of every partition, in partition order (what the JSON Lines output holds, as dicts)."""
    for path in sorted((directory / EVENTS_DIR).glob("part-*.parquet")):
        yield from pq.read_table(path, schema=EVENT_SCHEMA).to_pylist()


def read_coded(directory: Path) -> Iterator[CodedDocument]:
    """The coded documents of every complete partition, for `eventwire ingest`; nothing is coded again."""
    for path in sorted((directory / DOCUMENTS_DIR).glob("part-*.parquet")):
        events = iter(pq.read_table(directory / EVENTS_DIR / path.name, schema=EVENT_SCHEMA).to_pylist())
        for row in pq.read_table(path, schema=DOCUMENT_SCHEMA).to_pylist():
            fields = {name: row[name] for name in DOCUMENT_FIELDS}
            document = Document(**fields, removed=tuple(Removal(**r) for r in row["removed"] or ()))
            yield CodedDocument(
                document=document, doc_date=row["doc_date"], sentences=row["sentences"],
                places=tuple(Place(**p) for p in row["places"] or ()),
                events=tuple(event_from_row(next(events)) for _ in range(row["events"])),
                sentence_spans=tuple(tuple(span) for span in row["sentence_spans"] or ()),
            )


DOCUMENT_FIELDS = ("id", "text", "title", "date", "url", "source", "origin", "author", "dateline", "language")


def event_from_row(row: dict) -> Event:
    def actor(value: dict | None) -> Actor | None:
        return None if value is None else Actor(**value)

    return Event(**{
        **row, "context": tuple(row["context"] or ()),
        "actor": tuple(Actor(**a) for a in row["actor"] or ()),
        "recipient": tuple(Actor(**a) for a in row["recipient"] or ()),
        "attributed_to": actor(row["attributed_to"]),
        "location": None if row["location"] is None else Place(**row["location"]),
    })


def dumps(record: dict) -> str:
    return json.dumps(record, ensure_ascii=False)
