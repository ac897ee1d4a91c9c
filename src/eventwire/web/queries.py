"""What the API and the pages read from the store: pages of records and the dashboard's aggregates.

Every query selects its events with `EventFilter.where()` (the filter `eventwire events` uses), so
a view shows exactly what the command line would for the same filters. Values only ever reach
DuckDB as parameters; the few SQL fragments chosen by a request (`COUNT_KEYS`) come from fixed tables.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import duckdb

from eventwire.records import QUADS
from eventwire.store.place_fields import location_precision
from eventwire.store.query import CONTESTING, REPORT_DATE, EventFilter, events_sql, rows_as_dicts, sql_list, stories_sql

Connection = duckdb.DuckDBPyConnection

# The day a report belongs to on a timeline: its event's date when that is known to the day,
# else the day it was published (an event dated "2015-10" is not placed on October 1st).
REPORT_DAY = (f"CASE WHEN len({REPORT_DATE}) = 10 THEN {REPORT_DATE} "
              "WHEN len(e.doc_date) >= 10 THEN left(e.doc_date, 10) END")

# What `/api/counts?by=` can group on: name -> SQL expression over `events e`.
COUNT_KEYS = {
    "day": REPORT_DAY,
    "month": f"left({REPORT_DATE}, 7)",
    "year": f"left({REPORT_DATE}, 4)",
    "category": "e.event",
    "quad": "e.quad",
    "modality": "e.modality",
    "place_country": "e.location.country",
    "outlet": "e.outlet",
    "source": "e.source",
}


@dataclass(frozen=True)
class Paging:
    limit: int = 50
    offset: int = 0


def page(rows: list[dict[str, Any]], total: int, paging: Paging) -> dict[str, Any]:
    return {"total": total, "limit": paging.limit, "offset": paging.offset, "items": rows}


def paged(connection: Connection, sql: str, parameters: list[Any], paging: Paging) -> list[dict[str, Any]]:
    """One page of `sql`, which ends with its ORDER BY so that pages follow one another."""
    return rows_as_dicts(connection.execute(f"{sql} LIMIT ? OFFSET ?", [*parameters, paging.limit, paging.offset]))


def scalar(connection: Connection, sql: str, parameters: list[Any]) -> Any:
    return connection.execute(sql, parameters).fetchone()[0]


# The store orders events by date, document and trigger; two categories read from one trigger tie,
# and pages need one order, so the id breaks ties.
TIE_BREAK = ", e.id"


def events_page(connection: Connection, event_filter: EventFilter, paging: Paging) -> dict[str, Any]:
    where, parameters = event_filter.where()
    sql = events_sql(event_filter)[0] + TIE_BREAK
    total = scalar(connection, f"SELECT count(*) FROM events e WHERE {where}", parameters)
    return page(paged(connection, sql, parameters, paging), total, paging)


def stories_page(connection: Connection, event_filter: EventFilter, paging: Paging, min_reports: int = 1,
                 min_outlets: int = 1) -> dict[str, Any]:
    sql, parameters = stories_sql(event_filter, min_reports, min_outlets)
    total = scalar(connection, f"SELECT count(*) FROM ({sql})", parameters)
    return page(paged(connection, sql, parameters, paging), total, paging)


def latest_contested_stories(connection: Connection, event_filter: EventFilter, limit: int = 10) -> list[dict]:
    """Contested stories, the most recently reported first."""
    sql, parameters = stories_sql(EventFilter(**{**event_filter.__dict__, "contested": True}))
    return rows_as_dicts(connection.execute(
        f"SELECT * FROM ({sql}) ORDER BY last_seen DESC NULLS LAST, outlets DESC, id LIMIT ?", [*parameters, limit]))


# A record, a document's records or a story's, asked for by id, come whole: background included.
EVERY_RECORD = EventFilter(include_background=True)


def event_by_id(connection: Connection, event_id: str) -> dict[str, Any] | None:
    sql, parameters = events_sql(EVERY_RECORD)
    rows = rows_as_dicts(connection.execute(f"SELECT * FROM ({sql}) WHERE id = ?", [*parameters, event_id]))
    return rows[0] if rows else None


DOCUMENT_SUMMARY = ("d.id, d.input_id, d.title, d.date, d.doc_date, d.url, d.source, d.author, d.dateline, "
                    "d.language, d.sentences, d.duplicate_of, d.duplicate_similarity, d.ingested_at")


def document_by_id(connection: Connection, doc_id: str) -> dict[str, Any] | None:
    rows = rows_as_dicts(connection.execute(
        f"SELECT {DOCUMENT_SUMMARY}, d.text, d.removed FROM documents d WHERE d.id = ?", [doc_id]))
    return rows[0] if rows else None


def documents_page(connection: Connection, event_filter: EventFilter, paging: Paging) -> dict[str, Any]:
    """Documents with at least one selected event (every document when the filter is empty), newest first."""
    where, parameters = event_filter.where()
    selected = "TRUE" if event_filter == EventFilter() else \
        f"d.id IN (SELECT e.doc_id FROM events e WHERE {where})"
    sql = (f"SELECT {DOCUMENT_SUMMARY}, (SELECT count(*) FROM events x WHERE x.doc_id = d.id) AS events "
           f"FROM documents d WHERE {selected} ORDER BY d.doc_date DESC NULLS LAST, d.id")
    arguments = [] if selected == "TRUE" else parameters
    total = scalar(connection, f"SELECT count(*) FROM documents d WHERE {selected}", arguments)
    return page(paged(connection, sql, arguments, paging), total, paging)


def document_events(connection: Connection, doc_id: str) -> list[dict[str, Any]]:
    sql, parameters = events_sql(EVERY_RECORD)
    return rows_as_dicts(connection.execute(f"SELECT * FROM ({sql}) WHERE doc_id = ? ORDER BY trigger_start",
                                            [*parameters, doc_id]))


def document_places(connection: Connection, doc_id: str) -> list[dict[str, Any]]:
    return rows_as_dicts(connection.execute(
        'SELECT text, "start", "end", name, geonameid, lat, lon, country, feature FROM places '
        "WHERE doc_id = ? ORDER BY position", [doc_id]))


def document_copies(connection: Connection, doc_id: str) -> list[dict[str, Any]]:
    """Sentences of this document that copy another document's, and other documents' copies of its own."""
    return rows_as_dicts(connection.execute(
        "SELECT c.id, c.doc_id, c.text, c.copy_similarity AS similarity, o.id AS original_id, "
        "o.doc_id AS original_doc_id FROM sentences c JOIN sentences o ON o.id = c.copy_of "
        "WHERE (c.doc_id = ? OR o.doc_id = ?) AND c.doc_id <> o.doc_id ORDER BY c.id", [doc_id, doc_id]))


def story_by_id(connection: Connection, story_id: str) -> dict[str, Any] | None:
    sql, parameters = stories_sql(EventFilter(story=story_id, include_background=True))
    rows = rows_as_dicts(connection.execute(sql, parameters))
    return rows[0] if rows else None


def story_reports(connection: Connection, story_id: str) -> list[dict[str, Any]]:
    """Every report of a story with the document it is in and where its text was copied from."""
    sql, parameters = events_sql(EventFilter(story=story_id, include_background=True))
    return rows_as_dicts(connection.execute(
        f"SELECT r.*, d.title AS doc_title, d.input_id AS doc_input_id, d.url AS doc_url, d.source AS doc_source, "
        f"d.duplicate_of, "
        f"d.duplicate_similarity, s.copy_of AS sentence_copy_of, o.doc_id AS sentence_copy_doc, "
        f"s.copy_similarity AS sentence_copy_similarity, ev.outlet "
        f"FROM ({sql}) r JOIN documents d ON d.id = r.doc_id JOIN events ev ON ev.id = r.id "
        f"LEFT JOIN sentences s ON s.id = ev.sentence_id LEFT JOIN sentences o ON o.id = s.copy_of "
        f"ORDER BY r.contradiction NULLS FIRST, coalesce(r.doc_date, '') , r.doc_id", parameters))


def actors_page(connection: Connection, event_filter: EventFilter, paging: Paging,
                role: str | None = None) -> dict[str, Any]:
    """Actors of the selected events by name, with how many events they act in, receive or are cited for."""
    where, parameters = event_filter.where()
    role_condition = "AND a.role = ?" if role else ""
    arguments = [*parameters, *([role] if role else [])]
    sql = (f"SELECT a.name, any_value(a.country) AS country, mode(a.type) AS type, mode(a.sector) AS sector, "
           f"count(DISTINCT a.event_id) AS events, count(*) FILTER (WHERE a.role = 'actor') AS as_actor, "
           f"count(*) FILTER (WHERE a.role = 'recipient') AS as_recipient, "
           f"count(*) FILTER (WHERE a.role = 'attributed_to') AS as_source "
           f"FROM actors a JOIN events e ON e.id = a.event_id WHERE {where} {role_condition} "
           f"GROUP BY a.name ORDER BY events DESC, a.name")
    total = scalar(connection, f"SELECT count(*) FROM ({sql})", arguments)
    return page(paged(connection, sql, arguments, paging), total, paging)


LOCATED = "e.location IS NOT NULL AND e.location.lat IS NOT NULL AND e.location.lon IS NOT NULL"


def places_page(connection: Connection, event_filter: EventFilter, paging: Paging) -> dict[str, Any]:
    """Places where the selected events happened, with how many reports each."""
    where, parameters = event_filter.where()
    sql = (f"SELECT e.location.name AS name, e.location.geonameid AS geonameid, e.location.country AS country, "
           f"e.location.feature AS feature, e.location.lat AS lat, e.location.lon AS lon, count(*) AS events "
           f"FROM events e WHERE {where} AND {LOCATED} GROUP BY ALL ORDER BY events DESC, name")
    total = scalar(connection, f"SELECT count(*) FROM ({sql})", parameters)
    return page(paged(connection, sql, parameters, paging), total, paging)


def counts(connection: Connection, event_filter: EventFilter, by: str, split: str | None = None) -> list[dict]:
    """Number of selected events per value of `by` (and of `split`), keys from `COUNT_KEYS` only."""
    where, parameters = event_filter.where()
    key = COUNT_KEYS[by]
    if split:
        return rows_as_dicts(connection.execute(
            f"SELECT {key} AS key, {COUNT_KEYS[split]} AS split, count(*) AS events FROM events e "
            f"WHERE {where} GROUP BY ALL ORDER BY key NULLS LAST, split", parameters))
    return rows_as_dicts(connection.execute(
        f"SELECT {key} AS key, count(*) AS events FROM events e WHERE {where} GROUP BY ALL "
        f"ORDER BY {'key' if by in ('day', 'month', 'year') else 'events DESC'}, key NULLS LAST", parameters))


PRECISION = {4: "year", 7: "month", 10: "day"}
FINEST_NEEDED = {"day": "day", "week": "day", "month": "month", "year": "year"}
RANK = {"day": 0, "month": 1, "year": 2}
# The axis covers the dates of the middle 99% of reports: one article recalling 1945 does not stretch it.
AXIS_TAIL = 0.005


def period_of(day: date, period: str) -> str:
    if period == "week":
        return (day - timedelta(days=day.weekday())).isoformat()
    return day.isoformat()[:{"day": 10, "month": 7, "year": 4}[period]]


def parsed(value: str | None) -> tuple[date, str] | None:
    """A report date ('YYYY', 'YYYY-MM' or 'YYYY-MM-DD') as its first day and its precision."""
    precision = PRECISION.get(len(value or ""))
    if precision is None:
        return None
    try:
        return date.fromisoformat((value + "-01-01")[:10]), precision
    except ValueError:
        return None


def timeline(connection: Connection, event_filter: EventFilter) -> dict[str, Any]:
    """Reports per period and quad for the overview's chart.

    Periods are days, weeks, months or years, whichever keeps the chart to about 120 bars, and every
    period of the axis has its bar (empty ones too). A report counts on its event's date when that is
    precise enough for the period, else on its publication day; `charted` says how many could be placed.
    """
    where, parameters = event_filter.where()
    rows = connection.execute(
        f"SELECT {REPORT_DATE}, left(e.doc_date, 10), e.quad, count(*) FROM events e WHERE {where} GROUP BY ALL",
        parameters).fetchall()
    total = sum(row[3] for row in rows)
    reports = []
    for value, published_value, quad, n in rows:
        published = parsed(published_value)
        found = parsed(value) or published
        if found is not None:
            reports.append((found, published, quad, n))
    reports.sort(key=lambda report: report[0][0])
    if not reports:
        return {"period": "day", "bars": [], "charted": 0, "total": total}
    dated = sum(n for *_, n in reports)
    running, first, last = 0, None, None
    for (day, _), _, _, n in reports:
        running += n
        if first is None and running > dated * AXIS_TAIL:
            first = day
        if last is None and running >= dated * (1 - AXIS_TAIL):
            last = day
    span = (last - first).days
    period = "day" if span <= 120 else "week" if span <= 7 * 120 else "month" if span <= 3660 else "year"
    bars: dict[str, dict[str, int]] = {}
    day = first
    while day <= last:
        bars.setdefault(period_of(day, period), {quad: 0 for quad in QUADS})
        day += timedelta(days=1 if period == "day" else 7 if period == "week" else 28)
    charted = 0
    for (day, precision), published, quad, n in reports:
        if RANK[precision] > RANK[FINEST_NEEDED[period]]:
            if published is None or published[1] != "day":
                continue
            day = published[0]
        bar = bars.get(period_of(day, period))
        if bar is not None and quad in bar:
            bar[quad] += n
            charted += n
    return {"period": period, "bars": [{"period": label, **bar} for label, bar in sorted(bars.items())],
            "charted": charted, "total": total}


# An actor the text does not name: resolved from a sector word alone ("people", "troops", "police",
# "a military official": its `why` cites sectors.tsv, and no owner such as "Russian" in "Russian jets"),
# or an unidentified perpetrator. Named actors (countries, organisations, people by name) cite their own
# lexicon or rule.
GENERIC_ACTOR = ("bool_and(({role}.why LIKE 'sectors.tsv:%' AND {role}.why NOT LIKE '%owned by%') "
                 "OR {role}.name ILIKE 'unidentified%')")

PAIRS = f"""
    SELECT a.name AS actor, any_value(a.country) AS actor_country, r.name AS recipient,
           any_value(r.country) AS recipient_country, {GENERIC_ACTOR.format(role="a")} AS actor_generic,
           {GENERIC_ACTOR.format(role="r")} AS recipient_generic, count(DISTINCT e.id) AS events,
           count(DISTINCT e.id) FILTER (WHERE e.quad LIKE '%COOPERATION') AS cooperation,
           count(DISTINCT e.id) FILTER (WHERE e.quad LIKE '%CONFLICT') AS conflict
    FROM events e JOIN actors a ON a.event_id = e.id AND a.role = 'actor'
    JOIN actors r ON r.event_id = e.id AND r.role = 'recipient'
    WHERE {{where}} AND a.name IS NOT NULL AND r.name IS NOT NULL AND a.name <> r.name
    GROUP BY a.name, r.name ORDER BY events DESC, a.name, r.name LIMIT ?
