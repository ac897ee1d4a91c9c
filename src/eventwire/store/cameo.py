"""CAMEO event codes for PLOVER records, for analysts who think in GDELT's or ICEWS's codes.

The table (`store/data/cameo_codes.tsv`) reads the PLOVER manual's CAMEO-to-PLOVER conversion in
reverse. That direction is one-to-many, so each row keeps one code, and its header says which
(the most general: shortest, then lowest); `cameo_code` below always finds one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from eventwire.datafiles import data_file_name, read_tsv
from eventwire.errors import InputError
from eventwire.records import PLOVER_CATEGORIES

PACKAGE = "eventwire.store.data"
TABLE = "cameo_codes.tsv"
ANY = "-"


@dataclass(frozen=True)
class CameoTable:
    codes: dict[tuple[str, str, str], str]  # (category, mode or "-", context or "-") -> CAMEO code

    def code(self, category: str, mode: str | None, contexts: Iterable[str] = ()) -> str:
        """The CAMEO code of a record: its mode and a context first, then its mode, then a context,
        then its category alone."""
        mode = mode or ANY
        contexts = [c for c in contexts if c]
        for wanted_mode in dict.fromkeys((mode, ANY)):
            for context in contexts:
                if (category, wanted_mode, context) in self.codes:
                    return self.codes[category, wanted_mode, context]
            if (category, wanted_mode, ANY) in self.codes:
                return self.codes[category, wanted_mode, ANY]
        raise KeyError(f"no CAMEO code for category {category!r}")


def load_cameo_table() -> CameoTable:
    where = data_file_name(PACKAGE, TABLE)
    codes: dict[tuple[str, str, str], str] = {}
    for number, row in read_tsv(PACKAGE, TABLE, ("category", "mode", "context", "cameo", "why")):
        key = (row["category"], row["mode"] or ANY, row["context"] or ANY)
        if row["category"] not in PLOVER_CATEGORIES:
            raise InputError(where, f"unknown PLOVER category {row['category']!r}", number)
        if not row["cameo"].isdigit() or not 3 <= len(row["cameo"]) <= 4:
            raise InputError(where, f"a CAMEO code has 3 or 4 digits, not {row['cameo']!r}", number)
        if key in codes:
            raise InputError(where, f"{key} is listed twice", number)
        codes[key] = row["cameo"]
    missing = [c for c in PLOVER_CATEGORIES if (c, ANY, ANY) not in codes]
    if missing:
        raise InputError(where, f"categories without a '-' row, so some records would get no code: {missing}")
    return CameoTable(codes)
