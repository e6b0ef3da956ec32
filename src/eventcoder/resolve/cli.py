"""``eventcoder gazetteer``: build a gazetteer from GeoNames files, inspect it, look names up."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from eventcoder.console import error_console
from eventcoder.resolve.gazetteer import ENV_PATH, Gazetteer

gazetteer_app = typer.Typer(
    help="The gazetteer that resolves places to coordinates.", no_args_is_help=True
)

_GazetteerOption = Annotated[
    Path | None,
    typer.Option(
        "--gazetteer",
        "-g",
        help=f"A gazetteer SQLite file (default: ${ENV_PATH}, else the packaged one).",
    ),
]


def _open(path: Path | None) -> Gazetteer:
    if path is None:
        return Gazetteer.default()
    if not path.exists():
        raise typer.BadParameter(f"gazetteer file {path} does not exist", param_hint="--gazetteer")
    return Gazetteer.open(path)


def _default_output() -> Path:
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "eventcoder" / "geonames.sqlite"


@gazetteer_app.command("info")
def gazetteer_info(gazetteer: _GazetteerOption = None) -> None:
    """Which gazetteer is in use, how many places it holds, and what it was built from."""
    info = _open(gazetteer).info()
    sys.stdout.write(json.dumps(info, indent=2, default=str) + "\n")


@gazetteer_app.command("build")
def gazetteer_build(
    files: Annotated[
        list[Path],
        typer.Argument(
            help="GeoNames main tables as published: allCountries.zip, a country file "
            "(IQ.zip or IQ.txt), cities500.zip...",
            show_default=False,
        ),
    ],
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Where to write the SQLite file."),
    ] = None,
    alternate_names: Annotated[
        list[Path] | None,
        typer.Option(help="alternateNamesV2.zip (or .txt): more spellings of the places kept."),
    ] = None,
    add: Annotated[
        list[Path] | None,
        typer.Option(
            help="A CSV of your own places: name, aliases (|-separated), lat, lon, country, "
            "admin1, parent (city).",
        ),
    ] = None,
    admin1: Annotated[
        Path | None,
        typer.Option(help="admin1CodesASCII.txt (default: next to the first file, if there)."),
    ] = None,
    admin2: Annotated[
        Path | None,
        typer.Option(help="admin2Codes.txt (default: next to the first file, if there)."),
    ] = None,
    country_info: Annotated[
        Path | None,
        typer.Option(help="countryInfo.txt (default: next to the first file, if there)."),
    ] = None,
    countries: Annotated[
        str | None,
        typer.Option(help="Keep only these countries: ISO2 codes, comma-separated (IQ,SY)."),
    ] = None,
    all_features: Annotated[
        bool,
        typer.Option(
            "--all-features",
            help="Keep every feature (rivers, hotels...), not only populated places, admin "
            "units and the sites conflict reports name.",
        ),
    ] = False,
) -> None:
    """Build a gazetteer from GeoNames dump files you downloaded (CC BY 4.0, geonames.org).

    Examples:

      eventcoder gazetteer build allCountries.zip

      eventcoder gazetteer build IQ.txt --alternate-names alternateNamesV2.zip --add my-places.csv

    Then: eventcoder extract article.txt --gazetteer ~/.cache/eventcoder/geonames.sqlite
    (or set EVENTCODER_GAZETTEER to the file).
    """
    from rich.progress import (
        BarColumn,
        DownloadColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    from eventcoder.resolve.geonames_dump import DEFAULT_FEATURES, build_from_geonames

    err = error_console()
    missing = [p for p in [*files, *(alternate_names or []), *(add or [])] if not p.is_file()]
    if missing:
        raise typer.BadParameter(f"no such file: {missing[0]}")
    target = (output or _default_output()).expanduser()
    wanted = {c.strip().upper() for c in countries.split(",") if c.strip()} if countries else None
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TimeRemainingColumn(),
        console=err,
        transient=False,
    ) as bar:

        def progress(label: str, total: int) -> Callable[[int], None]:
            task = bar.add_task(label, total=total)
            return lambda n: bar.advance(task, n)

        try:
            report = build_from_geonames(
                files,
                target,
                admin1_file=admin1,
                admin2_file=admin2,
                country_info_file=country_info,
                alternate_names=alternate_names,
                added=add,
                countries=wanted,
                features=None if all_features else DEFAULT_FEATURES,
                progress=progress,
            )
        except (ValueError, OSError) as error:
            err.print(f"[red]error[/red] {error}")
            raise typer.Exit(code=1) from error
    for warning in report.warnings:
        err.print(f"[yellow]warning[/yellow] {warning}")
    err.print(
        f"{report.places:,} places, {report.names:,} names from {report.rows_read:,} rows "
        f"({len(report.countries)} countries"
        + (f", {report.added} of your own" if report.added else "")
        + f") in {report.seconds:.0f} s -> {report.path}"
    )
    sys.stdout.write(f"{report.path}\n")


@gazetteer_app.command("lookup")
def gazetteer_lookup(
    name: Annotated[str, typer.Argument(help="A place name as a report spells it.")],
    near: Annotated[
        str | None,
        typer.Option(help="A place the text names it with (its city: 'al Wahda' near Mosul)."),
    ] = None,
    country: Annotated[
        str | None,
        typer.Option(help="The document's country (ISO2 code or name)."),
    ] = None,
    province: Annotated[
        str | None, typer.Option(help="A province the text names ('Kirkuk').")
    ] = None,
    limit: Annotated[int, typer.Option(help="How many candidates to show.")] = 10,
    as_json: Annotated[bool, typer.Option("--json", help="JSON lines, one per candidate.")] = False,
    gazetteer: _GazetteerOption = None,
) -> None:
    """Candidates for a name with their scores, as the resolver weighs them."""
    from eventcoder.resolve.geo import PlaceContext, score_candidates

    gaz = _open(gazetteer)
    focus: str | None = None
    if country:
        found = gaz.country(country)
        if found is None:
            raise typer.BadParameter(f"unknown country {country!r}", param_hint="--country")
        focus = found.country_code
    anchor = None
    if near:
        near_candidates = gaz.candidates(near, focus, limit=20) or gaz.candidates(near, limit=20)
        if not near_candidates:
            raise typer.BadParameter(f"{near!r} is not in the gazetteer", param_hint="--near")
        anchor = score_candidates(near_candidates, PlaceContext(focus=focus))[0].place
        focus = focus or anchor.country_code
    context = PlaceContext(focus=focus)
    if province:
        region = gaz.admin1(province, focus)
        if region is None or not region.admin1_code:
            raise typer.BadParameter(f"no province {province!r}", param_hint="--province")
        context.admin1.add((region.country_code, region.admin1_code))
    relation = "neighbourhood" if anchor is not None else "in"
    candidates = gaz.candidates(name, focus, limit=60) or gaz.candidates(name, limit=60)
    scored = score_candidates(candidates, context, relation, near=anchor)[:limit]
    if as_json:
        for s in scored:
            record = {**s.place.model_dump(), "score": s.score, "parts": s.parts}
            record["distance_km"] = s.distance_km
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
        return
    out = Console(width=None if sys.stdout.isatty() else 180)
    if not scored:
        out.print(f"no place called {name!r} in {gaz.path}")
        raise typer.Exit(code=1)
    title = f"{name!r}" + (f" near {anchor.name} ({anchor.geonameid})" if anchor else "")
    table = Table(title=title + (f" in {focus}" if focus else ""))
    for column in ("score", "geonameid", "name", "code", "admin1", "admin2", "cc", "lat, lon"):
        table.add_column(column)
    table.add_column("population", justify="right")
    if anchor is not None:
        table.add_column("km", justify="right")
    table.add_column("score parts")
    for s in scored:
        p = s.place
        cells = [
            f"{s.score:.3f}",
            str(p.geonameid),
            p.name,
            p.feature_code or "",
            p.admin1 or "",
            p.admin2 or "",
            p.country_code,
            f"{p.latitude:.4f}, {p.longitude:.4f}",
            f"{p.population:,}",
        ]
        if anchor is not None:
            cells.append("" if s.distance_km is None else f"{s.distance_km:.1f}")
        cells.append(" ".join(f"{k}={v:g}" for k, v in s.parts.items() if v))
        table.add_row(*cells)
    out.print(table)
