"""Input partitions: files, folders, globs and fsspec URLs; byte blocks of JSON Lines cover each line once."""

from __future__ import annotations

import json

import fsspec

from eventwire.config import Config
from eventwire.scale.partitions import Partition, block_lines, partition_key, plan_partitions, read_partition


def write_lines(path, count: int) -> None:
    path.write_text("".join(json.dumps({"id": f"d{i}", "text": f"Text number {i}."}) + "\n" for i in range(count)))


def test_blocks_of_a_large_file_read_every_document_once(tmp_path):
    path = tmp_path / "docs.jsonl"
    write_lines(path, 50)
    partitions = plan_partitions([str(path)], block_size=100)
    assert len(partitions) > 10 and partitions[0].start == 0 and partitions[-1].end == path.stat().st_size
    ids = [d.id for p in partitions for d in read_partition(p, print)]
    assert ids == [f"d{i}" for i in range(50)]


def test_a_block_boundary_on_a_line_start_keeps_that_line(tmp_path):
    path = tmp_path / "docs.jsonl"
    path.write_bytes(b"aa\nbb\ncc\n")
    assert block_lines(str(path), 0, 3) == b"aa\n"
    assert block_lines(str(path), 3, 6) == b"bb\n"
    assert block_lines(str(path), 4, 9) == b"cc\n"


def test_folders_and_globs_in_order_and_unknown_types_in_folders_left_out(tmp_path):
    (tmp_path / "in").mkdir()
    write_lines(tmp_path / "in" / "b.jsonl", 2)
    (tmp_path / "in" / "a.txt").write_text("Title\n\nBody text.")
    (tmp_path / "in" / "notes.bin").write_bytes(b"\x00")
    assert [p.url.rsplit("/", 1)[1] for p in plan_partitions([str(tmp_path / "in")])] == ["a.txt", "b.jsonl"]
    assert [p.url.rsplit("/", 1)[1] for p in plan_partitions([str(tmp_path / "in" / "*.jsonl")])] == ["b.jsonl"]


def test_object_store_urls_are_read_through_fsspec():
    # fsspec's in-memory file system stands in for s3:// or gs:// (same API, no network).
    with fsspec.open("memory://bucket/news/docs.jsonl", "w") as stream:
        stream.write(json.dumps({"id": "m1", "text": "Held in memory."}) + "\n")
    partitions = plan_partitions(["memory://bucket/news/*.jsonl"])
    assert len(partitions) == 1 and partitions[0].url.startswith("memory://") and partitions[0].end is None
    assert [d.id for d in read_partition(partitions[0], print)] == ["m1"]


def test_partition_keys_change_with_input_and_settings_not_with_batch_size():
    partition = Partition("a.jsonl", 0, 10)
    key = partition_key(partition, Config(), True)
    assert key == partition_key(partition, Config(batch_size=8), True)
    assert key != partition_key(Partition("a.jsonl", 10, 20), Config(), True)
    assert key != partition_key(partition, Config(prefilter="mentions"), True)
    assert key != partition_key(partition, Config(), False)
