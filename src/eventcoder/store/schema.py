"""The store's tables (SQLAlchemy 2), the same on SQLite and PostgreSQL.

Report-level rows keep what each document said about an incident; event-level rows hold the
merged incident, as Uppsala's MAVERICK data keeps "sources" under "events". The Alembic
migrations in ``migrations/versions`` create exactly these tables.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, DateTime, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class DocumentRow(Base):
    """One ingested article; its id is the hash of its normalized text."""

    __tablename__ = "documents"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    external_id: Mapped[str | None] = mapped_column(String(200))
    source_name: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)
    outlet: Mapped[str | None] = mapped_column(String(300))
    title: Mapped[str | None] = mapped_column(Text)
    published: Mapped[date | None] = mapped_column(Date)
    lang: Mapped[str | None] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    n_reports: Mapped[int] = mapped_column(Integer, default=0)
    result: Mapped[dict[str, Any]] = mapped_column(JSON)  # totals, figures, notes
    ingested_at: Mapped[datetime] = mapped_column(DateTime)


class ReportRow(Base):
    """What one document said about one incident: its own numbers, date, place and evidence."""

    __tablename__ = "reports"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    document_id: Mapped[str] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    event_id: Mapped[str] = mapped_column(String(32), index=True)
    block: Mapped[str | None] = mapped_column(String(100))
    event_date: Mapped[date | None] = mapped_column(Date)
    event_type: Mapped[str | None] = mapped_column(String(100))
    sub_event_type: Mapped[str | None] = mapped_column(String(100))
    country: Mapped[str | None] = mapped_column(String(100))
    location: Mapped[str | None] = mapped_column(String(300))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    fatalities: Mapped[int | None] = mapped_column(Integer)
    fatalities_low: Mapped[int | None] = mapped_column(Integer)
    fatalities_high: Mapped[int | None] = mapped_column(Integer)
    confidence: Mapped[float] = mapped_column(Float, default=0.0)
    record: Mapped[dict[str, Any]] = mapped_column(JSON)  # the full Event of DESIGN §2

    __table_args__ = (Index("ix_reports_block_date", "block", "event_date"),)


class EventRow(Base):
    """One merged incident with ACLED's event-level values; its sources are its reports."""

    __tablename__ = "events"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    event_date: Mapped[date | None] = mapped_column(Date, index=True)
    event_type: Mapped[str | None] = mapped_column(String(100))
    sub_event_type: Mapped[str | None] = mapped_column(String(100))
    country: Mapped[str | None] = mapped_column(String(100), index=True)
    admin1: Mapped[str | None] = mapped_column(String(200))
    location: Mapped[str | None] = mapped_column(String(300))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    fatalities: Mapped[int | None] = mapped_column(Integer)
    fatalities_low: Mapped[int | None] = mapped_column(Integer)
    fatalities_high: Mapped[int | None] = mapped_column(Integer)
    n_sources: Mapped[int] = mapped_column(Integer)
    record: Mapped[dict[str, Any]] = mapped_column(JSON)  # the merged Event
    provenance: Mapped[dict[str, Any]] = mapped_column(JSON)  # field -> report id
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class QuarantineRow(Base):
    """An input that failed (unreadable, refused, or extraction crashed), with its reason."""

    __tablename__ = "quarantine"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    source: Mapped[str] = mapped_column(Text)
    stage: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(Text)
    document_id: Mapped[str | None] = mapped_column(String(32))
    at: Mapped[datetime] = mapped_column(DateTime)
