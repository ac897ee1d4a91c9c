"""How precisely a place locates an event, and the first-level division it lies in, for flat exports.

`location_precision` is ACLED's geo-precision in words an analyst can filter on: an event placed at a
building or street is `exact`, in a town `town`, in a county or district `adm2`, in a province or
state `adm1`, only in a country `country`, in a sea, mountain range or wider region `region`, and
`none` when the text gives no place.
"""

from __future__ import annotations

from collections.abc import Iterable

from eventwire.places.gazetteer import Gazetteer, GazetteerEntry

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


def admin1_names(gazetteer: Gazetteer, geonameids: Iterable[str]) -> dict[str, str]:
    """GeoNames id -> the name of the first-level division the place lies in (a division: its own name),
    for the ids asked for that the gazetteer knows with a division."""
    wanted = {str(g) for g in geonameids if g}
    divisions: dict[str, str] = {}
    codes: dict[str, str] = {}
    for row in gazetteer.entries:
        entry = GazetteerEntry(*row)
        if entry.feature == "ADM1" and entry.admin1:
            divisions.setdefault(entry.admin1, entry.name)
        if entry.geonameid in wanted and entry.admin1 and entry.geonameid not in codes:
            codes[entry.geonameid] = entry.admin1
    return {geonameid: divisions[code] for geonameid, code in codes.items() if code in divisions}
