"""Gold data in its two forms, read into typed records.

1. CSV rows in the columns of ``../shared/data/dev.csv`` (also the MUC-4 and UCDP headline
   files, which share them, and the RAND-UCDP linked file, whose columns are mapped here).
   Each row pairs one text with the fields one coder gave it; ``gold_fields`` says which fields
   that source really codes, and only those are scored.
2. News articles in the JSON form of ``../shared/examples/*.gold.json``: one article per line
   in a ``.jsonl`` file, or one article (or a list) in a ``.json`` file. The text is inline
   (``"text"``) or in ``"text_file"`` next to the gold file. An article with ``"events": []``
   is a non-conflict article (any event we find in it is a false event).

Rows sharing one text (``n_rows_same_text`` > 1: ACLED splits a report by day or place) are
grouped into one `GoldItem`, so each text runs through the pipeline once.
"""

from __future__ import annotations

import csv
import json
import random
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

__all__ = [
    "GoldArticle",
    "GoldEvent",
    "GoldFigure",
    "GoldItem",
    "GoldRow",
    "GoldTotal",
    "filter_items",
    "group_rows",
    "read_gold",
    "read_gold_articles",
    "read_gold_rows",
    "sample_items",
]

NEWS_SOURCE = "news"
T = TypeVar("T")


def _cell(value: object, convert: Callable[[str], T]) -> T | None:
    """A CSV or JSON cell converted, or None when it is empty or unreadable."""
    text = "" if value is None else str(value).strip()
    if not text:
        return None
    try:
        return convert(text)
    except ValueError:
        return None


def _int(value: object) -> int | None:
    return _cell(value, lambda text: int(float(text.replace(",", ""))))


def _float(value: object) -> float | None:
    return _cell(value, float)


def _date(value: object) -> date | None:
    return _cell(value, lambda text: date.fromisoformat(text[:10]))


def _names(value: object) -> tuple[str, ...]:
    """A name or a list of acceptable names, empty values dropped."""
    if value is None:
        return ()
    if isinstance(value, list | tuple):
        return tuple(str(v).strip() for v in value if v is not None and str(v).strip())
    text = str(value).strip()
    return (text,) if text else ()


class _Located:
    """Gold with a point: its coordinates when both are known."""

    latitude: float | None
    longitude: float | None

    @property
    def coordinates(self) -> tuple[float, float] | None:
        if self.latitude is None or self.longitude is None:
            return None
        return self.latitude, self.longitude


@dataclass(frozen=True)
class GoldRow(_Located):
    """One coded row of a CSV gold file."""

    gold_id: str
    source: str
    text: str
    fields: frozenset[str]
    text_kind: str = ""
    split: str = ""
    event_date: date | None = None
    event_date_end: date | None = None
    date_precision: str = ""
    event_type: str = ""
    event_type_scheme: str = ""
    locations: tuple[str, ...] = ()
    admin1: tuple[str, ...] = ()
    country: str = ""
    latitude: float | None = None
    longitude: float | None = None
    fatalities: int | None = None
    injured: int | None = None
    fatalities_perpetrators: int | None = None
    """Attackers among the fatalities, where the source says (Wikipedia's "N (+M)")."""
    n_rows_same_text: int = 1
    published: date | None = None

    def coded(self, name: str) -> bool:
        """The source codes this field for this row (it is in ``gold_fields``)."""
        return name in self.fields


@dataclass(frozen=True)
class GoldEvent(_Located):
    """One event of a gold news article; list-valued fields accept any of their values."""

    event_date: date | None = None
    event_types: tuple[str, ...] = ()
    sub_event_type: str | None = None
    locations: tuple[str, ...] = ()
    country: str = ""
    admin1: tuple[str, ...] = ()
    latitude: float | None = None
    longitude: float | None = None
    fatalities: int | None = None
    injured: int | None = None
    evidence: tuple[int, int] | None = None


@dataclass(frozen=True)
class GoldTotal:
    count: int
    kind: str = "killed"


@dataclass(frozen=True)
class GoldFigure:
    kind: str
    count: int


