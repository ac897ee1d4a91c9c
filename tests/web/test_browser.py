"""The pages in a real browser: headless Chromium (Debian's `chromium`) driven by Playwright against a
server on the demo corpus, the markup document and (when ../shared is there) the seeds.

Screenshots of every page go to tests/artifacts/web/ (ignored by git) for people to look at.
Skipped, saying why, when Playwright or a Chromium binary is missing (CI may have neither).
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

from tests.conftest import REPO

ARTIFACTS = REPO / "tests" / "artifacts" / "web"
SCREEN = {"width": 1366, "height": 768}  # a common laptop screen: the pages are laid out to fit it
# The flags Chromium needs to start headless as root in a sandbox with no network but loopback.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-sync",
                 "--disable-background-networking", "--disable-component-update"]


def chromium_executable() -> str | None:
    candidates = [os.environ.get("EVENTWIRE_CHROMIUM"), shutil.which("chromium"), shutil.which("chromium-browser"),
                  "/usr/bin/chromium"]
    return next((c for c in candidates if c and Path(c).is_file()), None)


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed: browser tests skipped")
    executable = chromium_executable()
    if executable is None:
        pytest.skip("no Chromium binary (install Debian's chromium: apt-get install chromium, or set "
                    "EVENTWIRE_CHROMIUM to one): browser tests skipped")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def server(web_store, borders_cache):
    import uvicorn

    from eventwire.web.app import WebSettings, create_app

    app = create_app(WebSettings(db=web_store, cache_dir=borders_cache))
    port = free_port()
    running = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not running.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", app
    running.should_exit = True
    thread.join(10)
    app.state.web.connection.close()


class Visit:
    """One page opened in a fresh tab, with every console error and uncaught exception kept."""

    def __init__(self, browser, url: str):
        self.page = browser.new_page(viewport=SCREEN)
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("console", lambda message: message.type == "error" and self.errors.append(message.text))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("dialog", lambda dialog: (self.dialogs.append(dialog.message), dialog.dismiss()))
        self.response = self.page.goto(url)
        self.page.wait_for_load_state("networkidle")

    def shot(self, name: str) -> None:
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"))

    def close(self) -> None:
        self.page.close()


def some_ids(app) -> dict[str, str]:
    """A contested story (else any), one of its contesting records, and the markup document."""
    connection = app.state.web.connection.cursor()
    story = connection.execute(
        "SELECT story_id, count(DISTINCT doc_id) AS documents FROM events GROUP BY story_id "
        "ORDER BY count(contradiction) > 0 DESC, documents DESC, story_id LIMIT 1").fetchone()[0]
    event = connection.execute("SELECT id FROM events WHERE story_id = ? ORDER BY contradiction NULLS LAST, id "
                               "LIMIT 1", [story]).fetchone()[0]
    document = connection.execute("SELECT id FROM documents WHERE input_id = 'hostile-markup'").fetchone()[0]
    connection.close()
    return {"story": story, "event": event, "document": document}


def test_every_page_loads_without_console_errors(browser, server):
    base, app = server
    ids = some_ids(app)
    pages = {"overview": "/", "map": "/map", "network": "/network", "stories": "/stories", "events": "/events",
             "story": f"/stories/{ids['story']}", "event": f"/events/{ids['event']}",
             "document": f"/documents/{ids['document']}", "api-docs": "/docs"}
    for name, path in pages.items():
        visit = Visit(browser, base + path)
        if name == "map":
            visit.page.wait_for_selector("#map[data-basemap=loaded]")
        if name == "api-docs":
            visit.page.wait_for_selector(".opblock")
        visit.shot(name)
        assert visit.response.status == 200, path
        assert visit.errors == [], (path, visit.errors)
        visit.close()


def test_the_map_shows_points_on_borders_and_lists_a_points_events(browser, server):
    base, _ = server
    visit = Visit(browser, base + "/map")
    visit.page.wait_for_selector("#map[data-basemap=loaded]")
    assert visit.page.locator("#map path.country").count() > 150
    points = visit.page.locator("#map circle.point")
    assert points.count() > 5
    # The largest point is drawn first; click it and its events are listed beside the map.
    points.first.dispatch_event("click")
    visit.page.wait_for_selector("#place-list li")
    assert visit.page.locator("#place-list li").count() >= 1
    assert ":" in visit.page.locator("#place-title").inner_text()
    visit.shot("map-clicked")
    assert visit.errors == []
    visit.close()


def test_filters_change_the_results_and_stay_in_the_url(browser, server):
    base, _ = server
    visit = Visit(browser, base + "/events?limit=1000")
    everything = visit.page.locator("table.events tbody tr").count()
    visit.page.select_option("select[name=category]", "ASSAULT")
    visit.page.click("form.filters button[type=submit]")
    visit.page.wait_for_load_state("networkidle")
    url = visit.page.url
    assert "category=ASSAULT" in url and "actor=" not in url, "empty filter fields stay out of the address"
    assault = visit.page.locator("table.events tbody tr")
    assert 0 < assault.count() < everything
    assert all(text == "ASSAULT" for text in assault.locator("td:nth-child(2) a").all_inner_texts())
    # The filter follows to the other views through the navigation.
    visit.page.click("nav >> text=Overview")
    visit.page.wait_for_load_state("networkidle")
    assert "category=ASSAULT" in visit.page.url
    assert visit.page.locator("#categories svg a").count() == 1
    visit.shot("overview-assault")
    visit.page.click("nav >> text=Map")
    visit.page.wait_for_selector("#map[data-basemap=loaded]")
    filtered_points = visit.page.locator("#map circle.point").count()
    assert all(c == "fill-material_conflict" for c in
               {visit.page.locator("#map circle.point").nth(i).get_attribute("class").split()[1]
                for i in range(filtered_points)})
    visit.shot("map-assault")
    assert visit.errors == []
    visit.close()


def test_markup_in_an_article_stays_text(browser, server):
    base, app = server
    visit = Visit(browser, base + f"/documents/{some_ids(app)['document']}")
    text = visit.page.locator("#article-text")
    assert "<script>window.__pwned" in text.inner_text()
    assert text.locator("script, img, a, b, i").count() == 0
    assert visit.page.evaluate("typeof window.__pwned") == "undefined"
    assert visit.dialogs == [] and visit.errors == []
    visit.shot("document-markup")
    visit.close()
