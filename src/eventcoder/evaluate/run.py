"""The pipeline over a gold set, and the scores of what it found.

`extract_items` runs `extract_documents` (batched through ``nlp.pipe``) and times it;
`time_bare_parsing` times spaCy alone over the same texts; `score_items` compares results with
gold, item by item, into `Scores` (hits out of n per source and metric) and `Miss` records.

Conventions (also printed in the report):

- Our document-level deaths for a text are the sum of our events' fatalities (an event without
  a number adds 0; no event gives 0); the single largest event is scored too. A text coded as
  several rows (``n_rows_same_text``) is compared with the sum of its rows.
- Detection recall is over texts whose gold has a death or an injury; a false event is any
  event of ours in a text whose gold has none (for ACLED, which codes no injuries, only an
  event with deaths counts as false).
- Country, place, admin1, date and type compare one of our events with each row: the event
  with most deaths (then injuries, then first) for a one-row text; for a text with several
  rows, events are matched one-to-one to rows by place (then date) first. These are scored
  over rows where we found an event (detection is its own metric); ``*_all`` variants count a
  row without any event of ours as a miss.
- Dates are scored only where gold codes event_date and the text holds a date phrase or the
  row has a publication date. A gold period (event_date_end) accepts any day inside it.
- Only a row's ``gold_fields`` are scored; an empty gold cell is not scored.
"""

from __future__ import annotations

import os
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from eventcoder.evaluate.gold import GoldArticle, GoldEvent, GoldItem, GoldRow
from eventcoder.evaluate.peer import PeerCount
from eventcoder.evaluate.score import (
    Ratio,
    acled_v6_label,
    admin1_match,
    country_match,
    date_match,
    is_acled_v6,
    largest_fatalities,
    match_one_to_one,
    named_in_text,
    place_match,
    sum_fatalities,
    sum_injured,
    type_match,
    within,
)
from eventcoder.records import Document, Event, ExtractionResult
from eventcoder.resolve.dates import find_dates
from eventcoder.resolve.gazetteer import Gazetteer

__all__ = [
    "OVERALL",
    "Miss",
    "Scores",
    "Speed",
    "extract_items",
    "score_items",
    "time_bare_parsing",
]

OVERALL = "overall"
_NO_INJURY_SOURCES = ("acled",)


@dataclass
class Miss:
    """One scored value that disagrees with gold, with what a reader needs to judge it."""

    metric: str
    error_class: str
    source: str
    item_id: str
    gold_id: str
    text: str
    gold: dict[str, Any]
    ours: list[dict[str, Any]]
    evidence: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class Scores:
    """hits/n per source and metric (``OVERALL`` sums the CSV sources), and the misses."""

    ratios: dict[str, dict[str, Ratio]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(Ratio))
    )
    misses: list[Miss] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)

    def add(self, source: str, metric: str, ok: bool, overall: bool = True) -> None:
        if source not in self.sources:
            self.sources.append(source)
        self.ratios[source][metric].add(ok)
        if overall:
            self.ratios[OVERALL][metric].add(ok)

    def get(self, source: str, metric: str) -> Ratio:
        return self.ratios.get(source, {}).get(metric) or Ratio()


@dataclass
class Speed:
    documents: int
    seconds: float
    spacy_seconds: float | None = None
    load_average: float | None = None
    """The machine's 1-minute load average at the end (other processes skew both timings)."""

    @property
    def docs_per_second(self) -> float:
        return self.documents / self.seconds if self.seconds else 0.0

    @property
    def spacy_docs_per_second(self) -> float | None:
        if not self.spacy_seconds:
            return None
        return self.documents / self.spacy_seconds

    @property
    def ratio(self) -> float | None:
        """Our time over bare spaCy's time for the same texts (how many times slower)."""
        if not self.spacy_seconds:
            return None
        return self.seconds / self.spacy_seconds


# --------------------------------------------------------------------------- running


# Collections that are about one country, as a user coding them would know (ACLED codes
# country by country). Used only with --collection-country; never a row's own gold country.
COLLECTION_COUNTRIES = {
    "acled_nigeria_2014_2016": "Nigeria",
    "ucdp_ged_iraq": "Iraq",
    "rand_ucdp_linked": "Iraq",
}


