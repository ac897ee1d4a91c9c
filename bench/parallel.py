"""Issue 9, benchmarks (b) and (c): parallel coding, each ratio measured in one run on the same input.

Usage:
  .venv/bin/python bench/parallel.py workers [--documents N]   # (b) --workers 2 against --workers 1, target >= 1.7x
  .venv/bin/python bench/parallel.py dask [--documents N]      # (c) --dask local against --workers, 2 processes each, target >= 0.9x
  ... [--output parquet|jsonl]                                 # what both runs write (default: parquet)

The input is the synthetic stories replicated to N documents, written once as JSON Lines in a
temporary folder. Each run goes through `scale.run.run_code` as `eventwire code` does (reading,
cleaning, coding, writing), model loading included: it is part of what a user waits for. Both runs
of one comparison write the same kind of output: a fresh directory of Parquet partitions (the
cluster's output: with --dask the workers write it) or a JSON Lines file. For the Dask run the file
is cut into `--blocks` blocks (default 8, about N/8 documents each), so both runs spread the same work
over 2 processes.
"""

from __future__ import annotations

import argparse
import os
import resource
import tempfile
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
    if out.suffix == ".jsonl":
        with out.open("w", encoding="utf-8") as stream:
            report = run_code([str(path)], Config(), options, problems.append, jsonl=stream, load_coder=Coder.load)
    else:
        report = run_code([str(path)], Config(), options, problems.append, directory=out, load_coder=Coder.load)
    return report.seconds, cpu_seconds() - cpu, report


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("compare", choices=("workers", "dask"))
    parser.add_argument("--documents", type=int, default=2000)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--output", choices=("parquet", "jsonl"), default="parquet", help="what both runs write")
    parser.add_argument("--blocks", type=int, default=8, help="Dask partitions the input file is cut into")
    args = parser.parse_args()
    require_shared()
    with tempfile.TemporaryDirectory() as folder:
        path = write_jsonl(replicated(args.documents), Path(folder) / "corpus.jsonl")
        n = args.processes
        if args.compare == "workers":
            runs = {"--workers 1": RunOptions(workers=1), f"--workers {n}": RunOptions(workers=n)}
        else:
            block = max(path.stat().st_size // args.blocks, 1)
            runs = {f"--workers {n}": RunOptions(workers=n),
                    f"--dask local ({n} processes)": RunOptions(workers=n, dask=DaskOptions("local", workers=n, block_size=block))}
        results = {}
        for number, (name, options) in enumerate(runs.items()):
            load = os.getloadavg()[0]
            out = Path(folder) / (f"events-{number}.jsonl" if args.output == "jsonl" else f"out-{number}")
            seconds, cpu, report = timed_run(path, options, out)
            results[name] = seconds
            # Cores actually had: CPU seconds over wall seconds. On a shared machine it says how much of
            # the 2 cores other jobs left (load average before the run, for the same reason).
            print(f"  {name:<28} {report.documents} docs {report.events} events {seconds:7.1f} s "
                  f"{report.documents / seconds:6.1f} docs/s, {cpu:6.1f} CPU s ({cpu / seconds:.2f} cores had, "
                  f"load before {load:.1f})  {report.totals.describe_memory()}", flush=True)
        first, second = list(results)
        target = 1.7 if args.compare == "workers" else 0.9
        blocks = f", {args.blocks} Dask blocks" if args.compare == "dask" else ""
        print(f"{args.documents} documents, {args.output} output{blocks}, cores: {os.cpu_count()}, load after {os.getloadavg()[0]:.1f}; "
              f"RATIO {second} / {first} = {results[first] / results[second]:.2f} (target >= {target})")


if __name__ == "__main__":
    main()
