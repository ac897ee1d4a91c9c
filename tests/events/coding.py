"""Helpers for the event tests: code an inline sentence with actors given by hand, so that the
tests check the syntax rules, not the actor lexicon."""

from __future__ import annotations

from eventwire.events.coder import code_document
from eventwire.records import Actor, Document, Place

COUNTRIES = {
    "United States": "USA", "US": "USA", "Russia": "RUS", "Moscow": "RUS", "Washington": "USA",
    "France": "FRA", "Iran": "IRN", "Pakistan": "PAK", "India": "IND", "Kenya": "KEN",
    "Somalia": "SOM", "Egypt": "EGY", "Ethiopia": "ETH", "China": "CHN", "Cyprus": "CYP",
    "Turkey": "TUR", "Syria": "SYR", "the ministry": "RUS", "Islamic State": None,
    "Chinese advisers": "CHN", "Russian counterparts": "RUS", "Kerry": "USA", "Lavrov": "RUS",
    "Assad": "SYR", "Serbia": "SRB", "Albania": "ALB",
}


def actors_in(text: str) -> list[Actor]:
    found = []
    for name, country in sorted(COUNTRIES.items(), key=lambda kv: -len(kv[0])):
        start = text.find(name)
        while start >= 0:
            end = start + len(name)
            before_ok = start == 0 or not text[start - 1].isalnum()
            after_ok = end == len(text) or not text[end].isalnum()
            if before_ok and after_ok and not any(a.start < end and start < a.end for a in found):
                found.append(Actor(name, start, end, name, country, None, "state" if country else "armed_group"))
            start = text.find(name, end)
    return sorted(found, key=lambda a: a.start)


def code(nlp, lexicon, text, places=(), dates=()):
    doc = nlp(text)
    return code_document(doc, Document(id="t", text=text), "2015-12-09", lexicon, actors_in(text), list(places), list(dates))


def only(events, category):
    matching = [e for e in events if e.event == category]
    assert matching, f"no {category} in {[(e.event, e.trigger) for e in events]}"
    return matching[0]


def names(actors):
    return [a.name for a in actors]


def place_in(text: str, name: str, country: str, feature: str = "PPL") -> Place:
    """A resolved place at the first occurrence of `name` (coordinates do not matter to the coder)."""
    start = text.index(name)
    return Place(name, start, start + len(name), name, "1", 0.0, 0.0, country, feature)
