"""Cross-document merge: reports of the same incident become one event.

A *report* is what one document said about one incident (an `Event` of its extraction). Two
reports may be the same incident when they are *compatible*: different documents, the same
country, the same or an adjacent day, the same place (or within a few km), no two different
neighbourhoods, compatible types, actors and numbers (see `compatible`).

The clustering is *complete linkage* (every pair in an event is compatible, so a vague report
cannot bridge two distinct incidents), built greedily in a canonical order: day by day, and
within a day by (confidence desc, report id). Each report joins the open cluster it scores best
with, or starts one. Because the order is a function of the reports alone, the result depends
only on the set of reports, never on the order they were ingested in. The work is blocked by
country and date: a report is only ever compared with the reports of its own country on its own
and the previous day, never with the whole corpus.

Event-level values follow ACLED: the lowest reported fatalities, with low/high over the sources;
each value keeps the report it came from (``provenance``).
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from eventcoder.records import PLACE_FIELDS, Event

# Sub-event types that different outlets easily confuse for one incident (the rest must match).
_CONFUSABLE_SUB_TYPES: list[frozenset[str]] = [
    frozenset({"Air/drone strike", "Shelling/artillery/missile attack"}),
    frozenset({"Suicide bomb", "Remote explosive/landmine/IED", "Grenade"}),
    frozenset(
        {"Armed clash", "Government regains territory", "Non-state actor overtakes territory"}
    ),
]
# Event types that may describe one incident (an airstrike in a battle, a bombing of civilians).
_VIOLENT = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians"})
_DEMONSTRATION = frozenset({"Protests", "Riots"})
_ARTICLE = re.compile(r"^(al|el|ad|an|ar|as|at|az|ash)[\s\-]+", re.IGNORECASE)


@dataclass(frozen=True)
class MergeRules:
    """The thresholds of `compatible`; the defaults are the ones documented in docs/corpus.md."""

    max_days: int = 1
    max_km: float = 10.0
    # Two counts are compatible when the larger is at most `ratio` times the smaller, or at most
    # `slack` more (early and late reports of one attack differ; 3 and 25 are two incidents).
    fatalities_ratio: float = 2.0
    fatalities_slack: int = 1


DEFAULT_RULES = MergeRules()


@dataclass(frozen=True)
class ReportKey:
    """The values of a report that the merge looks at."""

    id: str
    document_id: str
    block: str | None
    event_date: date | None
    event_type: str | None = None
    sub_event_type: str | None = None
    actor1: str | None = None
    actor2: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: int | None = None
    admin1: str | None = None
    location: str | None = None
    neighbourhoods: frozenset[str] = frozenset()
    fatalities: int | None = None
    fatalities_low: int | None = None
    fatalities_high: int | None = None
    injured: int | None = None
    victims: str | None = None
    confidence: float = 0.0

    @classmethod
    def of(cls, report_id: str, document_id: str, event: Event) -> ReportKey:
        return cls(
            id=report_id,
            document_id=document_id,
            block=block_key(event),
            event_date=event.event_date,
            event_type=event.event_type,
            sub_event_type=event.sub_event_type,
            actor1=event.actor1,
            actor2=event.actor2,
            latitude=event.latitude,
            longitude=event.longitude,
            geo_precision=event.geo_precision,
            admin1=event.admin1,
            location=event.location,
            neighbourhoods=neighbourhood_keys(event),
            fatalities=event.fatalities,
            fatalities_low=event.fatalities_low,
            fatalities_high=event.fatalities_high,
            injured=event.injured,
            victims=event.victims if event.victims != "unknown" else None,
            confidence=event.confidence,
        )

    @property
    def mergeable(self) -> bool:
        """A report without a country or a date is never merged: nothing places it."""
        return self.block is not None and self.event_date is not None


def block_key(event: Event) -> str | None:
    """The merge block of a report: its country (ISO code when known)."""
    if event.iso:
        return event.iso.upper()
    if event.country:
        return event.country.strip().lower()
    return None


def event_id_for(first_report_id: str) -> str:
    """The id of a merged event: a hash of its first report in the canonical order."""
    return hashlib.sha1(f"event:{first_report_id}".encode()).hexdigest()[:16]


def order_key(report: ReportKey) -> tuple[date, float, str]:
    """Canonical processing order within a block: by day, then most confident, then id."""
    return (report.event_date or date.min, -report.confidence, report.id)


def neighbourhood_keys(event: Event) -> frozenset[str]:
    """The report's neighbourhoods, normalized ("Mosul's Intisar" -> "intisar"), without the
    town itself.

    >>> sorted(neighbourhood_keys(Event(event_id="e", location="Mosul",
    ...                                  place_mentions=["Mosul's Intisar", "al-Wahda", "Mosul"])))
    ['intisar', 'wahda']
    """
    town = _place_key(event.location or "")
    keys = set()
    for name in event.place_mentions:
        key = _place_key(name)
        if town and key.startswith(town + "'s "):
            key = _place_key(key[len(town) + 3 :])
        if key and key != town:
            keys.add(key)
    return frozenset(keys)


def _place_key(name: str) -> str:
    key = " ".join(name.replace("’", "'").replace("‘", "'").lower().split())
    return _ARTICLE.sub("", key).strip(" '")


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine).

    >>> round(distance_km(36.335, 43.119, 33.341, 44.401))
    353
    """
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def _types_compatible(a: ReportKey, b: ReportKey) -> bool:
    if a.event_type and b.event_type and a.event_type != b.event_type:
        pair = {a.event_type, b.event_type}
        if not (pair <= _VIOLENT or pair <= _DEMONSTRATION):
            return False
    if a.sub_event_type and b.sub_event_type and a.sub_event_type != b.sub_event_type:
        pair = {a.sub_event_type, b.sub_event_type}
        return any(pair <= group for group in _CONFUSABLE_SUB_TYPES)
    return True


