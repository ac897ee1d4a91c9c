"""Where coded documents go: one `.jsonl` file, or a directory of Parquet partitions, in every mode.

A Parquet output directory holds two tables partitioned alike:

    OUT/events/part-00000-<key>.parquet      one row per event record (the JSON Lines record's fields)
    OUT/documents/part-00000-<key>.parquet   one row per coded document: the document, its date,
                                             sentence spans, places and how many events it has

DuckDB reads the events directly (`SELECT * FROM 'OUT/events/*.parquet'`), and `eventwire ingest OUT`
stores the coded documents without coding them again. A partition is written to a temporary name and
renamed, documents last: a partition whose documents file exists is complete, so a rerun skips it.
Its `<key>` hashes what it holds, the settings that code it and the coder's fingerprint
(`partitions.partition_key`, `documents_key`): a rerun with the same input, settings and coder finds
it under the same name, and a rerun after any change to the rules, data or models codes it again. When a run
completes, partitions of the directory it did not plan (another input, other settings, another
mode's partitioning) are removed, so the directory holds that run's output and nothing else.

OUT may be a local path or an fsspec URL (`file://`, `s3://bucket/out`, `memory://` in tests): files
are written and listed through fsspec.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from fsspec import AbstractFileSystem
from fsspec.core import url_to_fs

from eventwire.pipeline import CodedDocument
from eventwire.records import (
    Actor,
    Document,
    Event,
    Place,
    Removal,
    event_to_json,
    place_from_dict,
    to_dict,
)
from eventwire.store.schema import arrow_fields, arrow_type, field_names

# Both tables take their columns from the record model, as the store does (`store/schema.py`).
EVENT_SCHEMA = pa.schema(arrow_fields(Event))
DOCUMENT_SCHEMA = pa.schema([
    *arrow_fields(Document), ("doc_date", pa.string()), ("sentences", pa.int64()),
    ("sentence_spans", pa.list_(pa.list_(pa.int64()))), ("places", pa.list_(arrow_type(Place))), ("events", pa.int64()),
    ("coder", pa.string()),  # the fingerprint of the coder that coded the document
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
            "places": [to_dict(place) for place in item.places], "events": len(item.events), "coder": item.coder}


def partition_name(index: int, key: str = "") -> str:
    return f"part-{index:05d}" + (f"-{key}" if key else "") + ".parquet"


def documents_key(documents: Iterable[Document], settings: str) -> str:
    """What names a partition cut from a stream of documents (one process, --workers): the documents
    as read and `settings` (`partitions.settings_text`), so a rerun on the same input finds its name."""
    digest = hashlib.sha1(settings.encode("utf-8"))
    for document in documents:
        digest.update(json.dumps(to_dict(document), sort_keys=True, ensure_ascii=False).encode("utf-8"))
        digest.update(b"\n")
    return digest.hexdigest()[:10]


def output_fs(directory: str | Path) -> tuple[AbstractFileSystem, str]:
    """The file system and root path of an output directory (a local path or an fsspec URL)."""
    fs, root = url_to_fs(str(directory))
    return fs, root.rstrip("/") or root


def partition_done(directory: str | Path, name: str) -> bool:
    fs, root = output_fs(directory)
    return fs.exists(f"{root}/{DOCUMENTS_DIR}/{name}")


def write_partition(directory: str | Path, name: str, coded: list[CodedDocument]) -> None:
    """One partition's events, then its documents (the file whose presence says the partition is done)."""
    fs, root = output_fs(directory)
    events = pa.Table.from_pylist(event_rows(coded), schema=EVENT_SCHEMA)
    documents = pa.Table.from_pylist([document_row(item) for item in coded], schema=DOCUMENT_SCHEMA)
    for table, folder in ((events, EVENTS_DIR), (documents, DOCUMENTS_DIR)):
        fs.makedirs(f"{root}/{folder}", exist_ok=True)
        target = f"{root}/{folder}/{name}"
        # A dot name the listings skip, renamed when whole (an object store's rename is a copy, whole too).
        temporary = f"{root}/{folder}/.{name}.{uuid.uuid4().hex[:8]}"
        try:
            with fs.open(temporary, "wb") as stream:
                pq.write_table(table, stream)
            fs.mv(temporary, target)
        except BaseException:
            if fs.exists(temporary):
                fs.rm(temporary)
            raise


