"""Shared fixtures, loaded once per test session (once per pytest-xdist worker): the spaCy model, the
full gazetteer, and coders by configuration, which the CLI tests share through `eventwire.cli.load_coder`."""

from __future__ import annotations

import fcntl
import os
from contextlib import contextmanager
from pathlib import Path

# The learned event detector (torch, MiniLM) is off for every test that does not ask for it
# (Config(detector=True)): tests of other stages stay fast and see the rules' records.
os.environ.setdefault("EVENTWIRE_MODEL", "off")

# pytest-xdist starts one worker process per core (`make test`: -n auto). Each takes one thread for torch's
# and the BLAS libraries' matrix work (read when they load, after this file), as do the eventwire processes
# tests start, which inherit it: with a thread per core in every worker, threads outnumber cores and wait
# for each other spinning (the held-out accuracy gate took 30 % more CPU time so, on two busy cores).
if os.environ.get("PYTEST_XDIST_WORKER"):
    for threads in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(threads, "1")

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


#: Tests that share something costly to set up run on one pytest-xdist worker (`make test`: --dist loadgroup),
#: which sets it up once: (node id prefix, group). xdist starts the groups first, the largest first.
XDIST_GROUPS = (
    ("tests/web/", "web"),  # the web store is coded, and Chromium started, once
    # the event detector is loaded once: its own tests and the accuracy gate on the real-news gold
    ("tests/events/test_detector.py::", "detector"),
    ("tests/analysis/test_gate.py::test_accuracy_stays_above_the_pinned_floors[realnews:", "detector"),
)


def xdist_group(nodeid: str) -> str | None:
    return next((group for prefix, group in XDIST_GROUPS if nodeid.startswith(prefix)), None)


def pytest_xdist_make_scheduler(config, log):
    """--dist loadgroup, grouping by `XDIST_GROUPS`. xdist 3.8 reads `xdist_group` marks by renaming each
    marked item's node id, which pytest 9 no longer takes from where xdist writes it: marks would go unread,
    and every test would be a group of its own."""
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadGroupScheduling

    class PrefixGroupScheduling(LoadGroupScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return xdist_group(nodeid) or nodeid

    return PrefixGroupScheduling(config, log)


@pytest.fixture(scope="session")
def nlp():
    from eventwire.parsing import load_nlp

    return load_nlp()


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not (SHARED / "corpus" / "seeds").is_dir():
        pytest.skip(f"../shared is not beside the repository (looked in {SHARED}); skipping tests that need it")
    return SHARED


@contextmanager
def one_worker_at_a_time(lock_file: Path):
    """Hold an exclusive lock on `lock_file`: of the xdist workers (separate processes) wanting to build the
    same cache, one builds it and the others wait, then read what it wrote."""
    lock_file.parent.mkdir(parents=True, exist_ok=True)
    with lock_file.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def build_lock() -> Path:
    """The lock file beside the gazetteer cache every coder reads (`default_cache_dir`)."""
    from eventwire.places import default_cache_dir

    return default_cache_dir() / ".tests-build.lock"


@pytest.fixture(scope="session")
def gazetteer():
    """The full gazetteer, from the cache every coder reads (`default_cache_dir`).

    Built at most once per session, and only when the cache misses (a fresh clone, or changed place data):
    the cache key names every input, so a cached index is the one a build would give. End-to-end tests and
    the places tests that check real GeoNames data use it; unit tests of the cache use small stand-ins.
    Tests that start `eventwire` processes ask for it too, so that their processes find the index built.
    """
    from eventwire.places import load_gazetteer

    with one_worker_at_a_time(build_lock()):
        return load_gazetteer()


@pytest.fixture(scope="session")
def load_coder():
    """`Coder.load`, once per configuration: a coder holds no state between documents, so tests share it."""
    from eventwire.config import Config
    from eventwire.pipeline import Coder

    loaded = {}
    load_anew = Coder.load  # bound now: `shared_coders` below stands in for `Coder.load` in some tests

    def load(config: Config | None = None) -> Coder:
        config = config or Config()
        if config not in loaded:
            with one_worker_at_a_time(build_lock()):  # the first load may build the gazetteer
                loaded[config] = load_anew(config)
        return loaded[config]

    return load


@pytest.fixture(scope="module")
def shared_coders(load_coder):
    """`Coder.load` gives the session's coder for each configuration, in the modules that ask, for tests of
    code that loads its own (the public API's `eventwire.Coder`): the same models, not loaded again."""
    from eventwire.pipeline import Coder

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Coder, "load", staticmethod(lambda config=None: load_coder(config)))
        yield


@pytest.fixture(scope="session", autouse=True)
def cli_shares_coders(load_coder):
    """CLI commands run in process (Typer's CliRunner) take their coder from `load_coder` instead of loading
    spaCy, the lexicons and the gazetteer again for every command; tests of real processes are unaffected."""
    import eventwire.cli

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(eventwire.cli, "load_coder", load_coder)
        yield
