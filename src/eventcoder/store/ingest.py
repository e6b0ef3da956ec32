"""Ingest documents into the store: extract, keep each report, merge reports into events.

Each document is written in one transaction together with the merge it causes, so a crash
(even kill -9) leaves the store as it was before that document: run the same command again and
the documents already stored are skipped (their id is the hash of their normalized text).
"""

from __future__ import annotations

import os
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import Engine, delete, func, select, text
from sqlalchemy.orm import Session

from eventcoder.ingest.readers import InputProblem, document_id
from eventcoder.records import Document, Event, ExtractionResult
from eventcoder.store.merge import (
    DEFAULT_RULES,
    BlockClusterer,
    MergeRules,
    ReportKey,
    Source,
    event_id_for,
    merge_values,
)
from eventcoder.store.schema import DocumentRow, EventRow, QuarantineRow, ReportRow

# Test hook: seconds to sleep inside each document's transaction (to kill -9 a writer mid-way).
_PAUSE_ENV = "EVENTCODER_TEST_PAUSE_IN_TRANSACTION"

Extractor = Callable[[list[Document]], Iterable[ExtractionResult]]


@dataclass
class IngestSummary:
    """What one ingest run did."""

    read: int = 0
    already_stored: int = 0
    stored: int = 0
    reports: int = 0
    failed: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    events_before: int = 0
    events_after: int = 0
    seconds: float = 0.0

    @property
    def events_new(self) -> int:
        return self.events_after - self.events_before

    @property
    def reports_merged(self) -> int:
        """Reports that joined an event another report already had (or got in this run)."""
        return max(self.reports - self.events_new, 0)

    def lines(self) -> list[str]:
        rate = self.stored / self.seconds if self.seconds else 0.0
        out = [
            f"documents read: {self.read:,} (stored {self.stored:,}, already in the store "
            f"{self.already_stored:,}, failed extraction {self.failed:,})",
            f"inputs skipped: {sum(self.skipped.values()):,}",
        ]
        out += [f"  {count:,} x {reason}" for reason, count in self.skipped.most_common(10)]
        if len(self.skipped) > 10:
            out.append(f"  ... and {len(self.skipped) - 10} other reasons (see the quarantine)")
        out.append(
            f"reports stored: {self.reports:,}; events new: {self.events_new:,}, "
            f"reports merged into existing events: {self.reports_merged:,}; "
            f"events in the store: {self.events_after:,}"
        )
        out.append(f"time: {self.seconds:.1f} s ({rate:.1f} documents/s)")
        return out


def _default_extractor() -> Extractor:
    from eventcoder.pipeline import extract_documents
    from eventcoder.resolve.gazetteer import Gazetteer

    gazetteer = Gazetteer.default()

    def run(documents: list[Document]) -> Iterable[ExtractionResult]:
        return extract_documents(documents, gazetteer)

    return run


def ingest(
    engine: Engine,
    items: Iterable[Document | InputProblem],
    *,
    batch_size: int = 32,
    extractor: Extractor | None = None,
    rules: MergeRules = DEFAULT_RULES,
    progress: Callable[[int], None] | None = None,
) -> IngestSummary:
    """Read, extract and store documents; bad inputs go to the quarantine, never stop the run.

    ``progress`` is called with the number of documents done after each one.
    """
    started = time.perf_counter()
    summary = IngestSummary()
    with Session(engine) as session:
        summary.events_before = session.scalar(select(func.count()).select_from(EventRow)) or 0
    run_extractor = extractor
    seen: set[str] = set()
    externals: dict[str, str] = {}  # content hash -> the id the input gave (JSON "id")
    batch: list[Document] = []

    def flush() -> None:
        nonlocal run_extractor
        if not batch:
            return
        if run_extractor is None:
            run_extractor = _default_extractor()
        for document, result in _extract_batch(run_extractor, batch, engine, summary):
            _store_document(engine, document, result, rules, externals.pop(document.id, None))
            summary.stored += 1
            summary.reports += len(result.events)
            if progress:
                progress(1)
        batch.clear()

    for item in items:
        if isinstance(item, InputProblem):
            summary.skipped[_reason_kind(item.reason)] += 1
            quarantine(engine, item.source, "read", item.reason)
            continue
        summary.read += 1
        content_id = document_id(item.text)
        if content_id in seen or _exists(engine, content_id):
            summary.already_stored += 1
            if progress:
                progress(1)
            continue
        seen.add(content_id)
        if item.id != content_id:
            externals[content_id] = item.id
        batch.append(item.model_copy(update={"id": content_id}))
        if len(batch) >= batch_size:
            flush()
    flush()
    with Session(engine) as session:
        summary.events_after = session.scalar(select(func.count()).select_from(EventRow)) or 0
    summary.seconds = time.perf_counter() - started
    return summary


