"""Readable tables for people: the demo's events, evaluation reports, explanations."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from rich.table import Table
from rich.text import Text
from spacy.tokens import Doc

from eventwire.analysis.evaluate import PloverReport, SeedsReport, reliability
from eventwire.records import Actor, Event

QUAD_STYLES = {
    "VERBAL_COOPERATION": "green",
    "MATERIAL_COOPERATION": "bold green",
    "VERBAL_CONFLICT": "yellow",
    "MATERIAL_CONFLICT": "bold red",
}


def actor_label(actors: Iterable[Actor]) -> str:
    parts = []
    for actor in actors:
        code = "/".join(x for x in (actor.country, actor.sector) if x)
        parts.append(f"{actor.name} ({code})" if code else actor.name)
    return ", ".join(parts) or "-"


def events_table(events: list[Event], title: str = "Events") -> Table:
    table = Table(title=title, show_lines=False, expand=True)
    for column, ratio in (("doc", 1), ("actor", 3), ("event", 2), ("recipient", 3), ("place", 2), ("modality", 2)):
        table.add_column(column, ratio=ratio, overflow="fold")
    table.add_column("date", no_wrap=True, min_width=10)
    table.add_column("conf", no_wrap=True, justify="right")
    for event in events:
        name = event.event + (f":{event.mode}" if event.mode else "")
        if event.negated:
            name = "NOT " + name
        modality = event.modality
        if event.attributed_to is not None:
            modality += f" ({event.attributed_to.name})"
        table.add_row(
            event.doc_id,
            actor_label(event.actor),
            Text(name, style=QUAD_STYLES.get(event.quad, "")),
            actor_label(event.recipient),
            event.location.name if event.location else "-",
            modality,
            event.date or "-",
            f"{event.confidence:.2f}",
        )
    return table


def category_table(categories: dict, title: str) -> Table:
    table = Table(title=title)
    for column in ("category", "gold", "predicted", "correct", "precision", "recall", "F1"):
        table.add_column(column, justify="right" if column != "category" else "left")
    for name in sorted(categories):
        score = categories[name]
        table.add_row(name, str(score.gold), str(score.predicted), str(score.correct), f"{score.precision:.2f}", f"{score.recall:.2f}", f"{score.f1:.2f}")
    return table


def reliability_table(confidences: list[tuple[float, bool]]) -> Table:
    table = Table(title="Reliability: confidence band vs share of records with the right category")
    for column in ("confidence", "records", "right"):
        table.add_column(column, justify="right")
    for band, count, share in reliability(confidences):
        table.add_row(band, str(count), f"{share:.2f}" if count else "-")
    return table


def figures_table(figures: dict, title: str) -> Table:
    table = Table(title=title)
    table.add_column("measure")
    table.add_column("value", justify="right")
    for key, value in figures.items():
        table.add_row(key.replace("_", " "), "-" if value is None else str(value))
    return table


def plover_report(report: PloverReport) -> Iterator:
    yield figures_table(report.figures(), "PLOVER gold-standard sentences")
    yield category_table(report.categories, "Top event per sentence, by category")
    confusions = Table(title="Most frequent confusions (gold -> top predicted)")
    for column in ("gold", "predicted", "count"):
        confusions.add_column(column)
    for (gold, predicted), count in report.confusions.most_common(15):
        confusions.add_row(gold, predicted, str(count))
    yield confusions
    yield reliability_table(report.confidences)


def seeds_report(report: SeedsReport) -> Iterator:
    yield figures_table(report.figures(), "Seeds: (sentence, category) pairs")
    yield category_table(report.categories, "By category")
    yield reliability_table(report.confidences)
    if report.missing_sentences:
        yield Text(f"{len(report.missing_sentences)} gold sentences not found in their documents", style="yellow")


def realnews_report(report) -> Iterator:
    """`eventwire eval --gold gold/realnews`: pairs, roles, categories, event-vs-none, reliability."""
    figures = report.figures()
    figures.pop("event_confusion")  # shown as its own table below
    yield figures_table(figures, f"Real-news gold, {report.split} split: (unit, category) pairs")
    yield category_table(report.categories, "By category")
    table = Table(title="Event vs no event, per unit")
    for column in ("gold \\ coded", "event", "none"):
        table.add_column(column, justify="right")
    for gold_has in (True, False):
        table.add_row("event" if gold_has else "none",
                      *(str(report.event_confusion[(gold_has, coded_has)]) for coded_has in (True, False)))
    yield table
    yield reliability_table(report.confidences)


def parse_table(doc: Doc) -> Table:
    table = Table(title="Parse")
    for column in ("i", "text", "lemma", "pos", "dep", "head", "entity"):
        table.add_column(column)
    for token in doc:
        if token.is_space:
            continue
        table.add_row(str(token.i), token.text, token.lemma_, token.pos_, token.dep_, f"{token.head.i} {token.head.text}", token.ent_type_ or "")
    return table


def explain_table(events: list[Event]) -> Table:
    table = Table(title="Events and why", show_lines=True)
    for column in ("trigger", "event", "actor", "recipient", "modality", "why", "conf"):
        table.add_column(column, overflow="fold")
    for event in sorted(events, key=lambda e: -e.confidence):
        name = event.event + (f":{event.mode}" if event.mode else "") + (" (negated)" if event.negated else "")
        source = f" <- {event.attributed_to.name}" if event.attributed_to else ""
        table.add_row(event.trigger, name, actor_label(event.actor), actor_label(event.recipient), event.modality + source, event.rule, f"{event.confidence:.2f}")
    return table


def actors_table(actors: list[Actor], title: str = "Actors") -> Table:
    """Each actor mention with its resolution and why (`eventwire actors`)."""
    table = Table(title=title, show_lines=True, expand=True)
    for column, ratio in (("mention", 3), ("name", 3), ("country", 1), ("sector", 1), ("type", 2), ("why", 7)):
        table.add_column(column, ratio=ratio, overflow="fold")
    for actor in actors:
        table.add_row(actor.text, actor.name, actor.country or "-", actor.sector or "-", actor.type, actor.why or "-")
    return table


def merged_actors_label(actors: list[dict]) -> str:
    return ", ".join(a["name"] + (f" ({a['country']})" if a["country"] else "") for a in actors) or "-"


def stories_table(stories: list[dict], title: str = "Stories") -> Table:
    """Stories as `eventwire stories` prints them: most independent outlets first."""
    table = Table(title=title, expand=True)
    for column, ratio in (("story", 2), ("actor", 3), ("event", 2), ("recipient", 3), ("place", 2)):
        table.add_column(column, ratio=ratio, overflow="fold")
    for column in ("dates", "reports", "docs", "outlets", "contested"):
        table.add_column(column, no_wrap=True, justify="right" if column != "dates" else "left")
    for story in stories:
        dates = story["date_first"] or "-"
        if story["date_last"] and story["date_last"] != story["date_first"]:
            dates += f" .. {story['date_last']}"
        contested = f"yes ({len(story['contradicting_event_ids'])})" if story["contested"] else (
            "disputed" if story.get("disputed") else "no")
        table.add_row(story["id"], merged_actors_label(story["actor"]), story["event"], merged_actors_label(story["recipient"]),
                      story["location"]["name"] if story["location"] else "-", dates, str(story["reports"]),
                      str(story["documents"]), str(story["outlets"]),
                      Text(contested, style="bold red" if story["contested"] else ""))
    return table
