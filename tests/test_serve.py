"""The web API with FastAPI's test client, against a real SQLite store built by the pipeline
(`test_serve_corpus`): filters, paging, sources and evidence, documents, aggregates, exports,
the token-protected write, bounds (body size, page size, query time) and JSON errors."""

from __future__ import annotations

import csv
import io
import json
import shutil
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text as sql
from test_serve_corpus import corpus_store
from typer.testing import CliRunner

from eventcoder.serve import app as serve_app
from eventcoder.serve.app import ServeConfig, create_app
from eventcoder.serve.queries import BBox, sentence_bounds

with warnings.catch_warnings():  # Starlette 1.x would like httpx2; httpx works
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

pytestmark = pytest.mark.filterwarnings("ignore:Using `httpx` with `starlette.testclient`")
TOKEN = "test-token-0123456789abcdef"


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return corpus_store(tmp_path_factory)


@pytest.fixture(scope="module")
def client(db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(ServeConfig(db=str(db)))) as test_client:
        yield test_client


@pytest.fixture()
def writable(db: Path, tmp_path: Path) -> Iterator[TestClient]:
    """A client with a token, on a copy of the store (writes must not leak into other tests)."""
    copy = tmp_path / "copy.db"
    shutil.copy(db, copy)
    with TestClient(create_app(ServeConfig(db=str(copy), token=TOKEN))) as test_client:
        yield test_client


def events(client: TestClient, **params: Any) -> dict[str, Any]:
    response = client.get("/api/events", params=params)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def mosul_airstrike(client: TestClient) -> dict[str, Any]:
    listed = events(client, event_type="Air/drone strike", location="Mosul")["events"]
    assert len(listed) == 1
    return listed[0]


# --- the page ---------------------------------------------------------------------------------


