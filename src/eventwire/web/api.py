"""The JSON API: events, stories, actors, places, documents and counts, with the CLI's filters and paging.

The filter parameters are the store's filters (`store.filters.FILTER_FIELDS`, the names and help of
`eventwire events`), turned into one `EventFilter`; lists come as pages `{total, limit, offset, items}`.
Unknown query parameters and values outside a filter's vocabulary answer 422.
"""

from __future__ import annotations

import hmac
import inspect
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse, JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, Field

from eventwire.records import ACTOR_TYPES, DATE_PRECISIONS, MODALITIES, PLOVER_CATEGORIES, QUADS
from eventwire.store.filters import CONTESTING, DISPUTING, FILTER_FIELDS, EventFilter, FilterError
from eventwire.web import queries
from eventwire.web.queries import Paging

DESCRIPTION = """\
Read the event store that `eventwire ingest` fills: PLOVER event records (the fields of
`record-schema.md`, plus `story_id` and `contradiction`), stories (section "Story record"), the actors
and places of the events, the documents they were coded from, and counts for charts.

Every list takes the filters of `eventwire events` — `actor`, `recipient`, `country`, `category`,
`quad`, `since`, `until`, `place`, `modality`, `contested`, `text`, `story`, `min_confidence`,
`has_actor`, `located`, `include_background` (background records are left out unless it is true) —
and `limit`/`offset` for paging; an unknown parameter or a value outside its vocabulary answers 422.
`GET /api/vocabularies` lists every closed vocabulary of the records (categories, quads, modalities, ...).
The server is read-only unless its operator started it with an ingest token;
`POST /api/ingest` then codes and stores documents sent with `Authorization: Bearer TOKEN`.
"""

# The largest values paging and list parameters take: far beyond any store, and inside DuckDB's
# BIGINT, so a huge value is a 422 and never an overflow in the query (a 500).
MAX_OFFSET = 1_000_000_000
MAX_COUNT = 1_000_000


class ErrorBody(BaseModel):
    """Every error answer: FastAPI's, for a parameter of the wrong type, or eventwire's own."""

    detail: str | list[dict[str, Any]] = Field(
        description="What was wrong: a sentence, or one entry per invalid parameter (loc, msg, type).")


def error_responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    reasons = {401: "No valid ingest token.", 403: "This server is read-only.", 404: "No such item in this store.",
               413: "The request body is over the server's limit.", 422: "A parameter or the body is not valid."}
    return {code: {"model": ErrorBody, "description": reasons[code]} for code in codes}


TRUE, FALSE = ("true", "1", "yes", "on", "contested"), ("false", "0", "no", "off", "uncontested")


def parse_yes_no(name: str, value: str | None) -> bool | None:
    if value is None or value.strip() == "":
        return None
    if value.lower() in TRUE:
        return True
    if value.lower() in FALSE:
        return False
    raise HTTPException(422, f"{name} is true or false, not {value!r}")


def parse_number(name: str, value: str | None) -> float | None:
    if value is None or value.strip() == "":
        return None
    try:
        return float(value)
    except ValueError:
        raise HTTPException(422, f"{name} is a number, not {value!r}") from None


#: The shapes of a date filter (a month and a day that exist in some year) and of a confidence.
DATE_PATTERN = r"^(|[1-9][0-9]{3}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?)$"
CONFIDENCE_PATTERN = r"^(|0|1|0?\.[0-9]+|1\.0+|0\.[0-9]*)$"


def value_pattern(field) -> str | None:
    """The pattern the schema gives a filter's values, or None for free text and yes/no filters."""
    if field.choices:
        return "^(|" + "|".join(v for c in field.choices for v in (c, c.lower())) + ")$"
    if field.name in ("since", "until"):
        return DATE_PATTERN
    if field.kind is float:
        return CONFIDENCE_PATTERN
    return None


