"""What one worker does with one partition: read, filter, parse in bounded batches, extract,
write one Parquet file and a manifest that marks the partition done.

The spaCy model and the gazetteer are loaded once per worker process (`load_nlp` and
`Gazetteer.default` are cached per process; `WarmUp` loads them when a Dask worker starts).
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.parquet as pq  # type: ignore[import-untyped]
from distributed.diagnostics.plugin import WorkerPlugin

from eventcoder.export.acled import ACLED_COLUMNS, EXTRA_COLUMNS, acled_row
from eventcoder.ingest.readers import InputProblem
from eventcoder.records import Document, DocumentInfo, ExtractionResult
from eventcoder.scale.limits import BATCH_CHARS, BATCH_DOCS, RUN_MAX_CHARS
from eventcoder.scale.partition import Partition, read_partition
from eventcoder.scale.relevance import NOT_RELEVANT, is_relevant

_INTEGER = ("year", "time_precision", "geo_precision", "fatalities", "fatalities_low",
            "fatalities_high", "injured", "geonameid")  # fmt: skip
_FLOAT = ("latitude", "longitude", "confidence")
COLUMNS = [*ACLED_COLUMNS, *EXTRA_COLUMNS, "place_mentions", "input", "evidence"]
SCHEMA = pa.schema(
    [
        pa.field(
            name,
            pa.int64()
            if name in _INTEGER
            else pa.float64()
            if name in _FLOAT
            else pa.list_(pa.string())
            if name == "place_mentions"
            else pa.string(),
        )
        for name in COLUMNS
    ]
)


@dataclass(frozen=True)
class RunOptions:
    """The settings every partition of a run is processed with."""

    published: date | None = None
    max_chars: int = RUN_MAX_CHARS
    relevance_filter: bool = True
    gazetteer: str | None = None


@dataclass
class PartitionReport:
    """What happened to one partition (also written as its manifest)."""

    name: str
    documents: int = 0
    skipped_irrelevant: int = 0
    events: int = 0
    words: int = 0
    seconds: float = 0.0
    peak_rss_mb: float = 0.0
    problems: list[dict[str, str]] = field(default_factory=list)
    resumed: bool = False

    def to_json(self) -> str:
        return json.dumps(self.__dict__, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> PartitionReport:
        return cls(**json.loads(text))


def _gazetteer(path: str | None) -> Any:
    from eventcoder.resolve.gazetteer import Gazetteer

    return Gazetteer.default() if path is None else Gazetteer.open(Path(path))


def skipped_result(document: Document) -> ExtractionResult:
    """The result of a document the relevance filter did not parse: no events, and a note."""
    return ExtractionResult(
        document=DocumentInfo.of(document),
        notes=[NOT_RELEVANT],
    )


def _batches(indexed: list[tuple[int, Document]]) -> Iterator[list[tuple[int, Document]]]:
    batch: list[tuple[int, Document]] = []
    chars = 0
    for item in indexed:
        size = len(item[1].text)
        if batch and (len(batch) >= BATCH_DOCS or chars + size > BATCH_CHARS):
            yield batch
            batch, chars = [], 0
        batch.append(item)
        chars += size
    if batch:
        yield batch


def _filter(
    documents: list[Document], options: RunOptions
) -> tuple[dict[int, ExtractionResult], list[tuple[int, Document]]]:
    """The relevance filter in front of parsing: results for the documents it skips (by input
    index), and the indexed documents left to parse."""
    skipped: dict[int, ExtractionResult] = {}
    relevant: list[tuple[int, Document]] = []
    for index, document in enumerate(documents):
        if options.relevance_filter and not is_relevant(document.text):
            skipped[index] = skipped_result(document)
        else:
            relevant.append((index, document))
    return skipped, relevant


def extract_all(
    documents: list[Document], options: RunOptions, problems: list[InputProblem]
) -> Iterator[tuple[Document, ExtractionResult]]:
    """Results in input order: filtered documents skipped, the rest parsed with `nlp.pipe` in
    batches bounded by documents and characters; a batch that fails is retried one document at
    a time, so that only the culprit is lost (and reported as a problem)."""
    from eventcoder.pipeline import extract_documents

    gazetteer = _gazetteer(options.gazetteer)
    results, relevant = _filter(documents, options)
    for batch in _batches(relevant):
        docs = [d for _, d in batch]
        try:
            found = list(extract_documents(docs, gazetteer, batch_size=len(docs)))
            results.update(zip((i for i, _ in batch), found, strict=True))
        except Exception:
            for index, document in batch:
                try:
                    results[index] = next(iter(extract_documents([document], gazetteer)))
                except Exception as error:
                    where = document.source_name or document.id
                    reason = f"extraction failed: {type(error).__name__}: {error}"
                    problems.append(InputProblem(where, reason))
    for index, document in enumerate(documents):
        if index in results:
            yield document, results[index]


def event_rows(document: Document, result: ExtractionResult) -> list[dict[str, Any]]:
    """The ACLED rows of a result (ACLED's columns, ours, the input and the evidence JSON)."""
    rows = []
    for event in result.events:
        row = acled_row(event, result)
        row = {k: (None if v == "" else v) for k, v in row.items()}
        row["place_mentions"] = list(event.place_mentions)
        row["input"] = document.source_name
        row["evidence"] = json.dumps(
            {k: [s.model_dump() for s in spans] for k, spans in event.evidence.items()},
            ensure_ascii=False,
        )
        rows.append(row)
    return rows


def peak_rss_mb() -> float:
    """The highest resident memory this process has had, in MB (Linux reports KB)."""
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _write_atomic(path: Path, write: Any) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    write(tmp)
    os.replace(tmp, path)


def manifest_path(out: Path, name: str) -> Path:
    return out / "_manifest" / f"{name}.json"


def process_partition(partition: Partition, out: str, options: RunOptions) -> PartitionReport:
    """Extract one partition into ``out/<name>.parquet``, then write its manifest (the mark
    that it is done: a re-run skips it)."""
    started = time.perf_counter()
    out_dir = Path(out)
    out_dir.mkdir(parents=True, exist_ok=True)
    report = PartitionReport(name=partition.name)
    problems: list[InputProblem] = []
    documents: list[Document] = []
    for item in read_partition(partition, options.published, options.max_chars):
        if isinstance(item, InputProblem):
            problems.append(item)
        else:
            documents.append(item)
    rows: list[dict[str, Any]] = []
    for document, result in extract_all(documents, options, problems):
        report.documents += 1
        report.words += len(document.text.split())
        if NOT_RELEVANT in result.notes:
            report.skipped_irrelevant += 1
        rows.extend(event_rows(document, result))
    report.events = len(rows)
    report.problems = [{"source": p.source, "reason": p.reason} for p in problems]
    table = pa.Table.from_pylist(rows, schema=SCHEMA)
    _write_atomic(out_dir / f"{partition.name}.parquet", lambda p: pq.write_table(table, p))
    report.seconds = round(time.perf_counter() - started, 3)
    report.peak_rss_mb = round(peak_rss_mb(), 1)
    manifest = manifest_path(out_dir, partition.name)
    manifest.parent.mkdir(parents=True, exist_ok=True)
    _write_atomic(manifest, lambda p: p.write_text(report.to_json(), encoding="utf-8"))
    return report


class WarmUp(WorkerPlugin):
    """A Dask worker plugin: load the spaCy model and the gazetteer once, when the worker
    starts, so that no partition pays for it."""

    name = "eventcoder-warm-up"

    def __init__(self, gazetteer: str | None = None) -> None:
        self.gazetteer = gazetteer

    def setup(self, worker: Any) -> None:
        from eventcoder.ingest.readers import document_from_text
        from eventcoder.pipeline import extract_documents

        # One tiny extraction loads everything: model, gazetteer, lexicons, actor dictionary.
        text = "Gunmen killed five villagers in Maiduguri, Borno state, on Sunday."
        is_relevant(text)
        list(extract_documents([document_from_text(text)], _gazetteer(self.gazetteer)))


def filtered_extractor(options: RunOptions) -> Any:
    """An extractor for the store's `ingest`: one result per document, in order, with the
    relevance filter in front (errors propagate, so that the store quarantines the culprit)."""
    from eventcoder.pipeline import extract_documents

    gazetteer = _gazetteer(options.gazetteer)

    def run(documents: list[Document]) -> list[ExtractionResult]:
        results, relevant = _filter(documents, options)
        for batch in _batches(relevant):
            docs = [d for _, d in batch]
            found = extract_documents(docs, gazetteer, batch_size=len(docs))
            results.update(zip((i for i, _ in batch), found, strict=True))
        return [results[i] for i in range(len(documents))]

    return run


@cache
def _engine(db: str) -> Any:
    from eventcoder.store.db import open_engine

    return open_engine(db, migrate_schema=False)


def ingest_partition(partition: Partition, db: str, options: RunOptions) -> PartitionReport:
    """Extract one partition into the store (its `ingest`: one transaction per document with
    the merge it causes; documents already stored are skipped, so a re-run resumes)."""
    from eventcoder.store.ingest import ingest

    started = time.perf_counter()
    report = PartitionReport(name=partition.name)
    items = list(read_partition(partition, options.published, options.max_chars))
    report.problems = [
        {"source": i.source, "reason": i.reason} for i in items if isinstance(i, InputProblem)
    ]
    documents = [i for i in items if not isinstance(i, InputProblem)]
    report.words = sum(len(d.text.split()) for d in documents)
    report.skipped_irrelevant = sum(
        1 for d in documents if options.relevance_filter and not is_relevant(d.text)
    )
    summary = ingest(
        _engine(db), items, batch_size=BATCH_DOCS, extractor=filtered_extractor(options)
    )
    report.documents = summary.read
    report.events = summary.reports
    report.resumed = summary.already_stored == summary.read and summary.read > 0
    report.seconds = round(time.perf_counter() - started, 3)
    report.peak_rss_mb = round(peak_rss_mb(), 1)
    return report


__all__ = [
    "COLUMNS",
    "RUN_MAX_CHARS",
    "SCHEMA",
    "PartitionReport",
    "RunOptions",
    "WarmUp",
    "event_rows",
    "extract_all",
    "filtered_extractor",
    "ingest_partition",
    "peak_rss_mb",
    "process_partition",
    "skipped_result",
]
