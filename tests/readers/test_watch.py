"""`eventwire watch`, against a local server started here (tests/local_server.py); no other network.

Most tests hand documents to a stand-in for the store, so they need no spaCy model; the last ones
run the command itself into a real store. Politeness is checked in the server's log of requests,
stamped with a clock the test moves, never by measuring time.
"""

import dataclasses
import os
import signal
import threading
from datetime import datetime, timedelta

import duckdb
import pytest
from typer.testing import CliRunner

from eventwire.errors import InputError
from eventwire.readers.feeds import FeedEntry
from eventwire.readers.urls import Fetcher, FetchOptions
from eventwire.readers.watch import SourceState, Watcher, WatchOptions, entry_key
from eventwire.store import IngestReport
from tests.local_server import Story, local_site
from tests.store.test_ingest import query

# Short limits so the hanging routes give up quickly; no politeness delay unless a test asks for one.
QUICK = FetchOptions(timeout=0.5, deadline=1.0, retries=0, backoff=0.0, delay=0.0)
NOON = datetime(2024, 6, 1, 12, 0)

# Written for these tests.
STORIES = [
    Story("talks", "Armenia and Azerbaijan resume border talks",
          "Negotiators from Armenia and Azerbaijan met in Tbilisi on Monday to resume talks on the border.\n"
          "Both delegations said the next round would be held within a month."),
    Story("aid", "Japan pledges flood aid to Pakistan",
          "Japan pledged emergency aid to Pakistan on Tuesday after floods displaced thousands in Sindh.\n"
          "The foreign ministry in Tokyo said tents and water pumps would arrive within days."),
    Story("envoy", "Peru recalls its ambassador from Mexico",
          "Peru recalled its ambassador from Mexico on Wednesday in a dispute over remarks by the Mexican president.\n"
          "Officials in Lima called the remarks interference in the country's internal affairs."),
]


class FakeStore:
    """Stands in for the store's ingest: keeps every call's documents."""

    def __init__(self):
        self.calls: list[list[str]] = []

    def __call__(self, connection, documents) -> IngestReport:
        self.calls.append([document.id for document in documents])
        return IngestReport(documents=len(documents), events=2 * len(documents))

    @property
    def ids(self) -> list[str]:
        return [doc_id for call in self.calls for doc_id in call]


class Clock:
    """A clock that only moves when someone sleeps: delays show in the server's log, none are waited."""

    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def site():
    with local_site() as running:
        running.stories.extend(STORIES[:2])
        yield running


@pytest.fixture
def db(tmp_path):
    return tmp_path / "watch.duckdb"


def watcher(store=None, problems=None, options=QUICK, now=lambda: NOON, clock=None, **watch):
    fetcher = Fetcher(options) if clock is None else Fetcher(options, sleep=clock.sleep, clock=clock)
    report_problem = problems.append if problems is not None else _unexpected
    return Watcher(fetcher, store if store is not None else FakeStore(), report_problem,
                   WatchOptions(**{"interval": 60.0, **watch}), now=now)


def _unexpected(problem: InputError) -> None:
    raise AssertionError(f"unexpected problem: {problem}")


def poll(db, watcher_, urls, number=1):
    connection = duckdb.connect(str(db))
    try:
        return watcher_.poll_round(connection, urls, number)
    finally:
        connection.close()


def test_new_entries_are_ingested_and_an_unchanged_feed_answers_304(site, db):
    store = FakeStore()
    run = watcher(store)
    feed = f"{site.base}/watch.xml"
    first = poll(db, run, [feed])
    assert store.calls == [["aid", "talks"]]  # newest first, as the feed lists them
    assert (first.polled, first.new_entries, first.documents, first.events) == (1, 2, 2, 4)
    assert site.paths() == ["/robots.txt", "/watch.xml", "/news/aid", "/news/talks"]

    second = poll(db, run, [feed], 2)
    request = site.log[-1]
    assert request.path == "/watch.xml"
    assert request.headers["If-None-Match"].startswith('"') and "If-Modified-Since" in request.headers
    assert (second.unchanged, second.new_entries) == (1, 0) and len(store.calls) == 1
    assert query(db, "SELECT last_status, failures FROM watch_sources") == [("unchanged", 0)]


