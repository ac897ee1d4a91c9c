"""Read, prepare, code and store: what `eventwire ingest` and `eventwire.Store.ingest` both run.

Inputs are files and folders (any reader), Parquet partitions that `code -o DIR` wrote (stored as
coded), or documents already in memory. Documents whose text is stored already are skipped before
they are coded; the counts say how many.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from eventwire.cleaning import Preparation, PreparationSummary, prepare_documents
from eventwire.errors import InputError, NotCodedError
from eventwire.records import Document
from eventwire.store.ingest import IngestReport, document_key, ingest_coded, load_state, set_story_window_days, unstored
from eventwire.store.schema import open_store
from eventwire.stories.grouping import PlaceHierarchy


@dataclass
class IngestRun:
    """What one ingest did: stored (`report`), skipped as already stored, and what preparation saw."""

    report: IngestReport = field(default_factory=IngestReport)
    read: int = 0  # documents read and prepared (or coded documents found in partitions)
    already_stored: int = 0
    preparation: PreparationSummary = field(default_factory=PreparationSummary)
    problems: list[InputError] = field(default_factory=list)

    @property
    def input_problems(self) -> int:
        """Inputs that could not be read (documents left uncoded for their language are counted apart)."""
        return sum(not isinstance(p, NotCodedError) for p in self.problems)


@dataclass(frozen=True)
class IngestOptions:
    batch_size: int = 64  # documents per transaction
    clean: bool = True
    text_column: str | None = None
    story_window_days: int | None = None  # set the store's story window (kept for later runs)


def counting(items: Iterable, add: Callable[[], None]) -> Iterator:
    for item in items:
        add()
        yield item


def ingest_into(db: str | Path, inputs: list[str] | None, documents: Iterable[Document] | None, load_coder,
                options: IngestOptions = IngestOptions(), on_problem: Callable[[InputError], None] | None = None,
                on_document: Callable[[int], None] | None = None, on_commit=None) -> IngestRun:
    """Store `inputs` (paths) or `documents` (records) in the store at `db`; `load_coder()` is called
    only when something needs coding. `on_document(1)` is called as each document reaches the store's
    batcher (for a progress bar)."""
    from eventwire.pipeline import code_documents
    from eventwire.readers import ReadOptions, read_inputs
    from eventwire.scale.output import is_partitions_dir, read_coded

    run = IngestRun()

    def problem(error: InputError) -> None:
        run.problems.append(error)
        if on_problem is not None:
            on_problem(error)

    def seen() -> None:
        run.read += 1

    connection = open_store(db)
    try:
        if options.story_window_days is not None:
            set_story_window_days(connection, options.story_window_days)
        state = load_state(connection)
        if inputs and all(is_partitions_dir(item) for item in inputs):
            # Parquet partitions from `eventwire code -o DIR` (any mode, --dask too): stored as coded,
            # grouped into stories with the places' hierarchy as coding them here would be.
            from eventwire.places import load_gazetteer

            state.stories.hierarchy = PlaceHierarchy.from_gazetteer(load_gazetteer())
            coded = counting((item for directory in inputs for item in read_coded(directory)), seen)
            coded = (item for item in coded if document_key(item.document.text) not in state.document_ids)
        else:
            if documents is None:
                documents = read_inputs(inputs or [], problem, options=ReadOptions(text_column=options.text_column))
            prepared = prepare_documents(documents, Preparation.load(clean=options.clean), problem, run.preparation)
            coder = load_coder()
            state.stories.hierarchy = PlaceHierarchy.from_gazetteer(coder.gazetteer)  # a town and its province
            coded = code_documents(coder, unstored(counting(prepared, seen), state))
        if on_document is not None:
            coded = counting(coded, lambda: on_document(1))
        run.report = ingest_coded(connection, state, coded, batch_size=options.batch_size, on_commit=on_commit)
    finally:
        connection.close()
    run.already_stored = max(run.read - run.report.documents, 0)
    return run
