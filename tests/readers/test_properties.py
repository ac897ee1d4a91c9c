"""Property tests: whatever bytes or JSON a reader is given, it yields valid documents and reports the
rest as `InputError`s; nothing escapes (issue 20). The standing fuzz target (tests/test_fuzz.py) runs
the same harness longer."""

from __future__ import annotations

import io
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventwire.errors import InputError
from eventwire.readers.base import InputFile, ReadOptions, check_document
from eventwire.readers.compressed import format_suffix
from eventwire.readers.files import READERS, read_file

# Every reader, and the compressed forms that wrap them.
SUFFIXES = sorted(READERS) + [".jsonl.gz", ".csv.gz", ".zip"]
# Small caps, so random data reaches them.
OPTIONS = ReadOptions(max_line_bytes=4096, max_field_chars=4096, max_member_bytes=65536, max_stream_bytes=131072)
# What the readers' last-resort handlers say: an exception no reader expected. The fuzz target
# treats these as crashes; for the property they are still clean problems.
UNEXPECTED = ("could not be read (", "damaged archive (")


def read_bytes(data: bytes, suffix: str, options: ReadOptions = OPTIONS):
    """Documents and problems from `data` read as a file named `input{suffix}`."""
    name = f"input{suffix}"
    source = InputFile(name=name, suffix=format_suffix(name), open=lambda: io.BytesIO(data), id_name=name,
                       size=len(data))
    problems: list[InputError] = []
    documents = list(read_file(source, problems.append, options, named=True))
    for document in documents:
        check_document(document, name, options)
    assert all(isinstance(problem, InputError) for problem in problems)
    return documents, problems


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=20,
)
DOCUMENT_LIKE = st.fixed_dictionaries({"id": JSON_VALUES, "text": JSON_VALUES}, optional={"title": JSON_VALUES,
                                                                                       "date": JSON_VALUES})


@settings(max_examples=60, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(suffix=st.sampled_from(SUFFIXES), data=st.binary(max_size=2048))
def test_random_bytes_never_escape_a_reader(suffix, data):
    read_bytes(data, suffix)


@settings(max_examples=60, deadline=None, derandomize=True, database=None)
@given(values=st.lists(JSON_VALUES | DOCUMENT_LIKE, min_size=1, max_size=8))
def test_random_json_lines_give_documents_or_one_problem_per_line(values):
    lines = [json.dumps(value) for value in values]
    documents, problems = read_bytes("\n".join(lines).encode() + b"\n", ".jsonl")
    assert len(documents) + len(problems) == len(lines), "every line is a document or one problem"
    for document in documents:
        obj = json.loads(lines[int(document.origin.rsplit(":", 1)[1]) - 1])
        assert document.text == obj["text"]


@settings(max_examples=40, deadline=None, derandomize=True, database=None)
@given(rows=st.lists(st.lists(st.text(max_size=40), min_size=1, max_size=4), max_size=8),
       delimiter=st.sampled_from(",;\t|"))
def test_random_tables_never_escape_the_csv_reader(rows, delimiter):
    text = "\n".join(delimiter.join(row) for row in [["id", "text"], *rows])
    read_bytes(text.encode("utf-8", errors="replace"), ".csv")
