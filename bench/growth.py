"""Issue 9, item 5: how time and memory grow with the corpus (they should grow linearly, memory not at all).

Usage: .venv/bin/python bench/growth.py [--sizes 1000 10000 100000] [--workers 2] [--prefilter triggers]

For each size, the synthetic stories replicated to that many documents are written as JSON Lines in a
temporary folder and coded by `eventwire code FILE -o DIR --workers N` (Parquet partitions), as a user
runs it. Reported: wall seconds, documents/s, seconds per 1,000 documents, the main process's peak
resident memory and each worker's (the command's own summary), and the largest of any of its processes
(GNU time).
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from corpus import replicated, require_shared, write_jsonl

EVENTWIRE = Path(sys.executable).parent / "eventwire"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--prefilter", default="triggers")
    args = parser.parse_args()
    require_shared()
    print("| documents | seconds | docs/s | s per 1,000 docs | events | main process peak MB | worker peak MB | largest process MB |")
    print("|---|---|---|---|---|---|---|---|", flush=True)
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as folder:
            corpus = write_jsonl(replicated(size), Path(folder) / "corpus.jsonl")
            command = ["/usr/bin/time", "-f", "MAXRSS %M", str(EVENTWIRE), "code", str(corpus), "-o", str(Path(folder) / "out"),
                       "--workers", str(args.workers), "--prefilter", args.prefilter]
            finished = subprocess.run(command, capture_output=True, text=True, check=True)
        summary = re.search(r"(\d+) documents, (\d+) sentences, (\d+) events in ([\d.]+) s", finished.stderr)
        documents, events, seconds = int(summary[1]), int(summary[3]), float(summary[4])
        largest_mb = int(re.search(r"MAXRSS (\d+)", finished.stderr)[1]) / 1024
        main_mb = re.search(r"peak memory of this process (\d+) MB", finished.stderr)[1]
        workers = re.search(r"peak memory per worker: (.*)", finished.stderr)[1].replace(" MB", "")
        print(f"| {documents:,} | {seconds:.0f} | {documents / seconds:.1f} | {1000 * seconds / documents:.1f} | {events:,} "
              f"| {main_mb} | {workers} | {largest_mb:.0f} |", flush=True)


if __name__ == "__main__":
    main()
