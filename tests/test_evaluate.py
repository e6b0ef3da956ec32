"""The accuracy bench (eventcoder.evaluate): metric arithmetic on known answers.

The gold files here are written in tmp_path with sentences made up for these tests, in the
columns of ../shared/data/dev.csv and the JSON form of ../shared/examples/*.gold.json.
"""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path
from types import SimpleNamespace
from typing import ClassVar

import pytest
from typer.testing import CliRunner

from eventcoder.evaluate.gold import GoldItem, read_gold, read_gold_articles, sample_items
from eventcoder.evaluate.peer import PeerUnavailable, ensure_peer_python, find_python312, run_peer
from eventcoder.evaluate.report import goal_results, metric_value, write_errors
from eventcoder.evaluate.run import OVERALL, score_items
from eventcoder.evaluate.score import (
    acceptable_types,
    acled_v6_label,
    admin1_match,
    country_match,
    date_match,
    match_one_to_one,
    place_match,
    prf,
    type_match,
    within,
)
from eventcoder.records import DocumentInfo, Event, ExtractionResult, Figure, Total

COLUMNS = [
    "gold_id",
    "split",
    "source_dataset",
    "source_record_id",
    "text_kind",
    "text",
    "event_date",
    "date_precision",
    "event_date_end",
    "event_type",
    "event_type_scheme",
    "weapon",
    "actor1",
    "actor2",
    "location_name",
    "admin1",
    "admin2",
    "country",
    "latitude",
    "longitude",
    "geo_precision",
    "fatalities",
    "fatalities_low",
    "fatalities_high",
    "fatalities_perpetrators",
    "injured",
    "displaced",
    "fatalities_raw",
    "injured_raw",
    "gold_fields",
    "source_citation",
    "year",
    "notes",
    "n_rows_same_text",
]
RAND_FIELDS = "event_date;weapon;actor1;location_name;country;fatalities;injured"
WIKI_FIELDS = "event_date;event_type;actor1;location_name;country;fatalities;injured"
ACLED_FIELDS = (
    "event_date;event_type;actor1;actor2;location_name;admin1;admin2;country;latitude;longitude;"
    "fatalities"
)
ROWS = [
    {
        "gold_id": "rand:1",
        "source_dataset": "rand_rdwti",
        "text": "A roadside bomb killed three soldiers and wounded two others in Kirkuk.",
        "event_date": "2004-01-10",
        "location_name": "Kirkuk",
        "country": "Iraq",
        "fatalities": "3",
        "injured": "2",
        "gold_fields": RAND_FIELDS,
    },
    {
        "gold_id": "rand:2",
        "source_dataset": "rand_rdwti",
        "text": "Gunmen shot dead a shopkeeper in Mosul on 5 March 2005.",
        "event_date": "2005-03-05",
        "location_name": "Mosul",
        "country": "Iraq",
        "fatalities": "1",
        "injured": "0",
        "gold_fields": RAND_FIELDS,
    },
    {
        "gold_id": "rand:3",
        "source_dataset": "rand_rdwti",
        "text": "Police arrested four suspects in Basra after a raid on a warehouse.",
        "event_date": "2005-04-01",
        "location_name": "Basra",
        "country": "Iraq",
        "fatalities": "0",
        "injured": "0",
        "gold_fields": RAND_FIELDS,
    },
    {
        "gold_id": "acled:1",
        "source_dataset": "acled_nigeria_2014_2016",
        "text": "Boko Haram fighters attacked Gwoza, killing 12 villagers.",
        "event_date": "2014-06-02",
        "event_type": "Violence against civilians",
        "event_type_scheme": "ACLED pre-2019 (v6) EVENT_TYPE",
        "location_name": "Gwoza",
        "admin1": "Borno",
        "country": "Nigeria",
        "latitude": "11.08",
        "longitude": "13.69",
        "fatalities": "12",
        "gold_fields": ACLED_FIELDS,
    },
    {
        "gold_id": "wiki:1",
        "source_dataset": "wikipedia_terror_lists",
        "text": "A suicide bomber killed seven people at a market in Baquba.",
        "event_date": "2013-05-20",
        "event_type": "Suicide bombing",
        "event_type_scheme": "wikipedia_free_text",
        "location_name": "Ba'quba",
        "country": "Iraq",
        "fatalities": "7",
        "injured": "10",
        "gold_fields": WIKI_FIELDS,
    },
]

