"""Read files, folders, archives and standard input into `Document`s.

Readers are registered by file suffix in `READERS`; each takes an
`InputFile`, a problem callback and `ReadOptions` and yields `Document`s.
`.gz` and `.zip` inputs are opened transparently (`compressed.expand`). A bad
line, row, record or file is reported through the callback (with file and
line) and skipped, so one broken input never stops a batch.

This module reads local files only; fetching pages and feeds from the
network is `eventwire fetch` (`readers.urls`).
"""

from __future__ import annotations

import io
import json
import logging
import os
import re
import sys
import zlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO

from eventwire.errors import InputError
from eventwire.readers.base import (
    InputFile,
    Line,
    ProblemHandler,
    ReadOptions,
    StreamBudget,
    as_input,
    binary_kind,
    capped_lines,
    decode_text,
    gate,
    input_from_path,
    read_whole,
    size_text,
)
from eventwire.readers.compressed import COMPRESSED_SUFFIXES, DAMAGED, expand
from eventwire.readers.feeds import read_feed
from eventwire.readers.html import read_html
from eventwire.readers.tables import read_table
from eventwire.readers.warc import read_warc
from eventwire.records import Document

log = logging.getLogger(__name__)

OPTIONAL_FIELDS = ("title", "date", "url", "source", "author", "dateline", "language")
DEFAULT_OPTIONS = ReadOptions()
URL = re.compile(r"^(?:https?|ftp)://\S+$", re.IGNORECASE)

Reader = Callable[[InputFile, ProblemHandler, ReadOptions], Iterator[Document]]


def log_problem(problem: InputError) -> None:
    log.warning("%s", problem)


def raise_problem(problem: InputError) -> None:
    """For inputs that must be whole (the demo corpus, gold documents): stop at the first problem."""
    raise problem


def is_url(text: str) -> bool:
    return bool(URL.match(text.strip()))


def read_txt(source: Path | InputFile, on_problem: ProblemHandler, options: ReadOptions = DEFAULT_OPTIONS) -> Iterator[Document]:
    """One document per file; its id is the file name.

    When the first line is followed by a blank line it is the title. The title
    stays in `text` (headlines carry events and offsets index the whole file).
    """
    source = as_input(source)
    try:
        text = decode_text(read_whole(source, options), source.name)
    except InputError as problem:
        on_problem(problem)
        return
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        on_problem(InputError(source.name, "empty file"))
        return
    if all(is_url(line) for line in lines):
        on_problem(InputError(source.name, "a list of URLs, not an article: fetch them with `eventwire fetch FILE`"))
        return
    head = text.split("\n", 2)
    title = None
    if len(head) >= 2 and head[0].strip() and not head[1].strip():
        title = head[0].strip()
    yield Document(id=source.id_name, text=text, title=title, origin=source.name)


def document_from_json(obj: object, where: str, line: int) -> Document:
    """Validate one JSON Lines object as an input document."""
    if not isinstance(obj, dict):
        raise InputError(where, "expected a JSON object", line)
    missing = [key for key in ("id", "text") if obj.get(key) in (None, "")]
    if missing:
        raise InputError(where, f"missing required field(s): {', '.join(missing)}", line)
    if not isinstance(obj["text"], str):
        raise InputError(where, '"text" must be a string', line)
    extras = {key: (str(obj[key]) if obj.get(key) is not None else None) for key in OPTIONAL_FIELDS}
    return Document(id=str(obj["id"]), text=obj["text"], origin=f"{where}:{line}", **extras)


def _document_from_line(line: str, where: str, number: int, on_problem: ProblemHandler) -> Document | None:
    """One line's document; anything wrong with the line (bad JSON, a 5,000-digit number, an array nested
    100,000 deep, a missing field) is reported with its line number and the reading goes on."""
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        on_problem(InputError(where, f"not valid JSON ({exc.msg} at column {exc.colno})", number))
        return None
    except RecursionError:
        on_problem(InputError(where, "not readable JSON (nested too deeply)", number))
        return None
    except Exception as exc:  # noqa: BLE001 - json raises ValueError (huge numbers) and more; one line, not the run
        reason = ("a number of more than 4,300 digits" if "integer string conversion" in str(exc)
                  else f"{type(exc).__name__}: {str(exc)[:200]}")
        on_problem(InputError(where, f"not readable JSON ({reason})", number))
        return None
    try:
        return document_from_json(obj, where, number)
    except InputError as problem:
        on_problem(problem)
        return None


