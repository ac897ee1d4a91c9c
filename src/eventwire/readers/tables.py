"""CSV and TSV exports: one document per row.

The text column is chosen with `--text-column` (`ReadOptions.text_column`),
else the first of `TEXT_COLUMNS` the header has. Other columns are matched
by name to the document's metadata (`METADATA_COLUMNS`). A row without text
or with the wrong number of cells is reported with its line and skipped.
"""

from __future__ import annotations

import csv
import io
import logging
from collections.abc import Iterator

from eventwire.errors import InputError
from eventwire.readers.base import InputFile, ProblemHandler, ReadOptions, binary_kind
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
    kind = binary_kind(head)
    if kind is not None:
        raise InputError(source.name, f"{kind}, not a CSV table")
    with io.TextIOWrapper(source.open(), encoding="utf-8-sig", newline="") as stream:
        try:
            yield from _rows(stream, source, on_problem, options, head.decode("utf-8", errors="ignore"))
        except UnicodeDecodeError as exc:
            raise InputError(source.name, f"not valid UTF-8 ({exc.reason}); rest of file skipped") from exc


def _rows(stream, source: InputFile, on_problem: ProblemHandler, options: ReadOptions, sample: str) -> Iterator[Document]:
    reader = csv.reader(stream, delimiter=_delimiter(sample, source.suffix))
    try:
        header = next(reader)
    except StopIteration:
        raise InputError(source.name, "empty file") from None
    wanted = (options.text_column.lower(),) if options.text_column else TEXT_COLUMNS
    text_at = _column(header, wanted)
    if text_at is None:
        asked = f"no column {options.text_column!r}" if options.text_column else "no text column"
        raise InputError(source.name, f"{asked}; its columns are: {', '.join(header)} (choose one with --text-column)", 1)
    columns = {field: _column(header, names) for field, names in METADATA_COLUMNS.items()}
    line = reader.line_num + 1
    row_number = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise InputError(source.name, f"not readable as CSV ({exc}); rest of file skipped", line) from exc
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