ARTICLE_TEXT = (
    "Soldiers killed 10 militants in Ramadi on Monday, the army said. "
    "Separately, a car bomb killed four civilians in Fallujah on Monday. "
    "About 2,000 families have fled the fighting."
)


def _event(**values: object) -> Event:
    return Event(event_id=str(values.pop("event_id", "e")), **values)  # type: ignore[arg-type]


def _result(item_id: str, events: list[Event], **extra: object) -> ExtractionResult:
    return ExtractionResult(document=DocumentInfo(id=item_id), events=events, **extra)  # type: ignore[arg-type]


class FakeGazetteer:
    """country() and admin1() as the metrics use them, for a handful of names."""

    _countries: ClassVar[dict[str, str]] = {"iraq": "IQ", "nigeria": "NG", "iraqi": "IQ"}
    _admin1: ClassVar[dict[str, int]] = {
        "borno": 1,
        "borno state": 1,
        "ninewa": 2,
        "nīnawá": 2,
        "nineveh": 2,
    }

    def country(self, name: str) -> SimpleNamespace | None:
        code = self._countries.get(name.casefold())
        return SimpleNamespace(geonameid=0, country_code=code) if code else None

    def admin1(self, name: str, country_code: str | None = None) -> SimpleNamespace | None:
        gid = self._admin1.get(name.casefold())
        return SimpleNamespace(geonameid=gid, country_code=country_code or "IQ") if gid else None


@pytest.fixture
def gold_csv(tmp_path: Path) -> Path:
    path = tmp_path / "gold.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=COLUMNS)
        writer.writeheader()
        for row in ROWS:
            writer.writerow({c: "" for c in COLUMNS} | {"split": "dev", **row})
    return path


@pytest.fixture
def gold_jsonl(tmp_path: Path) -> Path:
    article = {
        "id": "article-1",
        "published": "2016-10-18",
        "text": ARTICLE_TEXT,
        "events": [
            {
                "event_date": "2016-10-17",
                "event_type": ["Battles"],
                "location": "Ramadi",
                "country": "Iraq",
                "admin1": ["Anbar", "Al Anbar"],
                "fatalities": 10,
                "evidence": {"start": 0, "end": 64, "text": ARTICLE_TEXT[0:64]},
            },
            {
                "event_date": "2016-10-17",
                "event_type": ["Explosions/Remote violence"],
                "location": "Fallujah",
                "country": "Iraq",
                "fatalities": 4,
            },
        ],
        "totals": [],
        "figures": [{"kind": "displaced", "count": 2000, "qualifier": "about"}],
    }
    path = tmp_path / "news.jsonl"
    path.write_text(json.dumps(article) + "\n", encoding="utf-8")
    return path


def _csv_results(items: list[GoldItem]) -> dict[str, ExtractionResult]:
    """Our answers, made by hand so that every metric has a known value."""
    by_gold = {item.rows[0].gold_id: item.id for item in items}
    iraq = {"country": "Iraq", "iso": "IQ"}
    answers = {
        # right on everything
        "rand:1": [_event(fatalities=3, injured=2, location="Kirkuk", **iraq)],
        # one death too many; place right through the article fold; date right
        "rand:2": [_event(fatalities=2, location="al-Mosul", event_date=date(2005, 3, 5), **iraq)],
        # a false event, in the wrong place
        "rand:3": [_event(fatalities=1, location="Baghdad", **iraq)],
        # place by distance (about 10 km), admin1 by name, type through the v6 mapping
        "acled:1": [
            _event(
                fatalities=12,
                location="Gwoza Hills",
                latitude=11.17,
                longitude=13.69,
                admin1="Borno State",
                country="Nigeria",
                iso="NG",
                event_type="Violence against civilians",
                sub_event_type="Attack",
            )
        ],
        # two events summing to the gold toll; no injuries; no country
        "wiki:1": [
            _event(
                event_id="a",
                fatalities=4,
                location="Baqubah",
                event_type="Explosions/Remote violence",
            ),
            _event(event_id="b", fatalities=3, location="Baqubah"),
        ],
    }
    return {by_gold[g]: _result(by_gold[g], events) for g, events in answers.items()}


