"""Events and stories out of the store, by filters analysts use.

One `EventFilter` serves `eventwire events`, `stories` and `export`: its
conditions select event records; a story is selected when any of its records is.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import duckdb

from eventwire.records import Actor, Event, Place

RECORD_COLUMNS = (
    "id", "doc_id", "doc_date", "source", "sentence", "sent_start", "trigger", "trigger_start", "event", "mode",
    "context", "quad", "intensity", "actor", "recipient", "negated", "modality", "attributed_to", "location",
    "date", "date_text", "confidence", "rule",
)
EVENT_COLUMNS = RECORD_COLUMNS + ("story_id", "contradiction")

# A report's date is its event's date, else its publication date.
REPORT_DATE = "coalesce(e.date, left(e.doc_date, 10))"


@dataclass(frozen=True)
class EventFilter:
    actor: str | None = None  # name (substring, any case) or ISO-3 country of an actor
    recipient: str | None = None
    country: str | None = None  # ISO-3 of an actor, a recipient or the place
    category: str | None = None  # PLOVER category
    quad: str | None = None
    since: str | None = None  # YYYY[-MM[-DD]]: the report's date at or after
    until: str | None = None
    place: str | None = None  # place name (substring) or ISO-3 country of the place
    modality: str | None = None
    contested: bool | None = None  # only records of contested (True) or uncontested (False) stories
    text: str | None = None  # words in the evidence sentence
    story: str | None = None
    input_id: str | None = None  # the id the input gave the document: file name, JSON "id" or URL

    def where(self) -> tuple[str, list[Any]]:
        """SQL conditions on `events e` and their parameters."""
        conditions: list[str] = []
        parameters: list[Any] = []

        def add(condition: str, *values: Any) -> None:
            conditions.append(condition)
            parameters.extend(values)

        for role, value in (("actor", self.actor), ("recipient", self.recipient)):
            if value:
                add(f"len(list_filter(e.{role}, lambda a: a.name ILIKE '%' || ? || '%' OR a.country = upper(?))) > 0",
                    value, value)
        if self.country:
            add("(list_contains(list_transform(e.actor, lambda a: a.country), upper(?)) OR "
                "list_contains(list_transform(e.recipient, lambda a: a.country), upper(?)) OR e.location.country = upper(?))",
                self.country, self.country, self.country)
        if self.category:
            add("e.event = upper(?)", self.category)
        if self.quad:
            add("e.quad = upper(?)", self.quad)
        if self.modality:
            add("e.modality = lower(?)", self.modality)
        if self.since:
            add(f"{REPORT_DATE} >= ?", self.since)
        if self.until:
            # "2015-10" includes every day of October
            add(f"left({REPORT_DATE}, len(?)) <= ?", self.until, self.until)
        if self.place:
            add("(e.location.name ILIKE '%' || ? || '%' OR e.location.country = upper(?))", self.place, self.place)
        if self.text:
            add("e.sentence ILIKE '%' || ? || '%'", self.text)
        if self.story:
            add("e.story_id = ?", self.story)
        if self.input_id:
            add("e.doc_id IN (SELECT d.id FROM documents d WHERE d.input_id = ?)", self.input_id)
        if self.contested is not None:
            negation = "" if self.contested else "NOT "
            add(f"e.story_id {negation}IN (SELECT story_id FROM events WHERE contradiction IS NOT NULL)")
        return (" AND ".join(conditions) or "TRUE"), parameters


def rows_as_dicts(relation: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    names = [column[0] for column in relation.description]
    return [dict(zip(names, row)) for row in relation.fetchall()]


def events_sql(event_filter: EventFilter, limit: int | None = None) -> tuple[str, list[Any]]:
    where, parameters = event_filter.where()
    columns = ", ".join(f'e."{name}"' for name in EVENT_COLUMNS)
    sql = f"SELECT {columns} FROM events e WHERE {where} ORDER BY {REPORT_DATE} NULLS LAST, e.doc_id, e.trigger_start"
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    return sql, parameters


def find_events(connection: duckdb.DuckDBPyConnection, event_filter: EventFilter,
                limit: int | None = None) -> list[dict[str, Any]]:
    """Event records as the output schema has them, plus `story_id` and `contradiction`."""
    sql, parameters = events_sql(event_filter, limit)
    return rows_as_dicts(connection.execute(sql, parameters))


MERGED_ACTOR = "lambda a: {'name': a.name, 'country': a.country, 'sector': a.sector, 'type': a.type}"


def stories_sql(event_filter: EventFilter, min_reports: int = 1, min_outlets: int = 1,
                limit: int | None = None) -> tuple[str, list[Any]]:
    where, parameters = event_filter.where()
    # The filter picks stories through their records; the story is then described by all of its records.
    contested = "" if event_filter.contested is None else f"AND contested = {bool(event_filter.contested)}"
    sql = f"""
        WITH chosen AS (SELECT DISTINCT e.story_id FROM events e WHERE {where}),
        story AS (
            SELECT e.story_id AS id, any_value(s.event) AS event,
                list_sort(list_distinct(flatten(list(list_transform(e.actor, {MERGED_ACTOR}))))) AS actor,
                list_sort(list_distinct(flatten(list(list_transform(e.recipient, {MERGED_ACTOR}))))) AS recipient,
                arg_min(e.location, e.id) FILTER (WHERE e.location IS NOT NULL) AS location,
                min({REPORT_DATE}) AS date_first, max({REPORT_DATE}) AS date_last,
                min(left(e.doc_date, 10)) AS first_seen, max(left(e.doc_date, 10)) AS last_seen,
                count(*) AS reports, count(DISTINCT e.doc_id) AS documents, count(DISTINCT e.outlet) AS outlets,
                count(e.contradiction) > 0 AS contested,
                list(e.id ORDER BY e.id) AS event_ids,
                coalesce(list(e.id ORDER BY e.id) FILTER (WHERE e.contradiction IS NOT NULL), []) AS contradicting_event_ids
            FROM events e JOIN stories s ON s.id = e.story_id
            WHERE e.story_id IN (SELECT story_id FROM chosen)
            GROUP BY e.story_id
        )
        SELECT * FROM story WHERE reports >= {int(min_reports)} AND outlets >= {int(min_outlets)} {contested}
        ORDER BY outlets DESC, reports DESC, id
    """
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    return sql, parameters


def find_stories(connection: duckdb.DuckDBPyConnection, event_filter: EventFilter, min_reports: int = 1,
                 min_outlets: int = 1, limit: int | None = None) -> list[dict[str, Any]]:
    """Story records as the schema's section "Story record" has them (plus first and last seen)."""
    sql, parameters = stories_sql(event_filter, min_reports, min_outlets, limit)
    return rows_as_dicts(connection.execute(sql, parameters))


