"""Issue 9, benchmarks (b) and (c): parallel coding, each ratio measured in one run on the same input.

Usage:
  .venv/bin/python bench/parallel.py workers [--documents N]   # (b) --workers 2 against --workers 1, target >= 1.7x
  .venv/bin/python bench/parallel.py dask [--documents N]      # (c) --dask local against --workers, 2 processes each, target >= 0.9x

The input is the synthetic stories replicated to N documents, written once as JSON Lines in a
temporary folder. Each run goes through `scale.run.run_code` as `eventwire code` does (reading,
cleaning, coding, writing JSON Lines), model loading included: it is part of what a user waits for.
For the Dask run the file is cut into blocks of about N/8 documents, so both runs spread the same
work over 2 processes.
"""

from __future__ import annotations

import argparse
import os
import resource
import tempfile
import time
from pathlib import Path

from corpus import replicated, require_shared, write_jsonl

from eventwire.config import Config
from eventwire.pipeline import Coder
from eventwire.scale.cluster import DaskOptions
from eventwire.scale.run import RunOptions, run_code


def cpu_seconds() -> float:
    """CPU time of this process and of its children that have ended (pool workers, Dask nannies and workers)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed_run(path: Path, options: RunOptions, out: Path) -> tuple[float, float, object]:
    problems = []
    cpu = cpu_seconds()
    with out.open("w", encoding="utf-8") as stream:
        report = run_code([str(path)], Config(), options, problems.append, jsonl=stream, load_coder=Coder.load)
    return report.seconds, cpu_seconds() - cpu, report


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("compare", choices=("workers", "dask"))
    parser.add_argument("--documents", type=int, default=2000)
    parser.add_argument("--processes", type=int, default=2)
    args = parser.parse_args()
    require_shared()
    with tempfile.TemporaryDirectory() as folder:
        path = write_jsonl(replicated(args.documents), Path(folder) / "corpus.jsonl")
        n = args.processes
        if args.compare == "workers":
            runs = {"--workers 1": RunOptions(workers=1), f"--workers {n}": RunOptions(workers=n)}
        else:
            block = max(path.stat().st_size // 8, 1)
            runs = {f"--workers {n}": RunOptions(workers=n),
                    f"--dask local ({n} processes)": RunOptions(workers=n, dask=DaskOptions("local", workers=n, block_size=block))}
        results = {}
        for name, options in runs.items():
            load = os.getloadavg()[0]
            seconds, cpu, report = timed_run(path, options, Path(folder) / "events.jsonl")
            results[name] = seconds
            # Cores actually had: CPU seconds over wall seconds. On a shared machine it says how much of
            # the 2 cores other jobs left (load average before the run, for the same reason).
            print(f"  {name:<28} {report.documents} docs {report.events} events {seconds:7.1f} s "
                  f"{report.documents / seconds:6.1f} docs/s, {cpu:6.1f} CPU s ({cpu / seconds:.2f} cores had, "
                  f"load before {load:.1f})  {report.totals.describe_memory()}", flush=True)
        first, second = list(results)
        target = 1.7 if args.compare == "workers" else 0.9
        print(f"{args.documents} documents, cores: {os.cpu_count()}; "
              f"RATIO {second} / {first} = {results[first] / results[second]:.2f} (target >= {target})")


if __name__ == "__main__":
    main()
