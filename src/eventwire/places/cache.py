"""What the gazetteer keeps in its cache directory: the pickled index and, after `eventwire gazetteer
update`, the pickled rows of a downloaded GeoNames dump (`geonames-dump-<id>.pickle`).

Both the index (`gazetteer.py`) and the dump (`dump.py`) are read and written here, so that neither
module needs the other's internals: `dump.py` builds on `gazetteer.py`, never the reverse.
"""

from __future__ import annotations

import logging
import os
import pickle
import tempfile
from bisect import bisect_left
from collections.abc import Iterator, Mapping
from operator import itemgetter
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)

DUMP_PREFIX = "geonames-dump-"


def dump_id(cache_dir: Path) -> str | None:
    """The id (content digest) of the downloaded dump in `cache_dir`, or None."""
    path = _dump_path(cache_dir)
    return path.name[len(DUMP_PREFIX):-len(".pickle")] if path else None


def read_dump_rows(cache_dir: Path) -> list | None:
    """The gazetteer rows of the downloaded dump in `cache_dir`, or None when there is none."""
    path = _dump_path(cache_dir)
    if path is None:
        return None
    with path.open("rb") as handle:
        return pickle.load(handle)


def _dump_path(cache_dir: Path) -> Path | None:
    found = sorted(Path(cache_dir).glob(f"{DUMP_PREFIX}*.pickle"), key=lambda p: p.stat().st_mtime)
    return found[-1] if found else None


def write_pickle_atomically(path: Path, payload: object) -> None:
    """Pickle `payload` to a temporary file beside `path`, then rename: readers never see half a file.

    A cache that cannot be written only costs speed, so a failure is logged, not raised; callers that
    need the file check that it exists."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = tempfile.NamedTemporaryFile("wb", dir=path.parent, prefix=path.name, suffix=".tmp", delete=False)
        with handle:
            pickle.dump(payload, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.chmod(handle.name, 0o644)  # a cache others may share; mkstemp makes files private
        os.replace(handle.name, path)
    except OSError as error:
        log.warning("could not write gazetteer cache %s: %s", path, error)
        if "handle" in locals() and os.path.exists(handle.name):
            os.unlink(handle.name)


# --- the index stored by columns ---------------------------------------------------------------------
# Unpickling a million small objects (the entries' tuples, the index's 710,000 keys and their dict) was all of
# a cached load (0.57 s), and building a dict of the keys alone costs half of that. Stored by columns (names
# joined into one string, numbers in numpy arrays), the entries are rebuilt by `str.split`, `tolist` and
# `zip` in C loops, and the keys stay a sorted list searched by bisection (`NameIndex`): a look-up costs a
# microsecond instead of a tenth of one, a few hundredths of a second per 200 articles.

SEPARATOR = "\x00"  # no name holds it (`_text_column` checks)
ENTRY_COLUMNS = ("names", "ids", "lats", "lons", "countries", "features", "populations", "curated", "admin1")


_UNSEEN = object()
SEEN_LIMIT = 500_000  # keys `NameIndex` remembers: at most about 60 MB of short strings


class NameIndex(Mapping):
    """Name key -> code(s), as the gazetteer's dict index (`Gazetteer.index`), over sorted keys."""

    def __init__(self, keys: list[str], codes: list[int | tuple[int, ...]]):
        self.keys_sorted = keys
        self.codes = codes
        # keys looked up before, found or not: news repeats its names, and a dict answers faster than a
        # bisection (never changes an answer; emptied at SEEN_LIMIT keys, so a server reading for weeks
        # does not grow it without end)
        self.seen: dict[str, int | tuple[int, ...] | None] = {}

    def __getitem__(self, key: str) -> int | tuple[int, ...]:
        codes = self.get(key)
        if codes is None:
            raise KeyError(key)
        return codes

    def get(self, key: str, default=None):  # Mapping's would raise and catch KeyError on every miss
        codes = self.seen.get(key, _UNSEEN)
        if codes is _UNSEEN:
            number = bisect_left(self.keys_sorted, key)
            found = number < len(self.keys_sorted) and self.keys_sorted[number] == key
            if len(self.seen) >= SEEN_LIMIT:
                self.seen.clear()
            codes = self.seen[key] = self.codes[number] if found else None
        return default if codes is None else codes

    def __contains__(self, key: object) -> bool:
        return self.get(key) is not None

    def __iter__(self) -> Iterator[str]:
        return iter(self.keys_sorted)

    def __len__(self) -> int:
        return len(self.keys_sorted)