def _ratio(scores, source: str, metric: str) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    r = scores.get(source, metric)
    return r.hits, r.n


def test_csv_metrics_on_known_answers(gold_csv: Path) -> None:
    items = read_gold([gold_csv])
    assert len(items) == 5
    scores = score_items(items, _csv_results(items), gazetteer=FakeGazetteer())  # type: ignore[arg-type]
    assert _ratio(scores, OVERALL, "detection_recall") == (4, 4)
    assert _ratio(scores, OVERALL, "false_events") == (1, 1)
    assert _ratio(scores, OVERALL, "fatalities_exact_all") == (3, 5)
    assert _ratio(scores, OVERALL, "fatalities_exact_pos") == (3, 4)
    assert _ratio(scores, OVERALL, "fatalities_within10_pos") == (3, 4)
    assert _ratio(scores, OVERALL, "fatalities_largest_pos") == (2, 4)
    # injured is coded by RAND and Wikipedia only: 2=2, 0=0, 0=0 (None counts as 0), 10!=0
    assert _ratio(scores, OVERALL, "injured_exact") == (3, 4)
    assert _ratio(scores, "acled_nigeria_2014_2016", "injured_exact") == (0, 0)
    assert _ratio(scores, OVERALL, "country") == (4, 5)
    assert _ratio(scores, OVERALL, "place") == (4, 5)
    assert _ratio(scores, OVERALL, "admin1") == (1, 1)
    # only rand:2 states a date in its text
    assert _ratio(scores, OVERALL, "date") == (1, 1)
    # acled:1 through the v6 mapping, wiki:1 through the free-text mapping; RAND has no types
    assert _ratio(scores, OVERALL, "event_type") == (2, 2)
    assert _ratio(scores, "rand_rdwti", "fatalities_exact_all") == (1, 3)
    value, n = metric_value(scores, OVERALL, "fatalities_exact_pos")
    assert (value, n) == (0.75, 4)

    classes = sorted(m.error_class for m in scores.misses)
    assert classes == [
        "country: none",
        "false event: deaths or injuries where gold has none",
        "fatalities: deaths where gold has none",
        "fatalities: over-count",
        "injured: none found",
        "place: wrong place in the right country",
    ]
    goals = {g["metric"]: g for g in goal_results(scores)}
    assert goals["detection_recall"]["passed"] is True
    assert goals["fatalities_exact_pos"]["passed"] is False
    assert goals["news_event_f1"]["passed"] is None


def test_rows_without_an_event(gold_csv: Path) -> None:
    items = read_gold([gold_csv])
    scores = score_items(items, {}, gazetteer=FakeGazetteer())  # type: ignore[arg-type]
    assert _ratio(scores, OVERALL, "detection_recall") == (0, 4)
    assert _ratio(scores, OVERALL, "false_events") == (0, 1)
    # nothing found: right on the zero row only
    assert _ratio(scores, OVERALL, "fatalities_exact_all") == (1, 5)
    # field metrics count rows with an event; the _all variants count every row as a miss
    assert _ratio(scores, OVERALL, "place") == (0, 0)
    assert _ratio(scores, OVERALL, "place_all") == (0, 5)


def test_errors_file_has_text_gold_ours_and_evidence(gold_csv: Path, tmp_path: Path) -> None:
    from eventcoder.records import Span

    items = read_gold([gold_csv])
    results = _csv_results(items)
    rand2 = next(i.id for i in items if i.rows[0].gold_id == "rand:2")
    text = results[rand2]
    event = text.events[0]
    event.evidence = {"fatalities": [Span(start=6, end=15, text="shot dead")]}
    scores = score_items(items, results, gazetteer=FakeGazetteer())  # type: ignore[arg-type]
    written = write_errors(scores.misses, tmp_path / "out")
    body = written[0].read_text(encoding="utf-8")
    assert "=== fatalities: over-count (1) ===" in body
    block = body.split("=== fatalities: over-count (1) ===")[1]
    assert "text: Gunmen shot dead a shopkeeper" in block
    assert "gold: " in block and "fatalities=1" in block
    assert "ours #1: " in block and "fatalities=2" in block
    assert "evidence fatalities: 'shot dead' [6:15]" in block
    lines = written[1].read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(scores.misses)


