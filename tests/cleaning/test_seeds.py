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

REMOVED = {
    "000_a5d2e388eaf85026.txt": [("inserted headline", "The Third Jihad: Radical Islam's Vision for America")],
    "001_835aa0684d1c4626.txt": [
        ("repeated", "Russian SU-24M jet fighter takes off from an airbase Hmeimim in Syria. A spokeswoman for the "
                     "Russian foreign ministry has rejected claims that Russia in its airstrikes in Syria is targeting "
                     "civilians or opposition forces. (Russian Defense Ministry Press Service via AP)"),
        ("navigation", "Search in Site"),
    ],
    "002_c38ca1512dffc0cc.txt": [("related headlines", "Saudi Clerics Call to Support 'Jihad' Against Assad, Iran and Russia")],
    "003_8a6a4e491d6aa925.txt": [],
    "004_522cef186d245491.txt": [
        ("date line", "22:08 GMT26 October 2020"),
        ("navigation", "Listen Live"),
        ("navigation", "Get short URL"),
        ("tags", "Russia Versus ISIL in Syria (618)"),
        ("tags", "Russia Versus ISIL in Syria (618)"),
        ("related headlines", "Russia, Israel to Discuss Coordination in Syria on Tuesday"),
        ("related headlines", "Foreign Media Manipulate Facts of Russia’s Actions in Syria"),
        ("related headlines", "US Unable to Create Buffer Zone in Syria"),
        ("related headlines", "What is Russia's Most 'Selfish' Reason for Engaging in Syria?"),
        ("related headlines", "Former DIA Chief: US Weapon Delivery to Opposition to Escalate Syria Crisis"),
        ("tags", "Russian Ministry of Defense, US Army Defense Department, Bashar al-Assad, Syria, US, Russia"),
        ("navigation", "Community standardsDiscussion"),
    ],
}


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
        _, cleaned, report = seeds[name]
        assert [(r.reason, r.text) for r in report.removed] == expected, name
        for reason, line in expected:
            # A repeated caption keeps its first copy; everything else is gone.
            assert cleaned.text.count(line) == (1 if reason == "repeated" else 0), (name, line)


def test_every_gold_sentence_survives_verbatim(seeds, gold):
    assert len(gold) == 92
    for row in gold:
        original, cleaned, _ = seeds[row["doc"]]
        assert row["sentence"] in original.text  # the gold's own promise
        assert row["sentence"] in cleaned.text, (row["doc"], row["sentence"][:80])


def test_the_content_is_kept(seeds):
    for name, (original, cleaned, report) in seeds.items():
        removed = sum(len(r.text) for r in report.removed)
        # Only whole removed lines (and the blank lines between them) are missing.
        assert len(original.text) - len(cleaned.text) <= removed + 8 * len(report.removed), name
        kept_lines = [line for line in cleaned.text.split("\n") if line.strip()]
        assert all(line in original.text.split("\n") for line in kept_lines), name


def test_seed_004_gives_its_date_outlet_and_dateline(seeds):
    _, cleaned, _ = seeds["004_522cef186d245491.txt"]
    assert (cleaned.date, cleaned.source, cleaned.dateline) == ("2020-10-26", "Sputnik", "Washington")
    assert "WASHINGTON (Sputnik) – The United States will not coordinate" in cleaned.text
