"""The store end to end, on a real SQLite file and a real PostgreSQL server.

PostgreSQL: set EVENTCODER_TEST_PG_URL (`eval "$(bash .ci/postgres.sh)"` starts a server and
sets it). Without a reachable server the PostgreSQL cases are skipped with a warning and a
message in the summary, never silently.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from conftest import fresh_pg_database
from sqlalchemy import Engine
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from eventcoder.export.acled import ACLED_COLUMNS
from eventcoder.ingest.readers import InputProblem
from eventcoder.records import Document, ExtractionResult
from eventcoder.store.db import open_engine
from eventcoder.store.ingest import ingest
from eventcoder.store.query import event_record, event_sources, find_events, quarantined

# Five differently worded reports of the same two incidents (an airstrike on al Wahda, a car
# bomb in Intisar, both in Mosul on Sunday 25 December 2016), and one report of a third incident
# the same day in the same city (a shooting at a checkpoint in Zanjili).
MERGE_TEXTS: dict[str, tuple[str, str]] = {
    "wire-a": (
        "2016-12-26",
        "Coalition aircraft struck an Islamic State gathering in the al Wahda neighbourhood of "
        "eastern Mosul on Sunday, killing 25 militants, Iraq's Joint Military Command said.\n"
        "In a separate attack, a car bomb exploded at a market in the Intisar neighbourhood of "
        "Mosul on Sunday, killing 12 civilians, police said.",
    ),
    "wire-b": (
        "2016-12-26",
        "A car bomb ripped through a crowded market in the Intisar neighbourhood of Mosul on "
        "Sunday, killing 14 civilians, medical officials said.\n"
        "In another incident, coalition warplanes bombed Islamic State fighters in the al Wahda "
        "neighbourhood of Mosul, killing 27 militants, the military said.",
    ),
    "agency-c": (
        "2016-12-25",
        "At least 11 civilians were killed when a car bomb went off at a market in the Intisar "
        "neighbourhood of Mosul on Sunday, police said.\n"
        "Separately, coalition airstrikes killed 24 Islamic State militants in the al Wahda "
        "neighbourhood of Mosul on Sunday, the Joint Military Command said.",
    ),
    "channel-d": (
        "2016-12-26",
        "An airstrike by coalition jets on the al Wahda neighbourhood of Mosul killed 26 Islamic "
        "State fighters on Sunday, Iraqi officials said.\n"
        "Meanwhile, a car bomb killed 13 civilians at a market in the Intisar neighbourhood of "
        "Mosul.",
    ),
    "paper-e": (
        "2016-12-27",
        "On Sunday, a car bomb killed 12 civilians at a busy market in the Intisar neighbourhood "
        "of Mosul, police said.\n"
        "In a separate incident, coalition aircraft killed 25 Islamic State militants in an "
        "airstrike on the al Wahda neighbourhood of Mosul, the military said.",
    ),
    "local-f": (
        "2016-12-26",
        "Gunmen opened fire on a police checkpoint in the Zanjili neighbourhood of Mosul on "
        "Sunday, killing three policemen, officials said.",
    ),
}


def write_corpus(folder: Path, names: Iterable[str] | None = None) -> Path:
    """The merge texts as one JSON file per article (with outlet, url and date)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in names or MERGE_TEXTS:
        published, body = MERGE_TEXTS[name]
        record = {
            "id": name,
            "outlet": name.split("-")[0].title(),
            "url": f"https://news.example/{name}",
            "published": published,
            "text": body,
        }
        (folder / f"{name}.json").write_text(json.dumps(record), encoding="utf-8")
    return folder


def documents(folder: Path) -> list[Document]:
    from eventcoder.ingest.formats import read_corpus

    found = list(read_corpus([str(folder)]))
    assert all(isinstance(d, Document) for d in found), found
    return [d for d in found if isinstance(d, Document)]


@pytest.fixture(scope="session")
def extractor():  # type: ignore[no-untyped-def]
    """The real pipeline, each distinct text extracted once per session."""
    from eventcoder.pipeline import extract_documents

    cache: dict[str, ExtractionResult] = {}

    def run(batch: list[Document]) -> Iterator[ExtractionResult]:
        missing = [d for d in batch if d.id not in cache]
        for document, result in zip(missing, extract_documents(missing), strict=True):
            cache[document.id] = result
        for document in batch:
            yield cache[document.id]

    return run


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty store: a SQLite file, or a new database on the PostgreSQL server."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.db'}"
        return
    with fresh_pg_database("ec_test") as url:
        yield url


def _events(engine: Engine) -> list[dict[str, object]]:
    with Session(engine) as session:
        return [event_record(row, event_sources(session, row.id)) for row in find_events(session)]


def test_merge_of_five_reports_of_two_incidents_and_a_third_incident(
    store_url: str, tmp_path: Path, extractor
) -> None:  # type: ignore[no-untyped-def]
    engine = open_engine(store_url)
    summary = ingest(engine, documents(write_corpus(tmp_path / "news")), extractor=extractor)
    assert summary.stored == 6
    events = _events(engine)
    by_sources = sorted(events, key=lambda e: -int(e["n_sources"]))  # type: ignore[call-overload]
    assert [e["n_sources"] for e in by_sources] == [5, 5, 1]
    airstrike, car_bomb, shooting = sorted(
        by_sources,
        key=lambda e: {"Air/drone strike": 0, "Armed clash": 2}.get(str(e["sub_event_type"]), 1),
    )
    assert airstrike["sub_event_type"] == "Air/drone strike"
    # ACLED: the lowest reported toll; low/high over all the sources; each value sourced.
    assert (airstrike["fatalities"], airstrike["fatalities_low"]) == (24, 24)
    assert airstrike["fatalities_high"] == 27
    assert (car_bomb["fatalities"], car_bomb["fatalities_high"]) == (11, 14)
    assert shooting["fatalities"] == 3 and shooting["n_sources"] == 1
    sources = {s["report_id"]: s for s in car_bomb["sources"]}  # type: ignore[attr-defined]
    lowest = sources[car_bomb["provenance"]["fatalities"]]  # type: ignore[index]
    assert lowest["fatalities"] == 11 and lowest["document"]["outlet"] == "Agency"
    for source in sources.values():
        for span in source["evidence"]["fatalities"]:
            assert span["text"] in MERGE_TEXTS[source["document"]["url"].rsplit("/", 1)[1]][1]
    for event in events:
        assert event["event_date"] == "2016-12-25" and event["location"] == "Mosul"


