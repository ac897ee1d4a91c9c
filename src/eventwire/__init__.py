"""eventwire: news in, PLOVER event records out.

The public API (`api.py`): `eventwire.code(text, date=...)` for records, a reusable `eventwire.Coder`,
and `eventwire.Store(path)` for an event store's events and stories as data frames. They are imported
on first use, so `import eventwire` (and `eventwire --version`) stays quick.
"""

from importlib.metadata import PackageNotFoundError, version

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
