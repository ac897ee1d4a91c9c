"""Compose the stages: parse, actors, places, dates, events.

The CLI, the evaluation and (later) the API and Dask workers all call
`code_documents`, so every mode produces the same records. Models and
lexicons are loaded once into a `Coder` and passed in; nothing is global.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from functools import cached_property

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import minibatch

from eventwire.actors import ActorLexicon, find_actors, load_actor_lexicon
from eventwire.actors.located import locate_actors
from eventwire.config import Config
from eventwire.dates import document_date, find_dates
from eventwire.dates.events import date_events
from eventwire.events.coder import code_document
from eventwire.events.detector import EventDetector, SentenceDetection, load_event_detector, word_readings
from eventwire.events.lexicon import EventLexicon, load_event_lexicon
from eventwire.events.role_choice import RoleChoice, load_role_model
from eventwire.fingerprint import coder_fingerprint
from eventwire.parsing import WITHOUT_LEMMAS, load_nlp, parse_documents
from eventwire.parsing.prefilter import (
    DETECTOR_POLICY,
    PARSE_FLOOR,
    TRIGGERS,
    FilterCounts,
    SentenceFilter,
    blank_spans,
    load_sentence_filter,
    prefiltered_parse,
    trimmed_sentences,
)
from eventwire.places import ALL_MENTIONS, Gazetteer, find_places, load_gazetteer
from eventwire.places.ranker import PlaceRanker, load_place_ranker
from eventwire.records import Actor, Document, Event, Place
from eventwire.stories.grouping import PlaceHierarchy

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Coder:
    """Everything coding needs, loaded once (one per process or Dask worker)."""

    config: Config
    nlp: Language
    actors: ActorLexicon
    events: EventLexicon
    gazetteer: Gazetteer
    sentence_filter: SentenceFilter | None = None  # built when `config.prefilter` is on
    detector: EventDetector | None = None  # the learned event detector, when `config.detector` is on
    lemma_reader: SentenceFilter | None = None  # the words' possible lemmas, for the detector's signals
    place_ranker: PlaceRanker | None = None  # the learned place ranker; None: the hand-written ranking
    roles: RoleChoice | None = None  # how actors and recipients are chosen; None: by the rules
    # What names this coder (`fingerprint.py`), computed once as it loads; every record it makes carries it.
    fingerprint: str | None = None

    @cached_property
    def place_hierarchy(self) -> PlaceHierarchy:
        """Which province holds which of the gazetteer's places, for grouping stories: built on first use
        (a pass over the whole gazetteer) and kept, so a server or a watch does not build it per request."""
        return PlaceHierarchy.from_gazetteer(self.gazetteer)

    @classmethod
    def load(cls, config: Config | None = None) -> Coder:
        config = config or Config()
        nlp, actors, events = load_nlp(config.model), load_actor_lexicon(), load_event_lexicon()
        gazetteer = load_gazetteer(config.cache_dir)
        sentence_filter = (load_sentence_filter(nlp, events, actors, gazetteer, config.prefilter)
                           if config.prefilter not in ("off", DETECTOR_POLICY) else None)
        detector = load_event_detector(events, config.detector_file) if config.detector else None
        # Any pre-filter reads the words' lemmas the same way, whatever its policy: share it.
        lemma_reader = (sentence_filter or load_sentence_filter(nlp, events, actors, gazetteer, TRIGGERS)) if detector else None
        place_ranker = load_place_ranker(config.place_ranker_file) if config.place_ranker else None
        role_model = load_role_model(config.role_model_file) if config.role_model else None
        return cls(config=config, nlp=nlp, actors=actors, events=events, gazetteer=gazetteer,
                   sentence_filter=sentence_filter, detector=detector, lemma_reader=lemma_reader,
                   place_ranker=place_ranker, roles=RoleChoice(role_model) if role_model else None,
                   fingerprint=coder_fingerprint(config))


@dataclass(frozen=True)
class CodedDocument:
    document: Document
    doc_date: str | None
    sentences: int
    places: tuple[Place, ...]
    events: tuple[Event, ...]
    # (start, end) of each non-blank sentence, leading and trailing space left out: what the store keeps.
    sentence_spans: tuple[tuple[int, int], ...] = ()
    coder: str | None = None  # the fingerprint of the coder that coded it (`Coder.fingerprint`)


def document_actors(coder: Coder, document: Document, doc: Doc) -> list[Actor]:
    """Every actor mention of a parsed document, resolved by its date (`eventwire actors`)."""
    return actors_and_places(coder, doc, document_date(document))[0]


def actors_and_places(coder: Coder, doc: Doc, doc_date: str | None) -> tuple[list[Actor], list[Place]]:
    actors = find_actors(doc, coder.actors, doc_date)
    # A capital taken for its government ("Moscow said") is not also a place;
    # a country name stays a place too ("operations in Syria").
    places = find_places(doc, coder.gazetteer, exclude=[(a.start, a.end) for a in actors if a.sector == "GOV"],
                         ranker=coder.place_ranker)
    return locate_actors(doc, actors, places, coder.actors.names), places


def code_parsed(coder: Coder, document: Document, doc: Doc, skipped: tuple[tuple[int, int], ...] = (),
                detections: tuple[SentenceDetection, ...] = ()) -> CodedDocument:
    """Code one parsed document; `skipped` are the spans of sentences the pre-filter left unparsed,
    kept among the document's sentences (the store's sentence rows) though they carry no event;
    `detections` are the event detector's readings of its rough sentences, when it is on."""
    doc_date = document_date(document)
    actors, places = actors_and_places(coder, doc, doc_date)
    dates = find_dates(doc, doc_date)
    decision = coder.detector.decision if coder.detector is not None and detections else None
    events = code_document(doc, document, doc_date, coder.events, actors, places, dates, coder.actors.country_names,
                           detections, decision, coder.roles)
    events = date_events(doc, (e for e in events if e.confidence >= coder.config.min_confidence), dates, doc_date)
    if coder.fingerprint is not None:
        events = [replace(event, coder=coder.fingerprint) for event in events]
    spans = list(sentence_spans(doc))  # one pass over doc.sents (each builds every token) for both fields
    return CodedDocument(
        document=document,
        doc_date=doc_date,
        sentences=len(spans) + len(skipped),
        places=tuple(places),
        events=tuple(events),
        sentence_spans=tuple(sorted((*spans, *skipped))),
        coder=coder.fingerprint,
    )