def filter_dependency():
    """A FastAPI dependency taking the store's filters (`FILTER_FIELDS`) as query parameters; empty
    values mean unset (a page's filter form sends every field). Bad values answer 422."""
    parameters = []
    for field in FILTER_FIELDS:
        help_text = field.help + (" true or false." if field.kind is bool else "")
        if field.choices:
            help_text += f" One of: {', '.join(field.choices)}."
        # The schema allows what the server accepts: a yes/no filter lists its words, a vocabulary its
        # values, a date or a number its shape (an empty value is unset: a page's form sends every field).
        annotation = Literal[("",) + TRUE + FALSE] | None if field.kind is bool else str | None
        parameters.append(inspect.Parameter(field.name, inspect.Parameter.KEYWORD_ONLY, annotation=annotation,
                                            default=Query(None, description=help_text, pattern=value_pattern(field))))

    def event_filter(**values: str | None) -> EventFilter:
        cleaned: dict[str, Any] = {}
        for field in FILTER_FIELDS:
            value = values.get(field.name)
            if field.kind is bool:
                cleaned[field.name] = parse_yes_no(field.name, value)
            elif field.kind is float:
                cleaned[field.name] = parse_number(field.name, value)
            else:
                cleaned[field.name] = (value.strip() or None) if value is not None else None
        cleaned["include_background"] = bool(cleaned["include_background"])
        try:
            return EventFilter(**cleaned)
        except FilterError as error:
            raise HTTPException(422, str(error)) from error

    event_filter.__signature__ = inspect.Signature(parameters, return_annotation=EventFilter)
    return event_filter


def query_parameter_names(dependant) -> set[str]:
    """The query parameters a route takes, its dependencies' included."""
    names = {parameter.alias for parameter in dependant.query_params}
    for dependency in dependant.dependencies:
        names |= query_parameter_names(dependency)
    return names


def known_parameters(request: Request) -> None:
    """422 for a query parameter the route does not take (a misspelt filter would otherwise select everything)."""
    route = request.scope.get("route")
    if route is None or not hasattr(route, "dependant"):
        return
    allowed = query_parameter_names(route.dependant)
    unknown = sorted(set(request.query_params) - allowed)
    if unknown:
        raise HTTPException(422, f"unknown query parameter(s) {', '.join(unknown)}; this endpoint takes: "
                                 f"{', '.join(sorted(allowed)) or 'none'}")


router = APIRouter(prefix="/api", dependencies=[Depends(known_parameters)], responses=error_responses(422))

FilterParameters = Annotated[EventFilter, Depends(filter_dependency())]


def paging(limit: int = Query(50, ge=1, le=1000, description="Items per page (at most 1,000)."),
           offset: int = Query(0, ge=0, le=MAX_OFFSET, description="Items to skip (at most 1,000,000,000).")) -> Paging:
    return Paging(limit, offset)


PagingParameters = Annotated[Paging, Depends(paging)]


def store(request: Request):
    yield from request.app.state.web.cursor()


Store = Annotated[Any, Depends(store)]


class Page(BaseModel):
    total: int = Field(description="How many items the filters select in all.")
    limit: int
    offset: int
    items: list[dict[str, Any]]


def found(item: Any, what: str, key: str) -> Any:
    if item is None:
        raise HTTPException(404, f"no {what} {key!r} in this store")
    return item


class Vocabularies(BaseModel):
    """The closed vocabularies of the records, in their canonical order (`records.py`, `store/filters.py`)."""

    categories: list[str] = Field(description="PLOVER's event categories (a record's `event`; the `category` filter).")
    quads: list[str] = Field(description="PLOVER's quads (a record's `quad`; the `quad` filter).")
    modalities: list[str] = Field(description="How the source tells the event (a record's `modality`).")
    date_precisions: list[str] = Field(description="What a record's `date` is known to (`date_precision`).")
    actor_types: list[str] = Field(description="What kind of party an actor is (an actor's `type`).")
    contradictions: list[str] = Field(description="Why a record contests its story (a record's `contradiction`).")
    disputes: list[str] = Field(description="A record's `contradiction` when it only disputes its story (weaker).")


#: The one answer of /api/vocabularies; the pages render the same object for their scripts and filter form.
VOCABULARIES = Vocabularies(categories=list(PLOVER_CATEGORIES), quads=list(QUADS), modalities=list(MODALITIES),
                            date_precisions=list(DATE_PRECISIONS), actor_types=list(ACTOR_TYPES),
                            contradictions=list(CONTESTING), disputes=list(DISPUTING))


@router.get("/vocabularies", response_model=Vocabularies, tags=["vocabularies"])
def get_vocabularies() -> Vocabularies:
    """Every closed vocabulary of the records: the values the filters accept and the records hold."""
    return VOCABULARIES


@router.get("/events", response_model=Page, tags=["events"])
def list_events(connection: Store, event_filter: FilterParameters, page: PagingParameters):
    """Event records in date order, with `story_id` and `contradiction` (why a record contests its story)."""
    return queries.events_page(connection, event_filter, page)