def test_news_article_precision_recall_f1(gold_jsonl: Path) -> None:
    items = read_gold([gold_jsonl])
    assert len(items) == 1 and items[0].article is not None
    assert items[0].published == date(2016, 10, 18)
    monday = date(2016, 10, 17)
    ours = _result(
        items[0].id,
        [
            _event(event_id="1", fatalities=10, location="Ramadi", event_date=monday,
                   country="Iraq", iso="IQ", admin1="Al Anbār", event_type="Battles"),
            _event(event_id="2", fatalities=5, location="Falluja", event_date=monday,
                   country="Iraq", iso="IQ", event_type="Explosions/Remote violence"),
            _event(event_id="3", fatalities=3, location="Baghdad", event_date=monday),
        ],
        figures=[Figure(kind="displaced", count=2000)],
        totals=[Total(count=14)],
    )  # fmt: skip
    scores = score_items(items, {items[0].id: ours}, gazetteer=FakeGazetteer())  # type: ignore[arg-type]
    assert _ratio(scores, "news", "news_event_precision") == (2, 3)
    assert _ratio(scores, "news", "news_event_recall") == (2, 2)
    f1, _ = metric_value(scores, "news", "news_event_f1")
    assert f1 == pytest.approx(0.8)
    assert _ratio(scores, "news", "news_fatalities_matched") == (1, 2)
    assert _ratio(scores, "news", "news_country_matched") == (2, 2)
    assert _ratio(scores, "news", "news_admin1_matched") == (1, 1)
    assert _ratio(scores, "news", "news_type_matched") == (2, 2)
    assert _ratio(scores, "news", "news_figures_recall") == (1, 1)
    assert _ratio(scores, "news", "news_totals_precision") == (0, 1)
    # news metrics stay out of the overall column of the CSV rows
    assert _ratio(scores, OVERALL, "news_event_recall") == (0, 0)


def test_non_conflict_article_and_text_file(tmp_path: Path) -> None:
    (tmp_path / "calm.txt").write_text("The city council opened a new library.", encoding="utf-8")
    path = tmp_path / "calm.gold.json"
    path.write_text(json.dumps({"id": "calm", "text_file": "calm.txt", "events": []}))
    articles = read_gold_articles(path)
    assert articles[0].text.startswith("The city council")
    items = read_gold([path])
    spurious = _result("calm", [_event(fatalities=1, location="Springfield")])
    scores = score_items(items, {"calm": spurious})
    assert _ratio(scores, "news", "news_false_events") == (1, 1)
    goals = {g["metric"]: g for g in goal_results(scores)}
    assert goals["news_false_events"]["passed"] is False


