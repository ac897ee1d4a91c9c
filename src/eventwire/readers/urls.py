"""Fetch pages and feeds over HTTP: the only network code in eventwire (`eventwire fetch`).

A `Fetcher` is made for one run. It sends a clear user agent, obeys
robots.txt (RFC 9309: a 4xx robots.txt allows everything, an unreachable one
allows nothing), waits between requests to the same host, gives up on a
server that does not answer (`timeout`) or never finishes (`deadline`), and
retries timeouts and server errors with doubling waits. Its robots rules and
per-host clocks live on the object, not in the module. A request can be
conditional (ETag, Last-Modified): an unchanged answer comes back as a 304
`Response` with no body, which is how `eventwire watch` polls feeds cheaply.

`fetch_documents` turns URLs and files listing URLs into `Document`s: a page
becomes one document (`html.extract_page`); a feed becomes one document per
entry, read from the entry's page, or from the entry's own text when the
page cannot be had.
"""

from __future__ import annotations

import http.client
import ipaddress
import logging
import socket
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from email.message import Message
from pathlib import Path
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

from eventwire import __version__
from eventwire.config import setting
from eventwire.errors import InputError
from eventwire.readers.base import MAX_DOCUMENT_BYTES, ProblemHandler, binary_kind, megabytes
from eventwire.readers.feeds import Feed, FeedEntry, document_from_entry, looks_like_feed, parse_feed
from eventwire.readers.files import is_url
from eventwire.readers.html import document_from_page, extract_page
from eventwire.records import Document

log = logging.getLogger(__name__)

ROBOTS_AGENT = "eventwire"
USER_AGENT = f"{ROBOTS_AGENT}/{__version__} (political event coding from news; fetches only what it is given)"
# Server answers worth another try: overload, gateway trouble, rate limits.
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
# A Retry-After longer than this is not waited for: the attempt counts as failed.
MAX_RETRY_AFTER = 60.0
CHUNK_BYTES = 65536
# An unreadable robots.txt forbids the whole site; ask again after this long rather than
# keep a site closed for a day because it was down for a minute.
ROBOTS_RETRY_SECONDS = 3600.0
FEED_TYPES = ("rss", "atom", "xml")
HTML_TYPES = ("html",)


@dataclass(frozen=True)
class FetchOptions:
    """How `eventwire fetch` talks to servers. Change with `dataclasses.replace`."""

    user_agent: str = setting(USER_AGENT, "User-Agent header sent with every request")
    timeout: float = setting(20.0, "seconds to wait for a connection, or for the next bytes of an answer")
    deadline: float = setting(60.0, "seconds a whole answer may take: a server that drips bytes forever is cut off")
    retries: int = setting(2, "retries after a timeout or a server error (429, 5xx)")
    backoff: float = setting(2.0, "seconds before the first retry, doubled for each next one")
    delay: float = setting(1.0, "seconds between two requests to the same host (robots.txt Crawl-delay when longer)")
    max_bytes: int = setting(MAX_DOCUMENT_BYTES, "largest answer read")
    max_entries: int = setting(100, "feed entries followed to their pages, per feed")
    allow_private: bool = setting(False, "follow redirects and feed links to loopback, private, link-local, "
                                         "multicast and reserved addresses on other hosts than the one given")
    # RFC 9309 section 2.4: a cached robots.txt should not be used for more than 24 hours.
    robots_max_age: float = setting(86400.0, "seconds a site's robots.txt is trusted before it is read again")


@dataclass(frozen=True)
class Response:
    url: str  # after redirects
    status: int
    content_type: str
    body: bytes
    etag: str | None = None  # validators to send back in the next conditional request
    last_modified: str | None = None

    @property
    def not_modified(self) -> bool:
        return self.status == 304


class RefusedAddress(Exception):
    """A connection to an internal address on another host than the one the user gave (not an OSError,
    so urllib passes it on as it is)."""


# Address kinds a redirect or a feed's link may not lead to (server-side request forgery: the cloud
# metadata service at 169.254.169.254, services on the loopback, the private network).
INTERNAL_KINDS = (("is_loopback", "loopback"), ("is_link_local", "link-local"), ("is_multicast", "multicast"),
                  ("is_private", "private"), ("is_reserved", "reserved"), ("is_unspecified", "unspecified"))


