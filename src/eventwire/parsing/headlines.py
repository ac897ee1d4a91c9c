"""Title-case headlines are parsed in sentence case.

The small English model reads a title-case headline such as "Army Denies Shelling Border Villages"
as a run of proper nouns, so the denial and the shelling are lost. The tokenizer that `load_nlp`
installs hands the model a copy of the text in which each title-case line has its capitalised
verbs and function words lowered ("Army denies shelling border Villages"); the last component gives
the parse back on the source's own words. Every offset, and every text a record quotes, is the
document's.

A word of a title-case line is lowered when it is a stop word or can be read as a form of a verb
the model's lemmatizer knows, unless the document also writes it capitalised inside a sentence of
its body (a name: "Trump", "Bush"). The line's first word, acronyms ("US", "ISIS") and words that
are no verbs ("Syrian", "Military") keep their capitals and are read as the model reads them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc

#: Where the tokenizer leaves the source text when it has lowered words (`Doc.user_data` key).
SOURCE_TEXT = "eventwire_source_text"
#: A headline has at least this many words and at most this many characters.
HEADLINE_WORDS = 4
HEADLINE_CHARACTERS = 200
#: Words of a headline that title case would capitalise: longer ones that are no stop words.
CONTENT_WORD_LENGTH = 4

WORD = re.compile(r"[^\W\d_][\w'’-]*")
#: A capitalised word after a lower-case word in running text: written so, it is a name.
NAME_IN_BODY = re.compile(r"(?<=[a-z,;:] )([A-Z][\w'’-]*)")


class VerbForms:
    """Whether a lower-case word can be a form of a verb, by the lemmatizer's tables."""

    def __init__(self, index: Iterable[str], exceptions: dict[str, list[str]], rules: list[list[str]]):
        self.index = frozenset(index)
        self.exceptions = exceptions
        self.rules = [(old, new) for old, new in rules]
        self.seen: dict[str, bool] = {}  # grows with the vocabulary; never changes an answer

    def __contains__(self, word: str) -> bool:
        known = self.seen.get(word)
        if known is None:
            known = word in self.index or word in self.exceptions or any(
                word.endswith(old) and len(word) > len(old) and word[: len(word) - len(old)] + new in self.index
                for old, new in self.rules)
            self.seen[word] = known
        return known


def is_title_case(line: str, stop_words: frozenset[str]) -> bool:
    """True for a headline in title case: every longer content word capitalised, and not all capitals."""
    words = WORD.findall(line)
    if len(words) < HEADLINE_WORDS or len(line) > HEADLINE_CHARACTERS or line.isupper():
        return False
    content = [w for w in words if len(w) >= CONTENT_WORD_LENGTH and w.lower() not in stop_words]
    return len(content) >= HEADLINE_WORDS - 1 and all(w[0].isupper() for w in content)


def sentence_case(text: str, stop_words: frozenset[str], verbs: VerbForms) -> str:
    """`text` with the verbs and function words of its title-case lines lowered (same length), or
    `text` itself when it has none."""
    lines = text.split("\n")
    headlines = [n for n, line in enumerate(lines) if is_title_case(line, stop_words)]
    if not headlines:
        return text
    titled = set(headlines)
    body = "\n".join(line for n, line in enumerate(lines) if n not in titled)
    names = set(NAME_IN_BODY.findall(body))
    for n in headlines:
        line = lines[n]
        pieces, position = [], 0
        for number, match in enumerate(WORD.finditer(line)):
            word = match.group()
            lower = word.lower()
            if (number == 0 or not word[0].isupper() or word.isupper() or word in names
                    or len(lower) != len(word) or not (lower in stop_words or lower in verbs)):
                continue
            pieces.append(line[position:match.start()])
            pieces.append(lower)
            position = match.end()
        pieces.append(line[position:])
        lines[n] = "".join(pieces)
    return "\n".join(lines)


class HeadlineTokenizer:
    """The model's tokenizer over the sentence-case text; the source text waits in `user_data`."""

    def __init__(self, tokenizer: Tokenizer, stop_words: frozenset[str], verbs: VerbForms):
        self.tokenizer = tokenizer
        self.stop_words = stop_words
        self.verbs = verbs

    def __call__(self, text: str) -> Doc:
        recased = sentence_case(text, self.stop_words, self.verbs)
        doc = self.tokenizer(recased)
        if recased != text:
            doc.user_data[SOURCE_TEXT] = text
        return doc


def on_source_words(doc: Doc) -> Doc:
    """The parse of `doc` on the words of the text it was made from (see `HeadlineTokenizer`)."""
    source = doc.user_data.pop(SOURCE_TEXT, None)
    if source is None:
        return doc
    restored = Doc(
        doc.vocab,
        words=[source[t.idx: t.idx + len(t.text)] for t in doc],
        spaces=[bool(t.whitespace_) for t in doc],
        tags=[t.tag_ for t in doc],
        pos=[t.pos_ for t in doc],
        morphs=[str(t.morph) for t in doc],
        lemmas=[t.lemma_ for t in doc],
        heads=[t.head.i for t in doc],
        deps=[t.dep_ for t in doc],
        ents=[f"{t.ent_iob_}-{t.ent_type_}" if t.ent_iob_ in ("B", "I") else "O" for t in doc],
    )
    restored._context = doc._context  # what `nlp.pipe(..., as_tuples=True)` pairs the document with
    return restored


@Language.component("eventwire_source_words")
def source_words_component(doc: Doc) -> Doc:
    return on_source_words(doc)


def read_headlines_in_sentence_case(nlp: Language) -> None:
    """Install the headline tokenizer and, last in the pipeline, the component that restores the source."""
    lookups = nlp.get_pipe("lemmatizer").lookups if "lemmatizer" in nlp.pipe_names else None
    if lookups is None or not lookups.has_table("lemma_index"):
        return  # no verb list to tell verbs from names: headlines are parsed as written
    table = lambda name: lookups.get_table(name).get("verb") if lookups.has_table(name) else None  # noqa: E731
    verbs = VerbForms(table("lemma_index") or (), dict(table("lemma_exc") or {}), list(table("lemma_rules") or []))
    nlp.tokenizer = HeadlineTokenizer(nlp.tokenizer, frozenset(nlp.Defaults.stop_words), verbs)
    nlp.add_pipe("eventwire_source_words", last=True)
