"""``eventcoder bench accuracy``: the pipeline over a gold file, scored against it."""

from __future__ import annotations

import json
import platform
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from eventcoder.console import error_console

__all__ = ["bench_app", "default_gold_path", "resolve_gold_path"]

bench_app = typer.Typer(
    help="Measure eventcoder against human-coded gold data.", no_args_is_help=True
)

_DEFAULT_GOLD = Path("..") / "shared" / "data" / "dev.csv"
_REPO = Path(__file__).resolve().parents[3]


def resolve_gold_path(path: Path) -> Path | None:
    """A gold file as given (relative to the current folder), else relative to the repository."""
    candidates = [path]
    if not path.is_absolute():
        candidates.append(_REPO / path)
    return next((c.resolve() for c in candidates if c.is_file()), None)


def default_gold_path() -> Path | None:
    """``../shared/data/dev.csv`` from the current folder or one of its parents, else from
    the repository."""
    for folder in (Path.cwd(), *Path.cwd().parents):
        for candidate in (folder / _DEFAULT_GOLD, folder / "shared" / "data" / "dev.csv"):
            if candidate.is_file():
                return candidate.resolve()
    candidate = _REPO / _DEFAULT_GOLD
    return candidate.resolve() if candidate.is_file() else None


def _run_name(paths: list[Path], limit: int | None, seed: int, sources: list[str]) -> str:
    name = "+".join(p.name.split(".")[0] for p in paths)
    if sources:
        name += "-" + "+".join(sources)
    if limit is not None:
        name += f"-n{limit}-seed{seed}"
    return name


def _git(*args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=_REPO, capture_output=True, text=True, timeout=10, check=True
    ).stdout.strip()


def _code_version() -> str | None:
    """The git commit of the code measured (with "+dirty" for uncommitted changes), if any."""
    try:
        head = _git("rev-parse", "--short", "HEAD")
        dirty = _git("status", "--porcelain", "--untracked-files=no")
    except (OSError, subprocess.SubprocessError):
        return None
    return head + ("+dirty" if dirty else "") if head else None