def sentence_spans(doc: Doc) -> Iterator[tuple[int, int]]:
    """Offsets of each sentence's text without surrounding space, as event records' `sent_start` counts them."""
    for sentence in doc.sents:
        text = sentence.text
        if text.strip():
            start = sentence.start_char + len(text) - len(text.lstrip())
            yield start, sentence.start_char + len(text.rstrip())


def code_documents(coder: Coder, documents: Iterable[Document], counts: FilterCounts | None = None) -> Iterator[CodedDocument]:
    """Code documents lazily, in spaCy batches; memory stays bounded by the batch.

    With the pre-filter on, sentences it skips are blanked before the parse (`counts` adds them up).
    With the detector on, it reads every rough sentence first (`detected_parse`)."""
    if coder.detector is not None:
        for document, doc, skipped, detections in detected_parse(coder, documents, counts):
            yield code_parsed(coder, document, doc, skipped, detections)
        return
    if coder.sentence_filter is None:
        for document, doc in parse_documents(coder.nlp, documents, batch_size=coder.config.batch_size):
            yield code_parsed(coder, document, doc)
        return
    parsed = prefiltered_parse(coder.nlp, coder.sentence_filter, documents, coder.config.batch_size, counts)
    for document, doc, skipped in parsed:
        yield code_parsed(coder, document, doc, skipped)


def code_text(coder: Coder, text: str, doc_id: str = "text", date: str | None = None) -> CodedDocument:
    document = Document(id=doc_id, text=text, date=date)
    return next(code_documents(coder, [document]))


Sentences = list[tuple[int, int, Span]]  # a document's rough sentences: trimmed offsets and tokens


def detect_sentences(coder: Coder, texts: list[str], trigger_words_only: bool = False) -> list[tuple[SentenceDetection, ...]]:
    """The detector's reading of every rough sentence (tokenizer only) of each text, each text encoded
    on its own (`read_sentences`); with `trigger_words_only`, of those holding a possible trigger word only."""
    return read_sentences(coder, [list(trimmed_sentences(coder.nlp.tokenizer(text))) for text in texts], trigger_words_only)


