"""Issue 16: the learning curve — held-out F1 against the amount of training text.

Usage: .venv/bin/python bench/detector_curve.py [--fractions 0.25 0.5 1.0]

For each fraction, `eventwire model train --fraction F` fits the detector on that share of the train
articles and synthetic stories (chosen by hash) into a file of its own, then `eventwire eval --gold
gold/realnews --split heldout --detector-file FILE` scores it. Every run is a use of the held-out
split: log it in bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EVENTWIRE = str(REPO / ".venv" / "bin" / "eventwire")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fractions", type=float, nargs="+", default=[0.25, 0.5, 1.0])
    options = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for fraction in options.fractions:
            adapter, report = Path(folder) / f"adapter-{fraction}.npz", Path(folder) / f"report-{fraction}.json"
            subprocess.run([EVENTWIRE, "model", "train", "--synthetic", "gold/synthetic", "--fraction", str(fraction),
                            "--output", str(adapter), "--report", str(report)], cwd=REPO, check=True,
                           stdout=subprocess.DEVNULL)
            trained = json.loads(report.read_text())
            scored = subprocess.run([EVENTWIRE, "eval", "--gold", "gold/realnews", "--split", "heldout", "--json",
                                     "--detector-file", str(adapter)], cwd=REPO, check=True, capture_output=True, text=True)
            heldout = json.loads(scored.stdout)
            rows.append((fraction, trained, heldout))
    print("| fraction | train units | synthetic units | train CV F1 | held-out P | held-out R | held-out F1 |")
    print("|---|---|---|---|---|---|---|")
    for fraction, trained, heldout in rows:
        print(f"| {fraction} | {trained['units']} | {trained['synthetic_units']} | {trained['cross_validated']['f1']} "
              f"| {heldout['precision']} | {heldout['recall']} | {heldout['f1']} |")


if __name__ == "__main__":
    main()
