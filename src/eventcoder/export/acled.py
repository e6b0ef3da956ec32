"""ACLED-compatible rows: ACLED's 31 export columns in ACLED's order, then ours."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from eventcoder.records import Event, ExtractionResult

ACLED_COLUMNS = [
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
]
EXTRA_COLUMNS = [
    "document_id",
    "url",
    "published",
    "fatalities_low",
    "fatalities_high",
    "fatalities_qualifier",
    "injured",
    "victims",
    "attribution",
    "modality",
    "geonameid",
    "confidence",
]

_DISORDER = {
    "Battles": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence",
    "Riots": "Political violence",
    "Protests": "Demonstrations",
    "Strategic developments": "Strategic developments",
}


def acled_row(event: Event, result: ExtractionResult) -> dict[str, object]:
    """One event as an ACLED row (ACLED's names; values we do not code are empty)."""
    document = result.document
    return {
        "event_id_cnty": event.event_id,
        "event_date": event.event_date.isoformat() if event.event_date else "",
        "year": event.event_date.year if event.event_date else "",
        "time_precision": event.time_precision,
        "disorder_type": _DISORDER.get(event.event_type or "", ""),
        "event_type": event.event_type,
        "sub_event_type": event.sub_event_type,
        "actor1": event.actor1,
        "assoc_actor_1": event.assoc_actor_1,
        "inter1": event.inter1,
        "actor2": event.actor2,
        "assoc_actor_2": event.assoc_actor_2,
        "inter2": event.inter2,
        "interaction": "",
        "civilian_targeting": "Civilian targeting" if event.victims == "civilians" else "",
        "iso": event.iso,
        "region": "",
        "country": event.country,
        "admin1": event.admin1,
        "admin2": event.admin2,
        "admin3": "",
        "location": event.location,
        "latitude": event.latitude,
        "longitude": event.longitude,
        "geo_precision": event.geo_precision,
        "source": document.outlet or "",
        "source_scale": "",
        "notes": event.notes,
        "fatalities": event.fatalities if event.fatalities is not None else 0,
        "tags": "",
        "timestamp": "",
        "document_id": document.id,
        "url": document.url,
        "published": document.published.isoformat() if document.published else "",
        "fatalities_low": event.fatalities_low,
        "fatalities_high": event.fatalities_high,
        "fatalities_qualifier": event.fatalities_qualifier,
        "injured": event.injured,
        "victims": event.victims,
        "attribution": event.attribution,
        "modality": event.modality,
        "geonameid": event.geonameid,
        "confidence": event.confidence,
    }


def write_acled_csv(
    results: Iterable[ExtractionResult], out: io.TextIOBase | None = None, header: bool = True
) -> str:
    """ACLED CSV text for the events of many results (written to ``out`` too, if given)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=ACLED_COLUMNS + EXTRA_COLUMNS)
    if header:
        writer.writeheader()
    for result in results:
        for event in result.events:
            writer.writerow(
                {k: ("" if v is None else v) for k, v in acled_row(event, result).items()}
            )
    text = buffer.getvalue()
    if out is not None:
        out.write(text)
    return text
