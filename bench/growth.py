"""Issue 9, item 5: how time and memory grow with the corpus (they should grow linearly, memory not at all).

Usage: .venv/bin/python bench/growth.py [--sizes 1000 10000 100000] [--workers 2] [--prefilter triggers]

For each size, the synthetic stories replicated to that many documents are written as JSON Lines in a
temporary folder and coded by `eventwire code FILE -o DIR --workers N` (Parquet partitions), as a user
runs it. Reported: wall seconds, documents/s, seconds per 1,000 documents, CPU seconds (user + system,
the command and its worker processes, by GNU time) per 1,000 documents, which other jobs on the machine
do not inflate as they do wall time, the main process's peak resident memory and each worker's (the
command's own summary), and the largest of any of its processes (GNU time). The load average is printed
before and after each size.
"""

from __future__ import annotations

import argparse
import os
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
    print("| documents | seconds | docs/s | s per 1,000 docs | CPU s per 1,000 docs | events | main process peak MB "
          "| worker peak MB | largest process MB | load before, after |")
    print("|---|---|---|---|---|---|---|---|---|---|", flush=True)
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as folder:
            corpus = write_jsonl(replicated(size), Path(folder) / "corpus.jsonl")
            load_before = os.getloadavg()[0]
            command = ["/usr/bin/time", "-f", "MAXRSS %M CPU %U %S", str(EVENTWIRE), "code", str(corpus), "-o", str(Path(folder) / "out"),
                       "--workers", str(args.workers), "--prefilter", args.prefilter]
            finished = subprocess.run(command, capture_output=True, text=True, check=True)
        summary = re.search(r"(\d+) documents, (\d+) sentences, (\d+) events in ([\d.]+) s", finished.stderr)
        documents, events, seconds = int(summary[1]), int(summary[3]), float(summary[4])
        load_after = os.getloadavg()[0]
        usage = re.search(r"MAXRSS (\d+) CPU ([\d.]+) ([\d.]+)", finished.stderr)
        largest_mb = int(usage[1]) / 1024
        cpu_seconds = float(usage[2]) + float(usage[3])
        main_mb = re.search(r"peak memory of this process (\d+) MB", finished.stderr)[1]
        workers = re.search(r"peak memory per worker: (.*)", finished.stderr)[1].replace(" MB", "")
        print(f"| {documents:,} | {seconds:.0f} | {documents / seconds:.1f} | {1000 * seconds / documents:.1f} "
              f"| {1000 * cpu_seconds / documents:.1f} | {events:,} | {main_mb} | {workers} | {largest_mb:.0f} "
              f"| {load_before:.1f}, {load_after:.1f} |", flush=True)


if __name__ == "__main__":
    main()