@router.get("/events/{event_id}", tags=["events"], responses=error_responses(404))
def get_event(connection: Store, event_id: str):
    """One event record."""
    return found(queries.event_by_id(connection, event_id), "event", event_id)


@router.get("/stories", response_model=Page, tags=["stories"])
def list_stories(connection: Store, event_filter: FilterParameters, page: PagingParameters,
                 min_reports: int = Query(1, ge=1, le=MAX_COUNT, description="Only stories with at least this many reports."),
                 min_outlets: int = Query(1, ge=1, le=MAX_COUNT, description="Only stories told by at least this many outlets.")):
    """Stories (reports of one event across documents) that have a selected record, most outlets first."""
    return queries.stories_page(connection, event_filter, page, min_reports, min_outlets)


@router.get("/stories/{story_id}", tags=["stories"], responses=error_responses(404))
def get_story(connection: Store, story_id: str):
    """A story with every report, the document it is in, and where its text was copied from."""
    story = found(queries.story_by_id(connection, story_id), "story", story_id)
    return {**story, "reports": queries.story_reports(connection, story_id)}


@router.get("/actors", response_model=Page, tags=["actors"])
def list_actors(connection: Store, event_filter: FilterParameters, page: PagingParameters,
                role: Literal["actor", "recipient", "attributed_to"] | None = Query(
                    None, description="Only actors in this role.")):
    """Actors of the selected events by canonical name, with their event counts by role."""
    return queries.actors_page(connection, event_filter, page, role)


@router.get("/places", response_model=Page, tags=["places"])
def list_places(connection: Store, event_filter: FilterParameters, page: PagingParameters):
    """Places where the selected events happened (GeoNames), with report counts."""
    return queries.places_page(connection, event_filter, page)


@router.get("/documents", response_model=Page, tags=["documents"])
def list_documents(connection: Store, event_filter: FilterParameters, page: PagingParameters):
    """Documents (without their text) that have a selected event; all documents when no filter is set."""
    return queries.documents_page(connection, event_filter, page)


@router.get("/documents/{doc_id}", tags=["documents"], responses=error_responses(404))
def get_document(connection: Store, doc_id: str):
    """A document's cleaned text (record offsets index it), its events, places and copied sentences."""
    document = found(queries.document_by_id(connection, doc_id), "document", doc_id)
    return {**document, "events": queries.document_events(connection, doc_id),
            "places": queries.document_places(connection, doc_id),
            "copies": queries.document_copies(connection, doc_id)}


@router.get("/counts", tags=["counts"])
def get_counts(connection: Store, event_filter: FilterParameters,
               by: Literal[tuple(queries.COUNT_KEYS)] = Query("category", description="What to count events by."),
               split: Literal[tuple(queries.COUNT_KEYS)] | None = Query(
                   None, description="A second key: one count per pair of values.")) -> list[dict[str, Any]]:
    """Selected events counted by day, month, year, category, quad, modality, place country, outlet or source."""
    return queries.counts(connection, event_filter, by, split)


@router.get("/timeline", tags=["counts"])
def get_timeline(connection: Store, event_filter: FilterParameters):
    """Reports per day (week or month for long spans) by quad, as the overview charts them."""
    return queries.timeline(connection, event_filter)


@router.get("/network", tags=["actors"])
def get_network(connection: Store, event_filter: FilterParameters,
                max_edges: int = Query(120, ge=1, le=1000, description="The most frequent actor pairs kept.")):
    """Who acts on whom: actors as nodes, actor -> recipient pairs as edges with cooperation and conflict counts."""
    return queries.network(connection, event_filter, max_edges)


@router.get("/map", tags=["places"])
def get_map(connection: Store, event_filter: FilterParameters):
    """Located events as points: one per place and quad, with the number of reports."""
    return queries.map_points(connection, event_filter)


@router.get("/map/events", response_model=Page, tags=["places"])
def get_map_events(connection: Store, event_filter: FilterParameters, page: PagingParameters,
                   lat: float = Query(..., ge=-90, le=90, description="Latitude of a point from /api/map."),
                   lon: float = Query(..., ge=-180, le=180, description="Longitude of a point from /api/map.")):
    """The selected events at one map point."""
    return queries.events_at(connection, event_filter, lat, lon, page)


