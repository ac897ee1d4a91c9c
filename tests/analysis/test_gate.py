"""The accuracy gate runs with the test suite: the rules on the gold files in ../shared, and the
coder with the detector on the real-news gold's held-out split."""

from eventwire.analysis.gate import check
from eventwire.config import Config
from eventwire.pipeline import Coder

from tests.conftest import REPO


def test_accuracy_stays_above_the_pinned_floors(shared_dir):
    failures = check(Coder.load(Config(detector=False)), shared_dir / "gold", REPO / "bench" / "eval_floors.json",
                     Coder.load(Config(detector=True)), REPO / "gold" / "realnews")
    assert failures == []
