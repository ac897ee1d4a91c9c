"""Parsing with spaCy: the only stage that loads the language model."""

from eventwire.parsing.model import MODEL_PACKAGES, WITHOUT_LEMMAS, load_nlp, parse_documents

__all__ = ["MODEL_PACKAGES", "WITHOUT_LEMMAS", "load_nlp", "parse_documents"]