def test_entries_that_appear_between_polls_are_followed_and_ingested(site, db):
    store = FakeStore()
    run = watcher(store)
    poll(db, run, [f"{site.base}/watch.xml"])
    site.stories.append(STORIES[2])
    before = len(site.log)
    report = poll(db, run, [f"{site.base}/watch.xml"], 2)
    assert store.calls[-1] == ["envoy"] and report.new_entries == 1
    assert site.paths()[before:] == ["/watch.xml", "/news/envoy"]  # the older entries are not asked for again


def test_a_restart_neither_refetches_an_unchanged_feed_nor_reingests(site, db):
    first = FakeStore()
    poll(db, watcher(first), [f"{site.base}/watch.xml", f"{site.base}/watch-dated.xml"])
    assert first.ids == ["aid", "talks", "aid", "talks"]  # two feeds listing the same pages: the store dedups

    # A new run: new fetcher, new connection; all it knows is in the store.
    again = FakeStore()
    report = poll(db, watcher(again), [f"{site.base}/watch.xml", f"{site.base}/watch-dated.xml"])
    assert report.unchanged == 2 and again.calls == []
    dated = [entry for entry in site.log if entry.path == "/watch-dated.xml"][-1]
    assert "If-Modified-Since" in dated.headers and "If-None-Match" not in dated.headers

    # The feed changed while no watcher ran: only the new entry is followed.
    site.stories.append(STORIES[2])
    latest = FakeStore()
    poll(db, watcher(latest), [f"{site.base}/watch.xml"])
    assert latest.calls == [["envoy"]]


def test_a_feed_that_hangs_times_out_with_its_url_and_the_others_are_polled(site, db):
    store, problems = FakeStore(), []
    report = poll(db, watcher(store, problems), [f"{site.base}/hang-feed", f"{site.base}/watch.xml"])
    (problem,) = problems
    assert "/hang-feed" in str(problem) and "timed out" in str(problem)
    assert store.ids == ["aid", "talks"] and (report.polled, report.failed) == (2, 1)
    [(status, failures)] = query(db, f"SELECT last_status, failures FROM watch_sources WHERE url = '{site.base}/hang-feed'")
    assert "timed out" in status and failures == 1


def test_404_and_answers_that_are_neither_feed_nor_page_are_reported(site, db):
    store, problems = FakeStore(), []
    urls = [f"{site.base}/missing", f"{site.base}/image.png", f"{site.base}/watch.xml"]
    report = poll(db, watcher(store, problems), urls)
    missing, image = (str(p) for p in problems)
    assert "/missing" in missing and "404" in missing
    assert "/image.png" in image and "PNG" in image
    assert store.ids == ["aid", "talks"] and report.failed == 2


def test_an_entry_whose_page_is_gone_uses_the_feed_text_or_is_reported_once(site, db):
    store, problems = FakeStore(), []
    run = watcher(store, problems)
    poll(db, run, [f"{site.base}/feed.xml"])  # the fixed feed: a redirect, a 404, robots.txt, an entry with nothing
    assert store.ids == ["kenya-1", "chile-1", "secret-1"]
    (problem,) = problems
    assert "feed.xml#4" in str(problem) and "no page and no text" in str(problem)
    # The entry that gave nothing is remembered, so it is not reported again every round.
    assert query(db, "SELECT entry_key, stored FROM watch_entries WHERE NOT stored") == [("gone-1", False)]
    poll(db, run, [f"{site.base}/feed.xml"], 2)
    assert len(problems) == 1 and len(store.calls) == 1


def test_a_redirected_feed_is_followed_and_polled_conditionally(site, db):
    store = FakeStore()
    run = watcher(store)
    poll(db, run, [f"{site.base}/old-watch.xml"])
    assert store.ids == ["aid", "talks"]
    assert query(db, "SELECT url, final_url FROM watch_sources") == [(f"{site.base}/old-watch.xml", f"{site.base}/watch.xml")]
    report = poll(db, run, [f"{site.base}/old-watch.xml"], 2)
    assert site.paths()[-2:] == ["/old-watch.xml", "/watch.xml"]
    assert "If-None-Match" in site.log[-1].headers  # the validators travel with the redirect
    assert report.unchanged == 1 and len(store.calls) == 1


