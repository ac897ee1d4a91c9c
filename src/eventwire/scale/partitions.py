"""Input partitions for Dask workers: files, globs and object-store URLs (through fsspec).

A partition is a file, or a block of bytes of an uncompressed JSON Lines file (a line belongs to the
block it starts in), so workers read their own input and one large file still spreads over a cluster.
Each partition has a key hashed from what it reads, the configuration and the coder (its fingerprint)
that code it: a rerun with the same inputs and coder finds the partitions it already wrote under the
same names and skips them; after a change to rules, data or models it codes them again.
"""

from __future__ import annotations

import hashlib
import io
import json
import posixpath
from collections.abc import Iterator
from dataclasses import asdict, dataclass

import fsspec
from fsspec.core import url_to_fs
from fsspec.implementations.local import LocalFileSystem

from eventwire.config import Config
from eventwire.fingerprint import coder_fingerprint
from eventwire.readers.base import InputFile, ReadOptions
from eventwire.readers.files import COMPRESSED_SUFFIXES, READERS, read_file
from eventwire.records import Document

#: Bytes of uncompressed JSON Lines per partition: about 2,000 news articles, a few minutes of coding.
BLOCK_SIZE = 8 * 1024 * 1024
SPLITTABLE = (".jsonl", ".ndjson")


@dataclass(frozen=True)
class Partition:
    url: str
    start: int = 0
    end: int | None = None  # None: the whole file
    named: bool = True  # named by the user, not found in a folder: an unreadable type is then a problem

    def describe(self) -> str:
        return self.url if self.end is None else f"{self.url}[{self.start}:{self.end}]"


def suffix_of(url: str) -> str:
    """The last suffix, as `readers.base.input_from_path` takes it (".gz" for "a.jsonl.gz")."""
    return posixpath.splitext(posixpath.basename(url.split("?")[0]))[1].lower()


def plan_partitions(inputs: list[str], block_size: int = BLOCK_SIZE) -> list[Partition]:
    """Every partition of `inputs` in input order: folders recursively, globs expanded, sorted."""
    partitions: list[Partition] = []
    for item in inputs:
        fs, path = url_to_fs(item)
        local = isinstance(fs, LocalFileSystem)
        paths = sorted(fs.glob(path)) if any(c in path for c in "*?[") else [path]
        for found in paths:
            named = not fs.isdir(found)
            for name in ([found] if named else sorted(fs.find(found))):
                url = name if local else fs.unstrip_protocol(name)
                suffix = suffix_of(name)
                if not named and suffix not in READERS and suffix not in COMPRESSED_SUFFIXES:
                    continue
                size = fs.size(name) if suffix in SPLITTABLE else None
                if size is None or size <= block_size:
                    partitions.append(Partition(url, named=named))
                    continue
                partitions.extend(Partition(url, start, min(start + block_size, size), named)
                                  for start in range(0, size, block_size))
    return partitions


def record_settings(config: Config, clean: bool, coder: str | None = None) -> dict:
    """Every setting that changes records (where the gazetteer is cached and the batch size do not),
    and the coder's fingerprint (`fingerprint.coder_fingerprint`: rules, data and models), which a run
    computes once and passes in."""
    coder = coder or coder_fingerprint(config)
    return {**asdict(config), "cache_dir": None, "batch_size": None, "clean": clean, "coder": coder}


def settings_text(config: Config, clean: bool, coder: str | None = None) -> str:
    return json.dumps(record_settings(config, clean, coder), sort_keys=True, default=str)


def partition_key(partition: Partition, config: Config, clean: bool, coder: str | None = None) -> str:
    """What names a partition's output: its input, every setting that changes its records and the coder."""
    text = json.dumps([partition.url, partition.start, partition.end, record_settings(config, clean, coder)],
                      sort_keys=True, default=str)
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]


def block_lines(url: str, start: int, end: int) -> bytes:
    """The lines starting in bytes [start, end) of a file: the first is skipped unless it starts there."""
    with fsspec.open(url, "rb") as stream:
        if start > 0:
            stream.seek(start - 1)
            if stream.read(1) != b"\n":
                stream.readline()  # the line that started before this block belongs to the one before
        lines = []
        while stream.tell() < end:
            line = stream.readline()
            if not line:
                break
            lines.append(line)
    return b"".join(lines)


def read_partition(partition: Partition, on_problem, options: ReadOptions = ReadOptions()) -> Iterator[Document]:
    """A partition's documents, read by the same readers as local files (through fsspec for URLs)."""
    name = posixpath.basename(partition.url)
    if partition.end is None:
        source = InputFile(name=partition.url, suffix=suffix_of(partition.url),
                           open=lambda: fsspec.open(partition.url, "rb").open(), id_name=name)
    else:
        data = block_lines(partition.url, partition.start, partition.end)
        source = InputFile(name=partition.describe(), suffix=suffix_of(partition.url), open=lambda: io.BytesIO(data),
                           id_name=name, size=len(data))
    yield from read_file(source, on_problem, options, named=partition.named)
