"""A local HTTP server for the fetching tests: news pages, feeds, redirects, errors and servers that hang.

`/watch.xml` is a feed the test edits (`Site.stories`) between polls; it answers a
conditional request for an unchanged version with 304, as a news site's feed does.
Every request is kept in order in `Site.log`, stamped with `Site.clock`, so tests
can check what was asked, in what order and how far apart, without timing anything.

It listens on 127.0.0.1 only, on a free port, in a background thread. Routes that
hang wait on `release`, which the fixture sets when the test ends, so no thread
outlives its test.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.utils import formatdate
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ARTICLE = """<!DOCTYPE html><html><head><title>Kenya urges Somalia to release journalists</title>
<meta property="og:site_name" content="Local Wire"><meta property="article:published_time" content="2024-05-02">
</head><body><nav><a href="/">Home</a> <a href="/world">World</a></nav><article>
<h1>Kenya urges Somalia to release journalists</h1>
<p>Kenya urged Somalia on Thursday to release two Kenyan journalists detained in Mogadishu, the foreign ministry in Nairobi said.</p>
<p>Somalia's government did not respond to the request, and the two reporters remained in custody on Friday.</p>
</article><footer>Copyright 2024 Local Wire</footer></body></html>"""

HANG_SECONDS = 10  # the longest a hanging route waits if a test forgets to release it


def feed(base: str) -> str:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Local Wire</title><link>{base}/</link><description>news</description>
<item><title>Kenya urges Somalia to release journalists</title><link>{base}/moved</link><guid>kenya-1</guid>
<pubDate>Thu, 02 May 2024 09:30:00 GMT</pubDate><description>Kenya urged Somalia to free two journalists.</description></item>
<item><title>Chile and Peru sign accord</title><link>{base}/missing</link><guid>chile-1</guid>
<description>Chile and Peru signed an accord on their maritime border on Wednesday.</description></item>
<item><title>Secret</title><link>{base}/private/secret</link><guid>secret-1</guid>
<description>Ghana recalled its ambassador from Burkina Faso on Friday.</description></item>
<item><title>Gone with no text</title><link>{base}/missing</link><guid>gone-1</guid></item>
</channel></rss>"""


@dataclass(frozen=True)
class Story:
    """One entry of `/watch.xml` and its page `/news/<slug>`."""

    slug: str
    title: str
    body: str  # the page's paragraphs, one a line


def internal_feed(base: str) -> str:
    """A feed whose entries link to internal addresses on other hosts than the feed's."""
    local = base.replace("127.0.0.1", "localhost")
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Hostile Wire</title><link>{base}/</link><description>news</description>
<item><title>Loopback</title><link>{local}/article</link><guid>loop-1</guid>
<description>Kenya urged Somalia to free two journalists held in Mogadishu.</description></item>
<item><title>Metadata</title><link>http://169.254.169.254/latest/meta-data/</link><guid>meta-1</guid>
<description>Chile and Peru signed an accord on their maritime border on Wednesday.</description></item>
</channel></rss>"""


def markup_feed(base: str) -> str:
    """A feed whose entry has no text and a link full of Rich markup and an escape character: the
    message about it quotes the link."""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Markup Wire</title><link>{base}/</link><description>news</description>
<item><title>Odd</title><link>{base}/missing?q=[/x][bold]&#27;[31m</link><guid>odd-1</guid></item>
<item><title>Kenya urges Somalia to release journalists</title><link>{base}/article</link><guid>kenya-1</guid></item>
</channel></rss>"""


@dataclass(frozen=True)
class Logged:
    at: float  # Site.clock() when the request arrived
    path: str
    headers: dict[str, str]


@dataclass
class Site:
    base: str
    requests: Counter = field(default_factory=Counter)
    release: threading.Event = field(default_factory=threading.Event)
    stories: list[Story] = field(default_factory=list)
    log: list[Logged] = field(default_factory=list)
    clock: Callable[[], float] = time.monotonic

    def paths(self) -> list[str]:
        """The paths asked for, in order (robots.txt included)."""
        return [entry.path for entry in self.log]

    def watch_feed(self) -> tuple[str, str, str]:
        """The feed of `stories` (newest first), its ETag and its Last-Modified, which change with it."""
        items = "".join(
            f"<item><title>{escape(story.title)}</title><link>{self.base}/news/{story.slug}</link>"
            f"<guid>{story.slug}</guid></item>" for story in reversed(self.stories))
        body = (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Watched Wire</title>'
                f"<link>{self.base}/</link><description>news</description>{items}</channel></rss>")
        etag = '"' + hashlib.sha1(body.encode()).hexdigest()[:12] + '"'
        return body, etag, formatdate(1_700_000_000 + 60 * len(self.stories), usegmt=True)