def _reason_kind(reason: str) -> str:
    """A reason without its details, so the summary can count alike failures together."""
    return reason.split(":", 1)[0] if reason.startswith("invalid JSON") else reason


def _exists(engine: Engine, content_id: str) -> bool:
    with Session(engine) as session:
        return session.get(DocumentRow, content_id) is not None


def _extract_batch(
    extractor: Extractor, batch: list[Document], engine: Engine, summary: IngestSummary
) -> list[tuple[Document, ExtractionResult]]:
    try:
        return list(zip(batch, extractor(list(batch)), strict=True))
    except Exception:  # one bad document: retry one by one so only the culprit is lost
        pass
    done: list[tuple[Document, ExtractionResult]] = []
    for document in batch:
        try:
            done.append((document, next(iter(extractor([document])))))
        except Exception as error:
            summary.failed += 1
            quarantine(
                engine,
                document.source_name or document.id,
                "extract",
                f"extraction failed: {type(error).__name__}: {error}",
                document_id=document.id,
            )
    return done


def quarantine(
    engine: Engine, source: str, stage: str, reason: str, document_id: str | None = None
) -> None:
    """Record a failed input once (running the same command again adds no duplicate)."""
    with Session(engine) as session, session.begin():
        exists = session.scalar(
            select(QuarantineRow.id).where(
                QuarantineRow.source == source, QuarantineRow.reason == reason
            )
        )
        if exists is None:
            session.add(
                QuarantineRow(
                    source=source,
                    stage=stage,
                    reason=reason,
                    document_id=document_id,
                    at=datetime.now(UTC).replace(tzinfo=None),
                )
            )


def _store_document(
    engine: Engine,
    document: Document,
    result: ExtractionResult,
    rules: MergeRules,
    external_id: str | None = None,
) -> None:
    """One document, its reports and the merge they cause, in one transaction."""
    with Session(engine) as session, session.begin():
        if engine.dialect.name == "postgresql":
            # One writer at a time: concurrent ingests must not merge from stale views.
            session.execute(text("SELECT pg_advisory_xact_lock(7245001)"))
            if session.get(DocumentRow, document.id) is not None:
                return
        session.add(
            DocumentRow(
                id=document.id,
                external_id=external_id,
                source_name=document.source_name,
                url=document.url,
                outlet=document.outlet,
                title=document.title,
                published=document.published,
                lang=document.lang,
                text=document.text,
                n_reports=len(result.events),
                result=result.model_dump(mode="json", include={"totals", "figures", "notes"}),
                ingested_at=datetime.now(UTC).replace(tzinfo=None),
            )
        )
        session.flush()
        keys: list[ReportKey] = []
        for event in result.events:
            key = ReportKey.of(event.event_id, document.id, event)
            keys.append(key)
            session.add(_report_row(key, event))
        session.flush()
        _pause()
        merge_new_reports(session, keys, rules)


def _pause() -> None:
    delay = os.environ.get(_PAUSE_ENV)
    if delay:
        time.sleep(float(delay))


def _report_row(key: ReportKey, event: Event) -> ReportRow:
    return ReportRow(
        id=key.id,
        document_id=key.document_id,
        event_id="",  # set by the merge in the same transaction
        block=key.block,
        event_date=key.event_date,
        event_type=event.event_type,
        sub_event_type=event.sub_event_type,
        country=event.country,
        location=event.location,
        latitude=event.latitude,
        longitude=event.longitude,
        fatalities=event.fatalities,
        fatalities_low=event.fatalities_low,
        fatalities_high=event.fatalities_high,
        confidence=event.confidence,
        record=event.model_dump(mode="json"),
    )


