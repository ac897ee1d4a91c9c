import gzip
import io
import json
import zipfile

from eventwire.errors import InputError
from eventwire.readers import read_inputs
from tests.conftest import FIXTURES

LINES = [json.dumps({"id": f"d{n}", "text": f"Kenya urged Somalia to release journalist number {n}."}) for n in range(3)]


def collect(*inputs):
    problems: list[InputError] = []
    return list(read_inputs([str(i) for i in inputs], problems.append)), problems


def test_gzip_is_read_as_the_file_inside(tmp_path):
    (tmp_path / "docs.jsonl.gz").write_bytes(gzip.compress(("\n".join(LINES) + "\n").encode()))
    (tmp_path / "strike.txt.gz").write_bytes(gzip.compress((FIXTURES / "docs" / "strike.txt").read_bytes()))
    documents, problems = collect(tmp_path)
    assert problems == []
    assert [d.id for d in documents] == ["d0", "d1", "d2", "strike.txt"]  # the same id as the plain file


def test_zip_members_are_read_in_name_order(tmp_path):
    archive = tmp_path / "news.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("b/docs.jsonl", "\n".join(LINES))
        zipped.writestr("a/page.html", (FIXTURES / "web" / "article.html").read_text())
        zipped.writestr("a/notes.md", "not news")
        zipped.writestr("__MACOSX/a/._page.html", b"\x00\x05")
        inner = io.BytesIO()
        with zipfile.ZipFile(inner, "w") as nested:
            nested.writestr("strike.txt", (FIXTURES / "docs" / "strike.txt").read_text())
        zipped.writestr("c/nested.zip", inner.getvalue())
    documents, problems = collect(archive)
    assert [d.id for d in documents] == ["page.html", "d0", "d1", "d2", "strike.txt"]
    # A type no reader handles is reported, naming the member, since the user named the archive.
    (problem,) = problems
    assert "news.zip[a/notes.md]" in str(problem) and "unsupported" in str(problem)


def test_truncated_gzip_keeps_what_came_before(tmp_path):
    data = gzip.compress(("\n".join(LINES * 400) + "\n").encode())
    (tmp_path / "cut.jsonl.gz").write_bytes(data[: len(data) // 2])
    documents, problems = collect(tmp_path / "cut.jsonl.gz", FIXTURES / "docs" / "strike.txt")
    assert 0 < len(documents) - 1 < 1200 and documents[-1].id == "strike.txt"
    (problem,) = problems
    assert "cut.jsonl.gz" in str(problem) and "truncated" in str(problem)


def test_damaged_archives_are_reported(tmp_path):
    (tmp_path / "broken.zip").write_bytes(b"PK\x03\x04 this is not really a zip")
    (tmp_path / "broken.txt.gz").write_bytes(b"not gzip at all")
    documents, problems = collect(tmp_path / "broken.zip", tmp_path / "broken.txt.gz")
    assert documents == []
    assert [p.path for p in problems] == [str(tmp_path / "broken.zip"), str(tmp_path / "broken.txt.gz")]