def _generic(actor: str | None) -> bool:
    return actor is None or actor.startswith(("Unidentified", "Civilians"))


def _actors_compatible(a: ReportKey, b: ReportKey) -> bool:
    """Incompatible only when both name two specific sides and share none of them."""
    sides_a = {x for x in (a.actor1, a.actor2) if not _generic(x)}
    sides_b = {x for x in (b.actor1, b.actor2) if not _generic(x)}
    if len(sides_a) == 2 and len(sides_b) == 2:
        return bool(sides_a & sides_b)
    return True


def _counts_compatible(a: ReportKey, b: ReportKey, rules: MergeRules) -> bool:
    if a.injured is not None and b.injured is not None and not _close(a.injured, b.injured, rules):
        return False
    if a.fatalities is None and b.fatalities is None:
        return True
    if a.fatalities is None or b.fatalities is None:
        # Deaths in one, none but a count of wounded in the other: two incidents. A report
        # with no count at all may be either.
        silent = a if a.fatalities is None else b
        return silent.injured is None
    low_a, high_a = a.fatalities_low or a.fatalities, a.fatalities_high or a.fatalities
    low_b, high_b = b.fatalities_low or b.fatalities, b.fatalities_high or b.fatalities
    if low_a <= high_b and low_b <= high_a:  # stated ranges overlap
        return True
    return _close(a.fatalities, b.fatalities, rules)


def _close(x: int, y: int, rules: MergeRules) -> bool:
    small, large = sorted((x, y))
    return large <= max(small * rules.fatalities_ratio, small + rules.fatalities_slack)


def _places_compatible(a: ReportKey, b: ReportKey, rules: MergeRules) -> bool:
    if a.neighbourhoods and b.neighbourhoods and not (a.neighbourhoods & b.neighbourhoods):
        return False  # two airstrikes on two districts are two events
    if a.latitude is None or a.longitude is None or b.latitude is None or b.longitude is None:
        return False  # a report that does not say where cannot be placed with another
    km = distance_km(a.latitude, a.longitude, b.latitude, b.longitude)
    if (a.geo_precision or 3) <= 2 and (b.geo_precision or 3) <= 2:
        return km <= rules.max_km
    # A province-level report (geo_precision 3) may be a town's incident in that province.
    if a.admin1 and b.admin1:
        return a.admin1 == b.admin1
    return km <= rules.max_km


def compatible(a: ReportKey, b: ReportKey, rules: MergeRules = DEFAULT_RULES) -> bool:
    """May ``a`` and ``b`` be two reports of one incident?"""
    if a.document_id == b.document_id:
        return False  # one article's separate incidents are separate events
    if not (a.mergeable and b.mergeable) or a.block != b.block:
        return False
    assert a.event_date is not None and b.event_date is not None
    if abs((a.event_date - b.event_date).days) > rules.max_days:
        return False
    if a.victims and b.victims and a.victims != b.victims:
        return False  # police killed in one, civilians in the other
    return (
        _types_compatible(a, b)
        and _places_compatible(a, b, rules)
        and _counts_compatible(a, b, rules)
        and _actors_compatible(a, b)
    )


