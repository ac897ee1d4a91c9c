"""Dates, background and story spans on the real news (GeoWebNews and LGL, ../shared/gold): issue 17's targets.

    .venv/bin/python bench/realnews_dates.py [--shared ../shared] [--db out/realnews.duckdb] [--no-model]

Ingests every article of both corpora (with its date when the corpus gives one: LGL does,
GeoWebNews does not) into a store, as `eventwire ingest` does, then counts over all records:
* records whose date text holds a day range ("24-25 April", "April 24-25") read as a year, or
  whose year is not written in their date text and lies more than a year from the document's;
* records dated more than 365 days before their document and not marked `background`;
* the largest story span (first to last report day) with background left out, as `eventwire stories` lists them.
It reads counts only, never an article's text or records one by one (held-out discipline).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DAY_RANGE = r"\d{1,2}\s*[-–]\s*\d{1,2}\s+[A-Z][a-z]+|[A-Z][a-z]+\.?\s+\d{1,2}\s*[-–]\s*\d{1,2}\b"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--db", type=Path, default=None, help="store to fill (default: a temporary one); reused if it exists")
    parser.add_argument("--no-model", action="store_true", help="the rules alone, without the learned event detector")
    arguments = parser.parse_args()

    from eventwire.analysis.realnews import read_articles
    from eventwire.config import Config
    from eventwire.pipeline import Coder, code_documents
    from eventwire.records import Document
    from eventwire.store import ingest_coded, load_state, open_store, unstored

    work = Path(tempfile.mkdtemp(prefix="eventwire-realnews-"))
    db = arguments.db or work / "realnews.duckdb"
    if not db.exists():
        articles = read_articles(arguments.shared / "gold")
        documents = [Document(id=key, text=row["text"], date=row.get("date")) for key, row in sorted(articles.items())]
        coder = Coder.load(Config(detector=not arguments.no_model))
        connection = open_store(db)
        state = load_state(connection)
        ingest_coded(connection, state, code_documents(coder, unstored(documents, state)), batch_size=16,
                     on_commit=lambda batch, report: print(f"{report.documents} documents stored", file=sys.stderr))
        connection.close()
    connection = open_store(db, read_only=True)
    print(json.dumps(figures(connection), indent=1))


def figures(connection) -> dict:
    from eventwire.store.query import EventFilter, find_stories

    count = lambda sql: connection.execute(sql).fetchone()[0]  # noqa: E731
    result = {
        "documents": count("SELECT count(*) FROM documents"),
        "documents with a date": count("SELECT count(*) FROM documents WHERE doc_date IS NOT NULL"),
        "records": count("SELECT count(*) FROM events"),
        "records with a date text": count("SELECT count(*) FROM events WHERE date_text IS NOT NULL"),
        "records with a day range in their date text": count(
            f"SELECT count(*) FROM events WHERE regexp_matches(date_text, '{DAY_RANGE}')"),
        "records with a day range read as a year": count(
            f"SELECT count(*) FROM events WHERE regexp_matches(date_text, '{DAY_RANGE}') AND "
            "(date_precision = 'year' OR NOT contains(date_text, left(date, 4)) AND "
            "abs(CAST(left(date, 4) AS INTEGER) - CAST(left(doc_date, 4) AS INTEGER)) > 1)"),
        "records whose year is not written and lies over a year from the document's": count(
            "SELECT count(*) FROM events WHERE date_text IS NOT NULL AND doc_date IS NOT NULL AND "
            "NOT contains(date_text, left(date, 4)) AND "
            "abs(CAST(left(date, 4) AS INTEGER) - CAST(left(doc_date, 4) AS INTEGER)) > 1"),
        "records more than 365 days before their document": count(
            "SELECT count(*) FROM events WHERE doc_date IS NOT NULL AND date IS NOT NULL AND "
            "CAST(rpad(date, 10, '-12-31') AS VARCHAR) < CAST(CAST(left(doc_date, 10) AS DATE) - INTERVAL 365 DAY AS VARCHAR)"),
        "records more than 365 days before their document, not background": count(
            "SELECT count(*) FROM events WHERE doc_date IS NOT NULL AND date IS NOT NULL AND NOT background AND "
            "CAST(rpad(date, 10, '-12-31') AS VARCHAR) < CAST(CAST(left(doc_date, 10) AS DATE) - INTERVAL 365 DAY AS VARCHAR)"),
        "background records": count("SELECT count(*) FROM events WHERE background"),
    }
    stories = find_stories(connection, EventFilter())
    spans = [(date.fromisoformat(s["date_last"][:10]) - date.fromisoformat(s["date_first"][:10])).days
             for s in stories if s["date_first"] and len(s["date_first"]) >= 10 and len(s["date_last"]) >= 10]
    result["stories, background excluded"] = len(stories)
    result["largest story span in days, background excluded"] = max(spans, default=None)
    result["stories spanning more than 14 days"] = sum(span > 14 for span in spans)
    result["largest story (reports)"] = max((s["reports"] for s in stories), default=None)
    return result


if __name__ == "__main__":
    main()
