"""Kill a real `eventwire ingest` after it has committed some batches, run it again: every document once."""

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import duckdb
from typer.testing import CliRunner

from eventwire.cli import app
from eventwire.store import document_key

EVENTWIRE = Path(sys.executable).parent / "eventwire"
COUNTRIES = ["Kenya", "Ethiopia", "Uganda", "Tanzania", "Rwanda", "Burundi", "Sudan", "Egypt", "Chad", "Niger"]


def write_corpus(path: Path, count: int) -> list[str]:
    """Distinct short articles (text written for this test); returns their texts."""
    texts = []
    with path.open("w", encoding="utf-8") as stream:
        for number in range(count):
            one, two = COUNTRIES[number % 10], COUNTRIES[(number // 10 + number + 1) % 10]
            text = (f"{one} accused {two} of moving {number + 3} armoured units toward the border on day {number}. "
                    f"Officials in {two} rejected the accusation and invited observers to visit site {number * 7}.")
            texts.append(text)
            stream.write(json.dumps({"id": f"doc-{number}", "text": text, "date": "2024-06-01"}) + "\n")
    return texts


def ingest(corpus: Path, db: Path, kill_after_batches: int | None = None) -> int:
    command = [str(EVENTWIRE), "ingest", str(corpus), "--db", str(db), "--batch-size", "3", "-v"]
    process = subprocess.Popen(command, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    committed = 0
    for line in process.stderr:
        if line.startswith("committed batch"):
            committed += 1
            if committed == kill_after_batches:
                os.kill(process.pid, signal.SIGKILL)
                break
    process.stderr.close()
    process.wait(timeout=120)
    return process.returncode


def stored(db: Path):
    connection = duckdb.connect(str(db), read_only=True)
    try:
        documents = connection.execute("SELECT id FROM documents").fetchall()
        events = connection.execute("SELECT id, story_id FROM events ORDER BY id").fetchall()
        sentences = connection.execute("SELECT count(*), count(DISTINCT id) FROM sentences").fetchall()[0]
        return [d[0] for d in documents], events, sentences
    finally:
        connection.close()


def test_a_killed_ingest_resumes_with_every_document_stored_once(tmp_path, gazetteer):
    corpus = tmp_path / "corpus.jsonl"
    texts = write_corpus(corpus, 90)
    killed = tmp_path / "killed.duckdb"
    assert ingest(corpus, killed, kill_after_batches=4) == -signal.SIGKILL
    partial, _, _ = stored(killed)
    assert 12 <= len(partial) < len(texts)  # four batches of three at least, not all

    # Run again, in this process (the session's coder): resuming is read from the store the killed process
    # left, whichever process opens it next.
    resumed = CliRunner().invoke(app, ["ingest", str(corpus), "--db", str(killed), "--batch-size", "3"])
    assert resumed.exit_code == 0, resumed.output
    documents, events, (sentences, distinct_sentences) = stored(killed)
    assert sorted(documents) == sorted({document_key(text) for text in texts})
    assert sentences == distinct_sentences

    # The same corpus ingested without a kill: the same events.
    clean = tmp_path / "clean.duckdb"
    result = CliRunner().invoke(app, ["ingest", str(corpus), "--db", str(clean), "--batch-size", "3"])
    assert result.exit_code == 0, result.output
    assert [event_id for event_id, _ in stored(clean)[1]] == [event_id for event_id, _ in events]
