"""Coded documents into the store, one transaction per batch.

A document's id is a hash of its normalised text, so the same article read
again (another file name, another run, a re-crawl) is recognised and skipped
before it is coded. Each batch is written in one transaction together with the
copy links and story assignments it makes: a run killed at any moment leaves
the store as of its last committed batch, and running it again stores the
rest, each document once.
"""

from __future__ import annotations

import bisect
import hashlib
import logging
import re
import time
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from itertools import islice
from typing import TYPE_CHECKING

import duckdb
import pyarrow as pa

from eventwire.pipeline import CodedDocument
from eventwire.records import Actor, Document, Event, event_id, to_dict
from eventwire.store.schema import ROW_TABLES
from eventwire.stories.duplicates import DOCUMENT_RULE, SENTENCE_RULE, CopyIndex, Signature
from eventwire.stories.grouping import STORY_WINDOW_DAYS, Story, StoryIndex, assignment_order, load_category_families

if TYPE_CHECKING:  # the pipeline imports spaCy: reading a store (exports, the API) need not load it
    from eventwire.pipeline import CodedDocument

log = logging.getLogger(__name__)

SPACE = re.compile(r"\s+")


def normalised_text(text: str) -> str:
    """What makes two texts the same article: Unicode form, case and spacing do not."""
    return SPACE.sub(" ", unicodedata.normalize("NFKC", text).casefold()).strip()


def document_key(text: str) -> str:
    return hashlib.sha1(normalised_text(text).encode("utf-8")).hexdigest()[:16]


@dataclass
class StoreState:
    """What a run needs to know of the committed store: ids, copy indexes and stories."""

    document_ids: set[str]
    outlets: dict[str, str]  # document id -> its outlet (source, or the document itself when it has none)
    documents: CopyIndex
    sentences: CopyIndex
    stories: StoryIndex
    next_batch: int
    schemas: dict[str, pa.Schema] = field(default_factory=dict)


def load_state(connection: duckdb.DuckDBPyConnection) -> StoreState:
    documents = CopyIndex.empty(DOCUMENT_RULE)
    rows = connection.execute(
        "SELECT s.doc_id, s.minhash, s.shingles, d.duplicate_of FROM document_signatures s "
        "JOIN documents d ON d.id = s.doc_id ORDER BY d.batch").fetchall()
    for doc_id, minhash, size, original in rows:
        documents.add(doc_id, Signature.from_bytes(minhash, size), original)
    sentences = CopyIndex.empty(SENTENCE_RULE)
    for sentence_id, original, minhash, size in connection.execute(
            "SELECT sentence_id, copy_of, minhash, shingles FROM sentence_signatures").fetchall():
        sentences.add(sentence_id, Signature.from_bytes(minhash, size), original)
    families = load_category_families()
    stories = StoryIndex(families, story_window_days(connection))
    for row in connection.execute(
            "SELECT id, family, event, polarity, actor_keys, recipient_keys, source_keys, place_country, place_id, "
            "place_area, day, contradiction, doc_id, joinable, actor_sectors, stand_in, recipient_names "
            "FROM stories ORDER BY created").fetchall():
        (story_id, family, category, polarity, actors, recipients, sources, country, place, area, day,
         contradiction, doc_id, joinable, sectors, stand_in, names) = row
        stories.add(Story(story_id, family, category, polarity, frozenset(actors), frozenset(recipients),
                          frozenset(sources), (country, place, area) if country else None, day, contradiction,
                          symmetric=families[category].symmetric, doc_id=doc_id, joinable=joinable,
                          actor_sectors=frozenset(sectors or ()), stand_in=stand_in,
                          recipient_names=frozenset(names or ())))
    outlets = dict(connection.execute("SELECT id, coalesce(source, id) FROM documents").fetchall())
    next_batch = connection.execute("SELECT coalesce(max(batch), 0) + 1 FROM documents").fetchall()[0][0]
    schemas = table_schemas(connection)
    return StoreState(set(outlets), outlets, documents, sentences, stories, next_batch, schemas)


def table_schemas(connection: duckdb.DuckDBPyConnection) -> dict[str, pa.Schema]:
    """The Arrow schema of each table as the store has it (its column order: an upgraded store has
    its added columns last)."""
    return {table: connection.sql(f"SELECT * FROM {table} LIMIT 0").to_arrow_table().schema for table in ROW_TABLES}


def unstored(documents: Iterable[Document], state: StoreState) -> Iterator[Document]:
    """Documents whose text is not in the store yet (nor earlier in this input), before they are coded."""
    seen: set[str] = set()
    for document in documents:
        key = document_key(document.text)
        if key in state.document_ids or key in seen:
            log.debug("%s is already stored as %s", document.origin or document.id, key)
            continue
        seen.add(key)
        yield document


