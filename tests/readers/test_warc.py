"""WARC files are built here with warcio, the way a crawler writes them."""

import io

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from eventwire.errors import InputError
from eventwire.readers import read_inputs

ARTICLE = (
    "<html><head><title>Sudan talks resume in Jeddah</title></head><body><article>"
    "<h1>Sudan talks resume in Jeddah</h1>"
    "<p>Delegations of the Sudanese army and the Rapid Support Forces resumed talks in Jeddah on Thursday, "
    "Saudi Arabia's foreign ministry said, after a pause of several weeks.</p>"
    "<p>The United States and Saudi Arabia, which host the talks, urged both sides to agree a ceasefire.</p>"
    "</article></body></html>"
)


def response(writer, url, body, status="200 OK", content_type="text/html; charset=utf-8", date="2023-10-26T08:00:00Z"):
    headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
    record = writer.create_warc_record(
        url, "response", payload=io.BytesIO(body), http_headers=headers,
        warc_headers_dict={"WARC-Date": date},
    )
    writer.write_record(record)


def build_warc(path, gzip=True):
    with open(path, "wb") as stream:
        writer = WARCWriter(stream, gzip=gzip)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "tests"}))
        request = writer.create_warc_record("https://news.example.org/sudan", "request", payload=io.BytesIO(b"GET /sudan HTTP/1.1\r\n\r\n"))
        writer.write_record(request)
        response(writer, "https://news.example.org/sudan", ARTICLE.encode())
        response(writer, "https://news.example.org/gone", b"<html><body>Not found</body></html>", status="404 Not Found")
        response(writer, "https://news.example.org/logo.png", b"\x89PNG\r\n", content_type="image/png")
        response(writer, "https://news.example.org/sudan", ARTICLE.encode())  # captured twice


def collect(*inputs):
    problems: list[InputError] = []
    return list(read_inputs([str(i) for i in inputs], problems.append)), problems


def test_html_responses_become_documents(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    build_warc(path)
    documents, problems = collect(path)
    assert problems == []
    first, second = documents
    assert first.id == "https://news.example.org/sudan"
    assert second.id == "https://news.example.org/sudan#2"
    assert first.url == "https://news.example.org/sudan"
    assert first.title == "Sudan talks resume in Jeddah"
    assert "resumed talks in Jeddah on Thursday" in first.text
    # No date on the page: the capture date stands in.
    assert first.date == "2023-10-26"
    assert first.source == "news.example.org"


def test_uncompressed_warc_reads_the_same(tmp_path):
    build_warc(tmp_path / "a.warc.gz")
    build_warc(tmp_path / "b.warc", gzip=False)
    compressed, _ = collect(tmp_path / "a.warc.gz")
    plain, problems = collect(tmp_path / "b.warc")
    assert problems == []
    assert [(d.id, d.text) for d in plain] == [(d.id, d.text) for d in compressed]


def test_truncated_warc_keeps_the_pages_before_the_damage(tmp_path):
    path = tmp_path / "cut.warc.gz"
    build_warc(path)
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * 0.9)])
    documents, problems = collect(path, tmp_path / "missing.warc")
    assert [d.id for d in documents] == ["https://news.example.org/sudan"]
    assert str(problems[0]).startswith(str(path))
    assert "missing.warc" in str(problems[1])


def test_archive_without_pages_is_reported(tmp_path):
    path = tmp_path / "images.warc.gz"
    with open(path, "wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        response(writer, "https://news.example.org/logo.png", b"\x89PNG\r\n", content_type="image/png")
    documents, problems = collect(path)
    assert documents == []
    assert "no HTML page" in str(problems[0]) and "image/png 1" in str(problems[0])


def test_not_a_warc_is_reported(tmp_path):
    path = tmp_path / "fake.warc"
    path.write_text("hello, this is not an archive\n")
    documents, problems = collect(path)
    assert documents == [] and "fake.warc" in str(problems[0])


def test_arc_files_are_read_too(tmp_path):
    """ARC, the Internet Archive's format before WARC, written by hand: a file header, then URL-line records."""
    http = b"HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\n" + ARTICLE.encode()
    version = b"1 0 Example\nURL IP-address Archive-date Content-type Archive-length\n"
    data = (b"filedesc://old.arc 0.0.0.0 20151209101500 text/plain %d\n" % len(version) + version + b"\n"
            + b"https://news.example.org/sudan 93.184.216.34 20151209101500 text/html %d\n" % len(http) + http + b"\n")
    (tmp_path / "old.arc").write_bytes(data)
    (document,), problems = collect(tmp_path / "old.arc")
    assert problems == []
    assert document.id == "https://news.example.org/sudan" and document.date == "2015-12-09"
    assert "resumed talks in Jeddah" in document.text
