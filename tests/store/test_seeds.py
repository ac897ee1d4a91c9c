"""The five seeds hold several reports of the same events and contradicting claims (read from ../shared)."""

import pytest
from typer.testing import CliRunner

from eventwire.cli import app
from eventwire.store import open_store
from eventwire.store.query import EventFilter, find_events, find_stories

runner = CliRunner()


@pytest.fixture(scope="module")
def seeds_store(shared_dir, tmp_path_factory):
    db = tmp_path_factory.mktemp("seeds") / "seeds.duckdb"
    result = runner.invoke(app, ["ingest", str(shared_dir / "corpus" / "seeds"), "--db", str(db)])
    assert result.exit_code == 0, result.output
    connection = open_store(db, read_only=True)
    yield db, connection
    connection.close()


def story_records(connection, story):
    return {row["id"]: row for row in find_events(connection, EventFilter(story=story["id"], include_background=True))}


def test_the_us_refusal_to_coordinate_is_one_uncontested_story(seeds_store):
    """"The US is not coordinating with Russia" and "the US will not coordinate with Russia" say the same."""
    _, connection = seeds_store
    stories = find_stories(connection, EventFilter(actor="USA", recipient="RUS", category="COOPERATE"))
    refusals = [s for s in stories if {("COOPERATE", True), ("REJECT", False)} <= {
        (r["event"], r["negated"]) for r in story_records(connection, s).values()}]
    assert refusals, "the negated coordination and the refusal are one story"
    for story in refusals:
        assert not story["contested"] and not story["contradicting_event_ids"]


def test_a_denial_in_the_seeds_contests_the_strikes_story(seeds_store):
    _, connection = seeds_store
    contested = find_stories(connection, EventFilter(actor="RUS", category="ASSAULT", contested=True))
    assert contested
    denied = []
    for story in contested:
        records = story_records(connection, story)
        if "denied" in {records[i]["contradiction"] for i in story["contradicting_event_ids"]}:
            denied.append(story)
            assert {r["modality"] for r in records.values()} & {"denied"}
    assert denied, "Moscow's denial that its strikes target civilians contests a story of Russian strikes"


def test_opposite_categories_dispute_but_do_not_contest(seeds_store):
    """US officials ruling out cooperation with Russia beside a report of cooperation: disputed only."""
    _, connection = seeds_store
    stories = find_stories(connection, EventFilter(include_background=True))
    disputed = [s for s in stories if s["disputed"]]
    assert disputed, "some seed story has a report of the opposite category"
    assert stories
    for story in stories:
        records = story_records(connection, story)
        reasons = {records[i]["contradiction"] for i in story["contradicting_event_ids"]}
        assert story["contested"] == bool(story["contradicting_event_ids"])
        assert "opposite category" not in reasons
        assert {records[i]["contradiction"] for i in story["disputing_event_ids"]} <= {"opposite category"}


def test_ingesting_the_seeds_again_adds_nothing(seeds_store, shared_dir):
    db, connection = seeds_store
    before = connection.execute("SELECT count(*) FROM events").fetchall()
    connection.close()
    result = runner.invoke(app, ["ingest", str(shared_dir / "corpus" / "seeds"), "--db", str(db)])
    assert result.exit_code == 0 and "0 new documents" in result.output
    reopened = open_store(db, read_only=True)
    assert reopened.execute("SELECT count(*) FROM events").fetchall() == before
    reopened.close()
