"""The store keeps a place's score and runner-up, and the --min-place-score filter leaves out unsure places."""

from __future__ import annotations

import duckdb

from eventwire.store.query import EventFilter
from eventwire.store.schema import TABLES


def test_min_place_score_keeps_sure_places_and_records_without_one():
    connection = duckdb.connect()
    connection.execute(TABLES)
    rows = [("sure", {"name": "Aleppo", "score": 0.9}), ("unsure", {"name": "Paris", "score": 0.2}),
            ("unscored", {"name": "Homs", "score": None}), ("nowhere", None)]
    for event_id, location in rows:
        connection.execute("INSERT INTO events (id, location) VALUES (?, ?)", [event_id, location])
    where, parameters = EventFilter(min_place_score=0.5).where()
    kept = {row[0] for row in connection.execute(f"SELECT id FROM events e WHERE {where}", parameters).fetchall()}
    assert kept == {"sure", "unscored", "nowhere"}
    where, parameters = EventFilter().where()
    assert len(connection.execute(f"SELECT id FROM events e WHERE {where}", parameters).fetchall()) == 4
