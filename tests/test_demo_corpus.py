"""The embedded demo corpus (src/eventwire/demo/articles.jsonl) is well formed."""

from __future__ import annotations

import datetime
import json
from importlib.resources import files

import pytest

FIELDS = ("id", "title", "date", "source", "url", "text")


@pytest.fixture(scope="module")
def articles() -> list[dict]:
    resource = files("eventwire.demo") / "articles.jsonl"
    lines = resource.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def test_article_count(articles):
    assert 10 <= len(articles) <= 20


def test_ids_are_unique(articles):
    ids = [a["id"] for a in articles]
    assert len(ids) == len(set(ids))


def test_all_fields_present_and_non_empty(articles):
    assert articles
    for a in articles:
        for field in FIELDS:
            assert isinstance(a.get(field), str) and a[field].strip(), f"{a.get('id')}: {field}"


def test_dates_are_iso(articles):
    assert articles
    for a in articles:
        assert datetime.date.fromisoformat(a["date"]).isoformat() == a["date"], a["id"]


def test_text_does_not_start_with_title(articles):
    assert articles
    for a in articles:
        assert not a["text"].lstrip().lower().startswith(a["title"].strip().lower()), a["id"]


def test_urls_are_placeholders(articles):
    assert articles
    for a in articles:
        assert a["url"].startswith("https://example.org/"), a["id"]
