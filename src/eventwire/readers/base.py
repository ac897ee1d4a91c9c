"""What every reader shares: the file to read, the options, and the checks on raw bytes.

A reader is a function `(source, on_problem, options) -> Iterator[Document]`.
`source` is an `InputFile`: a name for messages and a way to open its bytes,
so the same reader serves a plain file, a member of a `.zip` and the inside
of a `.gz`. A problem with one item (a line, a row, a record) goes to
`on_problem` and the reader goes on; a problem with the whole file is raised
as `InputError`, and `read_inputs` reports it and goes on to the next input.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from eventwire.config import MAX_FIELD_CHARS, MAX_LINE_BYTES, MAX_MEMBER_BYTES, MAX_STREAM_BYTES, Config, setting
from eventwire.errors import InputError
from eventwire.records import Document

ProblemHandler = Callable[[InputError], None]

# A news article is a few kilobytes of text, an HTML page rarely over 2 MB;
# 20 MB is trafilatura's own MAX_FILE_SIZE for a page. Over it, a "document"
# is a dump or a mistake, and reading it whole would only use up memory.
MAX_DOCUMENT_BYTES = 20_000_000
# spaCy refuses longer texts (nlp.max_length, error E088) and the refusal
# would stop the whole batch, so longer documents are reported and skipped.
MAX_TEXT_CHARS = 1_000_000
# How much of a file is looked at to tell text from binary data.
SNIFF_BYTES = 8192

# Leading bytes of files people drop into a folder of news by mistake.
MAGIC_NUMBERS = (
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a zip archive"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office document"),
    (b"\x7fELF", "a program (ELF binary)"),
)


@dataclass(frozen=True)
class ReadOptions:
    """How inputs are read. Change with `dataclasses.replace`."""

    text_column: str | None = setting(None, "CSV/TSV column holding the article text (default: text, body, content, ...)")
    max_document_bytes: int = setting(MAX_DOCUMENT_BYTES, "largest single-document file (.txt, .html) or archive record read")
    max_text_chars: int = setting(MAX_TEXT_CHARS, "longest document text passed on (spaCy's nlp.max_length)")
    max_line_bytes: int = setting(MAX_LINE_BYTES, "longest line of JSON Lines (a document) read")
    max_field_chars: int = setting(MAX_FIELD_CHARS, "longest CSV/TSV cell read")
    max_member_bytes: int = setting(MAX_MEMBER_BYTES, "most bytes read from one decompressed file (.gz, zip member)")
    max_stream_bytes: int = setting(MAX_STREAM_BYTES, "most decompressed bytes read from one input file in all")

    @classmethod
    def from_config(cls, config: Config, text_column: str | None = None) -> ReadOptions:
        """The readers' options with the configuration's caps."""
        return cls(text_column=text_column, max_line_bytes=config.max_line_bytes,
                   max_field_chars=config.max_field_chars, max_member_bytes=config.max_member_bytes,
                   max_stream_bytes=config.max_stream_bytes)


@dataclass(frozen=True)
class InputFile:
    """One file to read, possibly inside an archive or compressed.

    `name` is what messages show ("news.zip[2020/a.html]"); `suffix` is the
    format after decompression (".html" for "a.html.gz"); `id_name` is the
    base name document ids use, the same whether or not the file was
    compressed, so ids stay stable.
    """

    name: str
    suffix: str
    open: Callable[[], BinaryIO]
    id_name: str
    size: int | None = None  # bytes, when known before reading


def input_from_path(path: Path) -> InputFile:
    try:
        size = path.stat().st_size
    except OSError:
        size = None
    return InputFile(name=str(path), suffix=path.suffix.lower(), open=lambda: path.open("rb"), id_name=path.name, size=size)


def as_input(source: Path | InputFile) -> InputFile:
    return source if isinstance(source, InputFile) else input_from_path(Path(source))


def megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


def read_whole(source: InputFile, options: ReadOptions) -> bytes:
    """The file's bytes, refusing (before reading, when the size is known) one over the limit."""
    limit = options.max_document_bytes
    if source.size is not None and source.size > limit:
        raise InputError(source.name, f"file is {megabytes(source.size)}, over the {megabytes(limit)} limit for one document "
                         "(split it, or give many documents as .jsonl)")
    try:
        with source.open() as stream:
            data = stream.read(limit + 1)
    except OSError as exc:
        raise InputError(source.name, f"cannot read file: {exc.strerror or exc}") from exc
    if len(data) > limit:
        raise InputError(source.name, f"over the {megabytes(limit)} limit for one document")
    return data