def copies_of(connection: duckdb.DuckDBPyConnection, doc_id: str | None = None) -> list[dict[str, Any]]:
    """Sentences that copy an earlier one, with the original beside them."""
    sql = ("SELECT c.id, c.doc_id, c.text, c.copy_similarity AS similarity, o.id AS original_id, "
           "o.doc_id AS original_doc_id, o.text AS original_text FROM sentences c JOIN sentences o ON o.id = c.copy_of")
    parameters: list[Any] = []
    if doc_id:
        sql += " WHERE c.doc_id = ? OR o.doc_id = ?"
        parameters = [doc_id, doc_id]
    return rows_as_dicts(connection.execute(sql + " ORDER BY c.id", parameters))


def event_record(row: dict[str, Any]) -> Event:
    """A stored row back as the `Event` the coder made (for the tables `report.py` draws)."""
    values = {name: row[name] for name in RECORD_COLUMNS}
    values["context"] = tuple(row["context"] or ())
    values["actor"] = tuple(Actor(**a) for a in row["actor"] or ())
    values["recipient"] = tuple(Actor(**a) for a in row["recipient"] or ())
    values["attributed_to"] = Actor(**row["attributed_to"]) if row["attributed_to"] else None
    values["location"] = Place(**row["location"]) if row["location"] else None
    return Event(**values)