def internal_kind(address: str) -> str | None:
    """"loopback", "private"... for an internal IP address, None for a public one."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return next((kind for test, kind in INTERNAL_KINDS if getattr(ip, test)), None)


def _host_port(url: str) -> tuple[str, int]:
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError:
        port = None
    return (parts.hostname or "").lower(), port or (443 if parts.scheme.lower() == "https" else 80)


@dataclass(frozen=True)
class AddressGuard:
    """Checks each connection's address, after DNS resolution and on every redirect: a name that
    resolves to an internal address is refused before any connection, and the address actually
    connected to is checked again (a name that resolves differently the second time). The host the
    user gave is trusted as it is."""

    trusted: tuple[str, int]
    allow_private: bool

    def trusts(self, host: str, port: int) -> bool:
        return self.allow_private or (host.lower(), port) == self.trusted

    def check(self, host: str, address: str) -> None:
        kind = internal_kind(address)
        if kind is not None:
            shown = host if host == address else f"{host} ({address})"
            raise RefusedAddress(f"refused to connect to {shown}, a {kind} address, on another host than the one "
                                 "given (a redirect or a feed's link); --allow-private allows it")

    def check_name(self, host: str, port: int) -> None:
        try:
            resolved = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except OSError:
            return  # the connection fails and says why
        for *_, address in resolved:
            self.check(host, address[0])


def _guarded(base: type[http.client.HTTPConnection], guard: AddressGuard):
    class GuardedConnection(base):  # type: ignore[misc, valid-type]
        def connect(self) -> None:
            if guard.trusts(self.host, self.port):
                super().connect()
                return
            guard.check_name(self.host, self.port)
            super().connect()
            try:
                guard.check(self.host, self.sock.getpeername()[0])
            except RefusedAddress:
                self.close()
                raise

    return GuardedConnection


class _GuardedHTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, guard: AddressGuard):
        super().__init__()
        self.guard = guard

    def http_open(self, req):
        return self.do_open(_guarded(http.client.HTTPConnection, self.guard), req)


class _GuardedHTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, guard: AddressGuard):
        super().__init__()
        self.guard = guard

    def https_open(self, req):
        return self.do_open(_guarded(http.client.HTTPSConnection, self.guard), req,
                            context=self._context, check_hostname=self._check_hostname)


def guarded_opener(guard: AddressGuard) -> urllib.request.OpenerDirector:
    return urllib.request.build_opener(_GuardedHTTPHandler(guard), _GuardedHTTPSHandler(guard))


class _Retryable(Exception):
    """A failure worth another attempt, with the message to report if none succeeds."""

    def __init__(self, message: str, wait: float | None = None):
        super().__init__(message)
        self.wait = wait


@dataclass
class Fetcher:
    """One run's HTTP client. `sleep` and `clock` are parameters so tests need not wait."""

    options: FetchOptions = field(default_factory=FetchOptions)
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic
    _robots: dict[str, tuple[float, RobotFileParser | None]] = field(default_factory=dict, repr=False)
    _last_request: dict[str, float] = field(default_factory=dict, repr=False)

    def get(self, url: str, etag: str | None = None, last_modified: str | None = None,
            given: str | None = None) -> Response:
        """The answer for `url`, after robots.txt, politeness and retries; `InputError` when there is none.

        With `etag` or `last_modified` (from an earlier answer) the request is
        conditional, and an unchanged resource answers 304 with an empty body.
        `given` is the URL the user gave when `url` is a feed's link (default: `url`): only its host
        may be an internal address (`AddressGuard`).
        """
        guard = AddressGuard(_host_port(given or url), self.options.allow_private)
        if not self.options.allow_private and _host_port(url) != guard.trusted:
            self._check_link(url)
        conditions = {}
        if etag:
            conditions["If-None-Match"] = etag
        if last_modified:
            conditions["If-Modified-Since"] = last_modified
        robots = self._robots_for(url, guard)
        if robots is None:
            raise InputError(url, "the site's robots.txt could not be read (server error or no answer): "
                                  "not fetched, as RFC 9309 asks")
        if not robots.can_fetch(ROBOTS_AGENT, url):
            raise InputError(url, "robots.txt does not allow fetching this page")
        attempts = self.options.retries + 1
        wait = self.options.backoff
        for attempt in range(1, attempts + 1):
            self._be_polite(url, robots)
            try:
                return self._request(url, guard, conditions)
            except _Retryable as failure:
                if attempt == attempts:
                    tries = f" (after {attempts} attempts)" if attempts > 1 else ""
                    raise InputError(url, f"{failure}{tries}") from None
                pause = failure.wait if failure.wait is not None else wait
                log.info("%s: %s; retrying in %.1f s", url, failure, pause)
                self.sleep(pause)
                wait *= 2
        raise AssertionError("unreachable")  # pragma: no cover

    def _be_polite(self, url: str, robots: RobotFileParser) -> None:
        host = _origin(url)
        delay = max(self.options.delay, float(robots.crawl_delay(ROBOTS_AGENT) or 0))
        last = self._last_request.get(host)
        if last is not None:
            remaining = last + delay - self.clock()
            if remaining > 0:
                self.sleep(remaining)
        self._last_request[host] = self.clock()

    @staticmethod
    def _check_link(url: str) -> None:
        """A link to an internal host, refused before robots.txt is asked for (the connection check
        catches the rest: a public name that resolves inside, a redirect)."""
        host = urlsplit(url).hostname or ""
        try:
            kind = internal_kind(host)
        except ValueError:
            return  # a name, checked once resolved
        if kind is not None:
            raise InputError(url, f"refused: {host} is a {kind} address on another host than the one given "
                                  "(a feed's link); --allow-private allows it")

    def _robots_for(self, url: str, guard: AddressGuard) -> RobotFileParser | None:
        """The site's robots.txt rules (allow-all when it has none); None when it could not be read."""
        origin = _origin(url)
        if origin in self._robots:
            read_at, cached = self._robots[origin]
            max_age = self.options.robots_max_age if cached is not None else ROBOTS_RETRY_SECONDS
            if self.clock() - read_at < max_age:
                return cached
        parser: RobotFileParser | None = RobotFileParser()
        try:
            response = self._request(urljoin(origin, "/robots.txt"), guard)
            parser.parse(response.body.decode("utf-8", errors="replace").splitlines())
        except _Retryable as failure:
            log.warning("%s/robots.txt: %s; nothing on this site will be fetched", origin, failure)
            parser = None
        except InputError:  # a 4xx answer: no robots.txt, everything allowed
            parser.allow_all = True
        self._robots[origin] = (self.clock(), parser)
        self._last_request[origin] = self.clock()
        return parser

    def _request(self, url: str, guard: AddressGuard, conditions: dict[str, str] | None = None) -> Response:
        headers = {"User-Agent": self.options.user_agent, "Accept": "*/*", **(conditions or {})}
        request = urllib.request.Request(url, headers=headers)
        started = self.clock()
        try:
            with guarded_opener(guard).open(request, timeout=self.options.timeout) as answer:
                body = self._read(answer, started)
                return Response(answer.geturl(), answer.status, _content_type(answer.headers), body,
                                answer.headers.get("ETag"), answer.headers.get("Last-Modified"))
        except RefusedAddress as refused:
            raise InputError(url, str(refused)) from None
        except urllib.error.HTTPError as error:
            if error.code == 304:  # urllib treats every non-2xx as an error; this one is "unchanged"
                return Response(error.geturl() or url, 304, "", b"", error.headers.get("ETag"),
                                error.headers.get("Last-Modified"))
            if error.code in RETRY_STATUSES:
                raise _Retryable(f"server answered {error.code} {error.reason}", _retry_after(error.headers)) from None
            raise InputError(url, f"server answered {error.code} {error.reason}") from None
        except TimeoutError:
            raise _Retryable(f"no answer within {self.options.timeout:g} s (timed out)") from None
        except urllib.error.URLError as error:
            if isinstance(error.reason, (TimeoutError, socket.timeout)):
                raise _Retryable(f"no answer within {self.options.timeout:g} s (timed out)") from None
            raise _Retryable(f"cannot connect: {error.reason}") from None
        except (OSError, http.client.HTTPException) as error:
            raise _Retryable(f"connection failed: {error!r}") from None

    def _read(self, answer, started: float) -> bytes:
        chunks, size = [], 0
        while True:
            if self.clock() - started > self.options.deadline:
                raise _Retryable(f"answer took longer than {self.options.deadline:g} s; cut off")
            chunk = answer.read1(CHUNK_BYTES) if hasattr(answer, "read1") else answer.read(CHUNK_BYTES)
            if not chunk:
                return b"".join(chunks)
            size += len(chunk)
            if size > self.options.max_bytes:
                raise InputError(answer.geturl(), f"answer is over the {megabytes(self.options.max_bytes)} limit")
            chunks.append(chunk)


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _content_type(headers: Message) -> str:
    return (headers.get_content_type() or "").lower()