@router.get("/basemap", tags=["places"], response_class=FileResponse)
def get_basemap(request: Request):
    """Country borders as GeoJSON (Natural Earth admin-0, public domain, simplified), for the map's base layer."""
    from eventwire.places.gazetteer import default_cache_dir
    from eventwire.web.basemap import borders_path

    settings = request.app.state.web.settings
    path = borders_path(settings.cache_dir or default_cache_dir())
    return FileResponse(path, media_type="application/geo+json", headers={"Cache-Control": "max-age=86400"})


class IngestDocument(BaseModel):
    id: str = Field(min_length=1, description="The document's own id (file name, URL); the store keys it by a hash of its text.")
    text: str = Field(min_length=1, description="The article text (at most 1,000,000 characters).")
    title: str | None = None
    date: str | None = Field(None, description="Publication date, ISO 8601.")
    url: str | None = None
    source: str | None = Field(None, description="The outlet that published it.")


class DocumentAnswer(BaseModel):
    number: int = Field(description="The document's place in the request, from 1.")
    id: str | None = Field(description="Its id, as sent.")
    status: Literal["stored", "already stored", "refused", "not coded"] = Field(
        description="stored; already stored (the same text is in the store); refused (it breaks the readers' "
                    "rules: no id, no text, too long); not coded (its language, or nothing left after cleaning).")
    reason: str | None = Field(description="Why it was not stored.")


class IngestResult(BaseModel):
    documents: int = Field(description="New documents stored (a text already stored is skipped).")
    near_duplicates: int
    events: int
    refused: int = Field(description="Documents refused or not coded; the answer is 207 when there are any.")
    skipped: list[str] = Field(description="Documents not stored, and why (readers' rules, language, empty text).")
    results: list[DocumentAnswer] = Field(description="One answer per document sent, in order.")


MAX_DOCUMENTS = 1000
INGEST_BODY = {"required": True, "content": {"application/json": {"schema": {
    "type": "array", "minItems": 1, "maxItems": MAX_DOCUMENTS, "items": IngestDocument.model_json_schema()}}}}


# Documents the bearer token in the OpenAPI schema; the check itself is `require_token`'s, so every
# refusal has eventwire's wording and a 401 (not FastAPI's 403 for a missing header).
BEARER = HTTPBearer(auto_error=False, description="The token the operator started the server with.")


def require_token(request: Request,
                  credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(BEARER)]) -> None:
    token = request.app.state.web.settings.ingest_token
    if not token:
        raise HTTPException(403, "this server is read-only: its operator starts it with an ingest token "
                                 "(--ingest-token or EVENTWIRE_INGEST_TOKEN) to allow ingest")
    given = credentials.credentials if credentials is not None else ""
    if credentials is None or not hmac.compare_digest(given.encode(), token.encode()):
        raise HTTPException(401, "ingest needs the header Authorization: Bearer TOKEN", {"WWW-Authenticate": "Bearer"})


async def read_body(request: Request, limit: int) -> bytes:
    """The body, refused (413) as soon as it is known to be over `limit`: from its Content-Length
    before reading, else while it streams in, never held past the limit."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise HTTPException(413, f"the body is {int(declared):,} bytes, over this server's {limit:,}-byte limit")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise HTTPException(413, f"the body is over this server's {limit:,}-byte limit")
        chunks.append(chunk)
    return b"".join(chunks)


@router.post("/ingest", response_model=IngestResult, tags=["ingest"], dependencies=[Depends(require_token)],
             responses={207: {"model": IngestResult, "description": "Some documents were refused: `results` says "
                                                                    "which and why; the others were stored."},
                        **error_responses(401, 403, 413)},
             openapi_extra={"requestBody": INGEST_BODY})
async def post_ingest(request: Request):
    """Code documents and add them to the store as `eventwire ingest` does (needs the operator's token).

    The body is a JSON array of documents. The token is checked before the body is read, and a body
    over the server's limit is refused (413). Each document is checked with the readers' rules: the
    answer is 200 when every one was stored (or was already), 207 when some were refused, with one
    result per document."""
    from eventwire.readers.base import ReadOptions
    from eventwire.web.ingest import BodyError, ingest_documents, parse_body

    settings = request.app.state.web.settings
    body = await read_body(request, settings.max_body_bytes)
    try:
        objects = await run_in_threadpool(parse_body, body, MAX_DOCUMENTS)
    except BodyError as error:
        raise HTTPException(422, str(error)) from None
    result = await run_in_threadpool(ingest_documents, request.app.state.web, objects, ReadOptions())
    return JSONResponse(IngestResult(**result).model_dump(), status_code=207 if result["refused"] else 200)
