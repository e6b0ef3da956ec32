"""The queries behind the web API, on top of `eventcoder.store.query`.

The store's `EventFilter` gives the filters the CLI shares (country, dates, type, location,
fatalities, sources); the web adds admin1, an actor, a bounding box, sorting and paging, and the
aggregates the timeline and the facets draw. Everything here is plain SQLAlchemy Core over the
store's tables, the same on SQLite and PostgreSQL.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, or_, select
from sqlalchemy.orm import Session, defer

from eventcoder.store.query import EventFilter, SourceReport
from eventcoder.store.schema import DocumentRow, EventRow, ReportRow

ACTOR_FIELDS = ("actor1", "actor2", "assoc_actor_1", "assoc_actor_2")
# The fields an analyst compares across sources (the page marks where these disagree).
COMPARED_FIELDS = (
    "event_date",
    "event_type",
    "sub_event_type",
    "country",
    "admin1",
    "location",
    "fatalities",
    "injured",
    "actor1",
    "actor2",
)


class Sort(StrEnum):
    newest = "-date"
    oldest = "date"
    deadliest = "-fatalities"
    least_deadly = "fatalities"


class Dimension(StrEnum):
    day = "day"
    country = "country"
    admin1 = "admin1"
    event_type = "event_type"
    sub_event_type = "sub_event_type"


@dataclass(frozen=True)
class BBox:
    """West, south, east, north in degrees; west > east crosses the antimeridian."""

    west: float
    south: float
    east: float
    north: float

    @classmethod
    def parse(cls, value: str) -> BBox:
        """Four numbers, made sane rather than refused: latitudes clamped to [-90, 90] (south
        and north swapped if need be), longitudes wrapped into [-180, 180] as a panned map gives
        them, and a box 360° wide or more is the whole world.

        >>> BBox.parse("40.5,33,45,37.2")
        BBox(west=40.5, south=33.0, east=45.0, north=37.2)
        >>> BBox.parse("170,-10,190,10")
        BBox(west=170.0, south=-10.0, east=-170.0, north=10.0)
        """
        parts = value.split(",")
        if len(parts) != 4:
            raise ValueError("bbox must be four numbers: west,south,east,north")
        try:
            west, south, east, north = (float(p) for p in parts)
        except ValueError as error:
            raise ValueError("bbox must be four numbers: west,south,east,north") from error
        if any(math.isnan(x) for x in (west, south, east, north)):
            raise ValueError("bbox must be four numbers: west,south,east,north")
        west, east = (max(-1e6, min(1e6, x)) for x in (west, east))
        south, north = sorted((max(-90.0, min(90.0, south)), max(-90.0, min(90.0, north))))
        if abs(east - west) >= 360:
            return cls(-180.0, south, 180.0, north)

        def wrap(x: float) -> float:
            return x if -180 <= x <= 180 else (x + 180) % 360 - 180

        return cls(wrap(west), south, wrap(east), north)

    def condition(self) -> ColumnElement[bool]:
        lat = EventRow.latitude.between(self.south, self.north)
        if self.west <= self.east:
            return and_(lat, EventRow.longitude.between(self.west, self.east))
        return and_(lat, or_(EventRow.longitude >= self.west, EventRow.longitude <= self.east))


@dataclass(frozen=True)
class WebFilter:
    """The filters of the API and the page (every condition given must hold)."""

    since: date | None = None
    until: date | None = None
    country: str | None = None
    admin1: str | None = None
    event_type: str | None = None
    actor: str | None = None
    location: str | None = None
    bbox: BBox | None = None
    min_fatalities: int | None = None
    min_sources: int | None = None

    def apply(self, query: Select[Any]) -> Select[Any]:
        base = EventFilter(
            country=self.country,
            since=self.since,
            until=self.until,
            event_type=self.event_type,
            location=self.location,
            min_fatalities=self.min_fatalities,
            min_sources=self.min_sources,
        )
        query = base.apply(query).order_by(None)
        if self.admin1:
            query = query.where(func.lower(EventRow.admin1) == self.admin1.lower())
        if self.actor:
            wanted = self.actor.lower()
            query = query.where(
                or_(
                    *(
                        func.lower(EventRow.record[name].as_string()).contains(
                            wanted, autoescape=True
                        )
                        for name in ACTOR_FIELDS
                    )
                )
            )
        if self.bbox:
            query = query.where(self.bbox.condition())
        return query


def _ordered(query: Select[Any], sort: Sort) -> Select[Any]:
    column: Any = EventRow.event_date if sort in (Sort.newest, Sort.oldest) else EventRow.fatalities
    key = column.desc().nulls_last() if sort.value.startswith("-") else column.asc().nulls_last()
    return query.order_by(key, EventRow.id)


def count_events(session: Session, where: WebFilter, *, placed: bool = False) -> int:
    query = where.apply(select(func.count()).select_from(EventRow))
    if placed:
        query = query.where(EventRow.latitude.is_not(None), EventRow.longitude.is_not(None))
    return int(session.scalar(query) or 0)


# The columns of a whole event, read as plain rows (no ORM objects to build).
_WHOLE = [
    EventRow.id,
    EventRow.event_date,
    EventRow.event_type,
    EventRow.sub_event_type,
    EventRow.country,
    EventRow.admin1,
    EventRow.location,
    EventRow.latitude,
    EventRow.longitude,
    EventRow.fatalities,
    EventRow.fatalities_low,
    EventRow.fatalities_high,
    EventRow.n_sources,
]
# What a listed event shows from its record, extracted by the database: parsing each record's
# JSON (evidence included) in Python would cost more than the rest of the request.
_RECORD_TEXT = ("actor1", "actor2", "admin2", "notes")
_RECORD_INT = ("time_precision", "geo_precision", "injured")
_SUMMARY = [
    *_WHOLE,
    *(EventRow.record[name].as_string().label(name) for name in _RECORD_TEXT),
    *(EventRow.record[name].as_integer().label(name) for name in _RECORD_INT),
]


def list_events(
    session: Session,
    where: WebFilter,
    *,
    sort: Sort,
    limit: int,
    offset: int,
    whole: bool = False,
) -> list[Any]:
    """A page of events as rows: the fields of `EventSummary`, or with ``whole`` the attributes
    of `EventRow` (its ``record`` and ``provenance`` too)."""
    columns = [*_WHOLE, EventRow.record, EventRow.provenance] if whole else _SUMMARY
    query = _ordered(where.apply(select(*columns)), sort).limit(limit).offset(offset)
    return list(session.execute(query).all())


def event_points(session: Session, where: WebFilter, limit: int) -> list[Any]:
    """Id, coordinates, fatalities and type of each placed event (for the map), deadliest first
    so a truncated set keeps the events that matter most."""
    query: Select[Any] = where.apply(
        select(  # type: ignore[arg-type]
            EventRow.id,
            EventRow.latitude,
            EventRow.longitude,
            EventRow.fatalities,
            EventRow.event_type,
            EventRow.event_date,
        )
    ).where(EventRow.latitude.is_not(None), EventRow.longitude.is_not(None))
    query = _ordered(query, Sort.deadliest).limit(limit)
    return list(session.execute(query).all())


def aggregate(
    session: Session, where: WebFilter, dimension: Dimension, limit: int
) -> list[tuple[Any, int, int]]:
    """(key, events, fatalities) per day, country, admin1 or type; days in order, the rest by
    number of events."""
    column: Any = {
        Dimension.day: EventRow.event_date,
        Dimension.country: EventRow.country,
        Dimension.admin1: EventRow.admin1,
        Dimension.event_type: EventRow.event_type,
        Dimension.sub_event_type: EventRow.sub_event_type,
    }[dimension]
    events = func.count().label("events")
    fatalities = func.coalesce(func.sum(EventRow.fatalities), 0).label("fatalities")
    query = where.apply(select(column, events, fatalities)).group_by(column)
    if dimension is Dimension.day:
        query = query.where(column.is_not(None)).order_by(column)
    else:
        query = query.order_by(events.desc(), column)
    return [(key, int(n), int(f)) for key, n, f in session.execute(query.limit(limit)).all()]


def sources_of(session: Session, event_ids: Sequence[str]) -> dict[str, list[SourceReport]]:
    """The reports of many events in one query (without the documents' text), oldest first."""
    grouped: dict[str, list[SourceReport]] = defaultdict(list)
    if not event_ids:
        return grouped
    rows = session.execute(
        select(ReportRow, DocumentRow)
        .join(DocumentRow, DocumentRow.id == ReportRow.document_id)
        .where(ReportRow.event_id.in_(list(event_ids)))
        .options(defer(DocumentRow.text), defer(DocumentRow.result))
        .order_by(DocumentRow.published, DocumentRow.id, ReportRow.id)
    ).all()
    for report, document in rows:
        grouped[report.event_id].append(SourceReport(report, document))
    return grouped


def iter_events(
    session: Session, where: WebFilter, limit: int, batch: int = 500
) -> Iterator[tuple[Any, list[SourceReport]]]:
    """Filtered events in date order with their sources, loaded a batch at a time."""
    offset = 0
    while offset < limit:
        rows = list_events(
            session,
            where,
            sort=Sort.oldest,
            limit=min(batch, limit - offset),
            offset=offset,
            whole=True,
        )
        if not rows:
            return
        sources = sources_of(session, [row.id for row in rows])
        for row in rows:
            yield row, sources.get(row.id, [])
        offset += len(rows)


# --- evidence in context -------------------------------------------------------------------

_BOUNDARY = re.compile(r"[.!?][\"'”’)\]]*\s+|\n\s*")


def sentence_bounds(text: str, start: int, end: int, reach: int = 400) -> tuple[int, int]:
    """The sentence around ``text[start:end]`` by punctuation (at most ``reach`` characters
    either side), for spans no pipeline sentence contains.

    >>> t = "A bomb went off. Five were killed in Mosul. Police said."
    >>> s, e = sentence_bounds(t, t.index("Five"), t.index("Five") + 4)
    >>> t[s:e]
    'Five were killed in Mosul.'
    """
    low = max(0, start - reach)
    begin = low
    for match in _BOUNDARY.finditer(text, low, start):
        begin = match.end()
    high = min(len(text), end + reach)
    after = _BOUNDARY.search(text, end, high)
    finish = high if after is None else after.start() + len(after.group().rstrip())
    return begin, max(finish, end)


def evidence_in_context(source: SourceReport) -> dict[str, list[dict[str, Any]]]:
    """Each evidence span of a report with the sentence it stands in (offsets into the
    document's text): the pipeline's own sentence (its ``notes`` spans) when one contains the
    span, else a sentence found by punctuation."""
    text = source.document.text
    evidence: dict[str, list[dict[str, Any]]] = source.report.record.get("evidence") or {}
    sentences = [(s["start"], s["end"]) for s in evidence.get("notes", [])]
    out: dict[str, list[dict[str, Any]]] = {}
    for name, spans in evidence.items():
        items = []
        for span in spans:
            start, end = int(span["start"]), int(span["end"])
            around = next(
                ((s, e) for s, e in sentences if s <= start and end <= e and e - s <= 2000),
                None,
            )
            s, e = around or sentence_bounds(text, start, end)
            items.append(
                {
                    "start": start,
                    "end": end,
                    "text": text[start:end],
                    "sentence": {"start": s, "end": e, "text": text[s:e]},
                }
            )
        out[name] = items
    return out


def disagreements(records: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Fields on which the sources of one event give different values, with who says what."""
    out = []
    for name in COMPARED_FIELDS:
        values: dict[str, list[str]] = {}
        for record in records:
            value = record.get(name)
            if value is not None:
                values.setdefault(str(value), []).append(record["report_id"])
        if len(values) > 1:
            out.append(
                {
                    "field": name,
                    "values": [{"value": v, "report_ids": ids} for v, ids in values.items()],
                }
            )
    return out


def document_spans(document: DocumentRow, reports: Sequence[ReportRow]) -> list[dict[str, Any]]:
    """Every extracted span of a document (events' evidence, totals, figures), one entry per
    distinct span with the fields and reports it supports, in text order."""
    merged: dict[tuple[int, int], dict[str, Any]] = {}

    def add(start: int, end: int, label: str, report_id: str | None, event_id: str | None) -> None:
        if not (0 <= start <= end <= len(document.text)):
            return
        entry = merged.setdefault(
            (start, end),
            {
                "start": start,
                "end": end,
                "text": document.text[start:end],
                "fields": [],
                "report_ids": [],
                "event_ids": [],
            },
        )
        if label not in entry["fields"]:
            entry["fields"].append(label)
        if report_id and report_id not in entry["report_ids"]:
            entry["report_ids"].append(report_id)
        if event_id and event_id not in entry["event_ids"]:
            entry["event_ids"].append(event_id)

    for report in reports:
        for name, spans in (report.record.get("evidence") or {}).items():
            for span in spans:
                add(int(span["start"]), int(span["end"]), name, report.id, report.event_id)
    result = document.result or {}
    for total in result.get("totals", []):
        for span in total.get("evidence", []):
            add(int(span["start"]), int(span["end"]), "total", None, None)
    for figure in result.get("figures", []):
        for span in figure.get("evidence", []):
            add(int(span["start"]), int(span["end"]), f"figure:{figure.get('kind')}", None, None)
    return sorted(merged.values(), key=lambda s: (s["start"], -s["end"]))
