"""`eventcoder run`: the pipeline over many files on a Dask cluster (local by default)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from eventcoder.console import error_console
from eventcoder.scale.limits import DEFAULT_BATCH, RUN_MAX_CHARS

if TYPE_CHECKING:
    from eventcoder.scale.runner import RunSummary
    from eventcoder.scale.worker import PartitionReport


def run_command(
    inputs: Annotated[
        list[str],
        typer.Argument(
            help="Files (.jsonl, .jsonl.gz, .txt, .html, .json), folders (searched recursively) "
            "or glob patterns.",
            show_default=False,
        ),
    ],
    out: Annotated[
        Path | None,
        typer.Option(
            help="A folder of Parquet files to write (one per partition, then the merge)."
        ),
    ] = None,
    db: Annotated[
        str | None,
        typer.Option(help="A store to write into instead: a SQLite file or a PostgreSQL URL."),
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option(
            help="Worker processes of the local Dask cluster (default: one per core; 0: no "
            "Dask, run in this process)."
        ),
    ] = None,
    scheduler: Annotated[
        str | None,
        typer.Option(help="Address of an existing Dask scheduler (tcp://HOST:8786)."),
    ] = None,
    batch_size: Annotated[
        int, typer.Option(help="Documents per partition (the unit of work and of resuming).")
    ] = DEFAULT_BATCH,
    published: Annotated[
        str | None,
        typer.Option(help="Publication date (YYYY-MM-DD) for inputs that give none."),
    ] = None,
    max_chars: Annotated[
        int, typer.Option(help="Refuse documents longer than this (bounds a worker's memory).")
    ] = RUN_MAX_CHARS,
    relevance_filter: Annotated[
        bool,
        typer.Option(
            "--filter/--no-filter",
            help="Skip, without parsing, articles with no armed-conflict vocabulary.",
        ),
    ] = True,
    gazetteer: Annotated[
        Path | None, typer.Option(help="A gazetteer SQLite file (default: the packaged one).")
    ] = None,
    merge: Annotated[
        bool, typer.Option(help="Merge reports of one incident across documents (Parquet).")
    ] = True,
) -> None:
    """Code a whole archive: partitions of documents on a Dask cluster, results into Parquet
    or the store; a re-run skips the partitions already done.

    Examples:

      eventcoder run archive/*.jsonl.gz --out events.parquet

      eventcoder run archive/ --workers 8 --db postgresql+psycopg://me@host/events

      eventcoder run /cluster/share/archive/ --scheduler tcp://SCHEDULER:8786 --out events.parquet
    """
    from eventcoder.ingest.readers import parse_published
    from eventcoder.scale.runner import run
    from eventcoder.scale.worker import RunOptions

    err = error_console()
    if (out is None) == (db is None):
        raise typer.BadParameter("give exactly one of --out or --db", param_hint="--out/--db")
    try:
        published_date = parse_published(published) if published else None
    except ValueError as error:
        raise typer.BadParameter(str(error), param_hint="--published") from error
    options = RunOptions(
        published=published_date,
        max_chars=max_chars,
        relevance_filter=relevance_filter,
        gazetteer=str(gazetteer) if gazetteer else None,
    )
    bar = Progress(
        TextColumn("[bold]partitions"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[docs]:,} docs, {task.fields[events]:,} events"),
        TimeRemainingColumn(),
        console=err,
        transient=False,
    )
    task_id = None

    def on_start(summary: RunSummary, todo: int) -> None:
        nonlocal task_id
        if summary.dashboard:
            err.print(f"Dask dashboard: {summary.dashboard}", highlight=False)
        err.print(
            f"{summary.partitions} partitions, {summary.partitions_resumed} already done, "
            f"{todo} to do" + (f" on {summary.workers} workers" if summary.workers else "")
        )
        bar.start()
        task_id = bar.add_task("run", total=todo, docs=summary.documents, events=summary.events)

    def progress(report: PartitionReport) -> None:
        if task_id is not None:
            task = bar.tasks[task_id]
            bar.update(
                task_id,
                advance=1,
                docs=task.fields["docs"] + report.documents,
                events=task.fields["events"] + report.events,
            )

    try:
        summary = run(
            inputs,
            out=str(out) if out else None,
            db=db,
            workers=workers,
            scheduler=scheduler,
            batch_size=batch_size,
            options=options,
            merge=merge,
            on_start=on_start,
            progress=progress,
        )
    finally:
        bar.stop()
    for problem in summary.problems:
        err.print(f"[red]error[/red] {problem.source}: {problem.reason}", highlight=False)
    rate = summary.documents / summary.seconds if summary.seconds else 0.0
    merged = (
        f", {summary.merged_events:,} after merging" if summary.merged_events is not None else ""
    )
    err.print(
        f"{summary.documents:,} documents ({summary.skipped_irrelevant:,} skipped by the "
        f"relevance filter), {summary.events:,} events{merged}, in {summary.seconds:.1f} s "
        f"({rate:,.1f} documents/s); peak worker memory {summary.peak_worker_rss_mb:,.0f} MB"
    )
    if summary.problems:
        err.print(f"{len(summary.problems)} input(s) failed; see the messages above.")
        raise typer.Exit(code=1)


__all__ = ["run_command"]
