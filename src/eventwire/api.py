"""The public Python API: `eventwire.code`, `eventwire.Coder` and `eventwire.Store`.

    import eventwire
    records = eventwire.code("Russian jets bombed rebel positions in Idlib on Monday.", date="2020-03-02")
    store = eventwire.Store("events.duckdb")
    store.ingest(["articles/"])
    frame = store.events(category="ASSAULT", since="2020-03")

Records are the `Event` records of `records.py` (the fields of docs/record-schema.md, `to_dict()`);
`Store.events` gives the flat export's columns. Models load once: `eventwire.code` keeps one coder per
settings for the process, and a `Coder` can be made and reused explicitly.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import fields, replace
from pathlib import Path
from typing import Any

from eventwire.config import Config
from eventwire.errors import InputError
from eventwire.records import Document, Event

DOCUMENT_FIELDS = ("id", "text", "title", "date", "url", "source", "author")
TextOrDocuments = str | Document | dict | Iterable[str | Document | dict]


def config_of(settings: dict[str, Any]) -> Config:
    known = {f.name for f in fields(Config)}
    unknown = sorted(set(settings) - known)
    if unknown:
        raise TypeError(f"unknown setting(s) {', '.join(unknown)}; settings are {', '.join(sorted(known))}")
    return Config(**settings)


def as_document(item: str | Document | dict, number: int, date: str | None) -> Document:
    """A text (id "text-N"), a `Document`, or a dict with `text` and the optional JSON Lines fields."""
    if isinstance(item, Document):
        document = item
    elif isinstance(item, str):
        document = Document(id=f"text-{number}" if number else "text", text=item)
    elif isinstance(item, dict):
        if not isinstance(item.get("text"), str):
            raise InputError(f"document {number}", "a document needs a 'text' string")
        values = {name: item[name] for name in DOCUMENT_FIELDS if item.get(name) is not None}
        document = Document(**{"id": f"text-{number}", **{k: str(v) for k, v in values.items()}})
    else:
        raise TypeError(f"document {number}: a text, a Document or a dict, not {type(item).__name__}")
    return document if document.date or date is None else replace(document, date=date)


def as_documents(text_or_documents: TextOrDocuments, date: str | None) -> list[Document]:
    if isinstance(text_or_documents, (str, Document, dict)):
        text_or_documents = [text_or_documents]
    return [as_document(item, number, date) for number, item in enumerate(text_or_documents)]


class Coder:
    """The models and lexicons, loaded once; `code` as often as needed. Settings are `Config`'s fields
    (`detector=False` for the rules alone, `min_confidence=0.8`, ...)."""

    def __init__(self, config: Config | None = None, **settings: Any) -> None:
        from eventwire.pipeline import Coder as LoadedCoder

        self.config = config or config_of(settings)
        self.loaded = LoadedCoder.load(self.config)

    @property
    def fingerprint(self) -> str:
        return self.loaded.fingerprint

    def code(self, text_or_documents: TextOrDocuments, date: str | None = None, clean: bool = True) -> list[Event]:
        """Event records of a text, a document or several; `date` is the publication date of those that
        have none (relative dates such as "on Monday" are read against it). Documents are cleaned as
        `eventwire code` cleans them unless `clean=False`; one that cannot be coded raises `InputError`."""
        from eventwire.cleaning import Preparation
        from eventwire.flows import coded, raise_problem

        documents = as_documents(text_or_documents, date)
        return [event for item in coded(self.loaded, documents, Preparation.load(clean=clean), raise_problem)
                for event in item.events]


@functools.lru_cache(maxsize=4)
def shared_coder(config: Config) -> Coder:
    """One coder per settings for the process, so `eventwire.code` loads the models once."""
    return Coder(config)


def code(text_or_documents: TextOrDocuments, date: str | None = None, **settings: Any) -> list[Event]:
    """Code a text (or documents) into PLOVER event records; see `Coder.code`."""
    clean = settings.pop("clean", True)
    return shared_coder(config_of(settings)).code(text_or_documents, date=date, clean=clean)


class Store:
    """An event store (DuckDB file), for analysts: filtered events and stories as data frames, and
    documents added to it. Filters are those of `eventwire events` (`actor`, `category`, `since`, ...)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)

    def event_filter(self, filters: dict[str, Any]):
        from eventwire.store.query import EventFilter

        known = {f.name for f in fields(EventFilter)}
        unknown = sorted(set(filters) - known)
        if unknown:
            raise TypeError(f"unknown filter(s) {', '.join(unknown)}; filters are {', '.join(sorted(known))}")
        return EventFilter(**filters)

    def events(self, as_arrow: bool = False, limit: int | None = None, **filters: Any):
        """One flat row per event (the export's columns), as a pandas DataFrame or an Arrow table."""
        import pyarrow as pa

        from eventwire.store.export import FLAT_SCHEMA
        from eventwire.store.flat import flat_batches
        from eventwire.store.schema import open_store

        event_filter = self.event_filter(filters)
        connection = open_store(self.path, read_only=True)
        try:
            rows = [row for batch in flat_batches(connection, event_filter, limit=limit) for row in batch]
        finally:
            connection.close()
        table = pa.Table.from_pylist(rows, schema=FLAT_SCHEMA)
        return table if as_arrow else table.to_pandas()

    def stories(self, as_arrow: bool = False, limit: int | None = None, min_reports: int = 1, min_outlets: int = 1,
                **filters: Any):
        """Story records (docs/record-schema.md, "Story record"), as a pandas DataFrame or an Arrow table."""
        import pandas
        import pyarrow as pa

        from eventwire.store.query import find_stories
        from eventwire.store.schema import open_store

        event_filter = self.event_filter(filters)
        connection = open_store(self.path, read_only=True)
        try:
            rows = find_stories(connection, event_filter, min_reports, min_outlets, limit)
        finally:
            connection.close()
        if as_arrow:
            return pa.Table.from_pylist(rows)
        return pandas.DataFrame(rows)

    def ingest(self, inputs_or_documents: str | Path | Iterable[str | Path | Document | dict], coder: Coder | None = None,
               batch_size: int = 64, clean: bool = True):
        """Add files and folders (paths, any format `eventwire ingest` reads) or documents (`Document`s or
        dicts with `text`, `id`, ...) to the store; documents already stored are skipped. Returns the run's
        counts (`.report.documents`, `.report.events`, `.already_stored`, `.problems`)."""
        from eventwire.flows import IngestOptions, ingest_into

        items = [inputs_or_documents] if isinstance(inputs_or_documents, (str, Path, Document, dict)) \
            else list(inputs_or_documents)
        paths = [str(item) for item in items if isinstance(item, (str, Path))]
        if paths and len(paths) != len(items):
            raise TypeError("give paths or documents to one ingest, not both")
        documents = None if paths else as_documents(items, None)
        options = IngestOptions(batch_size=batch_size, clean=clean)
        loader = (lambda: coder.loaded) if coder is not None else (lambda: shared_coder(Config()).loaded)
        return ingest_into(self.path, paths or None, documents, loader, options)
