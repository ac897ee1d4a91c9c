"""Readers turn files, folders, archives and standard input into `Document` records."""

from eventwire.readers.base import ReadOptions
from eventwire.readers.files import READERS, read_inputs

__all__ = ["READERS", "ReadOptions", "read_inputs"]
