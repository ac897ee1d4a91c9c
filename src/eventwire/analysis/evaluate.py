"""`eventwire eval`: code gold-standard files and score the result.

Two gold formats are read (`../shared/gold/README.md`):
* PLOVER gold-standard records, one sentence per line with `text`, `event`,
  `actor` and `recipient` (codes): scored per sentence on the top event
  (highest confidence), on whether the gold category is among the events,
  and on actor / recipient country.
* the seeds format, one event per line with `doc`, `sentence`, `event`:
  scored as precision, recall and F1 of (sentence, category) pairs over the
  documents named, read from `--docs`.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from eventwire.analysis.realnews import read_jsonl
from eventwire.cleaning import Preparation
from eventwire.errors import InputError
from eventwire.flows import coded as coded_documents
from eventwire.pipeline import Coder
from eventwire.readers.files import raise_problem, read_txt
from eventwire.records import Document


def read_gold(path: Path) -> list[dict]:
    """Every row of a gold JSON Lines file (a bad line is an error naming it)."""
    return read_jsonl(path)


def gold_format(rows: list[dict], path: Path) -> str:
    if rows and all("sentence" in r and "doc" in r for r in rows):
        return "seeds"
    if rows and all("text" in r and "event" in r for r in rows):
        return "plover"
    raise InputError(str(path), "neither the PLOVER gold-standard format nor the seeds format")


@dataclass
class CategoryScore:
    gold: int = 0
    predicted: int = 0
    correct: int = 0

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.correct / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def pair_figures(gold: int, predicted: int, correct: int) -> dict:
    """Counts, precision, recall and F1 of (sentence, category) pairs."""
    p = correct / predicted if predicted else 0.0
    r = correct / gold if gold else 0.0
    return {"gold_pairs": gold, "predicted_pairs": predicted, "precision": round(p, 3), "recall": round(r, 3),
            "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0}


@dataclass
class RoleCounts:
    """How often a gold actor (recipient) was among the coded ones, for both gold formats."""

    actor_total: int = 0
    actor_correct: int = 0
    recipient_total: int = 0
    recipient_correct: int = 0

    def count(self, role: str, right: bool) -> None:
        setattr(self, f"{role}_total", getattr(self, f"{role}_total") + 1)
        setattr(self, f"{role}_correct", getattr(self, f"{role}_correct") + bool(right))

    def share(self, role: str) -> float | None:
        total = getattr(self, f"{role}_total")
        return round(getattr(self, f"{role}_correct") / total, 3) if total else None


@dataclass
class PloverReport(RoleCounts):
    sentences: int = 0
    events: int = 0
    top_correct: int = 0
    any_correct: int = 0
    no_event: int = 0
    categories: dict[str, CategoryScore] = field(default_factory=lambda: defaultdict(CategoryScore))
    confusions: Counter = field(default_factory=Counter)
    # (confidence of the top event, whether its category is right), for the reliability table
    confidences: list[tuple[float, bool]] = field(default_factory=list)

    def figures(self) -> dict:
        n = self.sentences or 1
        return {
            "sentences": self.sentences,
            "top_category_accuracy": round(self.top_correct / n, 3),
            "gold_among_events": round(self.any_correct / n, 3),
            "no_event": self.no_event,
            # The targets allow at most one event per sentence beyond the top one, on average.
            "extra_events_per_sentence": round((self.events - self.sentences) / n, 3),
            "right_at_high_confidence": share_right_at(self.confidences),
            "actor_country_accuracy": self.share("actor"),
            "recipient_country_accuracy": self.share("recipient"),
        }


def gold_codes(actors: list[dict]) -> set[str]:
    return {a.get("code") for a in actors if a.get("code")}


def predicted_codes(actors: Iterable) -> set[str]:
    """Country codes of predicted actors; an intergovernmental body or its official counts as
    "IGO", a non-governmental one as "NGO" and an armed group of no state as "IMG", as the gold
    standard codes them."""
    codes = set()
    for actor in actors:
        if actor.type == "igo" or (actor.sector == "IGO" and actor.country is None):
            codes.add("IGO")
        elif actor.type == "ngo" or (actor.sector == "NGO" and actor.country is None):
            codes.add("NGO")
        elif actor.type == "armed_group" and actor.country is None:
            codes.add("IMG")  # PLOVER's code for a transnational militarized group (manual, table 5.1)
        elif actor.country:
            codes.add(actor.country)
    return codes


def evaluate_plover(coder: Coder, rows: list[dict]) -> PloverReport:
    report = PloverReport()
    documents = [Document(id=str(row.get("id", n)), text=row["text"], date=row.get("date")) for n, row in enumerate(rows)]
    # Gold sentences are coded as given: no cleaning, which could drop a line the gold codes.
    for row, coded in zip(rows, coded_documents(coder, documents, preparation=None)):
        gold = row["event"]
        events = sorted(coded.events, key=lambda e: -e.confidence)
        report.sentences += 1
        report.events += len(events)
        report.categories[gold].gold += 1
        top = events[0] if events else None
        if top is None:
            report.no_event += 1
            report.confusions[(gold, "(none)")] += 1
        else:
            report.categories[top.event].predicted += 1
            right = top.event == gold
            report.confidences.append((top.confidence, right))
            if right:
                report.top_correct += 1
                report.categories[gold].correct += 1
            else:
                report.confusions[(gold, top.event)] += 1
        if any(e.event == gold for e in events):
            report.any_correct += 1
        # Actor scores on the top event of the gold category if there is one, else the top event.
        scored = next((e for e in events if e.event == gold), top)
        for role, gold_actors in (("actor", row.get("actor") or []), ("recipient", row.get("recipient") or [])):
            wanted = gold_codes(gold_actors)
            if not wanted:
                continue
            got = predicted_codes(getattr(scored, role)) if scored else set()
            report.count(role, bool(wanted & got))
    return report


@dataclass
class SeedsReport(RoleCounts):
    """(sentence, category) pairs; the role counts are over gold events whose pair was coded."""

    documents: int = 0
    gold_pairs: int = 0
    predicted_pairs: int = 0
    correct_pairs: int = 0
    categories: dict[str, CategoryScore] = field(default_factory=lambda: defaultdict(CategoryScore))
    missing_sentences: list[str] = field(default_factory=list)
    confidences: list[tuple[float, bool]] = field(default_factory=list)

    def figures(self) -> dict:
        return {
            "documents": self.documents,
            **pair_figures(self.gold_pairs, self.predicted_pairs, self.correct_pairs),
            "actor_accuracy": self.share("actor"),
            "recipient_accuracy": self.share("recipient"),
            "right_at_high_confidence": share_right_at(self.confidences),
        }


def same_actor(gold: dict, actor) -> bool:
    """A coded actor is the gold one when its state matches, or, for an actor with no state (the
    UN, the Islamic State), when its canonical name does."""
    if gold.get("country"):
        return actor.country == gold["country"]
    name = (gold.get("name") or gold.get("text") or "").lower()
    return bool(name) and actor.country is None and actor.name.lower() == name


def evaluate_seeds(coder: Coder, rows: list[dict], docs_dir: Path) -> SeedsReport:
    """Score (sentence, category) pairs. A predicted event belongs to the gold
    sentence that contains its trigger; outside any gold sentence it is keyed
    by its own sentence, so events in uncoded text count against precision."""
    report = SeedsReport()
    by_doc: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        by_doc[row["doc"]].append(row)
    documents = []
    for name in sorted(by_doc):
        path = docs_dir / name
        if not path.is_file():
            raise InputError(str(path), "document named in the gold file not found (use --docs)")
        documents.extend(read_txt(path, raise_problem))
    # The documents are prepared (cleaned) as `eventwire code` prepares them, so the score is of what it outputs.
    for coded in coded_documents(coder, documents, Preparation.load(clean=True), raise_problem):
        report.documents += 1
        text = coded.document.text
        spans: dict[tuple[int, int], str] = {}
        gold_pairs: set[tuple[tuple[int, int], str]] = set()
        found_rows: list[tuple[tuple[int, int], dict]] = []
        for row in by_doc[coded.document.id]:
            start = text.find(row["sentence"])
            if start < 0:
                report.missing_sentences.append(f"{coded.document.id}: {row['sentence'][:60]}")
                continue
            span = (start, start + len(row["sentence"]))
            spans[span] = row["sentence"]
            gold_pairs.add((span, row["event"]))
            found_rows.append((span, row))
        best: dict[tuple[tuple[int, int], str], float] = {}
        coded_by_key: dict[tuple[tuple[int, int], str], list] = defaultdict(list)
        for event in coded.events:
            span = next((s for s in spans if s[0] <= event.trigger_start < s[1]), (event.sent_start, event.sent_start + len(event.sentence)))
            key = (span, event.event)
            best[key] = max(best.get(key, 0.0), event.confidence)
            coded_by_key[key].append(event)
        for span, row in found_rows:
            candidates = coded_by_key.get((span, row["event"]), [])
            if not candidates:
                continue
            for role in ("actor", "recipient"):
                wanted = row.get(role) or []
                if not wanted:
                    continue
                report.count(role, any(same_actor(g, a) for event in candidates for a in getattr(event, role) for g in wanted))
        for (span, category), conf in best.items():
            right = (span, category) in gold_pairs
            report.categories[category].predicted += 1
            report.categories[category].correct += right
            report.confidences.append((conf, right))
        for _, category in gold_pairs:
            report.categories[category].gold += 1
        report.gold_pairs += len(gold_pairs)
        report.predicted_pairs += len(best)
        report.correct_pairs += len(gold_pairs & set(best))
    return report


HIGH_CONFIDENCE = 0.8


def share_right_at(confidences: list[tuple[float, bool]], threshold: float = HIGH_CONFIDENCE) -> float | None:
    """Share of records at or above `threshold` confidence that are right: a calibrated coder keeps
    it at or above the threshold (issue 4: records at >= 0.8 are right >= 80% of the time)."""
    inside = [right for conf, right in confidences if conf >= threshold]
    return round(sum(inside) / len(inside), 3) if inside else None


def reliability(confidences: list[tuple[float, bool]], bands: tuple[float, ...] = (0.0, 0.4, 0.6, 0.8, 1.01)) -> Iterator[tuple[str, int, float]]:
    """(band, records, share right) for each confidence band."""
    for low, high in zip(bands, bands[1:]):
        inside = [right for conf, right in confidences if low <= conf < high]
        label = f"{low:.1f}-{min(high, 1.0):.1f}"
        yield label, len(inside), (sum(inside) / len(inside) if inside else 0.0)
