"""Score the coder on the real-news gold (`gold/realnews`, issue 16).

The unit is the gold's sentence: a coded event belongs to the unit that holds its trigger, and the
score is over (article, unit, category) pairs, each counted once however many records share it.
Actor and recipient are scored on gold events whose pair was coded: right when a coded record of
that pair has a party of the gold party's country (or, for a party of no country, of its name).
The texts are coded as they are in the corpus (no cleaning), so offsets are the gold's own.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from eventwire.analysis.evaluate import CategoryScore, RoleCounts, pair_figures, share_right_at
from eventwire.analysis.realnews import RealNewsGold, unit_events
from eventwire.flows import coded as coded_documents
from eventwire.pipeline import CodedDocument, Coder

GOLD_CODER = "coder_a"

PairKey = tuple[str, int, str]  # (article key, unit number, category)


@dataclass
class RealNewsReport(RoleCounts):
    split: str = "heldout"
    articles: int = 0
    units: int = 0
    gold_pairs: int = 0
    predicted_pairs: int = 0
    correct_pairs: int = 0
    categories: dict[str, CategoryScore] = field(default_factory=lambda: defaultdict(CategoryScore))
    # (gold unit holds an event, a record was coded in it) -> units
    event_confusion: Counter = field(default_factory=Counter)
    confidences: list[tuple[float, bool]] = field(default_factory=list)
    modality_total: int = 0
    modality_correct: int = 0

    def figures(self) -> dict:
        return {
            "split": self.split,
            "articles": self.articles,
            "units": self.units,
            **pair_figures(self.gold_pairs, self.predicted_pairs, self.correct_pairs),
            "actor_accuracy": self.share("actor"),
            "recipient_accuracy": self.share("recipient"),
            "modality_accuracy": round(self.modality_correct / self.modality_total, 3) if self.modality_total else None,
            "right_at_high_confidence": share_right_at(self.confidences),
            "event_confusion": {f"gold {'event' if g else 'none'} / coded {'event' if c else 'none'}": n
                                for (g, c), n in sorted(self.event_confusion.items(), reverse=True)},
        }


def coded_articles(gold: RealNewsGold, split: str | None) -> list[str]:
    """Articles of the split that the gold coder has coded."""
    return [key for key in gold.docs(split) if gold.annotation_path(GOLD_CODER, key).is_file()]


def unit_of(spans: list[tuple[int, int]], offset: int) -> int:
    """The gold unit holding a character offset, or -1 (between units) ."""
    for number, (start, end) in enumerate(spans):
        if start <= offset < end:
            return number
    return -1


def same_party(gold_party: dict, actor) -> bool:
    if gold_party.get("country"):
        return actor.country == gold_party["country"]
    wanted = {(gold_party.get(k) or "").lower() for k in ("name", "text")} - {""}
    return actor.country is None and any(w in actor.name.lower() or actor.name.lower() in w or
                                         w in actor.text.lower() for w in wanted)


def score_article(report: RealNewsReport, gold: RealNewsGold, coded: CodedDocument) -> None:
    key = coded.document.id
    spans = gold.sentences[key]
    by_unit = unit_events(gold, GOLD_CODER, key)
    gold_pairs: set[PairKey] = {(key, n, e["event"]) for n, events in enumerate(by_unit) for e in events}
    records: dict[PairKey, list] = defaultdict(list)
    for event in coded.events:
        records[(key, unit_of(spans, event.trigger_start), event.event)].append(event)
    for pair, events in records.items():
        right = pair in gold_pairs
        report.categories[pair[2]].predicted += 1
        report.categories[pair[2]].correct += right
        report.confidences.append((max(e.confidence for e in events), right))
    for pair in gold_pairs:
        report.categories[pair[2]].gold += 1
    report.gold_pairs += len(gold_pairs)
    report.predicted_pairs += len(records)
    report.correct_pairs += len(gold_pairs & set(records))
    coded_units = {unit for (_, unit, _) in records}
    for number in range(len(spans)):
        report.event_confusion[(bool(by_unit[number]), number in coded_units)] += 1
    for number, events in enumerate(by_unit):
        for gold_event in events:
            score_roles(report, gold_event, records.get((key, number, gold_event["event"]), []))
    report.articles += 1
    report.units += len(spans)


def score_roles(report: RealNewsReport, gold_event: dict, coded: list) -> None:
    if not coded:
        return
    for role in ("actor", "recipient"):
        wanted = gold_event.get(role) or []
        if wanted:
            report.count(role, any(same_party(g, a) for event in coded for a in getattr(event, role) for g in wanted))
    report.modality_total += 1
    report.modality_correct += any(event.modality == gold_event.get("modality") for event in coded)


def evaluate_realnews(coder: Coder, gold: RealNewsGold, split: str) -> RealNewsReport:
    report = RealNewsReport(split=split)
    keys = coded_articles(gold, None if split == "all" else split)
    # The gold's articles are coded as given: its units index their text as it is.
    for coded in coded_documents(coder, gold.documents(keys), preparation=None):
        score_article(report, gold, coded)
    return report
