"""RSS and Atom feeds (feedparser).

`parse_feed` is pure: feed bytes in, `Feed` out. A feed file read from disk
gives one document per entry from the text the entry carries (its content,
else its summary); `eventwire fetch` follows each entry's link to its page
instead (`readers.urls`) and falls back to that text.
"""

from __future__ import annotations

import io
import logging
import time
from collections.abc import Iterator
from dataclasses import dataclass

from eventwire.errors import InputError
from eventwire.readers.base import InputFile, ProblemHandler, ReadOptions, read_markup
from eventwire.readers.html import compose_text, html_fragment_text
from eventwire.records import Document

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class FeedEntry:
    id: str
    link: str | None
    title: str | None
    text: str  # the entry's own text (content or summary), may be ""
    date: str | None  # ISO 8601
    author: str | None


@dataclass(frozen=True)
class Feed:
    title: str | None
    entries: tuple[FeedEntry, ...]


def looks_like_feed(data: bytes) -> bool:
    """Cheap check on a fetched body: RSS, RDF or Atom root element near the start."""
    head = data[:2048].lstrip().lower()
    return any(tag in head for tag in (b"<rss", b"<feed", b"<rdf:rdf"))


def _iso(struct: time.struct_time | None) -> str | None:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", struct) if struct else None


def _entry_text(entry) -> str:
    contents = [c.get("value", "") for c in entry.get("content", []) if c.get("value")]
    markup = max(contents, key=len) if contents else entry.get("summary", "")
    return html_fragment_text(markup or "")


def parse_feed(data: bytes, name: str, on_problem: ProblemHandler | None = None) -> Feed:
    """Parse an RSS or Atom feed; raise `InputError` when `data` is not one. An entry that cannot be
    read goes to `on_problem` (else the log) and the others are kept."""
    import feedparser

    # A stream, never a string: feedparser would fetch a string that looks like a URL.
    parsed = feedparser.parse(io.BytesIO(data))
    if not parsed.get("version") and not parsed.entries:
        reason = parsed.get("bozo_exception")
        raise InputError(name, "not an RSS or Atom feed" + (f" ({reason})" if reason else ""))
    if parsed.get("bozo"):
        log.debug("%s: feed is not well-formed (%s); read what could be read", name, parsed.get("bozo_exception"))
    entries = []
    for number, entry in enumerate(parsed.entries, 1):
        try:
            entries.append(_feed_entry(entry, name, number))
        except Exception as exc:  # noqa: BLE001 - one hostile entry (odd types, deep markup) must not lose the feed
            problem = InputError(f"{name}#{number}", f"entry not readable ({type(exc).__name__}: {str(exc)[:200]})")
            if on_problem is None:
                log.warning("%s", problem)
            else:
                on_problem(problem)
    return Feed(title=_text_value(parsed.feed.get("title")), entries=tuple(entries))


def _text_value(value) -> str | None:
    return (value if isinstance(value, str) else "").strip() or None


def _feed_entry(entry, name: str, number: int) -> FeedEntry:
    link = entry.get("link") or None
    if link is not None and not isinstance(link, str):
        link = None
    return FeedEntry(
        id=str(entry.get("id") or link or f"{name}#{number}"),
        link=link,
        title=_text_value(entry.get("title")),
        text=_entry_text(entry),
        date=_iso(entry.get("published_parsed") or entry.get("updated_parsed"))
        or entry.get("published") or entry.get("updated") or None,
        author=entry.get("author") or None,
    )


def document_from_entry(entry: FeedEntry, feed: Feed, origin: str) -> Document:
    return Document(
        id=entry.id,
        text=compose_text(entry.title, entry.text),
        title=entry.title,
        date=entry.date,
        url=entry.link,
        source=feed.title,
        author=entry.author,
        origin=origin,
    )


def read_feed(source: InputFile, on_problem: ProblemHandler, options: ReadOptions) -> Iterator[Document]:
    """One document per entry, from the text the entry carries."""
    feed = parse_feed(read_markup(source, options, "a feed"), source.name, on_problem)
    if not feed.entries:
        raise InputError(source.name, "feed has no entries")
    for number, entry in enumerate(feed.entries, 1):
        where = f"{source.name}#{number}"
        if not entry.text:
            on_problem(InputError(where, f"entry {entry.link or entry.id} carries no text; "
                                         "`eventwire fetch` follows entry links to their pages"))
            continue
        yield document_from_entry(entry, feed, where)
