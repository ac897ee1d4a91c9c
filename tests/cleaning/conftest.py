import pytest

from eventwire.cleaning import load_cleaner, load_language_identifier


@pytest.fixture(scope="session")
def cleaner():
    return load_cleaner()


@pytest.fixture(scope="session")
def identifier():
    return load_language_identifier()