def binary_kind(data: bytes) -> str | None:
    """What binary data this is ("a PDF document"), or None when it may be text."""
    head = data[:SNIFF_BYTES]
    for magic, kind in MAGIC_NUMBERS:
        if head.startswith(magic):
            return kind
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None  # UTF-16 text has NUL bytes but a byte-order mark
    if b"\x00" in head:
        return "binary data (NUL bytes)"
    return None


def read_markup(source: InputFile, options: ReadOptions, expected: str) -> bytes:
    """The bytes of a file that should hold `expected` markup ("HTML", "a feed"): refused when it
    is binary or empty, with the file named."""
    data = read_whole(source, options)
    kind = binary_kind(data)
    if kind is not None:
        raise InputError(source.name, f"{kind}, not {expected}")
    if not data.strip():
        raise InputError(source.name, "empty file")
    return data


def decode_text(data: bytes, name: str) -> str:
    """UTF-8 (with or without BOM) or BOM-marked UTF-16; anything else names the byte and line."""
    kind = binary_kind(data)
    if kind is not None:
        raise InputError(name, f"{kind}, not text")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(name, f"not valid UTF-16 (byte {exc.start})") from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(name, f"not valid UTF-8 (byte {exc.start})", line) from exc


def check_document(document: Document, name: str, options: ReadOptions) -> Document:
    """The last gate before a document leaves the readers."""
    if not document.text.strip():
        raise InputError(document.origin or name, f"document {document.id!r} has no text")
    if len(document.text) > options.max_text_chars:
        raise InputError(document.origin or name, f"document {document.id!r} is {len(document.text):,} characters, "
                         f"over the {options.max_text_chars:,} a document may have")
    return document


def gate(documents: Iterator[Document], name: str, options: ReadOptions, on_problem: ProblemHandler) -> Iterator[Document]:
    for document in documents:
        try:
            yield check_document(document, name, options)
        except InputError as problem:
            on_problem(problem)


class CappedReader(io.RawIOBase):
    """A decompressing stream that stops with `InputError` once more than `limit` bytes came out of it,
    or once the input's whole `budget` is spent: a 4 MB gzip bomb stops at the cap, not at 4 GB.
    Wrapped in `io.BufferedReader` (`capped`), so readers get `readline(size)` and `read1`."""

    def __init__(self, raw, name: str, limit: int, budget: StreamBudget):
        super().__init__()
        self._raw, self._name, self._limit, self._budget = raw, name, limit, budget
        self._count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self._raw.read(len(buffer))
        self._count += len(data)
        self._budget.spend(len(data), self._name)
        if self._count > self._limit:
            raise InputError(self._name, f"decompresses to over {megabytes(self._limit)}, the limit for one "
                             "compressed file; the rest is skipped")
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        try:
            self._raw.close()
        finally:
            super().close()


@dataclass
class StreamBudget:
    """Decompressed bytes one input (a .gz, a zip and its members) may still give; made per input, never shared."""

    limit: int
    used: int = field(default=0)

    def spend(self, size: int, name: str) -> None:
        self.used += size
        if self.used > self.limit:
            raise InputError(name, f"the archive decompresses to over {megabytes(self.limit)} in all, "
                             "the limit for one input; the rest is skipped")


def capped(raw, name: str, limit: int, budget: StreamBudget) -> io.BufferedReader:
    return io.BufferedReader(CappedReader(raw, name, limit, budget))


@dataclass(frozen=True)
class Line:
    """One line of a stream: `content` is None when it was over the cap, and `size` says how long it was."""

    number: int
    content: bytes | str | None
    size: int


def capped_lines(stream, limit: int, chunk: int = 65536) -> Iterator[Line]:
    """The lines of a byte or text stream, none held longer than `limit` (bytes or characters): a longer
    line is read through in chunks, never whole, and given with its size only."""
    number = 0
    while True:
        content = stream.readline(limit + 1)
        if not content:
            return
        number += 1
        newline = ("\n", "\r") if isinstance(content, str) else b"\n"
        if len(content) <= limit or content.endswith(newline):
            yield Line(number, content, len(content))
            continue
        size = len(content)
        while not content.endswith(newline):
            content = stream.readline(chunk)
            if not content:
                break
            size += len(content)
        yield Line(number, None, size)


def size_text(size: int) -> str:
    """"1,234 bytes" for small sizes, "4.4 MB" past a megabyte."""
    return f"{size:,} bytes" if size < 1_000_000 else megabytes(size)
