"""Errors that name the place: every message says which file and line."""

from __future__ import annotations


def printable(text: str) -> str:
    """`text` with every character a terminal would act on or hide (control characters, newlines,
    escape sequences, bidirectional overrides) written as its escape (\\x1b, \\n, \\u202e): a message
    quoting input stays one visible line."""
    return "".join(char if char.isprintable() else char.encode("unicode_escape").decode("ascii") for char in text)


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
