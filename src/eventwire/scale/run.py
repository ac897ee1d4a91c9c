"""One `eventwire code` run in any mode, into any output: the contract every mode keeps.

Modes: this process, `--workers N` processes, or a Dask cluster. Outputs: a `.jsonl` file (or
stdout) or a directory of Parquet partitions. Whatever the mode, the records are those
`pipeline.code_documents` makes (through `flows.py`), with the same ids, in input order.

A `.jsonl` output is written whole by every run. A directory is resumable in every mode: each
partition's name carries a key of its input, settings and coder fingerprint, a rerun skips the partitions already
written, and when the run is through, partitions it did not plan are removed (`output.py`).
Without --dask a partition is `--partition-size` documents of the input stream, keyed by their
content; with --dask it is an input file or block, keyed by its URL and byte range.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from eventwire.config import Config
from eventwire.errors import InputError
from eventwire.fingerprint import coder_fingerprint
from eventwire.flows import read_documents
from eventwire.pipeline import CodedDocument
from eventwire.records import Document, document_to_json
from eventwire.scale.cluster import DaskOptions, code_on_dask
from eventwire.scale.output import (
    JsonlSink,
    ParquetSink,
    documents_key,
    partition_done,
    partition_name,
    remove_other_partitions,
)
from eventwire.scale.partitions import settings_text
from eventwire.scale.workers import (
    ChunkResult,
    RunTotals,
    chunks,
    code_in_process,
    code_in_processes,
    rebuilt_problem,
)


@dataclass(frozen=True)
class RunOptions:
    workers: int = 1
    dask: DaskOptions | None = None
    clean: bool = True
    text_column: str | None = None
    partition_size: int = 1000  # documents per Parquet partition (one process and --workers)


@dataclass
class RunReport:
    documents: int = 0
    sentences: int = 0
    events: int = 0
    seconds: float = 0.0
    partitions_skipped: int = 0
    partitions_removed: int = 0  # left in the directory by a run on other input or settings
    partitions_failed: list[str] = field(default_factory=list)
    partition_names: list[str] = field(default_factory=list)  # every partition this run planned
    totals: RunTotals = field(default_factory=RunTotals)


def run_code(
    inputs: list[str], config: Config, options: RunOptions, on_problem: Callable[[InputError], None],
    jsonl: IO[str] | None = None, directory: str | Path | None = None, documents_out: IO[str] | None = None,
    load_coder=None, on_documents: Callable[[int], None] | None = None,
) -> RunReport:
    """Code `inputs` into `jsonl` (an open stream) or `directory` (Parquet partitions, a path or fsspec URL)."""
    report = RunReport()
    started = time.perf_counter()
    sink = JsonlSink(jsonl) if jsonl is not None else ParquetSink(directory)
    target = None if jsonl is not None else directory
    for closes, worker, result in chunk_results(inputs, config, options, on_problem, target, report, load_coder):
        report.totals.add(result, worker)
        for values in result.problems:
            on_problem(rebuilt_problem(values))
        for coded in result.coded:
            sink.add(coded)
            if documents_out is not None:
                documents_out.write(document_to_json(coded.document) + "\n")
            count(report, coded)
        if result.lines:  # from Dask workers, for a .jsonl output only
            sink.add_lines(result.lines)
        written_documents, written_events, written_sentences = result.written
        report.documents += written_documents
        report.events += written_events
        report.sentences += written_sentences
        if closes is not None:
            sink.close(closes)
        if on_documents is not None:
            on_documents(len(result.coded) + written_documents)
    if target is not None:
        report.partitions_removed = remove_other_partitions(target, report.partition_names)
    report.seconds = time.perf_counter() - started
    return report


def count(report: RunReport, coded: CodedDocument) -> None:
    report.documents += 1
    report.sentences += coded.sentences
    report.events += len(coded.events)


def chunk_results(inputs, config, options: RunOptions, on_problem, directory, report: RunReport,
                  load_coder) -> Iterator[tuple[str | None, str, ChunkResult]]:
    """(partition the chunk closes, worker, result) in input order; Dask workers write their own partitions."""
    if options.dask is not None:
        def planned(names: list[str], skipped: int) -> None:
            report.partition_names, report.partitions_skipped = names, skipped

        def failed(partition, error) -> None:
            report.partitions_failed.append(partition.describe())
            on_problem(InputError(partition.describe(), f"partition failed after retries ({error}); "
                                                        "run again to retry it"))

        # With a directory, Dask workers write the partitions themselves: partitioning is by input there.
        for worker, result in code_on_dask(inputs, config, options.dask, options.clean, options.text_column,
                                           directory, on_plan=planned, on_failure=failed):
            yield None, worker, result
        return
    documents = read_documents(inputs, on_problem, config, options.text_column)
    tagged = tagged_chunks(documents, config.batch_size * 2, options.partition_size, directory,
                           settings_text(config, options.clean, coder_fingerprint(config)), report)
    if options.workers > 1:
        yield from code_in_processes(tagged, config, options.workers, options.clean)
        return
    from eventwire.cleaning import Preparation

    coder = load_coder(config)
    yield from code_in_process(tagged, coder, Preparation.load(clean=options.clean))


def tagged_chunks(documents: Iterable[Document], chunk_size: int, partition_size: int, directory: str | Path | None,
                  settings: str, report: RunReport) -> Iterator[tuple[str | None, list[Document]]]:
    """Chunks to code, each tagged with the partition it completes (None for the others and for JSON Lines).

    For a directory, the stream is cut into partitions of `partition_size` documents as read, and a
    partition already written under its name is read past, not coded: the main process holds one
    partition's documents at a time."""
    if directory is None:
        for chunk in chunks(documents, chunk_size):
            yield None, chunk
        return
    for index, part in enumerate(chunks(documents, partition_size)):
        name = partition_name(index, documents_key(part, settings))
        report.partition_names.append(name)
        if partition_done(directory, name):
            report.partitions_skipped += 1
            continue
        pieces = list(chunks(part, chunk_size))
        for number, piece in enumerate(pieces):
            yield (name if number == len(pieces) - 1 else None), piece
