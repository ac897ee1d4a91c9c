"""One contract in every mode: `eventwire code` in one process, with --workers and with --dask local
writes the same records, with the same ids, to a .jsonl file or a directory of Parquet partitions."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from itertools import islice
from pathlib import Path

import pytest

from eventwire.scale.output import read_events

DEMO = Path(__file__).resolve().parents[2] / "src" / "eventwire" / "demo" / "articles.jsonl"
EVENTWIRE = Path(sys.executable).parent / "eventwire"


def run_code(*args: str) -> subprocess.CompletedProcess:
    # Every process (and Dask's workers, whose nanny sets 6640 when none is given) gets one hash seed:
    # events/coder.py's find_triggers tries a set of (lemma, pos) keys, whose order follows string
    # hashing, so "talks" may be read as talks/NOUN or talk/NOUN from one seed to another.
    env = {**os.environ, "PYTHONHASHSEED": "6640"}
    return subprocess.run([str(EVENTWIRE), "code", *args], capture_output=True, text=True, env=env, timeout=600, check=True)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("scale") / "docs.jsonl"
    with DEMO.open(encoding="utf-8") as stream:
        path.write_text("".join(islice(stream, 6)), encoding="utf-8")
    return path


def test_every_mode_writes_the_same_records(corpus, tmp_path):
    single, dask = tmp_path / "single.jsonl", tmp_path / "dask.jsonl"
    run_code(str(corpus), "-o", str(single))
    workers = run_code(str(corpus), "-o", str(tmp_path / "parquet"), "--workers", "2", "--partition-size", "4")
    run_code(str(corpus), "-o", str(dask), "--dask", "local", "--workers", "2")
    records = [json.loads(line) for line in single.read_text(encoding="utf-8").splitlines()]
    assert records and len({r["id"] for r in records}) > 10
    assert list(read_events(tmp_path / "parquet")) == records
    assert [json.loads(line) for line in dask.read_text(encoding="utf-8").splitlines()] == records
    assert "peak memory per worker" in workers.stderr


def test_options_that_cannot_go_together_fail_before_any_model_loads(tmp_path):
    from typer.testing import CliRunner

    from eventwire.cli import app

    runner = CliRunner()
    result = runner.invoke(app, ["code", str(DEMO), "-o", str(tmp_path / "e.jsonl"), "--prefilter", "some"])
    assert result.exit_code == 1 and "--prefilter is one of off, mentions, triggers" in result.output
    result = runner.invoke(app, ["code", str(DEMO), "-o", str(tmp_path / "out"), "--dask", "local", "--documents", "d.jsonl"])
    assert result.exit_code == 1 and "--documents is not written with --dask" in result.output
