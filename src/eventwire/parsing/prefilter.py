"""The pre-filter: sentences that cannot carry an event are not parsed.

Parsing (tok2vec, tagger, parser, NER) is most of the cost of coding. An event is only ever coded at
a trigger word of the event lexicon (wrapper words such as "said" or "refused" change an event a
trigger makes; they make none alone). So under the `triggers` policy a sentence is parsed only when
its words, read by the tokenizer alone, include a possible trigger; the `mentions` policy also keeps
sentences naming a known actor, sector word or place (the antecedents of "the ministry" or "he").
Every other sentence is blanked out before the parse.

Blanking replaces a skipped sentence's characters by spaces (line breaks kept), so the parsed text
has the document's length: every offset of every record still indexes the document's own text, and
an event kept has the id it has without the pre-filter (ids hash the document id, trigger offset and
category).

Words are matched on the surface, before tagging, so a word counts as a trigger when any reading of
it (verb, noun or adjective, by the model's own lemmatizer tables) gives a trigger lemma: the filter
errs towards keeping. Measured recall cost and speed: bench/README.md.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc, Span

from eventwire.actors.lexicon import ActorLexicon
from eventwire.events.lexicon import EventLexicon
from eventwire.places.gazetteer import Gazetteer
from eventwire.places.names import normalize_name
from eventwire.records import Document

log = logging.getLogger(__name__)

#: Longest name looked up, in tokens ("Democratic Republic of the Congo" is 5).
LONGEST_NAME = 6
#: The rule lemmatizer's parts of speech a trigger may have (events/lexicon.py TRIGGER_POS).
LEMMA_POS = ("verb", "noun", "adj")
#: Pre-filter policies (`Config.prefilter`): what a sentence needs to be parsed.
OFF, MENTIONS, TRIGGERS, DETECTOR_POLICY = "off", "mentions", "triggers", "detector"
#: Under the `detector` policy, a sentence is parsed when the event detector gives some category at
#: least this probability. At 0.1 coding runs at 1.07x bare parsing on GeoWebNews and keeps 92 % of the
#: records; at 0.05, 0.84x and 97 % (bench/README.md, "Speed").
PARSE_FLOOR = 0.1
POLICIES = {
    OFF: "every sentence is parsed",
    DETECTOR_POLICY: f"a possible trigger word, and the event detector gives some category a probability of "
                     f"{PARSE_FLOOR} or more (needs the detector on)",
    MENTIONS: "a possible trigger word, a known actor name or sector word, or a known place name",
    TRIGGERS: "a possible trigger word (sentences around it that only name actors are not parsed, so "
              "'the ministry' or 'he' may lose its antecedent)",
}
SENTENCE_END = frozenset({".", "!", "?", "...", "…"})
CLOSING = frozenset({'"', "'", "”", "’", ")", "]"})
NOT_BLANK = re.compile(r"[^\n]")


@dataclass
class FilterCounts:
    """Sentences seen and skipped by the pre-filter, for the run's summary and the benchmarks."""

    sentences: int = 0
    skipped: int = 0
    characters: int = 0
    skipped_characters: int = 0

    def add(self, other: FilterCounts) -> None:
        self.sentences += other.sentences
        self.skipped += other.skipped
        self.characters += other.characters
        self.skipped_characters += other.skipped_characters

    def describe(self) -> str:
        share = self.skipped / self.sentences if self.sentences else 0.0
        return f"pre-filter skipped {self.skipped} of {self.sentences} sentences ({share:.0%}) unparsed"


