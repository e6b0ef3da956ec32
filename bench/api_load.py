"""Load check of `eventcoder serve`: GET /api/events under concurrent requests on loopback.

Builds a SQLite store of N synthetic merged events (default 10,000; each with one to three
source reports and their documents, written straight into the store's tables: no article is
parsed), starts `eventcoder serve` on 127.0.0.1, and sends a bounded number of requests
(at most --requests, for at most --seconds) from --concurrency client threads, only to
127.0.0.1. Reports requests/s and latency percentiles per scenario:

- ``first page``: what the page asks first (newest 100 events, no filter, with the total);
- ``filters``: a mix of country, type, date range, actor, bounding box, minimum fatalities,
  sorting and deep pages (offsets up to the end).

    python bench/api_load.py                       # 10,000 events, 2,000 requests per scenario
    python bench/api_load.py --events 50000 --concurrency 32 --keep /tmp/load.db

Measured (1 uvicorn worker, SQLite, 16 client threads on the same machine): see docs/web.md.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import insert
from sqlalchemy.orm import Session

from eventcoder.store.db import open_engine
from eventcoder.store.schema import DocumentRow, EventRow, ReportRow

# (country, admin1, location, latitude, longitude)
PLACES = [
    ("Iraq", "Nineveh", "Mosul", 36.335, 43.119),
    ("Iraq", "Baghdad", "Baghdad", 33.341, 44.401),
    ("Iraq", "Kirkuk", "Kirkuk", 35.468, 44.392),
    ("Iraq", "Anbar", "Ramadi", 33.426, 43.299),
    ("Syria", "Idlib", "Idlib", 35.930, 36.634),
    ("Syria", "Aleppo", "Aleppo", 36.202, 37.158),
    ("Syria", "Deir ez-Zor", "Deir ez-Zor", 35.336, 40.140),
    ("Nigeria", "Borno", "Maiduguri", 11.847, 13.157),
    ("Nigeria", "Borno", "Konduga", 11.653, 13.418),
    ("Nigeria", "Yobe", "Damaturu", 11.747, 11.961),
    ("Somalia", "Banaadir", "Mogadishu", 2.037, 45.344),
    ("Somalia", "Lower Juba", "Kismayo", -0.358, 42.545),
    ("Afghanistan", "Kabul", "Kabul", 34.528, 69.172),
    ("Afghanistan", "Kandahar", "Kandahar", 31.611, 65.710),
    ("Afghanistan", "Helmand", "Lashkar Gah", 31.593, 64.371),
    ("Yemen", "Taiz", "Taiz", 13.580, 44.021),
    ("Yemen", "Sanaa", "Sanaa", 15.355, 44.207),
    ("Democratic Republic of Congo", "North Kivu", "Beni", 0.491, 29.473),
    ("Democratic Republic of Congo", "North Kivu", "Goma", -1.679, 29.226),
    ("Mali", "Mopti", "Mopti", 14.494, -4.182),
]
TYPES = [
    ("Battles", "Armed clash", "clashed with", "fighters were killed"),
    ("Explosions/Remote violence", "Air/drone strike", "struck", "people were killed"),
    ("Explosions/Remote violence", "Remote explosive/landmine/IED", "bombed", "people died"),
    ("Explosions/Remote violence", "Suicide bomb", "attacked", "people were killed"),
    ("Violence against civilians", "Attack", "attacked villagers with", "civilians were killed"),
    ("Riots", "Mob violence", "rioted against", "people died"),
]
ACTORS = [
    "Islamic State",
    "Military Forces of Iraq",
    "Boko Haram",
    "Al Shabaab",
    "Taliban",
    "Ansar Allah",
    "ADF: Allied Democratic Forces",
    "Unidentified Armed Group",
    "Police Forces",
]
OUTLETS = ["Wire A", "Radio B", "Daily C", "Channel D", "Agency E", "Paper F"]
START = date(2015, 1, 1)
DAYS = 4 * 365


def _id(*parts: object) -> str:
    return hashlib.sha1("|".join(map(str, parts)).encode()).hexdigest()[:16]


def _span(text: str, needle: str) -> dict[str, Any]:
    start = text.index(needle)
    return {"start": start, "end": start + len(needle), "text": needle}


def synthetic_rows(n_events: int, seed: int = 7) -> tuple[list[dict[str, Any]], ...]:
    """Documents, reports and events as dicts of column values, consistent with each other
    (evidence spans slice their document's text exactly)."""
    rng = random.Random(seed)
    now = datetime.now(UTC).replace(tzinfo=None)
    documents: list[dict[str, Any]] = []
    reports: list[dict[str, Any]] = []
    events: list[dict[str, Any]] = []
    for i in range(n_events):
        country, admin1, location, lat, lon = rng.choice(PLACES)
        lat += rng.uniform(-0.3, 0.3)
        lon += rng.uniform(-0.3, 0.3)
        event_type, sub_type, verb, victims = rng.choice(TYPES)
        actor1, actor2 = rng.sample(ACTORS, 2)
        day = START + timedelta(days=rng.randrange(DAYS))
        base = min(int(rng.expovariate(1 / 6)), 400)
        event_id = _id("event", i)
        sources = []
        for k in range(rng.choice((1, 1, 1, 2, 2, 3))):
            toll = base + rng.choice((0, 0, 1, 2))
            text = (
                f"{actor1} {verb} {actor2} in {location} on {day:%A}, and {toll} {victims}, "
                f"officials told {OUTLETS[k]} on {day + timedelta(days=1):%d %B %Y}."
            )
            document_id = _id("doc", i, k)
            published = day + timedelta(days=1)
            documents.append(
                {
                    "id": document_id,
                    "external_id": None,
                    "source_name": "bench/api_load.py",
                    "url": f"https://news.example/{document_id}",
                    "outlet": OUTLETS[k],
                    "title": f"{location}: {toll} {victims}",
                    "published": published,
                    "lang": "en",
                    "text": text,
                    "n_reports": 1,
                    "result": {"totals": [], "figures": [], "notes": []},
                    "ingested_at": now,
                }
            )
            record = {
                "event_id": _id("report", i, k),
                "event_date": day.isoformat(),
                "time_precision": 1,
                "event_type": event_type,
                "sub_event_type": sub_type,
                "actor1": actor1,
                "actor2": actor2,
                "country": country,
                "admin1": admin1,
                "location": location,
                "latitude": lat,
                "longitude": lon,
                "geo_precision": 1,
                "fatalities": toll,
                "fatalities_low": toll,
                "fatalities_high": toll,
                "modality": "reported",
                "notes": f"{sub_type} in {location}; {toll} killed.",
                "evidence": {
                    "fatalities": [_span(text, str(toll))],
                    "location": [_span(text, location)],
                    "event_date": [_span(text, f"{day:%A}")],
                    "actor1": [_span(text, actor1)],
                    "actor2": [_span(text, actor2)],
                    "notes": [_span(text, text)],
                },
                "confidence": 1.0,
            }
            reports.append(
                {
                    "id": record["event_id"],
                    "document_id": document_id,
                    "event_id": event_id,
                    "block": f"{country}|{day:%Y-%m}",
                    "event_date": day,
                    "event_type": event_type,
                    "sub_event_type": sub_type,
                    "country": country,
                    "location": location,
                    "latitude": lat,
                    "longitude": lon,
                    "fatalities": toll,
                    "fatalities_low": toll,
                    "fatalities_high": toll,
                    "confidence": 1.0,
                    "record": record,
                }
            )
            sources.append(record)
        low = min(s["fatalities"] for s in sources)
        high = max(s["fatalities"] for s in sources)
        merged = {**sources[0], "event_id": event_id, "fatalities": low}
        merged.update(fatalities_low=low, fatalities_high=high)
        events.append(
            {
                "id": event_id,
                "event_date": day,
                "event_type": event_type,
                "sub_event_type": sub_type,
                "country": country,
                "admin1": admin1,
                "location": location,
                "latitude": lat,
                "longitude": lon,
                "fatalities": low,
                "fatalities_low": low,
                "fatalities_high": high,
                "n_sources": len(sources),
                "record": merged,
                "provenance": {"fatalities": sources[0]["event_id"]},
                "updated_at": now,
            }
        )
    return documents, reports, events


def build_store(path: Path, n_events: int) -> None:
    engine = open_engine(str(path))
    documents, reports, events = synthetic_rows(n_events)
    with Session(engine) as session, session.begin():
        for table, rows in ((DocumentRow, documents), (ReportRow, reports), (EventRow, events)):
            for i in range(0, len(rows), 2000):
                session.execute(insert(table), rows[i : i + 2000])
    engine.dispose()
    print(f"store: {n_events:,} events, {len(reports):,} reports, {len(documents):,} documents")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def first_page(_rng: random.Random) -> dict[str, Any]:
    return {}


def mixed_filters(rng: random.Random) -> dict[str, Any]:
    params: dict[str, Any] = {}
    if rng.random() < 0.5:
        params["country"] = rng.choice(PLACES)[0]
    if rng.random() < 0.3:
        params["event_type"] = rng.choice(TYPES)[rng.choice((0, 1))]
    if rng.random() < 0.4:
        since = START + timedelta(days=rng.randrange(DAYS))
        params["since"] = since.isoformat()
        params["until"] = (since + timedelta(days=rng.choice((7, 30, 180)))).isoformat()
    if rng.random() < 0.15:
        params["actor"] = rng.choice(ACTORS).split()[0].lower()
    if rng.random() < 0.2:
        _, _, _, lat, lon = rng.choice(PLACES)
        params["bbox"] = f"{lon - 2},{lat - 2},{lon + 2},{lat + 2}"
    if rng.random() < 0.2:
        params["min_fatalities"] = rng.choice((1, 5, 20))
    params["sort"] = rng.choice(("-date", "date", "-fatalities"))
    params["limit"] = rng.choice((20, 100, 500))
    params["offset"] = rng.choice((0, 0, 0, 100, 1000, 5000))
    return params


@dataclass
class Run:
    latencies: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)


