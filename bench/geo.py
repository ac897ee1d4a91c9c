"""Geoparsing accuracy and speed on GeoWebNews (../shared/gold/geowebnews.jsonl), scored by score_geo.py.

Usage: .venv/bin/python bench/geo.py [--cold] [--out PRED.jsonl] [--min-acc X]

Runs what `eventwire geoparse` runs, in one process, writes the predictions, then prints the scorer's
report, its figures split by even and odd document ids (rules were worked out looking at errors in the
even half only: the odd half is the fairer figure for news the rules have not seen), and the timings.
--cold builds the gazetteer index in a fresh cache directory first, to time the build.
Exit status 1 when --min-acc is given and acc@161 km over all gold toponyms is below it.
"""

import argparse
import json
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from eventwire.config import Config
from eventwire.pipeline import Coder, geoparse_documents
from eventwire.places import load_gazetteer
from eventwire.readers import read_inputs
from eventwire.records import to_dict

GOLD_DIR = Path(__file__).resolve().parent.parent.parent / "shared" / "gold"


def score(gold: Path, pred: Path) -> str:
    result = subprocess.run([sys.executable, str(GOLD_DIR / "score_geo.py"), str(gold), str(pred)],
                            capture_output=True, text=True, check=True)
    return result.stdout


def last_line(report: str) -> dict[str, float]:
    return {key: float(value) for key, value in (item.split("=") for item in report.strip().splitlines()[-1].split())}


def half(source: Path, target: Path, odd: bool) -> None:
    with source.open(encoding="utf-8") as rows, target.open("w", encoding="utf-8") as out:
        for line in rows:
            if line.strip() and int(json.loads(line)["id"]) % 2 == odd:
                out.write(line)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cold", action="store_true", help="build the gazetteer index in a fresh cache first")
    parser.add_argument("--out", type=Path, default=Path("out/geowebnews-places.jsonl"))
    parser.add_argument("--min-acc", type=float, default=None)
    args = parser.parse_args()
    gold = GOLD_DIR / "geowebnews.jsonl"
    if not gold.exists():
        print(f"no {gold}: ../shared is not beside the repository")
        return 2
    config = Config()
    with tempfile.TemporaryDirectory() as scratch:
        if args.cold:
            config = replace(config, cache_dir=Path(scratch))
            started = time.perf_counter()
            load_gazetteer(config.cache_dir)
            print(f"gazetteer index built in {time.perf_counter() - started:.1f} s")
        started = time.perf_counter()
        load_gazetteer(config.cache_dir)
        print(f"gazetteer index loaded in {time.perf_counter() - started:.2f} s")
        started = time.perf_counter()
        coder = Coder.load(config)
        print(f"models, lexicons and gazetteer loaded in {time.perf_counter() - started:.1f} s")
        args.out.parent.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        documents = 0
        with args.out.open("w", encoding="utf-8") as out:
            for document, places in geoparse_documents(coder, read_inputs([str(gold)])):
                out.write(json.dumps({"id": document.id, "places": [to_dict(p) for p in places]}, ensure_ascii=False) + "\n")
                documents += 1
        seconds = time.perf_counter() - started
        print(f"geoparsed {documents} documents in {seconds:.1f} s ({documents / seconds:.1f} docs/s, one process)\n")
        report = score(gold, args.out)
        print(report)
        for name, odd in (("even ids (rules tuned on)", False), ("odd ids (held out)", True)):
            gold_half, pred_half = Path(scratch) / f"gold-{odd}.jsonl", Path(scratch) / f"pred-{odd}.jsonl"
            half(gold, gold_half, odd)
            half(args.out, pred_half, odd)
            print(f"{name:<26} " + " ".join(f"{k}={v:.4f}" for k, v in last_line(score(gold_half, pred_half)).items()))
    acc = last_line(report)["acc161"]
    if args.min_acc is not None and acc < args.min_acc:
        print(f"acc161 {acc:.4f} is below {args.min_acc}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
