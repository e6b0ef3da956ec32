"""The `eventcoder` command line."""

from __future__ import annotations

import sys
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from eventcoder.console import error_console
from eventcoder.evaluate.cli import bench_app
from eventcoder.export.acled import write_acled_csv
from eventcoder.export.table import print_result
from eventcoder.ingest.checks import DEFAULT_MAX_CHARS
from eventcoder.ingest.readers import InputProblem, read_inputs
from eventcoder.records import Document, ExtractionResult
from eventcoder.resolve.cli import gazetteer_app
from eventcoder.scale.cli import run_command
from eventcoder.serve.cli import serve_command
from eventcoder.store import cli as store_cli

app = typer.Typer(
    help="Turn news about armed conflict into sourced, ACLED-style event data, offline.",
    no_args_is_help=True,
    add_completion=False,
)
app.add_typer(gazetteer_app, name="gazetteer")
store_cli.register(app)  # ingest, events, export, sources, quarantine
app.add_typer(bench_app, name="bench")
app.command("run")(run_command)  # scale: many files on a Dask cluster
app.command("serve")(serve_command)  # serve: the JSON API and the web page

_BATCH = 32


class OutputFormat(StrEnum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


def _open_gazetteer(path: Path | None):  # type: ignore[no-untyped-def]
    from eventcoder.resolve.gazetteer import Gazetteer

    if path is None:
        return Gazetteer.default()
    if not path.exists():
        raise typer.BadParameter(f"gazetteer file {path} does not exist", param_hint="--gazetteer")
    return Gazetteer.open(path)


@app.command()
def extract(
    inputs: Annotated[
        list[str],
        typer.Argument(
            help="Article files (.txt, .html, .json, .jsonl) or '-' for JSON lines on stdin "
            '({"id", "text", "published", "url", "outlet"} per line).',
            show_default=False,
        ),
    ],
    published: Annotated[
        str | None,
        typer.Option(
            help="Publication date (YYYY-MM-DD) that relative dates ('on Sunday') resolve against; "
            "a date in the input's own metadata wins.",
        ),
    ] = None,
    output_format: Annotated[
        OutputFormat,
        typer.Option(
            "--format",
            "-f",
            help="table (readable), json (one record), jsonl (one per document), "
            "csv (ACLED's columns, then ours).",
        ),
    ] = OutputFormat.table,
    gazetteer: Annotated[
        Path | None,
        typer.Option(
            help="A gazetteer SQLite file (default: built from the packaged GeoNames data).",
        ),
    ] = None,
    country: Annotated[
        str | None,
        typer.Option(
            help="The country the articles are about (name or ISO code), as ACLED codes a "
            "collection: a hint for places the text leaves open, never an override.",
        ),
    ] = None,
    max_chars: Annotated[
        int,
        typer.Option(
            help="Refuse documents longer than this many characters.",
        ),
    ] = DEFAULT_MAX_CHARS,
) -> None:
    """Extract conflict events, totals and figures from news articles.

    Every value is tied to the span of text that states it. Bad inputs (empty, binary,
    too large, not English) are reported on stderr and skipped; the exit code is 1 if any was.

    Examples:

      eventcoder extract article.txt --published 2016-12-26

      eventcoder extract a.txt b.html --format jsonl > events.jsonl

      cat articles.jsonl | eventcoder extract - --format csv > events.csv
    """
    from eventcoder.ingest.readers import parse_published
    from eventcoder.pipeline import extract_documents

    err = error_console()
    # Piped output is not a terminal: rich would wrap at 80 columns and break every cell.
    out = Console(width=None if sys.stdout.isatty() else 180)
    try:
        published_date: date | None = parse_published(published) if published else None
    except ValueError as error:
        raise typer.BadParameter(str(error), param_hint="--published") from error
    gaz = _open_gazetteer(gazetteer)
    failed = 0
    results: list[ExtractionResult] = []
    batch: list[Document] = []
    first_csv = True

    def emit(result: ExtractionResult, name: str | None) -> None:
        nonlocal first_csv
        if output_format is OutputFormat.table:
            print_result(result, out, title=name)
        elif output_format is OutputFormat.jsonl:
            sys.stdout.write(result.model_dump_json() + "\n")
        elif output_format is OutputFormat.csv:
            write_acled_csv([result], sys.stdout, header=first_csv)  # type: ignore[arg-type]
            first_csv = False
        else:
            results.append(result)

    def flush() -> None:
        nonlocal failed
        if not batch:
            return
        try:
            for document, result in zip(batch, extract_documents(batch, gaz), strict=True):
                emit(result, document.source_name)
        except Exception:  # one bad batch: retry one by one so only the culprit is lost
            for document in batch:
                try:
                    emit(next(iter(extract_documents([document], gaz))), document.source_name)
                except Exception as error:
                    failed += 1
                    err.print(
                        f"[red]error[/red] {document.source_name}: extraction failed: "
                        f"{type(error).__name__}: {error}"
                    )
        batch.clear()

    for item in read_inputs(inputs, published=published_date, max_chars=max_chars):
        if isinstance(item, InputProblem):
            failed += 1
            err.print(f"[red]error[/red] {item.source}: {item.reason}", highlight=False)
            continue
        if country and not item.country:
            item.country = country
        batch.append(item)
        if len(batch) >= _BATCH:
            flush()
    flush()
    if output_format is OutputFormat.json:
        if len(results) == 1:
            sys.stdout.write(results[0].model_dump_json(indent=2) + "\n")
        else:
            sys.stdout.write("[" + ",\n".join(r.model_dump_json(indent=2) for r in results) + "]\n")
    if failed:
        err.print(f"{failed} input(s) failed; see the messages above.")
        raise typer.Exit(code=1)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
