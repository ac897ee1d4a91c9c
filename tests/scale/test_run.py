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


def run_code(*args: str, hash_seed: str) -> subprocess.CompletedProcess:
    # Each mode runs under another hash seed (worker processes and Dask's inherit it): records must
    # not depend on the order of sets of strings, which follows the seed.
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    return subprocess.run([str(EVENTWIRE), "code", *args], capture_output=True, text=True, env=env, timeout=600, check=True)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("scale") / "docs.jsonl"
    with DEMO.open(encoding="utf-8") as stream:
        path.write_text("".join(islice(stream, 6)), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def single_process_records(corpus, tmp_path_factory) -> list[dict]:
    """`eventwire code` in one process: in this one (the session's coder), under the session's hash seed."""
    from typer.testing import CliRunner

    from eventwire.cli import app

    single = tmp_path_factory.mktemp("single") / "single.jsonl"
    result = CliRunner().invoke(app, ["code", str(corpus), "-o", str(single)])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in single.read_text(encoding="utf-8").splitlines()]
    assert records and len({r["id"] for r in records}) > 10
    return records


# Each mode is its own test, so that pytest-xdist runs them side by side; both start real processes.
def test_worker_processes_write_the_same_records(corpus, single_process_records, tmp_path, gazetteer):
    workers = run_code(str(corpus), "-o", str(tmp_path / "parquet"), "--workers", "2", "--partition-size", "4", hash_seed="2")
    assert list(read_events(tmp_path / "parquet")) == single_process_records
    assert "peak memory per worker" in workers.stderr


def test_a_local_dask_cluster_writes_the_same_records(corpus, single_process_records, tmp_path, gazetteer):
    dask = tmp_path / "dask.jsonl"
    run_code(str(corpus), "-o", str(dask), "--dask", "local", "--workers", "2", hash_seed="3")
    assert [json.loads(line) for line in dask.read_text(encoding="utf-8").splitlines()] == single_process_records


def test_options_that_cannot_go_together_fail_before_any_model_loads(tmp_path):
    from typer.testing import CliRunner

    from eventwire.cli import app

    runner = CliRunner()
    result = runner.invoke(app, ["code", str(DEMO), "-o", str(tmp_path / "e.jsonl"), "--prefilter", "some"])
    assert result.exit_code == 2 and "--prefilter is one of off, detector, mentions, triggers" in result.output
    result = runner.invoke(app, ["code", str(DEMO), "-o", str(tmp_path / "out"), "--dask", "local", "--documents", "d.jsonl"])
    assert result.exit_code == 2 and "--documents is not written with --dask" in result.output


# ------------------------------------------------------------------ resuming a directory, in process


class StandIn:
    """Replaces the coding of `run.code_in_process` (no model): each document coded as itself."""

    def __init__(self):
        self.coded_ids: list[str] = []

    def __call__(self, tagged_chunks, coder, preparation):
        from eventwire.pipeline import CodedDocument
        from eventwire.scale.workers import (
            ChunkResult,
            FilterCounts,
            PreparationSummary,
        )

        for tag, chunk in tagged_chunks:
            self.coded_ids += [d.id for d in chunk]
            coded = [CodedDocument(d, None, 1, (), (), ((0, len(d.text)),)) for d in chunk]
            yield tag, "main", ChunkResult(coded, [], PreparationSummary(documents=len(chunk)), FilterCounts(), 1.0)


@pytest.fixture
def stand_in(monkeypatch):
    from eventwire.cleaning import Preparation
    from eventwire.scale import run

    coder = StandIn()
    monkeypatch.setattr(run, "code_in_process", coder)
    monkeypatch.setattr(Preparation, "load", classmethod(lambda cls, clean=True: None))
    return coder


def code_into(inputs, out, partition_size=2):
    from eventwire.config import Config
    from eventwire.scale.run import RunOptions, run_code

    return run_code(inputs, Config(), RunOptions(partition_size=partition_size), print, directory=out,
                    load_coder=lambda config: None)


def write_docs(path: Path, texts: list[str]) -> str:
    path.write_text("".join(json.dumps({"id": f"d{i}", "text": t}) + "\n" for i, t in enumerate(texts)), encoding="utf-8")
    return str(path)


def test_a_rerun_into_a_directory_skips_what_is_written_and_replaces_what_changed(tmp_path, stand_in):
    from eventwire.scale.output import read_coded

    docs, out = tmp_path / "docs.jsonl", tmp_path / "out"
    texts = ["one", "two", "three", "four", "five"]
    first = code_into([write_docs(docs, texts)], out)
    assert (first.documents, first.partitions_skipped, len(stand_in.coded_ids)) == (5, 0, 5)
    again = code_into([str(docs)], out)
    assert (again.documents, again.partitions_skipped, len(stand_in.coded_ids)) == (0, 3, 5)
    texts[3] = "FOUR"  # the second partition's content changes: it alone is coded again, the old one removed
    changed = code_into([write_docs(docs, texts)], out)
    assert (changed.partitions_skipped, changed.partitions_removed, stand_in.coded_ids[5:]) == (2, 1, ["d2", "d3"])
    assert [c.document.text for c in read_coded(out)] == texts
    assert len(list((out / "events").iterdir())) == 3


def test_a_directory_at_a_file_url_is_resumable_too(tmp_path, stand_in):
    from eventwire.scale.output import read_coded

    docs, url = write_docs(tmp_path / "docs.jsonl", ["one", "two", "three"]), (tmp_path / "out").as_uri()
    assert code_into([docs], url).documents == 3
    assert code_into([docs], url).partitions_skipped == 2
    assert [c.document.id for c in read_coded(url)] == ["d0", "d1", "d2"]


def test_json_lines_to_a_url_is_refused_with_a_reason(tmp_path):
    from typer.testing import CliRunner

    from eventwire.cli import app

    result = CliRunner().invoke(app, ["code", str(DEMO), "-o", "memory://bucket/events.jsonl"])
    assert result.exit_code == 2 and "for an fsspec URL give a directory name" in result.output
