"""The web API on a PostgreSQL store (the same corpus as the SQLite tests): JSON filters,
aggregates, sources, exports, a write, and the query deadline as ``statement_timeout``.

Set EVENTCODER_TEST_PG_URL (`eval "$(bash .ci/postgres.sh)"`); without a reachable server the
test is skipped with a warning and a line in pytest's summary, never silently.
"""

from __future__ import annotations

import csv
import io
import warnings
from collections.abc import Iterator
from typing import Any

import pytest
from conftest import fresh_pg_database
from sqlalchemy import text
from test_serve_corpus import corpus_documents

from eventcoder.serve import app as serve_app
from eventcoder.serve.app import ServeConfig, create_app
from eventcoder.store.db import open_engine
from eventcoder.store.ingest import ingest

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

TOKEN = "pg-token-0123456789abcdef"


@pytest.fixture(scope="module")
def pg_url() -> Iterator[str]:
    with fresh_pg_database("ec_serve", "POSTGRESQL WEB TESTS SKIPPED") as url:
        store = open_engine(url)
        ingest(store, corpus_documents())
        store.dispose()
        yield url


def test_api_on_postgresql(pg_url: str) -> None:
    with TestClient(create_app(ServeConfig(db=pg_url, token=TOKEN))) as client:
        listed = client.get("/api/events", params={"limit": 500}).json()
        assert listed["total"] >= 12
        shabaab = client.get("/api/events", params={"actor": "shabaab"}).json()["events"]
        assert [e["location"] for e in shabaab] == ["Kismayo"]
        assert shabaab[0]["actor1"] and shabaab[0]["time_precision"] == 1
        north = client.get("/api/events", params={"bbox": "42,35,45,37"}).json()["events"]
        assert north and {e["location"] for e in north} <= {"Mosul", "Kirkuk"}
        deadliest = client.get("/api/events", params={"sort": "-fatalities"}).json()["events"]
        assert deadliest[0]["fatalities"] == max(e["fatalities"] or 0 for e in listed["events"])
        days = client.get("/api/aggregates/day").json()["buckets"]
        assert sum(b["events"] for b in days) == sum(1 for e in listed["events"] if e["event_date"])
        airstrike = next(
            e
            for e in listed["events"]
            if e["sub_event_type"] == "Air/drone strike" and e["location"] == "Mosul"
        )
        detail = client.get(f"/api/events/{airstrike['event_id']}").json()
        assert len(detail["sources"]) == 5 and detail["disagreements"]
        rows = list(csv.DictReader(io.StringIO(client.get("/api/export.csv").text)))
        assert len(rows) == listed["total"]
        created = client.post(
            "/api/documents",
            json={
                "text": "Gunmen killed 4 people in Basra on Monday, police said.",
                "published": "2017-03-14",
            },
            headers={"Authorization": f"Bearer {TOKEN}"},
        )
        assert created.status_code == 201, created.text


def test_statement_timeout_on_postgresql(pg_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    def slow(session: Any, where: Any, **kwargs: Any) -> int:
        return int(session.execute(text("SELECT count(*) FROM pg_sleep(5)")).scalar())

    monkeypatch.setattr(serve_app, "count_events", slow)
    with TestClient(create_app(ServeConfig(db=pg_url, query_timeout=0.3))) as client:
        response = client.get("/api/events")
        assert response.status_code == 503
        assert "longer than 0.3 s" in response.json()["message"]
