"""A stand-in for the gazetteer build, for tests of the cache and of `gazetteer update`."""

from __future__ import annotations


def small_index(dump_rows=None):
    """A stand-in for `build_index` (milliseconds, not a full build): one place, and the dump's rows."""
    entries = [("Smallville", "1", 1.0, 2.0, "USA", "PPL", 10, False, "US.KS")]
    entries += [entry for entry, _names in dump_rows or ()]
    index = {"smallville": 0 * 4}
    return entries, index, frozenset(), {}
