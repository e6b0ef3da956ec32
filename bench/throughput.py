"""Throughput of extraction against bare spaCy parsing of the same documents, in one run.

python bench/throughput.py                         # 200 copies of the Mosul example
python bench/throughput.py --file examples/borno-2015-02-02.txt --copies 500
python bench/throughput.py --cli                   # also time `eventcoder extract -` end to end
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from rich.console import Console
from rich.table import Table

REPO = Path(__file__).resolve().parents[1]
DEFAULT_FILE = REPO.parent / "shared" / "examples" / "mosul-2016-12-25.txt"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--file", type=Path, default=DEFAULT_FILE)
    parser.add_argument("--copies", type=int, default=200)
    parser.add_argument("--published", default="2016-12-26")
    parser.add_argument(
        "--cli", action="store_true", help="also time the CLI over stdin JSON lines"
    )
    args = parser.parse_args()
    if not args.file.exists():
        sys.exit(f"{args.file} not found: give an article with --file")

    from eventcoder.ingest.readers import document_from_text
    from eventcoder.nlp import load_nlp
    from eventcoder.pipeline import extract_documents
    from eventcoder.resolve.gazetteer import Gazetteer

    text = args.file.read_text(encoding="utf-8")
    published = date.fromisoformat(args.published)
    words = len(text.split()) * args.copies
    nlp = load_nlp()
    gazetteer = Gazetteer.default()
    # Warm up the model and the gazetteer so that neither is timed.
    list(extract_documents([document_from_text(text, published=published)], gazetteer))

    start = time.perf_counter()
    for _ in nlp.pipe([text] * args.copies, batch_size=32):
        pass
    bare = time.perf_counter() - start

    documents = [
        document_from_text(text, published=published, doc_id=f"copy-{i}")
        for i in range(args.copies)
    ]
    start = time.perf_counter()
    events = sum(len(r.events) for r in extract_documents(documents, gazetteer))
    full = time.perf_counter() - start

    table = Table(title=f"{args.copies} copies of {args.file.name} ({words:,} words)")
    for column in ("run", "seconds", "documents/s", "words/s", "ratio to bare parse"):
        table.add_column(column, justify="right")
    table.add_row(
        "bare spaCy nlp.pipe",
        f"{bare:.2f}",
        f"{args.copies / bare:.1f}",
        f"{words / bare:,.0f}",
        "1.00",
    )
    table.add_row(
        "eventcoder pipeline",
        f"{full:.2f}",
        f"{args.copies / full:.1f}",
        f"{words / full:,.0f}",
        f"{full / bare:.2f}",
    )
    if args.cli:
        with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as handle:
            for i in range(args.copies):
                handle.write(
                    json.dumps({"id": f"copy-{i}", "text": text, "published": args.published})
                    + "\n"
                )
        start = time.perf_counter()
        with open(handle.name) as stdin:
            subprocess.run(
                [sys.executable, "-m", "eventcoder.cli", "extract", "-", "--format", "jsonl"],
                stdin=stdin,
                stdout=subprocess.DEVNULL,
                check=True,
            )
        cli = time.perf_counter() - start
        table.add_row(
            "eventcoder extract (CLI, incl. start-up)",
            f"{cli:.2f}",
            f"{args.copies / cli:.1f}",
            f"{words / cli:,.0f}",
            f"{cli / bare:.2f}",
        )
    console = Console()
    console.print(table)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    console.print(f"events: {events}; peak RSS of this process: {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
