"""Continuous ingestion (`eventwire watch`): poll feeds and pages, store new articles as they appear.

Each round asks every source once through the run's `Fetcher` (user agent,
robots.txt, a delay between requests to one host, timeouts, retries with
backoff), sending back the ETag and Last-Modified of the last answer, so an
unchanged feed costs one 304 and nothing else. Entries of a feed not handled
before are followed to their pages (`urls.follow_entry`) and the documents
given to `ingest`, which codes them and stores those whose text the store
does not hold yet (`flows.StoreIngest`). A page given as a source is stored
whenever its text changes.

What the watcher knows lives in the store beside the events, in
`watch_sources` (validators, last poll, consecutive failures) and
`watch_entries` (entries already handled). A source's rows are written only
after its documents are committed, so a run stopped at any point loses
nothing: the next run asks again for what was not recorded, and the store's
content hash keeps those documents from being stored twice.

A source that fails (no answer, 404, robots.txt, not a feed or page) is
reported with its URL and the reason, the other sources are polled as usual,
and the failing one is asked less often the longer it keeps failing.
"""

from __future__ import annotations

import hashlib
import itertools
import logging
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from eventwire.config import setting
from eventwire.errors import InputError
from eventwire.readers.base import ProblemHandler
from eventwire.readers.feeds import Feed, FeedEntry
from eventwire.readers.urls import Fetcher, Response, follow_entry, followed_entries, read_answer
from eventwire.records import Document

if TYPE_CHECKING:  # the store imports the whole coder (spaCy): loaded when a run starts, not with the CLI
    import duckdb

    from eventwire.store import IngestReport

log = logging.getLogger(__name__)

WATCH_TABLES = """
CREATE TABLE IF NOT EXISTS watch_sources (
    url VARCHAR PRIMARY KEY,         -- as given on the command line or in a URL list
    final_url VARCHAR,               -- where redirects led at the last answer
    etag VARCHAR,                    -- validators of the last full answer, sent back to poll cheaply
    last_modified VARCHAR,
    last_poll TIMESTAMP,             -- UTC
    last_status VARCHAR,             -- new, unchanged, or the problem reported
    failures INTEGER                 -- failed polls in a row: each one makes the next poll wait longer
);
CREATE TABLE IF NOT EXISTS watch_entries (
    source_url VARCHAR,
    entry_key VARCHAR,               -- the entry's guid, else its link, else a hash of its title and text
    link VARCHAR,
    first_seen TIMESTAMP,            -- UTC
    stored BOOLEAN,                  -- false: it gave no document (reported once, not asked for again)
    PRIMARY KEY (source_url, entry_key)
);
"""

# A source failing for days is still asked once a day, so it is picked up again when it comes back.
MAX_FAILURE_WAIT = 86400.0

Ingest = Callable[["duckdb.DuckDBPyConnection", list[Document]], "IngestReport"]


def utc_now() -> datetime:
    """Naive UTC, as the store's other timestamps (`documents.ingested_at`)."""
    return datetime.now(UTC).replace(tzinfo=None)


@dataclass(frozen=True)
class WatchOptions:
    """How `eventwire watch` polls. Change with `dataclasses.replace`."""

    interval: float = setting(900.0, "seconds from the start of one polling round to the start of the next")
    max_rounds: int | None = setting(None, "stop after this many rounds (None: until stopped)")


@dataclass(frozen=True)
class SourceState:
    """What the store remembers of one source between polls and between runs."""

    url: str
    etag: str | None = None
    last_modified: str | None = None
    last_poll: datetime | None = None
    failures: int = 0

    def due(self, now: datetime, interval: float) -> bool:
        """After n failures in a row a source skips 2^(n-1) - 1 intervals (0, 1, 3, 7...), at most a day:
        a feed that is down or gone is not hammered every round, and is found again when it returns."""
        if not self.failures or self.last_poll is None:
            return True
        wait = min(interval * (2 ** min(self.failures - 1, 20) - 1), MAX_FAILURE_WAIT)
        return now >= self.last_poll + timedelta(seconds=wait)


