"""The JSON API: the CLI's filters give the CLI's results, lists page, and /docs needs no network."""

import re
from pathlib import Path

import pytest

import eventwire.web
from eventwire.store import open_store
from eventwire.store.query import EventFilter, find_events, find_stories


@pytest.fixture(scope="module")
def store(web_store, client):
    # A second read-only connection to the same file, as `eventwire events` would open it.
    connection = open_store(web_store, read_only=True)
    yield connection
    connection.close()


@pytest.mark.parametrize("params", [
    {}, {"actor": "Russia"}, {"category": "assault"}, {"quad": "MATERIAL_CONFLICT", "since": "2025"},
    {"country": "SYR", "until": "2025-03"}, {"modality": "reported"}, {"text": "agreement"},
])
def test_events_filters_select_what_the_cli_selects(client, store, params):
    expected = find_events(store, EventFilter(**params))
    page = client.get("/api/events", params={**params, "limit": 1000}).json()
    assert page["total"] == len(expected)
    assert sorted(e["id"] for e in page["items"]) == sorted(e["id"] for e in expected)


def test_contested_filter_and_stories_match_the_cli(client, store):
    expected = find_stories(store, EventFilter(contested=True))
    page = client.get("/api/stories", params={"contested": "true", "limit": 1000}).json()
    assert expected and {s["id"] for s in page["items"]} == {s["id"] for s in expected}
    assert all(s["contested"] for s in page["items"])


def test_pages_follow_one_another(client):
    everything = client.get("/api/events", params={"limit": 1000}).json()
    first = client.get("/api/events", params={"limit": 7}).json()
    second = client.get("/api/events", params={"limit": 7, "offset": 7}).json()
    assert first["total"] == second["total"] == everything["total"] > 14
    assert [e["id"] for e in first["items"] + second["items"]] == [e["id"] for e in everything["items"][:14]]


def test_empty_form_fields_are_no_filter_and_bad_values_are_refused(client):
    everything = client.get("/api/events").json()["total"]
    assert client.get("/api/events", params={"actor": "", "contested": "", "since": ""}).json()["total"] == everything
    assert client.get("/api/events", params={"contested": "maybe"}).status_code == 422
    assert client.get("/api/events", params={"limit": 0}).status_code == 422
    assert client.get("/api/counts", params={"by": "e.id; DROP TABLE events"}).status_code == 422


def test_filter_values_are_parameters_not_sql(client):
    for hostile in ("' OR 1=1 --", "%' OR '1'='1", "x'); DROP TABLE events; --"):
        response = client.get("/api/events", params={"actor": hostile, "text": hostile})
        assert response.status_code == 200 and response.json()["total"] == 0
    assert client.get("/api/events").json()["total"] > 0


def test_single_records_and_missing_ones(client):
    event = client.get("/api/events", params={"limit": 1}).json()["items"][0]
    assert client.get(f"/api/events/{event['id']}").json()["id"] == event["id"]
    document = client.get(f"/api/documents/{event['doc_id']}").json()
    assert document["text"][event["sent_start"]:].startswith(event["sentence"][:20])
    assert event["id"] in {e["id"] for e in document["events"]}
    story = client.get(f"/api/stories/{event['story_id']}").json()
    assert event["id"] in {r["id"] for r in story["reports"]}
    for path in ("/api/events/nope", "/api/stories/nope", "/api/documents/nope"):
        assert client.get(path).status_code == 404


def test_actors_places_counts_network_and_map(client):
    total = client.get("/api/events").json()["total"]
    by_quad = client.get("/api/counts", params={"by": "quad"}).json()
    assert sum(row["events"] for row in by_quad) == total
    actors = client.get("/api/actors", params={"role": "actor"}).json()
    assert actors["items"] and all(a["as_actor"] > 0 for a in actors["items"])
    places = client.get("/api/places").json()["items"]
    assert places and all(p["lat"] is not None for p in places)
    points = client.get("/api/map").json()
    assert sum(p["reports"] for p in points) == sum(p["events"] for p in
                                                    client.get("/api/places", params={"limit": 1000}).json()["items"])
    point = points[0]
    at = client.get("/api/map/events", params={"lat": point["lat"], "lon": point["lon"]}).json()
    assert at["total"] >= point["reports"]
    graph = client.get("/api/network", params={"max_edges": 5}).json()
    assert len(graph["edges"]) <= 5 and {e["actor"] for e in graph["edges"]} <= {n["id"] for n in graph["nodes"]}
    timeline = client.get("/api/timeline").json()
    assert timeline["bars"] and timeline["period"] in ("day", "week", "month", "year")
    charted = sum(bar[quad] for bar in timeline["bars"] for quad in bar if quad != "period")
    assert charted == timeline["charted"] and 0 < charted <= timeline["total"] == total


