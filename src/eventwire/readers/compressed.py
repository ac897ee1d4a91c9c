"""Compressed inputs, read transparently: a `.gz` or `.zip` becomes the files inside it.

`expand` turns one input file into the files to read: itself, the inside of
a `.gz` (named by the name without `.gz`, so `a.jsonl.gz` is read as
JSON Lines), or each member of a `.zip` (recursively, so a `.gz` inside a
`.zip` works too). Everything streams; nothing is unpacked to disk.
WARC and ARC files are gzipped record by record and warcio reads them as
they are, so `.warc.gz` and `.arc.gz` are not unpacked here.
"""

from __future__ import annotations

import gzip
import io
import logging
import zipfile
from collections.abc import Callable, Iterator
from pathlib import PurePosixPath
from typing import BinaryIO

from eventwire.errors import InputError
from eventwire.readers.base import InputFile, ProblemHandler, ReadOptions, StreamBudget, capped, megabytes, size_text

log = logging.getLogger(__name__)

COMPRESSED_SUFFIXES = (".gz", ".zip")
SELF_COMPRESSED = {".warc.gz": ".warc", ".arc.gz": ".arc"}
# Operating-system litter inside zip archives, never documents.
ZIP_LITTER = ("__MACOSX/", ".DS_Store", "Thumbs.db")
# Compression errors that mean "the data stops early or is damaged".
DAMAGED = (EOFError, gzip.BadGzipFile, zipfile.BadZipFile, zipfile.LargeZipFile)


class _GunzipStream(gzip.GzipFile):
    """A gzip stream over another stream that closes that stream too."""

    def __init__(self, raw: BinaryIO):
        super().__init__(fileobj=raw, mode="rb")
        self._raw = raw

    def close(self) -> None:
        try:
            super().close()
        finally:
            self._raw.close()


def _gunzip(opener: Callable[[], BinaryIO], name: str, options: ReadOptions, budget: StreamBudget) -> Callable[[], BinaryIO]:
    return lambda: capped(_GunzipStream(opener()), name, options.max_member_bytes, budget)


def format_suffix(name: str) -> str:
    return PurePosixPath(name.lower()).suffix


def expand(source: InputFile, options: ReadOptions, on_problem: ProblemHandler,
           budget: StreamBudget | None = None) -> Iterator[InputFile]:
    """The files to read for `source`: the source itself unless it is compressed. What comes out of
    decompression is capped per file (`max_member_bytes`) and for the whole input (`max_stream_bytes`)."""
    budget = budget or StreamBudget(options.max_stream_bytes)
    lowered = source.id_name.lower()
    for compound, suffix in SELF_COMPRESSED.items():
        if lowered.endswith(compound):
            yield InputFile(source.name, suffix, source.open, source.id_name, source.size)
            return
    if source.suffix == ".gz":
        inner_name = source.id_name[: -len(".gz")]
        yield from expand(
            InputFile(source.name, format_suffix(inner_name), _gunzip(source.open, source.name, options, budget), inner_name),
            options, on_problem, budget,
        )
    elif source.suffix == ".zip":
        yield from _zip_members(source, options, on_problem, budget)
    else:
        yield source


def _zip_members(source: InputFile, options: ReadOptions, on_problem: ProblemHandler,
                 budget: StreamBudget) -> Iterator[InputFile]:
    stream = source.open()
    try:
        if not stream.seekable():  # a .zip inside a .gz or a .zip: zipfile needs to seek
            data = stream.read(options.max_document_bytes + 1)
            if len(data) > options.max_document_bytes:
                raise InputError(source.name, f"nested zip archive over the {megabytes(options.max_document_bytes)} limit")
            stream.close()
            stream = io.BytesIO(data)
        with zipfile.ZipFile(stream) as archive:
            for info in sorted(archive.infolist(), key=lambda i: i.filename):
                if info.is_dir() or any(part in info.filename for part in ZIP_LITTER):
                    continue
                if info.flag_bits & 0x1:
                    on_problem(InputError(f"{source.name}[{info.filename}]", "encrypted zip member; cannot read it"))
                    continue
                member_name = PurePosixPath(info.filename).name
                name = f"{source.name}[{info.filename}]"
                if info.file_size > options.max_member_bytes:
                    on_problem(InputError(name, f"decompresses to {size_text(info.file_size)}, over the "
                                                f"{megabytes(options.max_member_bytes)} limit for one compressed file"))
                    continue
                yield from expand(
                    InputFile(
                        name=name,
                        suffix=format_suffix(member_name),
                        open=lambda info=info, name=name: capped(archive.open(info), name, options.max_member_bytes, budget),
                        id_name=member_name,
                        size=info.file_size,
                    ),
                    options,
                    on_problem,
                    budget,
                )
    finally:
        stream.close()
