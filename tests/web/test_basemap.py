"""The map's country borders: derived from the installed Natural Earth package, small, cached."""

import json

from eventwire.web.basemap import borders_path, cache_file


def test_borders_are_small_and_name_countries(client, borders_cache):
    response = client.get("/api/basemap", headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200 and response.headers["content-type"] == "application/geo+json"
    borders = response.json()
    codes = {feature["properties"]["iso3"] for feature in borders["features"]}
    assert {"SYR", "RUS", "USA", "FRA", "NOR", "LBN"} <= codes and len(codes) > 170
    assert cache_file(borders_cache).stat().st_size < 700_000


def test_the_cached_borders_are_reused(client, borders_cache):
    client.get("/api/basemap")
    path = borders_path(borders_cache)
    before = path.stat().st_mtime_ns
    assert borders_path(borders_cache) == path and path.stat().st_mtime_ns == before
    assert json.loads(path.read_text())["type"] == "FeatureCollection"
