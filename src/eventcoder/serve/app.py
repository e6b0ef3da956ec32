"""`eventcoder serve`: a JSON API over the store and the page an analyst keeps open.

Reads: events (filters, paging, sorting), one event with its sources side by side, one document
with all its extracted spans, aggregates per day / admin1 / type, map points, CSV and GeoJSON
export. Write: POST a document to ingest it, only with the configured bearer token.

Bounds: request bodies over ``max_body_bytes`` are refused (413), page sizes are capped, every
database query runs under a deadline (503 when exceeded), and every error is JSON
(`ErrorBody`) with a message, never a stack trace. Article text is untrusted: the page renders it
with ``textContent`` only, and a Content-Security-Policy forbids inline and foreign scripts.
"""

import csv
import hmac
import io
import json
import logging
import sqlite3
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlsplit

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, StreamingResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from sqlalchemy import Engine, func, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from eventcoder.serve import models
from eventcoder.serve.queries import (
    BBox,
    Dimension,
    Sort,
    WebFilter,
    aggregate,
    count_events,
    disagreements,
    document_spans,
    event_points,
    evidence_in_context,
    iter_events,
    list_events,
)
from eventcoder.store.ingest import Extractor
from eventcoder.store.query import event_record, event_sources, source_record
from eventcoder.store.schema import DocumentRow, EventRow, ReportRow

log = logging.getLogger("eventcoder.serve")
HERE = Path(__file__).resolve().parent
MAX_PAGE = 500
MAX_POINTS = 20_000
MAX_EXPORT = 100_000
MAX_BUCKETS = 10_000
# Ints beyond this are refused before they reach the database (SQLite's INTEGER is 64-bit).
MAX_INT = 10**9
# No NUL characters in text parameters (PostgreSQL refuses them in strings).
NO_NUL = r"^[^\x00]*$"
_NUMBER = r"\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*"
BBOX = rf"^{_NUMBER}(,{_NUMBER}){{3}}$"
EVENT_TYPES = [
    "Battles",
    "Explosions/Remote violence",
    "Violence against civilians",
    "Protests",
    "Riots",
    "Strategic developments",
]


@dataclass
class ServeConfig:
    """How the server runs; `eventcoder serve` fills it from its options."""

    db: str | None = None
    token: str | None = None
    tile_url: str | None = None
    tile_attribution: str = ""
    max_body_bytes: int = 2_000_000
    max_chars: int = 500_000
    query_timeout: float = 10.0
    extractor: Extractor | None = None
    engine: Engine | None = field(default=None, repr=False)


class QueryTimeoutError(Exception):
    pass


# --- bounds --------------------------------------------------------------------------------


class BodyLimit:
    """Refuse request bodies over ``limit`` bytes with a JSON 413, whether or not the client
    sent a Content-Length (a chunked body is read here, up to the limit, before the app)."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        if declared is not None:
            try:
                too_big = int(declared) > self.limit
            except ValueError:
                too_big = False
            if too_big:
                await self._refuse(send)
                return
            await self.app(scope, receive, send)
            return
        if scope.get("method") in ("GET", "HEAD", "OPTIONS", "DELETE"):
            await self.app(scope, receive, send)
            return
        # No Content-Length (a chunked body): read it here, up to the limit, then replay it.
        chunks: list[bytes] = []
        size = 0
        more = True
        while more:
            message = await receive()
            if message["type"] != "http.request":
                await self.app(scope, _replay([message], receive), send)
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.limit:
                await self._refuse(send)
                return
            chunks.append(chunk)
            more = message.get("more_body", False)
        body = b"".join(chunks)
        await self.app(
            scope,
            _replay([{"type": "http.request", "body": body, "more_body": False}], receive),
            send,
        )

    async def _refuse(self, send: Send) -> None:
        body = json.dumps(
            {"status": 413, "message": f"request body over {self.limit:,} bytes"}
        ).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})


def _replay(messages: list[Message], then: Receive) -> Receive:
    """A receive that gives ``messages`` first, then the server's own (for disconnects)."""
    queue = list(messages)

    async def receive() -> Message:
        if queue:
            return queue.pop(0)
        return await then()

    return receive