"""


def top_pairs(connection: Connection, event_filter: EventFilter, limit: int = 10) -> list[dict[str, Any]]:
    """Who acts on whom most often among the selected events."""
    where, parameters = event_filter.where()
    return rows_as_dicts(connection.execute(PAIRS.format(where=where), [*parameters, limit]))


def network(connection: Connection, event_filter: EventFilter, max_edges: int = 120) -> dict[str, Any]:
    """The actor network: the `max_edges` most frequent actor -> recipient pairs and the actors they join;
    each actor with its event count in these pairs and whether it is generic (`GENERIC_ACTOR`)."""
    edges = top_pairs(connection, event_filter, max_edges)
    nodes: dict[str, dict[str, Any]] = {}
    for edge in edges:
        for role in ("actor", "recipient"):
            node = nodes.setdefault(edge[role], {"id": edge[role], "country": edge[f"{role}_country"], "events": 0,
                                                 "generic": bool(edge[f"{role}_generic"])})
            node["events"] += edge["events"]
    return {"nodes": sorted(nodes.values(), key=lambda n: -n["events"]), "edges": edges}


def map_points(connection: Connection, event_filter: EventFilter) -> list[dict[str, Any]]:
    """One point per place and quad: the map sizes it by reports and colours it by quad. `precision` is the
    place's (store/place_fields.py): the map draws points placed only at a country or region apart."""
    where, parameters = event_filter.where()
    points = rows_as_dicts(connection.execute(
        f"SELECT round(e.location.lat, 3) AS lat, round(e.location.lon, 3) AS lon, "
        f"any_value(e.location.name) AS name, any_value(e.location.country) AS country, "
        f"mode(e.location.feature) AS feature, e.quad, "
        f"count(*) AS reports FROM events e WHERE {where} AND {LOCATED} "
        f"GROUP BY 1, 2, e.quad ORDER BY reports DESC", parameters))
    for point in points:
        point["precision"] = location_precision(point.pop("feature"))
    return points


