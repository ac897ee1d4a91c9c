"""The pre-filter: rough sentences from the tokenizer, blanking that keeps offsets, and kept events unchanged."""

from __future__ import annotations

from dataclasses import replace

import pytest
import spacy

from eventwire.parsing.prefilter import MENTIONS, TRIGGERS, SentenceFilter, filter_text, rough_sentences

TEXT = ("Talks in Geneva\n\nThe weather was mild on Tuesday. Ministers of Ruritania met in Geneva. "
        "Mr. Smith liked the food. Rebels attacked a convoy near the border.")


@pytest.fixture(scope="module")
def blank():
    return spacy.blank("en")


class NoPlaces:
    adjectives: dict = {}
    index = {"geneva": 1}


def small_filter(policy: str = MENTIONS) -> SentenceFilter:
    return SentenceFilter(trigger_lemmas=frozenset({"attack", "talk", "meet"}), hyphenated=("cease-fir",),
                          names=frozenset({"Ruritania"}), sector_words=frozenset({("ministers",)}), places=NoPlaces(),
                          lemma_exceptions={"verb": {"met": ["meet"]}}, lemma_rules={"verb": [["ed", ""]], "noun": [["s", ""]]},
                          policy=policy)


def test_rough_sentences_split_at_line_breaks_and_stops_but_not_titles(blank):
    doc = blank(TEXT)
    sentences = [doc[a:b].text.strip() for a, b in rough_sentences(doc)]
    assert sentences == ["Talks in Geneva", "The weather was mild on Tuesday.", "Ministers of Ruritania met in Geneva.",
                         "Mr. Smith liked the food.", "Rebels attacked a convoy near the border."]


def test_blanked_text_keeps_every_offset(blank):
    result = filter_text(small_filter(), blank, TEXT)
    assert len(result.text) == len(TEXT)
    assert result.counts.sentences == 5 and result.counts.skipped == 2
    skipped = [TEXT[a:b] for a, b in result.skipped]
    assert skipped == ["The weather was mild on Tuesday.", "Mr. Smith liked the food."]
    for a, b in result.skipped:
        assert not result.text[a:b].strip()
    kept = TEXT.index("Rebels")
    assert result.text[kept:] == TEXT[kept:]
    assert result.text.count("\n") == TEXT.count("\n")


def test_triggers_policy_drops_sentences_that_only_name(blank):
    text = "Ruritania is large. Rebels attacked a convoy."
    assert [text[a:b] for a, b in filter_text(small_filter(TRIGGERS), blank, text).skipped] == ["Ruritania is large."]
    assert not filter_text(small_filter(MENTIONS), blank, text).skipped


def test_words_are_read_in_every_inflection_and_hyphenated_triggers_by_substring():
    sentence_filter = small_filter(TRIGGERS)
    assert sentence_filter.keeps(["They", "met"], "They met")
    assert sentence_filter.keeps(["Rebels", "attacked"], "Rebels attacked")
    assert sentence_filter.keeps(["A", "cease", "-", "fire", "held"], "A cease-fire held")
    assert not sentence_filter.keeps(["It", "rained"], "It rained")


def test_kept_events_keep_their_ids_and_offsets(load_coder):
    from eventwire.config import Config
    from eventwire.parsing.prefilter import load_sentence_filter
    from eventwire.pipeline import code_text

    coder = load_coder(Config())
    filtering = replace(coder, config=replace(coder.config, prefilter=MENTIONS),
                        sentence_filter=load_sentence_filter(coder.nlp, coder.events, coder.actors, coder.gazetteer))
    text = ("The weather was mild and the food was good.\n\n"
            "Russian forces shelled the town of Kharkiv on Monday, Ukrainian officials said.")
    from eventwire.pipeline import code_documents
    from eventwire.records import Document

    plain = code_text(coder, text, doc_id="d")
    counted = next(code_documents(filtering, [Document(id="d", text=text)]))
    assert counted.events and [(e.id, e.trigger_start, e.sent_start) for e in counted.events] == \
        [(e.id, e.trigger_start, e.sent_start) for e in plain.events]
    assert all(text[e.sent_start:e.sent_start + len(e.sentence)] == e.sentence for e in counted.events)
    assert counted.sentence_spans == plain.sentence_spans


def test_the_models_lemmatizer_tables_read_inflected_triggers(nlp):
    from eventwire.actors import load_actor_lexicon
    from eventwire.events.lexicon import load_event_lexicon
    from eventwire.parsing.prefilter import load_sentence_filter

    sentence_filter = load_sentence_filter(nlp, load_event_lexicon(), load_actor_lexicon(), NoPlaces(), TRIGGERS)
    for words in (["They", "complained"], ["Rebels", "overran", "it"], ["It", "was", "retaken"]):
        assert sentence_filter.keeps(words, " ".join(words)), words
