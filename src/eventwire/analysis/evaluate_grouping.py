"""Score story grouping against a grouping written by hand: pairwise precision and recall.

Every pair of labelled records is a pair the hand grouping puts in one story or not, and one the
stories put together or not. Precision is the share of pairs grouped together that the hand
grouping also has together; recall the share of hand-grouped pairs the stories found. Records
are grouped as the store groups them (`StoryIndex`, in input order, a document's records most
confident first); only records the hand grouping labels are scored, so the figures measure the
grouping, not the event coder (its misses and extra records are counted apart).

Two hand groupings are read:
* a written multi-outlet set: rows `doc, category, trigger, story`, one per coded record;
* the seeds: rows `line, story` naming the lines of the seeds' gold events; a coded record takes
  the label of the gold event of its sentence and category (as `evaluate_seeds` matches them).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

from eventwire.errors import InputError
from eventwire.pipeline import CodedDocument
from eventwire.records import Event
from eventwire.stories.grouping import (
    NO_HIERARCHY,
    STORY_WINDOW_DAYS,
    Assignment,
    PlaceHierarchy,
    StoryIndex,
    assignment_order,
    load_category_families,
)


@dataclass(frozen=True)
class PairScore:
    records: int  # labelled records scored
    grouped_pairs: int  # pairs the stories put together
    hand_pairs: int  # pairs the hand grouping puts together
    right_pairs: int  # pairs both put together

    @property
    def precision(self) -> float:
        return self.right_pairs / self.grouped_pairs if self.grouped_pairs else 1.0

    @property
    def recall(self) -> float:
        return self.right_pairs / self.hand_pairs if self.hand_pairs else 1.0


def pairwise_score(labelled: Iterable[tuple[str, str]]) -> PairScore:
    """Score (hand label, story id) pairs, one per record."""
    records = list(labelled)
    grouped = hand = right = 0
    for (label_a, story_a), (label_b, story_b) in combinations(records, 2):
        together, same = story_a == story_b, label_a == label_b
        grouped += together
        hand += same
        right += together and same
    return PairScore(len(records), grouped, hand, right)


def group_records(coded: Iterable[CodedDocument], window_days: int = STORY_WINDOW_DAYS,
                  hierarchy: PlaceHierarchy = NO_HIERARCHY) -> tuple[list[Event], dict[str, Assignment]]:
    """Every record of the documents, and its story (id and contradiction), grouped as `eventwire ingest` groups them."""
    index = StoryIndex(load_category_families(), window_days, hierarchy)
    events: list[Event] = []
    stories: dict[str, Assignment] = {}
    for document in coded:
        kept: dict[str, Event] = {}
        for event in sorted(document.events, key=lambda e: -e.confidence):
            kept.setdefault(event.id, event)  # one trigger read twice as one category: one record, as stored
        for event in assignment_order(kept.values()):
            stories[event.id] = index.assign(event)[0]
            events.append(event)
    return events, stories


def read_table(path: Path, columns: tuple[str, ...]) -> list[dict[str, str]]:
    """Rows of a tab-separated hand grouping: `#` comment lines, a header, then rows."""
    rows, header = [], None
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if header is None:
            if tuple(cells) != columns:
                raise InputError(str(path), f"header {cells} should be {list(columns)}", number)
            header = cells
            continue
        if len(cells) != len(columns):
            raise InputError(str(path), f"expected {len(columns)} cells, found {len(cells)}", number)
        rows.append(dict(zip(columns, cells)))
    return rows


def written_labels(events: list[Event], grouping: Path) -> tuple[list[tuple[str, Event]], list[str]]:
    """(label, record) for the records the written grouping lists; and the rows no record matched."""
    wanted = {(row["doc"], row["category"], row["trigger"].casefold()): row["story"]
              for row in read_table(grouping, ("doc", "category", "trigger", "story"))}
    labelled, seen = [], set()
    for event in events:
        key = (event.doc_id, event.event, event.trigger.casefold())
        if key in wanted:
            labelled.append((wanted[key], event))
            seen.add(key)
    return labelled, [" ".join(key) for key in wanted if key not in seen]


def seeds_labels(events: list[Event], texts: dict[str, str], gold_rows: list[dict], grouping: Path) -> list[tuple[str, Event]]:
    """(label, record) for the records that code a gold event of the seeds: the record's trigger is in
    the gold event's sentence and it has its category. Sentences with two gold events of one category
    and different labels are left out (the record cannot say which it codes)."""
    labels = {int(row["line"]): row["story"] for row in read_table(grouping, ("line", "story"))}
    by_key: dict[tuple[str, int, int, str], set[str]] = {}
    for line, row in enumerate(gold_rows, 1):
        text = texts.get(row["doc"], "")
        start = text.find(row["sentence"])
        if start < 0 or line not in labels:
            continue
        by_key.setdefault((row["doc"], start, start + len(row["sentence"]), row["event"]), set()).add(labels[line])
    labelled = []
    for event in events:
        for (doc, start, end, category), found in by_key.items():
            if doc == event.doc_id and category == event.event and start <= event.trigger_start < end and len(found) == 1:
                labelled.append((next(iter(found)), event))
                break
    return labelled
