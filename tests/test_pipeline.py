"""End to end: the five seed articles in ../shared/corpus/seeds."""

import pytest

from eventwire.pipeline import code_documents
from eventwire.readers import read_inputs
from eventwire.records import ACTOR_TYPES, MODALITIES, PLOVER_CATEGORIES, QUADS


@pytest.fixture(scope="module")
def coder(load_coder):
    return load_coder()


@pytest.fixture(scope="module")
def seeds(shared_dir, coder):
    documents = list(read_inputs([str(shared_dir / "corpus" / "seeds")]))
    assert len(documents) == 5
    return {coded.document.id: coded for coded in code_documents(coder, documents)}


def events_of(seeds, prefix):
    (coded,) = [c for name, c in seeds.items() if name.startswith(prefix)]
    return coded.events


def countries(actors):
    return {a.country for a in actors}


def test_every_record_points_at_its_evidence(seeds):
    assert sum(len(coded.events) for coded in seeds.values()) > 50
    assert any(event.location is not None for coded in seeds.values() for event in coded.events)
    for coded in seeds.values():
        text = coded.document.text
        for event in coded.events:
            assert text[event.sent_start : event.sent_start + len(event.sentence)] == event.sentence
            assert text[event.trigger_start : event.trigger_start + len(event.trigger)] == event.trigger
            for actor in (*event.actor, *event.recipient):
                assert text[actor.start : actor.end] == actor.text
            if event.location is not None:
                assert text[event.location.start : event.location.end] == event.location.text


def test_sputnik_article_has_a_us_refusal_towards_russia(seeds):
    refusals = [e for e in events_of(seeds, "004") if e.event == "REJECT"]
    assert any("USA" in countries(e.actor) and "RUS" in countries(e.recipient) for e in refusals)
    refusal = next(e for e in refusals if "USA" in countries(e.actor))
    assert refusal.modality == "reported" and refusal.attributed_to is not None
    assert refusal.negated is False


def test_sputnik_article_has_the_negated_coordination(seeds):
    assert any(e.event == "COOPERATE" and e.negated and "USA" in countries(e.actor) for e in events_of(seeds, "004"))


def test_airstrikes_are_located_in_syria(seeds):
    strikes = [e for c in seeds.values() for e in c.events if e.event == "ASSAULT" and "strike" in e.trigger.lower()]
    located = [e for e in strikes if e.location is not None]
    assert located
    assert sum(e.location.country == "SYR" for e in located) / len(located) >= 0.8


def test_moscow_saying_it_targets_isis_is_a_claim(seeds):
    claims = [e for e in events_of(seeds, "001") if e.event == "ASSAULT" and e.modality == "claimed"]
    assert any("RUS" in countries(e.actor) for e in claims)


def test_rejected_claims_are_denials(seeds):
    denied = [e for e in events_of(seeds, "001") if e.modality == "denied"]
    assert any(e.event == "ASSAULT" and "RUS" in countries(e.actor) for e in denied)


def test_washington_suspects_moscow(seeds):
    accusations = [e for e in events_of(seeds, "004") if e.event == "ACCUSE"]
    assert any("USA" in countries(e.actor) and "RUS" in countries(e.recipient) for e in accusations)


def test_every_record_stays_inside_the_schema_vocabularies(seeds):
    assert sum(len(coded.events) for coded in seeds.values()) > 50
    for coded in seeds.values():
        for event in coded.events:
            assert event.event in PLOVER_CATEGORIES and event.quad in QUADS
            assert event.modality in MODALITIES
            assert -10 <= event.intensity <= 10 and 0 <= event.confidence <= 1
            for actor in (*event.actor, *event.recipient, *filter(None, [event.attributed_to])):
                assert actor.type in ACTOR_TYPES, actor


def test_dates_resolve_against_the_document_date(seeds):
    events = events_of(seeds, "004")
    assert all(e.doc_date == "2020-10-26" for e in events)
    assert any(e.date_text and "October 1" in e.date_text and e.date == "2020-10-01" for e in events)
    assert all(e.date is None or e.date <= "2020-10-26" for e in events)
