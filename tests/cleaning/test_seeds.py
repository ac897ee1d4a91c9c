"""The five seed articles: boilerplate out, every gold event sentence kept verbatim.

The lines expected to go are the ones `../shared/gold/README.md` excludes
("related-article link titles (the last line of 002 and the list at the end
of 004), ads, navigation and tags"), plus the page furniture and the repeated
caption the seeds show.
"""

import json

import pytest

from eventwire.cleaning import clean_document
from eventwire.readers.files import raise_problem, read_txt

# What goes, by reason and in order. The seed text itself stays in ../shared: the test reads it
# there and checks each removed line against the original, never a copy kept here.
REMOVED = {
    "000_a5d2e388eaf85026.txt": ["inserted headline"],
    "001_835aa0684d1c4626.txt": ["repeated", "navigation"],
    "002_c38ca1512dffc0cc.txt": ["related headlines"],
    "003_8a6a4e491d6aa925.txt": [],
    "004_522cef186d245491.txt": ["date line", "navigation", "navigation", "tags", "tags"] + ["related headlines"] * 5
                                + ["tags", "navigation"],
}
#: The last line of 002 is a related-article title (gold README, "Excluded text").
LAST_LINE_REMOVED = ("002_c38ca1512dffc0cc.txt",)


@pytest.fixture(scope="module")
def seeds(shared_dir, cleaner):
    cleaned = {}
    for path in sorted((shared_dir / "corpus" / "seeds").glob("*.txt")):
        (document,) = read_txt(path, raise_problem)
        cleaned[path.name] = (document, *clean_document(document, cleaner))
    return cleaned


@pytest.fixture(scope="module")
def gold(shared_dir):
    with (shared_dir / "gold" / "seeds_events.jsonl").open(encoding="utf-8") as stream:
        return [json.loads(line) for line in stream if line.strip()]


def test_boilerplate_is_removed(seeds):
    assert set(seeds) == set(REMOVED)
    for name, expected in REMOVED.items():
        original, cleaned, report = seeds[name]
        assert [r.reason for r in report.removed] == expected, name
        original_lines = {line.strip() for line in original.text.splitlines()}
        for removal in report.removed:
            assert removal.text.strip() in original_lines, (name, removal.text[:40])
            # A repeated caption keeps its first copy; everything else is gone.
            assert cleaned.text.count(removal.text) == (1 if removal.reason == "repeated" else 0), (name, removal.reason)
    for name in LAST_LINE_REMOVED:
        original, _, report = seeds[name]
        last = [line for line in original.text.splitlines() if line.strip()][-1]
        assert report.removed[-1].text.strip() == last.strip()


def test_every_gold_sentence_survives_verbatim(seeds, gold):
    assert len(gold) == 92
    for row in gold:
        original, cleaned, _ = seeds[row["doc"]]
        assert row["sentence"] in original.text  # the gold's own promise
        assert row["sentence"] in cleaned.text, (row["doc"], row["sentence"][:80])


def test_the_content_is_kept(seeds):
    assert set(seeds) == set(REMOVED)
    for name, (original, cleaned, report) in seeds.items():
        removed = sum(len(r.text) for r in report.removed)
        # Only whole removed lines (and the blank lines between them) are missing.
        assert len(original.text) - len(cleaned.text) <= removed + 8 * len(report.removed), name
        kept_lines = [line for line in cleaned.text.split("\n") if line.strip()]
        assert all(line in original.text.split("\n") for line in kept_lines), name


def test_seed_004_gives_its_date_outlet_and_dateline(seeds):
    _, cleaned, _ = seeds["004_522cef186d245491.txt"]
    assert (cleaned.date, cleaned.source, cleaned.dateline) == ("2020-10-26", "Sputnik", "Washington")
    assert "WASHINGTON (Sputnik) –" in cleaned.text
