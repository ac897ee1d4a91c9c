"""docs/record-schema.md is kept true: every field of real output is in its tables, and every field in its
tables is in real output. docs/analyst-guide.md's commands and picture exist."""

import re

import duckdb
import pytest

import eventwire
from eventwire.store.flat import FLAT_COLUMNS, GDELT_COLUMNS
from eventwire.store.query import EventFilter, find_events, find_stories
from tests.conftest import FIXTURES, REPO

SCHEMA = REPO / "docs" / "record-schema.md"
GUIDE = REPO / "docs" / "analyst-guide.md"


def documented_fields() -> dict[str, list[str]]:
    """Section title -> the backticked names in the first column of its table, in order."""
    sections: dict[str, list[str]] = {}
    title = ""
    for line in SCHEMA.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            title = line.lstrip("#").strip()
            continue
        cells = line.split("|")
        if line.startswith("|") and len(cells) > 2 and "`" in cells[1]:
            sections.setdefault(title, []).extend(re.findall(r"`([^`]+)`", cells[1]))
    return sections


@pytest.fixture(scope="module")
def stored(tmp_path_factory):
    db = tmp_path_factory.mktemp("docs") / "events.duckdb"
    store = eventwire.Store(db)
    store.ingest(FIXTURES / "store" / "articles.jsonl")
    connection = duckdb.connect(str(db), read_only=True)
    yield store, connection
    connection.close()


def test_the_schema_has_a_table_for_each_kind_of_output():
    sections = documented_fields()
    for title in ("Documents read", "Event record", "Actor", "Place", "Story record", "Flat export", "GDELT layout"):
        assert sections.get(title), title


def test_every_field_of_a_coded_record_is_documented_and_no_other():
    records = eventwire.code("Russian jets bombed rebel positions in Idlib on Monday.", date="2020-03-02")
    assert records
    sections = documented_fields()
    for record in records:
        data = record.to_dict()
        assert set(data) == set(sections["Event record"])
        actors = data["actor"] + data["recipient"]
        assert actors
        for actor in actors:
            assert set(actor) == set(sections["Actor"])
        assert set(data["location"]) == set(sections["Place"])


def test_stored_records_stories_and_flat_rows_match_their_tables(stored):
    store, connection = stored
    sections = documented_fields()
    rows = find_events(connection, EventFilter())
    assert rows
    extra = {"story_id", "contradiction"}  # said in the text under the table
    assert {name for row in rows for name in row} == set(sections["Event record"]) | extra
    stories = find_stories(connection, EventFilter())
    assert stories
    assert {name for story in stories for name in story} == set(sections["Story record"])
    for story in stories:
        for actor in story["actor"] + story["recipient"]:
            assert set(actor) == {"name", "country", "sector", "type"}
    frame = store.events()
    assert len(frame) == len(rows)
    assert sorted(frame.columns) == sorted(sections["Flat export"]) and list(frame.columns) == list(FLAT_COLUMNS)
    assert set(frame["location_precision"]) <= {"exact", "town", "adm2", "adm1", "country", "region", "none"}
    assert set(frame["modality"]) <= {"asserted", "reported", "claimed", "denied", "planned", "hypothetical"}


def test_every_gdelt_column_written_is_documented():
    documented = documented_fields()["GDELT layout"]
    assert set(GDELT_COLUMNS) == set(documented)


def test_the_input_fields_are_those_the_api_and_readers_take():
    from eventwire.api import DOCUMENT_FIELDS

    assert set(DOCUMENT_FIELDS) == set(documented_fields()["Documents read"])


def test_the_analyst_guide_shows_its_picture_and_commands_that_exist():
    text = GUIDE.read_text(encoding="utf-8")
    pictures = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", text)
    assert pictures, "the guide shows one picture"
    for picture in pictures:
        assert (GUIDE.parent / picture).is_file(), picture
    from eventwire.cli import app

    names = {command.name or command.callback.__name__ for command in app.registered_commands}
    used = set(re.findall(r"\.venv/bin/eventwire (\w+)", text))
    assert used and used <= names | {"code"}, used - names
