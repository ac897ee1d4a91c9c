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


#: Floors keyed "realnews:<split>" are of the real-news gold (gold/realnews), coded with the detector.
REALNEWS_PREFIX = "realnews:"


def measure_realnews(coder: Coder, gold_root: Path, split: str) -> dict:
    from eventwire.analysis.evaluate_realnews import evaluate_realnews
    from eventwire.analysis.realnews import RealNewsGold, shared_gold_beside

    return evaluate_realnews(coder, RealNewsGold.load(gold_root, shared_gold_beside(gold_root)), split).figures()


def floor_names(floors_file: Path) -> list[str]:
    """The gold files (and real-news splits) that `floors_file` pins floors for."""
    return [name for name in json.loads(floors_file.read_text(encoding="utf-8")) if not name.startswith("_")]


def check(coder: Coder, gold_dir: Path, floors_file: Path, model_coder: Coder | None = None,
          gold_root: Path | None = None, only: str | None = None) -> list[str]:
    """Names of the figures that fell below their floors, with both values. The real-news floors
    are checked with `model_coder` on `gold_root` when both are given, and left out otherwise;
    `only` checks one gold file's floors (the tests check each gold file on its own)."""
    floors = json.loads(floors_file.read_text(encoding="utf-8"))
    failures = []
    for name, wanted in floors.items():
        if name.startswith("_") or (only is not None and name != only):
            continue
        if name.startswith(REALNEWS_PREFIX):
            if model_coder is None or gold_root is None:
                continue
            figures = measure_realnews(model_coder, gold_root, name.removeprefix(REALNEWS_PREFIX))
        else:
            figures = measure(coder, gold_dir / name)
        for measure_name, floor in wanted.items():
            value = figures[measure_name]
            if value is None or value < floor:
                failures.append(f"{name}: {measure_name} = {value} is below the floor {floor}")
    return failures
