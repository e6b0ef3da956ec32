"""Documents/s of `ingest` (extract + store + merge) into SQLite and PostgreSQL.

python bench/ingest_speed.py                       # 1,000 texts of ../shared/data/dev.csv
python bench/ingest_speed.py --docs 200 --pg postgresql+psycopg://postgres@127.0.0.1:54329/x

The texts are read at run time from ../shared/data/dev.csv (never copied); without it, variants
of bench/data/merge are used. The spaCy model is loaded before the clock starts. Each store
starts empty. For context the same documents are also extracted with no store at all, so the
store's own cost is the difference. PostgreSQL: --pg URL or $EVENTCODER_TEST_PG_URL (a fresh
database is created on that server and dropped afterwards).
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEV = REPO.parent / "shared" / "data" / "dev.csv"


def corpus(count: int) -> Iterator[tuple[str, date | None]]:
    seen: set[str] = set()
    if DEV.exists():
        csv.field_size_limit(1 << 24)
        with DEV.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                text = (row.get("text") or "").strip()
                if not text or text in seen:
                    continue
                seen.add(text)
                raw = (row.get("event_date") or "")[:10]
                try:
                    published = date.fromisoformat(raw) if raw else None
                except ValueError:
                    published = None
                yield text, published
                if len(seen) >= count:
                    return
    base = sorted((REPO / "bench" / "data" / "merge").glob("*.txt"))
    number = 0
    while len(seen) < count:
        for path in base:
            text = path.read_text(encoding="utf-8") + f" (Update {number}.)"
            seen.add(text)
            yield text, date(2016, 12, 26)
            number += 1
            if len(seen) >= count:
                return


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--pg", default=os.environ.get("EVENTCODER_TEST_PG_URL"))
    parser.add_argument("--batch-size", type=int, default=32)
    args = parser.parse_args(argv)

    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from eventcoder.ingest.readers import InputProblem, document_from_text
    from eventcoder.nlp import parse
    from eventcoder.pipeline import extract_documents
    from eventcoder.records import Document
    from eventcoder.resolve.gazetteer import Gazetteer
    from eventcoder.store.db import open_engine
    from eventcoder.store.ingest import ingest

    documents: list[Document | InputProblem] = []
    for body, published in corpus(args.docs):
        try:
            documents.append(document_from_text(body, published=published, source_name="bench"))
        except ValueError as error:
            documents.append(InputProblem("bench", str(error)))
    started = time.perf_counter()
    parse("Load the model before the clock starts.")
    Gazetteer.default()
    print(f"{len(documents)} documents from {DEV if DEV.exists() else 'bench/data/merge'}")
    print(f"model and gazetteer load: {time.perf_counter() - started:.1f} s (not counted)")

    good = [d for d in documents if isinstance(d, Document)]
    started = time.perf_counter()
    events = sum(len(r.events) for r in extract_documents(good, batch_size=args.batch_size))
    seconds = time.perf_counter() - started
    print(
        f"extract only (no store): {len(good) / seconds:7.1f} documents/s "
        f"({len(good)} documents, {events} events, {seconds:.1f} s)"
    )

    def run(label: str, url: str) -> None:
        engine = open_engine(url)
        summary = ingest(engine, list(documents), batch_size=args.batch_size)
        engine.dispose()
        print(
            f"ingest into {label:10}: {summary.stored / summary.seconds:7.1f} documents/s "
            f"({summary.stored} stored, {summary.reports} reports, {summary.events_after} "
            f"events, {sum(summary.skipped.values())} skipped, {summary.seconds:.1f} s)"
        )

    with tempfile.TemporaryDirectory() as folder:
        run("SQLite", f"sqlite:///{folder}/bench.db")
    if not args.pg:
        print("ingest into PostgreSQL: skipped (give --pg URL or set EVENTCODER_TEST_PG_URL)")
        return
    name = f"ec_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(args.pg, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as error:
        sys.exit(f"PostgreSQL at {args.pg} unreachable: {error}")
    try:
        run("PostgreSQL", make_url(args.pg).set(database=name).render_as_string(False))
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


if __name__ == "__main__":
    main()