def document_of(item: GoldItem, collection_country: bool = False) -> Document:
    """The item as a Document (ingest's language and size checks are not applied: the bench
    measures extraction on every gold text). With ``collection_country`` the country of a
    single-country collection is given as the hint a user would pass with --country."""
    return Document(
        country=COLLECTION_COUNTRIES.get(item.source) if collection_country else None,
        id=item.id,
        text=item.text,
        published=item.published,
        url=item.article.url if item.article else None,
        outlet=item.article.outlet if item.article else None,
        lang="en",
        source_name=item.id,
    )


def extract_items(
    items: Sequence[GoldItem],
    gazetteer: Gazetteer | None = None,
    batch_size: int = 64,
    on_progress: Callable[[int], None] | None = None,
    time_spacy: bool = True,
    collection_country: bool = False,
) -> tuple[dict[str, ExtractionResult], dict[str, str], Speed]:
    """Results by item id, the items that failed (id -> error) and the timings.

    With ``time_spacy`` each batch is first parsed by bare spaCy, the model as spaCy ships it
    (timed apart, result thrown away): interleaving the two keeps the ratio fair when other
    processes load the machine.
    """
    from eventcoder.nlp.model import load_stock_nlp
    from eventcoder.pipeline import extract_documents

    stock = load_stock_nlp() if time_spacy else None
    gaz = gazetteer or Gazetteer.default()
    results: dict[str, ExtractionResult] = {}
    failed: dict[str, str] = {}
    ours = 0.0
    bare = 0.0
    for first in range(0, len(items), batch_size):
        batch = [
            document_of(item, collection_country) for item in items[first : first + batch_size]
        ]
        if stock is not None:
            started = time.perf_counter()
            for _ in stock.pipe([d.text for d in batch], batch_size=batch_size):
                pass
            bare += time.perf_counter() - started
        started = time.perf_counter()
        try:
            for document, result in zip(
                batch, extract_documents(batch, gaz, batch_size=batch_size), strict=True
            ):
                results[document.id] = result
        except Exception:  # one bad document: redo the batch one by one
            for document in batch:
                if document.id in results:
                    continue
                try:
                    results[document.id] = next(iter(extract_documents([document], gaz)))
                except Exception as error:
                    failed[document.id] = f"{type(error).__name__}: {error}"
        ours += time.perf_counter() - started
        if on_progress is not None:
            on_progress(len(batch))
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    speed = Speed(
        documents=len(items),
        seconds=ours,
        spacy_seconds=bare if time_spacy else None,
        load_average=load,
    )
    return results, failed, speed


def time_bare_parsing(texts: Sequence[str], batch_size: int = 64) -> float:
    """Seconds spaCy alone (the same model as spaCy ships it, ``nlp.pipe``) takes over the
    texts."""
    from eventcoder.nlp.model import load_stock_nlp

    stock = load_stock_nlp()
    start = time.perf_counter()
    for _ in stock.pipe(texts, batch_size=batch_size):
        pass
    return time.perf_counter() - start


# --------------------------------------------------------------------------- scoring


def _event_view(event: Event) -> dict[str, Any]:
    return {
        "date": event.event_date.isoformat() if event.event_date else None,
        "type": event.event_type,
        "sub_type": event.sub_event_type,
        "location": event.location,
        "admin1": event.admin1,
        "country": event.country,
        "fatalities": event.fatalities,
        "injured": event.injured,
        "actors": [event.actor1, event.actor2],
    }


_EVIDENCE_FIELDS = {
    "detection": ("fatalities", "injured"),
    "false_events": ("fatalities", "injured", "event_type"),
    "fatalities": ("fatalities",),
    "injured": ("injured", "injured_text"),
    "country": ("country", "location"),
    "place": ("location",),
    "admin1": ("admin1", "location"),
    "date": ("event_date",),
    "event_type": ("event_type",),
}


