"""One gazetteer per test session, built into a temporary cache directory."""

from __future__ import annotations

import pytest

from eventwire.places import load_gazetteer


@pytest.fixture(scope="session")
def gazetteer_cache(tmp_path_factory):
    return tmp_path_factory.mktemp("eventwire-cache")


@pytest.fixture(scope="session")
def gazetteer(gazetteer_cache):
    return load_gazetteer(gazetteer_cache)


@pytest.fixture(scope="session")
def geoparse(nlp, gazetteer):
    """Parse a sentence and return its places as (text, name, country, feature) tuples."""
    from eventwire.places import find_places

    def run(text: str, exclude=()):
        return find_places(nlp(text), gazetteer, exclude)

    return run
