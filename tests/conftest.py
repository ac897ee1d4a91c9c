"""Shared fixtures: the spaCy model is loaded once per test session."""

from __future__ import annotations

import os
from pathlib import Path

# The learned event detector (torch, MiniLM) is off for every test that does not ask for it
# (Config(detector=True)): tests of other stages stay fast and see the rules' records.
os.environ.setdefault("EVENTWIRE_MODEL", "off")

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def nlp():
    from eventwire.parsing import load_nlp

    return load_nlp()


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not (SHARED / "corpus" / "seeds").is_dir():
        pytest.skip(f"../shared is not beside the repository (looked in {SHARED}); skipping tests that need it")
    return SHARED
