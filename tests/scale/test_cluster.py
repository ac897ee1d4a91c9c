"""Dask runs on a LocalCluster of 2 thread workers, with a stand-in coder (no model): partitions
written by workers (to a folder or an fsspec URL), a failing partition retried, a rerun skipping
what is done, and event lines, not documents, coming back for JSON Lines output."""

from __future__ import annotations

import json

import pytest

from eventwire.config import Config
from eventwire.pipeline import CodedDocument
from eventwire.records import Document, Event, event_to_json
from eventwire.scale import cluster
from eventwire.scale.cluster import DaskOptions, code_on_dask
from eventwire.scale.output import read_coded
from eventwire.scale.workers import ChunkResult, FilterCounts, PreparationSummary


def stand_in_event(document) -> Event:
    return Event(id=f"e-{document.id}", doc_id=document.id, doc_date=None, source=None, sentence=document.text,
                 sent_start=0, trigger=document.text, trigger_start=0, event="CONSULT", mode=None, context=(),
                 quad="VERBAL_COOPERATION", intensity=1.0, actor=(), recipient=(), negated=False, modality="asserted",
                 attributed_to=None, location=None, date=None, date_text=None, confidence=0.9, rule="stand-in")


class StandInCoder:
    """Codes each document as itself with one event; fails once on a document whose text says so."""

    failures: dict[str, int] = {}

    def run(self, documents):
        for document in documents:
            if "fail once" in document.text and not self.failures.get(document.id):
                self.failures[document.id] = 1
                raise RuntimeError("worker lost")
        coded = [CodedDocument(d, None, 1, (), (stand_in_event(d),), ((0, len(d.text)),)) for d in documents]
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
    plans = []
    results = list(code_on_dask(inputs(tmp_path), Config(), OPTIONS, directory=out,
                                on_plan=lambda names, skipped: plans.append((len(names), skipped))))
    assert plans == [(3, 0)] and sum(result.written[0] for _, result in results) == 5
    assert all(not result.coded and not result.lines for _, result in results)
    assert [c.document.id for c in read_coded(out)] == ["a.jsonl-0", "a.jsonl-1", "b.jsonl-0", "b.jsonl-1", "c.jsonl-0"]
    assert list(code_on_dask(inputs(tmp_path), Config(), OPTIONS, directory=out,
                             on_plan=lambda names, skipped: plans.append((len(names), skipped)))) == []
    assert plans == [(3, 0), (3, 3)]


def test_workers_write_to_an_fsspec_url(tmp_path, stand_in):
    # memory:// stands in for s3:// (thread workers share this process's in-memory file system).
    out = f"memory://bucket/{tmp_path.name}/out"
    list(code_on_dask(inputs(tmp_path), Config(), OPTIONS, directory=out))
    assert [c.document.id for c in read_coded(out)] == ["a.jsonl-0", "a.jsonl-1", "b.jsonl-0", "b.jsonl-1", "c.jsonl-0"]


def test_event_lines_come_back_in_input_order_without_a_directory(tmp_path, stand_in):
    results = list(code_on_dask(inputs(tmp_path), Config(), OPTIONS))
    assert results and all(not result.coded for _, result in results)  # no document text travels back
    lines = [line for _, r in results for line in r.lines]
    assert [json.loads(line)["doc_id"] for line in lines] == ["a.jsonl-0", "a.jsonl-1", "b.jsonl-0", "b.jsonl-1", "c.jsonl-0"]
    assert lines[0] == event_to_json(stand_in_event(Document(id="a.jsonl-0", text="one")))
    assert [r.written for _, r in results] == [(2, 2, 2), (2, 2, 2), (1, 1, 1)]


def test_a_partition_failing_every_retry_is_reported_and_the_rest_written(tmp_path, stand_in):
    failed = []
    no_retry = DaskOptions("local", workers=2, retries=0, processes=False)
    list(code_on_dask(inputs(tmp_path), Config(), no_retry, directory=tmp_path / "out",
                      on_failure=lambda partition, error: failed.append(partition.url.rsplit("/", 1)[1])))
    assert failed == ["b.jsonl"]
    assert len(list(read_coded(tmp_path / "out"))) == 3
