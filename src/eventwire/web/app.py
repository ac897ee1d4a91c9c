"""The FastAPI application behind `eventwire serve`: the JSON API (`api.py`) and the pages (`pages.py`).

Everything a request needs hangs off one `WebState` on `app.state`: the settings, the store
connection and, only once ingest has been asked for, the coder. The store is opened read-only
unless the operator set an ingest token, so a server started without one cannot change it.
Every asset (scripts, styles, Swagger UI, the borders) is served from installed packages: the
pages work with no network, and the Content-Security-Policy lets them load nothing from elsewhere.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
from fastapi import FastAPI, Request
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.staticfiles import StaticFiles
from fastapi_offline import FastAPIOffline

from eventwire.store import open_store

PACKAGE = Path(__file__).resolve().parent

# Pages run only the package's own scripts; the Swagger UI page starts with an inline script.
PAGE_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
               "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'")
DOCS_POLICY = PAGE_POLICY.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'").replace(
    "style-src 'self'", "style-src 'self' 'unsafe-inline'")


@dataclass(frozen=True)
class WebSettings:
    db: Path
    ingest_token: str | None = None  # POST /api/ingest needs it as a bearer token; None: the store stays read-only
    cache_dir: Path | None = None  # where the simplified country borders are kept (default: the eventwire cache)
    # POST /api/ingest bodies over this are refused (413): 1,000 documents of a few kilobytes each fit
    # many times over, and parsing 32 MB of JSON stays far below the 1 GB a process may use.
    max_body_bytes: int = 32_000_000

    @property
    def read_only(self) -> bool:
        return not self.ingest_token


@dataclass
class WebState:
    settings: WebSettings
    connection: duckdb.DuckDBPyConnection
    ingest_lock: threading.Lock = field(default_factory=threading.Lock)
    coder: Any = None  # loaded by the first ingest request

    def cursor(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor per request: DuckDB connections are not shared between threads, cursors are cheap."""
        cursor = self.connection.cursor()
        try:
            yield cursor
        finally:
            cursor.close()


DOCS_PATHS = ("/docs",)


def create_app(settings: WebSettings) -> FastAPI:
    """The application over one store; the caller closes it with `app.state.web.connection.close()`."""
    from eventwire.web import api, pages

    # FastAPIOffline is FastAPI with /docs and /redoc served from its own package files, not a CDN.
    app: FastAPI = FastAPIOffline(
        title="eventwire",
        summary="PLOVER political event records, stories, actors, places and documents from an eventwire store.",
        description=api.DESCRIPTION,
        version="1",
        favicon_url="/static/favicon.svg",
        redoc_url=None,  # ReDoc fetches its logo from the web and starts a blob worker: /docs is enough
    )
    app.state.web = WebState(settings, open_store(settings.db, read_only=settings.read_only))
    app.add_middleware(GZipMiddleware, minimum_size=1000)

    @app.middleware("http")
    async def security_headers(request: Request, call_next):
        response = await call_next(request)
        policy = DOCS_POLICY if request.url.path in DOCS_PATHS else PAGE_POLICY
        response.headers.setdefault("Content-Security-Policy", policy)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"
        return response

    app.mount("/static", StaticFiles(directory=PACKAGE / "static"), name="static")

    app.include_router(api.router)
    app.include_router(pages.router)
    return app
