"""Dashboard and API response times on a store of 100,000+ events.

    .venv/bin/python bench/web.py [--documents 500] [--events 100000] [--work out/bench-web] [--reuse]

1. Codes the first N synthetic stories of ../shared/corpus once, then stores them again and again
   (each copy a new document: a distinct closing line, its dates moved on by three days a copy so the
   timeline spreads over months as a real feed would) until the store holds the target number of events.
   `--reuse` keeps a store built by an earlier run.
2. Serves it with `eventwire serve`'s application (uvicorn, read-only, on 127.0.0.1) and times each
   page and API call over HTTP: one warm-up, then the median of 5.
3. When Playwright and Chromium are there, times the overview and the map in a browser: from the
   request to the page drawn with every asset and (for the map) its borders and points.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import threading
import time
import urllib.request
from dataclasses import replace
from datetime import date, timedelta
from itertools import islice
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "synthetic_plover_stories.jsonl.gz"


def moved(value: str | None, days: int) -> str | None:
    """A full ISO date (or date-time) moved on by `days`; coarser dates stay as they are."""
    if not value or len(value) < 10:
        return value
    try:
        return (date.fromisoformat(value[:10]) + timedelta(days=days)).isoformat() + value[10:]
    except ValueError:
        return value


def build_store(db: Path, documents: int, target_events: int) -> None:
    from eventwire.cleaning import Preparation, prepare_documents
    from eventwire.pipeline import Coder, code_documents
    from eventwire.readers import read_inputs
    from eventwire.store import ingest_coded, load_state, open_store

    started = time.perf_counter()
    sample = islice(read_inputs([str(CORPUS)]), documents)
    coded = list(code_documents(Coder.load(), prepare_documents(sample, Preparation.load(clean=True), print)))
    # The store keeps one record per trigger and category (the coder may read one twice), so count those.
    events = sum(len({(e.trigger_start, e.event) for e in item.events}) for item in coded)
    print(f"coded {len(coded)} documents, {events} events to store in {time.perf_counter() - started:.0f} s")

    def copies():
        for copy in range(-(-target_events // max(1, events))):
            shift = 3 * copy
            for item in coded:
                document = item.document
                text = document.text + ("" if copy == 0 else f"\n\nReposted, copy {copy}.")
                yield replace(item, document=replace(document, id=f"{document.id}-{copy}", text=text,
                                                     date=moved(document.date, shift)),
                              doc_date=moved(item.doc_date, shift),
                              events=tuple(replace(e, date=moved(e.date, shift), doc_date=moved(e.doc_date, shift))
                                           for e in item.events))

    started = time.perf_counter()
    connection = open_store(db)
    report = ingest_coded(connection, load_state(connection), copies(), batch_size=256)
    connection.close()
    print(f"stored {report.documents} documents, {report.events} events in {time.perf_counter() - started:.0f} s")


def get(url: str) -> tuple[int, int]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request) as response:
        body = response.read()
        return response.status, len(body)


def median_ms(url: str) -> tuple[float, int]:
    get(url)
    times = []
    for _ in range(5):
        started = time.perf_counter()
        _, size = get(url)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), size


def browser_load_ms(base: str) -> dict[str, float] | None:
    """Overview and map drawn in headless Chromium (median of 3, after one warm-up each)."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    try:
        from playwright.sync_api import sync_playwright

        from tests.web.test_browser import CHROMIUM_ARGS, SCREEN, chromium_executable
    except ImportError:
        return None
    executable = chromium_executable()
    if executable is None:
        return None
    results = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport=SCREEN)
        for name, path, ready in (("overview", "/", "#timeline svg"), ("map", "/map", "#map[data-basemap=loaded]")):
            times = []
            for attempt in range(4):
                started = time.perf_counter()
                page.goto(base + path)
                page.wait_for_selector(ready)
                page.wait_for_load_state("load")
                if attempt:
                    times.append((time.perf_counter() - started) * 1000)
            results[name] = statistics.median(times)
        browser.close()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=500)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--work", type=Path, default=Path("out/bench-web"))
    parser.add_argument("--reuse", action="store_true", help="Keep the store of an earlier run.")
    options = parser.parse_args()
    db = options.work / "web.duckdb"
    if not (options.reuse and db.exists()):
        shutil.rmtree(options.work, ignore_errors=True)
        options.work.mkdir(parents=True)
        build_store(db, options.documents, options.events)

    import uvicorn

    from eventwire.web.app import WebSettings, create_app

    app = create_app(WebSettings(db=db, cache_dir=options.work / "cache"))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=8791, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    base = "http://127.0.0.1:8791"
    cursor = app.state.web.connection.cursor()
    total, stories = cursor.execute("SELECT count(*), count(DISTINCT story_id) FROM events").fetchone()
    story = cursor.execute("SELECT story_id FROM events WHERE contradiction IS NOT NULL LIMIT 1").fetchone()[0]
    event, doc_id = cursor.execute("SELECT id, doc_id FROM events WHERE story_id = ? LIMIT 1", [story]).fetchone()
    cursor.close()
    get(base + "/api/basemap")  # the borders are simplified on first use; time the cached file

    urls = {
        "page /": "/", "page / (actor=Russia, 2015)": "/?actor=Russia&since=2015",
        "page /map": "/map", "page /map (category=ASSAULT)": "/map?category=ASSAULT",
        "page /network": "/network", "page /stories": "/stories", "page /events": "/events",
        "page /stories/{id}": f"/stories/{story}", "page /events/{id}": f"/events/{event}",
        "page /documents/{id}": f"/documents/{doc_id}",
        "api events": "/api/events", "api events (country=SYR, quad)": "/api/events?country=SYR&quad=MATERIAL_CONFLICT",
        "api events (text search)": "/api/events?text=ceasefire", "api events page 100": "/api/events?offset=5000",
        "api stories (contested)": "/api/stories?contested=true", "api actors": "/api/actors",
        "api places": "/api/places", "api documents": "/api/documents", "api counts by day": "/api/counts?by=day",
        "api timeline": "/api/timeline", "api network": "/api/network", "api map": "/api/map",
        "api basemap (gzip)": "/api/basemap",
    }
    print(f"response times on {total:,} events, {stories:,} stories (median of 5 after a warm-up):")
    print(f"  {'request':<34} {'ms':>8} {'KB':>8}")
    for name, path in urls.items():
        milliseconds, size = median_ms(base + path)
        print(f"  {name:<34} {milliseconds:>8.1f} {size / 1000:>8.1f}")
    loads = browser_load_ms(base)
    if loads:
        print("in headless Chromium, request to page drawn (median of 3): " +
              ", ".join(f"{name} {ms:.0f} ms" for name, ms in loads.items()))
    else:
        print("no Playwright/Chromium: browser load times not measured")
    server.should_exit = True
    thread.join(10)
    app.state.web.connection.close()


if __name__ == "__main__":
    main()
