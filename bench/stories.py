"""Story grouping against hand groupings: pairwise precision and recall (issue 17's targets: >= 0.90 / >= 0.80).

    .venv/bin/python bench/stories.py [--window 3] [--shared ../shared] [--heldout]

1. The written multi-outlet set (tests/fixtures/stories/multi_outlet.jsonl, our own text: three
   invented outlets telling the same events differently, with near misses), grouped by hand in
   tests/fixtures/stories/multi_outlet_groups.tsv. The grouping was tuned on it.
2. The five seeds (../shared/corpus/seeds), grouped by hand in tests/fixtures/stories/seeds_groups.tsv
   (by line of ../shared/gold/seeds_events.jsonl), twice: the coder's records, and the gold events
   themselves made records (the grouping apart from the coder's errors); skipped when ../shared is absent.
   The seeds carry no publication date (one a scraped 2020 date stamp, read as its date): their reports
   have no day, and are grouped by category, dyad and place alone.
3. With --heldout, only the held-out written set (tests/fixtures/stories/heldout_multi_outlet.jsonl,
   eight invented outlets, grouped by hand before any grouping ran on it). Each run of it is a use to
   log in bench/README.md ("Stories"): it measures the grouping only while nobody tunes on it.
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
               "intelligence-deal", "sinjar-shelling", "talabtah-again", "benghazi-strike", "naval-drills")
# The held-out set's near misses: the same place days later, the same actors doing something else the
# same day, the same act elsewhere the same day.
HELDOUT_NEAR_MISSES = ("kharkiv-again", "belgorod-accusation", "belgorod-shelling", "baidoa-attack",
                       "khartoum-fighting", "hodeidah-again", "taiz-fighting", "nakhchivan-accusation",
                       "nakhchivan-firing", "kajuru-kidnapping")
CONTESTING = ("negated", "denied", "blames another actor")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--window", type=int, default=None, help="story window in days (default: the store's default, 3)")
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--model", action="store_true", help="weigh the rules with the learned event detector")
    parser.add_argument("--heldout", action="store_true", help="score the held-out written set (log each use)")
    arguments = parser.parse_args()

    from eventwire.config import Config
    from eventwire.pipeline import Coder
    from eventwire.stories.grouping import STORY_WINDOW_DAYS, PlaceHierarchy

    window = STORY_WINDOW_DAYS if arguments.window is None else arguments.window
    coder = Coder.load(Config(detector=arguments.model))
    hierarchy = PlaceHierarchy.from_gazetteer(coder.gazetteer)
    results, near_lines = {}, []
    if arguments.heldout:
        results["held-out"], near = score_written(coder, hierarchy, window, "heldout_multi_outlet", HELDOUT_NEAR_MISSES)
        near_lines.append(f"held-out near misses: {near[0]} records, {near[1]} contested or contesting")
    else:
        results["multi-outlet"], near = score_written(coder, hierarchy, window, "multi_outlet", NEAR_MISSES)
        near_lines.append(f"written near misses: {near[0]} records, {near[1]} contested or contesting")
        seeds = arguments.shared / "corpus" / "seeds"
        if seeds.is_dir():
            results.update(score_seeds(coder, hierarchy, window, arguments.shared))
        else:
            print(f"seeds skipped: {seeds} not found", file=sys.stderr)
    print(f"story window {window} days; " + "; ".join(near_lines))
    print("set           records  grouped pairs  hand pairs  right  precision  recall")
    for name, score in results.items():
        print(f"{name:<13} {score.records:>7} {score.grouped_pairs:>14} {score.hand_pairs:>11} {score.right_pairs:>6}"
              f"  {score.precision:>9.3f} {score.recall:>7.3f}")


def score_written(coder, hierarchy, window: int, name: str, near_misses: tuple[str, ...]):
    """The pairwise score of a written set, and (near-miss records, those contested or contesting)."""
    from eventwire.analysis.evaluate_grouping import group_records, pairwise_score, written_labels
    from eventwire.pipeline import code_documents

    events, stories = group_records(code_documents(coder, written_documents(FIXTURES / f"{name}.jsonl")), window, hierarchy)
    labelled, unmatched = written_labels(events, FIXTURES / f"{name}_groups.tsv")
    if unmatched:
        print(f"{name}: {len(unmatched)} hand rows with no coded record: {unmatched}", file=sys.stderr)
    contested = {stories[e.id].story_id for e in events if stories[e.id].contradiction in CONTESTING}
    near = [e for label, e in labelled if label in near_misses]
    flagged = sum(1 for e in near if stories[e.id].contradiction in CONTESTING or stories[e.id].story_id in contested)
    return pairwise_score((label, stories[e.id].story_id) for label, e in labelled), (len(near), flagged)


def score_seeds(coder, hierarchy, window: int, shared: Path) -> dict:
    """The seeds grouped from the coder's records, and from their gold events."""
    from eventwire.analysis.evaluate_grouping import gold_seed_events, group_records, pairwise_score, seeds_labels
    from eventwire.pipeline import code_documents
    from eventwire.stories.grouping import StoryIndex, assignment_order, load_category_families

    coded = list(code_documents(coder, seed_documents(shared / "corpus" / "seeds")))
    events, stories = group_records(coded, window, hierarchy)
    texts = {c.document.id: c.document.text for c in coded}
    gold = [json.loads(line) for line in (shared / "gold" / "seeds_events.jsonl").open(encoding="utf-8")]
    labelled = seeds_labels(events, texts, gold, FIXTURES / "seeds_groups.tsv")
    results = {"seeds (coder)": pairwise_score((label, stories[e.id].story_id) for label, e in labelled)}
    doc_dates = {c.document.id: c.doc_date for c in coded}
    gold_events = gold_seed_events(gold, texts, doc_dates, lambda name: gold_place(coder.gazetteer, name),
                                   FIXTURES / "seeds_groups.tsv")
    index = StoryIndex(load_category_families(), window, hierarchy)
    label_of = {event.id: label for label, event in gold_events}
    grouped = []
    for document in dict.fromkeys(event.doc_id for _, event in gold_events):  # as the store: a document at a time
        for event in assignment_order(e for _, e in gold_events if e.doc_id == document):
            grouped.append((label_of[event.id], index.assign(event)[0].story_id))
    results["seeds (gold)"] = pairwise_score(grouped)
    return results


def gold_place(gazetteer, name: str):
    """The gazetteer's likeliest reading of a gold place name: an exact name before an alternate one,
    our own curated entries first, then the most populous."""
    from eventwire.records import Place

    candidates = gazetteer.candidates(name)
    if not candidates:
        return None
    best = min(candidates, key=lambda c: (c.kind, not c.entry.curated, -c.entry.population)).entry
    return Place(name, -1, -1, best.name, best.geonameid, best.lat, best.lon, best.country, best.feature)


def written_documents(path: Path):
    from eventwire.records import Document

    rows = [json.loads(line) for line in path.open(encoding="utf-8")]
    return [Document(id=r["id"], text=r["text"], date=r["date"], source=r["source"]) for r in rows]


def seed_documents(folder: Path):
    from eventwire.cleaning import Preparation, prepare_documents
    from eventwire.readers.files import raise_problem, read_txt

    documents = [d for path in sorted(folder.glob("*.txt")) for d in read_txt(path, raise_problem)]
    return list(prepare_documents(documents, Preparation.load(clean=True), raise_problem))


if __name__ == "__main__":
    main()
