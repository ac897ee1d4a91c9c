"""The places tests read the session's full gazetteer (`gazetteer`, tests/conftest.py): they check what
real GeoNames data resolves to. Tests of the cache itself build small stand-in indexes."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def geoparse(nlp, gazetteer):
    """Parse a sentence and return its places as (text, name, country, feature) tuples."""
    from eventwire.places import find_places

    def run(text: str, exclude=()):
        return find_places(nlp(text), gazetteer, exclude)

    return run

