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


def test_reports_of_one_event_group_across_seeds(seeds_store):
    _, connection = seeds_store
    across = find_stories(connection, EventFilter(), min_outlets=3)
    assert across, "some story is told by three or more of the seeds"
    # The United States declining to work with Russia is reported by several seeds.
    refusals = find_stories(connection, EventFilter(actor="USA", recipient="RUS", category="REJECT"))
    assert max(story["documents"] for story in refusals) >= 2


def test_a_denial_in_the_seeds_contests_the_strikes_story(seeds_store):
    _, connection = seeds_store
    contested = find_stories(connection, EventFilter(actor="RUS", category="ASSAULT", contested=True))
    assert contested
    denied = []
    for story in contested:
        records = {row["id"]: row for row in find_events(connection, EventFilter(story=story["id"]))}
        if "denied" in {records[i]["contradiction"] for i in story["contradicting_event_ids"]}:
            denied.append(story)
    assert denied, "Moscow's denial that its strikes target civilians contests a story of Russian strikes"
    assert max(story["documents"] for story in denied) >= 3


def test_ingesting_the_seeds_again_adds_nothing(seeds_store, shared_dir):
    db, connection = seeds_store
    before = connection.execute("SELECT count(*) FROM events").fetchall()
    connection.close()
    result = runner.invoke(app, ["ingest", str(shared_dir / "corpus" / "seeds"), "--db", str(db)])
    assert result.exit_code == 0 and "0 new documents" in result.output
    reopened = open_store(db, read_only=True)
    assert reopened.execute("SELECT count(*) FROM events").fetchall() == before
    reopened.close()
