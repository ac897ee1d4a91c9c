"""eventwire: news in, PLOVER event records out.

The public API (`api.py`): `eventwire.code(text, date=...)` for records, a reusable `eventwire.Coder`,
and `eventwire.Store(path)` for an event store's events and stories as data frames. They are imported
on first use, so `import eventwire` (and `eventwire --version`) stays quick.
"""

import os
import sys
from importlib.metadata import PackageNotFoundError, version


def import_thinc_without_torch() -> None:
    """thinc, which spaCy imports, imports torch when it is installed, to offer its torch layers. The
    spaCy pipeline eventwire runs (en_core_web_sm, a CNN on numpy) never uses them, and importing torch
    costs about 1.7 s of CPU in every process: three quarters of importing spaCy. So thinc is imported
    first here with torch hidden from it; the event detector imports torch itself when it loads.
    A process that wants thinc's torch layers (a spaCy transformer pipeline beside eventwire) imports
    thinc before eventwire, or sets EVENTWIRE_THINC_TORCH=1."""
    if os.environ.get("EVENTWIRE_THINC_TORCH") or "thinc.compat" in sys.modules or "torch" in sys.modules:
        return
    sys.modules["torch"] = None  # type: ignore[assignment]  # `import torch` raises ImportError
    try:
        import thinc.compat  # noqa: F401
    except ImportError:  # no thinc: no spaCy either, and the commands that need it say so
        pass
    finally:
        if sys.modules.get("torch", 0) is None:
            del sys.modules["torch"]


import_thinc_without_torch()

# The version is written once, in pyproject.toml; CHANGELOG.md says what each version changed in the records.
try:
    __version__ = version("eventwire")
except PackageNotFoundError:  # run from a source tree that was never installed (make installs it)
    __version__ = "0+unknown"
__all__ = ["Coder", "Store", "code", "__version__"]
PUBLIC = {"Coder", "Store", "code"}


def __getattr__(name: str):
    if name in PUBLIC:
        from eventwire import api

        return getattr(api, name)
    raise AttributeError(f"module 'eventwire' has no attribute {name!r}")
