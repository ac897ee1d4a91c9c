"""`eventwire code --workers N`: N processes, each with its own `Coder`, over a stream of documents.

The main process reads documents and hands them out in chunks; each worker prepares (cleans,
language-checks) and codes its chunk with `nlp.pipe` batching, and results come back in input order,
so the output is the one-process output. At most `2 * workers` chunks are in flight: the corpus is
never held in memory, and a worker's memory is bounded by its models and one chunk.
"""

from __future__ import annotations

import functools
import multiprocessing
import os
import resource
import socket
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from itertools import islice
from typing import TypeVar

from eventwire.cleaning import Preparation, PreparationSummary
from eventwire.config import Config
from eventwire.errors import InputError, NotCodedError
from eventwire.flows import coded as coded_documents
from eventwire.parsing.prefilter import FilterCounts
from eventwire.pipeline import CodedDocument, Coder
from eventwire.records import Document, event_to_json

#: Chunks in flight per worker: one being coded, one waiting, so a worker never idles on the main process.
CHUNKS_PER_WORKER = 2


@dataclass
class ChunkResult:
    """What a worker sends back for one chunk: plain records and counts (they pickle cheaply)."""

    coded: list[CodedDocument]
    problems: list[tuple[bool, str, str, int | None]]  # (not coded?, path, message, line)
    summary: PreparationSummary
    filtered: FilterCounts
    peak_rss_mb: float
    written: tuple[int, int, int] = (0, 0, 0)  # documents, events, sentences a Dask worker wrote itself
    lines: list[str] = field(default_factory=list)  # or its event records as JSON Lines, for a .jsonl output

    def without_documents(self, lines: bool) -> ChunkResult:
        """The same result with its coded documents left behind (written by the worker, or sent back
        as event lines only): what comes back is counts, not texts."""
        coded = self.coded
        return replace(self, coded=[], written=(len(coded), sum(len(c.events) for c in coded), sum(c.sentences for c in coded)),
                       lines=[event_to_json(e) for c in coded for e in c.events] if lines else [])


@dataclass
class RunTotals:
    """Counts over a run, in any mode: preparation, pre-filter and the peak memory of each worker."""

    summary: PreparationSummary = field(default_factory=PreparationSummary)
    filtered: FilterCounts = field(default_factory=FilterCounts)
    peak_rss_mb: dict[str, float] = field(default_factory=dict)

    def add(self, result: ChunkResult, worker: str) -> None:
        merge_summary(self.summary, result.summary)
        self.filtered.add(result.filtered)
        self.peak_rss_mb[worker] = max(self.peak_rss_mb.get(worker, 0.0), result.peak_rss_mb)

    def describe_memory(self) -> str:
        if not self.peak_rss_mb:
            return ""
        return "peak memory per worker: " + ", ".join(f"{mb:.0f} MB" for _, mb in sorted(self.peak_rss_mb.items()))


def merge_summary(total: PreparationSummary, part: PreparationSummary) -> None:
    total.documents += part.documents
    total.cleaned += part.cleaned
    total.removed.update(part.removed)
    total.encoding_fixed += part.encoding_fixed
    total.not_coded.update(part.not_coded)


def peak_rss_mb() -> float:
    """This process's peak resident memory (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def problem_message(problem: InputError) -> tuple[bool, str, str, int | None]:
    """An input problem as plain values: exceptions built with extra arguments do not unpickle."""
    where = f"{problem.path}:{problem.line}" if problem.line is not None else problem.path
    return isinstance(problem, NotCodedError), problem.path, str(problem)[len(where) + 2:], problem.line


def rebuilt_problem(values: tuple[bool, str, str, int | None]) -> InputError:
    not_coded, path, message, line = values
    return (NotCodedError if not_coded else InputError)(path, message, line)


@dataclass
class ChunkCoder:
    """A worker's state, loaded once per process: the coder and the preparation."""

    coder: Coder
    preparation: Preparation

    def run(self, documents: list[Document]) -> ChunkResult:
        problems: list[InputError] = []
        summary, filtered = PreparationSummary(), FilterCounts()
        coded = list(coded_documents(self.coder, documents, self.preparation, problems.append, summary, filtered))
        return ChunkResult(coded, [problem_message(p) for p in problems], summary, filtered, peak_rss_mb())


@functools.lru_cache(maxsize=2)
def worker_coder(config: Config, clean: bool) -> ChunkCoder:
    """The models and lexicons of a worker process (or Dask worker), loaded on its first chunk only."""
    return ChunkCoder(Coder.load(config), Preparation.load(clean=clean))


def _code_chunk(config: Config, clean: bool, documents: list[Document]) -> tuple[str, ChunkResult]:
    return f"{socket.gethostname()}:{os.getpid()}", worker_coder(config, clean).run(documents)


def chunks(documents: Iterable[Document], size: int) -> Iterator[list[Document]]:
    iterator = iter(documents)
    while chunk := list(islice(iterator, size)):
        yield chunk


Tag = TypeVar("Tag")


def code_in_processes(
    tagged_chunks: Iterable[tuple[Tag, list[Document]]], config: Config, workers: int, clean: bool = True,
) -> Iterator[tuple[Tag, str, ChunkResult]]:
    """Each chunk's result, with its tag, in input order, coded by `workers` processes (spawned: no
    state is inherited)."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(workers, mp_context=context, initializer=worker_coder, initargs=(config, clean)) as pool:
        in_flight: deque[tuple[Tag, Future]] = deque()
        for tag, chunk in tagged_chunks:
            in_flight.append((tag, pool.submit(_code_chunk, config, clean, chunk)))
            if len(in_flight) >= workers * CHUNKS_PER_WORKER:
                tag, future = in_flight.popleft()
                yield (tag, *future.result())
        while in_flight:
            tag, future = in_flight.popleft()
            yield (tag, *future.result())


def code_in_process(tagged_chunks: Iterable[tuple[Tag, list[Document]]], coder: Coder,
                    preparation: Preparation) -> Iterator[tuple[Tag, str, ChunkResult]]:
    """The same chunk results from this one process (`--workers 1` without a pool: no copy of the models)."""
    worker = ChunkCoder(coder, preparation)
    for tag, chunk in tagged_chunks:
        yield tag, "main", worker.run(chunk)
