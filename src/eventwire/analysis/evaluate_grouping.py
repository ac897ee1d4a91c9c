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
The seeds can also be grouped from their gold events themselves (`gold_seed_events`), which measures
the grouping apart from the coder's errors.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from itertools import combinations
from pathlib import Path

from eventwire.errors import InputError
from eventwire.pipeline import CodedDocument
from eventwire.records import Actor, Event, Place
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


def gold_party(sentence: str, sentence_start: int, found: dict) -> Actor:
    """A gold actor as a record's actor, its span where the sentence names it."""
    where = sentence_start + max(sentence.find(found["text"]), 0)
    return Actor(text=found["text"], start=where, end=where + len(found["text"]), name=found.get("name") or found["text"],
                 country=found.get("country"), sector=found.get("sector"), type="state" if found.get("sector") is None else "group")


def gold_seed_events(gold_rows: list[dict], texts: dict[str, str], doc_dates: dict[str, str | None],
                     place_of: Callable[[str], Place | None], grouping: Path) -> list[tuple[str, Event]]:
    """(label, record) for every gold event of the seeds, made a record as the coder would make it: its
    category, modality, negation, actors, recipients and source as the coder coded them; its place the
    gazetteer's reading of the gold place name (`place_of`); no date of its own (the gold's date words
    are not resolved), so its day is its document's date as the reader found it. Records are in gold
    order, a document's together; a line the hand grouping does not list is a story of its own."""
    labels = {int(row["line"]): row["story"] for row in read_table(grouping, ("line", "story"))}
    labelled = []
    for line, row in enumerate(gold_rows, 1):
        start = max(texts.get(row["doc"], "").find(row["sentence"]), 0)
        party = partial(gold_party, row["sentence"], start)
        event = Event(
            id=f"gold-{line}", doc_id=row["doc"], doc_date=doc_dates.get(row["doc"]), source=None, sentence=row["sentence"],
            sent_start=start, trigger="", trigger_start=start, event=row["event"], mode=row.get("mode"), context=(),
            quad="", intensity=0.0, actor=tuple(party(a) for a in row.get("actor") or ()),
            recipient=tuple(party(a) for a in row.get("recipient") or ()), negated=bool(row.get("negated")),
            modality=row.get("modality") or "asserted",
            attributed_to=party(row["attributed_to"]) if row.get("attributed_to") else None,
            location=place_of(row["location"]) if row.get("location") else None, date=None, date_text=row.get("date_text"),
            confidence=1.0)
        labelled.append((labels.get(line, f"line-{line}"), event))
    return labelled