def test_page_is_served_with_packaged_assets_and_a_strict_policy(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    policy = page.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy.split("style-src")[0]
    html = page.text
    for asset in (
        "/static/vendor/leaflet/leaflet.js",
        "/static/vendor/leaflet/leaflet.css",
        "/static/vendor/topojson-client/topojson-client.min.js",
        "/static/app.js",
    ):
        assert asset in html
        assert client.get(asset).status_code == 200
    assert "http://" not in html.replace('xmlns="http://', "") and "https://" not in html
    assert "<script>" not in html  # no inline script: the policy would block it anyway
    world = client.get("/static/vendor/world-atlas/countries-110m.json").json()
    assert world["type"] == "Topology" and "countries" in world["objects"]


def test_tile_settings_are_escaped_and_allowed_by_the_policy(db: Path) -> None:
    config = ServeConfig(
        db=str(db),
        tile_url="https://{s}.tiles.example.org/{z}/{x}/{y}.png",
        tile_attribution='<img src=x onerror="alert(1)">',
    )
    with TestClient(create_app(config)) as test_client:
        page = test_client.get("/")
    assert "<img src=x" not in page.text and "&lt;img src=x" in page.text
    assert "https://*.tiles.example.org" in page.headers["content-security-policy"]


# --- events -----------------------------------------------------------------------------------


def test_events_filters(client: TestClient) -> None:
    everything = events(client, limit=500)
    assert everything["total"] == len(everything["events"]) >= 12
    iraq = events(client, country="iraq")
    assert 0 < iraq["total"] < everything["total"]
    assert {e["country"] for e in iraq["events"]} == {"Iraq"}
    some_admin1 = next(e["admin1"] for e in iraq["events"] if e["admin1"])
    by_admin1 = events(client, admin1=some_admin1)["events"]
    assert by_admin1 and all(e["admin1"] == some_admin1 for e in by_admin1)
    battles = events(client, event_type="Battles")["events"]
    assert battles and {e["event_type"] for e in battles} == {"Battles"}
    shabaab = events(client, actor="shabaab")["events"]
    assert [e["location"] for e in shabaab] == ["Kismayo"]
    deadly = events(client, min_fatalities=20)["events"]
    assert deadly and all(e["fatalities"] >= 20 for e in deadly)
    march = events(client, since="2017-03-01", until="2017-03-08")["events"]
    assert march and all("2017-03-01" <= e["event_date"] <= "2017-03-08" for e in march)
    # Northern Iraq: Mosul and Kirkuk, not Baghdad or Ramadi.
    north = events(client, bbox="42,35,45,37")["events"]
    assert north and {e["location"] for e in north} <= {"Mosul", "Kirkuk"}
    assert events(client, bbox="170,-10,-170,10")["total"] == 0  # across the antimeridian
    assert events(client, country="Atlantis")["total"] == 0
    assert events(client, actor="100%_")["total"] == 0  # LIKE wildcards are literal


def test_events_paging_and_sorting(client: TestClient) -> None:
    total = events(client)["total"]
    pages = [events(client, limit=5, offset=o)["events"] for o in range(0, total, 5)]
    ids = [e["event_id"] for page in pages for e in page]
    assert len(ids) == len(set(ids)) == total
    newest = events(client)["events"]
    assert [e["event_date"] for e in newest] == sorted(
        (e["event_date"] for e in newest), reverse=True
    )
    deadliest = events(client, sort="-fatalities", limit=3)["events"]
    assert deadliest[0]["fatalities"] == max(e["fatalities"] or 0 for e in newest)


def test_page_size_and_bad_parameters_are_refused_with_a_message(client: TestClient) -> None:
    for params in (
        {"limit": 501},
        {"limit": 0},
        {"offset": -1},
        {"since": "yesterday"},
        {"bbox": "1,2,3"},
        {"bbox": "1,2,3,x"},
        {"min_fatalities": 10**12},
        {"sort": "random"},
        {"country": "x" * 101},
        {"actor": "a\x00b"},
    ):
        response = client.get("/api/events", params=params)
        assert response.status_code == 422, params
        body = response.json()
        assert body["status"] == 422 and body["message"], params
        assert "Traceback" not in response.text


def test_points_for_the_map(client: TestClient) -> None:
    placed = client.get("/api/events/points").json()
    assert not placed["truncated"]
    assert placed["total"] == len(placed["points"]) >= 10
    assert all(-90 <= p["latitude"] <= 90 for p in placed["points"])
    few = client.get("/api/events/points", params={"limit": 2}).json()
    assert few["truncated"] and len(few["points"]) == 2 and few["total"] == placed["total"]
    fatalities = [p["fatalities"] or 0 for p in few["points"]]
    assert fatalities[0] == max(p["fatalities"] or 0 for p in placed["points"])


# --- one event, its sources and evidence -------------------------------------------------------


def test_event_with_its_sources_evidence_and_disagreements(client: TestClient) -> None:
    event_id = mosul_airstrike(client)["event_id"]
    response = client.get(f"/api/events/{event_id}")
    assert response.status_code == 200
    event = response.json()
    assert event["n_sources"] == len(event["sources"]) == 5
    tolls = {s["fatalities"] for s in event["sources"]}
    assert len(tolls) > 1 and event["fatalities"] == min(tolls)
    disagreement = {d["field"]: d for d in event["disagreements"]}
    assert {v["value"] for v in disagreement["fatalities"]["values"]} == {str(t) for t in tolls}
    used = [s for s in event["sources"] if "fatalities" in s["used_for"]]
    assert len(used) == 1 and used[0]["fatalities"] == event["fatalities"]
    for source in event["sources"]:
        document = client.get(f"/api/documents/{source['document']['id']}").json()
        for field in ("fatalities", "event_date", "location", "actor1"):
            assert source["evidence"].get(field), (source["document"]["outlet"], field)
        for spans in source["evidence"].values():
            for span in spans:
                sentence = span["sentence"]
                assert document["text"][span["start"] : span["end"]] == span["text"]
                assert document["text"][sentence["start"] : sentence["end"]] == sentence["text"]
                assert sentence["start"] <= span["start"] <= span["end"] <= sentence["end"]
        number = source["evidence"]["fatalities"][0]
        assert str(source["fatalities"]) in number["sentence"]["text"]


def test_unknown_event_and_document_are_json_404s(client: TestClient) -> None:
    for url in ("/api/events/nope", "/api/documents/nope", "/api/nothing-here"):
        response = client.get(url)
        assert response.status_code == 404
        assert response.json()["status"] == 404 and response.json()["message"]


def test_document_with_all_its_spans(client: TestClient) -> None:
    event = client.get(f"/api/events/{mosul_airstrike(client)['event_id']}").json()
    document_id = event["sources"][0]["document"]["id"]
    document = client.get(f"/api/documents/{document_id}").json()
    assert document["reports"] and document["spans"]
    assert {r["event_id"] for r in document["reports"]} >= {event["event_id"]}
    for span in document["spans"]:
        assert document["text"][span["start"] : span["end"]] == span["text"]
        assert span["fields"]
    fields = {f for s in document["spans"] for f in s["fields"]}
    assert {"fatalities", "location", "event_date"} <= fields


# --- aggregates and exports ---------------------------------------------------------------


def test_aggregates_add_up_to_the_filtered_events(client: TestClient) -> None:
    listed = events(client, limit=500)["events"]
    dated = [e for e in listed if e["event_date"]]
    per_day = client.get("/api/aggregates/day").json()
    assert sum(b["events"] for b in per_day["buckets"]) == len(dated)
    assert sum(b["fatalities"] for b in per_day["buckets"]) == sum(
        e["fatalities"] or 0 for e in dated
    )
    days = [b["key"] for b in per_day["buckets"]]
    assert days == sorted(days)
    for dimension, field in (
        ("admin1", "admin1"),
        ("event_type", "event_type"),
        ("country", "country"),
        ("sub_event_type", "sub_event_type"),
    ):
        buckets = client.get(f"/api/aggregates/{dimension}").json()["buckets"]
        assert sum(b["events"] for b in buckets) == len(listed)
        counts = {b["key"]: b["events"] for b in buckets}
        for key, n in counts.items():
            assert n == sum(1 for e in listed if e[field] == key)
    iraq = client.get("/api/aggregates/country", params={"country": "Iraq"}).json()["buckets"]
    assert [b["key"] for b in iraq] == ["Iraq"]
    assert client.get("/api/aggregates/weekday").status_code == 422


def test_csv_and_geojson_exports_of_a_filtered_set(client: TestClient) -> None:
    from eventcoder.export.corpus import CSV_COLUMNS

    iraq = events(client, country="Iraq")
    response = client.get("/api/export.csv", params={"country": "Iraq"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert list(rows[0]) == CSV_COLUMNS
    assert len(rows) == iraq["total"]
    assert {r["country"] for r in rows} == {"Iraq"}
    assert sum(int(r["n_sources"]) for r in rows) > len(rows)  # merged events keep their sources
    limited = client.get("/api/export.csv", params={"limit": 2}).text
    assert len(list(csv.DictReader(io.StringIO(limited)))) == 2
    geo = json.loads(client.get("/api/export.geojson", params={"country": "Iraq"}).text)
    assert geo["type"] == "FeatureCollection"
    placed = [e for e in iraq["events"] if e["latitude"] is not None]
    assert len(geo["features"]) == len(placed)
    feature = geo["features"][0]
    assert feature["geometry"]["type"] == "Point" and feature["properties"]["outlets"]


# --- the write endpoint -----------------------------------------------------------------------

ARTICLE = {
    "text": "Gunmen killed 4 people at a market in Baghdad on Monday, police said.",
    "published": "2017-03-14",
    "url": "https://news.example/baghdad-market",
    "outlet": "Test Wire",
}


def test_writes_are_refused_without_a_configured_token(client: TestClient) -> None:
    for headers in ({}, {"Authorization": f"Bearer {TOKEN}"}):
        response = client.post("/api/documents", json=ARTICLE, headers=headers)
        assert response.status_code == 403
        assert "token" in response.json()["message"]


def test_post_a_document_with_the_token(writable: TestClient) -> None:
    assert writable.post("/api/documents", json=ARTICLE).status_code == 401
    wrong = writable.post("/api/documents", json=ARTICLE, headers={"Authorization": "Bearer no"})
    assert wrong.status_code == 401 and wrong.headers["www-authenticate"] == "Bearer"
    auth = {"Authorization": f"Bearer {TOKEN}"}
    before = writable.get("/api/health").json()
    created = writable.post("/api/documents", json=ARTICLE, headers=auth)
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["stored"] and len(body["event_ids"]) == 1
    event = writable.get(f"/api/events/{body['event_ids'][0]}").json()
    assert event["location"] == "Baghdad" and event["fatalities"] == 4
    assert event["sources"][0]["document"]["outlet"] == "Test Wire"
    again = writable.post("/api/documents", json=ARTICLE, headers=auth)
    assert again.status_code == 200 and not again.json()["stored"]
    after = writable.get("/api/health").json()
    assert after["documents"] == before["documents"] + 1


def test_bad_documents_are_refused_with_reasons(writable: TestClient) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    cases = [
        ({"text": ""}, 422),
        ({"text": "   "}, 422),
        ({"text": "Des hommes armés ont tué cinq personnes dans le marché de la ville"}, 422),
        ({**ARTICLE, "published": "2999-01-01"}, 422),
        ({**ARTICLE, "extra": 1}, 422),
        ({"published": "2017-01-01"}, 422),
    ]
    for payload, status in cases:
        response = writable.post("/api/documents", json=payload, headers=auth)
        assert response.status_code == status, (payload, response.text)
        assert response.json()["message"]
    not_json = writable.post(
        "/api/documents", content=b"{oops", headers={**auth, "Content-Type": "application/json"}
    )
    assert not_json.status_code == 422


def test_request_bodies_over_the_limit_are_refused(db: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy.db"
    shutil.copy(db, copy)
    config = ServeConfig(db=str(copy), token=TOKEN, max_body_bytes=10_000)
    auth = {"Authorization": f"Bearer {TOKEN}"}
    big = {**ARTICLE, "text": ARTICLE["text"] + " Police said." * 2000}
    with TestClient(create_app(config)) as test_client:
        response = test_client.post("/api/documents", json=big, headers=auth)
        assert response.status_code == 413 and "bytes" in response.json()["message"]

        def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it arrives
            payload = json.dumps(big).encode()
            for i in range(0, len(payload), 4096):
                yield payload[i : i + 4096]

        streamed = test_client.post(
            "/api/documents",
            content=chunks(),
            headers={**auth, "Content-Type": "application/json"},
        )
        assert streamed.status_code == 413
        assert test_client.get("/api/health").json()["status"] == "ok"


# --- bounds and errors ------------------------------------------------------------------------


def test_a_slow_query_is_cut_with_a_503(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def endless(session: Any, where: Any) -> int:
        loop = (
            "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) SELECT count(*) FROM n"
        )
        return int(session.execute(sql(loop)).scalar())

    monkeypatch.setattr(serve_app, "count_events", endless)
    with TestClient(create_app(ServeConfig(db=str(db), query_timeout=0.3))) as test_client:
        response = test_client.get("/api/events")
        assert response.status_code == 503
        assert "longer than 0.3 s" in response.json()["message"]
        assert test_client.get("/api/events/points").status_code == 200  # the pool still works


def test_an_internal_error_is_json_without_a_trace(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("secret detail from /home/someone/db.py line 12")

    monkeypatch.setattr(serve_app, "list_events", broken)
    app = create_app(ServeConfig(db=str(db)))
    with TestClient(app, raise_server_exceptions=False) as test_client:
        response = test_client.get("/api/events")
    assert response.status_code == 500
    assert response.json()["message"].startswith("internal error")
    assert "secret" not in response.text and "Traceback" not in response.text


def test_sentence_bounds_and_bbox() -> None:
    text = "A bomb went off.\nFive were killed in Mosul, police said. More later."
    start = text.index("Five")
    s, e = sentence_bounds(text, start, start + 4)
    assert text[s:e] == "Five were killed in Mosul, police said."
    assert BBox.parse("170,-10,-170,10").west == 170
    assert BBox.parse("0,50,10,40") == BBox(0, 40, 10, 50)
    assert BBox.parse("-200,-100,200,100") == BBox(-180, -90, 180, 90)
    with pytest.raises(ValueError, match="four numbers"):
        BBox.parse("a,b,c,d")


def test_serve_command_refuses_a_missing_store_and_a_short_token(tmp_path: Path) -> None:
    from eventcoder.cli import app

    runner = CliRunner()
    missing = runner.invoke(app, ["serve", "--db", str(tmp_path / "none.db")])
    assert missing.exit_code != 0 and "no store" in missing.output
    short = tmp_path / "token"
    short.write_text("abc\n")
    refused = runner.invoke(app, ["serve", "--db", "x.db", "--token-file", str(short)])
    assert refused.exit_code != 0 and "shorter than 16" in refused.output