def test_metric_functions() -> None:
    assert within(11, 10) and not within(12, 10) and within(0, 0) and not within(1, 0)
    assert prf(2, 3, 2) == pytest.approx((2 / 3, 1.0, 0.8))
    assert prf(0, 0, 2)[0] is None
    assert place_match(["al-Anbar"], None, ["Anbar"], None) == "name"
    assert place_match(["Ramadi"], (33.42, 43.30), ["Somewhere"], (33.50, 43.30)) == "distance"
    assert place_match(["Ramadi"], (33.42, 43.30), ["Somewhere"], (33.70, 43.30)) is None
    gaz = FakeGazetteer()
    assert admin1_match(["Ninewa"], "Nīnawá", "IQ", gaz)  # type: ignore[arg-type]
    assert not admin1_match(["Ninewa"], "Borno", "IQ", gaz)  # type: ignore[arg-type]
    assert country_match("Iraq", None, "IQ", gaz)  # type: ignore[arg-type]
    assert country_match("West Bank/Gaza", "Palestine", "PS", gaz)  # type: ignore[arg-type]
    assert not country_match("Iraq", "Nigeria", "NG", gaz)  # type: ignore[arg-type]
    assert date_match(date(2014, 1, 1), date(2014, 1, 7), date(2014, 1, 3))
    assert not date_match(date(2014, 1, 1), None, date(2014, 1, 3))
    assert acled_v6_label("Battles", "Government regains territory") == (
        "Battle-Government regains territory"
    )
    assert acled_v6_label("Riots", "Violent demonstration") == "Riots/Protests"
    assert acled_v6_label("Riots", "Mob violence") == "Violence against civilians"
    # v6 "Remote violence" needed an absent perpetrator: a suicide bombing was direct violence.
    suicide = ("Explosions/Remote violence", "Suicide bomb")
    assert acled_v6_label(*suicide, "civilians") == "Violence against civilians"
    assert acled_v6_label(*suicide, "unknown") == "Violence against civilians"
    assert acled_v6_label(*suicide, "police") == "Battle-No change of territory"
    assert acled_v6_label("Riots", "Mob violence", "civilians") == "Violence against civilians"
    assert type_match(*suicide, "Violence against civilians", "ACLED v6", "civilians")
    assert type_match("Battles", "Armed clash", "Battle-No change of territory", "ACLED v6")
    assert type_match("Battles", None, "KIDNAPPING", "MUC-4 INCIDENT: TYPE") is False
    assert type_match("Battles", None, "ARSON", "MUC-4 INCIDENT: TYPE") is None
    assert acceptable_types("one-sided", "UCDP type_of_violence") == {
        "Violence against civilians",
        "Explosions/Remote violence",
    }
    pairs = match_one_to_one([1, 2], [2, 1, 1], lambda g, o: g == o)
    assert pairs == [(0, 1), (1, 0)]


def test_sample_keeps_texts_together_and_is_fixed(gold_csv: Path) -> None:
    items = read_gold([gold_csv])
    first = [i.id for i in sample_items(items, 3, seed=7)]
    assert first == [i.id for i in sample_items(items, 3, seed=7)]
    assert len(first) == 3


def test_cli_runs_pipeline_and_writes_report(gold_csv: Path, tmp_path: Path) -> None:
    from eventcoder.cli import app

    out = tmp_path / "out"
    result = CliRunner().invoke(
        app, ["bench", "accuracy", str(gold_csv), "--out", str(out), "--no-peer"]
    )
    assert result.exit_code == 0, result.output
    assert "detection recall" in result.output and "documents/s" in result.output
    report = json.loads((out / "gold" / "report.json").read_text(encoding="utf-8"))
    overall = report["metrics"]["overall"]
    # the denominators do not depend on what the extractor finds
    assert overall["detection_recall"]["n"] == 4
    assert overall["fatalities_exact_all"]["n"] == 5
    assert overall["injured_exact"]["n"] == 4
    assert report["speed"]["documents"] == 5 and report["speed"]["ratio_to_spacy"] > 0
    assert report["peer"] == {"used": False}
    assert (out / "gold" / "errors.txt").is_file()


def test_peer_counts_kill_and_wound() -> None:
    if find_python312() is None:
        pytest.skip("no Python 3.12 on this machine: the gdelt-regkg peer needs Python >= 3.12")
    try:
        python = ensure_peer_python()
    except PeerUnavailable as error:
        pytest.skip(f"peer venv unavailable: {error}")
    counts, failed = run_peer(
        [("a", "A car bomb killed 12 people and wounded 30 others."), ("b", "All was calm.")],
        python,
    )
    assert not failed
    assert (counts["a"].kill, counts["a"].wound) == (12, 30)
    assert (counts["b"].kill, counts["b"].wound) == (0, 0)


def test_a_place_matches_by_its_gazetteer_name_or_as_the_text_spells_it() -> None:
    from eventcoder import extract
    from eventcoder.evaluate.run import _event_names

    (event,) = extract("A car bomb killed two policemen in Gayara on Monday.", country="IQ").events
    assert event.location == "Al Qayyarah"
    assert _event_names(event) == ["Al Qayyarah", "Gayara"]
    assert place_match(["Gayara"], None, _event_names(event), None) == "name"
