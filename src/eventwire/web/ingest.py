"""Ingest through the API: the documents a request sends, checked, coded and stored as `eventwire ingest` does.

Only reached with the operator's token (`api.require_token`), checked before the body is read. Each
document is checked alone with the readers' own rules (`readers.files.document_from_json`,
`readers.base.check_document`): one bad document is refused with its reason and the others are
stored. Requests are handled one at a time (`WebState.ingest_lock`): the store's copy and story state
is read, extended and committed by one writer, and the coder, loaded by the first request, is kept on
the state for the next ones.
"""

from __future__ import annotations

import json
from typing import Any

from eventwire.errors import InputError
from eventwire.readers.base import ReadOptions

REQUEST = "request"
# Statuses of one posted document in the answer.
STORED, ALREADY_STORED, REFUSED, NOT_CODED = "stored", "already stored", "refused", "not coded"


class BodyError(ValueError):
    """The body as a whole is not a JSON array of documents (answered 422)."""


def parse_body(body: bytes, max_documents: int) -> list[Any]:
    """The posted JSON array; run off the event loop, as parsing a large body takes a while."""
    try:
        value = json.loads(body)
    except RecursionError:
        raise BodyError("the body is nested too deeply to be read") from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise BodyError(f"the body is not JSON ({str(exc)[:200]})") from None
    if not isinstance(value, list):
        raise BodyError("the body is a JSON array of documents")
    if not value:
        raise BodyError("the body holds no document")
    if len(value) > max_documents:
        raise BodyError(f"at most {max_documents:,} documents a request, not {len(value):,}")
    return value


def checked_documents(objects: list[Any], options: ReadOptions):
    """Each posted object as a document, or the reason it is refused: (documents, answers)."""
    from eventwire.readers.base import check_document
    from eventwire.readers.files import document_from_json

    documents, answers = [], []
    for number, obj in enumerate(objects, start=1):
        answer = {"number": number, "id": _given_id(obj), "status": STORED, "reason": None}
        answers.append(answer)
        try:
            if isinstance(obj, dict):
                obj = {key: value for key, value in obj.items() if value is not None}
                _check_types(obj, number)
            document = check_document(document_from_json(obj, REQUEST, number), REQUEST, options)
        except InputError as problem:
            answer.update(status=REFUSED, reason=_reason(problem))
            continue
        documents.append(document)
    return documents, answers


def _given_id(obj: Any) -> str | None:
    value = obj.get("id") if isinstance(obj, dict) else None
    return value if isinstance(value, str) else None


def _check_types(obj: dict[str, Any], number: int) -> None:
    for key in ("id", "text", "title", "date", "url", "source"):
        if key in obj and not isinstance(obj[key], str):
            raise InputError(REQUEST, f'"{key}" must be a string', number)


def _reason(problem: InputError) -> str:
    """The message without its "request:N: " place: the answer gives the number apart."""
    text = str(problem)
    return text.split(": ", 1)[1] if text.startswith(f"{REQUEST}:") and ": " in text else text


def ingest_documents(state, objects: list[Any], options: ReadOptions) -> dict[str, Any]:
    from eventwire.cleaning import Preparation
    from eventwire.flows import prepared as prepared_documents
    from eventwire.flows import store_new
    from eventwire.pipeline import Coder
    from eventwire.store import load_state, unstored
    from eventwire.store.ingest import document_key

    documents, answers = checked_documents(objects, options)
    by_origin = {f"{REQUEST}:{answer['number']}": answer for answer in answers}
    problems: list[str] = []

    def report_problem(problem: InputError) -> None:
        problems.append(str(problem))
        answer = by_origin.get(problem.path)
        if answer is not None:
            answer.update(status=NOT_CODED, reason=_reason(problem))

    with state.ingest_lock:
        if state.coder is None:
            state.coder = (Coder.load(), Preparation.load(clean=True))
        coder, preparation = state.coder
        cursor = state.connection.cursor()
        try:
            store_state = load_state(cursor)
            prepared = list(prepared_documents(documents, preparation, report_problem))
            new = {document.origin for document in unstored(prepared, store_state)}
            for document in prepared:
                if document.origin not in new:
                    by_origin[document.origin].update(status=ALREADY_STORED,
                                                      reason=f"its text is stored as {document_key(document.text)}")
            kept = [document for document in prepared if document.origin in new]
            report = store_new(cursor, store_state, coder, kept)
        finally:
            cursor.close()
    refused = sum(answer["status"] in (REFUSED, NOT_CODED) for answer in answers)
    return {"documents": report.documents, "near_duplicates": report.near_duplicates, "events": report.events,
            "refused": refused, "skipped": [f"{REQUEST}:{a['number']}: {a['reason']}" for a in answers
                                            if a["status"] in (REFUSED, NOT_CODED)],
            "results": answers}