def similarity(a: ReportKey, b: ReportKey) -> float:
    """How alike two compatible reports are (higher is closer); ranks candidate events."""
    score = 0.0
    if a.event_date == b.event_date:
        score += 0.5
    if a.neighbourhoods & b.neighbourhoods:
        score += 1.5
    if a.location and a.location == b.location:
        score += 0.5
    if a.event_type and a.event_type == b.event_type:
        score += 0.5
    if a.sub_event_type and a.sub_event_type == b.sub_event_type:
        score += 1.0
    sides_a = {x for x in (a.actor1, a.actor2) if not _generic(x)}
    sides_b = {x for x in (b.actor1, b.actor2) if not _generic(x)}
    score += 0.5 * len(sides_a & sides_b)
    if a.fatalities is not None and b.fatalities is not None:
        largest = max(a.fatalities, b.fatalities, 1)
        score += 1.0 - abs(a.fatalities - b.fatalities) / largest
    return score


@dataclass
class _Cluster:
    id: str
    members: list[ReportKey] = field(default_factory=list)

    @property
    def first_day(self) -> date:
        return min(m.event_date or date.min for m in self.members)


class BlockClusterer:
    """Assigns the reports of one block, day by day in canonical order, to events.

    ``open_clusters`` are the events, already built, that the first day's reports may still
    join: those whose every member is on the day before (see the store's incremental merge).
    """

    def __init__(
        self,
        rules: MergeRules = DEFAULT_RULES,
        open_clusters: dict[str, list[ReportKey]] | None = None,
    ) -> None:
        self.rules = rules
        self._open = [_Cluster(cid, list(ms)) for cid, ms in (open_clusters or {}).items()]

    def add_day(self, day: date, reports: Sequence[ReportKey]) -> dict[str, str]:
        """Assign the reports of ``day``; returns report id -> event id."""
        horizon = day - timedelta(days=self.rules.max_days)
        self._open = [c for c in self._open if c.first_day >= horizon]
        assigned: dict[str, str] = {}
        for report in sorted(reports, key=order_key):
            best: _Cluster | None = None
            best_score = -1.0
            for cluster in self._open:
                if not all(compatible(report, m, self.rules) for m in cluster.members):
                    continue
                score = sum(similarity(report, m) for m in cluster.members) / len(cluster.members)
                if score > best_score or (
                    score == best_score and best is not None and cluster.id < best.id
                ):
                    best, best_score = cluster, score
            if best is None:
                best = _Cluster(event_id_for(report.id))
                self._open.append(best)
            best.members.append(report)
            assigned[report.id] = best.id
        return assigned


def cluster_reports(
    reports: Iterable[ReportKey], rules: MergeRules = DEFAULT_RULES
) -> dict[str, str]:
    """Report id -> event id for a whole set of reports (the batch form of the store's merge)."""
    blocks: dict[str | None, list[ReportKey]] = {}
    assigned: dict[str, str] = {}
    for report in reports:
        if report.mergeable:
            blocks.setdefault(report.block, []).append(report)
        else:
            assigned[report.id] = event_id_for(report.id)
    for members in blocks.values():
        clusterer = BlockClusterer(rules)
        for day, day_reports in _by_day(members):
            assigned.update(clusterer.add_day(day, day_reports))
    return assigned


def _by_day(reports: list[ReportKey]) -> Iterator[tuple[date, list[ReportKey]]]:
    days: dict[date, list[ReportKey]] = {}
    for report in reports:
        assert report.event_date is not None
        days.setdefault(report.event_date, []).append(report)
    for day in sorted(days):
        yield day, days[day]


# ---------------------------------------------------------------------------------------------
# Event-level values


@dataclass(frozen=True)
class Source:
    """One report as the merge of event-level values sees it."""

    report_id: str
    document_id: str
    published: date | None
    event: Event


_ACTOR_FIELDS = ("actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2")


def _rank(source: Source) -> tuple[float, date, str]:
    """Tie-break order among sources: most confident, earliest published, smallest id."""
    return (-source.event.confidence, source.published or date.max, source.report_id)


