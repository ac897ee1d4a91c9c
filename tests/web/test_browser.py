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
    markers = visit.page.locator("#map circle.point, #map g.cluster")
    assert markers.count() >= 3
    # Zoomed in enough, clusters open into places; click one and its events are listed beside the map.
    open_clusters(visit.page)
    points = visit.page.locator("#map circle.point")
    assert points.count() >= 1
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
    assert filtered_points > 0
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


def open_clusters(page, clicks: int = 12) -> None:
    """Click the biggest cluster until none is left (each click zooms in at least twofold)."""
    for _ in range(clicks):
        clusters = page.locator("#map g.cluster")
        if clusters.count() == 0:
            return
        clusters.first.dispatch_event("click")


def zoom(page, direction: str, times: int) -> None:
    """Click the map's zoom-in (first) or zoom-out (second) button `times` times."""
    button = {"in": 0, "out": 1}[direction]
    for _ in range(times):
        page.click(f".zoom button[title=zoom] >> nth={button}")


def zoom_width(page) -> float:
    return float(page.locator("#map").get_attribute("data-zoom"))


OVERLAPPING_BOXES = """(selector) => {
  const boxes = [...document.querySelectorAll(selector)].map((e) => e.getBoundingClientRect());
  let overlaps = 0;
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
    const [a, b] = [boxes[i], boxes[j]];
    if (a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5) overlaps++;
  }
  return [boxes.length, overlaps];
}"""


def test_country_level_events_are_rings_kept_apart_and_off_by_default(browser, server):
    base, _ = server
    visit = Visit(browser, base + "/map")
    visit.page.wait_for_selector("#map[data-basemap=loaded]")
    assert not visit.page.is_checked("#show-broad")
    assert visit.page.locator("#map circle.ring").count() == 0
    assert visit.page.locator("#map circle.point[data-precision=country]").count() == 0
    visit.page.check("#show-broad")
    rings = visit.page.locator("#map circle.ring")
    assert rings.count() >= 1, "the demo corpus and the seeds have events placed only in a country"
    precisions = {rings.nth(i).get_attribute("data-precision") for i in range(rings.count())}
    assert precisions <= {"country", "region"}
    assert visit.page.locator("#map circle.point:not(.ring)[data-precision=country]").count() == 0
    visit.shot("map-rings")
    assert visit.errors == []
    visit.close()


def test_markers_cluster_as_the_map_zooms_out_and_open_as_it_zooms_in(browser, server):
    base, _ = server
    visit = Visit(browser, base + "/map")
    visit.page.wait_for_selector("#map[data-basemap=loaded]")
    zoom(visit.page, "out", 6)
    far = zoom_width(visit.page)
    far_clusters = visit.page.locator("#map g.cluster")
    assert far_clusters.count() >= 1
    places_in_clusters = sum(int(far_clusters.nth(i).get_attribute("data-places")) for i in range(far_clusters.count()))
    assert places_in_clusters >= 2
    assert visit.page.locator("#map g.cluster text").first.text_content().isdigit()
    far_markers = visit.page.locator("#map circle.point, #map g.cluster").count()
    visit.shot("map-clusters")
    open_clusters(visit.page)
    assert zoom_width(visit.page) < far
    assert visit.page.locator("#map circle.point, #map g.cluster").count() >= far_markers
    assert visit.errors == []
    visit.close()


def test_places_are_labelled_at_useful_zooms_without_overlap(browser, server):
    base, _ = server
    visit = Visit(browser, base + "/map")
    visit.page.wait_for_selector("#map[data-basemap=loaded]")
    zoom(visit.page, "out", 6)
    assert zoom_width(visit.page) > 120
    assert visit.page.locator("#map text.place-label").count() == 0, "no labels over the whole world"
    open_clusters(visit.page)
    zoom(visit.page, "in", 3)
    assert zoom_width(visit.page) <= 120
    count, overlaps = visit.page.evaluate(OVERLAPPING_BOXES, "#map text.place-label")
    assert count >= 1 and overlaps == 0
    visit.shot("map-labels")
    assert visit.errors == []
    visit.close()


def test_the_network_hides_generic_actors_sizes_nodes_and_has_a_slider(browser, server):
    base, _ = server
    visit = Visit(browser, base + "/network")
    nodes = visit.page.locator("#network a.node")
    shown = nodes.count()
    assert shown >= 3
    assert visit.page.locator("#network a.node.generic").count() == 0 and not visit.page.is_checked("#show-generic")
    sizes = sorted((int(nodes.nth(i).get_attribute("data-events")), float(nodes.nth(i).locator("circle").get_attribute("r")))
                   for i in range(shown))
    assert sizes[0][1] < sizes[-1][1] and all(a[1] <= b[1] for a, b in zip(sizes, sizes[1:]))
    count, overlaps = visit.page.evaluate(OVERLAPPING_BOXES, "#network text.label")
    assert count >= 2 and overlaps == 0
    visit.shot("network")
    visit.page.check("#show-generic")
    assert visit.page.locator("#network a.node.generic").count() >= 1, "the seeds and demo have unnamed actors"
    assert nodes.count() > shown
    visit.page.uncheck("#show-generic")
    least = sizes[len(sizes) // 2][0]
    visit.page.fill("#min-events", str(least))
    visit.page.dispatch_event("#min-events", "input")
    kept = [int(nodes.nth(i).get_attribute("data-events")) for i in range(nodes.count())]
    assert kept and min(kept) >= least and len(kept) < shown
    assert visit.page.locator("#min-events-value").inner_text() == str(least)
    visit.shot("network-slider")
    assert visit.errors == []
    visit.close()


def test_the_analyst_guides_picture(browser, server):
    """The map as docs/analyst-guide.md shows it (a copy of the screenshot is committed there): the
    ASSAULT events in Syria, fitted to their places and labelled."""
    base, _ = server
    visit = Visit(browser, base + "/map?category=ASSAULT&country=SYR")
    visit.page.wait_for_selector("#map[data-basemap=loaded]")
    assert visit.page.locator("#map circle.point, #map g.cluster").count() >= 1
    assert visit.page.locator("#map text.place-label").count() >= 1
    visit.shot("analyst-guide-map")
    assert (ARTIFACTS / "analyst-guide-map.png").stat().st_size > 10_000
    assert visit.errors == []
    visit.close()
