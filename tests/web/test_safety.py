"""Article text is untrusted: pages show it escaped; the server only writes with the operator's token."""

import shutil

import pytest
from fastapi.testclient import TestClient

from eventwire.web.app import WebSettings, create_app

RAW = ("<script>window.__pwned", "<img src=x", "<b>resume</b>", "<i>Wire</i>", '<a href="javascript:')


def test_hostile_document_is_coded_and_shown_escaped(client, hostile_doc_id):
    document = client.get(f"/api/documents/{hostile_doc_id}").json()
    assert "<script>" in document["text"], "the API returns the text as stored; pages escape it"
    assert document["events"], "the markup document has events to highlight"
    pages = [f"/documents/{hostile_doc_id}", f"/events/{document['events'][0]['id']}",
             f"/stories/{document['events'][0]['story_id']}", "/events", "/?text=agreement"]
    for path in pages:
        html = client.get(path).text
        for raw in RAW:
            assert raw not in html, (path, raw)
    html = client.get(f"/documents/{hostile_doc_id}").text
    assert "&lt;script&gt;window.__pwned" in html and "&lt;b&gt;resume&lt;/b&gt;" in html


def test_data_embedded_in_pages_cannot_close_its_script_element(client):
    html = client.get("/network", params={"text": "agreement"}).text
    data = html.split('<script type="application/json" id="page-data">')[1].split("</script>")[0]
    assert "<" not in data


def test_pages_may_run_only_their_own_scripts(client):
    policy = client.get("/").headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert client.get("/api/events").headers["x-content-type-options"] == "nosniff"


def test_a_server_without_a_token_refuses_to_ingest(client):
    response = client.post("/api/ingest", json=[{"id": "x", "text": "France signed an agreement with Germany."}],
                           headers={"Authorization": "Bearer guess"})
    assert response.status_code == 403 and "read-only" in response.json()["detail"]


@pytest.fixture
def writable(web_store, tmp_path, borders_cache, coder_and_preparation):
    db = tmp_path / "copy.duckdb"
    shutil.copy(web_store, db)
    app = create_app(WebSettings(db=db, ingest_token="s3cret", cache_dir=borders_cache))
    app.state.web.coder = coder_and_preparation  # the session's coder: loading another takes seconds
    with TestClient(app) as test_client:
        yield test_client
    app.state.web.connection.close()


def test_ingest_needs_the_operators_token(writable):
    document = {"id": "new", "text": "Kenya signed a security agreement with Somalia in Nairobi on Friday.",
                "date": "2025-06-06", "source": "Test Wire"}
    before = writable.get("/api/events").json()["total"]
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": "s3cret"}):
        assert writable.post("/api/ingest", json=[document], headers=headers).status_code == 401
    response = writable.post("/api/ingest", json=[document], headers={"Authorization": "Bearer s3cret"})
    assert response.status_code == 200 and response.json()["documents"] == 1
    assert writable.get("/api/events").json()["total"] > before
    again = writable.post("/api/ingest", json=[document], headers={"Authorization": "Bearer s3cret"})
    assert again.json()["documents"] == 0, "a text already stored is not stored twice"