def _retry_after(headers: Message | None) -> float | None:
    value = headers.get("Retry-After") if headers is not None else None
    try:
        seconds = float(value) if value is not None else None
    except ValueError:
        return None  # an HTTP date: fall back to our own backoff
    return seconds if seconds is not None and 0 <= seconds <= MAX_RETRY_AFTER else None


def url_list(path: Path, on_problem: ProblemHandler) -> Iterator[str]:
    """URLs in a file, one a line; blank lines and `#` comments are skipped, other lines reported."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        on_problem(InputError(str(path), f"cannot read the URL list: {exc}"))
        return
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if is_url(line) and line.lower().startswith(("http://", "https://")):
            yield line
        else:
            on_problem(InputError(str(path), f"not an http(s) URL: {line[:80]!r}", number))


def source_urls(sources: Iterable[str], on_problem: ProblemHandler) -> Iterator[str]:
    """The http(s) URLs given and those listed in the files given, in order; anything else is reported."""
    for item in sources:
        if is_url(item):
            if item.lower().startswith(("http://", "https://")):
                yield item
            else:
                on_problem(InputError(item, "only http and https URLs can be fetched"))
        elif Path(item).is_file():
            yield from url_list(Path(item), on_problem)
        else:
            on_problem(InputError(item, "neither a URL nor a file listing URLs"))


def fetch_documents(sources: Iterable[str], fetcher: Fetcher, on_problem: ProblemHandler) -> Iterator[Document]:
    """Documents from URLs and from files listing URLs, in the order given."""
    for url in source_urls(sources, on_problem):
        yield from fetch_url(url, fetcher, on_problem)


def fetch_url(url: str, fetcher: Fetcher, on_problem: ProblemHandler) -> Iterator[Document]:
    """A page gives one document, a feed one per entry."""
    try:
        response = fetcher.get(url)
    except InputError as problem:
        on_problem(problem)
        return
    answer = read_answer(response, url, on_problem)
    if isinstance(answer, Feed):
        yield from _follow_feed(answer, url, fetcher, on_problem)
    elif answer is not None:
        yield answer


def read_answer(response: Response, url: str, on_problem: ProblemHandler) -> Feed | Document | None:
    """A fetched answer as a feed (entries not yet followed) or a page's document; None, reported, when neither."""
    kind = binary_kind(response.body)
    if any(t in response.content_type for t in FEED_TYPES) or looks_like_feed(response.body):
        try:
            return parse_feed(response.body, url, on_problem)
        except InputError as problem:
            on_problem(problem)
            return None
    if kind is not None:
        on_problem(InputError(url, f"{kind} ({response.content_type or 'no content type'}), not a page or feed"))
    elif not response.body.strip():
        on_problem(InputError(url, "empty answer"))
    else:
        page = extract_page(response.body, response.url)
        if page is not None:
            return document_from_page(page, url, url, url=response.url)
        on_problem(InputError(url, "no article text found on the page"))
    return None


