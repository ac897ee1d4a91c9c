"""Read the TSV data files that ship beside the code (lexicons, gazetteer tables).

Every file starts with `#` lines saying where its facts come from, then a
header row naming the columns, then one row per entry. A malformed row is an
error naming the file and line, never a silent skip: a broken lexicon would
quietly change what is coded.
"""

from __future__ import annotations

from collections.abc import Iterator
from importlib import resources

from eventwire.errors import InputError


def data_file_name(package: str, name: str) -> str:
    """A packaged data file as error messages name it: "eventwire/actors/data/igos.tsv"."""
    return f"{package.replace('.', '/')}/{name}"


def read_tsv(package: str, name: str, columns: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (line number, row) for each data row of `package/name`.

    `columns` must match the header row exactly; empty cells come back as "".
    """
    where = data_file_name(package, name)
    text = (resources.files(package) / name).read_text(encoding="utf-8")
    header_seen = False
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if not header_seen:
            if tuple(cells) != columns:
                raise InputError(where, f"header {cells} should be {list(columns)}", number)
            header_seen = True
            continue
        if len(cells) != len(columns):
            raise InputError(where, f"expected {len(columns)} tab-separated cells, found {len(cells)}", number)
        yield number, dict(zip(columns, (cell.strip() for cell in cells)))
    if not header_seen:
        raise InputError(where, "no header row")