@dataclass
class IngestReport:
    documents: int = 0
    near_duplicates: int = 0
    sentences: int = 0
    copied_sentences: int = 0
    events: int = 0
    batches: int = 0
    seconds: float = 0.0


@dataclass
class BatchRows:
    """The rows of one batch, table by table, written together in one transaction."""

    tables: dict[str, list[dict]] = field(default_factory=lambda: {
        table: [] for table in ROW_TABLES if table != "stories"})
    stories: dict[str, Story] = field(default_factory=dict)


def actor_rows(event: Event) -> Iterator[dict]:
    roles: list[tuple[str, tuple[Actor, ...]]] = [("actor", event.actor), ("recipient", event.recipient)]
    if event.attributed_to is not None:
        roles.append(("attributed_to", (event.attributed_to,)))
    for role, actors in roles:
        for position, actor in enumerate(actors):
            yield {"event_id": event.id, "doc_id": event.doc_id, "role": role, "position": position, **to_dict(actor)}


def add_document(rows: BatchRows, state: StoreState, coded: CodedDocument, batch: int, now: datetime) -> bool:
    """Work out a document's rows, copy links and story assignments; False when it is already stored."""
    document = coded.document
    key = document_key(document.text)
    if key in state.document_ids:
        return False
    signature = state.documents.signature(document.text)
    duplicate = state.documents.find_copy(signature) if signature else None
    if signature:
        state.documents.add(key, signature, duplicate.original if duplicate else None)
        rows.tables["document_signatures"].append(
            {"doc_id": key, "minhash": signature.to_bytes(), "shingles": signature.size})
    state.document_ids.add(key)
    state.outlets[key] = document.source or key
    rows.tables["documents"].append({
        **{name: value for name, value in to_dict(document).items() if name != "id"},
        "id": key, "input_id": document.id, "doc_date": coded.doc_date, "sentences": len(coded.sentence_spans),
        "duplicate_of": duplicate.original if duplicate else None,
        "duplicate_similarity": duplicate.similarity if duplicate else None, "batch": batch, "ingested_at": now,
        "coder": coded.coder,
    })
    sentence_origins = add_sentences(rows, state, key, document.text, coded.sentence_spans)
    for position, place in enumerate(coded.places):
        rows.tables["places"].append({"doc_id": key, "position": position, **to_dict(place)})

    starts = [start for start, _ in coded.sentence_spans]
    own_outlet = state.outlets[duplicate.original] if duplicate else state.outlets[key]
    for event in stored_events(key, coded.events):
        assignment, story = state.stories.assign(event)
        rows.stories[story.id] = story
        rows.tables["events"].append({
            **event_row(event, starts, sentence_origins, state.outlets, own_outlet),
            "story_id": assignment.story_id, "contradiction": assignment.contradiction,
        })
        rows.tables["actors"].extend(actor_rows(event))
    return True


def stored_events(key: str, events: Iterable[Event]) -> list[Event]:
    """A document's records as the store keeps them: ids and `doc_id` from the stored document's key,
    one record per id, in the order they are put in stories (`assignment_order`)."""
    kept: dict[str, Event] = {}
    for event in sorted(events, key=lambda e: -e.confidence):
        event = replace(event, id=event_id(key, event.trigger_start, event.event), doc_id=key)
        # The coder can read one trigger twice as the same category ("ruled out cooperation or
        # coordination"); the two records share an id, and the more confident one stands for both.
        kept.setdefault(event.id, event)
    return assignment_order(kept.values())


def event_row(event: Event, starts: list[int], sentence_origins: dict[str, str], outlets: dict[str, str],
              own_outlet: str) -> dict:
    """An event's row but for its story: the record, its sentence and the outlet that first told it
    (the source of the text its sentence copies, else of its own document or the one it reposts)."""
    index = bisect.bisect_right(starts, event.sent_start) - 1
    sentence_id = f"{event.doc_id}:{index}" if index >= 0 else None
    original = sentence_origins.get(sentence_id)
    outlet = outlets[original.split(":")[0]] if original else own_outlet
    return {**to_dict(event), "sentence_id": sentence_id, "outlet": outlet}


def add_sentences(rows: BatchRows, state: StoreState, doc_id: str, text: str,
                  spans: tuple[tuple[int, int], ...]) -> dict[str, str]:
    """Sentence rows with their copy links; returns sentence id -> the original it copies."""
    origins = {}
    for index, (start, end) in enumerate(spans):
        sentence_id = f"{doc_id}:{index}"
        sentence_text = text[start:end]
        signature = state.sentences.signature(sentence_text)
        copy = state.sentences.find_copy(signature) if signature else None
        if signature:
            state.sentences.add(sentence_id, signature, copy.original if copy else None)
            rows.tables["sentence_signatures"].append({
                "sentence_id": sentence_id, "copy_of": copy.original if copy else None,
                "minhash": signature.to_bytes(), "shingles": signature.size})
        if copy:
            origins[sentence_id] = copy.original
        rows.tables["sentences"].append({
            "id": sentence_id, "doc_id": doc_id, "index": index, "start": start, "end": end, "text": sentence_text,
            "copy_of": copy.original if copy else None, "copy_similarity": copy.similarity if copy else None,
        })
    return origins


