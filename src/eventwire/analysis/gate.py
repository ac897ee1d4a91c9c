"""Accuracy gate: code the gold files and compare the figures with pinned floors."""

from __future__ import annotations

import json
from pathlib import Path

from eventwire.analysis.evaluate import evaluate_plover, evaluate_seeds, gold_format, read_gold
from eventwire.pipeline import Coder


def measure(coder: Coder, gold: Path) -> dict:
    rows = read_gold(gold)
    if gold_format(rows, gold) == "plover":
        return evaluate_plover(coder, rows).figures()
    return evaluate_seeds(coder, rows, gold.resolve().parent.parent / "corpus" / "seeds").figures()


def check(coder: Coder, gold_dir: Path, floors_file: Path) -> list[str]:
    """Names of the figures that fell below their floors, with both values."""
    floors = json.loads(floors_file.read_text(encoding="utf-8"))
    failures = []
    for name, wanted in floors.items():
        if name.startswith("_"):
            continue
        figures = measure(coder, gold_dir / name)
        for measure_name, floor in wanted.items():
            value = figures[measure_name]
            if value is None or value < floor:
                failures.append(f"{name}: {measure_name} = {value} is below the floor {floor}")
    return failures
