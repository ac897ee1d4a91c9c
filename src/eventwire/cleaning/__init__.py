"""Cleaning: scraped text made fit to code, and documents in other languages set aside.

`clean_text` removes site furniture, repeats and stray headlines line by line
and repairs mojibake; `prepare_documents` applies it between reading and
coding, with the language check. The cleaned text is the document's text: the
one stored and the one record offsets index.
"""

from eventwire.cleaning.clean import CleanedText, Cleaner, clean_document, clean_text, load_cleaner
from eventwire.cleaning.documents import Preparation, PreparationSummary, prepare_documents
from eventwire.cleaning.language import LanguageGuess, identify_language, load_language_identifier

__all__ = [
    "CleanedText",
    "Cleaner",
    "LanguageGuess",
    "Preparation",
    "PreparationSummary",
    "clean_document",
    "clean_text",
    "identify_language",
    "load_cleaner",
    "load_language_identifier",
    "prepare_documents",
]
