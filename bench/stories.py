"""Story grouping against hand groupings: pairwise precision and recall (issue 17's targets: >= 0.90 / >= 0.80).

    .venv/bin/python bench/stories.py [--window 3] [--shared ../shared]

1. The written multi-outlet set (tests/fixtures/stories/multi_outlet.jsonl, our own text: three
   invented outlets telling the same events differently, with near misses), grouped by hand in
   tests/fixtures/stories/multi_outlet_groups.tsv.
2. The five seeds (../shared/corpus/seeds), grouped by hand in tests/fixtures/stories/seeds_groups.tsv
   (by line of ../shared/gold/seeds_events.jsonl); skipped when ../shared is absent.
The event detector is off (EVENTWIRE_MODEL=off) unless --model is given, as in the tests.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "stories"
# The written set's near misses: another town the same day, the same town ten days on, another
# attacker nearby, a negated statement, a negated plan, another pair agreeing the same day.
NEAR_MISSES = ("maarat-hospital", "ariha-again", "afrin-shelling", "detention-statement", "minister-statement",
               "intelligence-deal")
CONTESTING = ("negated", "denied", "blames another actor")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--window", type=int, default=None, help="story window in days (default: the store's default, 3)")
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--model", action="store_true", help="weigh the rules with the learned event detector")
    arguments = parser.parse_args()

    from eventwire.analysis.evaluate_grouping import group_records, pairwise_score, seeds_labels, written_labels
    from eventwire.config import Config
    from eventwire.pipeline import Coder, code_documents
    from eventwire.stories.grouping import STORY_WINDOW_DAYS

    window = STORY_WINDOW_DAYS if arguments.window is None else arguments.window
    coder = Coder.load(Config(detector=arguments.model))
    results = {}
    documents = written_documents()
    events, stories = group_records(code_documents(coder, documents), window)
    labelled, unmatched = written_labels(events, FIXTURES / "multi_outlet_groups.tsv")
    results["multi-outlet"] = pairwise_score((label, stories[e.id].story_id) for label, e in labelled)
    contested = {stories[e.id].story_id for e in events if stories[e.id].contradiction in CONTESTING}
    near = [e for label, e in labelled if label in NEAR_MISSES]
    flagged = sum(1 for e in near if stories[e.id].contradiction or stories[e.id].story_id in contested)
    if unmatched:
        print(f"multi-outlet: {len(unmatched)} hand rows with no coded record: {unmatched}", file=sys.stderr)
    seeds = arguments.shared / "corpus" / "seeds"
    if seeds.is_dir():
        prepared = seed_documents(seeds)
        coded = list(code_documents(coder, prepared))
        events, stories = group_records(coded, window)
        texts = {c.document.id: c.document.text for c in coded}
        gold = [json.loads(line) for line in (arguments.shared / "gold" / "seeds_events.jsonl").open(encoding="utf-8")]
        labelled = seeds_labels(events, texts, gold, FIXTURES / "seeds_groups.tsv")
        results["seeds"] = pairwise_score((label, stories[e.id].story_id) for label, e in labelled)
    else:
        print(f"seeds skipped: {seeds} not found", file=sys.stderr)
    print(f"story window {window} days; written near misses: {len(near)} records, {flagged} contested or contesting")
    print("set           records  grouped pairs  hand pairs  right  precision  recall")
    for name, score in results.items():
        print(f"{name:<13} {score.records:>7} {score.grouped_pairs:>14} {score.hand_pairs:>11} {score.right_pairs:>6}"
              f"  {score.precision:>9.3f} {score.recall:>7.3f}")


def written_documents():
    from eventwire.records import Document

    rows = [json.loads(line) for line in (FIXTURES / "multi_outlet.jsonl").open(encoding="utf-8")]
    return [Document(id=r["id"], text=r["text"], date=r["date"], source=r["source"]) for r in rows]


def seed_documents(folder: Path):
    from eventwire.cleaning import Preparation, prepare_documents
    from eventwire.readers.files import raise_problem, read_txt

    documents = [d for path in sorted(folder.glob("*.txt")) for d in read_txt(path, raise_problem)]
    return list(prepare_documents(documents, Preparation.load(clean=True), raise_problem))


if __name__ == "__main__":
    main()
