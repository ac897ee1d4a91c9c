import json

from typer.testing import CliRunner

from eventwire.cli import app
from eventwire.records import SCHEMA_VERSION
from tests.conftest import FIXTURES

runner = CliRunner(env={"COLUMNS": "200"})
EVENT_FIELDS = {
    "id", "doc_id", "doc_date", "source", "sentence", "sent_start", "trigger", "trigger_start", "event",
    "mode", "context", "quad", "intensity", "actor", "recipient", "negated", "modality", "attributed_to",
    "location", "date", "date_text", "confidence",
}
ACTOR_FIELDS = {"text", "start", "end", "name", "country", "sector", "type"}


def read_records(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_code_writes_schema_v1_records_and_a_summary(tmp_path):
    assert SCHEMA_VERSION == 1
    out = tmp_path / "events.jsonl"
    result = runner.invoke(app, ["code", str(FIXTURES / "docs"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "3 documents" in result.output and "events in" in result.output
    assert "talks.jsonl:2" in result.output  # the bad line is reported, the rest coded
    records = read_records(out)
    assert records
    texts = {
        "strike.txt": (FIXTURES / "docs" / "strike.txt").read_text(encoding="utf-8"),
    }
    for record in records:
        assert EVENT_FIELDS <= set(record)
        for actor in record["actor"] + record["recipient"]:
            assert ACTOR_FIELDS <= set(actor)
        if record["doc_id"] in texts:
            text = texts[record["doc_id"]]
            assert text[record["sent_start"] :].startswith(record["sentence"])
            assert text[record["trigger_start"] :].startswith(record["trigger"])
    bombing = next(r for r in records if r["doc_id"] == "strike.txt" and r["trigger"] == "bombed")
    assert bombing["actor"][0]["country"] == "SYR"
    assert bombing["location"]["country"] == "SYR"


def test_code_reads_stdin_and_writes_stdout():
    line = json.dumps({"id": "s1", "text": "Kenya urged Somalia to release the detained journalists.", "date": "2024-05-02"})
    result = runner.invoke(app, ["code", "-", "-o", "-"], input=line + "\n")
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    request = next(r for r in records if r["event"] == "REQUEST")
    assert request["actor"][0]["country"] == "KEN" and request["recipient"][0]["country"] == "SOM"
    assert request["doc_date"] == "2024-05-02"


def test_same_input_same_ids(tmp_path):
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    for out in (first, second):
        assert runner.invoke(app, ["code", str(FIXTURES / "docs" / "strike.txt"), "-o", str(out)]).exit_code == 0
    assert [r["id"] for r in read_records(first)] == [r["id"] for r in read_records(second)]


def test_missing_input_is_reported_and_output_still_written(tmp_path):
    out = tmp_path / "events.jsonl"
    result = runner.invoke(app, ["code", str(tmp_path / "missing.txt"), "-o", str(out)])
    assert result.exit_code == 0
    assert "missing.txt" in result.output and "no such file" in result.output
    assert out.exists() and out.read_text() == ""


def test_demo_prints_a_table_and_writes_records(tmp_path):
    out = tmp_path / "demo.jsonl"
    result = runner.invoke(app, ["demo", "-o", str(out)])
    assert result.exit_code == 0, result.output
    records = read_records(out)
    categories = {r["event"] for r in records}
    assert len(categories) >= 10, categories
    assert "actor" in result.output and "recipient" in result.output and "modality" in result.output


def test_explain_shows_rule_and_roles():
    result = runner.invoke(app, ["explain", "France refused to share intelligence with Russia."])
    assert result.exit_code == 0, result.output
    assert "REJECT" in result.output and "triggers.tsv" in result.output and "refused" in result.output


def test_geoparse_writes_one_object_per_document(tmp_path):
    out = tmp_path / "places.jsonl"
    result = runner.invoke(app, ["geoparse", str(FIXTURES / "docs" / "strike.txt"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    (record,) = read_records(out)
    assert record["id"] == "strike.txt"
    assert any(p["name"] == "Aleppo" and p["country"] == "SYR" for p in record["places"])


def test_geoparse_min_score_drops_unsure_places(tmp_path):
    every, sure = tmp_path / "every.jsonl", tmp_path / "sure.jsonl"
    source = str(FIXTURES / "docs" / "strike.txt")
    assert runner.invoke(app, ["geoparse", source, "-o", str(every)]).exit_code == 0
    (record,) = read_records(every)
    scores = [p["score"] for p in record["places"]]
    assert scores and all(0.0 <= score <= 1.0 for score in scores)
    cut = sorted(scores)[len(scores) // 2]
    assert runner.invoke(app, ["geoparse", source, "--min-score", str(cut), "-o", str(sure)]).exit_code == 0
    (kept,) = read_records(sure)
    assert [p["score"] for p in kept["places"]] == [score for score in scores if score >= cut]


def test_eval_on_a_small_plover_gold_file(tmp_path):
    gold = tmp_path / "gold.jsonl"
    rows = [
        {"id": "1", "text": "Pakistan accused India of shelling villages in Kashmir.", "event": "ACCUSE",
         "actor": [{"text": "Pakistan", "code": "PAK"}], "recipient": [{"text": "India", "code": "IND"}]},
        {"id": "2", "text": "The weather was mild on Sunday.", "event": "AID", "actor": [], "recipient": []},
    ]
    gold.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    result = runner.invoke(app, ["eval", "--gold", str(gold), "--json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    assert figures["sentences"] == 2
    assert figures["top_category_accuracy"] == 0.5
    assert figures["actor_country_accuracy"] == 1.0


def test_eval_rejects_an_unknown_format(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text('{"foo": 1}\n')
    result = runner.invoke(app, ["eval", "--gold", str(gold)])
    assert result.exit_code == 1
    assert "gold.jsonl" in result.output


def test_actors_prints_each_mention_with_why():
    text = "The Russian Foreign Ministry condemned the strike. The ministry said it would respond."
    result = runner.invoke(app, ["actors", text, "--json"])
    assert result.exit_code == 0, result.output
    (record,) = [json.loads(line) for line in result.stdout.splitlines()]
    by_text = {a["text"]: a for a in record["actors"]}
    assert by_text["Russian Foreign Ministry"]["country"] == "RUS"
    assert "sectors.tsv" in by_text["Russian Foreign Ministry"]["why"]
    assert by_text["ministry"]["country"] == "RUS" and "refers back" in by_text["ministry"]["why"]
    assert set(by_text["it"]) >= ACTOR_FIELDS | {"why"}


def test_actors_reads_files_and_prints_a_table():
    result = runner.invoke(app, ["actors", str(FIXTURES / "docs" / "strike.txt")])
    assert result.exit_code == 0, result.output
    assert "Actors in strike.txt" in result.output and "why" in result.output


SCRAPED = """Kenya urges Somalia to release journalists

Listen Live
Get short URL

NAIROBI (Test Wire) – Kenya urged Somalia on Thursday to release two Kenyan journalists detained in Mogadishu.

Gulf Investors Pledge 'Billions' for Port Projects in Oman and Bahrain
"""
GERMAN = ("Die Bundesregierung hat am Dienstag beschlossen, die Sanktionen gegen Russland um weitere sechs Monate "
          "zu verlängern, teilte ein Sprecher in Berlin mit.")


def test_code_reads_pages_feeds_and_tables_and_offsets_index_the_written_documents(tmp_path):
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    (inputs / "scraped.txt").write_text(SCRAPED, encoding="utf-8")
    (inputs / "german.txt").write_text(GERMAN, encoding="utf-8")
    for name in ("article.html", "world.rss", "export.csv"):
        (inputs / name).write_bytes((FIXTURES / "web" / name).read_bytes())
    out, documents_out = tmp_path / "events.jsonl", tmp_path / "documents.jsonl"
    result = runner.invoke(app, ["code", str(inputs), "-o", str(out), "--documents", str(documents_out)])
    assert result.exit_code == 0, result.output
    documents = {d["id"]: d for d in read_records(documents_out)}
    assert set(documents) == {"article.html", "a-1", "a-3", "scraped.txt", "wire-2024-0502-17",
                              "https://wire.example.org/world/chile-peru"}
    scraped = documents["scraped.txt"]
    assert "Listen Live" not in scraped["text"] and "Saudi Clerics" not in scraped["text"]
    assert [r["reason"] for r in scraped["removed"]] == ["navigation", "navigation", "related headlines"]
    assert scraped["source"] == "Test Wire" and scraped["dateline"] == "Nairobi"
    records = read_records(out)
    assert {r["doc_id"] for r in records} >= {"article.html", "scraped.txt", "wire-2024-0502-17"}
    for record in records:
        text = documents[record["doc_id"]]["text"]
        assert text[record["sent_start"]:].startswith(record["sentence"])
        assert text[record["trigger_start"]:].startswith(record["trigger"])
        for actor in record["actor"] + record["recipient"]:
            assert text[actor["start"]:actor["end"]] == actor["text"]
    assert not any("Saudi Clerics" in r["sentence"] for r in records)
    # Problems name file and line; the German article is skipped with its language; the summary counts both.
    assert "export.csv:3" in result.output and "export.csv:6" in result.output
    assert "german.txt: written in German" in result.output
    assert "6 documents" in result.output and "3 input problems skipped" in result.output
    assert "cleaning removed" in result.output and "1 document not in English skipped (de 1)" in result.output


def test_code_no_clean_codes_the_text_as_read(tmp_path):
    (tmp_path / "scraped.txt").write_text(SCRAPED, encoding="utf-8")
    documents_out = tmp_path / "documents.jsonl"
    result = runner.invoke(app, ["code", str(tmp_path / "scraped.txt"), "-o", str(tmp_path / "e.jsonl"),
                                 "--no-clean", "--documents", str(documents_out)])
    assert result.exit_code == 0, result.output
    (document,) = read_records(documents_out)
    assert document["text"] == SCRAPED and document["removed"] == []
    assert "cleaning removed" not in result.output


def test_read_writes_cleaned_documents_and_text_column_picks_the_column(tmp_path):
    table = tmp_path / "scrape.csv"
    table.write_text("id,summary,story\n1,short,\"" + SCRAPED.replace('"', '""') + "\"\n", encoding="utf-8")
    out = tmp_path / "docs.jsonl"
    result = runner.invoke(app, ["read", str(table), "--text-column", "story", "-o", str(out)])
    assert result.exit_code == 0, result.output
    (document,) = read_records(out)
    assert document["id"] == "1" and document["text"].startswith("Kenya urges Somalia")
    assert "Listen Live" not in document["text"]
    assert "1 document\n" in result.output and "cleaning removed 3 lines" in result.output


def test_fetch_writes_documents_that_code_reads(tmp_path):
    from tests.local_server import local_site

    out = tmp_path / "fetched.jsonl"
    with local_site() as site:
        result = runner.invoke(app, ["fetch", f"{site.base}/feed.xml", f"{site.base}/missing", "-o", str(out),
                                     "--timeout", "2", "--retries", "0", "--delay", "0"])
    assert result.exit_code == 0, result.output
    documents = read_records(out)
    assert [d["id"] for d in documents] == ["kenya-1", "chile-1", "secret-1"]
    assert "/missing: server answered 404" in result.output and "feed.xml#4" in result.output
    assert "3 documents fetched, 2 input problems skipped" in result.output
    events = tmp_path / "events.jsonl"
    result = runner.invoke(app, ["code", str(out), "-o", str(events)])
    assert result.exit_code == 0, result.output
    assert any(r["doc_id"] == "kenya-1" and r["event"] == "REQUEST" for r in read_records(events))


def test_problem_messages_are_plain_text_with_control_characters_escaped(tmp_path):
    # Rich markup in a folder name, a file name, a JSON id and a zip member; an escape character.
    folder = tmp_path / "[bold]news[red]"
    folder.mkdir()
    good = json.dumps({"id": "ok", "text": "France signed an agreement with Germany in Paris on Monday."})
    (folder / "[i]x.jsonl").write_text(json.dumps({"id": "[/x]", "text": " "}) + "\n" + good + "\n")
    (folder / "esc.jsonl").write_text('{"id": "\\u001b[31mred", "text": " "}\n')
    import zipfile

    with zipfile.ZipFile(folder / "a.zip", "w") as archive:
        archive.writestr("bad.jsonl", "not json\n")
    out = tmp_path / "docs.jsonl"
    result = runner.invoke(app, ["read", str(folder), "--no-clean", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert [d["id"] for d in read_records(out)] == ["ok"]
    assert f"skipped: {folder}/[i]x.jsonl:1: document '[/x]' has no text" in result.output
    assert f"skipped: {folder}/a.zip[bad.jsonl]:1: not valid JSON" in result.output
    assert "document '\\x1b[31mred' has no text" in result.output and "\x1b" not in result.output
    assert "1 document, 3 input problems skipped" in result.output


def test_watch_survives_a_feed_link_full_of_markup(tmp_path):
    from tests.local_server import local_site

    with local_site() as site:
        result = runner.invoke(app, ["watch", f"{site.base}/markup-feed.xml", "--db", str(tmp_path / "w.duckdb"),
                                     "--once", "--delay", "0", "--timeout", "2", "--retries", "0", "--deadline", "5"])
    assert result.exit_code == 0, result.output
    assert "/missing?q=[/x][bold]\\x1b[31m: no page and no text in the feed" in result.output
    assert "1 new entries" in result.output or "2 new entries" in result.output
    assert "1 document and" in result.output


def test_fetch_refuses_redirects_to_internal_hosts_unless_allowed(tmp_path):
    from tests.local_server import local_site

    out = tmp_path / "fetched.jsonl"
    quick = ["--timeout", "2", "--retries", "0", "--delay", "0", "--deadline", "5"]
    with local_site() as site:
        refused = runner.invoke(app, ["fetch", f"{site.base}/to-localhost", "-o", str(out), *quick])
        allowed = runner.invoke(app, ["fetch", f"{site.base}/to-localhost", "-o", str(out), "--allow-private", *quick])
    assert refused.exit_code == 0 and "a loopback address" in refused.output and "--allow-private" in refused.output
    assert "0 documents fetched, 1 input problem skipped" in refused.output
    assert allowed.exit_code == 0 and "1 document fetched" in allowed.output


def test_ingest_keeps_every_good_document_around_a_line_that_breaks_the_json_reader(tmp_path):
    lines = [json.dumps({"id": f"d{n}", "text": f"Kenya signed accord number {n} with Somalia in Nairobi on Friday."})
             for n in range(12)]
    lines.insert(6, "[" * 100_000 + "]" * 100_000)
    (tmp_path / "a.jsonl").write_text("\n".join(lines) + "\n")
    (tmp_path / "b.jsonl").write_text(json.dumps({"id": "after", "text": "Chile signed an accord with Peru in Lima."}) + "\n")
    db = tmp_path / "store.duckdb"
    result = runner.invoke(app, ["ingest", str(tmp_path / "a.jsonl"), str(tmp_path / "b.jsonl"), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "13 new documents" in result.output and "a.jsonl:7: not readable JSON (nested too deeply)" in result.output
