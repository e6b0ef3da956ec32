"""The article that defines the job (../shared/examples), read at run time, never copied."""

from __future__ import annotations

import json
from datetime import date

from conftest import assert_spans_exact

from eventcoder.resolve.gazetteer import haversine_km

MOSUL = (36.335, 43.119)


def test_mosul_article_matches_gold(shared_dir, run_extract):
    text = (shared_dir / "examples" / "mosul-2016-12-25.txt").read_text(encoding="utf-8")
    gold = json.loads((shared_dir / "examples" / "mosul-2016-12-25.gold.json").read_text())
    result = run_extract(text, published=date(2016, 12, 26))

    assert sorted(e.fatalities for e in result.events) == [21, 25, 51]
    by_toll = {e.fatalities: e for e in result.events}
    for expected in gold["events"]:
        event = by_toll[expected["fatalities"]]
        assert event.event_date == date.fromisoformat(expected["event_date"])
        assert event.time_precision == expected["time_precision"]
        assert event.country == expected["country"]
        assert event.latitude is not None and event.longitude is not None
        assert haversine_km(event.latitude, event.longitude, *MOSUL) <= 15
        assert event.geo_precision == expected["geo_precision"]
        assert "Islamic State" in (event.actor1, event.actor2)
        assert event.event_type in expected["event_type"]
        if expected["sub_event_type"]:
            assert event.sub_event_type == expected["sub_event_type"]
        assert event.attribution == expected["attribution"]
        gold_span = expected["evidence"]
        assert any(
            gold_span["start"] <= s.start and s.end <= gold_span["end"]
            for s in event.evidence["fatalities"]
        ), "fatalities evidence lies outside the gold sentence"
    assert by_toll[51].injured is None and by_toll[51].injured_text == "a number of others"

    assert len(result.totals) == 1
    total = result.totals[0]
    assert total.count == 97 and total.consistent
    assert sorted(total.parts) == sorted(e.event_id for e in result.events)

    figures = {(f.kind, f.count, f.status) for f in result.figures}
    assert ("displaced", 100000, "reported") in figures
    assert ("displaced", 1000000, "projected") in figures
    assert_spans_exact(text, result)
