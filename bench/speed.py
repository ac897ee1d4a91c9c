"""Coding speed: documents and sentences per second on the seeds and the synthetic stories.

Usage: .venv/bin/python bench/speed.py [--limit N]
Runs in one process (one core for the pipeline); reports the figures as a table.
"""

import argparse
import gzip
import json
import os
import time
from pathlib import Path

from eventwire.pipeline import Coder, code_documents
from eventwire.readers import read_inputs
from eventwire.records import Document

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"


def synthetic(limit: int):
    with gzip.open(SHARED / "corpus" / "synthetic_plover_stories.jsonl.gz", "rt", encoding="utf-8") as stream:
        for number, line in enumerate(stream):
            if number >= limit:
                break
            row = json.loads(line)
            yield Document(id=row["id"], text=row["text"], source=row.get("source"))


def run(coder, name, documents):
    started = time.perf_counter()
    docs = sentences = events = chars = 0
    for coded in code_documents(coder, documents):
        docs += 1
        sentences += coded.sentences
        events += len(coded.events)
        chars += len(coded.document.text)
    seconds = time.perf_counter() - started
    print(f"{name:<22} {docs:>6} docs {sentences:>7} sents {events:>7} events {seconds:7.1f} s "
          f"{docs / seconds:8.1f} docs/s {sentences / seconds:8.1f} sents/s {chars / seconds / 1000:7.1f} kchar/s")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--limit", type=int, default=4500, help="synthetic stories to code")
    args = parser.parse_args()
    started = time.perf_counter()
    coder = Coder.load()
    print(f"models and lexicons loaded in {time.perf_counter() - started:.1f} s; cores available: {os.cpu_count()}, used: 1")
    run(coder, "seeds (5 articles)", read_inputs([str(SHARED / "corpus" / "seeds")]))
    run(coder, f"synthetic ({args.limit})", synthetic(args.limit))


if __name__ == "__main__":
    main()
