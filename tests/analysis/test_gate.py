"""The accuracy gate runs with the test suite: the rules on the gold files in ../shared, and the
coder with the detector on the real-news gold's held-out split; one test per gold file, so that
they can run side by side."""

import pytest

from eventwire.analysis.gate import REALNEWS_PREFIX, check, floor_names
from eventwire.config import Config
from tests.conftest import REPO

FLOORS = REPO / "bench" / "eval_floors.json"


def test_the_floors_file_pins_every_gold():
    names = floor_names(FLOORS)
    assert {"plover_gsr_dev.jsonl", "seeds_events.jsonl"} <= set(names)
    assert any(name.startswith(REALNEWS_PREFIX) for name in names)


@pytest.mark.parametrize("gold", floor_names(FLOORS))
def test_accuracy_stays_above_the_pinned_floors(gold, shared_dir, load_coder):
    model_coder = load_coder(Config(detector=True)) if gold.startswith(REALNEWS_PREFIX) else None
    failures = check(load_coder(Config(detector=False)), shared_dir / "gold", FLOORS, model_coder,
                     REPO / "gold" / "realnews", only=gold)
    assert failures == []