@dataclass(frozen=True)
class GoldArticle:
    """One news article with all its events, totals and figures."""

    id: str
    text: str
    published: date | None = None
    url: str | None = None
    outlet: str | None = None
    events: tuple[GoldEvent, ...] = ()
    totals: tuple[GoldTotal, ...] = ()
    figures: tuple[GoldFigure, ...] = ()
    source: str = NEWS_SOURCE
    split: str = ""


@dataclass
class GoldItem:
    """One text to run through the pipeline: a group of CSV rows, or one article."""

    id: str
    source: str
    text: str
    published: date | None = None
    rows: list[GoldRow] = field(default_factory=list)
    article: GoldArticle | None = None

    @property
    def split(self) -> str:
        if self.article is not None:
            return self.article.split
        return self.rows[0].split if self.rows else ""


# --------------------------------------------------------------------------- CSV


def _row_from_dev(record: dict[str, str]) -> GoldRow:
    return GoldRow(
        gold_id=record["gold_id"],
        source=record.get("source_dataset") or record["gold_id"].split(":")[0],
        text=record.get("text") or "",
        fields=frozenset(f.strip() for f in (record.get("gold_fields") or "").split(";") if f),
        text_kind=record.get("text_kind") or "",
        split=record.get("split") or "",
        event_date=_date(record.get("event_date")),
        event_date_end=_date(record.get("event_date_end")),
        date_precision=record.get("date_precision") or "",
        event_type=(record.get("event_type") or "").strip(),
        event_type_scheme=(record.get("event_type_scheme") or "").strip(),
        locations=_names(record.get("location_name")),
        admin1=_names(record.get("admin1")),
        country=(record.get("country") or "").strip(),
        latitude=_float(record.get("latitude")),
        longitude=_float(record.get("longitude")),
        fatalities=_int(record.get("fatalities")),
        injured=_int(record.get("injured")),
        fatalities_perpetrators=_int(record.get("fatalities_perpetrators")),
        n_rows_same_text=_int(record.get("n_rows_same_text")) or 1,
        published=_date(record.get("published")),
    )


_LINKED_FIELDS = frozenset(
    {
        "event_date",
        "event_type",
        "location_name",
        "admin1",
        "country",
        "latitude",
        "longitude",
        "fatalities",
        "injured",
    }
)


def _row_from_linked(record: dict[str, str]) -> GoldRow:
    """A row of the RAND-UCDP linked file: RAND's text, city and counts; UCDP's geography."""
    return GoldRow(
        gold_id=record["gold_id"],
        source="rand_ucdp_linked",
        text=record.get("text") or "",
        fields=_LINKED_FIELDS,
        text_kind="analyst_incident_summary",
        split="aux",
        event_date=_date(record.get("event_date")),
        date_precision="day",
        event_type=(record.get("ged_type_of_violence") or "").strip(),
        event_type_scheme="UCDP type_of_violence",
        locations=_names(record.get("rand_city")) + _names(record.get("ged_where_name")),
        admin1=_names(record.get("ged_adm_1")),
        country="Iraq",
        latitude=_float(record.get("ged_latitude")),
        longitude=_float(record.get("ged_longitude")),
        fatalities=_int(record.get("rand_fatalities")),
        injured=_int(record.get("rand_injured")),
    )


def read_gold_rows(path: Path) -> list[GoldRow]:
    """The rows of one CSV gold file (dev.csv columns, or the RAND-UCDP linked columns)."""
    with path.open(encoding="utf-8", newline="") as stream:
        reader = csv.DictReader(stream)
        columns = set(reader.fieldnames or ())
        if "text" not in columns or "gold_id" not in columns:
            raise ValueError(f"{path}: not a gold CSV (needs gold_id and text columns)")
        convert = _row_from_linked if "ucdp_ged_id" in columns else _row_from_dev
        return [convert(record) for record in reader if (record.get("text") or "").strip()]


# --------------------------------------------------------------------------- articles


def _span(value: object) -> tuple[int, int] | None:
    if isinstance(value, dict) and isinstance(value.get("start"), int):
        end = value.get("end")
        return int(value["start"]), int(end) if isinstance(end, int) else int(value["start"])
    return None


