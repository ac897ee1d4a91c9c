"""Writers for the store's events and stories, registered by format name.

Events go out flat (`FLAT_EXPORTERS`: one row per event, store/flat.py) or in the PLOVER/POLECAT
layout; stories as their records (`EXPORTERS`, dicts as `find_stories` returns them). Every writer
takes an open path; the CLI writes to a temporary name and renames it, so an interrupted export
never leaves half a file.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from eventwire.store.flat import FLAT_COLUMNS, GDELT_COLUMNS, gdelt_row

Rows = list[dict[str, Any]]


def json_default(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    raise TypeError(f"cannot serialise {type(value).__name__}")


def to_json(value: Any, **options: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=json_default, **options)


def actor_label(actor: dict[str, Any]) -> str:
    return f"{actor['name']} ({actor['country']})" if actor.get("country") else actor["name"]


def flat_value(value: Any) -> Any:
    """One CSV cell: actors as "name (country)" joined by "; ", a place by its name, lists joined."""
    if isinstance(value, dict):
        return actor_label(value) if "name" in value else to_json(value)
    if isinstance(value, list):
        return "; ".join(str(flat_value(item)) for item in value)
    return value


def flat_row(row: dict[str, Any]) -> dict[str, Any]:
    flat = {name: flat_value(value) for name, value in row.items()}
    location = row.get("location")
    if "location" in row:
        flat["location"] = location["name"] if location else None
        flat["location_country"] = location["country"] if location else None
        flat["lat"] = location["lat"] if location else None
        flat["lon"] = location["lon"] if location else None
    for role in ("actor", "recipient"):
        if role in row:
            flat[f"{role}_country"] = "; ".join(sorted({a["country"] for a in row[role] if a.get("country")}))
    return flat


def write_jsonl(rows: Rows, path: Path) -> None:
    with path.open("w", encoding="utf-8") as stream:
        for row in rows:
            stream.write(to_json(row) + "\n")


def write_csv(rows: Rows, path: Path) -> None:
    flat = [flat_row(row) for row in rows]
    with path.open("w", encoding="utf-8", newline="") as stream:
        names = list(flat[0]) if flat else []
        writer = csv.DictWriter(stream, fieldnames=names)
        writer.writeheader()
        writer.writerows(flat)


def write_parquet(rows: Rows, path: Path) -> None:
    """Nested columns stay nested (actor lists of structs): pandas, polars and DuckDB all read them."""
    pq.write_table(pa.Table.from_pylist(rows), path)


def plover_record(row: dict[str, Any]) -> dict[str, Any]:
    """An event in the flat layout of PLOVER/POLECAT releases: one value per field, first actor and recipient."""
    if "trigger" not in row:  # a story
        return {**flat_row(row), "event_ids": row["event_ids"], "contradicting_event_ids": row["contradicting_event_ids"]}
    actor = row["actor"][0] if row["actor"] else {}
    recipient = row["recipient"][0] if row["recipient"] else {}
    place = row["location"] or {}
    source = row["attributed_to"] or {}
    return {
        "event_id": row["id"], "story_date": row["doc_date"], "event_date": row["date"] or row["doc_date"],
        "event_type": row["event"], "event_mode": row["mode"], "contexts": "; ".join(row["context"]),
        "quad_code": row["quad"], "event_intensity": row["intensity"],
        "actor_name": actor.get("name"), "actor_country": actor.get("country"), "actor_sector": actor.get("sector"),
        "actor_type": actor.get("type"),
        "recipient_name": recipient.get("name"), "recipient_country": recipient.get("country"),
        "recipient_sector": recipient.get("sector"), "recipient_type": recipient.get("type"),
        "placename": place.get("name"), "country": place.get("country"), "geonameid": place.get("geonameid"),
        "latitude": place.get("lat"), "longitude": place.get("lon"), "feature_type": place.get("feature"),
        "negated": row["negated"], "modality": row["modality"], "claim_source": source.get("name"),
        "publisher": row["source"], "doc_id": row["doc_id"], "sentence": row["sentence"],
        "story_id": row["story_id"], "contested_by": row["contradiction"],
    }


def write_plover(rows: Rows, path: Path) -> None:
    write_jsonl([plover_record(row) for row in rows], path)


EXPORTERS: dict[str, Callable[[Rows, Path], None]] = {
    "csv": write_csv,  # flat: actors as "name (country)" joined by "; "
    "parquet": write_parquet,  # nested, as the JSON records
    "jsonl": write_jsonl,  # the records of the output schema, plus story_id
    "plover": write_plover,  # flat PLOVER/POLECAT-style field names, JSON Lines
}
STORY_FORMATS = ("csv", "parquet", "jsonl")

# Flat events (store/flat.py): each writer takes batches of flat rows, writes them as they come and
# returns how many it wrote; `progress` is told after each batch.
Batches = Iterable[Rows]
Progress = Callable[[int], None]

FLAT_TYPES = {
    "background": pa.bool_(), "intensity": pa.float64(), "negated": pa.bool_(), "latitude": pa.float64(),
    "longitude": pa.float64(), "sent_start": pa.int32(), "trigger_start": pa.int32(), "confidence": pa.float64(),
}
FLAT_SCHEMA = pa.schema([(name, FLAT_TYPES.get(name, pa.string())) for name in FLAT_COLUMNS])


def counted(batches: Batches, progress: Progress | None) -> Iterator[Rows]:
    for batch in batches:
        yield batch
        if progress is not None:
            progress(len(batch))


def write_flat_csv(batches: Batches, path: Path, progress: Progress | None = None) -> int:
    return write_delimited(batches, path, FLAT_COLUMNS, ",", progress)


def write_flat_jsonl(batches: Batches, path: Path, progress: Progress | None = None) -> int:
    count = 0
    with path.open("w", encoding="utf-8") as stream:
        for batch in counted(batches, progress):
            for row in batch:
                stream.write(to_json(row) + "\n")
            count += len(batch)
    return count


def write_flat_parquet(batches: Batches, path: Path, progress: Progress | None = None) -> int:
    """Typed columns (floats, booleans, integers; the rest strings), the same whatever the rows hold."""
    count = 0
    with pq.ParquetWriter(path, FLAT_SCHEMA) as writer:
        for batch in counted(batches, progress):
            writer.write_table(pa.Table.from_pylist(batch, schema=FLAT_SCHEMA))
            count += len(batch)
    return count


def write_gdelt(batches: Batches, path: Path, progress: Progress | None = None) -> int:
    """GDELT 2.0 event-table names, tab-separated as GDELT's files are (with a header row, which
    GDELT's own files lack, so the columns say what they are)."""
    return write_delimited(([gdelt_row(row) for row in batch] for batch in batches), path, GDELT_COLUMNS, "\t",
                           progress)


def write_delimited(batches: Batches, path: Path, columns: tuple[str, ...], delimiter: str,
                    progress: Progress | None) -> int:
    count = 0
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=columns, delimiter=delimiter)
        writer.writeheader()
        for batch in counted(batches, progress):
            writer.writerows(batch)
            count += len(batch)
    return count


FLAT_EXPORTERS: dict[str, Callable[[Batches, Path, Progress | None], int]] = {
    "csv": write_flat_csv,  # one row per event, the columns of FLAT_COLUMNS
    "parquet": write_flat_parquet,
    "jsonl": write_flat_jsonl,
    "gdelt": write_gdelt,  # GDELT 2.0 event-table names, tab-separated
}
EVENT_FORMATS = (*FLAT_EXPORTERS, "plover")