@dataclass
class SentenceFilter:
    """What can make a sentence worth parsing, as sets of lower-case surface keys.

    `word_lemmas` caches each word's possible lemmas; it only grows with the
    vocabulary and never changes a decision.
    """

    trigger_lemmas: frozenset[str]
    hyphenated: tuple[str, ...]  # stems of hyphenated triggers ("co-operat"), found as substrings
    names: frozenset[str]  # actor names as written (case kept: "US" is a state, "us" is not)
    sector_words: frozenset[tuple[str, ...]]
    places: object  # Gazetteer
    lemma_exceptions: dict[str, dict[str, list[str]]]
    lemma_rules: dict[str, list[list[str]]]
    policy: str = MENTIONS
    cued_lemmas: dict[str, frozenset[str]] = field(default_factory=dict)  # trigger lemma -> the cues it needs
    word_lemmas: dict[str, frozenset[str]] = field(default_factory=dict, repr=False)

    def possible_lemmas(self, word: str) -> frozenset[str]:
        """Every lemma the rule lemmatizer could give `word` as a verb, noun or adjective, and the word."""
        cached = self.word_lemmas.get(word)
        if cached is None:
            forms = {word}
            for pos in LEMMA_POS:
                forms.update(self.lemma_exceptions.get(pos, {}).get(word, ()))
                for old, new in self.lemma_rules.get(pos, ()):
                    if word.endswith(old) and len(word) > len(old):
                        forms.add(word[: len(word) - len(old)] + new)
            cached = self.word_lemmas[word] = frozenset(forms)
        return cached

    def has_trigger(self, words: list[str], text: str) -> bool:
        readings = [self.possible_lemmas(word) for word in words]
        if any(forms & self.trigger_lemmas for forms in readings):
            return True
        if self.cued_lemmas:
            present = frozenset().union(*readings)
            if any(present & cues for lemma, cues in self.cued_lemmas.items() if lemma in present):
                return True
        lowered = text.lower()
        return any(stem in lowered for stem in self.hyphenated)

    def has_name(self, tokens: list[str]) -> bool:
        """A known actor name, sector word or place name among the sentence's word sequences."""
        lowered = [t.lower() for t in tokens]
        for start in range(len(tokens)):
            for end in range(start + 1, min(start + LONGEST_NAME, len(tokens)) + 1):
                if " ".join(tokens[start:end]) in self.names or tuple(lowered[start:end]) in self.sector_words:
                    return True
            # Places are looked up capitalised only: nearly every common word names a hamlet somewhere.
            if tokens[start][:1].isupper() and self.is_place(tokens[start:start + LONGEST_NAME]):
                return True
        return False

    def is_place(self, tokens: list[str]) -> bool:
        gazetteer: Gazetteer = self.places  # type: ignore[assignment]
        if gazetteer.adjectives.get(normalize_name(tokens[0])) is not None:
            return True
        for end in range(1, len(tokens) + 1):
            key = normalize_name(" ".join(tokens[:end]))
            if key and key in gazetteer.index:
                return True
        return False

    def keeps(self, tokens: list[str], text: str) -> bool:
        words = [t.lower() for t in tokens]
        if self.policy == TRIGGERS:
            return self.has_trigger(words, text)
        return self.has_trigger(words, text) or self.has_name(tokens)


def load_sentence_filter(nlp: Language, events: EventLexicon, actors: ActorLexicon, gazetteer: Gazetteer,
                         policy: str = MENTIONS) -> SentenceFilter:
    if policy not in (MENTIONS, TRIGGERS):
        raise ValueError(f"pre-filter policy is one of {', '.join(POLICIES)}, not {policy!r}")
    # Only triggers make events: wrapper words ("said", "refused", "must") change an event a trigger makes.
    # A lemma whose every entry needs a cue ("pull" + "out") counts only with one of its cues in the sentence.
    cues: dict[str, set[str] | None] = {}
    for (lemma, _), entries in events.triggers.items():
        for entry in entries:
            known = cues.setdefault(lemma.lower(), set())
            if known is not None:
                cues[lemma.lower()] = None if entry.cue is None else known | {entry.cue.lower()}
    lemmas = {lemma for lemma, needed in cues.items() if needed is None}
    cued = {lemma: frozenset(needed) for lemma, needed in cues.items() if needed is not None}
    hyphenated = tuple(sorted({(lemma[:-1] if lemma.endswith("e") else lemma) for lemma in cues if "-" in lemma}))
    lookups = nlp.get_pipe("lemmatizer").lookups if "lemmatizer" in nlp.pipe_names else None
    # spaCy's lookup tables key their entries by string hash: ask each part of speech by name.
    exceptions = {pos: dict(table_entry(lookups, "lemma_exc", pos) or {}) for pos in LEMMA_POS}
    rules = {pos: list(table_entry(lookups, "lemma_rules", pos) or []) for pos in LEMMA_POS}
    return SentenceFilter(
        trigger_lemmas=frozenset(lemmas),
        cued_lemmas=cued,
        hyphenated=hyphenated,
        names=frozenset(actors.names),
        sector_words=frozenset(actors.sector_words),
        places=gazetteer,
        lemma_exceptions=exceptions,
        lemma_rules=rules,
        policy=policy,
    )


