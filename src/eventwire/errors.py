"""Errors that name the place: every message says which file and line."""

from __future__ import annotations


class EventwireError(Exception):
    """Base of every error eventwire reports to a user."""


class InputError(EventwireError):
    """Unreadable or malformed input, with the file (and line) it came from."""

    def __init__(self, path: str, message: str, line: int | None = None):
        self.path = path
        self.line = line
        where = f"{path}:{line}" if line is not None else path
        super().__init__(f"{where}: {message}")


class ModelMissingError(EventwireError):
    """No English spaCy model is installed."""


class NotCodedError(InputError):
    """A readable document deliberately left uncoded (written in a language eventwire does not code)."""
