"""Benchmark inputs: the synthetic stories of ../shared/corpus, and a larger corpus replicated from them.

A replicated document gets a new id and a numbered closing line, so no two documents have the same
text (the store would take copies for one document) while the coding work per document stays that of
the stories.
"""

from __future__ import annotations

import gzip
import json
import sys
from collections.abc import Iterator
from itertools import islice
from pathlib import Path

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
STORIES = SHARED / "corpus" / "synthetic_plover_stories.jsonl.gz"


def require_shared() -> None:
    if not STORIES.exists():
        sys.exit(f"needs {STORIES} (the shared corpus beside the repository)")


def stories() -> Iterator[dict]:
    with gzip.open(STORIES, "rt", encoding="utf-8") as stream:
        for line in stream:
            row = json.loads(line)
            yield {"id": row["id"], "text": row["text"], "source": row.get("source")}


def replicated(count: int) -> Iterator[dict]:
    """`count` documents: the stories, then numbered copies of them with a distinct closing line."""
    copy = 0
    while True:
        for row in stories():
            if count <= 0:
                return
            count -= 1
            if copy:
                row = {**row, "id": f"{row['id']}-r{copy}", "text": f"{row['text']}\n\nReplica {copy}."}
            yield row
        copy += 1


def write_jsonl(rows, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as stream:
        for row in rows:
            stream.write(json.dumps(row, ensure_ascii=False) + "\n")
    return path


def first(rows, count: int) -> list[dict]:
    return list(islice(rows, count))