def _evidence(events: Iterable[Event], metric: str) -> dict[str, list[str]]:
    names = _EVIDENCE_FIELDS.get(metric.split("_exact")[0], (metric,))
    found: dict[str, list[str]] = {}
    for event in events:
        for name in names:
            for span in event.evidence.get(name, []):
                quoted = f"{span.text!r} [{span.start}:{span.end}]"
                if quoted not in found.setdefault(name, []):
                    found[name].append(quoted)
    return {k: v for k, v in found.items() if v}


def _row_gold(row: GoldRow) -> dict[str, Any]:
    gold: dict[str, Any] = {"fields": sorted(row.fields)}
    for name, value in (
        ("date", row.event_date.isoformat() if row.event_date else None),
        ("date_end", row.event_date_end.isoformat() if row.event_date_end else None),
        ("type", row.event_type or None),
        ("location", list(row.locations) or None),
        ("admin1", list(row.admin1) or None),
        ("country", row.country or None),
        ("coordinates", list(row.coordinates) if row.coordinates else None),
        ("fatalities", row.fatalities),
        ("injured", row.injured),
    ):
        if value is not None:
            gold[name] = value
    return gold


def _main_event(events: Sequence[Event]) -> Event | None:
    if not events:
        return None
    order = sorted(
        range(len(events)),
        key=lambda i: (-(events[i].fatalities or 0), -(events[i].injured or 0), i),
    )
    return events[order[0]]


def _coords(event: Event) -> tuple[float, float] | None:
    if event.latitude is None or event.longitude is None:
        return None
    return event.latitude, event.longitude


def _event_names(event: Event) -> list[str]:
    """Our place's gazetteer name and the name as the text spells it ("Gayara" resolved to
    Al Qayyarah matches a coder who wrote "Gayara")."""
    written = event.evidence.get("location", [])[:1]
    return [n for n in (event.location, *(s.text for s in written)) if n]


def _row_place(row: GoldRow, event: Event) -> str | None:
    return place_match(row.locations, row.coordinates, _event_names(event), _coords(event))


def _assign(rows: Sequence[GoldRow], events: Sequence[Event]) -> list[Event | None]:
    """The event of ours that each row is compared with."""
    main = _main_event(events)
    if len(rows) == 1 or not events:
        return [main for _ in rows]

    def compatible(row: GoldRow, event: Event) -> bool:
        return _row_place(row, event) is not None

    def preference(row: GoldRow, event: Event) -> float:
        same_day = row.event_date is not None and event.event_date == row.event_date
        same_toll = row.fatalities is not None and event.fatalities == row.fatalities
        return 2.0 * same_day + 1.0 * same_toll

    chosen: list[Event | None] = [main for _ in rows]
    for i, j in match_one_to_one(rows, events, compatible, preference):
        chosen[i] = events[j]
    return chosen


