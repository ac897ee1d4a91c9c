import dataclasses

from eventwire.cleaning import clean_document, clean_text
from eventwire.records import Document
from tests.conftest import FIXTURES

SCRAPED = """Russia and Turkey agree ceasefire in Idlib

22:08 GMT05 March 2020
Listen Live
Get short URL

MOSCOW (Example Wire) – Turkey and Russia agreed on Thursday to a ceasefire in Syria's Idlib province, the two presidents said after talks.

A Turkish soldier patrols near Idlib. (Photo: Example Wire)

A Turkish soldier patrols near Idlib. (Photo: Example Wire)

The Silent Harbour: Memoirs of a Lighthouse Keeper

Joint patrols by Turkish and Russian troops will begin along the M4 highway on March 15, the agreement says.

Turkish and Russian Patrols

The deal does not say who will control the highway, and rebels said they would fight on.

Syria, Turkey, Russia, Idlib, Recep Tayyip Erdogan
EU Ministers Meet Over Migrant Surge
Syrian Army Retakes Saraqeb Town
Share | Tweet | Email
"""


def test_scraped_boilerplate_goes_and_the_article_stays(cleaner):
    cleaned = clean_text(SCRAPED, cleaner)
    assert cleaned.text == """Russia and Turkey agree ceasefire in Idlib

MOSCOW (Example Wire) – Turkey and Russia agreed on Thursday to a ceasefire in Syria's Idlib province, the two presidents said after talks.

A Turkish soldier patrols near Idlib. (Photo: Example Wire)

Joint patrols by Turkish and Russian troops will begin along the M4 highway on March 15, the agreement says.

Turkish and Russian Patrols

The deal does not say who will control the highway, and rebels said they would fight on.
"""
    assert [(r.reason, r.text) for r in cleaned.removed] == [
        ("date line", "22:08 GMT05 March 2020"),
        ("navigation", "Listen Live"),
        ("navigation", "Get short URL"),
        ("repeated", "A Turkish soldier patrols near Idlib. (Photo: Example Wire)"),
        ("inserted headline", "The Silent Harbour: Memoirs of a Lighthouse Keeper"),
        ("tags", "Syria, Turkey, Russia, Idlib, Recep Tayyip Erdogan"),
        ("related headlines", "EU Ministers Meet Over Migrant Surge"),
        ("related headlines", "Syrian Army Retakes Saraqeb Town"),
        ("navigation", "Share | Tweet | Email"),
    ]
    # The text gave away its date, place and outlet; the dateline itself stays in the first sentence.
    assert (cleaned.date, cleaned.dateline, cleaned.outlet) == ("2020-03-05", "Moscow", "Example Wire")


def test_every_kept_line_is_verbatim_and_cleaning_twice_changes_nothing(cleaner):
    cleaned = clean_text(SCRAPED, cleaner)
    original_lines = set(SCRAPED.split("\n"))
    assert all(line in original_lines for line in cleaned.text.split("\n"))
    again = clean_text(cleaned.text, cleaner)
    assert again.text == cleaned.text and again.removed == ()


def test_clean_text_is_left_exactly_as_it_was(cleaner):
    text = (FIXTURES / "docs" / "strike.txt").read_text(encoding="utf-8")
    cleaned = clean_text(text, cleaner)
    assert cleaned.text == text and cleaned.removed == () and not cleaned.encoding_fixed


def test_mojibake_is_repaired_and_quotes_are_not_touched(cleaner):
    cleaned = clean_text("Russiaâ€™s envoy said â€œnoâ€\x9d.\nThe envoy’s “no” stands\u00a0firm.", cleaner)
    assert cleaned.text == "Russia’s envoy said “no”.\nThe envoy’s “no” stands\u00a0firm."
    assert cleaned.encoding_fixed


def test_a_lone_headline_or_list_is_not_stripped_away(cleaner):
    for text in ("Russia Strikes Back", "Syria Talks Resume\n\nEU Ministers Meet Over Migrant Surge"):
        assert clean_text(text, cleaner).text == text


def test_a_sentence_cut_off_at_the_end_is_kept(cleaner):
    text = "Kenya urged Somalia to release the journalists, the ministry said.\n\nKabila has long opposed a"
    assert clean_text(text, cleaner).text == text


def test_clean_document_fills_missing_metadata_only(cleaner):
    document = Document(id="a", text=SCRAPED, title="Russia and Turkey agree ceasefire in Idlib")
    cleaned, report = clean_document(document, cleaner)
    assert cleaned.date == "2020-03-05" and cleaned.source == "Example Wire" and cleaned.dateline == "Moscow"
    assert cleaned.removed == report.removed and len(cleaned.removed) == 9
    assert cleaned.title == document.title
    given = dataclasses.replace(document, date="2020-03-06", source="Wire Copy")
    cleaned, _ = clean_document(given, cleaner)
    assert (cleaned.date, cleaned.source) == ("2020-03-06", "Wire Copy")


def test_a_title_line_that_was_furniture_is_dropped(cleaner):
    document = Document(id="a", text="Listen Live\n\nKenya urged Somalia to release the journalists.\n", title="Listen Live")
    cleaned, _ = clean_document(document, cleaner)
    assert cleaned.title is None and cleaned.text == "Kenya urged Somalia to release the journalists.\n"
