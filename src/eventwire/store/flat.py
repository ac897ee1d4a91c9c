"""One flat row per event, with its document and story: the table analysts load as it comes.

The stored records keep actors and places nested; here each event becomes one row of plain values
(first actor and recipient in their own columns, every party in `actor1_all` / `actor2_all` as a JSON
list), joined with its document (the user's own `input_id`, URL, title, outlet, dates) and carrying a
CAMEO code, a date precision and a location precision. `FLAT_COLUMNS` is the contract
(docs/record-schema.md, "Flat export"); `GDELT_COLUMNS` is the same rows under GDELT 2.0's names.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import duckdb

from eventwire.store.cameo import CameoTable, load_cameo_table
from eventwire.store.place_fields import admin1_names, location_precision
from eventwire.store.query import EVENT_COLUMNS, REPORT_DATE, EventFilter

FLAT_COLUMNS = (
    # the event
    "event_id", "date", "date_precision", "background", "event", "mode", "context", "quad", "intensity",
    "cameo_code", "negated", "modality", "attributed_to",
    # the actor and the recipient
    "actor1_name", "actor1_country", "actor1_sector", "actor1_type", "actor1_all",
    "actor2_name", "actor2_country", "actor2_sector", "actor2_type", "actor2_all",
    # the place
    "place_name", "place_country", "place_adm1", "geonameid", "feature_code", "latitude", "longitude",
    "location_precision",
    # the evidence
    "sentence", "sent_start", "trigger", "trigger_start", "confidence", "coder",
    # the document
    "doc_id", "input_id", "url", "title", "outlet", "published", "ingested_at",
    # the story
    "story_id",
)
DATE_PRECISIONS = {10: "day", 7: "month", 4: "year"}
BATCH = 2000  # rows fetched from DuckDB at a time: memory stays bounded, progress moves

Row = dict[str, Any]


def date_precision(value: str | None) -> str | None:
    """`day`, `month` or `year` from the shape of a record's date (`YYYY-MM-DD`, `YYYY-MM`, `YYYY`)."""
    return DATE_PRECISIONS.get(len(value)) if value else None


def party(actor: dict[str, Any]) -> dict[str, Any]:
    return {"name": actor["name"], "country": actor["country"], "sector": actor["sector"], "type": actor["type"]}


def iso_text(value: Any) -> Any:
    return value.isoformat(sep="T") if isinstance(value, datetime) else value.isoformat() if isinstance(value, date) else value


@dataclass(frozen=True)
class Flattener:
    """What turning a stored record into a flat row needs besides the record: the CAMEO table and the
    first-level division of each place (GeoNames id -> name)."""

    cameo: CameoTable
    divisions: dict[str, str]

    def row(self, record: Row) -> Row:
        actors, recipients = record["actor"] or [], record["recipient"] or []
        place = record["location"] or {}
        source = record["attributed_to"]
        # Issue 17 adds `date_precision` and `background` to the records; until a store has them,
        # the precision is read from the date's shape and `background` is unknown (null).
        precision = record.get("date_precision", date_precision(record["date"]))
        flat = {
            "event_id": record["id"], "date": record["date"], "date_precision": precision,
            "background": record.get("background"), "event": record["event"], "mode": record["mode"],
            "context": json.dumps(list(record["context"] or [])), "quad": record["quad"],
            "intensity": record["intensity"],
            "cameo_code": self.cameo.code(record["event"], record["mode"], record["context"] or ()),
            "negated": record["negated"], "modality": record["modality"],
            "attributed_to": source["name"] if source else None,
        }
        for number, parties in (("1", actors), ("2", recipients)):
            first = parties[0] if parties else {}
            flat.update({f"actor{number}_name": first.get("name"), f"actor{number}_country": first.get("country"),
                         f"actor{number}_sector": first.get("sector"), f"actor{number}_type": first.get("type"),
                         f"actor{number}_all": json.dumps([party(a) for a in parties], ensure_ascii=False)})
        geonameid = place.get("geonameid")
        flat.update({
            "place_name": place.get("name"), "place_country": place.get("country"),
            "place_adm1": self.divisions.get(geonameid) if geonameid else None, "geonameid": geonameid,
            "feature_code": place.get("feature"), "latitude": place.get("lat"), "longitude": place.get("lon"),
            "location_precision": location_precision(place.get("feature"), located=bool(place)),
            "sentence": record["sentence"], "sent_start": record["sent_start"], "trigger": record["trigger"],
            "trigger_start": record["trigger_start"], "confidence": record["confidence"],
            "coder": record.get("coder"), "doc_id": record["doc_id"], "input_id": record.get("input_id"), "url": record.get("url"),
            "title": record.get("title"), "outlet": record["source"], "published": record["doc_date"],
            "ingested_at": iso_text(record.get("ingested_at")), "story_id": record.get("story_id"),
        })
        return flat


