"""The pages: overview, map, actor network, event and story lists, story, event and document views.

Each page is rendered on the server from the same queries as the API, with the filters taken from
the URL (so a view can be shared by its address) and kept in every link between views. Charts are
drawn by the package's scripts from the page's data, embedded as JSON with `tojson` (which escapes
`<`, `>`, `&` and quotes, so no text from an article can close the script element).
"""

from __future__ import annotations

from dataclasses import asdict, fields, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader

from eventwire.store.query import CONTESTING, DISPUTING, EventFilter
from eventwire.web import queries
from eventwire.web.api import VOCABULARIES, FilterParameters, PagingParameters, Store, found
from eventwire.web.highlight import event_marks, highlighted, place_marks

# Autoescaping on for every template: article text and titles reach pages only escaped.
#: The web package's folder (templates beside this module; app.py mounts static/ from the same place).
PACKAGE = Path(__file__).resolve().parent
templates = Jinja2Templates(env=Environment(loader=FileSystemLoader(PACKAGE / "templates"), autoescape=True))


def noun(count: int, word: str, words: str | None = None) -> str:
    """The word for a count, in templates: `{{ n|noun("event") }}`, `{{ n|noun("story", "stories") }}`."""
    return word if count == 1 else words or word + "s"


templates.env.filters["noun"] = noun
router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)

VIEWS = (("overview", "/", "Overview"), ("map", "/map", "Map"), ("network", "/network", "Actor network"),
         ("stories", "/stories", "Stories"), ("events", "/events", "Events"))


def filter_query(event_filter: EventFilter, **extra: Any) -> str:
    """The filters as a query string, set ones only, for links that keep them."""
    values = {name: value for name, value in asdict(event_filter).items() if value not in (None, "")}
    values = {name: ("true" if value else "false") if isinstance(value, bool) else value
              for name, value in values.items() if not (name == "include_background" and value is False)}
    values.update({name: value for name, value in extra.items() if value not in (None, "")})
    return urlencode(values)


FILTER_FIELDS = {field.name for field in fields(EventFilter)}


def linker(event_filter: EventFilter):
    """`link(path, **changes)` for templates: `path` with the current filters, some changed or added."""

    def link(path: str, **changes: Any) -> str:
        changed = replace(event_filter, **{k: v for k, v in changes.items() if k in FILTER_FIELDS})
        query = filter_query(changed, **{k: v for k, v in changes.items() if k not in FILTER_FIELDS})
        return f"{path}?{query}" if query else path

    return link


def render(request: Request, template: str, view: str, event_filter: EventFilter, **context: Any) -> HTMLResponse:
    return templates.TemplateResponse(request, template, {
        "view": view, "views": VIEWS, "filters": asdict(event_filter), "query": filter_query(event_filter),
        "link": linker(event_filter),
        "vocabularies": VOCABULARIES.model_dump(),
        "read_only": request.app.state.web.settings.read_only, **context})


@router.get("/")
def overview(request: Request, connection: Store, event_filter: FilterParameters):
    data = {
        "timeline": queries.timeline(connection, event_filter),
        "categories": queries.counts(connection, event_filter, "category"),
    }
    return render(request, "overview.html", "overview", event_filter, data=data,
                  summary=queries.store_summary(connection, event_filter),
                  pairs=queries.top_pairs(connection, event_filter, 10),
                  contested=queries.latest_contested_stories(connection, event_filter, 10))


@router.get("/map")
def map_view(request: Request, connection: Store, event_filter: FilterParameters):
    points = queries.map_points(connection, event_filter)
    return render(request, "map.html", "map", event_filter, data={"points": points},
                  located=sum(p["reports"] for p in points), places=len({(p["lat"], p["lon"]) for p in points}))


@router.get("/network")
def network_view(request: Request, connection: Store, event_filter: FilterParameters):
    # More pairs than fit at once: generic actors are hidden by default and the slider hides more.
    graph = queries.network(connection, event_filter, 120)
    return render(request, "network.html", "network", event_filter, data=graph)


@router.get("/stories")
def stories_view(request: Request, connection: Store, event_filter: FilterParameters, page: PagingParameters):
    found = queries.stories_page(connection, event_filter, page)
    return render(request, "stories.html", "stories", event_filter, page=found,
                  pages=page_links(event_filter, page, found["total"]))


@router.get("/events")
def events_view(request: Request, connection: Store, event_filter: FilterParameters, page: PagingParameters):
    found = queries.events_page(connection, event_filter, page)
    return render(request, "events.html", "events", event_filter, page=found,
                  pages=page_links(event_filter, page, found["total"]))


def page_links(event_filter: EventFilter, page: queries.Paging, total: int) -> dict[str, Any]:
    link = linker(event_filter)
    following = page.offset + page.limit
    limit = page.limit if page.limit != queries.Paging.limit else None
    return {
        "previous": link("", limit=limit, offset=max(0, page.offset - page.limit) or None) if page.offset else None,
        "next": link("", limit=limit, offset=following) if following < total else None,
        "first": page.offset + 1 if total else 0, "last": min(total, following), "total": total,
    }


@router.get("/stories/{story_id}")
def story_view(request: Request, connection: Store, event_filter: FilterParameters, story_id: str):
    story = found(queries.story_by_id(connection, story_id), "story", story_id)
    reports = queries.story_reports(connection, story_id)
    for report in reports:
        # The evidence sentence alone, trigger and actors marked (offsets move to the sentence).
        shift = report["sent_start"] or 0
        marks = [replace(m, start=m.start - shift, end=m.end - shift) for m in event_marks(report, with_sentence=False)]
        report["sentence_html"] = highlighted(report["sentence"] or "", marks)
    return render(request, "story.html", "stories", event_filter, story=story, reports=reports,
                  contradicting=[r for r in reports if r["contradiction"] in CONTESTING],
                  disputing=[r for r in reports if r["contradiction"] in DISPUTING])


@router.get("/events/{event_id}")
def event_view(request: Request, connection: Store, event_filter: FilterParameters, event_id: str):
    event = found(queries.event_by_id(connection, event_id), "event", event_id)
    document = queries.document_by_id(connection, event["doc_id"])
    text = highlighted(document["text"], event_marks(event), anchor=event["sent_start"]) if document else None
    story = queries.story_by_id(connection, event["story_id"]) if event["story_id"] else None
    return render(request, "event.html", "events", event_filter, event=event, document=document, text=text,
                  story=story)


@router.get("/documents/{doc_id}")
def document_view(request: Request, connection: Store, event_filter: FilterParameters, doc_id: str):
    document = found(queries.document_by_id(connection, doc_id), "document", doc_id)
    events = queries.document_events(connection, doc_id)
    places = queries.document_places(connection, doc_id)
    marks = place_marks(places) + [mark for event in events for mark in event_marks(event)]
    return render(request, "document.html", "documents", event_filter, document=document, events=events,
                  places=places, copies=queries.document_copies(connection, doc_id),
                  text=highlighted(document["text"], marks))
