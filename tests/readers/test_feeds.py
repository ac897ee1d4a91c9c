import pytest

from eventwire.errors import InputError
from eventwire.readers import read_inputs
from eventwire.readers.feeds import looks_like_feed, parse_feed
from tests.conftest import FIXTURES

WEB = FIXTURES / "web"


def collect(*inputs):
    problems: list[InputError] = []
    return list(read_inputs([str(i) for i in inputs], problems.append)), problems


def test_rss_entries_become_documents_with_their_metadata():
    documents, problems = collect(WEB / "world.rss")
    kenya, chile = documents
    assert kenya.id == "wire-2024-0502-17"
    assert kenya.title == "Kenya urges Somalia to release journalists"
    assert kenya.date == "2024-05-02T09:30:00Z"
    assert kenya.author == "Ali Hassan"
    assert kenya.source == "Example Wire: World"
    assert kenya.url == "https://wire.example.org/world/kenya-somalia"
    assert kenya.text == (
        "Kenya urges Somalia to release journalists\n\n"
        "Kenya urged Somalia on Thursday to release two Kenyan journalists detained in Mogadishu.\n"
        "The foreign ministry said the reporters were accredited."
    )
    # Full content is preferred to the one-line description; the link is the id when there is no guid.
    assert chile.id == "https://wire.example.org/world/chile-peru"
    assert "International Court of Justice" in chile.text
    # An entry with nothing but a title is reported, naming the entry.
    (problem,) = problems
    assert "world.rss#3" in str(problem) and "photos" in str(problem)


def test_atom_entries_become_documents():
    (ghana,), problems = collect(WEB / "world.atom")
    assert problems == []
    assert ghana.id == "urn:example:wire:ghana-1"
    assert ghana.date == "2024-05-03T06:15:00Z"  # normalised to UTC
    assert ghana.author == "Kofi Mensah"
    assert ghana.text.endswith("Ghana recalled its ambassador from Burkina Faso on Friday after border clashes.")


def test_xml_that_is_not_a_feed_is_reported(tmp_path):
    (tmp_path / "config.xml").write_text("<?xml version='1.0'?><settings><a>1</a></settings>")
    (tmp_path / "garbage.rss").write_text("this is not xml at all <<<")
    documents, problems = collect(tmp_path / "config.xml", tmp_path / "garbage.rss", WEB / "world.atom")
    assert len(documents) == 1
    assert [p.path for p in problems] == [str(tmp_path / "config.xml"), str(tmp_path / "garbage.rss")]
    assert all("not an RSS or Atom feed" in str(p) or "no entries" in str(p) for p in problems)


def test_parse_feed_never_treats_content_as_a_url():
    with pytest.raises(InputError):
        parse_feed(b"https://example.org/feed.xml", "inline")
    assert looks_like_feed(b"<?xml version='1.0'?>\n<rss version='2.0'>")
    assert looks_like_feed(b"<feed xmlns='http://www.w3.org/2005/Atom'>")
    assert not looks_like_feed(b"<!DOCTYPE html><html>")
