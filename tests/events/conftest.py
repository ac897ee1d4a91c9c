"""The event lexicon, loaded once for the event tests."""

import pytest

from eventwire.events.lexicon import load_event_lexicon


@pytest.fixture(scope="session")
def lexicon():
    return load_event_lexicon()
