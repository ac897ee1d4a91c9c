import io
import json
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


def test_binary_files_named_as_text_are_reported(tmp_path):
    (tmp_path / "report.txt").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj")
    (tmp_path / "dump.jsonl").write_bytes(b"\x00\x01\x02\x03binary")
    (tmp_path / "utf16.txt").write_bytes("Chad closed its border with Sudan.".encode("utf-16"))
    documents, problems = collect([str(tmp_path)])
    assert [d.text for d in documents] == ["Chad closed its border with Sudan."]
    assert any("report.txt" in str(p) and "PDF" in str(p) for p in problems)
    assert any("dump.jsonl" in str(p) and "binary" in str(p) for p in problems)


def test_a_50_mb_file_is_refused_without_reading_it(tmp_path):
    big = tmp_path / "dump.txt"
    with big.open("wb") as stream:
        line = b"Warplanes struck rebel positions near Aleppo on Tuesday, the monitor said.\n"
        stream.write(line * (50_000_000 // len(line) + 1))
    documents, problems = collect([str(big), str(DOCS / "strike.txt")])
    assert [d.id for d in documents] == ["strike.txt"]
    (problem,) = problems
    assert "dump.txt" in str(problem) and "50.0 MB" in str(problem) and "limit" in str(problem)


def test_a_document_too_long_to_parse_is_reported(tmp_path):
    (tmp_path / "long.jsonl").write_text(json.dumps({"id": "long", "text": "word " * 250_000}) + "\n"
                                         + json.dumps({"id": "ok", "text": "Iran rejected the offer."}) + "\n")
    documents, problems = collect([str(tmp_path / "long.jsonl")])
    assert [d.id for d in documents] == ["ok"]
    assert "long.jsonl:1" in str(problems[0]) and "1,250,000 characters" in str(problems[0])


def test_invalid_utf8_on_one_jsonl_line_skips_only_that_line(tmp_path):
    good = json.dumps({"id": "a", "text": "Kenya urged Somalia to act."}).encode()
    (tmp_path / "mixed.jsonl").write_bytes(good + b"\n" + b'{"id": "b", "text": "caf\xe9"}\n' + good.replace(b'"a"', b'"c"') + b"\n")
    documents, problems = collect([str(tmp_path / "mixed.jsonl")])
    assert [d.id for d in documents] == ["a", "c"]
    (problem,) = problems
    assert problem.line == 2 and "UTF-8" in str(problem)


def test_urls_and_url_lists_are_sent_to_fetch(tmp_path):
    (tmp_path / "links.txt").write_text("https://example.org/a\n\nhttps://example.org/b\n")
    documents, problems = collect(["https://example.org/news", str(tmp_path / "links.txt")])
    assert documents == []
    assert all("eventwire fetch" in str(p) for p in problems) and len(problems) == 2


def test_empty_files_of_every_kind_are_reported(tmp_path):
    for name in ("a.jsonl", "b.csv", "c.html", "d.rss", "e.warc"):
        (tmp_path / name).write_bytes(b"")
    (tmp_path / "f.jsonl").write_text("\n  \n")
    documents, problems = collect([str(tmp_path)])
    assert documents == []
    assert sorted(Path(p.path).name for p in problems) == ["a.jsonl", "b.csv", "c.html", "d.rss", "e.warc", "f.jsonl"]
    assert all("empty file" in str(p) for p in problems)


def test_invalid_utf8_on_stdin_is_reported_not_raised():
    stream = io.TextIOWrapper(io.BytesIO(b'{"id": "a", "text": "Iran rejected the offer."}\n\xff\xfe\n'), encoding="utf-8")
    documents, problems = collect(["-"], stdin=stream)
    assert [d.id for d in documents] == ["a"]
    assert "<stdin>" in str(problems[0]) and "UTF-8" in str(problems[0])
