"""The standing fuzz target over the readers and the cleaning step (issue 20).

`make test` runs it briefly (EVENTWIRE_FUZZ_EXAMPLES, 100 by default, derandomized so CI is
repeatable); `make fuzz` runs it long and at random. An input that makes a reader or the cleaning
step raise, or reach a reader's last-resort handler, is a crash: it is written to tests/fixtures/fuzz/
(name: what it was read as) and replayed by every later run, so a fixed crash stays fixed.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import FIXTURES
from tests.readers.test_properties import JSON_VALUES, SUFFIXES, UNEXPECTED, read_bytes

CRASHES = FIXTURES / "fuzz"
EXAMPLES = int(os.environ.get("EVENTWIRE_FUZZ_EXAMPLES", "100"))
LONG_RUN = "EVENTWIRE_FUZZ_EXAMPLES" in os.environ


@pytest.fixture(scope="module")
def preparation():
    from eventwire.cleaning import Preparation

    return Preparation.load(clean=True)


def target(data: bytes, suffix: str, preparation) -> None:
    """Read `data` as a file of this kind and clean every document it gives; raise on any crash."""
    from eventwire.cleaning.documents import PreparationSummary, prepare_document

    documents, problems = read_bytes(data, suffix)
    unexpected = [str(problem) for problem in problems if any(mark in str(problem) for mark in UNEXPECTED)]
    assert not unexpected, f"an exception no reader expected: {unexpected}"
    for document in documents:
        prepare_document(document, preparation, lambda problem: None, PreparationSummary())


def keep_crash(data: bytes, suffix: str) -> Path:
    CRASHES.mkdir(exist_ok=True)
    path = CRASHES / f"{hashlib.sha1(data).hexdigest()[:12]}{suffix}"
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("case", sorted(CRASHES.iterdir()), ids=lambda path: path.name)
def test_kept_crashes_stay_fixed(case, preparation):
    target(case.read_bytes(), "".join(case.suffixes[-2:]) if case.name.endswith(".gz") else case.suffix, preparation)


def structured(values: list) -> bytes:
    import json

    return "\n".join(json.dumps(value) for value in values).encode()


FUZZ_INPUTS = st.one_of(
    st.binary(max_size=4096),
    st.text(max_size=2048).map(lambda text: text.encode("utf-8", errors="surrogatepass")),
    st.lists(JSON_VALUES, min_size=1, max_size=6).map(structured),
)


@settings(max_examples=EXAMPLES, deadline=None, derandomize=not LONG_RUN, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(suffix=st.sampled_from(SUFFIXES), data=FUZZ_INPUTS)
def test_fuzz_readers_and_cleaning(suffix, data, preparation):
    try:
        target(data, suffix, preparation)
    except Exception:
        print(f"crash kept as {keep_crash(data, suffix)}")
        raise
