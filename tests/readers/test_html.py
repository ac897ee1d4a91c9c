from eventwire.errors import InputError
from eventwire.readers import read_inputs
from eventwire.readers.html import compose_text, extract_page, html_fragment_text
from tests.conftest import FIXTURES

WEB = FIXTURES / "web"


def collect(*inputs):
    problems: list[InputError] = []
    return list(read_inputs([str(i) for i in inputs], problems.append)), problems


def test_article_page_gives_main_text_and_metadata():
    (document,), problems = collect(WEB / "article.html")
    assert problems == []
    assert document.id == "article.html"
    assert document.title == "Turkey and Russia agree ceasefire in Idlib"
    assert document.date == "2020-03-05"
    assert document.author == "Jane Roe"
    assert document.source == "Example Wire"
    assert document.url == "https://wire.example.org/world/idlib-ceasefire"
    # The headline opens the text, a blank line after it, as in .txt files.
    assert document.text.startswith("Turkey and Russia agree ceasefire in Idlib\n\nMOSCOW (Example Wire)")
    assert "nearly a million people have fled" in document.text
    # Menus, related links, footer and scripts are not article text.
    for furniture in ("Privacy policy", "All rights reserved", "Saraqeb", "tracking", "Politics"):
        assert furniture not in document.text


def test_broken_html_still_gives_its_text():
    (document,), problems = collect(WEB / "broken.html")
    assert problems == []
    assert document.title == "Clashes in Tripoli"
    assert "clashed with fighters of Khalifa Haftar" in document.text
    assert "stop sending weapons to Libya." in document.text


def test_pages_without_text_binary_and_empty_files_are_reported(tmp_path):
    (tmp_path / "menu.html").write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>")
    (tmp_path / "image.html").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (tmp_path / "empty.htm").write_bytes(b"")
    (tmp_path / "good.html").write_text("<html><body><p>" + "Chad closed its border with Sudan on Monday. " * 5 + "</p></body></html>")
    documents, problems = collect(tmp_path)
    assert [d.id for d in documents] == ["good.html"]
    messages = sorted(str(p) for p in problems)
    assert any("empty.htm" in m and "empty" in m for m in messages)
    assert any("image.html" in m and "PNG" in m for m in messages)
    assert any("menu.html" in m and "no article text" in m for m in messages)


def test_invalid_utf8_in_a_page_does_not_lose_the_page(tmp_path):
    text = "Mali expelled the French ambassador on Monday, the government said in a statement on state television."
    markup = f"<html><head><meta charset='utf-8'></head><body><p>{text}</p><p>caf\xe9</p></body></html>"
    (tmp_path / "latin.html").write_bytes(markup.encode("latin-1"))
    (document,), problems = collect(tmp_path / "latin.html")
    assert problems == []
    assert text in document.text


def test_extract_page_cascade_falls_back_to_visible_text():
    # Too little for trafilatura's extractor, enough for the fallbacks.
    markup = "<html><body><div>" + "Niger suspended its military cooperation with the United States. " * 2 + "</div></body></html>"
    page = extract_page(markup)
    assert page is not None and "Niger suspended its military cooperation" in page.text
    assert extract_page("") is None
    assert extract_page("<html><body></body></html>") is None


def test_fragment_text_and_title_composition():
    assert html_fragment_text("<p>One.</p><p>Two &amp; three.</p><script>x()</script>") == "One.\nTwo & three."
    assert html_fragment_text("plain  text") == "plain text"
    assert compose_text("Title", "Body.") == "Title\n\nBody."
    assert compose_text("Title", "Title\nBody.") == "Title\n\nBody."
    assert compose_text(None, "Body.") == "Body."