def index_columns(entries: list[tuple], index: Mapping[str, int | tuple[int, ...]]) -> dict[str, object]:
    """The entries (tuples of `GazetteerEntry`'s nine fields) and the name index, as columns to pickle."""
    columns = dict(zip(ENTRY_COLUMNS, zip(*entries, strict=True), strict=True))
    keys = sorted(index)
    codes = [index[key] for key in keys]
    shared = [number for number, code in enumerate(codes) if not isinstance(code, int)]
    return {
        **{name: _text_column(columns[name]) for name in ("names", "ids")},
        **{name: _number_column(columns[name]) for name in ("lats", "lons")},
        **{name: _category_column(columns[name]) for name in ("countries", "features", "admin1")},
        "populations": np.array(columns["populations"], dtype=np.int64),
        "curated": np.array(columns["curated"], dtype=bool),
        "keys": _text_column(keys),
        # a key's code, or for a shared key the number of its codes, which follow each other in `shared_codes`
        "codes": np.array([code if isinstance(code, int) else len(code) for code in codes], dtype=np.int64),
        "shared": np.array(shared, dtype=np.int64),
        "shared_codes": np.array([code for number in shared for code in codes[number]], dtype=np.int64),
    }


def index_from_columns(columns: dict[str, object]) -> tuple[list[tuple], NameIndex]:
    """The entries and the name index `index_columns` stored, as they were."""
    entries = list(zip(*(_from_column(columns[name]) for name in ENTRY_COLUMNS), strict=True))
    codes = columns["codes"].tolist()
    shared_codes = tuple(columns["shared_codes"].tolist())
    start = 0
    for number in columns["shared"].tolist():
        size = codes[number]
        codes[number] = shared_codes[start:start + size]
        start += size
    return entries, NameIndex(_from_column(columns["keys"]), codes)


def _text_column(values) -> tuple[str, list[int], int]:
    """Strings (some None) as one string, the positions of the Nones and their number (no string and one
    empty string join alike)."""
    nones = [number for number, value in enumerate(values) if value is None]
    texts = ["" if value is None else value for value in values]
    if any(SEPARATOR in text for text in texts):
        raise ValueError("a gazetteer name holds the column separator")
    return SEPARATOR.join(texts), nones, len(texts)


def _number_column(values) -> tuple[np.ndarray, list[int]]:
    """Floats (some None) as an array and the positions of the Nones."""
    nones = [number for number, value in enumerate(values) if value is None]
    return np.array([0.0 if value is None else value for value in values], dtype=np.float64), nones


def _category_column(values) -> tuple[list, np.ndarray]:
    """Values of a few thousand kinds (countries, feature codes, states) as the kinds and each row's kind."""
    kinds = list(dict.fromkeys(values))
    number_of = {kind: number for number, kind in enumerate(kinds)}
    return kinds, np.array([number_of[value] for value in values], dtype=np.int32)


def _from_column(column) -> list:
    if isinstance(column, np.ndarray):
        return column.tolist()
    first, second = column[:2]
    if isinstance(first, list):  # categories: the kinds, each row's kind
        rows = second.tolist()
        return list(itemgetter(*rows)(first)) if len(rows) > 1 else [first[number] for number in rows]
    if isinstance(first, str):  # text: the joined strings, the Nones' positions, their number
        values = first.split(SEPARATOR) if column[2] else []
    else:  # numbers: the array, the Nones' positions
        values = first.tolist()
    for number in second:
        values[number] = None
    return values