def load(
    base: str, make: Any, requests: int, concurrency: int, seconds: float, seed: int
) -> tuple[Run, float]:
    run = Run()
    counter = iter(range(requests))
    counter_lock = threading.Lock()
    stop_at = time.perf_counter() + seconds

    def worker(index: int) -> None:
        rng = random.Random(seed * 1000 + index)
        with httpx.Client(base_url=base, timeout=30) as client:
            while time.perf_counter() < stop_at:
                with counter_lock:
                    if next(counter, None) is None:
                        return
                params = make(rng)
                started = time.perf_counter()
                try:
                    response = client.get("/api/events", params=params)
                    outcome = None if response.status_code == 200 else str(response.status_code)
                except httpx.HTTPError as error:
                    outcome = type(error).__name__
                elapsed = time.perf_counter() - started
                with run.lock:
                    if outcome is None:
                        run.latencies.append(elapsed)
                    else:
                        run.errors[outcome] = run.errors.get(outcome, 0) + 1

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return run, time.perf_counter() - started


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=2_000, help="per scenario, at most")
    parser.add_argument("--seconds", type=float, default=60.0, help="per scenario, at most")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--keep", type=Path, help="build (or reuse) the store at this path")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if not (0 < args.requests <= 100_000 and 0 < args.seconds <= 600 and args.concurrency <= 256):
        parser.error(
            "keep it bounded: --requests <= 100000, --seconds <= 600, --concurrency <= 256"
        )

    folder = Path(tempfile.mkdtemp(prefix="eventcoder-load-"))
    store = args.keep or folder / "load.db"
    if not store.exists():
        started = time.perf_counter()
        build_store(store, args.events)
        print(f"built in {time.perf_counter() - started:.1f} s: {store}")
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    command = Path(sys.executable).with_name("eventcoder")
    log_path = folder / "serve.log"
    with log_path.open("w") as log:
        server = subprocess.Popen(
            [str(command), "serve", "--db", str(store), "--host", "127.0.0.1", "--port", str(port)],
            stdout=log,
            stderr=subprocess.STDOUT,
            env={**os.environ, "EVENTCODER_TOKEN": ""},
        )
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    with urllib.request.urlopen(base + "/api/health", timeout=2):
                        break
                except OSError:
                    if server.poll() is not None or time.monotonic() > deadline:
                        raise SystemExit("server did not start:\n" + log_path.read_text()) from None
                    time.sleep(0.2)
            print(
                f"eventcoder serve (1 process) on {base}; {args.concurrency} client threads on "
                f"the same machine ({os.cpu_count()} CPUs, load average "
                f"{os.getloadavg()[0]:.2f}); at most {args.requests:,} requests or "
                f"{args.seconds:g} s per scenario"
            )
            for name, make in (("first page", first_page), ("filters", mixed_filters)):
                load(base, make, min(100, args.requests), args.concurrency, 10, args.seed)  # warm
                run, wall = load(
                    base, make, args.requests, args.concurrency, args.seconds, args.seed
                )
                done = len(run.latencies)
                if not done:
                    print(f"{name:>10}: no successful request; errors {run.errors}")
                    continue
                ms = [x * 1000 for x in run.latencies]
                print(
                    f"{name:>10}: {done:,} requests in {wall:.1f} s = {done / wall:,.0f} req/s; "
                    f"latency ms p50 {statistics.median(ms):.1f}, p90 {percentile(ms, 90):.1f}, "
                    f"p99 {percentile(ms, 99):.1f}, max {max(ms):.1f}; "
                    f"errors {sum(run.errors.values())} {run.errors or ''}".rstrip()
                )
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
    if args.keep is None:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
