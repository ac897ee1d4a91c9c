"""Read → prepare → code → store, written once: every command, the watcher, the web ingest, the
scale workers and the evaluation go through these functions.

* `read_documents`: inputs (files, folders, stdin) into documents, by the readers;
* `coded`: documents prepared (cleaned, language-checked: `cleaning.prepare_documents`) and coded
  (`pipeline.code_documents`); gold texts whose offsets must stay as given skip preparation;
* `store_new`: prepared documents whose text the store does not hold yet, coded and stored in
  batches of one transaction each (`store.ingest`);
* `ingest_into`: all of it for `eventwire ingest` and `eventwire.Store.ingest`, from paths, documents
  in memory or the Parquet partitions `code -o DIR` wrote (stored as coded);
* `StoreIngest`: the same for `eventwire watch`, one round's documents at a time;
* `recode_into`: the stored documents coded again by the current coder (`eventwire recode`).

A change to how documents are prepared or coded is made here, or in the stage itself, once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from eventwire.cleaning import Preparation, PreparationSummary, prepare_documents
from eventwire.config import Config
from eventwire.errors import InputError, NotCodedError
from eventwire.records import Document
from eventwire.store.ingest import (
    IngestReport,
    StoreState,
    document_key,
    ingest_coded,
    load_state,
    set_story_window_days,
    unstored,
)
from eventwire.stories.grouping import NO_HIERARCHY, PlaceHierarchy

if TYPE_CHECKING:  # the pipeline imports spaCy: loaded by the functions that code, not with this module
    import duckdb

    from eventwire.parsing.prefilter import FilterCounts
    from eventwire.pipeline import CodedDocument, Coder
    from eventwire.store.recode import RecodeReport

ProblemHandler = Callable[[InputError], None]


def read_documents(inputs: list[str], on_problem: ProblemHandler | None = None, config: Config | None = None,
                   text_column: str | None = None) -> Iterator[Document]:
    """The documents of `inputs` as read, under the caps of `config` (`readers.ReadOptions`)."""
    from eventwire.readers import ReadOptions, read_inputs

    return read_inputs(inputs, on_problem, options=ReadOptions.from_config(config or Config(), text_column))


def prepared(documents: Iterable[Document], preparation: Preparation, on_problem: ProblemHandler,
             summary: PreparationSummary | None = None) -> Iterator[Document]:
    """Documents cleaned and language-checked as every command codes them (`eventwire read` shows them)."""
    return prepare_documents(documents, preparation, on_problem, summary)


def coded(coder: Coder, documents: Iterable[Document], preparation: Preparation | None,
          on_problem: ProblemHandler | None = None, summary: PreparationSummary | None = None,
          counts: FilterCounts | None = None) -> Iterator[CodedDocument]:
    """Documents prepared by `preparation` and coded, lazily. `preparation=None` codes the texts as
    given: gold sentences and gold articles, whose offsets the gold's own index."""
    from eventwire.pipeline import code_documents

    if preparation is not None:
        documents = prepared(documents, preparation, on_problem or raise_problem, summary)
    return code_documents(coder, documents, counts)


def raise_problem(problem: InputError) -> None:
    raise problem


def store_new(connection: duckdb.DuckDBPyConnection, state: StoreState, coder: Coder,
              prepared_documents: Iterable[Document], batch_size: int = 64,
              on_commit: Callable[[int, IngestReport], None] | None = None,
              on_document: Callable[[int], None] | None = None) -> IngestReport:
    """Code the prepared documents whose text the store does not hold (checked before coding) and store
    them, `batch_size` to a transaction. `on_document(1)` hears each document as it reaches the store."""
    from eventwire.pipeline import code_documents

    if state.stories.hierarchy is NO_HIERARCHY:  # a town and its province are one place to grouping
        state.stories.hierarchy = coder.place_hierarchy
    documents = code_documents(coder, unstored(prepared_documents, state))
    if on_document is not None:
        documents = counting(documents, lambda: on_document(1))
    return ingest_coded(connection, state, documents, batch_size=batch_size, on_commit=on_commit)


