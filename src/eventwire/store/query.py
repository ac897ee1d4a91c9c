"""Events and stories out of the store, by filters analysts use.

One `EventFilter` (`store/filters.py`) serves `eventwire events`, `stories` and `export`, the API
and the dashboard: its conditions select event records; a story is selected when any of its records is.
"""

from __future__ import annotations

from typing import Any

import duckdb

from eventwire.records import Actor, Event, place_from_dict
from eventwire.store.filters import (  # noqa: F401 - the filters are part of the query layer's interface
    CONTESTING,
    DISPUTING,
    FILTER_FIELDS,
    REPORT_DATE,
    EventFilter,
    FilterError,
    sql_list,
)
from eventwire.store.schema import EVENT_COLUMNS, RECORD_COLUMNS


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


# A story's dates are its reports' days: the event's date when it is a day, else the day it was
# published (as grouping places reports, `stories/grouping.report_day`).
REPORT_DAY = "CASE WHEN e.date_precision = 'day' OR e.date_precision IS NULL THEN coalesce(e.date, left(e.doc_date, 10)) ELSE left(e.doc_date, 10) END"


def _story_parties(role: str) -> str:
    """One row per story and canonical entity of `role`: an entity (name and country) is listed once,
    with the type and sector most of its reports give it."""
    return f"""
        SELECT story_id, list({{'name': name, 'country': country, 'sector': sector, 'type': type}}
                              ORDER BY name, country) AS {role}
        FROM (SELECT e.story_id, p.name, p.country, mode(p.type) AS type, mode(p.sector) AS sector
              FROM (SELECT e0.story_id, unnest(e0.{role}) AS p FROM events e0
                    WHERE e0.story_id IN (SELECT story_id FROM chosen)) e
              GROUP BY e.story_id, p.name, p.country)
        GROUP BY story_id"""


def stories_sql(event_filter: EventFilter, min_reports: int = 1, min_outlets: int = 1,
                limit: int | None = None) -> tuple[str, list[Any]]:
    where, parameters = event_filter.where()
    # The filter picks stories through their records; the story is then described by all of its records.
    contested = "" if event_filter.contested is None else f"AND contested = {bool(event_filter.contested)}"
    contesting, disputing = sql_list(CONTESTING), sql_list(DISPUTING)
    sql = f"""
        WITH chosen AS (SELECT DISTINCT e.story_id FROM events e WHERE {where}),
        actors AS ({_story_parties("actor")}),
        recipients AS ({_story_parties("recipient")}),
        story AS (
            SELECT e.story_id AS id, any_value(s.event) AS event,
                arg_min(e.location, e.id) FILTER (WHERE e.location IS NOT NULL) AS location,
                min({REPORT_DAY}) AS date_first, max({REPORT_DAY}) AS date_last,
                min(left(e.doc_date, 10)) AS first_seen, max(left(e.doc_date, 10)) AS last_seen,
                count(*) AS reports, count(DISTINCT e.doc_id) AS documents, count(DISTINCT e.outlet) AS outlets,
                bool_or(coalesce(e.background, false)) AS background,
                count(*) FILTER (WHERE e.contradiction IN {contesting}) > 0 AS contested,
                count(*) FILTER (WHERE e.contradiction IN {disputing}) > 0 AS disputed,
                list(e.id ORDER BY e.id) AS event_ids,
                coalesce(list(e.id ORDER BY e.id) FILTER (WHERE e.contradiction IN {contesting}), []) AS contradicting_event_ids,
                coalesce(list(e.id ORDER BY e.id) FILTER (WHERE e.contradiction IN {disputing}), []) AS disputing_event_ids
            FROM events e JOIN stories s ON s.id = e.story_id
            WHERE e.story_id IN (SELECT story_id FROM chosen)
            GROUP BY e.story_id
        )
        SELECT story.id, story.event, coalesce(actors.actor, []) AS actor,
            coalesce(recipients.recipient, []) AS recipient, story.* EXCLUDE (id, event)
        FROM story LEFT JOIN actors ON actors.story_id = story.id LEFT JOIN recipients ON recipients.story_id = story.id
        WHERE reports >= {int(min_reports)} AND outlets >= {int(min_outlets)} {contested}
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
    values["location"] = place_from_dict(row["location"]) if row["location"] else None
    return Event(**values)
