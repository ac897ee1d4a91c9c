"""The PLOVER -> CAMEO table: every category and every mode the coder writes gets a code."""

import re

from eventwire.datafiles import read_tsv
from eventwire.records import PLOVER_CATEGORIES
from eventwire.store.cameo import load_cameo_table


def coder_modes() -> set[tuple[str, str]]:
    pairs = {(row["category"], row["mode"]) for _, row in read_tsv(
        "eventwire.events.data", "triggers.tsv", ("lemma", "pos", "cue", "category", "mode", "weight"))}
    pairs |= {(row["category"], row["mode"]) for _, row in read_tsv(
        "eventwire.events.data", "mode_cues.tsv", ("category", "cue", "mode"))}
    return pairs


def test_every_category_and_mode_of_the_coder_has_its_own_row_or_the_categorys():
    table = load_cameo_table()
    pairs = coder_modes()
    assert len(pairs) > 40
    for category, mode in pairs:
        code = table.code(category, None if mode == "-" else mode)
        assert re.fullmatch(r"\d{3,4}", code)
        if mode != "-":
            assert (category, mode, "-") in table.codes, f"{category} {mode} falls back to the category's code"


def test_the_one_to_many_rule_and_contexts():
    table = load_cameo_table()
    assert {table.code(category, None) for category in PLOVER_CATEGORIES}  # every category has one
    assert table.code("ASSAULT", None) == "180"  # the most general of 180, 1823, 190, 196
    assert table.code("ASSAULT", None, ["military"]) == "190"
    assert table.code("ASSAULT", "aerial", ["military"]) == "195"  # the mode decides before the context
    assert table.code("ASSAULT", "no-such-mode") == "180"
    assert table.code("CONSULT", "visit") == "042"


def test_each_code_is_filed_under_its_category_in_the_conversion_table(shared_dir):
    text = (shared_dir / "docs" / "CAMEO2PLOVER-2021.txt").read_text(encoding="utf-8")
    filed: dict[str, set[str]] = {}
    for code, category in re.findall(r"^(\d{3,4}):\s*([A-Z]+)\s*,", text, flags=re.MULTILINE):
        filed.setdefault(code, set()).add(category)
    table = load_cameo_table()
    assert table.codes
    for (category, mode, _), code in table.codes.items():
        assert code in filed, f"{code} is not in the conversion table"
        # A row that names no mode in the table borrows the code whose description fits (see `why`); its
        # category may differ only where the table itself files the code elsewhere (1712, 163).
        assert category in filed[code] or code in ("1712", "163") or mode in ("resign", "convict"), (category, mode, code)