def followed_entries(feed: Feed, url: str, limit: int) -> tuple[FeedEntry, ...]:
    """The first `limit` entries (feeds list the newest first), with a warning when some are left out."""
    if len(feed.entries) > limit:
        log.warning("%s: following the first %d of %d entries (--max-entries)", url, limit, len(feed.entries))
    return feed.entries[:limit]


def _follow_feed(feed: Feed, url: str, fetcher: Fetcher, on_problem: ProblemHandler) -> Iterator[Document]:
    for number, entry in enumerate(followed_entries(feed, url, fetcher.options.max_entries), 1):
        document = follow_entry(entry, feed, f"{url}#{number}", fetcher, on_problem, url)
        if document is not None:
            yield document


def follow_entry(entry: FeedEntry, feed: Feed, where: str, fetcher: Fetcher,
                 on_problem: ProblemHandler, feed_url: str | None = None) -> Document | None:
    """The entry's page as a document, else the entry's own text; None, reported, when it has neither.
    A link to an internal address on another host than `feed_url` (the URL the user gave) is refused
    and reported."""
    document = _entry_page(entry, feed, where, fetcher, on_problem, feed_url)
    if document is None and entry.text:
        document = document_from_entry(entry, feed, where)
    if document is None:
        on_problem(InputError(where, f"entry {entry.link or entry.id}: no page and no text in the feed"))
    return document


def _entry_page(entry: FeedEntry, feed: Feed, where: str, fetcher: Fetcher, on_problem: ProblemHandler,
                feed_url: str | None) -> Document | None:
    if not entry.link or not entry.link.lower().startswith(("http://", "https://")):
        return None
    try:
        response = fetcher.get(entry.link, given=feed_url or where.rsplit("#", 1)[0])
    except InputError as problem:
        if "--allow-private" in str(problem):
            on_problem(InputError(where, f"{problem}; the feed's own text is used for this entry"))
        else:
            log.warning("%s; using the feed's own text for this entry", problem)
        return None
    page = extract_page(response.body, response.url) if binary_kind(response.body) is None else None
    if page is None:
        log.warning("%s: no article text on %s; using the feed's own text", where, entry.link)
        return None
    return document_from_page(page, entry.id, where, url=response.url, title=entry.title, date=entry.date,
                              author=entry.author, source=feed.title)
