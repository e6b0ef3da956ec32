"""Run the pipeline over many files: on a local Dask cluster, an existing one, or in-process.

>>> from eventcoder.scale.runner import run  # doctest: +SKIP
>>> summary = run(["archive/"], out="events.parquet", workers=2)  # doctest: +SKIP
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eventcoder.ingest.readers import InputProblem
from eventcoder.scale.limits import DEFAULT_BATCH
from eventcoder.scale.merge import MERGE_DIR, cluster_block, shuffle_group
from eventcoder.scale.partition import Partition, find_input_files, plan_partitions
from eventcoder.scale.worker import (
    PartitionReport,
    RunOptions,
    WarmUp,
    ingest_partition,
    manifest_path,
    process_partition,
)

# Partition files read by one shuffle task of the merge.
SHUFFLE_GROUP = 64


@dataclass
class RunSummary:
    """What a run did, over all partitions (those skipped as done included)."""

    partitions: int = 0
    partitions_resumed: int = 0
    documents: int = 0
    skipped_irrelevant: int = 0
    events: int = 0
    merged_events: int | None = None
    words: int = 0
    problems: list[InputProblem] = field(default_factory=list)
    seconds: float = 0.0
    peak_worker_rss_mb: float = 0.0
    dashboard: str | None = None
    workers: int = 0

    def add(self, report: PartitionReport) -> None:
        self.documents += report.documents
        self.skipped_irrelevant += report.skipped_irrelevant
        self.events += report.events
        self.words += report.words
        self.problems.extend(InputProblem(p["source"], p["reason"]) for p in report.problems)
        self.peak_worker_rss_mb = max(self.peak_worker_rss_mb, report.peak_rss_mb)


Progress = Callable[[PartitionReport], None]


def _done(out: Path, partition: Partition) -> PartitionReport | None:
    manifest = manifest_path(out, partition.name)
    if manifest.exists() and (out / f"{partition.name}.parquet").exists():
        report = PartitionReport.from_json(manifest.read_text(encoding="utf-8"))
        report.resumed = True
        return report
    return None


class _InProcess:
    """The `client.map` / `as_completed` subset of Dask used here, run in this process
    (``workers=0``: no cluster, for debugging and as the reference in tests)."""

    dashboard_link = None

    def run_all(
        self, function: Callable[..., Any], items: list[Any], **kwargs: Any
    ) -> Iterator[Any]:
        for item in items:
            yield function(item, **kwargs)

    def close(self) -> None:
        return None


class _Dask:
    def __init__(self, client: Any, cluster: Any | None) -> None:
        self.client = client
        self.cluster = cluster
        self.dashboard_link: str | None = client.dashboard_link

    def run_all(
        self, function: Callable[..., Any], items: list[Any], **kwargs: Any
    ) -> Iterator[Any]:
        from distributed import as_completed

        if not items:
            return
        futures = self.client.map(function, items, pure=False, **kwargs)
        for future in as_completed(futures):  # type: ignore[no-untyped-call]
            yield future.result()
            future.release()

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def connect(
    workers: int | None, scheduler: str | None, gazetteer: str | None = None
) -> _InProcess | _Dask:
    """A Dask client on ``scheduler``, else on a new LocalCluster of ``workers`` processes
    (default: one per core, one thread each: spaCy's parse holds the GIL), else in-process when
    ``workers`` is 0."""
    if scheduler is None and workers == 0:
        return _InProcess()
    from distributed import Client, LocalCluster

    cluster = None
    if scheduler is not None:
        client = Client(scheduler)  # type: ignore[no-untyped-call]
    else:
        cluster = LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=workers or os.cpu_count() or 1,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",
        )
        client = Client(cluster)  # type: ignore[no-untyped-call]
    client.register_plugin(WarmUp(gazetteer))
    return _Dask(client, cluster)


def _merge(executor: _InProcess | _Dask, out: Path, partitions: list[Partition]) -> int:
    merge_dir = out / MERGE_DIR
    if merge_dir.exists():  # the merge is cheap next to extraction: redo it whole
        shutil.rmtree(merge_dir)
    files = [str(out / f"{p.name}.parquet") for p in partitions]
    groups = [files[i : i + SHUFFLE_GROUP] for i in range(0, len(files), SHUFFLE_GROUP)]
    blocks: set[str] = set()
    for found in executor.run_all(_shuffle_task, list(enumerate(groups)), out=str(out)):
        blocks.update(found)
    merged: int = sum(executor.run_all(cluster_block_task, sorted(blocks), out=str(out)))
    shutil.rmtree(merge_dir / "blocks", ignore_errors=True)
    return merged


def _shuffle_task(item: tuple[int, list[str]], out: str) -> list[str]:
    return shuffle_group(item[1], out, item[0])


def cluster_block_task(block: str, out: str) -> int:
    return cluster_block(out, block)


def run(
    inputs: list[str],
    *,
    out: str | None = None,
    db: str | None = None,
    workers: int | None = None,
    scheduler: str | None = None,
    batch_size: int = DEFAULT_BATCH,
    options: RunOptions | None = None,
    merge: bool = True,
    on_start: Callable[[RunSummary, int], None] | None = None,
    progress: Progress | None = None,
) -> RunSummary:
    """Extract every document of ``inputs`` into Parquet partitions under ``out`` (then merge
    reports across documents) or into the store ``db``.

    ``on_start(summary, partitions_to_do)`` is called once the plan is made and the cluster is
    up; ``progress(report)`` after each partition.
    """
    if (out is None) == (db is None):
        raise ValueError("give exactly one of out (a Parquet folder) or db (a store)")
    options = options or RunOptions()
    started = time.perf_counter()
    summary = RunSummary()
    files, problems = find_input_files(inputs, exclude=[Path(out)] if out else None)
    summary.problems.extend(problems)
    partitions = plan_partitions(files, batch_size)
    summary.partitions = len(partitions)
    todo = partitions
    out_dir = Path(out) if out is not None else None
    if out_dir is not None:
        out_dir.mkdir(parents=True, exist_ok=True)
        todo = []
        for partition in partitions:
            done = _done(out_dir, partition)
            if done is None:
                todo.append(partition)
            else:
                summary.partitions_resumed += 1
                summary.add(done)
    else:
        from eventcoder.store.db import open_engine

        open_engine(db)  # create or migrate the schema once, before the workers write
    executor = connect(workers, scheduler, options.gazetteer)
    try:
        summary.dashboard = executor.dashboard_link
        if isinstance(executor, _Dask):
            summary.workers = len(executor.client.scheduler_info().get("workers", {}))
        if on_start is not None:
            on_start(summary, len(todo))
        task = process_partition if out_dir is not None else ingest_partition
        target = {"out": str(out_dir)} if out_dir is not None else {"db": db}
        for report in executor.run_all(task, todo, options=options, **target):
            summary.add(report)
            if progress is not None:
                progress(report)
        if out_dir is not None and merge:
            summary.merged_events = _merge(executor, out_dir, partitions)
    finally:
        executor.close()
    summary.seconds = time.perf_counter() - started
    return summary


__all__ = ["DEFAULT_BATCH", "RunSummary", "connect", "run"]
