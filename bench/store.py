"""Store benchmark: ingest throughput and size per 1,000 documents, query latency on >= 100,000 events.

    .venv/bin/python bench/store.py [--documents 1000] [--events 100000] [--work out/bench-store]

1. Codes and ingests the first N synthetic stories of ../shared/corpus (full `ingest` path: read, clean,
   code, copies, stories, one transaction per batch) and reports documents per second and MB per 1,000.
2. Replicates the coded documents (each copy's text gets a distinct closing line, so it is a new document and
   a near-duplicate of its original) into a second store until it holds the target number of events,
   reporting the store-only ingest rate.
3. Times each query filter of `eventwire events` and `eventwire stories` on that store (median of 5 runs).
"""

from __future__ import annotations

import argparse
import gzip
import shutil
import statistics
import time
from dataclasses import replace
from pathlib import Path

from eventwire.cleaning import Preparation, prepare_documents
from eventwire.pipeline import Coder, code_documents
from eventwire.readers import read_inputs
from eventwire.store import ingest_coded, load_state, open_store, unstored
from eventwire.store.query import EventFilter, find_events, find_stories

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "synthetic_plover_stories.jsonl.gz"
FILTERS = {
    "actor": EventFilter(actor="Russia"), "recipient": EventFilter(recipient="USA"),
    "country": EventFilter(country="SYR"), "category": EventFilter(category="ASSAULT"),
    "quad": EventFilter(quad="VERBAL_COOPERATION"), "date range": EventFilter(since="2015-01-01", until="2016-12"),
    "place": EventFilter(place="Syria"), "modality": EventFilter(modality="denied"),
    "contested": EventFilter(contested=True), "text search": EventFilter(text="ceasefire"),
}


def size_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*")) / 1e6


def median_ms(function) -> float:
    times = []
    for _ in range(5):
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--work", type=Path, default=Path("out/bench-store"))
    options = parser.parse_args()
    shutil.rmtree(options.work, ignore_errors=True)
    options.work.mkdir(parents=True)
    sample = options.work / "sample.jsonl"
    with gzip.open(CORPUS, "rt", encoding="utf-8") as source, sample.open("w", encoding="utf-8") as target:
        for number, line in enumerate(source):
            if number >= options.documents:
                break
            target.write(line)

    coder = Coder.load()
    db = options.work / "ingest.duckdb"
    connection = open_store(db)
    state = load_state(connection)
    coded = []
    started = time.perf_counter()
    documents = prepare_documents(read_inputs([str(sample)]), Preparation.load(clean=True), print)
    report = ingest_coded(connection, state, (coded.append(c) or c for c in code_documents(coder, unstored(documents, state))))
    seconds = time.perf_counter() - started
    connection.close()
    print(f"ingest (code + store): {report.documents} documents, {report.events} events in {seconds:.1f} s = "
          f"{report.documents / seconds:.1f} documents/s; store {size_mb(db):.1f} MB = "
          f"{size_mb(db) / report.documents * 1000:.1f} MB per 1,000 documents")

    big = options.work / "replicated.duckdb"
    connection = open_store(big)
    state = load_state(connection)
    copies = -(-options.events // max(1, report.events))

    def replicated():
        for copy in range(copies):
            for item in coded:
                text = item.document.text + ("" if copy == 0 else f"\n\nReposted, copy {copy}.")
                yield replace(item, document=replace(item.document, id=f"{item.document.id}-{copy}", text=text))

    started = time.perf_counter()
    report = ingest_coded(connection, state, replicated(), batch_size=256)
    seconds = time.perf_counter() - started
    print(f"store only: {report.documents} documents, {report.events} events in {seconds:.1f} s = "
          f"{report.documents / seconds:.0f} documents/s, {report.events / seconds:.0f} events/s; "
          f"store {size_mb(big):.1f} MB = {size_mb(big) / report.documents * 1000:.1f} MB per 1,000 documents")
    connection.close()

    connection = open_store(big, read_only=True)
    total = connection.execute("SELECT count(*) FROM events").fetchall()[0][0]
    stories = connection.execute("SELECT count(*) FROM stories").fetchall()[0][0]
    print(f"query latency on {total:,} events, {stories:,} stories (median of 5, ms):")
    print(f"  {'filter':<12} {'events':>8} {'ms':>8}   {'stories':>8} {'ms':>8}")
    for name, event_filter in FILTERS.items():
        found = len(find_events(connection, event_filter, limit=100))
        events_ms = median_ms(lambda: find_events(connection, event_filter, limit=100))
        found_stories = len(find_stories(connection, event_filter, limit=100))
        stories_ms = median_ms(lambda: find_stories(connection, event_filter, limit=100))
        print(f"  {name:<12} {found:>8} {events_ms:>8.1f}   {found_stories:>8} {stories_ms:>8.1f}")
    connection.close()


if __name__ == "__main__":
    main()
