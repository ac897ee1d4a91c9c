import io
from pathlib import Path

from eventwire.errors import InputError
from eventwire.readers import read_inputs

from tests.conftest import FIXTURES

DOCS = FIXTURES / "docs"


def collect(inputs, stdin=None):
    problems: list[InputError] = []
    documents = list(read_inputs(inputs, problems.append, stdin=stdin))
    return documents, problems


def test_txt_file_is_one_document_with_title():
    documents, problems = collect([str(DOCS / "strike.txt")])
    assert problems == []
    (document,) = documents
    assert document.id == "strike.txt"
    assert document.title == "Warplanes strike rebel positions near Aleppo"
    # The title stays in the text: offsets index the whole file.
    assert document.text.startswith("Warplanes strike")


def test_folder_is_read_recursively_and_bad_lines_are_reported_with_line_numbers():
    documents, problems = collect([str(DOCS)])
    assert [d.id for d in documents] == ["talks-1", "7", "strike.txt"]
    assert documents[0].date == "2024-03-14" and documents[0].source == "Test Wire"
    assert documents[1].title == "Kenya urges release"
    messages = [str(p) for p in problems]
    assert any("talks.jsonl:2" in m and "not valid JSON" in m for m in messages)
    assert any("talks.jsonl:3" in m and "text" in m for m in messages)
    assert len(problems) == 2


def test_stdin_dash_reads_json_lines():
    stream = io.StringIO('{"id": "a", "text": "Iran rejected the offer."}\n')
    documents, problems = collect(["-"], stdin=stream)
    assert [d.id for d in documents] == ["a"] and problems == []


def test_missing_and_unsupported_inputs_are_problems_not_crashes(tmp_path: Path):
    (tmp_path / "slides.key").write_bytes(b"PK\x03\x04")
    documents, problems = collect([str(tmp_path / "nope.txt"), str(tmp_path / "slides.key"), str(DOCS / "strike.txt")])
    assert [d.id for d in documents] == ["strike.txt"]
    assert "no such file" in str(problems[0])
    assert "unsupported file type" in str(problems[1])


def test_invalid_utf8_and_empty_files_are_reported(tmp_path: Path):
    (tmp_path / "bad.txt").write_bytes(b"fine line\n\xff\xfe broken")
    (tmp_path / "empty.txt").write_text("   \n")
    documents, problems = collect([str(tmp_path)])
    assert documents == []
    assert any("bad.txt:2" in str(p) and "UTF-8" in str(p) for p in problems)
    assert any("empty.txt" in str(p) and "empty" in str(p) for p in problems)
