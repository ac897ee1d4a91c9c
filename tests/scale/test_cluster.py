"""Dask runs on a LocalCluster of 2 thread workers, with a stand-in coder (no model): partitions
written by workers, a failing partition retried, and a rerun skipping what is done."""

from __future__ import annotations

import json

import pytest

from eventwire.config import Config
from eventwire.pipeline import CodedDocument
from eventwire.scale import cluster
from eventwire.scale.cluster import DaskOptions, code_on_dask
from eventwire.scale.output import read_coded
from eventwire.scale.workers import ChunkResult, FilterCounts, PreparationSummary


class StandInCoder:
    """Codes each document as itself with no events; fails once on a document whose text says so."""

    failures: dict[str, int] = {}

    def run(self, documents):
        for document in documents:
            if "fail once" in document.text and not self.failures.get(document.id):
                self.failures[document.id] = 1
                raise RuntimeError("worker lost")
        coded = [CodedDocument(d, None, 1, (), (), ((0, len(d.text)),)) for d in documents]
        return ChunkResult(coded, [], PreparationSummary(documents=len(documents)), FilterCounts(), 1.0)


@pytest.fixture
def stand_in(monkeypatch):
    StandInCoder.failures = {}
    monkeypatch.setattr(cluster, "worker_coder", lambda config, clean: StandInCoder())


def inputs(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir(exist_ok=True)
    for name, texts in (("a.jsonl", ["one", "two"]), ("b.jsonl", ["fail once", "four"]), ("c.jsonl", ["five"])):
        (folder / name).write_text("".join(json.dumps({"id": f"{name}-{i}", "text": t}) + "\n" for i, t in enumerate(texts)))
    return [str(folder)]


OPTIONS = DaskOptions("local", workers=2, retries=1, processes=False)


def test_partitions_are_written_by_workers_retried_and_skipped_on_rerun(tmp_path, stand_in):
    out = tmp_path / "out"
    skipped = []
    results = list(code_on_dask(inputs(tmp_path), Config(), OPTIONS, directory=out, on_skip=skipped.append))
    assert skipped == [0] and sum(result.written[0] for _, result in results) == 5
    assert [c.document.id for c in read_coded(out)] == ["a.jsonl-0", "a.jsonl-1", "b.jsonl-0", "b.jsonl-1", "c.jsonl-0"]
    assert list(code_on_dask(inputs(tmp_path), Config(), OPTIONS, directory=out, on_skip=skipped.append)) == []
    assert skipped == [0, 3]


def test_results_come_back_in_input_order_without_a_directory(tmp_path, stand_in):
    results = list(code_on_dask(inputs(tmp_path), Config(), OPTIONS))
    assert [c.document.id for _, r in results for c in r.coded] == ["a.jsonl-0", "a.jsonl-1", "b.jsonl-0", "b.jsonl-1", "c.jsonl-0"]


def test_a_partition_failing_every_retry_is_reported_and_the_rest_written(tmp_path, stand_in):
    failed = []
    no_retry = DaskOptions("local", workers=2, retries=0, processes=False)
    list(code_on_dask(inputs(tmp_path), Config(), no_retry, directory=tmp_path / "out",
                      on_failure=lambda partition, error: failed.append(partition.url.rsplit("/", 1)[1])))
    assert failed == ["b.jsonl"]
    assert len(list(read_coded(tmp_path / "out"))) == 3
