"""The API's request and response models (they make the OpenAPI schema at /openapi.json)."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from eventcoder import records


class ErrorBody(BaseModel):
    """Every error: the HTTP status and a message for a person; never a stack trace."""

    status: int
    message: str
    details: list[dict[str, Any]] | None = Field(
        default=None, description="For invalid requests: which parameter, and what is wrong."
    )


class EventSummary(BaseModel):
    """One merged event as listed (its ACLED fields; sources via /api/events/{event_id})."""

    event_id: str
    event_date: date | None = None
    time_precision: int | None = None
    event_type: str | None = None
    sub_event_type: str | None = None
    actor1: str | None = None
    actor2: str | None = None
    country: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    location: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: int | None = None
    fatalities: int | None = None
    fatalities_low: int | None = None
    fatalities_high: int | None = None
    injured: int | None = None
    notes: str | None = None
    n_sources: int


class EventPage(BaseModel):
    total: int = Field(description="Events matching the filters.")
    limit: int
    offset: int
    events: list[EventSummary]


class Point(BaseModel):
    event_id: str
    latitude: float
    longitude: float
    fatalities: int | None = None
    event_type: str | None = None
    event_date: date | None = None


class PointSet(BaseModel):
    total: int = Field(description="Placed events matching the filters.")
    truncated: bool = Field(description="True when only the deadliest `limit` are returned.")
    points: list[Point]


class Sentence(BaseModel):
    start: int
    end: int
    text: str


class EvidenceSpan(BaseModel):
    """A span of the source document (``text == document.text[start:end]``) and the sentence
    it stands in."""

    start: int
    end: int
    text: str
    sentence: Sentence


class DocumentInfo(records.DocumentInfo):
    """A stored document's header, with the file or input line it came from."""

    source_name: str | None = None


class SourceDetail(BaseModel):
    """What one document said about the event: its own values and the evidence for each."""

    model_config = ConfigDict(extra="allow")

    report_id: str
    document: DocumentInfo
    event_date: date | None = None
    time_precision: int | None = None
    event_type: str | None = None
    sub_event_type: str | None = None
    actor1: str | None = None
    actor2: str | None = None
    country: str | None = None
    admin1: str | None = None
    location: str | None = None
    geo_precision: int | None = None
    fatalities: int | None = None
    fatalities_low: int | None = None
    fatalities_high: int | None = None
    fatalities_qualifier: str | None = None
    injured: int | None = None
    attribution: str | None = None
    modality: str | None = None
    notes: str | None = None
    used_for: list[str] = Field(
        default_factory=list, description="The event's fields whose value came from this report."
    )
    evidence: dict[str, list[EvidenceSpan]] = Field(default_factory=dict)


class ValueSources(BaseModel):
    value: str
    report_ids: list[str]


class Disagreement(BaseModel):
    field: str
    values: list[ValueSources]


class EventDetail(EventSummary):
    """One event with every source side by side and where they disagree."""

    model_config = ConfigDict(extra="allow")

    assoc_actor_1: str | None = None
    assoc_actor_2: str | None = None
    inter1: str | None = None
    inter2: str | None = None
    iso: str | None = None
    geonameid: int | None = None
    fatalities_qualifier: str | None = None
    attribution: str | None = None
    provenance: dict[str, Any] = Field(description="Field -> the report it was taken from.")
    sources: list[SourceDetail]
    disagreements: list[Disagreement]


class DocumentSpan(BaseModel):
    start: int
    end: int
    text: str
    fields: list[str] = Field(description="What the span gives: fatalities, location, total...")
    report_ids: list[str]
    event_ids: list[str]


class DocumentDetail(DocumentInfo):
    text: str
    reports: list[dict[str, Any]] = Field(description="The document's reports (its own events).")
    totals: list[dict[str, Any]]
    figures: list[dict[str, Any]]
    notes: list[str]
    spans: list[DocumentSpan]


class Bucket(BaseModel):
    key: str | None
    events: int
    fatalities: int


class Aggregate(BaseModel):
    dimension: str
    truncated: bool
    buckets: list[Bucket]


class DocumentIn(BaseModel):
    """An article to ingest: it is extracted, stored and merged like `eventcoder ingest`."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, pattern=r"^[^\x00]*$")
    published: date | None = None
    url: str | None = Field(default=None, max_length=2000, pattern=r"^[^\x00]*$")
    outlet: str | None = Field(default=None, max_length=300, pattern=r"^[^\x00]*$")
    title: str | None = Field(default=None, max_length=2000, pattern=r"^[^\x00]*$")


class IngestResult(BaseModel):
    document_id: str
    stored: bool = Field(description="False when the same text was already in the store.")
    event_ids: list[str] = Field(description="The events the document's reports belong to.")
