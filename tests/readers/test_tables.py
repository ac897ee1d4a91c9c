import csv
from contextlib import contextmanager

from eventwire.errors import InputError
from eventwire.readers import ReadOptions, read_inputs
from tests.conftest import FIXTURES

EXPORT = FIXTURES / "web" / "export.csv"


def collect(*inputs, **options):
    problems: list[InputError] = []
    return list(read_inputs([str(i) for i in inputs], problems.append, options=ReadOptions(**options))), problems


def test_rows_become_documents_with_metadata_columns():
    documents, problems = collect(EXPORT)
    iran, india = documents
    assert iran.id == "a-1"
    assert iran.title == "Iran rejects talks offer"
    assert iran.date == "2024-03-11" and iran.source == "Test Wire"
    assert iran.text.startswith("Iran rejected on Monday")
    assert iran.origin.endswith("export.csv:2")
    # A quoted cell may hold commas and line breaks; the next row's line number accounts for them.
    assert india.text.endswith("A second paragraph follows on its own line.")
    assert india.origin.endswith("export.csv:4")
    assert [(p.line, "empty" in str(p) or "cells" in str(p)) for p in problems] == [(3, True), (6, True)]


def test_text_column_is_chosen_by_name(tmp_path):
    table = tmp_path / "scrape.tsv"
    table.write_text("Link\tSummary\tStory\nhttps://x.example/1\tshort\tGhana recalled its ambassador.\n")
    (document,), problems = collect(table, text_column="Story")
    assert problems == []
    assert document.text == "Ghana recalled its ambassador."
    assert document.url == "https://x.example/1"
    assert document.id == "scrape.tsv:1"  # no id column: file and row number, stable across runs


def test_missing_text_column_names_the_columns(tmp_path):
    table = tmp_path / "numbers.csv"
    table.write_text("a,b\n1,2\n")
    documents, problems = collect(table)
    assert documents == []
    (problem,) = problems
    assert "numbers.csv:1" in str(problem) and "a, b" in str(problem) and "--text-column" in str(problem)
    documents, problems = collect(EXPORT, text_column="nope")
    assert documents == [] and "no column 'nope'" in str(problems[0])


def test_semicolon_delimited_and_invalid_utf8(tmp_path):
    table = tmp_path / "semi.csv"
    table.write_text("id;text\n1;Chile and Peru signed an accord.\n2;Bolivia protested.\n")
    documents, problems = collect(table)
    assert [d.text for d in documents] == ["Chile and Peru signed an accord.", "Bolivia protested."]
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"id,text\n1,fine\n2,\xff\xfe broken\n")
    documents, problems = collect(bad)
    assert "bad.csv" in str(problems[0]) and "UTF-8" in str(problems[0])


@contextmanager
def process_csv_limit(limit: int):
    """The process-wide csv cell cap set to `limit` for a while, as other code in the process might."""
    before = csv.field_size_limit(limit)
    try:
        yield
    finally:
        csv.field_size_limit(before)


def test_a_read_leaves_the_process_wide_csv_limit_as_it_was(tmp_path):
    table = tmp_path / "long.csv"
    table.write_text(f'id,text\n1,"Ghana recalled its ambassador. {"x" * 200_000}"\n')
    before = csv.field_size_limit()
    documents, problems = collect(table, max_field_chars=300_000)
    assert [d.id for d in documents] == ["1"] and problems == []
    assert csv.field_size_limit() == before
    documents, problems = collect(table, max_field_chars=1000)
    assert documents == [] and len(problems) == 1
    assert csv.field_size_limit() == before


def test_the_readers_cap_holds_whatever_the_process_wide_limit(tmp_path):
    table = tmp_path / "cells.csv"
    # Row 1 is a quoted cell of 2,505 characters over lines 2-7, row 2 a cell of 200,031 characters on line 8.
    table.write_text(f'id,text\n1,"{("y" * 500 + chr(10)) * 5}"\n'
                     f'2,"Ghana recalled its ambassador. {"x" * 200_000}"\n3,"Mali closed its border."\n')
    with process_csv_limit(100):  # far below the cells: the reader's own cap applies, not this one
        documents, problems = collect(table, max_field_chars=300_000)
        assert csv.field_size_limit() == 100
    assert [d.id for d in documents] == ["1", "2", "3"] and problems == []
    assert [d.origin.rsplit(":", 1)[1] for d in documents] == ["2", "8", "9"]
    with process_csv_limit(10_000_000):  # far above: the reader still stops at its own cap, naming file and line
        documents, problems = collect(table, max_field_chars=1000)
        assert csv.field_size_limit() == 10_000_000
    assert documents == [] and len(problems) == 1
    assert str(problems[0]).startswith(f"{table}:2: a cell over 1,000 characters")
    assert str(problems[0]).endswith("the rest of the file is skipped")
