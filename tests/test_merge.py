"""The cross-document merge: compatibility rules, complete linkage, ingest-order independence.

These tests use synthetic reports (no spaCy), so they are fast; the end-to-end merge of real
texts is in test_store.py.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterable
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from eventcoder.ingest.readers import document_from_text
from eventcoder.records import Document, DocumentInfo, Event, ExtractionResult
from eventcoder.store.db import open_engine
from eventcoder.store.ingest import ingest
from eventcoder.store.merge import ReportKey, Source, cluster_reports, compatible, merge_values
from eventcoder.store.schema import EventRow, ReportRow

MOSUL = (36.335, 43.119)
BAGHDAD = (33.341, 44.401)


def _event(event_id: str, **values: object) -> Event:
    base: dict[str, object] = {
        "event_id": event_id,
        "event_date": date(2016, 12, 25),
        "time_precision": 1,
        "event_type": "Explosions/Remote violence",
        "sub_event_type": "Air/drone strike",
        "country": "Iraq",
        "iso": "IQ",
        "location": "Mosul",
        "latitude": MOSUL[0],
        "longitude": MOSUL[1],
        "geo_precision": 1,
        "fatalities": 25,
        "fatalities_low": 25,
        "fatalities_high": 25,
    }
    base.update(values)
    return Event.model_validate(base)


def _key(event_id: str, document: str, **values: object) -> ReportKey:
    return ReportKey.of(event_id, document, _event(event_id, **values))


def test_compatible_rules() -> None:
    a = _key("a", "d1", place_mentions=["al Wahda"])
    assert compatible(a, _key("b", "d2", fatalities=27, fatalities_low=27, fatalities_high=27))
    assert compatible(a, _key("b", "d2", event_date=date(2016, 12, 26)))  # adjacent day
    assert not compatible(a, _key("b", "d2", event_date=date(2016, 12, 27)))
    assert not compatible(a, _key("b", "d1"))  # one article's incidents stay apart
    assert not compatible(a, _key("b", "d2", place_mentions=["Intisar"]))  # other district
    assert compatible(a, _key("b", "d2", place_mentions=["al-Wahda"]))
    assert not compatible(a, _key("b", "d2", latitude=BAGHDAD[0], longitude=BAGHDAD[1]))
    assert not compatible(a, _key("b", "d2", fatalities=3, fatalities_low=3, fatalities_high=3))
    assert compatible(a, _key("b", "d2", fatalities=None, fatalities_low=None))
    assert not compatible(a, _key("b", "d2", event_type="Protests", sub_event_type=None))
    assert compatible(a, _key("b", "d2", sub_event_type="Shelling/artillery/missile attack"))
    assert not compatible(a, _key("b", "d2", sub_event_type="Suicide bomb"))
    assert not compatible(a, _key("b", "d2", iso="SY", country="Syria"))
    assert not compatible(a, _key("b", "d2", iso=None, country=None))  # nothing places it


def test_vague_report_does_not_bridge_two_districts() -> None:
    """Complete linkage: a report naming no district may join one incident, never both."""
    reports = [
        _key("w1", "d1", place_mentions=["al Wahda"]),
        _key("i1", "d2", place_mentions=["Intisar"], fatalities=24, fatalities_low=24),
        _key("v1", "d3"),
    ]
    assigned = cluster_reports(reports)
    assert assigned["w1"] != assigned["i1"]
    assert assigned["v1"] in {assigned["w1"], assigned["i1"]}


def test_merge_values_follow_acled() -> None:
    sources = [
        Source("r1", "d1", date(2016, 12, 26), _event("r1", fatalities=25, geo_precision=2)),
        Source(
            "r2",
            "d2",
            date(2016, 12, 26),
            _event("r2", fatalities=21, fatalities_low=21, fatalities_high=30),
        ),
        Source("r3", "d3", date(2016, 12, 27), _event("r3", fatalities=27, geo_precision=1)),
    ]
    event, provenance = merge_values("e1", sources)
    assert (event.fatalities, event.fatalities_low, event.fatalities_high) == (21, 21, 30)
    assert provenance["fatalities"] == "r2"
    assert provenance["fatalities_high"] == "r2"
    assert provenance["geo_precision"] in {"r2", "r3"}
    assert event.geo_precision == 1


# --- the store's incremental merge equals the batch merge, whatever the ingest order ----------


def _synthetic_corpus(seed: int) -> dict[str, list[Event]]:
    """Reports of a few incidents over 6 days in two cities, some districts named."""
    rng = random.Random(seed)
    incidents = []
    for number in range(14):
        city = rng.choice([("Mosul", MOSUL), ("Baghdad", BAGHDAD)])
        incidents.append(
            {
                "day": date(2016, 12, 20) + timedelta(days=rng.randrange(6)),
                "city": city,
                "district": rng.choice([None, "Wahda", "Intisar", "Zanjili"]),
                "deaths": rng.choice([3, 8, 25, 60]),
                "type": rng.choice(["Air/drone strike", "Suicide bomb", "Armed clash"]),
                "number": number,
            }
        )
    documents: dict[str, list[Event]] = {}
    for doc_number in range(30):
        text = f"Report number {doc_number} says that the attack in the city killed people."
        events = []
        for incident in rng.sample(incidents, rng.randint(1, 2)):
            sub = incident["type"]
            event_type = "Battles" if sub == "Armed clash" else "Explosions/Remote violence"
            shift = rng.choice([0, 0, 0, 1])
            deaths = int(incident["deaths"]) + rng.randint(0, 2)  # type: ignore[call-overload]
            name, (lat, lon) = incident["city"]  # type: ignore[misc]
            events.append(
                _event(
                    "",
                    event_date=incident["day"] + timedelta(days=shift),  # type: ignore[operator]
                    event_type=event_type,
                    sub_event_type=sub,
                    location=name,
                    latitude=lat,
                    longitude=lon,
                    place_mentions=[incident["district"]]
                    if incident["district"] and rng.random() < 0.6
                    else [],
                    fatalities=deaths,
                    fatalities_low=deaths,
                    fatalities_high=deaths,
                    confidence=rng.choice([0.5, 0.7, 0.9]),
                )
            )
        documents[text] = events
    return documents


def _fake_extractor(corpus: dict[str, list[Event]]):  # type: ignore[no-untyped-def]
    def run(documents: list[Document]) -> Iterable[ExtractionResult]:
        for document in documents:
            events = [
                e.model_copy(
                    update={
                        "event_id": hashlib.sha1(f"{document.id}:{i}".encode()).hexdigest()[:16]
                    }
                )
                for i, e in enumerate(corpus[document.text])
            ]
            yield ExtractionResult(
                document=DocumentInfo(id=document.id, published=document.published),
                events=events,
            )

    return run


def _state(engine) -> tuple[frozenset[frozenset[str]], dict[str, tuple[object, ...]]]:  # type: ignore[no-untyped-def]
    with Session(engine) as session:
        groups: dict[str, set[str]] = {}
        for report_id, event_id in session.execute(select(ReportRow.id, ReportRow.event_id)):
            groups.setdefault(event_id, set()).add(report_id)
        values = {
            row.id: (row.fatalities, row.fatalities_low, row.fatalities_high, row.n_sources)
            for row in session.scalars(select(EventRow))
        }
    assert set(values) == set(groups), "every event has reports and every report an event"
    return frozenset(frozenset(g) for g in groups.values()), values


@pytest.mark.parametrize("seed", [1, 2])
def test_ingest_order_does_not_change_the_result(tmp_path: Path, seed: int) -> None:
    corpus = _synthetic_corpus(seed)
    documents = [document_from_text(text, published=date(2016, 12, 28)) for text in corpus]
    extractor = _fake_extractor(corpus)
    states = []
    for run in range(3):
        order = list(documents)
        random.Random(seed * 10 + run).shuffle(order)
        engine = open_engine(str(tmp_path / f"run{run}.db"))
        if run == 0:
            ingest(engine, order, extractor=extractor, batch_size=8)
        else:  # one document per ingest run, as if they arrived one by one over time
            for document in order:
                ingest(engine, [document], extractor=extractor)
        states.append(_state(engine))
        engine.dispose()
    assert states[0] == states[1] == states[2]
    # ... and equal to the batch clustering of the whole set.
    keys = []
    for document in documents:
        for result in extractor([document]):
            keys += [ReportKey.of(e.event_id, document.id, e) for e in result.events]
    batch: dict[str, set[str]] = {}
    for report_id, event_id in cluster_reports(keys).items():
        batch.setdefault(event_id, set()).add(report_id)
    assert frozenset(frozenset(g) for g in batch.values()) == states[0][0]
    assert len(states[0][0]) < len(keys)  # something was merged