def test_openapi_documents_every_list_with_the_cli_filters(client):
    spec = client.get("/openapi.json").json()
    for path in ("/api/events", "/api/stories", "/api/actors", "/api/places", "/api/documents", "/api/counts"):
        names = {p["name"] for p in spec["paths"][path]["get"]["parameters"]}
        assert {"actor", "country", "category", "since", "until", "contested", "min_confidence", "has_actor",
                "located", "include_background"} <= names, path
    assert "limit" in {p["name"] for p in spec["paths"]["/api/events"]["get"]["parameters"]}


def test_vocabularies_are_the_records_and_documented(client):
    from eventwire.records import ACTOR_TYPES, DATE_PRECISIONS, MODALITIES, PLOVER_CATEGORIES, QUADS
    from eventwire.store.filters import CONTESTING, DISPUTING, FILTER_FIELDS

    answer = client.get("/api/vocabularies").json()
    assert answer == {"categories": list(PLOVER_CATEGORIES), "quads": list(QUADS), "modalities": list(MODALITIES),
                      "date_precisions": list(DATE_PRECISIONS), "actor_types": list(ACTOR_TYPES),
                      "contradictions": list(CONTESTING), "disputes": list(DISPUTING)}
    # Every filter with a vocabulary offers exactly the one served.
    served = {"category": "categories", "quad": "quads", "modality": "modalities"}
    with_choices = [field for field in FILTER_FIELDS if field.choices]
    assert with_choices and {field.name for field in with_choices} == set(served)
    for field in with_choices:
        assert list(field.choices) == answer[served[field.name]], field.name
    spec = client.get("/openapi.json").json()
    schema = spec["paths"]["/api/vocabularies"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    properties = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]["properties"]
    assert set(properties) == set(answer)
    assert all(properties[name].get("description") for name in answer)


WEB = Path(eventwire.web.__file__).parent


def test_the_web_package_holds_no_copy_of_a_vocabulary():
    """The vocabularies come from records.py through the API (or the same object rendered into the pages):
    a file of web/ that quotes two values of one of them holds a copy, which would drift."""
    from eventwire.records import MODALITIES, PLOVER_CATEGORIES, QUADS

    files = [path for path in sorted(WEB.rglob("*")) if path.suffix in (".py", ".js", ".html")]
    assert len(files) > 10
    for path in files:
        text = path.read_text()
        for vocabulary in (PLOVER_CATEGORIES, QUADS, MODALITIES):
            quoted = [value for value in vocabulary if f'"{value}"' in text or f"'{value}'" in text]
            assert len(quoted) < 2, (path.name, quoted)


def test_docs_and_assets_come_from_this_server(client):
    html = client.get("/docs").text
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources and all(s.startswith("/") for s in sources), sources
    for source in sources:
        assert client.get(source).status_code == 200, source
    for page in ("/", "/map", "/network", "/stories", "/events"):
        for source in re.findall(r'(?:src|href)="([^"]+)"', client.get(page).text):
            assert not source.startswith(("http:", "https:", "//")), (page, source)


@pytest.mark.parametrize("params", [
    {"category": "ASAULT"}, {"quad": "conflict"}, {"modality": "rumoured"}, {"since": "2018-13-45"},
    {"until": "2018-02-30"}, {"min_confidence": "high"}, {"min_confidence": "1.5"}, {"has_actor": "maybe"},
    {"min_confidnce": "0.9"}, {"include_backgound": "true"},
])
@pytest.mark.parametrize("path", ["/api/events", "/api/stories", "/api/map"])
def test_bad_values_and_unknown_parameters_answer_422(client, path, params):
    response = client.get(path, params=params)
    assert response.status_code == 422, (path, params)
    if "category" in params:
        assert "ASSAULT" in response.text


@pytest.mark.parametrize("params", [
    {"min_confidence": "0.8"}, {"has_actor": "true"}, {"has_actor": "false"}, {"located": "true"},
    {"include_background": "true"},
])
def test_quality_filters_select_what_the_cli_selects(client, store, params):
    values = {name: (float(value) if name == "min_confidence" else value == "true") for name, value in params.items()}
    expected = find_events(store, EventFilter(**values))
    page = client.get("/api/events", params={**params, "limit": 1000}).json()
    assert page["total"] == len(expected)
    assert sorted(e["id"] for e in page["items"]) == sorted(e["id"] for e in expected)


def test_the_api_does_not_import_the_cli():
    import ast
    from importlib import resources

    source = (resources.files("eventwire.web") / "api.py").read_text(encoding="utf-8")
    imported = {node.module for node in ast.walk(ast.parse(source)) if isinstance(node, ast.ImportFrom)}
    assert "eventwire.cli" not in imported and "eventwire.store.filters" in imported


def test_input_id_selects_a_documents_events(client):
    everything = client.get("/api/events", params={"limit": 500}).json()
    one = client.get("/api/events", params={"input_id": "demo-03", "limit": 500}).json()
    assert 0 < one["total"] < everything["total"]
    assert len({item["doc_id"] for item in one["items"]}) == 1
