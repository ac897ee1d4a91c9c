"""HTML pages: the main text and its metadata (title, date, author, outlet).

`extract_page` is pure: markup in, `Page` out, no files or network. It is an
explicit cascade, each step tried only when the one before found no text:

1. trafilatura's extractor (main text, boilerplate removed; title, author,
   site name and, through htmldate, the publication date);
2. trafilatura's `baseline` (every paragraph-like element), for pages the
   extractor judges too short or too odd;
3. the page's visible text (lxml), for broken or bare markup;
4. the text outside scripts and styles (the standard library's tree-less parser), for markup nested
   deeper than lxml reads.

A step that fails logs and hands over to the next; when none finds text the
page yields nothing and the reader reports it. The same function serves
`.html` files, WARC records and fetched pages.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urlsplit

from eventwire.errors import InputError
from eventwire.readers.base import InputFile, ProblemHandler, ReadOptions, read_markup
from eventwire.records import Document

log = logging.getLogger(__name__)

# Less main text than this is a menu or a stub, not an article: trafilatura
# returns "Home" for a page that is only a navigation bar. The shortest news
# item worth coding, a one-sentence brief, is longer.
MIN_PAGE_CHARS = 50
# The visible-text fallback also picks up menus and footers, so it needs more
# before it counts ("404 Not Found | Home | About | Contact").
MIN_FALLBACK_CHARS = 80
BLOCK_TAGS = frozenset(
    "address article aside blockquote br dd div dl dt figcaption figure footer form h1 h2 h3 h4 h5 h6 header "
    "hr li main nav ol p pre section table td th tr ul".split()
)
SPACES = re.compile(r"[ \t\r\f\v]+")


@dataclass(frozen=True)
class Page:
    text: str
    title: str | None = None
    date: str | None = None  # YYYY-MM-DD
    author: str | None = None
    site: str | None = None  # outlet: site name, else host name
    url: str | None = None  # canonical URL when the page names one
    method: str = "trafilatura"  # which step of the cascade found the text


def tidy_lines(text: str) -> str:
    """One paragraph per line, spaces collapsed, empty lines dropped."""
    lines = (SPACES.sub(" ", line).strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def html_fragment_text(markup: str) -> str:
    """Text of an HTML fragment (a feed entry's summary), one block per line."""
    if "<" not in markup:
        return tidy_lines(markup)
    from lxml import etree
    from lxml import html as lxml_html

    try:
        root = lxml_html.fragment_fromstring(markup, create_parent="div")
    except (etree.ParserError, ValueError):
        return tidy_lines(markup)
    return tidy_lines(_visible_text(root))


def _visible_text(root) -> str:
    for element in root.xpath("//script | //style | //noscript | //template"):
        element.drop_tree()
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.lower() in BLOCK_TAGS:
            element.tail = "\n" + (element.tail or "")
    return root.text_content()


def _site(site: str | None, url: str | None) -> str | None:
    if site:
        return site.strip()
    if url:
        host = urlsplit(url).hostname
        if host:
            return host.removeprefix("www.")
    return None


def _trafilatura(markup: str | bytes, url: str | None) -> Page | None:
    import trafilatura

    result = trafilatura.bare_extraction(
        markup, url=url, with_metadata=True, include_comments=False, include_tables=False, include_images=False
    )
    if result is None or len((result.text or "").strip()) < MIN_PAGE_CHARS:
        return None
    return Page(
        text=tidy_lines(result.text),
        title=(result.title or None),
        date=result.date or None,
        author=result.author or None,
        site=_site(result.sitename, result.url or url),
        url=result.url or url,
    )


def _baseline(markup: str | bytes, url: str | None) -> Page | None:
    import trafilatura

    _, text, length = trafilatura.baseline(markup)
    if not length or len(text.strip()) < MIN_PAGE_CHARS:
        return None
    return Page(text=tidy_lines(text), date=_htmldate(markup, url), site=_site(None, url), url=url, method="baseline")


def _visible(markup: str | bytes, url: str | None) -> Page | None:
    from lxml import html as lxml_html

    root = lxml_html.document_fromstring(markup)
    title = root.findtext(".//title")
    body = root.find("body")
    text = tidy_lines(_visible_text(body if body is not None else root))
    if len(text) < MIN_FALLBACK_CHARS:
        return None
    return Page(text=text, title=(title or "").strip() or None, date=_htmldate(markup, url), site=_site(None, url),
                url=url, method="visible text")


class _TextCollector(HTMLParser):
    """Text outside scripts and styles, from a parser that keeps no tree: markup nested deeper than
    lxml's limit (256 levels; a page nested 10,000 deep) still gives its text."""

    HIDDEN = frozenset({"script", "style", "noscript", "template"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in self.HIDDEN:
            self.hidden += 1
        elif tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def _flat(markup: str | bytes, url: str | None) -> Page | None:
    collector = _TextCollector()
    collector.feed(markup if isinstance(markup, str) else markup.decode("utf-8", errors="replace"))
    collector.close()
    text = tidy_lines("".join(collector.parts))
    if len(text) < MIN_FALLBACK_CHARS:
        return None
    return Page(text=text, site=_site(None, url), url=url, method="flat text")


def _htmldate(markup: str | bytes, url: str | None) -> str | None:
    from htmldate import find_date

    try:
        return find_date(markup, url=url, original_date=True, extensive_search=False)
    except Exception as exc:  # noqa: BLE001 - a date is optional; a failing parser must not lose the page
        log.debug("htmldate failed on %s: %s", url, exc)
        return None


CASCADE = (_trafilatura, _baseline, _visible, _flat)


def extract_page(markup: str | bytes, url: str | None = None) -> Page | None:
    """The page's main text and metadata, or None when no step finds text."""
    if not markup or not markup.strip():
        return None
    for step in CASCADE:
        try:
            page = step(markup, url)
        except Exception as exc:  # noqa: BLE001 - third-party parsers raise many kinds; the next step may still work
            log.debug("%s failed on %s: %s", step.__name__.strip("_"), url or "page", exc)
            continue
        if page is not None:
            return page
    return None


def compose_text(title: str | None, body: str) -> str:
    """Headline, blank line, body (the `.txt` convention): headlines carry events too."""
    if not title:
        return body
    first, _, rest = body.partition("\n")
    if first.strip().casefold() == title.strip().casefold():
        return f"{first}\n\n{rest}" if rest else first
    return f"{title.strip()}\n\n{body}"


def document_from_page(page: Page, doc_id: str, origin: str, url: str | None = None, **fallbacks: str | None) -> Document:
    """A `Document` from an extracted page; `fallbacks` fill metadata the page lacks (a feed entry's date)."""
    fields = {"title": page.title, "date": page.date, "author": page.author, "source": page.site}
    for key, value in fallbacks.items():
        if not fields.get(key) and value:
            fields[key] = value
    return Document(id=doc_id, text=compose_text(fields["title"], page.text), url=page.url or url, origin=origin, **fields)


def read_html(source: InputFile, on_problem: ProblemHandler, options: ReadOptions) -> Iterator[Document]:
    """One document per page; its id is the file name."""
    page = extract_page(read_markup(source, options, "HTML"))
    if page is None:
        raise InputError(source.name, "no article text found in the HTML")
    log.debug("%s: text by %s", source.name, page.method)
    yield document_from_page(page, source.id_name, source.name)