def merge_values(event_id: str, sources: Sequence[Source]) -> tuple[Event, dict[str, str]]:
    """The merged event of some reports and, for each value, the report it came from.

    >>> from eventcoder.records import Event
    >>> a = Source("r1", "d1", None, Event(event_id="r1", fatalities=25, fatalities_high=25))
    >>> b = Source("r2", "d2", None, Event(event_id="r2", fatalities=21, fatalities_high=30))
    >>> event, provenance = merge_values("e", [a, b])
    >>> (event.fatalities, event.fatalities_high, provenance["fatalities"])
    (21, 30, 'r2')
    """
    ranked = sorted(sources, key=_rank)
    merged = Event(event_id=event_id)
    provenance: dict[str, str] = {}

    def take(source: Source, names: Iterable[str]) -> None:
        for name in names:
            value = getattr(source.event, name)
            if value is not None:
                setattr(merged, name, value)
                provenance[name] = source.report_id

    # Fatalities: ACLED codes the lowest reported figure; low/high span all the sources.
    counted = [s for s in ranked if s.event.fatalities is not None]
    if counted:
        lowest = min(counted, key=lambda s: s.event.fatalities or 0)
        take(lowest, ["fatalities", "fatalities_qualifier", "victims"])
        low = min(counted, key=lambda s: _low(s.event))
        merged.fatalities_low = _low(low.event)
        provenance["fatalities_low"] = low.report_id
        high = max(counted, key=lambda s: _high(s.event))
        merged.fatalities_high = _high(high.event)
        provenance["fatalities_high"] = high.report_id
    injured = [s for s in ranked if s.event.injured is not None]
    if injured:
        take(min(injured, key=lambda s: s.event.injured or 0), ["injured"])
    else:
        texts = [s for s in ranked if s.event.injured_text]
        if texts:
            take(texts[0], ["injured_text"])

    # Date: the day most sources give (most precise first), ties to the earliest day.
    dated = [s for s in ranked if s.event.event_date is not None]
    if dated:
        votes = Counter((s.event.time_precision or 9, s.event.event_date) for s in dated)
        best_key = min(votes, key=lambda k: (k[0], -votes[k], k[1]))
        chosen = next(
            s for s in dated if (s.event.time_precision or 9, s.event.event_date) == best_key
        )
        take(chosen, ["event_date", "time_precision"])

    # Place: the most precise report (geo_precision 1 before 2 before 3).
    placed = [s for s in ranked if s.event.latitude is not None or s.event.country is not None]
    if placed:
        chosen = min(placed, key=lambda s: (s.event.geo_precision or 9, s.event.latitude is None))
        take(chosen, PLACE_FIELDS)
    neighbourhoods: list[str] = []
    town = _place_key(merged.location or "")
    for source in ranked:
        for name in source.event.place_mentions:
            key = _place_key(name)
            if key != town and key not in {_place_key(n) for n in neighbourhoods}:
                neighbourhoods.append(name)
    if neighbourhoods:
        merged.place_mentions = neighbourhoods
        provenance["place_mentions"] = ",".join(
            s.report_id for s in ranked if s.event.place_mentions
        )

    # Type: the (type, sub-type) most sources give; ties to the most confident source.
    typed = [s for s in ranked if s.event.event_type is not None]
    if typed:
        votes_t = Counter((s.event.event_type, s.event.sub_event_type) for s in typed)
        top = max(votes_t.values())
        chosen = next(
            s for s in typed if votes_t[(s.event.event_type, s.event.sub_event_type)] == top
        )
        take(chosen, ["event_type", "sub_event_type"])

    # Actors: the report that names the most sides.
    with_actors = [s for s in ranked if s.event.actor1 or s.event.actor2]
    if with_actors:
        chosen = min(
            with_actors,
            key=lambda s: -sum(1 for a in (s.event.actor1, s.event.actor2) if not _generic(a)),
        )
        take(chosen, _ACTOR_FIELDS)

    attributed = [s for s in ranked if s.event.attribution]
    if attributed:
        first = provenance.get("fatalities")
        chosen = next((s for s in attributed if s.report_id == first), attributed[0])
        take(chosen, ["attribution"])
    notes_source = next(
        (s for s in ranked if s.report_id == provenance.get("fatalities")), ranked[0]
    )
    take(notes_source, ["notes"])
    merged.modality = (
        "reported"
        if any(s.event.modality == "reported" for s in ranked)
        else ranked[0].event.modality
    )
    merged.confidence = max(s.event.confidence for s in ranked)

    # Evidence: the spans of the source each value was taken from.
    by_id = {s.report_id: s for s in ranked}
    for name, report_id in provenance.items():
        origin = by_id.get(report_id)
        if origin is not None and name in origin.event.evidence:
            merged.evidence[name] = origin.event.evidence[name]
    return merged, provenance


def _low(event: Event) -> int:
    value = event.fatalities_low if event.fatalities_low is not None else event.fatalities
    return value or 0


def _high(event: Event) -> int:
    value = event.fatalities_high if event.fatalities_high is not None else event.fatalities
    return value or 0