def story_page(story: Story) -> str:
    paragraphs = "".join(f"<p>{escape(line)}</p>" for line in story.body.splitlines())
    return (f"<!DOCTYPE html><html><head><title>{escape(story.title)}</title></head><body><nav><a href='/'>Home</a></nav>"
            f"<article><h1>{escape(story.title)}</h1>{paragraphs}</article></body></html>")


def handler_for(site: Site, robots: str | None) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:  # keep test output clean
            pass

        def send(self, status: int, body: bytes | str, content_type: str = "text/html; charset=utf-8", **headers) -> None:
            data = body.encode() if isinstance(body, str) else body
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            for name, value in headers.items():
                self.send_header(name.replace("_", "-"), value)
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:  # http.server's name for it
            site.log.append(Logged(site.clock(), self.path, dict(self.headers.items())))
            site.requests[self.path] += 1
            site.requests["user-agent:" + self.headers.get("User-Agent", "")] += 1
            routes: dict[str, Callable[[], None]] = {
                "/robots.txt": self.robots,
                "/article": lambda: self.send(200, ARTICLE),
                "/private/secret": lambda: self.send(200, ARTICLE),
                "/moved": lambda: self.send(301, "", Location=f"{site.base}/article"),
                "/loop": lambda: self.send(302, "", Location=f"{site.base}/loop"),
                # The same server under another name (a name that resolves to the loopback) and the
                # cloud metadata address: where a hostile redirect or feed link points.
                "/to-localhost": lambda: self.send(302, "", Location=site.base.replace("127.0.0.1", "localhost") + "/article"),
                "/to-metadata": lambda: self.send(302, "", Location="http://169.254.169.254/latest/meta-data/"),
                "/internal-feed.xml": lambda: self.send(200, internal_feed(site.base), "application/rss+xml"),
                "/markup-feed.xml": lambda: self.send(200, markup_feed(site.base), "application/rss+xml"),
                "/missing": lambda: self.send(404, "<html><body>Not found</body></html>"),
                "/feed.xml": lambda: self.send(200, feed(site.base), "application/rss+xml"),
                "/image.png": lambda: self.send(200, b"\x89PNG\r\n\x1a\n\x00\x00", "image/png"),
                "/flaky": self.flaky,
                "/slow": self.slow,
                "/hang-feed": self.hang,
                "/drip": self.drip,
                "/watch.xml": lambda: self.watched(validators=("etag", "date")),
                "/watch-dated.xml": lambda: self.watched(validators=("date",)),
                "/private/watch.xml": lambda: self.watched(validators=("etag", "date")),
                "/old-watch.xml": lambda: self.send(301, "", Location=f"{site.base}/watch.xml"),
            }
            route = routes.get(self.path)
            pages = {f"/news/{story.slug}": story for story in site.stories}
            if route is None and self.path in pages:
                self.send(200, story_page(pages[self.path]))
            elif route is None:
                self.send(404, "no such page")
            else:
                route()

        def robots(self) -> None:
            if robots is None:
                self.send(404, "none")
            elif robots == "error":
                self.send(500, "broken")
            else:
                self.send(200, robots, "text/plain")

        def watched(self, validators: tuple[str, ...]) -> None:
            """The feed of `site.stories`: 304 when the client holds the current version."""
            body, etag, modified = site.watch_feed()
            headers = {}
            if "etag" in validators:
                headers["ETag"] = etag
            if "date" in validators:
                headers["Last-Modified"] = modified
            if ("etag" in validators and self.headers.get("If-None-Match") == etag) or (
                    "date" in validators and self.headers.get("If-Modified-Since") == modified):
                self.send_response(304)
                for name, value in headers.items():
                    self.send_header(name.replace("_", "-"), value)
                self.end_headers()
                return
            self.send(200, body, "application/rss+xml", **headers)

        def flaky(self) -> None:
            if site.requests["/flaky"] == 1:
                self.send(503, "busy", Retry_After="0")
            else:
                self.send(200, ARTICLE)

        def slow(self) -> None:
            """Headers at once, then nothing: the body never comes."""
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.flush()
            site.release.wait(HANG_SECONDS)

        def hang(self) -> None:
            """A feed server that accepts the connection and never answers."""
            site.release.wait(HANG_SECONDS)

        def drip(self) -> None:
            """A byte at a time, forever: each read succeeds, the answer never ends."""
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            while not site.release.wait(0.05):
                try:
                    self.wfile.write(b"<")
                    self.wfile.flush()
                except OSError:
                    return

    return Handler


@contextmanager
def local_site(robots: str | None = "User-agent: *\nDisallow: /private/\n") -> Iterator[Site]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    site = Site(base=f"http://127.0.0.1:{server.server_address[1]}")
    server.RequestHandlerClass = handler_for(site, robots)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        site.release.set()
        server.shutdown()
        server.server_close()
        thread.join()
