"""The command line's habits: --version, --quiet, exit codes, progress, a busy port, a locked store, plurals."""

import io
import socket
import subprocess
import sys
import time

import pytest
from rich.console import Console
from typer.testing import CliRunner

import eventwire
from eventwire import cli
from eventwire.cli import app, plural
from eventwire.config import Config
from eventwire.fingerprint import coder_fingerprint
from tests.conftest import FIXTURES

runner = CliRunner(env={"COLUMNS": "200"})


def test_version_prints_the_version_and_the_coders_fingerprint():
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.strip() == f"eventwire {eventwire.__version__} (coder {coder_fingerprint(Config())})"


def test_every_command_takes_quiet():
    commands = [command.name or command.callback.__name__ for command in app.registered_commands]
    assert len(commands) >= 12
    for group in app.registered_groups:
        commands += [f"{group.name} {c.name or c.callback.__name__}" for c in group.typer_instance.registered_commands]
    for name in commands:
        result = runner.invoke(app, [*name.split(), "--help"])
        assert result.exit_code == 0 and "--quiet" in result.output, name


def test_quiet_leaves_out_the_summary_but_not_skipped_inputs(tmp_path):
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "one.txt").write_text("Kenya urged Somalia to release the journalists.", encoding="utf-8")
    loud = runner.invoke(app, ["read", str(tmp_path), "-o", str(tmp_path / "out.jsonl")])
    assert loud.exit_code == 0 and "1 document," in loud.output and "1 input problem skipped" in loud.output
    quiet = runner.invoke(app, ["read", str(tmp_path), "-o", str(tmp_path / "out.jsonl"), "--quiet"])
    assert quiet.exit_code == 0
    assert "skipped:" in quiet.output and "empty.txt" in quiet.output
    assert "1 document" not in quiet.output


@pytest.mark.parametrize("arguments", [
    ["events", "--format", "xml", "--db", "missing.duckdb"],
    ["stories", "--format", "xml", "--db", "missing.duckdb"],
    ["export", "--format", "xlsx", "-o", "x.csv", "--db", "missing.duckdb"],
    ["code", "-", "--prefilter", "sometimes"],
    ["eval", "--gold", "gold/realnews", "--split", "middle"],
    ["events", "--no-such-option"],
])
def test_usage_errors_exit_2(arguments, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, arguments)
    assert result.exit_code == 2, result.output


def test_serve_on_a_busy_port_says_so_before_serving(tmp_path):
    db = tmp_path / "empty.duckdb"
    from eventwire.store import open_store

    open_store(db).close()
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen(1)
    port = taken.getsockname()[1]
    try:
        result = runner.invoke(app, ["serve", "--db", str(db), "--port", str(port)])
    finally:
        taken.close()
    assert result.exit_code == 1
    assert f"cannot listen on 127.0.0.1:{port}" in result.output and "serving" not in result.output


def test_a_store_held_by_another_process_gets_one_clear_sentence(tmp_path):
    db = tmp_path / "held.duckdb"
    holder = subprocess.Popen([sys.executable, "-c", "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); "
                               "print('ready', flush=True); time.sleep(60)", str(db)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        result = runner.invoke(app, ["ingest", str(FIXTURES / "store" / "articles.jsonl"), "--db", str(db)])
    finally:
        holder.kill()
        holder.wait()
    assert result.exit_code == 1
    assert "is open in another process" in result.output and "POST /api/ingest" in result.output
    assert "Could not set lock" not in result.output


def test_plurals():
    assert plural(1, "report") == "1 report" and plural(2, "outlet") == "2 outlets"
    assert plural(1, "story", "stories") == "1 story" and plural(0, "story", "stories") == "0 stories"
    assert plural(1200, "event") == "1,200 events"


def test_the_progress_bar_appears_only_after_a_second_on_a_terminal(monkeypatch):
    screen = io.StringIO()
    monkeypatch.setattr(cli, "stderr", Console(file=screen, force_terminal=True, width=100))
    with cli.work_progress("storing", "documents") as advance:
        advance(1)
        assert screen.getvalue() == ""  # quick work: no bar
        monkeypatch.setattr(cli, "LAZY_PROGRESS_SECONDS", 0.0)
        time.sleep(0.01)
        advance(1)
    assert "storing" in screen.getvalue()
    quiet = io.StringIO()
    monkeypatch.setattr(cli, "stderr", Console(file=quiet, force_terminal=True, quiet=True))
    with cli.work_progress("storing", "documents") as advance:
        advance(5)
    assert quiet.getvalue() == ""