class _Deadline:
    """A query deadline on one session: SQLite is interrupted by a progress handler,
    PostgreSQL by ``statement_timeout``."""

    def __init__(self, session: Session, seconds: float) -> None:
        self.session = session
        self.seconds = seconds
        self.until = time.monotonic() + seconds
        self.raw: Any = None
        connection = session.connection()
        if connection.dialect.name == "sqlite":
            self.raw = connection.connection.driver_connection
            self.raw.set_progress_handler(self._expired, 2_000)
        elif connection.dialect.name == "postgresql":
            session.execute(text(f"SET LOCAL statement_timeout = {int(seconds * 1000)}"))

    def _expired(self) -> int:
        return 1 if time.monotonic() > self.until else 0

    def reset(self) -> None:
        self.until = time.monotonic() + self.seconds

    def close(self) -> None:
        if self.raw is not None:
            self.raw.set_progress_handler(None, 0)
            self.raw = None


def _is_timeout(error: BaseException) -> bool:
    original = getattr(error, "orig", error)
    if isinstance(original, sqlite3.OperationalError) and "interrupted" in str(original):
        return True
    return type(original).__name__ == "QueryCanceled"


# --- the app -------------------------------------------------------------------------------


def create_app(config: ServeConfig | None = None) -> FastAPI:
    """The FastAPI app over the store in ``config.db`` (opened, and migrated, once here)."""
    from eventcoder import __version__
    from eventcoder.store.db import open_engine

    config = config or ServeConfig()
    engine = config.engine or open_engine(config.db)
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    write_lock = threading.Lock()
    extractor_holder: dict[str, Extractor] = {}

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        if config.engine is None:
            engine.dispose()

    error_responses: dict[int | str, dict[str, Any]] = {
        code: {"model": models.ErrorBody, "description": description}
        for code, description in (
            (413, "Request body too large"),
            (422, "Invalid parameters"),
            (500, "Internal error (details in the server's log)"),
            (503, "A query took longer than the server's limit"),
        )
    }
    app = FastAPI(
        title="eventcoder",
        version=__version__,
        summary="Sourced, ACLED-style conflict events and the evidence behind every value.",
        description=(
            "Read endpoints are open; `POST /api/documents` needs the server's bearer token "
            "(`eventcoder serve --token-file FILE`). Errors are JSON: `{status, message}`."
        ),
        responses=error_responses,
        lifespan=lifespan,
    )
    app.state.config = config
    app.state.engine = engine

    # -- errors: JSON with a message, never a stack trace --------------------------------

    def error(status: int, message: str, details: list[dict[str, Any]] | None = None) -> Any:
        body = models.ErrorBody(status=status, message=message, details=details)
        return JSONResponse(body.model_dump(exclude_none=True), status_code=status)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_request: Request, exc: StarletteHTTPException) -> Any:
        response = error(exc.status_code, str(exc.detail))
        for name, value in (exc.headers or {}).items():
            response.headers[name] = value
        return response

    @app.exception_handler(RequestValidationError)
    async def invalid(_request: Request, exc: RequestValidationError) -> Any:
        details = [
            {"loc": [str(p) for p in e.get("loc", ())], "msg": str(e.get("msg", ""))}
            for e in exc.errors()
        ]
        message = "; ".join(f"{'.'.join(d['loc'][1:]) or d['loc'][0]}: {d['msg']}" for d in details)
        return error(422, f"invalid request: {message}"[:2000], details)

    @app.exception_handler(QueryTimeoutError)
    async def timed_out(_request: Request, _exc: QueryTimeoutError) -> Any:
        return error(
            503,
            f"the query took longer than {config.query_timeout:g} s; narrow the filters "
            "(dates, country, type) and try again",
        )

    @app.exception_handler(DBAPIError)
    async def database_error(_request: Request, exc: DBAPIError) -> Any:
        if _is_timeout(exc):
            return await timed_out(_request, QueryTimeoutError())
        log.exception("database error")
        return error(503, "the store could not answer; see the server's log")

    @app.exception_handler(Exception)
    async def crashed(_request: Request, _exc: Exception) -> Any:
        log.exception("unhandled error")
        return error(500, "internal error; the details are in the server's log")

    @app.middleware("http")
    async def security_headers(
        request: Request, call_next: Callable[[Request], Awaitable[Any]]
    ) -> Any:
        response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", _csp(config.tile_url))
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        response.headers.setdefault("X-Frame-Options", "DENY")
        return response

    app.add_middleware(BodyLimit, limit=config.max_body_bytes)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    # -- dependencies ------------------------------------------------------------------------

    def session() -> Iterator[Session]:
        with Session(engine) as db:
            deadline = _Deadline(db, config.query_timeout)
            try:
                yield db
            finally:
                deadline.close()

    DB = Annotated[Session, Depends(session)]

    def filters(
        since: Annotated[date | None, Query(description="First event date (YYYY-MM-DD).")] = None,
        until: Annotated[date | None, Query(description="Last event date (YYYY-MM-DD).")] = None,
        country: Annotated[
            str | None, Query(pattern=NO_NUL, max_length=100, description="e.g. Iraq")
        ] = None,
        admin1: Annotated[
            str | None,
            Query(pattern=NO_NUL, max_length=200, description="First-level region, e.g. Nineveh"),
        ] = None,
        event_type: Annotated[
            str | None,
            Query(pattern=NO_NUL, max_length=100, description="ACLED event type or sub-event type"),
        ] = None,
        actor: Annotated[
            str | None,
            Query(
                pattern=NO_NUL, max_length=200, description="Part of an actor's name (either side)"
            ),
        ] = None,
        location: Annotated[str | None, Query(pattern=NO_NUL, max_length=300)] = None,
        bbox: Annotated[
            str | None,
            Query(
                pattern=BBOX,
                max_length=200,
                description="west,south,east,north in degrees (west > east crosses 180°)",
                examples=["40.5,33.0,45.0,37.2"],
            ),
        ] = None,
        min_fatalities: Annotated[int | None, Query(ge=0, le=MAX_INT)] = None,
        min_sources: Annotated[int | None, Query(ge=0, le=MAX_INT)] = None,
    ) -> WebFilter:
        texts = (country, admin1, event_type, actor, location, bbox)
        if any(t is not None and "\x00" in t for t in texts):
            raise HTTPException(422, "parameters must not contain NUL characters")
        try:
            box = BBox.parse(bbox) if bbox else None
        except ValueError as exc:
            raise HTTPException(422, str(exc)) from exc
        return WebFilter(
            since=since,
            until=until,
            country=country or None,
            admin1=admin1 or None,
            event_type=event_type or None,
            actor=actor or None,
            location=location or None,
            bbox=box,
            min_fatalities=min_fatalities,
            min_sources=min_sources,
        )

    Filters = Annotated[WebFilter, Depends(filters)]
    bearer = HTTPBearer(auto_error=False, description="The token in --token-file")

    def writer(
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
    ) -> None:
        if not config.token:
            raise HTTPException(
                403, "writes are disabled: start the server with --token-file to allow them"
            )
        if credentials is None or not hmac.compare_digest(
            credentials.credentials.encode(), config.token.encode()
        ):
            raise HTTPException(
                401, "a valid bearer token is required", headers={"WWW-Authenticate": "Bearer"}
            )

    def extractor() -> Extractor:
        if config.extractor is not None:
            return config.extractor
        if "default" not in extractor_holder:
            from eventcoder.pipeline import extract_documents
            from eventcoder.resolve.gazetteer import Gazetteer

            gazetteer = Gazetteer.default()
            extractor_holder["default"] = lambda docs: extract_documents(docs, gazetteer)
        return extractor_holder["default"]

    # -- the page ------------------------------------------------------------------------------

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def page(request: Request) -> Any:
        return templates.TemplateResponse(
            request,
            "index.html",
            {
                "version": __version__,
                "tile_url": config.tile_url or "",
                "tile_attribution": config.tile_attribution,
                "event_types": EVENT_TYPES,
                "writable": bool(config.token),
            },
        )

    # -- read endpoints ----------------------------------------------------------------------

    @app.get("/api/health", tags=["meta"])
    def health(db: DB) -> dict[str, int | str]:
        """The store answers: counts of events and documents."""
        events = db.scalar(select(func.count()).select_from(EventRow)) or 0
        documents = db.scalar(select(func.count()).select_from(DocumentRow)) or 0
        return {"status": "ok", "events": int(events), "documents": int(documents)}

    @app.get("/api/events", response_model=models.EventPage, tags=["events"])
    def events(
        db: DB,
        where: Filters,
        sort: Annotated[Sort, Query(description="-date (newest first), date, -fatalities...")] = (
            Sort.newest
        ),
        limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 100,
        offset: Annotated[int, Query(ge=0, le=MAX_INT)] = 0,
    ) -> Any:
        """Merged events matching the filters, a page at a time."""
        rows = list_events(db, where, sort=sort, limit=limit, offset=offset)
        return {
            "total": count_events(db, where),
            "limit": limit,
            "offset": offset,
            "events": [_summary(row) for row in rows],
        }

    @app.get("/api/events/points", response_model=models.PointSet, tags=["events"])
    def points(
        db: DB, where: Filters, limit: Annotated[int, Query(ge=1, le=MAX_POINTS)] = MAX_POINTS
    ) -> Any:
        """Every placed event matching the filters, compactly, for the map (the deadliest
        first when there are more than ``limit``)."""
        rows = event_points(db, where, limit)
        total = count_events(db, where, placed=True) if len(rows) >= limit else len(rows)
        return {
            "total": total,
            "truncated": total > len(rows),
            "points": [
                {
                    "event_id": r.id,
                    "latitude": r.latitude,
                    "longitude": r.longitude,
                    "fatalities": r.fatalities,
                    "event_type": r.event_type,
                    "event_date": r.event_date,
                }
                for r in rows
            ],
        }

    @app.get(
        "/api/events/{event_id}",
        response_model=models.EventDetail,
        tags=["events"],
        responses={404: {"model": models.ErrorBody, "description": "No such event"}},
    )
    def event(db: DB, event_id: Annotated[str, PathParam(pattern=NO_NUL, max_length=64)]) -> Any:
        """One event with each source's own values, the evidence for each (with its sentence),
        which values came from which source, and where the sources disagree."""
        row = db.get(EventRow, event_id)
        if row is None:
            raise HTTPException(404, f"no event {event_id!r}")
        sources = event_sources(db, row.id)
        record = event_record(row, [])
        used: dict[str, list[str]] = {}
        for name, ids in (row.provenance or {}).items():
            for report_id in str(ids).split(","):
                used.setdefault(report_id, []).append(name)
        record["sources"] = [
            {
                **source_record(s),
                "evidence": evidence_in_context(s),
                "used_for": sorted(used.get(s.report.id, [])),
            }
            for s in sources
        ]
        record["disagreements"] = disagreements(record["sources"])
        return record

    @app.get(
        "/api/documents/{document_id}",
        response_model=models.DocumentDetail,
        tags=["documents"],
        responses={404: {"model": models.ErrorBody, "description": "No such document"}},
    )
    def document(
        db: DB, document_id: Annotated[str, PathParam(pattern=NO_NUL, max_length=64)]
    ) -> Any:
        """One document: its text, its reports and every span extracted from it."""
        row = db.get(DocumentRow, document_id)
        if row is None:
            raise HTTPException(404, f"no document {document_id!r}")
        reports = list(
            db.scalars(
                select(ReportRow).where(ReportRow.document_id == row.id).order_by(ReportRow.id)
            )
        )
        result = row.result or {}
        return {
            "id": row.id,
            "url": row.url,
            "outlet": row.outlet,
            "published": row.published,
            "title": row.title,
            "source_name": row.source_name,
            "text": row.text,
            "reports": [{"report_id": r.id, **r.record, "event_id": r.event_id} for r in reports],
            "totals": result.get("totals", []),
            "figures": result.get("figures", []),
            "notes": result.get("notes", []),
            "spans": document_spans(row, reports),
        }

    @app.get("/api/aggregates/{dimension}", response_model=models.Aggregate, tags=["aggregates"])
    def aggregates(db: DB, where: Filters, dimension: Dimension) -> Any:
        """Events and fatalities per day, country, admin1, event type or sub-event type."""
        rows = aggregate(db, where, dimension, MAX_BUCKETS + 1)
        return {
            "dimension": dimension.value,
            "truncated": len(rows) > MAX_BUCKETS,
            "buckets": [
                {"key": None if key is None else str(key), "events": n, "fatalities": f}
                for key, n, f in rows[:MAX_BUCKETS]
            ],
        }

    def export_stream(
        where: WebFilter, limit: int, write: Callable[[dict[str, Any], io.StringIO], None]
    ) -> Iterator[str]:
        # Its own session: a streamed body outlives the request's dependencies.
        with Session(engine) as db:
            deadline = _Deadline(db, config.query_timeout)
            try:
                buffer = io.StringIO()
                for row, sources in iter_events(db, where, limit):
                    write(event_record(row, sources), buffer)
                    if buffer.tell() > 65_536:
                        yield buffer.getvalue()
                        buffer = io.StringIO()
                        deadline.reset()
                yield buffer.getvalue()
            finally:
                deadline.close()

    ExportLimit = Annotated[int, Query(ge=1, le=MAX_EXPORT, description="At most this many events")]

    @app.get(
        "/api/export.csv",
        tags=["export"],
        response_class=StreamingResponse,
        responses={200: {"content": {"text/csv": {}}, "description": "ACLED CSV"}},
    )
    def export_csv(where: Filters, limit: ExportLimit = MAX_EXPORT) -> Any:
        """The filtered events as ACLED's 31 columns, then ours (as `eventcoder export`)."""
        from eventcoder.export.corpus import CSV_COLUMNS, acled_event_row

        def header() -> Iterator[str]:
            out = io.StringIO()
            csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n").writeheader()
            yield out.getvalue()

        def write(record: dict[str, Any], out: io.StringIO) -> None:
            row = acled_event_row(record)
            csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n").writerow(
                {k: ("" if row.get(k) is None else row.get(k)) for k in CSV_COLUMNS}
            )

        def body() -> Iterator[str]:
            yield from header()
            yield from export_stream(where, limit, write)

        return StreamingResponse(
            body(),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": 'attachment; filename="events.csv"'},
        )

    @app.get(
        "/api/export.geojson",
        tags=["export"],
        response_class=StreamingResponse,
        responses={200: {"content": {"application/geo+json": {}}, "description": "GeoJSON points"}},
    )
    def export_geojson(where: Filters, limit: ExportLimit = MAX_EXPORT) -> Any:
        """The filtered events as a GeoJSON FeatureCollection of points (events without
        coordinates are left out)."""
        from eventcoder.export.corpus import geojson_feature

        first = [True]

        def write(record: dict[str, Any], out: io.StringIO) -> None:
            feature = geojson_feature(record)
            if feature is not None:
                out.write(
                    ("" if first[0] else ",") + "\n" + json.dumps(feature, ensure_ascii=False)
                )
                first[0] = False

        def body() -> Iterator[str]:
            yield '{"type": "FeatureCollection", "features": ['
            yield from export_stream(where, limit, write)
            yield "\n]}\n"

        return StreamingResponse(
            body(),
            media_type="application/geo+json",
            headers={"Content-Disposition": 'attachment; filename="events.geojson"'},
        )

    # -- write endpoint ----------------------------------------------------------------------

    @app.post(
        "/api/documents",
        response_model=models.IngestResult,
        status_code=201,
        tags=["documents"],
        dependencies=[Depends(writer)],
        responses={
            200: {"model": models.IngestResult, "description": "Already in the store"},
            400: {"model": models.ErrorBody, "description": "The body is not UTF-8 JSON"},
            401: {"model": models.ErrorBody, "description": "Missing or wrong bearer token"},
            403: {"model": models.ErrorBody, "description": "The server accepts no writes"},
        },
    )
    def ingest_document(payload: models.DocumentIn) -> Any:
        """Ingest one article: extract its events, store them and merge them with the reports
        of the same incidents (as `eventcoder ingest`)."""
        from eventcoder.ingest.checks import InputProblemError
        from eventcoder.ingest.readers import document_from_text
        from eventcoder.store.ingest import ingest

        if "\x00" in payload.text:
            raise HTTPException(422, "the text contains NUL characters")
        try:
            document = document_from_text(
                payload.text,
                published=payload.published,
                url=payload.url,
                outlet=payload.outlet,
                title=payload.title,
                source_name=f"POST /api/documents {payload.url or ''}".strip(),
                max_chars=config.max_chars,
            )
        except InputProblemError as exc:
            raise HTTPException(422, str(exc)) from exc
        with write_lock:
            summary = ingest(engine, [document], extractor=extractor())
        if summary.failed:
            raise HTTPException(
                422, "extraction failed on this text; it is recorded in the quarantine"
            )
        with Session(engine) as db:
            ids = sorted(
                set(
                    db.scalars(
                        select(ReportRow.event_id).where(ReportRow.document_id == document.id)
                    )
                )
            )
        body = {"document_id": document.id, "stored": summary.stored > 0, "event_ids": ids}
        return JSONResponse(body, status_code=201 if summary.stored else 200)

    return app


def _summary(row: Any) -> dict[str, Any]:
    values: dict[str, Any] = row._asdict()
    values["event_id"] = values.pop("id")
    return values


def _csp(tile_url: str | None) -> str:
    images = "'self' data:"
    if tile_url:
        parts = urlsplit(tile_url)
        if parts.scheme in ("http", "https") and parts.netloc:
            images += f" {parts.scheme}://{parts.netloc.replace('{s}', '*')}"
    return (
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        f"img-src {images}; connect-src 'self'; object-src 'none'; base-uri 'none'; "
        "form-action 'self'; frame-ancestors 'none'"
    )
