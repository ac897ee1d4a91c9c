"""One `eventwire code` run in any mode, into any output: the contract every mode keeps.

Modes: this process, `--workers N` processes, or a Dask cluster. Outputs: a `.jsonl` file (or
stdout) or a directory of Parquet partitions. Whatever the mode, the records are those
`pipeline.code_documents` makes, with the same ids, in input order.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from eventwire.config import Config
from eventwire.errors import InputError
from eventwire.pipeline import CodedDocument
from eventwire.readers import ReadOptions, read_inputs
from eventwire.records import document_to_json
from eventwire.scale.cluster import DaskOptions, code_on_dask
from eventwire.scale.output import JsonlSink, ParquetSink
from eventwire.scale.workers import ChunkResult, RunTotals, code_in_process, code_in_processes, rebuilt_problem


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
    partitions_failed: list[str] = field(default_factory=list)
    totals: RunTotals = field(default_factory=RunTotals)


def run_code(
    inputs: list[str], config: Config, options: RunOptions, on_problem: Callable[[InputError], None],
    jsonl: IO[str] | None = None, directory: Path | None = None, documents_out: IO[str] | None = None,
    load_coder=None, on_document: Callable[[], None] | None = None,
) -> RunReport:
    """Code `inputs` into `jsonl` (an open stream) or `directory` (Parquet partitions)."""
    report = RunReport()
    started = time.perf_counter()
    sink = JsonlSink(jsonl) if jsonl is not None else ParquetSink(directory, options.partition_size)
    for worker, result in chunk_results(inputs, config, options, on_problem, directory, report, load_coder):
        report.totals.add(result, worker)
        for values in result.problems:
            on_problem(rebuilt_problem(values))
        for coded in result.coded:
            sink.add(coded)
            if documents_out is not None:
                documents_out.write(document_to_json(coded.document) + "\n")
            count(report, coded)
            if on_document is not None:
                on_document()
        written_documents, written_events, written_sentences = result.written
        report.documents += written_documents
        report.events += written_events
        report.sentences += written_sentences
    sink.flush()
    report.seconds = time.perf_counter() - started
    return report


def count(report: RunReport, coded: CodedDocument) -> None:
    report.documents += 1
    report.sentences += coded.sentences
    report.events += len(coded.events)


def chunk_results(inputs, config, options: RunOptions, on_problem, directory, report: RunReport,
                  load_coder) -> Iterator[tuple[str, ChunkResult]]:
    if options.dask is not None:
        def skipped(count: int) -> None:
            report.partitions_skipped = count

        def failed(partition, error) -> None:
            report.partitions_failed.append(partition.describe())
            on_problem(InputError(partition.describe(), f"partition failed after retries ({error}); "
                                                        "run again to retry it"))

        # With a directory, Dask workers write the partitions themselves: partitioning is by input there.
        yield from code_on_dask(inputs, config, options.dask, options.clean, options.text_column,
                                directory, skipped, failed)
        return
    documents = read_inputs(inputs, on_problem, options=ReadOptions(text_column=options.text_column))
    if options.workers > 1:
        yield from code_in_processes(documents, config, options.workers, options.clean)
        return
    from eventwire.cleaning import Preparation

    coder = load_coder(config)
    yield from code_in_process(documents, coder, Preparation.load(clean=options.clean))
