"""The accuracy gate runs with the test suite, on the gold files in ../shared."""

from eventwire.analysis.gate import check
from eventwire.pipeline import Coder

from tests.conftest import REPO


def test_accuracy_stays_above_the_pinned_floors(shared_dir):
    failures = check(Coder.load(), shared_dir / "gold", REPO / "bench" / "eval_floors.json")
    assert failures == []
