"""`eventwire serve`: a missing store is one error line; the server listens on this machine only by default."""

from typer.testing import CliRunner

from eventwire.cli import app

runner = CliRunner()


def test_a_missing_store_is_reported_not_created(tmp_path):
    missing = tmp_path / "none.duckdb"
    result = runner.invoke(app, ["serve", "--db", str(missing)])
    assert result.exit_code == 1 and "no such store" in result.output
    assert not missing.exists()


def test_defaults_are_local_and_read_only():
    help_text = runner.invoke(app, ["serve", "--help"], terminal_width=200).output
    assert "127.0.0.1" in help_text and "EVENTWIRE_INGEST_TOKEN" in help_text and "read-only" in help_text
