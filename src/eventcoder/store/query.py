"""Read events and their sources back out of the store."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from eventcoder.records import Event
from eventcoder.store.schema import DocumentRow, EventRow, QuarantineRow, ReportRow


@dataclass(frozen=True)
class EventFilter:
    """Which events to list or export (every condition given must hold)."""

    country: str | None = None
    since: date | None = None
    until: date | None = None
    event_type: str | None = None
    location: str | None = None
    min_fatalities: int | None = None
    min_sources: int | None = None
    limit: int | None = None

    def apply(self, query: Select[Any]) -> Select[Any]:
        if self.country:
            query = query.where(func.lower(EventRow.country) == self.country.lower())
        if self.since:
            query = query.where(EventRow.event_date >= self.since)
        if self.until:
            query = query.where(EventRow.event_date <= self.until)
        if self.event_type:
            wanted = self.event_type.lower()
            query = query.where(
                or_(
                    func.lower(EventRow.event_type) == wanted,
                    func.lower(EventRow.sub_event_type) == wanted,
                )
            )
        if self.location:
            query = query.where(func.lower(EventRow.location) == self.location.lower())
        if self.min_fatalities is not None:
            query = query.where(EventRow.fatalities >= self.min_fatalities)
        if self.min_sources is not None:
            query = query.where(EventRow.n_sources >= self.min_sources)
        query = query.order_by(EventRow.event_date, EventRow.country, EventRow.id)
        if self.limit:
            query = query.limit(self.limit)
        return query


@dataclass(frozen=True)
class SourceReport:
    """One report of an event: what one document said, with the document it came from."""

    report: ReportRow
    document: DocumentRow

    @property
    def event(self) -> Event:
        return Event.model_validate(self.report.record)


def find_events(session: Session, where: EventFilter | None = None) -> Iterator[EventRow]:
    query = (where or EventFilter()).apply(select(EventRow))
    yield from session.scalars(query.execution_options(yield_per=500))


def event_sources(session: Session, event_id: str) -> list[SourceReport]:
    """The reports of one event, oldest publication first."""
    rows = session.execute(
        select(ReportRow, DocumentRow)
        .join(DocumentRow, DocumentRow.id == ReportRow.document_id)
        .where(ReportRow.event_id == event_id)
        .order_by(DocumentRow.published, DocumentRow.id, ReportRow.id)
    ).all()
    return [SourceReport(report, document) for report, document in rows]


def find_event_id(session: Session, prefix: str) -> str | None:
    """An event id from its full form or a unique prefix."""
    if session.get(EventRow, prefix) is not None:
        return prefix
    ids = list(session.scalars(select(EventRow.id).where(EventRow.id.like(prefix + "%")).limit(2)))
    return ids[0] if len(ids) == 1 else None


def source_record(source: SourceReport) -> dict[str, Any]:
    """A report as it appears under its event's ``sources``."""
    document = source.document
    event = source.event
    record = event.model_dump(mode="json", exclude={"event_id"})
    return {
        "report_id": source.report.id,
        "document": {
            "id": document.id,
            "url": document.url,
            "outlet": document.outlet,
            "published": document.published.isoformat() if document.published else None,
            "title": document.title,
            "source_name": document.source_name,
        },
        **record,
    }


def event_record(row: EventRow, sources: list[SourceReport]) -> dict[str, Any]:
    """An event in the JSON form of DESIGN §2, with ``n_sources``, ``provenance`` (field ->
    report id) and ``sources`` (each report with its own numbers and evidence)."""
    record = dict(row.record)
    record["event_id"] = row.id
    record["n_sources"] = row.n_sources
    record["provenance"] = row.provenance
    record["sources"] = [source_record(s) for s in sources]
    return record


def quarantined(session: Session) -> list[QuarantineRow]:
    return list(session.scalars(select(QuarantineRow).order_by(QuarantineRow.id)))
