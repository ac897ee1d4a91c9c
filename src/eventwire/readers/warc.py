"""WARC and ARC web archives (warcio), streamed record by record.

Each HTML response or resource record with status 200 is one page, read with
`html.extract_page`. Other records (requests, metadata, redirects, images,
robots.txt) are skipped. Memory stays bounded by one record, so a Common
Crawl News file of a gigabyte reads like a small one.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterator

from eventwire.errors import InputError
from eventwire.readers.base import InputFile, ProblemHandler, ReadOptions, megabytes
from eventwire.readers.html import document_from_page, extract_page
from eventwire.records import Document

log = logging.getLogger(__name__)

PAGE_RECORDS = ("response", "resource")
CHUNK_BYTES = 65536
# Bytes a complete archive may have after its last record: the blank lines ending an uncompressed one.
MAX_TRAILING_BYTES = 4
HTML_TYPES = ("text/html", "application/xhtml+xml")


def _content_type(record) -> str:
    headers = record.http_headers if record.rec_type == "response" else record.rec_headers
    value = (headers.get_header("Content-Type") if headers else None) or ""
    return value.split(";")[0].strip().lower()


def _status(record) -> str | None:
    if record.rec_type != "response":
        return "200"
    return record.http_headers.get_statuscode() if record.http_headers else None


def read_warc(source: InputFile, on_problem: ProblemHandler, options: ReadOptions) -> Iterator[Document]:
    """One document per HTML page; its id is the page's URL.

    The publication date comes from the page (htmldate); when the page gives
    none, the record's capture date stands in: news crawls (Common Crawl News)
    fetch articles within a day or so of publication, close enough to resolve
    "on Tuesday".

    warcio stops quietly at a cut-off record, so the reader checks for itself:
    every record must be read to its declared length, and the records must
    reach the end of the file.
    """
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    skipped: Counter[str] = Counter()
    seen: Counter[str] = Counter()
    found = 0
    end = 0
    with source.open() as stream:
        records = ArchiveIterator(stream, arc2warc=True)
        try:
            for record in records:
                uri = record.rec_headers.get_header("WARC-Target-URI")
                payload = _page_payload(record, skipped, options)
                _drain(record)
                if getattr(record.raw_stream, "limit", 0) > 0:
                    raise InputError(source.name, f"archive ends inside the record for {uri or 'an unnamed target'} "
                                     f"(truncated){_kept(found)}")
                # Offsets are known once a record is read (asking earlier makes warcio skip it).
                offset, length = records.get_record_offset(), records.get_record_length()
                end = offset + length
                where = f"{source.name}@{offset}"
                if payload is None:
                    continue
                if len(payload) > options.max_document_bytes:
                    on_problem(InputError(where, f"page {uri} is over the {megabytes(options.max_document_bytes)} limit; skipped"))
                    continue
                page = extract_page(payload, uri)
                if page is None:
                    skipped["no article text"] += 1
                    log.debug("%s: no article text in %s", where, uri)
                    continue
                uri = uri or f"{source.id_name}@{offset}"
                seen[uri] += 1
                doc_id = uri if seen[uri] == 1 else f"{uri}#{seen[uri]}"  # the same URL captured twice
                captured = (record.rec_headers.get_header("WARC-Date") or "")[:10] or None
                found += 1
                yield document_from_page(page, doc_id, where, url=uri, date=captured)
        except InputError:
            raise
        except ArchiveLoadFailed as exc:
            raise InputError(source.name, _load_failure(exc, found)) from exc
        except Exception as exc:  # warcio fails on cut-off headers with whatever it trips on
            raise InputError(source.name, f"damaged archive record ({type(exc).__name__}){_kept(found)}") from exc
    if source.size is not None and source.size - end > MAX_TRAILING_BYTES:
        raise InputError(source.name, f"archive ends inside a record after byte {end} of {source.size} "
                         f"(truncated or damaged){_kept(found)}")
    if skipped:
        log.debug("%s: skipped records: %s", source.name, dict(skipped))
    if not found:
        raise InputError(source.name, "no HTML page with article text in the archive"
                         + (f" (skipped: {', '.join(f'{k} {v}' for k, v in skipped.most_common())})" if skipped else ""))


def _load_failure(exc: Exception, found: int) -> str:
    """warcio's message quotes the bytes it could not read; those can be anything, so they are left out."""
    if "Unknown archive format" in str(exc):
        return f"not a WARC or ARC archive (no record header where one should start){_kept(found)}"
    return f"damaged archive record (warcio: {str(exc).split(':')[0].strip()[:80]}){_kept(found)}"


def _page_payload(record, skipped: Counter[str], options: ReadOptions) -> bytes | None:
    """The HTML of a page record (up to one byte over the limit), or None for other records."""
    if record.rec_type not in PAGE_RECORDS:
        skipped[record.rec_type] += 1
        return None
    if _status(record) != "200":
        skipped[f"status {_status(record)}"] += 1
        return None
    if _content_type(record) not in HTML_TYPES:
        skipped[_content_type(record) or "no content type"] += 1
        return None
    return record.content_stream().read(options.max_document_bytes + 1)


def _drain(record) -> None:
    while record.raw_stream.read(CHUNK_BYTES):
        pass


def _kept(found: int) -> str:
    return f"; the {found} page(s) before it were read" if found else ""
