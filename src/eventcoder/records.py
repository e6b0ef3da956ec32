"""Typed records that flow between the stages and out of the CLI (DESIGN §2).

Every value that comes from the text carries `Span`s into the document's text as stored,
so that ``text[span.start:span.end] == span.text`` always holds.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

Modality = Literal["reported", "projected", "estimate", "denied"]
VictimKind = Literal["militants", "soldiers", "police", "civilians", "unknown"]
CasualtyKind = Literal["killed", "injured", "abducted", "arrested", "displaced"]


class Span(BaseModel):
    """A slice of the document's text: ``text == document_text[start:end]``."""

    start: int
    end: int
    text: str

    @classmethod
    def of(cls, document_text: str, start: int, end: int) -> Span:
        """The span of ``document_text`` between two character offsets.

        >>> Span.of("21 were killed", 0, 2).text
        '21'
        """
        return cls(start=start, end=end, text=document_text[start:end])


class Quantity(BaseModel):
    """A number phrase: "at least 20", "between 10 and 15", "dozens".

    ``value`` is the figure ACLED would code (the lowest reported figure; vague words per
    DESIGN §3), ``low``/``high`` the stated range, ``qualifier`` the hedging words kept as written.
    """

    value: int
    low: int
    high: int
    qualifier: str | None = None
    vague: bool = False
    span: Span


class Document(BaseModel):
    """One article as read by ingest."""

    id: str
    text: str
    published: date | None = None
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    lang: str | None = None
    country: str | None = Field(
        default=None,
        description="the country a collection is about (name or ISO code), a hint for places",
    )
    source_name: str | None = Field(
        default=None, description="file name or input line it came from"
    )


class DocumentInfo(BaseModel):
    """The document header of a result (the text itself is not repeated in the output)."""

    id: str
    url: str | None = None
    outlet: str | None = None
    published: date | None = None
    title: str | None = None

    @classmethod
    def of(cls, document: Document) -> DocumentInfo:
        """The header of a document's result."""
        return cls(
            id=document.id,
            url=document.url,
            outlet=document.outlet,
            published=document.published,
            title=document.title,
        )


# The fields an event's place sets together (cited by the same spans, merged as one).
PLACE_FIELDS = (
    "country",
    "iso",
    "admin1",
    "admin2",
    "location",
    "location_district",
    "latitude",
    "longitude",
    "geo_precision",
    "geonameid",
)


class Event(BaseModel):
    """One incident: one place, one day, one pair of actors (ACLED field names first)."""

    event_id: str
    event_date: date | None = None
    time_precision: int | None = None
    event_type: str | None = None
    sub_event_type: str | None = None
    actor1: str | None = None
    assoc_actor_1: str | None = None
    inter1: str | None = None
    actor2: str | None = None
    assoc_actor_2: str | None = None
    inter2: str | None = None
    country: str | None = None
    iso: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    location: str | None = None
    location_district: str | None = None  # ACLED's "City - District" form: "Mosul - al Wahda"
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: int | None = None
    geonameid: int | None = None
    fatalities: int | None = None
    fatalities_low: int | None = None
    fatalities_high: int | None = None
    fatalities_qualifier: str | None = None
    injured: int | None = None
    injured_text: str | None = None
    victims: VictimKind | None = None
    attribution: str | None = None
    modality: Modality = "reported"
    notes: str | None = None
    place_mentions: list[str] = Field(default_factory=list)
    evidence: dict[str, list[Span]] = Field(default_factory=dict)
    confidence: float = 0.0


class Total(BaseModel):
    """A stated total over incidents, linked to its stated parts; never an event itself."""

    count: int
    parts: list[str] = Field(default_factory=list)
    parts_sum: int | None = None
    consistent: bool | None = None
    kind: CasualtyKind = "killed"
    evidence: list[Span] = Field(default_factory=list)


class Figure(BaseModel):
    """A number that is not one incident's toll: displacement, cumulative tolls, populations."""

    kind: Literal[
        "displaced", "cumulative_killed", "cumulative_injured", "population", "force_size"
    ]
    count: int
    qualifier: str | None = None
    status: Literal["reported", "projected", "estimate", "denied"] = "reported"
    location: str | None = None
    attribution: str | None = None
    evidence: list[Span] = Field(default_factory=list)


class ExtractionResult(BaseModel):
    """What `eventcoder extract` writes for one document."""

    document: DocumentInfo
    events: list[Event] = Field(default_factory=list)
    totals: list[Total] = Field(default_factory=list)
    figures: list[Figure] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)
