"""The composed event coder: one record per event, with offsets into the text and stable ids.

The sentences are coded whole, with actors given by hand (`tests/events/coding.py`), so that
these tests check the syntax rules, not the actor lexicon."""

from tests.events.coding import code, names, only


def test_subject_object_and_offsets(nlp, lexicon):
    text = "Pakistan accused India of shelling villages."
    event = only(code(nlp, lexicon, text), "ACCUSE")
    assert names(event.actor) == ["Pakistan"] and names(event.recipient) == ["India"]
    assert text[event.trigger_start : event.trigger_start + len(event.trigger)] == event.trigger == "accused"
    assert text[event.sent_start : event.sent_start + len(event.sentence)] == event.sentence
    assert event.quad == "VERBAL_CONFLICT" and event.mode == "allege"


def test_ids_are_stable(nlp, lexicon):
    first = code(nlp, lexicon, "Iran rejected the proposal.")
    second = code(nlp, lexicon, "Iran rejected the proposal.")
    assert [e.id for e in first] == [e.id for e in second]