@dataclass
class RoundReport:
    number: int
    polled: int = 0
    unchanged: int = 0  # answered 304 (or the same validators)
    failed: int = 0
    waiting: int = 0  # not asked this round: backing off after failures
    new_entries: int = 0
    documents: int = 0  # newly stored
    events: int = 0

    def describe(self) -> str:
        def counted(count: int, word: str, words: str | None = None) -> str:
            return f"{count} {word if count == 1 else words or word + 's'}"

        waiting = f", {self.waiting} waiting after failures" if self.waiting else ""
        return (f"round {self.number}: {counted(self.polled, 'source')} polled ({self.unchanged} unchanged, "
                f"{self.failed} failed{waiting}), {counted(self.new_entries, 'new entry', 'new entries')}, "
                f"{counted(self.documents, 'document')} and {counted(self.events, 'event')} stored")


def create_watch_tables(connection: duckdb.DuckDBPyConnection) -> None:
    connection.execute(WATCH_TABLES)


def load_source(connection: duckdb.DuckDBPyConnection, url: str) -> SourceState:
    row = connection.execute("SELECT etag, last_modified, last_poll, failures FROM watch_sources WHERE url = ?",
                             [url]).fetchone()
    if row is None:
        return SourceState(url)
    etag, last_modified, last_poll, failures = row
    return SourceState(url, etag, last_modified, last_poll, failures or 0)


def seen_entries(connection: duckdb.DuckDBPyConnection, url: str) -> set[str]:
    return {key for (key,) in connection.execute(
        "SELECT entry_key FROM watch_entries WHERE source_url = ?", [url]).fetchall()}


def save_poll(connection: duckdb.DuckDBPyConnection, state: SourceState, final_url: str | None, status: str,
              entries: Iterable[tuple[str, str | None, bool]] = ()) -> None:
    """A source's state and the entries handled at this poll, in one transaction."""
    connection.begin()
    try:
        connection.execute(
            "INSERT OR REPLACE INTO watch_sources VALUES (?, ?, ?, ?, ?, ?, ?)",
            [state.url, final_url, state.etag, state.last_modified, state.last_poll, status, state.failures])
        rows = [(state.url, key, link, state.last_poll, stored) for key, link, stored in entries]
        if rows:
            connection.executemany("INSERT OR IGNORE INTO watch_entries VALUES (?, ?, ?, ?, ?)", rows)
        connection.commit()
    except BaseException:
        connection.rollback()
        raise


def entry_key(entry: FeedEntry, source_url: str) -> str:
    """The guid, else the link. An entry with neither has `parse_feed`'s positional id, which shifts
    as new entries are added above it, so its title and text stand in."""
    if not entry.id.startswith(source_url + "#"):
        return entry.id
    digest = hashlib.sha1(f"{entry.title or ''}\n{entry.text}".encode()).hexdigest()[:16]
    return f"text:{digest}"


