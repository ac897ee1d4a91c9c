"""Geoparsing accuracy and speed on GeoWebNews or LGL (../shared/gold), scored by score_geo.py.

Usage: .venv/bin/python bench/geo.py [--corpus gwn|lgl] [--split all|train|heldout] [--cold] [--out PRED.jsonl]
       [--min-acc X] [--min-score S]

Runs what `eventwire geoparse` runs, in one process, writes the predictions, then prints the scorer's
report and the timings. `--split` keeps the articles of one split of the team's article split
(`realnews.split_of`, keys gwn-<id> / lgl-<id>): the place ranker is trained on `train`; `heldout` is
scored at milestones only, each use logged in bench/README.md (`train` is the default; `all` scores the whole
corpus, held-out articles included: a milestone too). --cold builds the gazetteer index in a fresh cache directory first, to time the
build. --speed-only times without scoring. --min-score drops places scored below it, as `geoparse --min-score` does.
Exit status 1 when --min-acc is given and acc@161 km over all gold toponyms is below it.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from eventwire.analysis.realnews import CORPORA, split_of
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


def of_split(source: Path, target: Path, prefix: str, split: str) -> int:
    """The lines of `source` (gold or predictions) whose article is in `split`; their number."""
    kept = 0
    with source.open(encoding="utf-8") as rows, target.open("w", encoding="utf-8") as out:
        for line in rows:
            if line.strip() and (split == "all" or split_of(f"{prefix}-{json.loads(line)['id']}") == split):
                out.write(line)
                kept += 1
    return kept


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cold", action="store_true", help="build the gazetteer index in a fresh cache first")
    parser.add_argument("--out", type=Path, default=Path("out/geowebnews-places.jsonl"))
    parser.add_argument("--min-acc", type=float, default=None)
    parser.add_argument("--corpus", choices=("gwn", "lgl"), default="gwn")
    parser.add_argument("--split", choices=("all", "train", "heldout"), default="train")
    parser.add_argument("--min-score", type=float, default=0.0)
    parser.add_argument("--speed-only", action="store_true", help="time only; no scores (for --split all without reading held-out figures)")
    args = parser.parse_args()
    source = GOLD_DIR / CORPORA[args.corpus]
    if not source.exists():
        print(f"no {source}: ../shared is not beside the repository")
        return 2
    config = Config(detector=False)  # as `eventwire geoparse`: places only
    with tempfile.TemporaryDirectory() as scratch:
        gold = Path(scratch) / f"{args.corpus}-{args.split}.jsonl"
        print(f"{of_split(source, gold, args.corpus, args.split)} articles of {source.name}, split {args.split}")
        if args.cold:
            config = replace(config, cache_dir=Path(scratch))
            started = time.perf_counter()
            load_gazetteer(config.cache_dir)
            print(f"gazetteer index built in {time.perf_counter() - started:.1f} s")
        started, cpu = time.perf_counter(), time.process_time()
        load_gazetteer(config.cache_dir)
        print(f"gazetteer index loaded in {time.perf_counter() - started:.2f} s ({time.process_time() - cpu:.2f} CPU s)")
        started = time.perf_counter()
        coder = Coder.load(config)
        print(f"models, lexicons and gazetteer loaded in {time.perf_counter() - started:.1f} s")
        args.out.parent.mkdir(parents=True, exist_ok=True)
        started, cpu = time.perf_counter(), time.process_time()
        documents = 0
        with args.out.open("w", encoding="utf-8") as out:
            for document, places in geoparse_documents(coder, read_inputs([str(gold)])):
                kept = [p for p in places if p.score is None or p.score >= args.min_score]
                out.write(json.dumps({"id": document.id, "places": [to_dict(p) for p in kept]}, ensure_ascii=False) + "\n")
                documents += 1
        seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu
        # CPU seconds (user + system of this process) say what the wall time would be on an idle machine
        print(f"geoparsed {documents} documents in {seconds:.1f} s ({documents / seconds:.1f} docs/s, one process; "
              f"{cpu_seconds:.1f} CPU s; load average {os.getloadavg()[0]:.1f})\n")
        if args.speed_only:
            return 0
        report = score(gold, args.out)
        print(report)
    acc = last_line(report)["acc161"]
    if args.min_acc is not None and acc < args.min_acc:
        print(f"acc161 {acc:.4f} is below {args.min_acc}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