def _article(record: dict[str, Any], base: Path, line: int | None) -> GoldArticle:
    text = record.get("text")
    if not isinstance(text, str):
        text_file = record.get("text_file")
        if not isinstance(text_file, str):
            where = f"line {line}" if line is not None else "record"
            raise ValueError(f"gold article {where} has neither 'text' nor 'text_file'")
        text = (base / text_file).read_text(encoding="utf-8")
    events = tuple(
        GoldEvent(
            event_date=_date(e.get("event_date")),
            event_types=_names(e.get("event_type")),
            sub_event_type=e.get("sub_event_type"),
            locations=_names(e.get("location")),
            country=str(e.get("country") or ""),
            admin1=_names(e.get("admin1")),
            latitude=_float(e.get("latitude")),
            longitude=_float(e.get("longitude")),
            fatalities=_int(e.get("fatalities")),
            injured=_int(e.get("injured")),
            evidence=_span(e.get("evidence")),
        )
        for e in record.get("events") or []
    )
    totals = tuple(
        GoldTotal(count=int(t["count"]), kind=str(t.get("kind") or "killed"))
        for t in record.get("totals") or []
        if _int(t.get("count")) is not None
    )
    figures = tuple(
        GoldFigure(kind=str(f.get("kind")), count=int(f["count"]))
        for f in record.get("figures") or []
        if _int(f.get("count")) is not None
    )
    return GoldArticle(
        id=str(record.get("id") or f"{base.name}:{line}"),
        text=text,
        published=_date(record.get("published")),
        url=record.get("url"),
        outlet=record.get("outlet"),
        events=events,
        totals=totals,
        figures=figures,
        split=str(record.get("split") or ""),
    )


def read_gold_articles(path: Path) -> list[GoldArticle]:
    """Articles of a ``.jsonl`` file (one per line) or a ``.json`` file (one or a list)."""
    base = path.parent
    raw = path.read_text(encoding="utf-8")
    if path.suffix.lower() == ".jsonl":
        return [
            _article(json.loads(line), base, number)
            for number, line in enumerate(raw.splitlines(), start=1)
            if line.strip()
        ]
    data = json.loads(raw)
    records = data if isinstance(data, list) else [data]
    return [_article(r, base, None) for r in records]


# --------------------------------------------------------------------------- items


def group_rows(rows: Iterable[GoldRow]) -> list[GoldItem]:
    """One item per (source, text), in first-seen order."""
    items: dict[tuple[str, str], GoldItem] = {}
    for row in rows:
        key = (row.source, row.text)
        item = items.get(key)
        if item is None:
            item = items[key] = GoldItem(
                id=row.gold_id, source=row.source, text=row.text, published=row.published
            )
        item.rows.append(row)
    return list(items.values())


def read_gold(paths: Iterable[Path]) -> list[GoldItem]:
    """Every item of every gold file: CSV by extension ``.csv``, articles otherwise."""
    items: list[GoldItem] = []
    for path in paths:
        if path.suffix.lower() == ".csv":
            items.extend(group_rows(read_gold_rows(path)))
        else:
            items.extend(
                GoldItem(id=a.id, source=a.source, text=a.text, published=a.published, article=a)
                for a in read_gold_articles(path)
            )
    return items


def _source_matches(source: str, wanted: str) -> bool:
    s, w = source.casefold(), wanted.casefold()
    return s == w or s.startswith(w)


def filter_items(
    items: Iterable[GoldItem], sources: Iterable[str] = (), split: str | None = None
) -> Iterator[GoldItem]:
    """Items whose source starts with one of ``sources`` (all if none) and of ``split``."""
    wanted = [s for s in sources if s]
    for item in items:
        if wanted and not any(_source_matches(item.source, w) for w in wanted):
            continue
        if split and item.split != split:
            continue
        yield item


def sample_items(items: list[GoldItem], limit: int | None, seed: int) -> list[GoldItem]:
    """A fixed-seed sample of ``limit`` items (texts, not rows: a text's rows stay together),
    kept in file order; all items if ``limit`` is None or not smaller."""
    if limit is None or limit >= len(items):
        return list(items)
    chosen = set(random.Random(seed).sample(range(len(items)), limit))
    return [item for i, item in enumerate(items) if i in chosen]