def counting(items: Iterable, add: Callable[[], None]) -> Iterator:
    for item in items:
        add()
        yield item


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


def ingest_into(db: str | Path, inputs: list[str] | None, documents: Iterable[Document] | None, load_coder,
                options: IngestOptions = IngestOptions(), on_problem: ProblemHandler | None = None,
                on_document: Callable[[int], None] | None = None, on_commit=None) -> IngestRun:
    """Store `inputs` (paths) or `documents` (records) in the store at `db`; `load_coder()` is called
    only when something needs coding. Parquet partitions that `code -o DIR` wrote are stored as
    coded. `on_document(1)` is called as each document reaches the store's batcher (a progress bar)."""
    from eventwire.scale.output import is_partitions_dir, read_coded
    from eventwire.store.schema import open_store

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
            found = counting((item for directory in inputs for item in read_coded(directory)), seen)
            found = (item for item in found if document_key(item.document.text) not in state.document_ids)
            if on_document is not None:
                found = counting(found, lambda: on_document(1))
            run.report = ingest_coded(connection, state, found, batch_size=options.batch_size, on_commit=on_commit)
        else:
            if documents is None:
                documents = read_documents(inputs or [], problem, text_column=options.text_column)
            ready = counting(prepared(documents, Preparation.load(clean=options.clean), problem, run.preparation), seen)
            run.report = store_new(connection, state, load_coder(), ready, options.batch_size, on_commit, on_document)
    finally:
        connection.close()
    run.already_stored = max(run.read - run.report.documents, 0)
    return run


@dataclass
class StoreIngest:
    """Documents prepared, coded and stored as `eventwire ingest` does it, for `Watcher.ingest`.

    The store's state (ids, copy indexes, stories) is read once per connection, that is once a round,
    so what another command stored between rounds is known.
    """

    coder: Coder
    preparation: Preparation
    on_problem: ProblemHandler
    summary: PreparationSummary | None = None
    batch_size: int = 64
    _loaded: tuple[duckdb.DuckDBPyConnection, StoreState] | None = field(default=None, init=False, repr=False)

    def __call__(self, connection: duckdb.DuckDBPyConnection, documents: list[Document]) -> IngestReport:
        if self._loaded is None or self._loaded[0] is not connection:
            self._loaded = (connection, load_state(connection))
        state = self._loaded[1]
        try:
            return store_new(connection, state, self.coder,
                             prepared(documents, self.preparation, self.on_problem, self.summary), self.batch_size)
        except BaseException:
            self._loaded = None  # after a failed batch the state must be read again (`ingest_coded`)
            raise


def recode_into(db: str | Path, config: Config, load_coder: Callable[[], Coder], batch_size: int = 16,
                on_document: Callable[[int], None] | None = None) -> RecodeReport:
    """Code the stored documents again with the coder of `config`, those another coder made
    (`store/recode.py`): nothing is fetched or read again, each document's records are replaced in one
    transaction, and a rerun after an interruption goes on with the documents left. `load_coder()` is
    called only when a document needs it."""
    from eventwire.fingerprint import coder_fingerprint
    from eventwire.pipeline import code_documents
    from eventwire.store.recode import recode_store

    loaded: list[Coder] = []

    def code(documents: Iterable[Document]) -> Iterator[CodedDocument]:
        if not loaded:
            loaded.append(load_coder())
        return code_documents(loaded[0], documents)

    def hierarchy() -> PlaceHierarchy:
        if loaded:
            return loaded[0].place_hierarchy
        from eventwire.places import load_gazetteer

        return PlaceHierarchy.from_gazetteer(load_gazetteer())

    return recode_store(db, coder_fingerprint(config), code, batch_size, on_document, hierarchy)