def test_ingest_order_and_reingest(store_url: str, tmp_path: Path, extractor) -> None:  # type: ignore[no-untyped-def]
    """Reversed order, one by one: the same events. The same files again: nothing added."""
    engine = open_engine(store_url)
    for name in reversed(list(MERGE_TEXTS)):
        ingest(engine, documents(write_corpus(tmp_path / name, [name])), extractor=extractor)
    reference = open_engine(f"sqlite:///{tmp_path / 'reference.db'}")
    ingest(reference, documents(write_corpus(tmp_path / "all")), extractor=extractor)

    def shape(engine: Engine) -> set[tuple[object, ...]]:
        return {
            (
                e["event_id"],
                e["fatalities"],
                e["fatalities_low"],
                e["fatalities_high"],
                frozenset(s["report_id"] for s in e["sources"]),  # type: ignore[attr-defined]
            )
            for e in _events(engine)
        }

    assert shape(engine) == shape(reference)
    again = ingest(engine, documents(tmp_path / "all"), extractor=extractor)
    assert (again.stored, again.already_stored, again.events_new) == (0, 6, 0)
    assert shape(engine) == shape(reference)


def test_bad_documents_are_quarantined_and_never_stop_the_batch(
    store_url: str, tmp_path: Path, extractor
) -> None:  # type: ignore[no-untyped-def]
    engine = open_engine(store_url)
    good = documents(write_corpus(tmp_path / "news", ["wire-a", "local-f"]))

    def flaky(batch: list[Document]) -> Iterator[ExtractionResult]:
        if any("Zanjili" in d.text for d in batch):
            raise RuntimeError("boom")
        yield from extractor(batch)

    items: list[Document | InputProblem] = [
        InputProblem("broken.json", "invalid JSON: Expecting value"),
        *good,
    ]
    summary = ingest(engine, items, extractor=flaky)
    assert (summary.stored, summary.failed, sum(summary.skipped.values())) == (1, 1, 1)
    ingest(engine, items, extractor=flaky)  # the same failures are not recorded twice
    with Session(engine) as session:
        rows = quarantined(session)
    assert sorted((r.stage, r.reason.split(":")[0]) for r in rows) == [
        ("extract", "extraction failed"),
        ("read", "invalid JSON"),
    ]


def test_cli_ingest_query_export_sources(store_url: str, tmp_path: Path) -> None:
    from eventcoder.cli import app

    news = write_corpus(tmp_path / "news")
    (news / "empty.txt").write_text("   ", encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(app, ["ingest", str(news), "--db", store_url])
    assert result.exit_code == 0, result.output
    assert "events new: 3" in result.output and "empty" in result.output

    result = runner.invoke(
        app,
        ["events", "--db", store_url, "--country", "Iraq", "--since", "2016-12-01",
         "--type", "Explosions/Remote violence", "--format", "json"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    listed = json.loads(result.stdout)
    assert sorted(e["n_sources"] for e in listed) == [5, 5]

    result = runner.invoke(app, ["sources", listed[0]["event_id"][:10], "--db", store_url])
    assert result.exit_code == 0, result.output
    assert "Mosul" in result.stdout and "5 source(s)" in result.stdout

    result = runner.invoke(app, ["export", "--db", store_url, "--format", "acled-csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0][:31] == ACLED_COLUMNS and len(ACLED_COLUMNS) == 31
    assert len(rows) == 4
    header = rows[0]
    fatalities = sorted(int(r[header.index("fatalities")]) for r in rows[1:])
    assert fatalities == [3, 11, 24]

    result = runner.invoke(app, ["export", "--db", store_url, "--format", "jsonl"])
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert sorted(len(r["sources"]) for r in records) == [1, 5, 5]

    result = runner.invoke(app, ["export", "--db", store_url, "--format", "geojson"])
    collection = json.loads(result.stdout)
    assert len(collection["features"]) == 3
    assert collection["features"][0]["geometry"]["coordinates"][1] == pytest.approx(36.3, 0.1)

    import pyarrow.parquet as pq  # type: ignore[import-untyped]

    target = tmp_path / "events.parquet"
    result = runner.invoke(
        app, ["export", "--db", store_url, "--format", "parquet", "-o", str(target)]
    )
    assert result.exit_code == 0, result.output
    table = pq.read_table(target)
    assert table.num_rows == 3 and table.column_names[:31] == ACLED_COLUMNS
    assert sorted(table.column("fatalities").to_pylist()) == [3, 11, 24]

    result = runner.invoke(app, ["quarantine", "--db", store_url])
    assert "empty" in result.stdout


def test_migrations_match_the_models(store_url: str) -> None:
    """The Alembic revision creates exactly the tables the ORM models declare."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from eventcoder.store.schema import Base

    engine = open_engine(store_url)
    with engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert diff == []
