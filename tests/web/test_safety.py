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