def report_key(row: ReportRow) -> ReportKey:
    return ReportKey.of(row.id, row.document_id, Event.model_validate(row.record))


def merge_new_reports(
    session: Session, keys: Sequence[ReportKey], rules: MergeRules = DEFAULT_RULES
) -> set[str]:
    """Re-merge around newly added reports (already flushed); returns the events touched."""
    touched: set[str] = set()
    dates_by_block: dict[str, set[date]] = {}
    for key in keys:
        if key.mergeable:
            assert key.block is not None and key.event_date is not None
            dates_by_block.setdefault(key.block, set()).add(key.event_date)
        else:
            row = session.get(ReportRow, key.id)
            assert row is not None
            row.event_id = event_id_for(key.id)
            touched.add(row.event_id)
    for block in sorted(dates_by_block):
        touched |= _remerge_block(session, block, dates_by_block[block], rules)
    session.flush()
    for event_id in sorted(touched - {""}):
        refresh_event(session, event_id)
    return touched


def _day_rows(session: Session, block: str, day: date) -> list[ReportRow]:
    return list(
        session.scalars(
            select(ReportRow).where(ReportRow.block == block, ReportRow.event_date == day)
        )
    )


def _remerge_block(session: Session, block: str, dates: set[date], rules: MergeRules) -> set[str]:
    """Redo the canonical day-by-day clustering of one block from the first new day on, until
    a day after the last new one comes out as it was stored (then every later day would too)."""
    start, last_new = min(dates), max(dates)
    span = timedelta(days=rules.max_days)
    # The events the first day's reports may join: those whose members all lie within reach.
    open_clusters: dict[str, list[ReportKey]] = {}
    earlier: list[ReportRow] = []
    for offset in range(rules.max_days, 0, -1):
        earlier += _day_rows(session, block, start - timedelta(days=offset))
    if earlier:
        event_ids = {row.event_id for row in earlier}
        closed = set(
            session.scalars(
                select(ReportRow.event_id).where(
                    ReportRow.event_id.in_(event_ids), ReportRow.event_date < start - span
                )
            )
        )
        for row in earlier:
            if row.event_id not in closed:
                open_clusters.setdefault(row.event_id, []).append(report_key(row))
    clusterer = BlockClusterer(rules, open_clusters)
    touched: set[str] = set()
    day: date | None = start
    while day is not None:
        rows = _day_rows(session, block, day)
        assigned = clusterer.add_day(day, [report_key(row) for row in rows])
        changed = False
        for row in rows:
            new_id = assigned[row.id]
            if row.event_id != new_id:
                touched.update({row.event_id, new_id})
                row.event_id = new_id
                changed = True
        if day >= last_new and not changed:
            break
        day = session.scalar(
            select(func.min(ReportRow.event_date)).where(
                ReportRow.block == block, ReportRow.event_date > day
            )
        )
    return touched


def refresh_event(session: Session, event_id: str) -> None:
    """Recompute one event's row from its reports (delete it if it has none left)."""
    rows = session.execute(
        select(ReportRow, DocumentRow.published)
        .join(DocumentRow, DocumentRow.id == ReportRow.document_id)
        .where(ReportRow.event_id == event_id)
    ).all()
    existing = session.get(EventRow, event_id)
    if not rows:
        if existing is not None:
            session.execute(delete(EventRow).where(EventRow.id == event_id))
        return
    sources = [
        Source(row.id, row.document_id, published, Event.model_validate(row.record))
        for row, published in rows
    ]
    merged, provenance = merge_values(event_id, sources)
    values = {
        "event_date": merged.event_date,
        "event_type": merged.event_type,
        "sub_event_type": merged.sub_event_type,
        "country": merged.country,
        "admin1": merged.admin1,
        "location": merged.location,
        "latitude": merged.latitude,
        "longitude": merged.longitude,
        "fatalities": merged.fatalities,
        "fatalities_low": merged.fatalities_low,
        "fatalities_high": merged.fatalities_high,
        "n_sources": len(sources),
        "record": merged.model_dump(mode="json"),
        "provenance": provenance,
        "updated_at": datetime.now(UTC).replace(tzinfo=None),
    }
    if existing is None:
        session.add(EventRow(id=event_id, **values))
    else:
        for name, value in values.items():
            setattr(existing, name, value)