def read_jsonl_stream(stream: IO[str], where: str, on_problem: ProblemHandler,
                      options: ReadOptions = DEFAULT_OPTIONS) -> Iterator[Document]:
    """JSON Lines from a text stream (standard input without its bytes)."""
    try:
        yield from _jsonl_lines(capped_lines(stream, options.max_line_bytes), where, on_problem, options)
    except UnicodeDecodeError as exc:
        on_problem(InputError(where, f"not valid UTF-8 ({exc.reason}); the rest of the input is skipped"))


def read_jsonl(source: Path | InputFile, on_problem: ProblemHandler, options: ReadOptions = DEFAULT_OPTIONS) -> Iterator[Document]:
    """One document per line."""
    source = as_input(source)
    try:
        stream = source.open()
    except OSError as exc:
        on_problem(InputError(source.name, f"cannot read file: {exc.strerror or exc}"))
        return
    with stream:
        yield from read_jsonl_bytes(stream, source.name, on_problem, options)


def read_jsonl_bytes(stream: IO[bytes], where: str, on_problem: ProblemHandler,
                     options: ReadOptions = DEFAULT_OPTIONS) -> Iterator[Document]:
    """JSON Lines from a byte stream. Lines are decoded one by one, so a line of invalid UTF-8 is
    reported with its number and the lines after it are read; a line over `max_line_bytes` is
    skipped with its size, never held whole. UTF-16 (with its byte-order mark) is read as text."""
    head = stream.peek(2)[:2] if hasattr(stream, "peek") else b""
    if head in (b"\xff\xfe", b"\xfe\xff"):
        text = io.TextIOWrapper(stream, encoding="utf-16")
        try:
            yield from _jsonl_lines(capped_lines(text, options.max_line_bytes), where, on_problem, options)
        except UnicodeDecodeError as exc:
            on_problem(InputError(where, f"not valid UTF-16 ({exc.reason}); the rest of the input is skipped"))
        finally:
            text.detach()
        return
    yield from _jsonl_lines(capped_lines(stream, options.max_line_bytes), where, on_problem, options)


def _jsonl_lines(lines: Iterator[Line], where: str, on_problem: ProblemHandler, options: ReadOptions) -> Iterator[Document]:
    count = 0
    for line in lines:
        raw = line.content
        if line.number == 1 and isinstance(raw, bytes):
            kind = binary_kind(raw)
            if raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            elif kind is not None:
                raise InputError(where, f"{kind}, not JSON Lines")
        if raw is None:
            count += 1
            on_problem(InputError(where, f"line is {size_text(line.size)}, over the "
                                         f"{size_text(options.max_line_bytes)} limit for one line; skipped", line.number))
            continue
        if not raw.strip():
            continue
        count += 1
        if isinstance(raw, bytes):
            try:
                raw = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                on_problem(InputError(where, f"not valid UTF-8 (byte {exc.start} of the line)", line.number))
                continue
        document = _document_from_line(raw.lstrip("\ufeff"), where, line.number, on_problem)
        if document is not None:
            yield document
    if not count:
        raise InputError(where, "empty file")


READERS: dict[str, Reader] = {
    ".txt": read_txt,
    ".jsonl": read_jsonl,
    ".ndjson": read_jsonl,
    ".html": read_html,
    ".htm": read_html,
    ".xhtml": read_html,
    ".rss": read_feed,
    ".atom": read_feed,
    ".xml": read_feed,
    ".warc": read_warc,
    ".arc": read_warc,
    ".csv": read_table,
    ".tsv": read_table,
}


def supported_suffixes() -> str:
    return ", ".join(sorted(READERS) + list(COMPRESSED_SUFFIXES))


