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
