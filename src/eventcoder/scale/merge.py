"""Cross-document merge of a Parquet run: reports of one incident get one ``merged_event_id``.

The comparison is the store's (`eventcoder.store.merge`: same country, same or adjacent day,
compatible place, type, actors and numbers; complete-linkage clusters built day by day in a
canonical order, so the result does not depend on the order of the input). What this module
adds is the blocking that lets it run over tens of millions of reports without ever comparing
all pairs or holding the corpus in memory:

1. *shuffle*: each task reads the merge columns of a group of partition files and writes
   them out split by block (country) and month: ``_merge/blocks/<block>/<YYYY-MM>/<group>.parquet``;
2. *cluster*: one task per block walks its months in order, feeding each day to one
   `BlockClusterer` (which keeps only the events still open, within a day): memory is one
   country-month of reports at a time; reports compare only with their own block's day and the
   day before;
3. each block writes ``_merge/<block>.parquet``: (``event_id_cnty``, ``document_id``,
   ``merged_event_id``). Reports with no country or no date stay events of their own.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.compute as pc  # type: ignore[import-untyped]
import pyarrow.parquet as pq  # type: ignore[import-untyped]

from eventcoder.records import Event

MERGE_DIR = "_merge"
_UNPLACED = "_unplaced"
# The columns of a report that the store's comparison reads (ReportKey).
MERGE_COLUMNS = [
    "event_id_cnty",
    "document_id",
    "event_date",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "latitude",
    "longitude",
    "geo_precision",
    "admin1",
    "location",
    "fatalities",
    "fatalities_low",
    "fatalities_high",
    "confidence",
    "iso",
    "country",
    "place_mentions",
]
MAPPING_SCHEMA = pa.schema(
    [
        ("event_id_cnty", pa.string()),
        ("document_id", pa.string()),
        ("merged_event_id", pa.string()),
    ]
)


def _safe(name: str) -> str:
    """A block key as a folder name (ISO codes stay as they are)."""
    cleaned = re.sub(r"[^A-Za-z0-9_-]+", "_", name)
    return (
        cleaned if cleaned == name else f"{cleaned}-{hashlib.sha1(name.encode()).hexdigest()[:6]}"
    )


def _block_of(row: dict[str, Any]) -> str | None:
    from eventcoder.store.merge import block_key

    return block_key(Event(event_id="x", iso=row.get("iso"), country=row.get("country")))


def shuffle_group(part_files: list[str], out: str, group: int) -> list[str]:
    """Split the merge columns of some partition files by block and month; returns the
    blocks written."""
    tables = [pq.read_table(path, columns=MERGE_COLUMNS) for path in part_files]
    if not tables:
        return []
    source = pa.concat_tables(tables)
    schema = source.schema.append(pa.field("block", pa.string()))
    rows = source.to_pylist()
    split: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for row in rows:
        block = _block_of(row)
        month = (row["event_date"] or "")[:7] if block else ""
        split.setdefault((block or _UNPLACED, month or "none"), []).append(row)
    base = Path(out) / MERGE_DIR / "blocks"
    blocks: set[str] = set()
    for (block, month), block_rows in split.items():
        folder = base / _safe(block) / month
        folder.mkdir(parents=True, exist_ok=True)
        for row in block_rows:
            row["block"] = block
        table = pa.Table.from_pylist(block_rows, schema=schema)
        pq.write_table(table, folder / f"group-{group:06d}.parquet")
        blocks.add(_safe(block))
    return sorted(blocks)


def _keys(rows: list[dict[str, Any]]) -> Iterator[Any]:
    from eventcoder.store.merge import ReportKey

    for row in rows:
        event = Event(
            event_id=row["event_id_cnty"],
            event_date=date.fromisoformat(row["event_date"]) if row["event_date"] else None,
            **{
                name: row[name]
                for name in MERGE_COLUMNS
                if name not in ("event_id_cnty", "document_id", "event_date")
                and row.get(name) is not None
            },
        )
        yield ReportKey.of(row["event_id_cnty"], row["document_id"], event)


def cluster_block(out: str, block_folder: str) -> int:
    """Cluster one block month by month; writes ``_merge/<block>.parquet``; returns its
    number of merged events."""
    from eventcoder.store.merge import BlockClusterer, event_id_for

    folder = Path(out) / MERGE_DIR / "blocks" / block_folder
    clusterer = BlockClusterer()
    assigned: dict[str, str] = {}
    documents: dict[str, str] = {}
    for month in sorted(p for p in folder.iterdir() if p.is_dir()):
        rows = pq.read_table(sorted(str(f) for f in month.glob("*.parquet"))).to_pylist()
        keys = list(_keys(rows))
        documents.update((k.id, k.document_id) for k in keys)
        if block_folder == _UNPLACED or month.name == "none":
            assigned.update((k.id, event_id_for(k.id)) for k in keys)
            continue
        by_day: dict[date, list[Any]] = {}
        for key in keys:
            by_day.setdefault(key.event_date, []).append(key)
        for day in sorted(by_day):
            assigned.update(clusterer.add_day(day, by_day[day]))
    ids = sorted(assigned)
    table = pa.table(
        {
            "event_id_cnty": ids,
            "document_id": [documents[i] for i in ids],
            "merged_event_id": [assigned[i] for i in ids],
        },
        schema=MAPPING_SCHEMA,
    )
    pq.write_table(table, Path(out) / MERGE_DIR / f"{block_folder}.parquet")
    return len(set(assigned.values()))


def read_events(out: str | Path, merged: bool = True) -> pa.Table:
    """The reports of a run as one table; with ``merged``, each row's ``merged_event_id``."""
    import pyarrow.dataset as ds  # type: ignore[import-untyped]

    reports = ds.dataset(str(out), format="parquet").to_table()  # skips _merge/, _manifest/
    if not merged:
        return reports
    mapping_files = sorted(str(p) for p in (Path(out) / MERGE_DIR).glob("*.parquet"))
    if not mapping_files:
        return reports
    mapping = pq.read_table(mapping_files, schema=MAPPING_SCHEMA).to_pydict()
    merged_ids = dict(zip(mapping["event_id_cnty"], mapping["merged_event_id"], strict=True))
    column = pa.array(
        [merged_ids.get(i) for i in reports["event_id_cnty"].to_pylist()], pa.string()
    )
    joined = reports.append_column("merged_event_id", column)
    return joined.sort_by([("document_id", "ascending"), ("event_id_cnty", "ascending")])


def merged_count(table: pa.Table) -> int:
    """Distinct merged events in a table from `read_events`."""
    return int(pc.count_distinct(table["merged_event_id"]).as_py())


__all__ = [
    "MERGE_COLUMNS",
    "MERGE_DIR",
    "cluster_block",
    "merged_count",
    "read_events",
    "shuffle_group",
]