@bench_app.command("accuracy")
def accuracy(
    gold: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Gold files: CSV in the columns of ../shared/data/dev.csv, or news articles in "
            "the JSON form of ../shared/examples/*.gold.json (.jsonl: one per line). "
            "Default: ../shared/data/dev.csv.",
            show_default=False,
        ),
    ] = None,
    limit: Annotated[
        int | None,
        typer.Option(help="Score a fixed-seed sample of N texts (the fast path)."),
    ] = None,
    sample_seed: Annotated[int, typer.Option(help="Seed of the --limit sample.")] = 0,
    source: Annotated[
        list[str] | None,
        typer.Option(
            help="Only rows of this source (prefix of source_dataset: rand, wikipedia, acled, "
            "ucdp, muc4, news); repeatable.",
        ),
    ] = None,
    out: Annotated[
        Path, typer.Option(help="Folder for report.json, errors.txt and errors.jsonl.")
    ] = Path("bench/out"),
    no_peer: Annotated[
        bool, typer.Option("--no-peer", help="Skip the GDELT peer (gdelt-regkg).")
    ] = False,
    split: Annotated[
        str | None, typer.Option(help="Only rows of this split (the CSV's split column).")
    ] = None,
    batch_size: Annotated[int, typer.Option(help="Texts per nlp.pipe batch.")] = 64,
    collection_country: Annotated[
        bool,
        typer.Option(
            "--collection-country",
            help="Give single-country collections (ACLED Nigeria, UCDP Iraq) their country as "
            "the --country hint a user coding them would pass. Off: text only.",
        ),
    ] = False,
) -> None:
    """Run the pipeline over gold files, score it, print a table per source and overall.

    Writes OUT/<run>/report.json, errors.txt (each miss with its text, the gold values, ours
    and our evidence, grouped by error class) and errors.jsonl. The errors files hold gold
    texts: keep them out of git (bench/out/ is ignored).

    Examples:

      eventcoder bench accuracy

      eventcoder bench accuracy --limit 500 --sample-seed 1 --no-peer

      eventcoder bench accuracy ../shared/examples/mosul-2016-12-25.gold.json
    """
    from eventcoder.evaluate.gold import filter_items, read_gold, sample_items
    from eventcoder.evaluate.peer import PeerUnavailable, ensure_peer_python, run_peer
    from eventcoder.evaluate.report import print_report, report_json, write_errors
    from eventcoder.evaluate.run import COLLECTION_COUNTRIES, extract_items, score_items
    from eventcoder.nlp import load_nlp
    from eventcoder.nlp.model import load_stock_nlp
    from eventcoder.resolve.gazetteer import Gazetteer

    console = Console(width=None if sys.stdout.isatty() else 200)
    err = error_console()
    paths: list[Path] = []
    for given in gold or []:
        found = resolve_gold_path(given)
        if found is None:
            raise typer.BadParameter(f"gold file {given} not found", param_hint="GOLD")
        paths.append(found)
    if not paths:
        default = default_gold_path()
        if default is None:
            raise typer.BadParameter(
                f"no gold file given and {_DEFAULT_GOLD} not found from {Path.cwd()}",
                param_hint="GOLD",
            )
        paths.append(default)
    sources = [s for s in source or [] if s]

    items = list(filter_items(read_gold(paths), sources, split))
    total = len(items)
    items = sample_items(items, limit, sample_seed)
    if not items:
        err.print("no gold items to score (check --source and --split)")
        raise typer.Exit(code=1)
    n_rows = sum(len(i.rows) or 1 for i in items)
    sampled = f" (sample of {total:,}, seed {sample_seed})" if len(items) < total else ""
    code = _code_version()
    console.print(
        f"{len(items):,} texts{sampled}, {n_rows:,} gold rows/articles from "
        + ", ".join(str(p) for p in paths)
        + (f"; code {code}" if code else ""),
        highlight=False,
    )

    gazetteer = Gazetteer.default()
    load_nlp()
    load_stock_nlp()  # loaded before timing starts, as ours is
    with Progress(
        TextColumn("extracting (and bare spaCy parsing, for the speed ratio)"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=False,
    ) as progress:
        task = progress.add_task("extract", total=len(items))
        results, failed, speed = extract_items(
            items,
            gazetteer,
            batch_size=batch_size,
            on_progress=lambda n: progress.advance(task, n),
            collection_country=collection_country,
        )
    if collection_country:
        err.print(
            "collection country given as a hint: "
            + ", ".join(f"{k} -> {v}" for k, v in COLLECTION_COUNTRIES.items())
        )

    peer_counts = None
    peer_info: dict[str, Any] = {"used": False}
    peer_note: str | None = None
    row_items = [i for i in items if i.rows]
    if no_peer:
        peer_note = "skipped (--no-peer)"
    elif not row_items:
        peer_note = "not run: the peer is compared on CSV rows only"
    else:
        try:
            with err.status("peer: preparing the gdelt-regkg venv (Python 3.12)"):
                python = ensure_peer_python()
            with err.status("peer: GDELT counts of the same texts"):
                started = time.perf_counter()
                peer_counts, peer_failed = run_peer([(i.id, i.text) for i in row_items], python)
                peer_seconds = time.perf_counter() - started
            peer_info = {
                "used": True,
                "python": str(python),
                "texts": len(peer_counts),
                "failed": len(peer_failed),
                "seconds": round(peer_seconds, 2),
            }
            peer_note = (
                f"gdelt-regkg via {python}: {len(peer_counts):,} texts in {peer_seconds:.1f} s"
                + (f", {len(peer_failed)} failed" if peer_failed else "")
                + "; the peer counts KILL/WOUND mentions summed over the document"
            )
        except PeerUnavailable as error:
            peer_note = f"not run: {error}"
            peer_info = {"used": False, "reason": str(error)}

    scores = score_items(items, results, peer_counts, gazetteer)
    name = _run_name(paths, limit if len(items) < total else None, sample_seed, sources)
    print_report(scores, console, speed, peer_note, title=f"eventcoder accuracy: {name}")
    if failed:
        console.print(f"{len(failed)} text(s) failed in extraction and scored as empty.")

    folder = out / name
    folder.mkdir(parents=True, exist_ok=True)
    run = {
        "gold": [str(p) for p in paths],
        "texts": len(items),
        "texts_available": total,
        "rows": n_rows,
        "limit": limit,
        "sample_seed": sample_seed,
        "sources": sources,
        "split": split,
        "extraction_failures": failed,
        "python": platform.python_version(),
        "code": code,
        "finished": datetime.now(timezone.utc).isoformat(timespec="seconds"),  # noqa: UP017
    }
    report = report_json(scores, speed, run, peer_info)
    (folder / "report.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    written = write_errors(scores.misses, folder)
    console.print(
        f"wrote {folder / 'report.json'}, " + ", ".join(str(p) for p in written), highlight=False
    )