def test_robots_txt_disallow_is_respected(site, db):
    store, problems = FakeStore(), []
    report = poll(db, watcher(store, problems), [f"{site.base}/private/watch.xml", f"{site.base}/watch.xml"])
    assert "robots.txt does not allow" in str(problems[0]) and "/private/watch.xml" in str(problems[0])
    assert "/private/watch.xml" not in site.paths()
    assert store.ids == ["aid", "talks"] and report.failed == 1


def test_requests_to_one_host_are_spaced_and_other_hosts_do_not_wait(db):
    clock = Clock()
    with local_site() as one, local_site() as two:
        for site in (one, two):
            site.stories.extend(STORIES[:2])
            site.clock = clock
        store = FakeStore()
        poll(db, watcher(store, options=dataclasses.replace(QUICK, delay=5.0), clock=clock),
             [f"{one.base}/watch.xml", f"{two.base}/watch.xml"])
    assert len(store.ids) == 4
    for site in (one, two):
        assert site.paths() == ["/robots.txt", "/watch.xml", "/news/aid", "/news/talks"]
        times = [entry.at for entry in site.log]
        assert all(later - earlier >= 5.0 for earlier, later in zip(times, times[1:]))
    assert two.log[0].at == one.log[-1].at  # the second host's first request waited for nothing


def test_a_failing_source_is_asked_less_often(site, db):
    now = [NOON]
    problems: list[InputError] = []
    run = watcher(FakeStore(), problems, now=lambda: now[0])
    missing = f"{site.base}/missing"
    poll(db, run, [missing])
    poll(db, run, [missing], 2)  # one failure: asked again the next round
    assert site.requests["/missing"] == 2
    report = poll(db, run, [missing], 3)  # two in a row: it waits one interval
    assert site.requests["/missing"] == 2 and report.waiting == 1 and len(problems) == 2
    now[0] += timedelta(seconds=60)
    poll(db, run, [missing], 4)
    assert site.requests["/missing"] == 3


def test_backoff_after_failures_grows_and_is_capped():
    def wait(failures: int) -> float:
        state = SourceState("u", last_poll=NOON, failures=failures)
        return next(s for s in range(0, 200_000, 30) if state.due(NOON + timedelta(seconds=s), 60.0))

    assert [wait(n) for n in (0, 1, 2, 3, 4)] == [0, 0, 60, 180, 420]
    assert wait(40) == 86400


def test_stopping_mid_feed_keeps_what_was_stored_and_the_next_run_follows_the_rest(site, db):
    store = FakeStore()
    run = watcher(store)
    get = run.fetcher.get

    def get_then_stop(url, *args, **kwargs):
        if "/news/" in url:
            run.stop.set()  # as Ctrl-C would, while the first page is being fetched
        return get(url, *args, **kwargs)

    run.fetcher.get = get_then_stop
    poll(db, run, [f"{site.base}/watch.xml"])
    assert store.calls == [["aid"]]
    assert query(db, "SELECT etag FROM watch_sources") == [(None,)]  # so the next run reads the whole feed

    rest = FakeStore()
    poll(db, watcher(rest), [f"{site.base}/watch.xml"])
    assert rest.calls == [["talks"]]


def test_run_stops_after_the_round_in_hand_and_honours_max_rounds(site, db):
    # An hour's interval and no round limit: only the stop ends it, without waiting out the interval.
    run = watcher(FakeStore(), interval=3600.0)
    reports = []

    def stop_after_first(report):
        reports.append(report)
        run.stop.set()

    assert run.run(db, [f"{site.base}/watch.xml"], stop_after_first) == 1
    assert reports[0].documents == 2
    assert watcher(FakeStore(), max_rounds=3, interval=0.0).run(db, [f"{site.base}/watch.xml"]) == 3


def test_sigterm_asks_for_a_clean_stop():
    from eventwire.cli import stop_on_signals

    stop = threading.Event()
    with stop_on_signals(stop):
        os.kill(os.getpid(), signal.SIGTERM)
        assert stop.wait(5)
    assert signal.getsignal(signal.SIGTERM) is not None


