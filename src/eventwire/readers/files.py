"""Read `.txt` files, `.jsonl` documents, folders of them and standard input.

Readers are registered by file suffix in `READERS`; each takes a path and a
problem callback and yields `Document`s. A bad line or file is reported
through the callback (with file and line) and skipped, so one broken input
never stops a batch.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO

from eventwire.errors import InputError
from eventwire.records import Document

log = logging.getLogger(__name__)

ProblemHandler = Callable[[InputError], None]
OPTIONAL_FIELDS = ("title", "date", "url", "source")


def log_problem(problem: InputError) -> None:
    log.warning("%s", problem)


def raise_problem(problem: InputError) -> None:
    """For inputs that must be whole (the demo corpus, gold documents): stop at the first problem."""
    raise problem


def read_txt(path: Path, on_problem: ProblemHandler) -> Iterator[Document]:
    """One document per file; its id is the file name.

    When the first line is followed by a blank line it is the title. The title
    stays in `text` (headlines carry events and offsets index the whole file).
    """
    try:
        raw = path.read_bytes()
    except OSError as exc:
        on_problem(InputError(str(path), f"cannot read file: {exc.strerror or exc}"))
        return
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        on_problem(InputError(str(path), f"not valid UTF-8 (byte {exc.start})", line))
        return
    if not text.strip():
        on_problem(InputError(str(path), "empty file"))
        return
    lines = text.split("\n", 2)
    title = None
    if len(lines) >= 2 and lines[0].strip() and not lines[1].strip():
        title = lines[0].strip()
    yield Document(id=path.name, text=text, title=title, origin=str(path))


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


def read_jsonl_stream(stream: IO[str], where: str, on_problem: ProblemHandler) -> Iterator[Document]:
    for number, line in enumerate(stream, 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            on_problem(InputError(where, f"not valid JSON ({exc.msg} at column {exc.colno})", number))
            continue
        try:
            yield document_from_json(obj, where, number)
        except InputError as problem:
            on_problem(problem)


def read_jsonl(path: Path, on_problem: ProblemHandler) -> Iterator[Document]:
    try:
        with path.open(encoding="utf-8", errors="strict") as stream:
            yield from read_jsonl_stream(stream, str(path), on_problem)
    except UnicodeDecodeError as exc:
        on_problem(InputError(str(path), f"not valid UTF-8 ({exc.reason}); rest of file skipped"))
    except OSError as exc:
        on_problem(InputError(str(path), f"cannot read file: {exc.strerror or exc}"))


READERS: dict[str, Callable[[Path, ProblemHandler], Iterator[Document]]] = {
    ".txt": read_txt,
    ".jsonl": read_jsonl,
}


def read_inputs(
    inputs: Iterable[str],
    on_problem: ProblemHandler = log_problem,
    stdin: IO[str] | None = None,
) -> Iterator[Document]:
    """Yield documents from files, folders (recursively, sorted) and `-` (stdin).

    An input that does not exist, or a file of a type no reader handles, is a
    problem reported with its path; other inputs are still read.
    """
    for item in inputs:
        if item == "-":
            yield from read_jsonl_stream(stdin or sys.stdin, "<stdin>", on_problem)
            continue
        path = Path(item)
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                reader = READERS.get(child.suffix.lower())
                if reader is None:
                    log.debug("skipping %s: no reader for %r files", child, child.suffix)
                    continue
                yield from reader(child, on_problem)
        elif path.is_file():
            reader = READERS.get(path.suffix.lower())
            if reader is None:
                known = ", ".join(sorted(READERS))
                on_problem(InputError(str(path), f"unsupported file type {path.suffix!r} (supported: {known})"))
                continue
            yield from reader(path, on_problem)
        else:
            on_problem(InputError(str(path), "no such file or folder"))
