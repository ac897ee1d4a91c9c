"""Fail (exit 1) when accuracy on ../shared/gold (rules) or on the real-news gold's held-out split
(with the detector) drops below bench/eval_floors.json.

Usage: .venv/bin/python bench/eval_gate.py [GOLD_DIR]
"""

import sys
from pathlib import Path

from eventwire.analysis.gate import check
from eventwire.config import Config
from eventwire.pipeline import Coder

HERE = Path(__file__).resolve().parent


def main() -> int:
    gold_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE.parent.parent / "shared" / "gold"
    failures = check(Coder.load(Config(detector=False)), gold_dir, HERE / "eval_floors.json",
                     Coder.load(Config(detector=True)), HERE.parent / "gold" / "realnews")
    for failure in failures:
        print("below floor:", failure)
    print("eval gate:", "FAILED" if failures else "passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