class _ItemScorer:
    def __init__(self, scores: Scores, gazetteer: Gazetteer | None) -> None:
        self.scores = scores
        self.gazetteer = gazetteer

    def miss(
        self,
        metric: str,
        error_class: str,
        item: GoldItem,
        row: GoldRow | None,
        gold: dict[str, Any],
        events: Sequence[Event],
    ) -> None:
        self.scores.misses.append(
            Miss(
                metric=metric,
                error_class=error_class,
                source=item.source,
                item_id=item.id,
                gold_id=row.gold_id if row else item.id,
                text=item.text,
                gold=gold,
                ours=[_event_view(e) for e in events],
                evidence=_evidence(events, metric),
            )
        )

    # ----------------------------------------------------------------- CSV rows

    def rows(self, item: GoldItem, result: ExtractionResult, peer: PeerCount | None) -> None:
        s = self.scores
        source = item.source
        rows = item.rows
        events = result.events
        first = rows[0]
        gold_all = _row_gold(first)
        if len(rows) > 1:
            gold_all["rows"] = len(rows)

        deaths_coded = [r for r in rows if r.coded("fatalities") and r.fatalities is not None]
        injuries_coded = [r for r in rows if r.coded("injured") and r.injured is not None]
        gold_deaths = sum(r.fatalities or 0 for r in deaths_coded) if deaths_coded else None
        gold_injured = sum(r.injured or 0 for r in injuries_coded) if injuries_coded else None
        if len(rows) > 1 and gold_deaths is not None:
            gold_all["fatalities"] = gold_deaths
        ours_deaths = sum_fatalities(events, result.totals)
        ours_injured = sum_injured(events, result.totals)

        # Detection and false events.
        if gold_deaths is not None or gold_injured is not None:
            casualties = (gold_deaths or 0) > 0 or (gold_injured or 0) > 0
            if casualties:
                s.add(source, "detection_recall", bool(events))
                if not events:
                    self.miss("detection", "detection: no event found", item, first, gold_all, [])
            else:
                no_injuries = source.startswith(_NO_INJURY_SOURCES)
                false = [e for e in events if not no_injuries or (e.fatalities or 0) > 0]
                s.add(source, "false_events", bool(false))
                if false:
                    counted = any((e.fatalities or 0) > 0 or (e.injured or 0) > 0 for e in false)
                    self.miss(
                        "false_events",
                        "false event: deaths or injuries where gold has none"
                        if counted
                        else "false event: an event without casualties (abduction, arrest...)",
                        item,
                        first,
                        gold_all,
                        false,
                    )

        # Fatalities.
        if gold_deaths is not None:
            ok = ours_deaths == gold_deaths
            s.add(source, "fatalities_exact_all", ok)
            if gold_deaths > 0:
                s.add(source, "fatalities_exact_pos", ok)
                s.add(source, "fatalities_within10_pos", within(ours_deaths, gold_deaths))
                s.add(source, "fatalities_largest_pos", largest_fatalities(events) == gold_deaths)
            if not ok:
                self.miss(
                    "fatalities",
                    _fatality_class(events, ours_deaths, gold_deaths, rows),
                    item,
                    first,
                    gold_all,
                    events,
                )
            if peer is not None:
                s.add(source, "peer:fatalities_exact_all", peer.kill == gold_deaths)
                s.add(source, "peer:ours_fatalities_exact_all", ok)
                if gold_deaths > 0:
                    s.add(source, "peer:fatalities_exact_pos", peer.kill == gold_deaths)
                    s.add(source, "peer:ours_fatalities_exact_pos", ok)
                    s.add(source, "peer:detection_recall", peer.kill > 0 or peer.wound > 0)
                    s.add(source, "peer:ours_detection_recall", bool(events))

        # Injured.
        if gold_injured is not None:
            ok = ours_injured == gold_injured
            s.add(source, "injured_exact", ok)
            if not ok:
                if ours_injured == 0:
                    kind = "injured: none found" if events else "injured: no event"
                else:
                    over = ours_injured > gold_injured
                    kind = "injured: over-count" if over else "injured: under-count"
                self.miss("injured", kind, item, first, gold_all, events)
            if peer is not None:
                s.add(source, "peer:injured_exact", peer.wound == gold_injured)
                s.add(source, "peer:ours_injured_exact", ok)

        # Per-row fields.
        dated_text = bool(find_dates(item.text, item.published))
        for row, event in zip(rows, _assign(rows, events), strict=True):
            self.row_fields(item, row, event, dated_text)

    def place_class(self, row: GoldRow, event: Event | None) -> str:
        if event is None or not event.location:
            return "place: none"
        if row.country and not country_match(row.country, event.country, event.iso, self.gazetteer):
            return "place: resolved in another country"
        return "place: wrong place in the right country"

    def row_fields(
        self, item: GoldItem, row: GoldRow, event: Event | None, dated_text: bool
    ) -> None:
        s = self.scores
        source = item.source
        gold = _row_gold(row)
        shown = [event] if event is not None else []

        def check(metric: str, ok: bool, error_class: str) -> None:
            s.add(source, f"{metric}_all", ok and event is not None)
            if event is None:
                return
            s.add(source, metric, ok)
            if not ok:
                self.miss(metric, error_class, item, row, gold, shown)

        if row.coded("country") and row.country:
            ok = event is not None and country_match(
                row.country, event.country, event.iso, self.gazetteer
            )
            none = event is None or not (event.country or event.iso)
            check("country", ok, "country: none" if none else "country: wrong")
            if event is not None and named_in_text(
                item.text, (row.country, *row.locations, *row.admin1)
            ):
                s.add(source, "country_named", ok)
        if row.coded("location_name") and row.locations:
            ok = event is not None and _row_place(row, event) is not None
            check("place", ok, self.place_class(row, event))
            if event is not None and named_in_text(item.text, row.locations):
                s.add(source, "place_named", ok)
        if row.coded("admin1") and row.admin1:
            ok = event is not None and admin1_match(
                row.admin1, event.admin1, event.iso, self.gazetteer
            )
            none = event is None or not event.admin1
            check("admin1", ok, "admin1: none" if none else "admin1: wrong")
        if (
            row.coded("event_date")
            and row.event_date is not None
            and (dated_text or row.published is not None)
        ):
            ok = event is not None and date_match(
                row.event_date, row.event_date_end, event.event_date
            )
            check("date", ok, _date_class(event, row.event_date))
        if row.coded("event_type") and row.event_type:
            mapped = (
                type_match(
                    event.event_type,
                    event.sub_event_type,
                    row.event_type,
                    row.event_type_scheme,
                    event.victims,
                )
                if event is not None
                else type_match(None, None, row.event_type, row.event_type_scheme)
            )
            if mapped is not None:
                ours = "none"
                if event is not None:
                    v6 = acled_v6_label(event.event_type, event.sub_event_type, event.victims)
                    is_v6 = is_acled_v6(row.event_type_scheme)
                    ours = (v6 if is_v6 else event.event_type) or "none"
                check("event_type", mapped, f"event type: gold {row.event_type} / ours {ours}")

    # ----------------------------------------------------------------- articles

    def article(self, item: GoldItem, article: GoldArticle, result: ExtractionResult) -> None:
        s = self.scores
        source = item.source
        events = result.events
        gold_events = list(article.events)
        if not gold_events:
            s.add(source, "news_false_events", bool(events), overall=False)
            if events:
                self.miss(
                    "news_false_events",
                    "news: event in a non-conflict article",
                    item,
                    None,
                    {"events": 0},
                    events,
                )
            return

        def compatible(g: GoldEvent, o: Event) -> bool:
            place = place_match(g.locations, g.coordinates, _event_names(o), _coords(o))
            same_day = g.event_date is None or o.event_date == g.event_date
            return place is not None and same_day

        def preference(g: GoldEvent, o: Event) -> float:
            overlap = 0.0
            if g.evidence is not None:
                start, end = g.evidence
                spans = o.evidence.get("fatalities") or [
                    sp for cited in o.evidence.values() for sp in cited
                ]
                overlap = float(any(start <= sp.start < end for sp in spans))
            return 2.0 * overlap + 1.0 * (g.fatalities is not None and o.fatalities == g.fatalities)

        pairs = match_one_to_one(gold_events, events, compatible, preference)
        matched_gold = {i for i, _ in pairs}
        matched_ours = {j for _, j in pairs}
        for j in range(len(events)):
            s.add(source, "news_event_precision", j in matched_ours, overall=False)
        for i, g in enumerate(gold_events):
            s.add(source, "news_event_recall", i in matched_gold, overall=False)
            if i not in matched_gold:
                self.miss(
                    "news_event_recall",
                    "news: gold event not matched (place and date)",
                    item,
                    None,
                    _gold_event_view(g),
                    events,
                )
        for j, o in enumerate(events):
            if j not in matched_ours:
                self.miss(
                    "news_event_precision",
                    "news: event of ours not in gold",
                    item,
                    None,
                    {"events": [_gold_event_view(g) for g in gold_events]},
                    [o],
                )
        for i, j in pairs:
            g, o = gold_events[i], events[j]
            if g.fatalities is not None:
                ok = (o.fatalities or 0) == g.fatalities
                s.add(source, "news_fatalities_matched", ok, overall=False)
                if not ok:
                    self.miss(
                        "news_fatalities",
                        "news: fatalities wrong on a matched event",
                        item,
                        None,
                        _gold_event_view(g),
                        [o],
                    )
            if g.injured is not None:
                s.add(source, "news_injured_matched", o.injured == g.injured, overall=False)
            if g.country:
                ok = country_match(g.country, o.country, o.iso, self.gazetteer)
                s.add(source, "news_country_matched", ok, overall=False)
            if g.admin1:
                ok = admin1_match(g.admin1, o.admin1, o.iso, self.gazetteer)
                s.add(source, "news_admin1_matched", ok, overall=False)
            if g.event_types:
                s.add(source, "news_type_matched", o.event_type in g.event_types, overall=False)
        # Totals and figures: matched one-to-one by count (and kind for figures).
        ours_totals = [t.count for t in result.totals]
        total_pairs = match_one_to_one(list(article.totals), ours_totals, lambda g, o: g.count == o)
        for i in range(len(article.totals)):
            s.add(source, "news_totals_recall", i in {a for a, _ in total_pairs}, overall=False)
        for j in range(len(ours_totals)):
            s.add(source, "news_totals_precision", j in {b for _, b in total_pairs}, overall=False)
        ours_figures = [(f.kind, f.count) for f in result.figures]
        figure_pairs = match_one_to_one(
            list(article.figures), ours_figures, lambda g, o: (g.kind, g.count) == o
        )
        for i, figure in enumerate(article.figures):
            ok = i in {a for a, _ in figure_pairs}
            s.add(source, "news_figures_recall", ok, overall=False)
            if not ok:
                self.miss(
                    "news_figures",
                    "news: figure not found",
                    item,
                    None,
                    {"figure": {"kind": figure.kind, "count": figure.count}},
                    [],
                )
        for j in range(len(ours_figures)):
            ok = j in {b for _, b in figure_pairs}
            s.add(source, "news_figures_precision", ok, overall=False)


