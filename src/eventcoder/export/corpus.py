"""Export the store's merged events: ACLED CSV, JSON lines with sources, GeoJSON, Parquet.

Each exporter takes event records in the form of `eventcoder.store.query.event_record` (an
event of DESIGN §2 plus ``n_sources``, ``provenance`` and ``sources``).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from datetime import date
from typing import IO, Any

from eventcoder.export.acled import ACLED_COLUMNS, EXTRA_COLUMNS, acled_row
from eventcoder.records import DocumentInfo, Event, ExtractionResult

CORPUS_COLUMNS = ["n_sources", "document_ids", "source_urls"]
CSV_COLUMNS = ACLED_COLUMNS + EXTRA_COLUMNS + CORPUS_COLUMNS

_INT_COLUMNS = {
    "year",
    "time_precision",
    "geo_precision",
    "fatalities",
    "fatalities_low",
    "fatalities_high",
    "injured",
    "geonameid",
    "n_sources",
}
_FLOAT_COLUMNS = {"latitude", "longitude", "confidence"}


def _unique(values: Iterable[str | None]) -> list[str]:
    out: list[str] = []
    for value in values:
        if value and value not in out:
            out.append(value)
    return out


def acled_event_row(record: dict[str, Any]) -> dict[str, Any]:
    """One merged event as an ACLED row: ``source`` lists every outlet, ``document_id`` and
    ``url`` are those of the report the fatalities came from."""
    sources = record.get("sources", [])
    event = Event.model_validate({k: v for k, v in record.items() if k in Event.model_fields})
    by_report = {s["report_id"]: s for s in sources}
    main = by_report.get(record.get("provenance", {}).get("fatalities", ""))
    main = main or (sources[0] if sources else None)
    documents = [s["document"] for s in sources]
    published = sorted(d["published"] for d in documents if d.get("published"))
    info = DocumentInfo(
        id=main["document"]["id"] if main else "",
        url=main["document"]["url"] if main else None,
        outlet="; ".join(_unique(d.get("outlet") for d in documents)) or None,
        published=date.fromisoformat(published[0]) if published else None,
    )
    row = acled_row(event, ExtractionResult(document=info))
    row["n_sources"] = record.get("n_sources", len(sources))
    row["document_ids"] = "; ".join(_unique(d["id"] for d in documents))
    row["source_urls"] = "; ".join(_unique(d.get("url") for d in documents))
    return row


def write_acled_csv(records: Iterable[dict[str, Any]], out: IO[str]) -> int:
    """ACLED's 31 columns in ACLED's order, then ours; returns the number of rows."""
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    count = 0
    for record in records:
        row = acled_event_row(record)
        writer.writerow({k: ("" if row.get(k) is None else row.get(k)) for k in CSV_COLUMNS})
        count += 1
    return count


def write_jsonl(records: Iterable[dict[str, Any]], out: IO[str]) -> int:
    count = 0
    for record in records:
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        count += 1
    return count


_GEO_PROPERTIES = [
    "event_id",
    "event_date",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "country",
    "admin1",
    "admin2",
    "location",
    "geo_precision",
    "geonameid",
    "fatalities",
    "fatalities_low",
    "fatalities_high",
    "notes",
    "n_sources",
]


def geojson_feature(record: dict[str, Any]) -> dict[str, Any] | None:
    """A GeoJSON Point feature, or None for an event without coordinates."""
    lat, lon = record.get("latitude"), record.get("longitude")
    if lat is None or lon is None:
        return None
    properties = {k: record.get(k) for k in _GEO_PROPERTIES}
    properties["outlets"] = _unique(s["document"].get("outlet") for s in record.get("sources", []))
    return {
        "type": "Feature",
        "id": record.get("event_id"),
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
        "properties": properties,
    }


def write_geojson(records: Iterable[dict[str, Any]], out: IO[str]) -> int:
    """A FeatureCollection of points (events without coordinates are left out)."""
    out.write('{"type": "FeatureCollection", "features": [')
    count = 0
    for record in records:
        feature = geojson_feature(record)
        if feature is None:
            continue
        out.write(("," if count else "") + "\n" + json.dumps(feature, ensure_ascii=False))
        count += 1
    out.write("\n]}\n")
    return count


def write_parquet(records: Iterable[dict[str, Any]], out: IO[bytes] | str) -> int:
    """The ACLED columns (typed) plus ``sources`` as JSON text, in one Parquet file."""
    import pyarrow as pa  # type: ignore[import-untyped]
    import pyarrow.parquet as pq  # type: ignore[import-untyped]

    columns: dict[str, list[Any]] = {name: [] for name in [*CSV_COLUMNS, "sources"]}
    for record in records:
        row = acled_event_row(record)
        for name in CSV_COLUMNS:
            value = row.get(name)
            columns[name].append(None if value == "" else value)
        columns["sources"].append(json.dumps(record.get("sources", []), ensure_ascii=False))
    arrays = []
    for name, values in columns.items():
        if name in _INT_COLUMNS:
            arrays.append(pa.array(values, type=pa.int64()))
        elif name in _FLOAT_COLUMNS:
            arrays.append(pa.array(values, type=pa.float64()))
        else:
            arrays.append(pa.array([None if v is None else str(v) for v in values], pa.string()))
    table = pa.Table.from_arrays(arrays, names=list(columns))
    pq.write_table(table, out)
    return int(table.num_rows)
