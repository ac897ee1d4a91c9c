"""Ingest through the API: the documents a request sends, coded and stored as `eventwire ingest` does.

Only reached with the operator's token (`api.require_token`). Requests are handled one at a time
(`WebState.ingest_lock`): the store's copy and story state is read, extended and committed by one
writer, and the coder, loaded by the first request, is kept on the state for the next ones.
"""

from __future__ import annotations

from typing import Any

from eventwire.errors import InputError


def ingest_documents(state, objects: list[dict[str, Any]]) -> dict[str, Any]:
    from eventwire.cleaning import Preparation, prepare_documents
    from eventwire.pipeline import Coder, code_documents
    from eventwire.readers.files import document_from_json
    from eventwire.store import ingest_coded, load_state, unstored

    problems: list[str] = []

    def report_problem(problem: InputError) -> None:
        problems.append(str(problem))

    documents = [document_from_json({k: v for k, v in obj.items() if v is not None}, "request", number)
                 for number, obj in enumerate(objects, start=1)]
    with state.ingest_lock:
        if state.coder is None:
            state.coder = (Coder.load(), Preparation.load(clean=True))
        coder, preparation = state.coder
        cursor = state.connection.cursor()
        try:
            store_state = load_state(cursor)
            prepared = prepare_documents(documents, preparation, report_problem)
            report = ingest_coded(cursor, store_state, code_documents(coder, unstored(prepared, store_state)))
        finally:
            cursor.close()
    return {"documents": report.documents, "near_duplicates": report.near_duplicates, "events": report.events,
            "skipped": problems}