def read_sentences(coder: Coder, documents: list[Sentences], trigger_words_only: bool = False) -> list[tuple[SentenceDetection, ...]]:
    """`detect_sentences` over documents already split into rough sentences.

    Each document is encoded on its own: the int8 encoder quantises a batch's activations with one
    scale, so a sentence's embedding, and so its records, would otherwise depend on the other documents
    coded in the same call (cosine 0.95-0.97 between one sentence alone and batched with others)."""
    return [tuple(read_document_sentences(coder, sentences, trigger_words_only)) for sentences in documents]


def read_document_sentences(coder: Coder, sentences: Sentences, trigger_words_only: bool) -> list[SentenceDetection]:
    spans, pieces, readings, words = [], [], [], []
    # A Doc's text is joined from its tokens each time it is asked for: once per document, not
    # once per sentence (that made reading a long article quadratic in its length).
    text = sentences[0][2].doc.text if sentences else ""
    for start, end, _ in sentences:
        piece = text[start:end]
        # The sentence is read on its own, as the detector was trained on sentences: at its end,
        # "Mass." is a word and a stop, inside the document one word.
        sentence_words, sentence_readings = word_readings(coder.nlp, coder.lemma_reader, piece)
        # A sentence with no word of the trigger lexicon can still hold an event (the detector
        # adds it at the sentence's main verb): a quarter of the train split's gold events lie in
        # such sentences. Only the `detector` pre-filter, which trades them for speed, skips them.
        if trigger_words_only and not coder.lemma_reader.has_trigger(sentence_words, piece):
            continue
        spans.append((start, end))
        pieces.append(piece)
        words.append(sentence_words)
        readings.append(sentence_readings)
    return coder.detector.detect(spans, pieces, readings, words)


def unlikely_sentences(sentences: Sentences, found: tuple[SentenceDetection, ...]) -> tuple[tuple[int, int], ...]:
    """Spans of the rough sentences not worth parsing: no trigger word, or no likely category."""
    likely = {(d.start, d.end) for d in found if d.strongest >= PARSE_FLOOR}
    return tuple((start, end) for start, end, _ in sentences if (start, end) not in likely)


def detected_parse(coder: Coder, documents: Iterable[Document], counts: FilterCounts | None = None):
    """Parse documents after the detector has read them, in chunks of a spaCy batch. Under the
    `detector` pre-filter policy, the detector reads only the sentences with a possible trigger word,
    and a sentence it did not read, or in which it finds no category (every probability under
    `PARSE_FLOOR`), is blanked, as the trigger pre-filter blanks its sentences. Each document is split
    into rough sentences once, for all of this."""
    counts = counts if counts is not None else FilterCounts()
    gate = coder.config.prefilter == DETECTOR_POLICY
    for chunk in minibatch(documents, coder.config.batch_size):
        tokenized = [coder.nlp.tokenizer(d.text) for d in chunk]
        sentences = [list(trimmed_sentences(doc)) for doc in tokenized]
        detections = read_sentences(coder, sentences, trigger_words_only=gate)
        inputs, skipped_spans = [], []
        for document, doc, split, found in zip(chunk, tokenized, sentences, detections, strict=True):
            skipped = unlikely_sentences(split, found) if gate else ()
            counts.sentences += len(split)
            counts.skipped += len(skipped)
            # The parse goes on from the tokens already made, unless sentences were blanked out.
            inputs.append(blank_spans(document.text, skipped) if skipped else doc)
            skipped_spans.append(skipped)
        for doc, number in coder.nlp.pipe(zip(inputs, range(len(chunk))), as_tuples=True, batch_size=coder.config.batch_size):
            yield chunk[number], doc, skipped_spans[number], detections[number]


def geoparse_documents(coder: Coder, documents: Iterable[Document]) -> Iterator[tuple[Document, list[Place]]]:
    """Every place each document mentions, for `eventwire geoparse`: unlike event locations, this listing
    keeps capitals named for their governments ("Moscow said"), adjectives of places ("Syrian army") and
    places inside organisations' names ("The Washington Post"); no actors, dates or events are coded."""
    lemmatize = coder.nlp.get_pipe("lemmatizer").lemmatize if "lemmatizer" in coder.nlp.pipe_names else None
    for document, doc in parse_documents(coder.nlp, documents, coder.config.batch_size, WITHOUT_LEMMAS):
        yield document, find_places(doc, coder.gazetteer, options=ALL_MENTIONS, ranker=coder.place_ranker,
                                    lemmatize=lemmatize)
