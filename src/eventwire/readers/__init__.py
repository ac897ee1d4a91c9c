"""Readers turn files, folders and standard input into `Document` records."""

from eventwire.readers.files import READERS, read_inputs

__all__ = ["READERS", "read_inputs"]
