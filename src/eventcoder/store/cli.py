"""Commands over the store: ingest, events, export, sources, quarantine."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from eventcoder.console import error_console
from eventcoder.ingest.checks import DEFAULT_MAX_CHARS

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from eventcoder.store.query import EventFilter

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="The store: a SQLite file or a database URL (postgresql+psycopg://user@host/db). "
        "Default: $EVENTCODER_DB, else ./eventcoder.db.",
        show_default=False,
    ),
]


class ListFormat(StrEnum):
    table = "table"
    json = "json"
    jsonl = "jsonl"


class ExportFormat(StrEnum):
    acled_csv = "acled-csv"
    jsonl = "jsonl"
    geojson = "geojson"
    parquet = "parquet"


def _date(value: str | None, name: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise typer.BadParameter(
            f"{value!r} is not a date (YYYY-MM-DD)", param_hint=name
        ) from error


def _engine(db: str | None, *, must_exist: bool = False) -> Engine:
    from eventcoder.store.db import database_url, open_engine

    url = database_url(db)
    if must_exist and url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        if not path.exists():
            raise typer.BadParameter(
                f"no store at {path}: run `eventcoder ingest FILES --db {path}` first",
                param_hint="--db",
            )
    try:
        return open_engine(url)
    except Exception as error:  # an unreachable server or a bad URL: say so, no traceback
        error_console().print(f"[red]error[/red] cannot open the store {url}: {error}")
        raise typer.Exit(code=2) from error


def ingest(
    inputs: Annotated[
        list[str],
        typer.Argument(
            help="Files or folders: .txt, .html, .json, .jsonl, .csv, .warc(.gz), RSS/Atom "
            "(.rss, .atom, .xml); '-' reads JSON lines from stdin.",
            show_default=False,
        ),
    ],
    db: DbOption = None,
    published: Annotated[
        str | None,
        typer.Option(help="Publication date for inputs that give none (YYYY-MM-DD)."),
    ] = None,
    text_field: Annotated[str, typer.Option(help="JSON/CSV field holding the text.")] = "text",
    date_field: Annotated[
        str, typer.Option(help="JSON/CSV field holding the publication date.")
    ] = "published",
    url_field: Annotated[str, typer.Option(help="JSON/CSV field holding the URL.")] = "url",
    title_field: Annotated[str, typer.Option(help="JSON/CSV field holding the title.")] = "title",
    outlet_field: Annotated[
        str, typer.Option(help="JSON/CSV field holding the outlet's name.")
    ] = "outlet",
    id_field: Annotated[str, typer.Option(help="JSON/CSV field holding an id to keep.")] = "id",
    batch_size: Annotated[int, typer.Option(help="Documents parsed together.")] = 32,
    max_chars: Annotated[
        int, typer.Option(help="Refuse documents longer than this many characters.")
    ] = DEFAULT_MAX_CHARS,
    progress: Annotated[bool, typer.Option(help="Show a progress bar (on a terminal).")] = True,
) -> None:
    """Read articles into the store: extract their events, merge reports of one incident.

    Each document is committed in one transaction; a document already stored (same text) is
    skipped, so an interrupted run can simply be run again. Inputs that fail go to the
    quarantine (see `eventcoder quarantine`) and never stop the run.

    Examples:

      eventcoder ingest news/ --db eventcoder.db

      eventcoder ingest feed.xml articles.jsonl

      eventcoder ingest export.csv --text-field body --date-field pub_date
    """
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    from eventcoder.ingest.formats import FieldMap, discover, read_path
    from eventcoder.ingest.readers import InputProblem
    from eventcoder.records import Document
    from eventcoder.store.ingest import ingest as run_ingest

    err = error_console()
    published_date = _date(published, "--published")
    fields = FieldMap(
        text=text_field,
        published=date_field,
        url=url_field,
        title=title_field,
        outlet=outlet_field,
        id=id_field,
    )
    engine = _engine(db)
    files = list(discover(i for i in inputs if i != "-"))
    bar = Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("files · {task.fields[docs]} documents"),
        TimeElapsedColumn(),
        console=err,
        disable=not progress or not err.is_terminal,
        transient=False,
    )

    def items() -> Iterator[Document | InputProblem]:
        from eventcoder.ingest.formats import read_json_lines

        for item in files:
            if isinstance(item, InputProblem):
                yield item
            else:
                yield from read_path(
                    item, fields=fields, published=published_date, max_chars=max_chars
                )
            bar.advance(task)
        if "-" in inputs:
            yield from read_json_lines(sys.stdin, "<stdin>", fields, published_date, max_chars)

    done = 0

    def tick(count: int) -> None:
        nonlocal done
        done += count
        bar.update(task, docs=done)

    with bar:
        task = bar.add_task("ingest", total=len(files), docs=0)
        summary = run_ingest(engine, items(), batch_size=batch_size, progress=tick)
    for line in summary.lines():
        err.print(line, highlight=False, soft_wrap=True)
    if summary.skipped or summary.failed:
        err.print("Failed inputs and their reasons: `eventcoder quarantine`.", highlight=False)


def _filter(
    country: str | None,
    since: str | None,
    until: str | None,
    event_type: str | None,
    location: str | None,
    min_sources: int | None,
    limit: int | None,
) -> EventFilter:
    from eventcoder.store.query import EventFilter

    return EventFilter(
        country=country,
        since=_date(since, "--since"),
        until=_date(until, "--until"),
        event_type=event_type,
        location=location,
        min_sources=min_sources,
        limit=limit,
    )


CountryOption = Annotated[str | None, typer.Option(help="Country name, e.g. Iraq.")]
SinceOption = Annotated[str | None, typer.Option(help="First event date (YYYY-MM-DD).")]
UntilOption = Annotated[str | None, typer.Option(help="Last event date (YYYY-MM-DD).")]
TypeOption = Annotated[
    str | None,
    typer.Option("--type", help="ACLED event type or sub-event type, e.g. 'Battles'."),
]
LocationOption = Annotated[str | None, typer.Option(help="Location name, e.g. Mosul.")]
MinSourcesOption = Annotated[
    int | None, typer.Option(help="Only events with at least this many sources.")
]


def _records(db: str | None, where: Any) -> Iterator[dict[str, Any]]:
    from sqlalchemy.orm import Session

    from eventcoder.store.query import event_record, event_sources, find_events

    engine = _engine(db, must_exist=True)
    with Session(engine) as session:
        for row in list(find_events(session, where)):
            yield event_record(row, event_sources(session, row.id))


def events(
    db: DbOption = None,
    country: CountryOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    event_type: TypeOption = None,
    location: LocationOption = None,
    min_sources: MinSourcesOption = None,
    limit: Annotated[int | None, typer.Option(help="At most this many events.")] = None,
    output_format: Annotated[
        ListFormat, typer.Option("--format", "-f", help="table, json or jsonl.")
    ] = ListFormat.table,
) -> None:
    """List the merged events in the store.

    Example: eventcoder events --country Iraq --since 2016-12-01 --type "Explosions/Remote violence"
    """
    where = _filter(country, since, until, event_type, location, min_sources, limit)
    records = _records(db, where)
    if output_format is ListFormat.json:
        sys.stdout.write(json.dumps(list(records), indent=2, ensure_ascii=False) + "\n")
        return
    if output_format is ListFormat.jsonl:
        for record in records:
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
        return
    out = Console(width=None if sys.stdout.isatty() else 180)
    table = Table(show_lines=False)
    for column in (
        "event_id",
        "date",
        "type",
        "location",
        "country",
        "fatalities",
        "low-high",
        "actors",
        "sources",
    ):
        table.add_column(column, overflow="fold")
    count = 0
    for record in records:
        count += 1
        low, high = record.get("fatalities_low"), record.get("fatalities_high")
        table.add_row(
            record["event_id"],
            record.get("event_date") or "",
            record.get("sub_event_type") or record.get("event_type") or "",
            ", ".join([record.get("location") or "", *record.get("place_mentions", [])]).strip(
                ", "
            ),
            record.get("country") or "",
            "" if record.get("fatalities") is None else str(record["fatalities"]),
            "" if low is None else f"{low}-{high}",
            " / ".join(a for a in (record.get("actor1"), record.get("actor2")) if a),
            str(record.get("n_sources", 0)),
        )
    out.print(table)
    out.print(f"{count} event(s)")


def export(
    db: DbOption = None,
    output_format: Annotated[
        ExportFormat,
        typer.Option("--format", "-f", help="acled-csv, jsonl, geojson or parquet."),
    ] = ExportFormat.acled_csv,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="File to write (default: standard output)."),
    ] = None,
    country: CountryOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    event_type: TypeOption = None,
    location: LocationOption = None,
    min_sources: MinSourcesOption = None,
) -> None:
    """Export the merged events: ACLED CSV (ACLED's 31 columns, then ours), JSON lines with
    sources, GeoJSON points, or Parquet.

    Examples:

      eventcoder export --format acled-csv > iraq.csv

      eventcoder export --format parquet -o events.parquet
    """
    from eventcoder.export import corpus

    where = _filter(country, since, until, event_type, location, min_sources, None)
    records = _records(db, where)
    if output_format is ExportFormat.parquet:
        if output is None and sys.stdout.isatty():
            raise typer.BadParameter("Parquet is binary: give --output FILE", param_hint="-o")
        target: Any = str(output) if output else sys.stdout.buffer
        count = corpus.write_parquet(records, target)
    else:
        writer = {
            ExportFormat.acled_csv: corpus.write_acled_csv,
            ExportFormat.jsonl: corpus.write_jsonl,
            ExportFormat.geojson: corpus.write_geojson,
        }[output_format]
        if output is None:
            count = writer(records, sys.stdout)
        else:
            with output.open("w", encoding="utf-8", newline="") as handle:
                count = writer(records, handle)
    error_console().print(f"{count} event(s) exported", highlight=False)


def sources(
    event_id: Annotated[str, typer.Argument(help="An event id (or a unique prefix of one).")],
    db: DbOption = None,
    output_format: Annotated[
        ListFormat, typer.Option("--format", "-f", help="table, json or jsonl.")
    ] = ListFormat.table,
) -> None:
    """Each report of one event, with its own numbers and the evidence for them."""
    from sqlalchemy.orm import Session

    from eventcoder.store.query import event_sources, find_event_id, source_record
    from eventcoder.store.schema import EventRow

    engine = _engine(db, must_exist=True)
    with Session(engine) as session:
        found = find_event_id(session, event_id)
        if found is None:
            error_console().print(f"[red]error[/red] no event {event_id!r} in the store")
            raise typer.Exit(code=1)
        row = session.get(EventRow, found)
        assert row is not None
        reports = [source_record(s) for s in event_sources(session, found)]
        provenance = dict(row.provenance)
    if output_format is not ListFormat.table:
        payload: Any = {"event_id": found, "provenance": provenance, "sources": reports}
        if output_format is ListFormat.jsonl:
            for report in reports:
                sys.stdout.write(json.dumps(report, ensure_ascii=False) + "\n")
        else:
            sys.stdout.write(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
        return
    out = Console(width=None if sys.stdout.isatty() else 180)
    out.print(
        f"event {found}: fatalities {row.fatalities} (low {row.fatalities_low}, high "
        f"{row.fatalities_high}) from {row.n_sources} source(s)",
        highlight=False,
    )
    table = Table(show_lines=True)
    for column in (
        "report",
        "outlet / published",
        "date",
        "place",
        "fatalities",
        "type",
        "evidence",
    ):
        table.add_column(column, overflow="fold")
    used = {i for v in provenance.values() for i in str(v).split(",")}
    for report in reports:
        document = report["document"]
        evidence = report.get("evidence", {})
        quotes = [s["text"] for s in evidence.get("notes", [])] or [
            s["text"] for s in evidence.get("fatalities", [])
        ]
        table.add_row(
            report["report_id"] + (" *" if report["report_id"] in used else ""),
            f"{document.get('outlet') or document.get('source_name') or ''}\n"
            f"{document.get('published') or ''}",
            report.get("event_date") or "",
            ", ".join([report.get("location") or "", *report.get("place_mentions", [])]).strip(
                ", "
            ),
            "" if report.get("fatalities") is None else str(report["fatalities"]),
            report.get("sub_event_type") or report.get("event_type") or "",
            " … ".join(quotes),
        )
    out.print(table)
    out.print("* a value of the event was taken from this report", highlight=False)


def quarantine(db: DbOption = None) -> None:
    """Every input that failed, with the reason (as JSON lines)."""
    from sqlalchemy.orm import Session

    from eventcoder.store.query import quarantined

    engine = _engine(db, must_exist=True)
    with Session(engine) as session:
        for row in quarantined(session):
            record = {
                "source": row.source,
                "stage": row.stage,
                "reason": row.reason,
                "document_id": row.document_id,
                "at": row.at.isoformat(),
            }
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")


def register(app: typer.Typer) -> None:
    """Add the store's commands to the `eventcoder` app."""
    for command in (ingest, events, export, sources, quarantine):
        app.command(command.__name__)(command)