def events_at(connection: Connection, event_filter: EventFilter, lat: float, lon: float,
              paging: Paging) -> dict[str, Any]:
    """The selected events located at one map point (coordinates as `map_points` rounds them)."""
    sql, parameters = events_sql(event_filter)
    located = (f"SELECT * FROM ({sql}) r WHERE r.location.lat IS NOT NULL AND round(r.location.lat, 3) = ? "
               "AND round(r.location.lon, 3) = ? ORDER BY coalesce(r.date, left(r.doc_date, 10)) NULLS LAST, "
               "r.doc_id, r.trigger_start, r.id")
    arguments = [*parameters, round(lat, 3), round(lon, 3)]
    total = scalar(connection, f"SELECT count(*) FROM ({located})", arguments)
    return page(paged(connection, located, arguments, paging), total, paging)


def store_summary(connection: Connection, event_filter: EventFilter) -> dict[str, Any]:
    where, parameters = event_filter.where()
    row = connection.execute(
        f"SELECT count(*), count(DISTINCT e.doc_id), count(DISTINCT e.story_id), "
        f"count(DISTINCT e.story_id) FILTER (WHERE e.contradiction IN {sql_list(CONTESTING)}), "
        f"min({REPORT_DATE}), max({REPORT_DATE}) FROM events e WHERE {where}", parameters).fetchone()
    return dict(zip(("events", "documents", "stories", "contested_stories", "date_first", "date_last"), row))
