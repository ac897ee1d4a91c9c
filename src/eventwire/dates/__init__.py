"""Dates stage: the document's date, and the date expressions of its text resolved against it."""

from eventwire.dates.find import document_date, find_dates
from eventwire.dates.resolve import ResolvedDate, resolve_expression

__all__ = ["ResolvedDate", "document_date", "find_dates", "resolve_expression"]
