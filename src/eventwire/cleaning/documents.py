"""Between reading and coding: clean each document and check its language.

`prepare_documents` is what `eventwire code` and `eventwire read` put
between `read_inputs` and the coder. It streams, one document at a time,
and keeps a `PreparationSummary` of what it did (lines removed by reason,
encodings repaired, documents skipped by language) for the run's summary.
"""

from __future__ import annotations

import dataclasses
import logging
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from eventwire.cleaning.clean import Cleaner, clean_document, load_cleaner
from eventwire.cleaning.language import CODED_LANGUAGES, identify_language, load_language_identifier, skip_reason
from eventwire.errors import InputError, NotCodedError
from eventwire.records import Document

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Preparation:
    """What preparing documents needs, loaded once. `cleaner` is None for `--no-clean`."""

    cleaner: Cleaner | None
    identifier: object
    languages: tuple[str, ...] = CODED_LANGUAGES

    @classmethod
    def load(cls, clean: bool = True) -> Preparation:
        return cls(cleaner=load_cleaner() if clean else None, identifier=load_language_identifier())


@dataclass
class PreparationSummary:
    """Counts for one run (a local accumulator, owned by the caller)."""

    documents: int = 0
    cleaned: int = 0  # documents that lost at least one line
    removed: Counter = field(default_factory=Counter)  # reason -> lines
    encoding_fixed: int = 0
    not_coded: Counter = field(default_factory=Counter)  # language -> documents

    def describe(self) -> str:
        parts = []
        if self.removed:
            reasons = ", ".join(f"{reason} {count}" for reason, count in self.removed.most_common())
            lines = sum(self.removed.values())
            parts.append(f"cleaning removed {lines} line{'s' * (lines != 1)} from {self.cleaned} of "
                         f"{self.documents} document{'s' * (self.documents != 1)} ({reasons})")
        if self.encoding_fixed:
            parts.append(f"repaired the encoding of {self.encoding_fixed} document{'s' * (self.encoding_fixed != 1)}")
        if self.not_coded:
            languages = ", ".join(f"{code} {count}" for code, count in self.not_coded.most_common())
            count = sum(self.not_coded.values())
            parts.append(f"{count} document{'s' * (count != 1)} not in English skipped ({languages})")
        return "; ".join(parts)


def prepare_documents(
    documents: Iterable[Document],
    preparation: Preparation,
    on_problem: Callable[[InputError], None],
    summary: PreparationSummary | None = None,
) -> Iterator[Document]:
    """Clean each document (unless `preparation.cleaner` is None), identify its
    language, and pass on the ones to code; a skipped one goes to `on_problem`."""
    summary = summary if summary is not None else PreparationSummary()
    for document in documents:
        summary.documents += 1
        try:
            prepared = prepare_document(document, preparation, on_problem, summary)
        except Exception as exc:  # noqa: BLE001 - one text the cleaner or language check trips on must not stop the run
            on_problem(InputError(document.origin or document.id,
                                  f"could not be cleaned ({type(exc).__name__}: {str(exc)[:200]}); skipped"))
            continue
        if prepared is not None:
            yield prepared


def prepare_document(document: Document, preparation: Preparation, on_problem: Callable[[InputError], None],
                     summary: PreparationSummary) -> Document | None:
    """One document cleaned and language-checked; None (reported) when it is not to be coded."""
    if preparation.cleaner is not None:
        document, cleaned = clean_document(document, preparation.cleaner)
        if cleaned.removed:
            summary.cleaned += 1
            summary.removed.update(removal.reason for removal in cleaned.removed)
            for removal in cleaned.removed:
                log.debug("%s: removed %r (%s)", document.id, removal.text, removal.reason)
        summary.encoding_fixed += cleaned.encoding_fixed
        if not document.text.strip():
            on_problem(InputError(document.origin or document.id, "nothing left after cleaning: the text was all site furniture"))
            return None
    guess = identify_language(document.text, preparation.identifier)
    reason = skip_reason(guess, preparation.languages)
    if reason is not None:
        summary.not_coded[guess.code] += 1
        on_problem(NotCodedError(document.origin or document.id, reason))
        return None
    if guess.code is not None and guess.code in preparation.languages:
        document = dataclasses.replace(document, language=guess.code)
    return document