def flat_sql(event_filter: EventFilter, limit: int | None = None) -> tuple[str, list[Any]]:
    """The selected records, in the store's order (as `eventwire events` lists them), with the fields
    of their documents."""
    where, parameters = event_filter.where()
    columns = ", ".join(f'e."{name}"' for name in EVENT_COLUMNS)
    sql = (f"SELECT {columns}, d.input_id, d.url, d.title, d.ingested_at FROM events e "
           f"LEFT JOIN documents d ON d.id = e.doc_id WHERE {where} "
           f"ORDER BY {REPORT_DATE} NULLS LAST, e.doc_id, e.trigger_start, e.id")
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    return sql, parameters


def count_events(connection: duckdb.DuckDBPyConnection, event_filter: EventFilter) -> int:
    where, parameters = event_filter.where()
    return connection.execute(f"SELECT count(*) FROM events e WHERE {where}", parameters).fetchone()[0]


def place_divisions(connection: duckdb.DuckDBPyConnection, event_filter: EventFilter) -> dict[str, str]:
    """GeoNames id -> first-level division, for the places of the selected events."""
    where, parameters = event_filter.where()
    ids = [row[0] for row in connection.execute(
        f"SELECT DISTINCT e.location.geonameid FROM events e WHERE {where} AND e.location.geonameid IS NOT NULL",
        parameters).fetchall()]
    return admin1_names(ids)


def flat_batches(connection: duckdb.DuckDBPyConnection, event_filter: EventFilter,
                 limit: int | None = None) -> Iterator[list[Row]]:
    """The selected events as flat rows, a batch at a time."""
    flattener = Flattener(load_cameo_table(), place_divisions(connection, event_filter))
    sql, parameters = flat_sql(event_filter, limit)
    cursor = connection.execute(sql, parameters)
    names = [column[0] for column in cursor.description]
    while rows := cursor.fetchmany(BATCH):
        yield [flattener.row(dict(zip(names, row))) for row in rows]


# GDELT 2.0 event table (http://data.gdeltproject.org/documentation/GDELT-Event_Codebook-V2.0.pdf): the
# columns a flat row fills, in GDELT's order. The rest of GDELT's 61 columns have no counterpart
# (docs/record-schema.md lists them) and are left out rather than written empty.
QUAD_CLASSES = {"VERBAL_COOPERATION": 1, "MATERIAL_COOPERATION": 2, "VERBAL_CONFLICT": 3, "MATERIAL_CONFLICT": 4}
GDELT_COLUMNS = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "Actor1Name", "Actor1CountryCode", "Actor1Type1Code",
    "Actor2Name", "Actor2CountryCode", "Actor2Type1Code", "EventCode", "EventBaseCode", "EventRootCode",
    "QuadClass", "GoldsteinScale", "ActionGeo_Type", "ActionGeo_FullName", "ActionGeo_CountryCode",
    "ActionGeo_Lat", "ActionGeo_Long", "ActionGeo_FeatureID", "DATEADDED", "SOURCEURL",
)


def geo_type(flat: Row) -> int | None:
    """GDELT's ActionGeo_Type: 1 country, 2 US state, 3 US city, 4 world city, 5 world state (ADM1)."""
    precision, american = flat["location_precision"], flat["place_country"] == "USA"
    if precision == "country":
        return 1
    if precision == "adm1":
        return 2 if american else 5
    if precision in ("town", "adm2", "exact"):
        return 3 if american else 4
    return None


def gdelt_row(flat: Row) -> Row:
    """A flat row under GDELT's names. SQLDATE is the event's day when known to the day, else the
    publication day (GDELT dates its events by their articles)."""
    day = flat["date"] if flat["date_precision"] == "day" else (flat["published"] or "")[:10] or None
    sql_date = day.replace("-", "") if day else None
    code = flat["cameo_code"]
    added = flat["ingested_at"]
    full_name = ", ".join(part for part in (flat["place_name"], flat["place_adm1"], flat["place_country"]) if part)
    return {
        "GLOBALEVENTID": flat["event_id"], "SQLDATE": sql_date, "MonthYear": sql_date[:6] if sql_date else None,
        "Year": sql_date[:4] if sql_date else None,
        "Actor1Name": flat["actor1_name"], "Actor1CountryCode": flat["actor1_country"],
        "Actor1Type1Code": flat["actor1_sector"], "Actor2Name": flat["actor2_name"],
        "Actor2CountryCode": flat["actor2_country"], "Actor2Type1Code": flat["actor2_sector"],
        "EventCode": code, "EventBaseCode": code[:3], "EventRootCode": code[:2],
        "QuadClass": QUAD_CLASSES.get(flat["quad"]), "GoldsteinScale": flat["intensity"],
        "ActionGeo_Type": geo_type(flat), "ActionGeo_FullName": full_name or None,
        "ActionGeo_CountryCode": flat["place_country"], "ActionGeo_Lat": flat["latitude"],
        "ActionGeo_Long": flat["longitude"], "ActionGeo_FeatureID": flat["geonameid"],
        "DATEADDED": "".join(ch for ch in added[:19] if ch.isdigit()) if added else None,
        "SOURCEURL": flat["url"] or flat["input_id"],
    }