def read_file(source: InputFile, on_problem: ProblemHandler, options: ReadOptions, named: bool) -> Iterator[Document]:
    """Every document in one file (every file inside it, when compressed).

    `named` says the user named this file: then a type no reader handles is a
    problem; in a folder such files are skipped quietly.
    """
    members = expand(source, options, on_problem, StreamBudget(options.max_stream_bytes))
    while True:
        try:
            inner = next(members)
        except StopIteration:
            return
        except InputError as problem:
            on_problem(problem)
            return
        except (*DAMAGED, zlib.error) as exc:
            on_problem(InputError(source.name, f"damaged archive: {exc}"))
            return
        except OSError as exc:
            on_problem(InputError(source.name, f"cannot read file: {exc.strerror or exc}"))
            return
        except Exception as exc:  # noqa: BLE001 - zipfile trips on hostile archives in many ways
            on_problem(InputError(source.name, f"damaged archive ({type(exc).__name__}: {str(exc)[:200]})"))
            return
        reader = READERS.get(inner.suffix)
        if reader is None:
            if named:
                on_problem(InputError(inner.name, f"unsupported file type {inner.suffix!r} (supported: {supported_suffixes()})"))
            else:
                log.debug("skipping %s: no reader for %r files", inner.name, inner.suffix)
            continue
        yield from _read_guarded(reader, inner, on_problem, options)


def _read_guarded(reader: Reader, source: InputFile, on_problem: ProblemHandler, options: ReadOptions) -> Iterator[Document]:
    """Run one reader; a whole-file failure becomes a problem, documents read before it are kept."""
    count = 0
    if source.size == 0:
        on_problem(InputError(source.name, "empty file"))
        return
    try:
        for document in gate(reader(source, on_problem, options), source.name, options, on_problem):
            count += 1
            yield document
    except InputError as problem:
        on_problem(problem)
    except (*DAMAGED, zlib.error) as exc:
        kept = f"; the {count} document(s) before the damage were read" if count else ""
        on_problem(InputError(source.name, f"compressed data is truncated or damaged ({exc}){kept}"))
    except OSError as exc:
        on_problem(InputError(source.name, f"cannot read file: {exc.strerror or exc}"))
    except Exception as exc:  # noqa: BLE001 - a parser tripping on one hostile file must not stop the run
        kept = f"; the {count} document(s) before it were read" if count else ""
        on_problem(InputError(source.name, f"could not be read ({type(exc).__name__}: {str(exc)[:200]}){kept}"))


def read_inputs(
    inputs: Iterable[str],
    on_problem: ProblemHandler = log_problem,
    stdin: IO[str] | None = None,
    options: ReadOptions = DEFAULT_OPTIONS,
) -> Iterator[Document]:
    """Yield documents from files, folders (recursively, sorted) and `-` (stdin).

    An input that does not exist, or a file of a type no reader handles, is a
    problem reported with its path; other inputs are still read.
    """
    for item in inputs:
        if item == "-":
            yield from _read_stdin(stdin or sys.stdin, on_problem, options)
            continue
        if is_url(item):
            on_problem(InputError(item, "a URL: `eventwire code` reads local files; fetch pages and feeds first with "
                                        "`eventwire fetch URL -o docs.jsonl`"))
            continue
        path = Path(item)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file():
                    yield from read_file(input_from_path(child), on_problem, options, named=False)
                elif child.is_symlink() and not child.exists():
                    on_problem(InputError(str(child), f"dangling symbolic link (to {os.readlink(child)}); nothing to read"))
        elif path.is_symlink() and not path.exists():
            on_problem(InputError(str(path), f"dangling symbolic link (to {os.readlink(path)}); nothing to read"))
        elif path.is_file():
            yield from read_file(input_from_path(path), on_problem, options, named=True)
        else:
            on_problem(InputError(str(path), "no such file or folder"))


def _read_stdin(stream: IO[str], on_problem: ProblemHandler, options: ReadOptions) -> Iterator[Document]:
    """JSON Lines on standard input, decoded line by line when the bytes are at hand."""
    raw = getattr(stream, "buffer", None)
    if raw is None:
        lines = read_jsonl_stream(stream, "<stdin>", on_problem, options)
    else:
        lines = read_jsonl_bytes(raw if hasattr(raw, "peek") else io.BufferedReader(raw), "<stdin>", on_problem, options)
    try:
        yield from gate(lines, "<stdin>", options, on_problem)
    except InputError as problem:
        on_problem(problem)