@dataclass
class Watcher:
    """One run's polling: the fetcher (its robots rules and host clocks last the whole run) and where
    documents go. `now` is a parameter so tests can move time on."""

    fetcher: Fetcher
    ingest: Ingest
    on_problem: ProblemHandler
    options: WatchOptions = field(default_factory=WatchOptions)
    stop: threading.Event = field(default_factory=threading.Event)
    now: Callable[[], datetime] = utc_now
    on_source: Callable[[], None] = lambda: None  # told after each source of a round (a progress bar)

    def poll_round(self, connection: duckdb.DuckDBPyConnection, urls: Iterable[str], number: int = 1) -> RoundReport:
        """Poll every source that is due, each once, until done or asked to stop."""
        create_watch_tables(connection)
        report = RoundReport(number)
        for url in urls:
            if self.stop.is_set():
                break
            state = load_source(connection, url)
            if not state.due(self.now(), self.options.interval):
                log.info("%s: failed %d times in a row; not asked this round", url, state.failures)
                report.waiting += 1
                self.on_source()
                continue
            try:
                self.poll(connection, state, report)
            except Exception as exc:  # noqa: BLE001 - one hostile source must not stop the round; a broken store still does
                problem = InputError(url, f"could not be polled ({type(exc).__name__}: {str(exc)[:200]})")
                self.on_problem(problem)
                self._failed(connection, replace(state, last_poll=self.now()), report, problem)
            self.on_source()
        return report

    def poll(self, connection: duckdb.DuckDBPyConnection, state: SourceState, report: RoundReport) -> None:
        report.polled += 1
        polled = replace(state, last_poll=self.now())
        try:
            response = self.fetcher.get(state.url, state.etag, state.last_modified)
        except InputError as problem:
            self.on_problem(problem)
            self._failed(connection, polled, report, problem)
            return
        if response.not_modified:
            report.unchanged += 1
            save_poll(connection, replace(polled, failures=0), response.url, "unchanged")
            return
        problems: list[InputError] = []

        def report_problem(problem: InputError) -> None:
            problems.append(problem)
            self.on_problem(problem)

        answer = read_answer(response, state.url, report_problem)
        if answer is None:
            self._failed(connection, polled, report, problems[0])
        elif isinstance(answer, Feed):
            self._feed(connection, polled, response, answer, report)
        else:
            self._store(connection, [answer], report)
            save_poll(connection, _validated(polled, response), response.url, "new")

    def _feed(self, connection: duckdb.DuckDBPyConnection, state: SourceState, response: Response, feed: Feed,
              report: RoundReport) -> None:
        seen = seen_entries(connection, state.url)
        handled: list[tuple[str, str | None, bool]] = []
        documents: list[Document] = []
        complete = True
        for number, entry in enumerate(followed_entries(feed, state.url, self.fetcher.options.max_entries), 1):
            key = entry_key(entry, state.url)
            if key in seen:
                continue
            if self.stop.is_set():
                complete = False
                break
            seen.add(key)  # a feed listing one entry twice is followed once
            document = follow_entry(entry, feed, f"{state.url}#{number}", self.fetcher, self.on_problem, state.url)
            handled.append((key, entry.link, document is not None))
            if document is not None:
                documents.append(document)
        report.new_entries += len(handled)
        self._store(connection, documents, report)
        # Recorded only now that the documents are committed. A round stopped half way through a feed
        # keeps the old validators, so the next run reads the feed again and follows the entries left.
        after = _validated(state, response) if complete else replace(state, failures=0)
        save_poll(connection, after, response.url, "new" if handled else "unchanged", handled)
        if not handled:
            report.unchanged += 1  # the server ignores conditional requests, but nothing in the feed is new

    def _store(self, connection: duckdb.DuckDBPyConnection, documents: list[Document], report: RoundReport) -> None:
        if documents:
            stored = self.ingest(connection, documents)
            report.documents += stored.documents
            report.events += stored.events

    def _failed(self, connection: duckdb.DuckDBPyConnection, state: SourceState, report: RoundReport,
                problem: InputError) -> None:
        report.failed += 1
        save_poll(connection, replace(state, failures=state.failures + 1), None, str(problem))

    def run(self, db: Path, urls: list[str], on_round: Callable[[RoundReport], None] = lambda report: None,
            clock: Callable[[], float] = time.monotonic) -> int:
        """Poll round after round until `max_rounds` or `stop`; returns the number of rounds.

        The store is opened for each round and closed after it, so between rounds other commands
        (`eventwire events`, `export`) can read it: DuckDB lets one process at a time hold a file.
        """
        from eventwire.store import StoreError, open_store

        for number in itertools.count(1):
            started = clock()
            try:
                connection = open_store(db)
            except StoreError as error:
                if number == 1:
                    raise
                log.warning("%s; trying again next round", error)
            else:
                try:
                    on_round(self.poll_round(connection, urls, number))
                finally:
                    connection.close()
            if self.stop.is_set() or (self.options.max_rounds is not None and number >= self.options.max_rounds):
                return number
            if self.stop.wait(max(0.0, self.options.interval - (clock() - started))):
                return number
        raise AssertionError("unreachable")  # pragma: no cover


def _validated(state: SourceState, response: Response) -> SourceState:
    """The state after a full answer: its validators, for the next conditional request."""
    return replace(state, etag=response.etag, last_modified=response.last_modified, failures=0)