def table_entry(lookups, table: str, key: str):
    if lookups is None or not lookups.has_table(table):
        return None
    return lookups.get_table(table).get(key)


def rough_sentences(doc: Doc) -> Iterator[tuple[int, int]]:
    """Token ranges of sentences found by the tokenizer alone.

    A line break ends a sentence (as `eventwire_line_breaks` makes the parser
    do), and so does a final stop followed by a capitalised word. It splits
    less than the parser: a missed boundary only keeps more text, while a
    wrong one could cut a subject from its trigger.
    """
    start = 0
    for token in doc:
        if token.i == start:
            continue
        previous = doc[token.i - 1]
        line_break = "\n" in previous.whitespace_ or (previous.is_space and "\n" in previous.text)
        stop = previous.text in SENTENCE_END or (previous.text in CLOSING and token.i >= 2 and doc[token.i - 2].text in SENTENCE_END)
        if line_break or (stop and previous.whitespace_ and (token.text[:1].isupper() or token.text in CLOSING)):
            yield start, token.i
            start = token.i
    if start < len(doc):
        yield start, len(doc)


def blank_spans(text: str, spans: tuple[tuple[int, int], ...]) -> str:
    """`text` with each span's characters replaced by spaces (line breaks kept): same length, so
    every offset still indexes the document's own text."""
    if not spans:
        return text
    pieces, position = [], 0
    for start, end in sorted(spans):
        pieces.append(text[position:start])
        pieces.append(NOT_BLANK.sub(" ", text[start:end]))
        position = end
    pieces.append(text[position:])
    return "".join(pieces)


def trimmed_sentences(tokens: Doc) -> Iterator[tuple[int, int, Span]]:
    """Each rough sentence that holds any text, as (start, end, span): its character offsets with the
    space around it left out, and its tokens."""
    for first, last in rough_sentences(tokens):
        span = tokens[first:last]
        text = span.text
        if text.strip():
            start = span.start_char + len(text) - len(text.lstrip())
            yield start, span.start_char + len(text.rstrip()), span


@dataclass(frozen=True)
class FilteredText:
    text: str  # the document's text with skipped sentences blanked out (same length)
    skipped: tuple[tuple[int, int], ...]  # character spans of the skipped sentences, space trimmed
    counts: FilterCounts


def filter_text(sentence_filter: SentenceFilter, nlp: Language, text: str) -> FilteredText:
    """The text to parse: `text` with every sentence the filter does not keep blanked out."""
    doc = nlp.tokenizer(text)
    counts = FilterCounts()
    skipped: list[tuple[int, int]] = []
    for first, last in rough_sentences(doc):
        span = doc[first:last]
        tokens = [t.text for t in span if not t.is_space]
        if not tokens:
            continue
        counts.sentences += 1
        counts.characters += span.end_char - span.start_char
        if sentence_filter.keeps(tokens, span.text):
            continue
        counts.skipped += 1
        counts.skipped_characters += span.end_char - span.start_char
        skipped.append((span.start_char, span.start_char + len(span.text.rstrip())))
    return FilteredText(blank_spans(text, tuple(skipped)), tuple(skipped), counts)


def prefiltered_parse(
    nlp: Language, sentence_filter: SentenceFilter, documents: Iterable[Document], batch_size: int, counts: FilterCounts | None = None
) -> Iterator[tuple[Document, Doc, tuple[tuple[int, int], ...]]]:
    """Parse documents with their skipped sentences blanked; each comes with the spans it skipped."""
    counts = counts if counts is not None else FilterCounts()

    def filtered() -> Iterator[tuple[str, tuple[Document, tuple[tuple[int, int], ...]]]]:
        for document in documents:
            result = filter_text(sentence_filter, nlp, document.text)
            counts.add(result.counts)
            yield result.text, (document, result.skipped)

    for doc, (document, skipped) in nlp.pipe(filtered(), as_tuples=True, batch_size=batch_size):
        yield document, doc, skipped