def test_entries_without_guid_or_link_are_known_by_their_text():
    source = "http://news.example/feed.xml"
    plain = FeedEntry(id=f"{source}#3", link=None, title="Talks resume", text="Delegates met.", date=None, author=None)
    moved = dataclasses.replace(plain, id=f"{source}#1")  # two new entries above it: same entry
    assert entry_key(plain, source) == entry_key(moved, source) != entry_key(
        dataclasses.replace(plain, text="Delegates left."), source)
    assert entry_key(dataclasses.replace(plain, id="guid-7"), source) == "guid-7"


runner = CliRunner()


def test_watch_command_stores_new_articles_and_a_rerun_adds_nothing(site, tmp_path):
    from eventwire.cli import app

    db = tmp_path / "events.duckdb"
    listing = tmp_path / "feeds.txt"
    listing.write_text(f"# watched\n{site.base}/watch.xml\n{site.base}/missing\n")
    command = ["watch", str(listing), "--db", str(db), "--once", "--delay", "0", "--timeout", "1", "--retries", "0"]
    result = runner.invoke(app, command)
    assert result.exit_code == 0, result.output
    assert "/missing" in result.output and "404" in result.output
    assert "round 1: 2 sources polled (0 unchanged, 1 failed), 2 new entries, 2 documents" in result.output
    assert sorted(r[0] for r in query(db, "SELECT input_id FROM documents")) == ["aid", "talks"]

    site.stories.append(STORIES[2])
    result = runner.invoke(app, command)
    assert result.exit_code == 0, result.output
    assert "1 new entry, 1 document" in result.output
    assert sorted(r[0] for r in query(db, "SELECT input_id FROM documents")) == ["aid", "envoy", "talks"]
    assert query(db, "SELECT count(*) FROM events WHERE doc_id IN (SELECT id FROM documents WHERE input_id = 'envoy')")[0][0] >= 1


def test_a_watch_process_stops_cleanly_on_sigterm_and_a_new_one_adds_nothing(site, tmp_path, gazetteer):
    import subprocess
    import sys
    from pathlib import Path

    eventwire = Path(sys.executable).parent / "eventwire"
    db = tmp_path / "events.duckdb"
    feed = f"{site.base}/watch.xml"
    process = subprocess.Popen([str(eventwire), "watch", feed, "--db", str(db), "--interval", "3600", "--delay", "0"],
                               stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    try:
        for line in process.stderr:
            if line.startswith("round 1:"):
                process.send_signal(signal.SIGTERM)  # while it waits out the hour before round 2
                break
        rest = process.stderr.read()
        assert process.wait(timeout=60) == 0, rest
    finally:
        process.kill()
        process.stderr.close()
    assert "watched 1 source for 1 round" in rest
    # A new watch, in this process (the session's coder): what it skips, it reads from the store.
    from eventwire.cli import app

    again = runner.invoke(app, ["watch", feed, "--db", str(db), "--once", "--delay", "0"])
    assert again.exit_code == 0, again.output
    assert "1 source polled (1 unchanged, 0 failed), 0 new entries" in again.output
    assert query(db, "SELECT count(*) FROM documents") == [(2,)]


def test_a_source_that_trips_the_watcher_is_reported_and_the_next_one_polled(site, db, monkeypatch):
    from eventwire.readers import watch as watch_module

    real = watch_module.read_answer

    def trip_on_the_first(response, url, on_problem):
        if url.endswith("/old-watch.xml"):
            raise RecursionError("maximum recursion depth exceeded")
        return real(response, url, on_problem)

    monkeypatch.setattr(watch_module, "read_answer", trip_on_the_first)
    store, problems = FakeStore(), []
    report = poll(db, watcher(store, problems), [f"{site.base}/old-watch.xml", f"{site.base}/watch.xml"])
    assert store.calls == [["aid", "talks"]], "the source after the failing one is polled and stored"
    assert (report.polled, report.failed) == (2, 1)
    (problem,) = problems
    assert str(problem).startswith(f"{site.base}/old-watch.xml: could not be polled (RecursionError")
    connection = duckdb.connect(str(db))
    try:
        failures = connection.execute("SELECT url, failures FROM watch_sources ORDER BY url").fetchall()
    finally:
        connection.close()
    assert failures == [(f"{site.base}/old-watch.xml", 1), (f"{site.base}/watch.xml", 0)]
