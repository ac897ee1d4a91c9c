"""Every row of the cleaning data files is checked: unique, well-formed, and its example matches."""

import re
from importlib import resources

from eventwire.cleaning.lines import DATA, furniture, load_line_rules
from eventwire.datafiles import read_tsv


def test_data_files_say_where_they_come_from():
    for name in ("widget_lines.tsv", "line_patterns.tsv"):
        text = (resources.files(DATA) / name).read_text(encoding="utf-8")
        assert text.startswith("# "), name
        assert "Written for eventwire" in text, name


def test_widget_phrases_are_unique_lower_case_and_short():
    phrases = [row["phrase"] for _, row in read_tsv(DATA, "widget_lines.tsv", ("phrase",))]
    assert len(phrases) == len(set(phrases))
    for phrase in phrases:
        assert phrase == phrase.lower().strip() and 0 < len(phrase.split()) <= 5, phrase


def test_each_pattern_compiles_and_matches_its_example():
    rules = load_line_rules()
    rows = [row for _, row in read_tsv(DATA, "line_patterns.tsv", ("pattern", "reason", "example"))]
    assert len({row["pattern"] for row in rows}) == len(rows)
    for row in rows:
        pattern = re.compile(row["pattern"], re.IGNORECASE)
        assert pattern.fullmatch(row["example"]), row
        assert furniture(row["example"], rules) is not None, row