def story_window_days(connection: duckdb.DuckDBPyConnection) -> int:
    """The store's story window (`eventwire ingest --story-window`), else `STORY_WINDOW_DAYS`."""
    found = connection.execute("SELECT value FROM store_info WHERE key = 'story_window_days'").fetchall()
    return int(found[0][0]) if found else STORY_WINDOW_DAYS


def set_story_window_days(connection: duckdb.DuckDBPyConnection, days: int) -> None:
    """Set the store's story window; stories already made keep their reports."""
    connection.execute("INSERT OR REPLACE INTO store_info VALUES ('story_window_days', ?)", [str(int(days))])


def record_coder(connection: duckdb.DuckDBPyConnection, coder: str) -> None:
    """`store_info.coder`: the coder that last wrote records into the store (which coders made the
    records is in `documents.coder` and `events.coder`; `eventwire status` counts them)."""
    connection.execute("INSERT OR REPLACE INTO store_info VALUES ('coder', ?)", [coder])


def story_row(story: Story, created: int) -> dict:
    country, place, area = story.place or (None, None, None)
    return {
        "id": story.id, "family": story.family, "event": story.event, "polarity": story.polarity,
        "created": created, "actor_keys": sorted(story.actors), "recipient_keys": sorted(story.recipients),
        "source_keys": sorted(story.sources), "place_country": country, "place_id": place, "place_area": area,
        "day": story.day, "contradiction": story.contradiction, "doc_id": story.doc_id, "joinable": story.joinable,
        "actor_sectors": sorted(story.actor_sectors), "stand_in": story.stand_in,
        "recipient_names": sorted(story.recipient_names),
    }


def write_batch(connection: duckdb.DuckDBPyConnection, state: StoreState, rows: BatchRows) -> None:
    """All of a batch's rows in one transaction: committed together or not at all."""
    connection.begin()
    try:
        for table, table_rows in rows.tables.items():
            insert_rows(connection, state, table, table_rows)
        last_coder = next((row["coder"] for row in reversed(rows.tables["documents"]) if row["coder"]), None)
        if last_coder is not None:
            record_coder(connection, last_coder)
        if rows.stories:
            changed = list(rows.stories)
            connection.execute("DELETE FROM stories WHERE list_contains(?, id)", [changed])
            story_rows = [story_row(story, state.stories.order[story.id]) for story in rows.stories.values()]
            insert_rows(connection, state, "stories", story_rows)
        connection.commit()
    except BaseException:
        connection.rollback()
        raise


def insert_rows(connection: duckdb.DuckDBPyConnection, state: StoreState, table: str, rows: list[dict]) -> None:
    if not rows:
        return
    # read by its name in the SQL below (DuckDB's replacement scan of Python variables)
    incoming = pa.Table.from_pylist(rows, schema=state.schemas[table])  # noqa: F841
    connection.execute(f"INSERT INTO {table} SELECT * FROM incoming")


def ingest_coded(
    connection: duckdb.DuckDBPyConnection,
    state: StoreState,
    coded_documents: Iterable[CodedDocument],
    batch_size: int = 64,
    on_commit: Callable[[int, IngestReport], None] | None = None,
) -> IngestReport:
    """Store coded documents in batches of `batch_size`, one transaction each.

    `state` is updated as documents are added; when a batch fails to commit
    the error is raised and the state must be loaded again before going on.
    """
    report = IngestReport()
    started = time.perf_counter()
    iterator = iter(coded_documents)
    while batch := list(islice(iterator, batch_size)):
        rows = BatchRows()
        batch_number = state.next_batch
        now = datetime.now(UTC).replace(tzinfo=None)
        added = sum(add_document(rows, state, coded, batch_number, now) for coded in batch)
        if not added:
            continue
        write_batch(connection, state, rows)
        state.next_batch += 1
        report.batches += 1
        report.documents += added
        report.near_duplicates += sum(1 for row in rows.tables["documents"] if row["duplicate_of"])
        report.sentences += len(rows.tables["sentences"])
        report.copied_sentences += sum(1 for row in rows.tables["sentences"] if row["copy_of"])
        report.events += len(rows.tables["events"])
        if on_commit is not None:
            on_commit(batch_number, report)
    report.seconds = time.perf_counter() - started
    return report
