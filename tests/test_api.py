"""The public Python API (api.py) and the README's examples of it."""

import json
import re

import pyarrow as pa
import pytest

import eventwire
from eventwire.records import Event
from eventwire.store.flat import FLAT_COLUMNS
from tests.conftest import FIXTURES, REPO

SENTENCE = "Russian jets bombed rebel positions in Idlib on Monday."

# The API's coders are the session's (tests/conftest.py): what is tested is what the API does with them.
pytestmark = pytest.mark.usefixtures("shared_coders")


def test_code_a_sentence_gives_an_assault_with_the_schemas_fields():
    records = eventwire.code(SENTENCE, date="2020-03-02")
    assert [r.event for r in records] == ["ASSAULT"]
    record = records[0]
    assert isinstance(record, Event) and "ASSAULT" in str(records)
    data = record.to_dict()
    assert data["actor"][0]["country"] == "RUS" and data["location"]["name"] == "Idlib"
    assert data["date"] == "2020-03-02" and isinstance(data["context"], list)


def test_models_load_once_and_a_coder_can_be_reused():
    from eventwire.api import shared_coder

    eventwire.code(SENTENCE, date="2020-03-02")
    loaded = shared_coder.cache_info().currsize
    eventwire.code("Kenya urged Somalia to release the detained journalists.", date="2024-05-02")
    assert shared_coder.cache_info().currsize == loaded  # the same settings: the same coder
    coder = eventwire.Coder(detector=False)
    documents = [{"id": "a", "text": SENTENCE, "date": "2020-03-02"},
                 {"id": "b", "text": "Kenya urged Somalia to release the detained journalists.", "date": "2024-05-02"}]
    records = coder.code(documents)
    assert {(r.doc_id, r.event) for r in records} >= {("a", "ASSAULT"), ("b", "REQUEST")}
    assert len(coder.fingerprint) == 12


def test_unknown_settings_and_filters_are_refused_by_name(tmp_path):
    with pytest.raises(TypeError, match="min_confidance"):
        eventwire.code(SENTENCE, min_confidance=0.5)
    with pytest.raises(TypeError, match="categroy"):
        eventwire.Store(tmp_path / "x.duckdb").events(categroy="ASSAULT")


@pytest.fixture(scope="module")
def store(tmp_path_factory, shared_coders):
    store = eventwire.Store(tmp_path_factory.mktemp("api") / "events.duckdb")
    run = store.ingest([FIXTURES / "store" / "articles.jsonl"])
    assert run.report.documents == 5 and run.report.events > 0
    assert len(run.problems) == 1  # the fixture's bad line, named
    return store


def test_store_events_take_the_cli_filters_and_give_flat_rows(store):
    frame = store.events(category="ASSAULT")
    assert len(frame) > 0 and list(frame.columns) == list(FLAT_COLUMNS)
    assert set(frame["event"]) == {"ASSAULT"}
    table = store.events(as_arrow=True, input_id="wire-1")
    assert isinstance(table, pa.Table) and table.num_rows > 0
    assert set(table.column("input_id").to_pylist()) == {"wire-1"}
    assert len(store.events(limit=2)) == 2


def test_store_stories_and_a_second_ingest_adds_nothing(store):
    stories = store.stories(contested=True)
    assert len(stories) >= 1 and stories["contested"].all()
    assert store.stories(as_arrow=True).num_rows >= len(stories)
    again = store.ingest(FIXTURES / "store" / "articles.jsonl")
    assert again.report.documents == 0 and again.already_stored == 5
    with pytest.raises(TypeError, match="not both"):
        store.ingest([FIXTURES / "store" / "articles.jsonl", {"text": "Kenya shelled militants."}])


def readme_python_blocks() -> list[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```python\n(.*?)```", text, flags=re.DOTALL)


def test_the_readmes_python_example_runs(tmp_path, monkeypatch):
    blocks = readme_python_blocks()
    assert blocks, "the README shows the Python API"
    articles = tmp_path / "articles"
    articles.mkdir()
    article = {"id": "idlib-1", "title": "Jets strike Idlib", "date": "2020-03-02", "text": f"Jets strike Idlib\n\n{SENTENCE}"}
    (articles / "idlib.jsonl").write_text(json.dumps(article) + "\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for block in blocks:
        namespace: dict = {}
        exec(compile(block, "README.md", "exec"), namespace)
        assert namespace["records"][0].event == "ASSAULT"
        assert len(namespace["frame"]) >= 1 and set(namespace["frame"]["event"]) == {"ASSAULT"}
