"""flows.py: preparation, coding and storing, composed once for every command."""

import pytest

from eventwire.cleaning import Preparation, PreparationSummary
from eventwire.config import Config
from eventwire.errors import NotCodedError
from eventwire.flows import coded, store_new
from eventwire.records import Document
from eventwire.store import load_state, open_store

ARTICLE = ("Kenya accused Somalia of moving troops toward the border on Monday.\n"
           "Skip to navigation\n"
           "Officials in Somalia rejected the accusation.")
GERMAN = ("Die Bundesregierung hat am Dienstag beschlossen, die Sanktionen gegen Russland um weitere sechs Monate "
          "zu verlängern, teilte ein Sprecher in Berlin mit.")


@pytest.fixture(scope="module")
def preparation():
    return Preparation.load(clean=True)


def test_coding_prepares_documents_unless_told_to_take_them_as_given(load_coder, preparation):
    coder = load_coder(Config())
    documents = [Document(id="a", text=ARTICLE, date="2024-06-03"), Document(id="de", text=GERMAN, origin="de.txt")]
    problems, summary = [], PreparationSummary()
    (prepared,) = coded(coder, documents, preparation, problems.append, summary)
    assert "Skip to navigation" not in prepared.document.text and prepared.events
    assert [type(p) for p in problems] == [NotCodedError] and summary.documents == 2
    assert {e.coder for e in prepared.events} == {coder.fingerprint} and prepared.coder == coder.fingerprint
    as_given = list(coded(coder, documents, preparation=None))
    assert [item.document.text for item in as_given] == [ARTICLE, GERMAN]


def test_storing_codes_only_the_documents_the_store_lacks(tmp_path, load_coder, preparation):
    coder = load_coder(Config())
    connection = open_store(tmp_path / "store.duckdb")
    try:
        first = store_new(connection, load_state(connection), coder, [Document(id="a", text=ARTICLE)])
        seen = []
        again = store_new(connection, load_state(connection), coder,
                          [Document(id="copy", text=ARTICLE), Document(id="b", text=ARTICLE.replace("Monday", "Friday"))],
                          on_document=seen.append)
        stored = connection.execute("SELECT input_id, coder FROM documents ORDER BY input_id").fetchall()
    finally:
        connection.close()
    assert (first.documents, again.documents) == (1, 1) and seen == [1]  # the copy never reached the coder
    assert stored == [("a", coder.fingerprint), ("b", coder.fingerprint)]
