"""CSV and TSV exports: one document per row.

The text column is chosen with `--text-column` (`ReadOptions.text_column`),
else the first of `TEXT_COLUMNS` the header has. Other columns are matched
by name to the document's metadata (`METADATA_COLUMNS`). A row without text
or with the wrong number of cells is reported with its line and skipped.
"""

from __future__ import annotations

import csv
import importlib.util
import io
import logging
from collections.abc import Iterator

from eventwire.errors import InputError
from eventwire.readers.base import InputFile, ProblemHandler, ReadOptions, binary_kind, capped_lines
from eventwire.records import Document

log = logging.getLogger(__name__)

# Column names news exports use for the article body (GDELT-style scrapes,
# news-please, newspaper3k, Kaggle news sets), in order of preference.
TEXT_COLUMNS = ("text", "body", "content", "article", "full_text", "fulltext", "maintext", "article_text", "story")
METADATA_COLUMNS = {
    "id": ("id", "doc_id", "document_id", "article_id", "guid", "uid"),
    "title": ("title", "headline", "heading"),
    "date": ("date", "published", "publish_date", "published_at", "date_publish", "pubdate", "pub_date", "datetime"),
    "url": ("url", "link", "article_url", "source_url"),
    "source": ("source", "outlet", "publisher", "source_name", "sitename", "site", "domain"),
    "author": ("author", "authors", "byline"),
}
SNIFF_CHARS = 65536
DELIMITERS = ",;\t|"


def csv_parser(max_field_chars: int):
    """A copy of the csv module's parser (`_csv`) of this read's own, its cell cap set to `max_field_chars`.

    The cap is state of the `_csv` module, and `csv.field_size_limit` sets it for the whole process: a read
    that set it would change every other csv reader's cap, in this thread and others. `_csv` keeps its state
    per module object (PEP 489), so a fresh one, made from the same extension and never put in sys.modules,
    parses with its own cap and leaves the process's as it was."""
    spec = importlib.util.find_spec("_csv")
    parser = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(parser)
    parser.field_size_limit(max_field_chars)
    return parser


def _delimiter(sample: str, suffix: str) -> str:
    if suffix == ".tsv":
        return "\t"
    try:
        return csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        return ","


def _column(header: list[str], names: tuple[str, ...]) -> int | None:
    lowered = [cell.strip().lower() for cell in header]
    for name in names:
        if name in lowered:
            return lowered.index(name)
    return None


def read_table(source: InputFile, on_problem: ProblemHandler, options: ReadOptions) -> Iterator[Document]:
    """One document per row; its id is the id column, else "file:row"."""
    with source.open() as raw:
        head = raw.read(SNIFF_CHARS)
    encoding = "utf-16" if head.startswith((b"\xff\xfe", b"\xfe\xff")) else "utf-8-sig"
    kind = binary_kind(head)
    if kind is not None:
        raise InputError(source.name, f"{kind}, not a CSV table")
    with io.TextIOWrapper(source.open(), encoding=encoding, newline="") as stream:
        try:
            yield from _rows(stream, source, on_problem, options, head.decode(encoding, errors="ignore"))
        except UnicodeDecodeError as exc:
            name = "UTF-16" if encoding == "utf-16" else "UTF-8"
            raise InputError(source.name, f"not valid {name} ({exc.reason}); rest of file skipped") from exc


def _csv_problem(exc: Exception, options: ReadOptions) -> str:
    """What a csv error means for the person who made the file."""
    message = str(exc)
    if "field larger than field limit" in message:
        return (f"a cell over {options.max_field_chars:,} characters (an unclosed quote merges the lines after it "
                "into one cell); the rest of the file is skipped")
    if "unexpected end of data" in message:
        return "a quote opened in this row is never closed; the rest of the file was read as one cell and is skipped"
    if "expected after" in message:
        return (f"a quote in this row ends in the middle of a cell ({message}), as a quote left open runs on to the "
                "next one; the lines up to there are skipped")
    return f"not readable as CSV ({message}); the row is skipped"


def _header(reader, csv_error: type[Exception], source: InputFile, options: ReadOptions) -> list[str]:
    try:
        return next(reader)
    except StopIteration:
        raise InputError(source.name, "empty file") from None
    except csv_error as exc:
        raise InputError(source.name, f"header row: {_csv_problem(exc, options)}; nothing read", 1) from None


def _capped(stream, source: InputFile, on_problem: ProblemHandler, limit: int) -> Iterator[str]:
    """The table's lines for the csv module, none longer than `limit` characters: csv asks for whole
    lines, so a 4 GB line with no newline (a .csv.gz bomb) would be held whole before its cell cap
    applied. A longer line is read through in chunks, reported with its size, and given as empty."""
    for line in capped_lines(stream, limit):
        if line.content is None:
            on_problem(InputError(source.name, f"line is {line.size:,} characters, over the {limit:,} a line of "
                                               "a table may have; skipped", line.number))
            yield "\n"
        else:
            yield line.content


def _rows(stream, source: InputFile, on_problem: ProblemHandler, options: ReadOptions, sample: str) -> Iterator[Document]:
    # strict: a quote never closed is an error at the end of the file, not a silent merge of every line after it.
    lines = _capped(stream, source, on_problem, options.max_field_chars)
    parser = csv_parser(options.max_field_chars)
    reader = parser.reader(lines, delimiter=_delimiter(sample, source.suffix), strict=True)
    header = _header(reader, parser.Error, source, options)
    wanted = (options.text_column.lower(),) if options.text_column else TEXT_COLUMNS
    text_at = _column(header, wanted)
    if text_at is None:
        asked = f"no column {options.text_column!r}" if options.text_column else "no text column"
        raise InputError(source.name, f"{asked}; its columns are: {', '.join(header)[:1000]} (choose one with --text-column)", 1)
    columns = {field: _column(header, names) for field, names in METADATA_COLUMNS.items()}
    line = reader.line_num + 1
    row_number = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except parser.Error as exc:
            if "field larger than field limit" in str(exc):
                # The csv module goes on inside the cell it gave up on: every line after would be
                # misread, so the file stops here.
                raise InputError(source.name, _csv_problem(exc, options), line) from None
            on_problem(InputError(source.name, _csv_problem(exc, options), line))
            line = reader.line_num + 1
            continue
        start, line = line, reader.line_num + 1
        if not any(cell.strip() for cell in row):
            continue
        row_number += 1
        if len(row) != len(header):
            on_problem(InputError(source.name, f"expected {len(header)} cells, found {len(row)}", start))
            continue
        text = row[text_at]
        if not text.strip():
            on_problem(InputError(source.name, f"empty {header[text_at]!r} cell", start))
            continue
        values = {field: (row[at].strip() or None) if at is not None else None for field, at in columns.items()}
        doc_id = values.pop("id") or f"{source.id_name}:{row_number}"
        yield Document(id=doc_id, text=text, origin=f"{source.name}:{start}", **values)
