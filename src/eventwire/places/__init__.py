"""Places stage: find toponyms in a parsed document and resolve them to GeoNames entries."""

from eventwire.places.gazetteer import Gazetteer, GazetteerEntry, default_cache_dir, load_gazetteer
from eventwire.places.geoparse import find_places

__all__ = ["Gazetteer", "GazetteerEntry", "default_cache_dir", "find_places", "load_gazetteer"]