def call_ingest(app, headers: dict[str, str], chunks: list[bytes]) -> tuple[int, dict, int]:
    """POST /api/ingest straight through ASGI, the body in `chunks`: (status, JSON answer, chunks the
    app asked for). TestClient reads a whole body before the app runs, so it cannot tell."""
    import asyncio
    import json

    received, sent = [0], []
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
             "scheme": "http", "path": "/api/ingest", "raw_path": b"/api/ingest", "query_string": b"",
             "root_path": "", "server": ("testserver", 80), "client": ("127.0.0.1", 5000),
             "headers": [(name.lower().encode(), value.encode()) for name, value in headers.items()]}

    async def receive():
        if received[0] < len(chunks):
            received[0] += 1
            return {"type": "http.request", "body": chunks[received[0] - 1], "more_body": received[0] < len(chunks)}
        return {"type": "http.disconnect"}

    async def send(message):
        sent.append(message)

    asyncio.run(app(scope, receive, send))
    status = next(m["status"] for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return status, json.loads(body), received[0]


MEGABYTE = b"[" + b" " * 999_998 + b"]"


def test_an_unauthenticated_66_mb_body_is_refused_before_it_is_read(writable, client):
    chunks = [MEGABYTE] * 66
    length = {"Content-Type": "application/json", "Content-Length": str(66 * len(MEGABYTE))}
    for app, headers, status in ((writable.app, {**length, "Authorization": "Bearer wrong"}, 401),
                                 (writable.app, length, 401), (client.app, length, 403)):
        answer, body, read = call_ingest(app, headers, chunks)
        assert (answer, read) == (status, 0), "refused from the headers, no byte of the body read"
        assert isinstance(body["detail"], str)


def test_a_body_over_the_cap_is_refused_with_413_declared_or_streamed(writable):
    token = {"Authorization": "Bearer s3cret", "Content-Type": "application/json"}
    status, body, read = call_ingest(writable.app, {**token, "Content-Length": str(66 * len(MEGABYTE))}, [MEGABYTE] * 66)
    assert (status, read) == (413, 0) and "66,000,000 bytes" in body["detail"]
    status, body, read = call_ingest(writable.app, token, [MEGABYTE] * 66)  # no Content-Length: chunked
    assert status == 413 and read == 33, "reading stops at the first chunk over the 32 MB cap"


def test_each_document_is_checked_alone_and_the_answer_says_which_was_stored(writable):
    good = {"id": "kenya-pact", "text": "Kenya signed a security pact with Somalia in Nairobi on Friday.",
            "source": "Test Wire"}
    documents = [{"id": "blank", "text": "   "}, {"id": "", "text": "Chile signed an accord with Peru."},
                 {"id": "huge", "text": "x" * 1_000_001}, good, {"id": 7, "text": ["not", "text"]}, "a string"]
    response = writable.post("/api/ingest", json=documents, headers={"Authorization": "Bearer s3cret"})
    assert response.status_code == 207
    answer = response.json()
    assert answer["documents"] == 1 and answer["refused"] == 5
    results = answer["results"]
    assert [r["status"] for r in results] == ["refused"] * 3 + ["stored"] + ["refused"] * 2
    assert [r["number"] for r in results] == [1, 2, 3, 4, 5, 6] and results[3]["id"] == "kenya-pact"
    assert "has no text" in results[0]["reason"] and "missing required field(s): id" in results[1]["reason"]
    assert "1,000,001 characters" in results[2]["reason"] and '"id" must be a string' in results[4]["reason"]
    assert "expected a JSON object" in results[5]["reason"]
    assert writable.get("/api/documents", params={"limit": 1000}).json()["total"] >= 1
    again = writable.post("/api/ingest", json=[good], headers={"Authorization": "Bearer s3cret"})
    assert again.status_code == 200 and again.json()["results"][0]["status"] == "already stored"


@pytest.mark.parametrize("body", [b"not json", b'{"id": "x", "text": "y"}', b"[]", b"[" * 100_000 + b"]" * 100_000])
def test_a_body_that_is_not_an_array_of_documents_is_a_422(writable, body):
    response = writable.post("/api/ingest", content=body, headers={"Authorization": "Bearer s3cret",
                                                                   "Content-Type": "application/json"})
    assert response.status_code == 422 and isinstance(response.json()["detail"], str)


LIST_ROUTES = ("/api/events", "/api/stories", "/api/actors", "/api/places", "/api/documents")


def test_huge_offsets_and_counts_are_a_422_not_a_500(client):
    routes = [(path, {"offset": 2**63}) for path in LIST_ROUTES]
    routes += [("/api/map/events", {"offset": 2**63, "lat": 0, "lon": 0}), ("/api/stories", {"min_reports": 2**63}),
               ("/api/stories", {"min_outlets": 2**63}), ("/api/map/events", {"lat": "nan", "lon": 0})]
    assert len(routes) == 9
    for path, params in routes:
        response = client.get(path, params=params)
        assert response.status_code == 422, (path, params, response.text)
        assert isinstance(response.json()["detail"], list)
    assert client.get("/api/events", params={"offset": 1_000_000_000}).json()["items"] == []
