"""The filters, defined once: vocabularies and dates checked, the CLI and the API built from one table."""

import inspect

import pytest
from typer.testing import CliRunner

from eventwire.cli import app
from eventwire.records import MODALITIES, PLOVER_CATEGORIES, QUADS
from eventwire.store.filters import FILTER_FIELDS, EventFilter, FilterError

runner = CliRunner()


def test_the_table_names_every_filter_of_the_model():
    assert [f.name for f in FILTER_FIELDS] == list(inspect.signature(EventFilter).parameters)
    assert {"min_confidence", "has_actor", "located", "include_background"} <= {f.name for f in FILTER_FIELDS}


def test_values_are_normalised_and_bad_ones_listed():
    assert EventFilter(category="assault", quad="material_conflict", modality="Denied") == EventFilter(
        category="ASSAULT", quad="MATERIAL_CONFLICT", modality="denied")
    for name, bad, vocabulary in (("category", "ASAULT", PLOVER_CATEGORIES), ("quad", "conflict", QUADS),
                                  ("modality", "rumoured", MODALITIES)):
        with pytest.raises(FilterError) as raised:
            EventFilter(**{name: bad})
        assert all(value in str(raised.value) for value in vocabulary)


@pytest.mark.parametrize("value", ["2018-13-45", "2018-02-30", "2018-1-5", "yesterday", "20189"])
def test_dates_that_do_not_exist_are_refused(value):
    with pytest.raises(FilterError, match="YYYY"):
        EventFilter(since=value)
    with pytest.raises(FilterError):
        EventFilter(until=value)


def test_dates_that_exist_pass():
    assert EventFilter(since="2016-02-29", until="2018-04").since == "2016-02-29"


def test_min_confidence_is_a_share():
    with pytest.raises(FilterError):
        EventFilter(min_confidence=1.5)


def test_background_is_left_out_unless_asked():
    where, _ = EventFilter().where()
    assert "background" in where
    assert "background" not in EventFilter(include_background=True).where()[0]


@pytest.mark.parametrize("arguments", [
    ["--category", "ASAULT"], ["--quad", "conflict"], ["--modality", "rumoured"], ["--since", "2018-13-45"],
    ["--until", "2018-02-30"], ["--min-confidence", "2"],
])
@pytest.mark.parametrize("command", ["events", "stories", "export"])
def test_the_cli_exits_2_and_lists_the_valid_values(tmp_path, command, arguments):
    extra = ["-o", str(tmp_path / "out.jsonl")] if command == "export" else []
    result = runner.invoke(app, [command, "--db", str(tmp_path / "none.duckdb"), *arguments, *extra])
    assert result.exit_code == 2, result.output
    if arguments[0] == "--category":
        assert "ASSAULT" in result.output and "AGREE" in result.output


@pytest.mark.parametrize("command", ["events", "stories", "export"])
def test_the_quality_filters_are_options_of_every_query_command(command):
    result = runner.invoke(app, [command, "--help"], env={"COLUMNS": "200"})
    for option in ("--min-confidence", "--has-actor", "--located", "--include-background"):
        assert option in result.output, option