def partition_files(directory: str | Path, folder: str) -> list[str]:
    """Paths of the complete partition files of one table, in partition order."""
    fs, root = output_fs(directory)
    return sorted(fs.glob(f"{root}/{folder}/part-*.parquet"))


def remove_other_partitions(directory: str | Path, names: Iterable[str]) -> int:
    """Remove partitions not in `names` (left by a run on other input or settings); their count.
    Documents go first, so a partition half removed reads as not done."""
    fs, _ = output_fs(directory)
    keep = set(names)
    removed = 0
    for folder in (DOCUMENTS_DIR, EVENTS_DIR):
        for path in partition_files(directory, folder):
            if posixpath.basename(path) not in keep:
                fs.rm(path)
                removed += folder == DOCUMENTS_DIR
    return removed


@dataclass
class ParquetSink:
    """Collects coded documents until `close` writes them as the partition named."""

    directory: str | Path
    pending: list[CodedDocument] = field(default_factory=list)
    written: int = 0

    def add(self, coded: CodedDocument) -> None:
        self.pending.append(coded)

    def close(self, name: str) -> None:
        write_partition(self.directory, name, self.pending)
        self.written += 1
        self.pending = []


@dataclass
class JsonlSink:
    stream: object  # an open text stream

    def add(self, coded: CodedDocument) -> None:
        for event in coded.events:
            self.stream.write(event_to_json(event) + "\n")

    def add_lines(self, lines: Iterable[str]) -> None:
        """Event records a worker has already serialised (`event_to_json`)."""
        for line in lines:
            self.stream.write(line + "\n")

    def close(self, name: str) -> None:
        pass


# ------------------------------------------------------------------ reading partitions back


def is_partitions_dir(path: str) -> bool:
    try:
        fs, root = output_fs(path)
        return fs.isdir(f"{root}/{DOCUMENTS_DIR}") and fs.isdir(f"{root}/{EVENTS_DIR}")
    except (ValueError, ImportError):  # not a URL fsspec knows
        return False


def _read_table(fs: AbstractFileSystem, path: str, schema: pa.Schema) -> pa.Table:
    with fs.open(path, "rb") as stream:
        return pq.read_table(stream, schema=schema)


def read_events(directory: str | Path) -> Iterator[dict]:
    """Event records of every complete partition, in partition order (what the JSON Lines output holds, as dicts)."""
    fs, root = output_fs(directory)
    for path in partition_files(directory, DOCUMENTS_DIR):
        yield from _read_table(fs, f"{root}/{EVENTS_DIR}/{posixpath.basename(path)}", EVENT_SCHEMA).to_pylist()


def read_coded(directory: str | Path) -> Iterator[CodedDocument]:
    """The coded documents of every complete partition, for `eventwire ingest`; nothing is coded again."""
    fs, root = output_fs(directory)
    for path in partition_files(directory, DOCUMENTS_DIR):
        events = iter(_read_table(fs, f"{root}/{EVENTS_DIR}/{posixpath.basename(path)}", EVENT_SCHEMA).to_pylist())
        for row in _read_table(fs, path, DOCUMENT_SCHEMA).to_pylist():
            fields = {name: row[name] for name in DOCUMENT_FIELDS}
            document = Document(**fields, removed=tuple(Removal(**r) for r in row["removed"] or ()))
            yield CodedDocument(
                document=document, doc_date=row["doc_date"], sentences=row["sentences"],
                places=tuple(place_from_dict(p) for p in row["places"] or ()),
                events=tuple(event_from_row(next(events)) for _ in range(row["events"])),
                sentence_spans=tuple(tuple(span) for span in row["sentence_spans"] or ()), coder=row["coder"],
            )


DOCUMENT_FIELDS = tuple(name for name in field_names(Document) if name != "removed")


def event_from_row(row: dict) -> Event:
    def actor(value: dict | None) -> Actor | None:
        return None if value is None else Actor(**value)

    return Event(**{
        **row, "context": tuple(row["context"] or ()),
        "actor": tuple(Actor(**a) for a in row["actor"] or ()),
        "recipient": tuple(Actor(**a) for a in row["recipient"] or ()),
        "attributed_to": actor(row["attributed_to"]),
        "location": None if row["location"] is None else place_from_dict(row["location"]),
    })


def dumps(record: dict) -> str:
    return json.dumps(record, ensure_ascii=False)
