"""One store for the web tests: the demo corpus, a document full of markup and, when ../shared is
beside the repository, the seeds; coded once per session with one coder, which the ingest test reuses."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, SHARED

HOSTILE = FIXTURES / "dashboard" / "hostile.jsonl"


@pytest.fixture(scope="session")
def coder_and_preparation(load_coder):
    from eventwire.cleaning import Preparation

    return load_coder(), Preparation.load(clean=True)


def build_store(db: Path, inputs: list[str], coder_and_preparation) -> None:
    from eventwire.cleaning import prepare_documents
    from eventwire.pipeline import code_documents
    from eventwire.readers import read_inputs
    from eventwire.store import ingest_coded, load_state, open_store, unstored

    coder, preparation = coder_and_preparation
    connection = open_store(db)
    try:
        state = load_state(connection)
        documents = prepare_documents(read_inputs(inputs), preparation, lambda problem: None)
        ingest_coded(connection, state, code_documents(coder, unstored(documents, state)))
    finally:
        connection.close()


@pytest.fixture(scope="session")
def web_store(tmp_path_factory, coder_and_preparation) -> Path:
    db = tmp_path_factory.mktemp("web") / "web.duckdb"
    with resources.as_file(resources.files("eventwire.demo") / "articles.jsonl") as demo:
        inputs = [str(demo), str(HOSTILE)]
        if (SHARED / "corpus" / "seeds").is_dir():
            inputs.append(str(SHARED / "corpus" / "seeds"))
        build_store(db, inputs, coder_and_preparation)
    return db


@pytest.fixture(scope="session")
def has_seeds() -> bool:
    return (SHARED / "corpus" / "seeds").is_dir()


@pytest.fixture(scope="session")
def borders_cache(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(scope="module")
def client(web_store, borders_cache):
    from fastapi.testclient import TestClient

    from eventwire.web.app import WebSettings, create_app

    app = create_app(WebSettings(db=web_store, cache_dir=borders_cache))
    with TestClient(app) as test_client:
        yield test_client
    app.state.web.connection.close()


@pytest.fixture(scope="module")
def hostile_doc_id(client) -> str:
    page = client.get("/api/documents", params={"limit": 1000}).json()
    return next(d["id"] for d in page["items"] if d["input_id"] == "hostile-markup")
