"""Issue 16: the event detector's speed cost, against bare spaCy parsing of the same articles.

Usage: .venv/bin/python bench/detector_speed.py [--repeat R]

Passes over GeoWebNews (../shared/gold/geowebnews.jsonl, 200 articles), one after the other in one
process, every model loaded once before any timing:
  bare              nlp.pipe over every article with the model eventwire loads (all sentences parsed)
  rules             eventwire's coding without the detector, pre-filter off
  rules+triggers    the same with the trigger pre-filter
  model             eventwire's coding with the detector, every sentence parsed
  model+detector    the detector reads each rough sentence first; sentences in which it finds no
                    category at least PARSE_FLOOR likely are not parsed (pre-filter `detector`)
Prints documents/s (wall) and CPU seconds (user + system of this process, which the other jobs of a
busy machine do not inflate) for each, their ratio to bare parsing, and how many sentences the
detector pre-filter skipped. Target (issue 16): model+detector >= 1.0x bare.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

from eventwire.config import Config
from eventwire.parsing.prefilter import FilterCounts
from eventwire.pipeline import Coder, code_documents
from eventwire.records import Document

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def articles() -> list[Document]:
    path = SHARED / "gold" / "geowebnews.jsonl"
    if not path.is_file():
        raise SystemExit(f"{path} not found: ../shared must be beside the repository")
    with path.open(encoding="utf-8") as stream:
        return [Document(id=row["id"], text=row["text"]) for row in map(json.loads, stream)]


def measured(run) -> tuple[float, float, object]:
    wall, cpu = time.perf_counter(), os.times()
    result = run()
    after = os.times()
    return time.perf_counter() - wall, (after.user - cpu.user) + (after.system - cpu.system), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1, help="passes of each mode; the fastest is kept")
    options = parser.parse_args()
    documents = articles()
    coders = {
        "rules": Coder.load(Config(detector=False)),
        "rules+triggers": Coder.load(Config(detector=False, prefilter="triggers")),
        "model": Coder.load(Config(detector=True)),
        "model+detector": Coder.load(Config(detector=True, prefilter="detector")),
    }
    nlp = coders["rules"].nlp
    for coder in coders.values():  # what is built on first use is not timed
        list(code_documents(coder, documents[:2]))
    runs = {"bare": lambda: sum(1 for _ in nlp.pipe((d.text for d in documents), batch_size=32))}
    counts: dict[str, FilterCounts] = {}
    for name, coder in coders.items():
        def run(coder=coder, name=name):
            counts[name] = FilterCounts()
            return sum(len(c.events) for c in code_documents(coder, documents, counts[name]))
        runs[name] = run
    results = {}
    for name, run in runs.items():
        best = min((measured(run) for _ in range(options.repeat)), key=lambda r: r[0])
        results[name] = best
    bare_wall, bare_cpu = results["bare"][0], results["bare"][1]
    print(f"{len(documents)} GeoWebNews articles, load {os.getloadavg()[0]:.1f}")
    print(f"{'mode':<16} {'docs/s':>8} {'x bare':>7} {'CPU s':>7} {'CPU x bare':>10} {'events':>7} {'skipped':>8}")
    for name, (wall, cpu, events) in results.items():
        skipped = counts.get(name)
        note = f"{skipped.skipped}/{skipped.sentences}" if skipped and skipped.sentences else "-"
        print(f"{name:<16} {len(documents) / wall:8.1f} {bare_wall / wall:7.2f} {cpu:7.1f} {bare_cpu / cpu:10.2f} "
              f"{events if name != 'bare' else '-':>7} {note:>8}")


if __name__ == "__main__":
    main()