def _gold_event_view(g: GoldEvent) -> dict[str, Any]:
    return {
        "date": g.event_date.isoformat() if g.event_date else None,
        "type": list(g.event_types),
        "location": list(g.locations),
        "admin1": list(g.admin1),
        "country": g.country,
        "fatalities": g.fatalities,
        "injured": g.injured,
    }


def _fatality_class(
    events: Sequence[Event], ours: int, gold: int, rows: Sequence[GoldRow] = ()
) -> str:
    attackers = sum(r.fatalities_perpetrators or 0 for r in rows)
    if not events:
        return "fatalities: no event"
    if ours == 0:
        return "fatalities: events but no death count"
    if gold == 0:
        return "fatalities: deaths where gold has none"
    if ours > gold:
        if len(events) > 1 and largest_fatalities(events) == gold:
            return "fatalities: over-count (events summed; the largest alone is right)"
        return "fatalities: over-count"
    if attackers and ours == gold - attackers:
        return "fatalities: under-count by the attackers (gold counts perpetrators)"
    return "fatalities: under-count"


def _date_class(event: Event | None, gold: date) -> str:
    ours = event.event_date if event is not None else None
    if ours is None:
        return "date: none"
    if (ours.year, ours.month) != (gold.year, gold.month):
        return "date: wrong month or year"
    return "date: wrong day"


def score_items(
    items: Iterable[GoldItem],
    results: dict[str, ExtractionResult],
    peer: dict[str, PeerCount] | None = None,
    gazetteer: Gazetteer | None = None,
) -> Scores:
    """Scores of every item that has a result (items whose extraction failed score as if
    nothing was found)."""
    scores = Scores()
    scorer = _ItemScorer(scores, gazetteer)
    for item in items:
        result = results.get(item.id) or _empty_result(item)
        if item.article is not None:
            scorer.article(item, item.article, result)
        else:
            scorer.rows(item, result, (peer or {}).get(item.id))
    return scores


def _empty_result(item: GoldItem) -> ExtractionResult:
    from eventcoder.records import DocumentInfo

    return ExtractionResult(document=DocumentInfo(id=item.id, published=item.published))
