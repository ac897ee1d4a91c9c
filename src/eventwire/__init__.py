"""eventwire: news in, PLOVER event records out."""

from importlib.metadata import PackageNotFoundError, version

# The version is written once, in pyproject.toml; CHANGELOG.md says what each version changed in the records.
try:
    __version__ = version("eventwire")
except PackageNotFoundError:  # run from a source tree that was never installed (make installs it)
    __version__ = "0+unknown"
