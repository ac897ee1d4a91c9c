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
from pathlib import Path

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
