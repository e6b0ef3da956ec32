"""Resolve a document's place mentions to coordinates, admin areas and a precision code.

Each mention's candidates (every gazetteer place with that name key) are scored with the
document's context, the way an analyst reads a report:

- the document's country focus ("Salam" in an Iraq story is not in Oman);
- provinces the text names ("in Kirkuk province": a Bashir in Kirkuk beats one near Baghdad);
- other places the text names that are not ambiguous (a village of that name near them);
- the city a neighbourhood is said to be in ("al Wahda neighborhood in eastern Mosul");
- feature class and population (a town before a mountain, a city before a village).

Precision follows ACLED (DESIGN §3): 1 the town or a neighbourhood of it, 2 "near"/"20 km south
of"/"on the outskirts of" a town (coded to that town), 3 a province only (its capital). A place
that cannot be resolved keeps its name and a reason, and never blanks the others.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field

from pydantic import BaseModel
from spacy.tokens import Doc, Token

from eventcoder.mentions.places import PlaceMention, Relation
from eventcoder.nlp.model import doc_text
from eventcoder.records import Span
from eventcoder.resolve.actors import demonym_country
from eventcoder.resolve.gazetteer import Gazetteer, Place, haversine_km
from eventcoder.resolve.placenames import normalize_place_name, spelling_key

__all__ = [
    "PlaceContext",
    "ResolvedPlace",
    "ScoredPlace",
    "choose_event_place",
    "country_focus",
    "is_country",
    "resolve_mention",
    "resolve_mentions",
    "score_candidates",
    "weighed_country_focus",
]

_COUNTRY_CODES = frozenset(["PCLI", "PCLD", "PCLS", "PCLF", "PCL", "PCLIX", "TERR"])
# A neighbourhood found in the gazetteer must lie this close to its city to be believed.
_NEIGHBOURHOOD_KM = 25.0
# Other places of the text pull a candidate towards them within this distance.
_ANCHOR_KM = 150.0
# A town is "unambiguous" enough to anchor others when it is this big or the only candidate.
_ANCHOR_POPULATION = 100_000
# A city this large is known by its name worldwide: the name alone may outweigh the focus.
_FAMOUS_POPULATION = 1_000_000


def primary_name_match(name: str, place: Place) -> bool:
    """Whether a mention names a place by its main or ASCII name, not only an alternate one
    ("Baghdad" is Baghdad's name; "Sanga" is only an alternate spelling of Sanya)."""
    return normalize_place_name(name) == normalize_place_name(place.name)


def _name_weight(name: str, place: Place) -> float:
    """How closely a mention spells a candidate's main name: letter for letter, by the
    transliteration key, or only through an alternate name."""
    if spelling_key(name) == spelling_key(place.name):
        return 1.0
    return 0.6 if primary_name_match(name, place) else 0.0


_CANDIDATES = 60

# Score weights: they add up to 1 for a perfect candidate.
_W_COUNTRY = 0.35
_W_POPULATION = 0.2
_W_FEATURE = 0.15
_W_ADMIN1 = 0.1
_W_NEAR = 0.2
_W_NAME = 0.1  # on top: a tie-break between towns that share a transliteration key


class ResolvedPlace(BaseModel):
    """A place mention with what the gazetteer says of it (or why it could not say).

    ``place`` carries the geonameid, feature code, admin1/admin2, country and coordinates;
    ``score`` (0-1) is how well the chosen candidate fits the document, ``candidates`` how many
    were weighed. ``location`` is the town, as ACLED's ``location`` names it; for a
    neighbourhood ``district_location`` is ACLED's "City - District" form ("Mosul - al Wahda").
    """

    mention: PlaceMention
    place: Place | None = None
    geo_precision: int | None = None
    location: str | None = None
    district_location: str | None = None
    is_country: bool = False
    score: float | None = None
    candidates: int = 0
    in_focus: bool | None = None
    reason: str | None = None


@dataclass(frozen=True)
class ScoredPlace:
    """A candidate with its score and the parts of the score (for ``gazetteer lookup``)."""

    place: Place
    score: float
    parts: dict[str, float]
    distance_km: float | None = None


@dataclass
class PlaceContext:
    """What the rest of the document says about where it is."""

    focus: str | None = None
    admin1: set[tuple[str, str]] = field(default_factory=set)  # (country, admin1 code)
    anchors: list[tuple[str, Place]] = field(default_factory=list)  # (name as written, town)
    # the country the text leans to without firm ground (demonyms, a small town): enough to
    # doubt a hamlet abroad that only an alternate spelling links to the name
    hint: str | None = None


def is_country(place: Place) -> bool:
    return (place.feature_code or "") in _COUNTRY_CODES


def country_focus(
    mentions: list[PlaceMention],
    demonyms: list[str],
    gazetteer: Gazetteer,
    default: str | None = None,
) -> tuple[str, str] | None:
    """The country a document is about, as (ISO2 code, name): countries named count twice,
    cities abroad once, a name with one small place or a demonym ("Iraqi") half. ``default``
    (a code or name: the country a collection is about, as ACLED codes country by country)
    adds three quarters: it wins unless the text names another country or its city."""
    return weighed_country_focus(mentions, demonyms, gazetteer, default)[0]


def weighed_country_focus(
    mentions: list[PlaceMention],
    demonyms: list[str],
    gazetteer: Gazetteer,
    default: str | None = None,
) -> tuple[tuple[str, str] | None, bool]:
    """`country_focus`, and whether it stands on firm ground: a whole vote or more (a country
    or a city named, a province, an armed group) or the ``default``. Demonyms alone are not
    firm enough to refuse small places abroad."""
    votes: dict[tuple[str, str], float] = defaultdict(float)
    given: tuple[str, str] | None = None
    for mention in mentions:
        # "Edo State" is in Nigeria, whatever Edo was; "Niger State" too, though Niger is a
        # country: a province's name is read as a province first.
        region = gazetteer.admin1(mention.name) if mention.relation == "admin1" else None
        if region is not None:
            votes[(region.country_code, region.country)] += 1
            continue
        country = gazetteer.country(mention.name)
        if country is not None:  # "US drone strikes" says whose strikes, not where: no vote
            votes[(country.country_code, country.country)] += 0 if mention.modifier else 2
            continue
        candidates = gazetteer.candidates(mention.name, limit=10)
        if not candidates:
            continue
        if mention.label == "LGA":  # "Kaura LGA" names a district, as "Edo State" a province
            districts = {
                (c.country_code, c.country)
                for c in candidates
                if c.feature_code == "ADM2" and primary_name_match(mention.name, c)
            }
            if len(districts) == 1:
                votes[next(iter(districts))] += 1
                continue
        # The biggest of the best-spelled: "Samarra" votes for Iraq, not for Samara, Russia.
        best = max(
            candidates,
            key=lambda c: (_name_weight(mention.name, c), primary_name_match(mention.name, c)),
        )
        if not primary_name_match(mention.name, best):
            continue  # "Sanga" is not a vote for Sanya, China, nor "Mubi" for Mumbai
        exact = {c.country_code for c in candidates if primary_name_match(mention.name, c)}
        if best.population > _ANCHOR_POPULATION:
            votes[(best.country_code, best.country)] += 1
        elif len(exact) == 1:
            # small places of that very name in one country only (the town "Kaura" and its
            # district; "Kaouara" and "Cowra" only sound alike): a weaker hint
            votes[(best.country_code, best.country)] += 0.5
    for word in demonyms:
        name = demonym_country(word)
        country = gazetteer.country(name) if name else None
        if country is not None:  # "Iranian pilgrims killed in Najaf": a demonym weighs less
            votes[(country.country_code, country.country)] += 0.5
    if default is not None:
        country = gazetteer.country(default)
        if country is not None:
            given = (country.country_code, country.country)
            votes[given] += 0.75
    if not votes:
        return None, False
    winner = max(votes, key=lambda k: votes[k])  # ties: the first named
    return winner, votes[winner] >= 1.0 or winner == given


# --------------------------------------------------------------------------- scoring


def _feature_weight(place: Place, relation: str) -> float:
    code = place.feature_code or ""
    cls = place.feature_class or ""
    if cls == "P":
        if code == "PPLX":  # a section of a city: what a "neighbourhood" mention means
            return 1.0 if relation == "neighbourhood" else 0.45
        if code in ("PPLC", "PPLA", "PPLA2"):
            return 1.0
        return 0.8
    if code == "ADM1":
        return 1.0 if relation == "admin1" else 0.5
    if cls == "A":
        return 0.35
    return 0.25  # sites, areas, terrain: named by conflict reports, but rarely the meaning


def score_candidates(
    candidates: list[Place],
    context: PlaceContext,
    relation: str = "in",
    near: Place | None = None,
    name: str | None = None,
) -> list[ScoredPlace]:
    """Candidates scored against the document's context, best first.

    ``near``: a place the text puts this one next to (the city of a neighbourhood): within
    25 km it counts as the strongest anchor. ``name``: the mention's own name, whose anchor
    (if it is one) does not pull its own candidates (Abuja must not prefer Suleja, near Abuja).
    """
    own = normalize_place_name(name) if name else None
    anchors = [p for n, p in context.anchors if normalize_place_name(n) != own]
    scored: list[ScoredPlace] = []
    for place in candidates:
        parts: dict[str, float] = {}
        if context.focus:
            parts["country"] = _W_COUNTRY if place.country_code == context.focus else 0.0
        else:
            parts["country"] = _W_COUNTRY / 2
        # An admin region's population is its towns' sum: not a measure of how often it is meant.
        pop = place.population if place.feature_class == "P" else 0
        parts["population"] = _W_POPULATION * min(math.log10(pop + 1) / 7, 1.0)
        parts["feature"] = _W_FEATURE * _feature_weight(place, relation)
        in_admin1 = (place.country_code, place.admin1_code or "") in context.admin1
        parts["admin1"] = _W_ADMIN1 if in_admin1 else 0.0
        distance: float | None = None
        closest: float | None = None
        if near is not None and near.geonameid != place.geonameid:
            distance = haversine_km(near.latitude, near.longitude, place.latitude, place.longitude)
            closest = distance
        for anchor in anchors:
            if anchor.geonameid == place.geonameid:
                continue
            d = haversine_km(anchor.latitude, anchor.longitude, place.latitude, place.longitude)
            closest = d if closest is None else min(closest, d)
        parts["near"] = _W_NEAR * max(0.0, 1 - closest / _ANCHOR_KM) if closest is not None else 0.0
        if name:
            parts["name"] = _W_NAME * _name_weight(name, place)
        scored.append(
            ScoredPlace(
                place=place,
                score=round(min(1.0, sum(parts.values())), 3),
                parts={k: round(v, 3) for k, v in parts.items()},
                distance_km=None if distance is None else round(distance, 1),
            )
        )
    scored.sort(key=lambda s: (-s.score, -s.place.population, s.place.geonameid))
    return scored


def _lookup(gazetteer: Gazetteer, name: str, focus: str | None) -> list[Place]:
    """Candidates in the focus country, else anywhere; a great city of exactly this name
    abroad stays among them ("Baghdad" in a story about Iran)."""
    if focus:
        found = gazetteer.candidates(name, focus, limit=_CANDIDATES)
        if found:
            famous = [
                p
                for p in gazetteer.candidates(name, limit=3)
                if p.country_code != focus
                and p.population >= _FAMOUS_POPULATION
                and primary_name_match(name, p)
            ]
            return found + famous
    return gazetteer.candidates(name, limit=_CANDIDATES)


# --------------------------------------------------------------------------- resolving


def resolve_mention(
    mention: PlaceMention,
    gazetteer: Gazetteer,
    focus: str | None,
    context: PlaceContext | None = None,
) -> ResolvedPlace:
    """One mention resolved: a town (precision 1), near a town (2), a province (3).

    Never raises: a failure is a `ResolvedPlace` with no place and a reason.
    """
    ctx = context or PlaceContext(focus=focus)
    if ctx.focus is None and focus is not None:
        ctx = PlaceContext(focus=focus, admin1=ctx.admin1, anchors=ctx.anchors)
    try:
        resolved = _resolve(mention, gazetteer, ctx)
        if resolved.place is not None and ctx.focus is not None:
            resolved.in_focus = resolved.place.country_code == ctx.focus
        return resolved
    except Exception as error:  # one bad name must never blank the document's other places
        return ResolvedPlace(mention=mention, reason=f"error: {type(error).__name__}: {error}")


def _province(mention: PlaceMention, region: Place, score: float | None = None) -> ResolvedPlace:
    return ResolvedPlace(
        mention=mention,
        place=region,
        geo_precision=3,
        location=region.admin1 or region.name,
        score=score,
        candidates=1,
    )


def _resolve(mention: PlaceMention, gazetteer: Gazetteer, ctx: PlaceContext) -> ResolvedPlace:
    focus = ctx.focus
    if mention.relation == "admin1":
        region = gazetteer.admin1(mention.name, focus)
        if region is not None:
            return _province(mention, region, 1.0 if region.country_code == focus else 0.5)
        # "Iraq's Hawija": a country, below; "Mosul's Old City": a town, like any other
    country = gazetteer.country(mention.name)
    if country is not None:
        return ResolvedPlace(
            mention=mention,
            place=country,
            is_country=True,
            location=country.country,
            score=1.0,
            candidates=1,
            reason="a country, not an event place",
        )
    if mention.relation == "neighbourhood":
        return _resolve_neighbourhood(mention, gazetteer, ctx)
    if _owned_by_a_town(mention, gazetteer, focus):
        # "Mosul's Old City", "Samarra's Askariya shrine": a part of the town that owns it,
        # never a namesake elsewhere.
        return _resolve_neighbourhood(mention, gazetteer, ctx)
    found = _lookup(gazetteer, mention.name, focus)
    if mention.relation == "admin1":  # not a province of the focus country: a town or nothing
        found = [c for c in found if c.feature_class == "P"]
    # "Anbar" is the province, not Ambar, Turkey, a village with "Anbar" among its alternate
    # names: such a place is believed only when nothing better answers to the name.
    candidates = [
        c
        for c in found
        if c.country_code == focus
        or primary_name_match(mention.name, c)
        or c.population >= _ANCHOR_POPULATION
        or (c.feature_code or "") in ("PPLC", "ADM1")
    ] or found
    # "Qayyarah" spelled as GeoNames spells Al Qayyārah: a hamlet abroad that only shares its
    # transliteration key (Kiara) is not a rival, whatever their populations.
    if any(_name_weight(mention.name, c) == 1.0 for c in candidates):
        candidates = [
            c
            for c in candidates
            if _name_weight(mention.name, c) == 1.0 or c.population >= _ANCHOR_POPULATION
        ]
    if not candidates:
        region = gazetteer.admin1(mention.name, focus)
        if region is not None:
            return _province(mention, region)
        return ResolvedPlace(mention=mention, reason="not in the gazetteer")
    scored = score_candidates(candidates, ctx, mention.relation, name=mention.name)
    best = scored[0]
    if focus is not None and not primary_name_match(mention.name, best.place):
        # "Baghdad" in a story about Iran: the great city of that very name, not a hamlet at
        # home that only an alternate spelling links to it.
        famous = next(
            (
                c
                for c in scored
                if c.place.population >= _FAMOUS_POPULATION
                and primary_name_match(mention.name, c.place)
            ),
            None,
        )
        best = famous or best
    place = best.place
    if _a_doubtful_namesake(mention.name, place, ctx.hint):
        # "Khara" in a story leaning to India is not Harra, Germany
        return ResolvedPlace(
            mention=mention,
            candidates=len(scored),
            reason=f"only an alternate spelling of a place outside the country the text leans "
            f"to ({place.name}, {place.country_code})",
        )
    abroad = focus is not None and place.country_code != focus
    if abroad and not primary_name_match(mention.name, place):
        return ResolvedPlace(
            mention=mention,
            candidates=len(scored),
            reason=f"only an alternate spelling of a place outside the document's country "
            f"({place.name}, {place.country_code})",
        )
    if (
        abroad
        and place.population < _ANCHOR_POPULATION
        and (place.feature_code or "") not in ("PPLC", "ADM1")
    ):  # "Shi'a" in an Iraq story is not Siaya, Kenya: only a known city abroad is believed
        return ResolvedPlace(
            mention=mention,
            candidates=len(scored),
            reason=f"only a small place outside the document's country ({place.name}, "
            f"{place.country_code})",
        )
    if (place.feature_code or "") == "ADM1":
        return _province(mention, place, best.score).model_copy(update={"candidates": len(scored)})
    # a district (ADM2) or a site's region: "part of a region" (precision 2)
    # a dateline is where the report was filed: the scene is there or near it; "Kaura LGA" is
    # the district, coded to its town of that name
    near = mention.relation == "near" or mention.dateline or mention.label == "LGA"
    precision = 2 if near or place.feature_class == "A" else 1
    location = place.name
    district = None
    if place.feature_code == "PPLX":  # a section of a city: ACLED names the city
        city = _city_of(gazetteer, place)
        if city is not None:
            location = city.name
            district = f"{city.name} - {mention.name}"
    return ResolvedPlace(
        mention=mention,
        place=place,
        geo_precision=precision,
        location=location,
        district_location=district,
        score=best.score,
        candidates=len(scored),
    )


def _a_doubtful_namesake(name: str, place: Place, country: str | None) -> bool:
    """A small place outside the country the text is in or leans to that only an alternate
    spelling links to the name: "Kashmir" is no spelling of Cashmere, Washington."""
    return (
        country is not None
        and place.country_code != country
        and not primary_name_match(name, place)
        and place.population < _ANCHOR_POPULATION
    )


def _owned_by_a_town(mention: PlaceMention, gazetteer: Gazetteer, focus: str | None) -> bool:
    """A place named with a possessive whose owner is a town, not a province or a country."""
    owner = mention.container
    if owner is None or mention.relation != "in":
        return False
    return gazetteer.admin1(owner, focus) is None and gazetteer.country(owner) is None


def _city_of(gazetteer: Gazetteer, section: Place) -> Place | None:
    """The city a PPLX section belongs to: the biggest town within 25 km."""
    nearby = gazetteer.nearby(section.latitude, section.longitude, _NEIGHBOURHOOD_KM)
    towns = [p for p in nearby if p.feature_class == "P" and p.feature_code != "PPLX"]
    return max(towns, key=lambda p: p.population) if towns else None


def _resolve_neighbourhood(
    mention: PlaceMention, gazetteer: Gazetteer, ctx: PlaceContext
) -> ResolvedPlace:
    focus = ctx.focus
    city: Place | None = None
    if mention.container:  # a town (not a country or a province) in the document's country
        city_candidates = [
            p
            for p in _lookup(gazetteer, mention.container, focus)
            if p.feature_class == "P"
            and (focus is None or p.country_code == focus)
            # "south Kashmir" is no alternate spelling of Cashmere, Washington
            and (primary_name_match(mention.container, p) or p.population >= _FAMOUS_POPULATION)
        ]
        region = gazetteer.admin1(mention.container, focus)
        if city_candidates:
            city = score_candidates(city_candidates, ctx, name=mention.container)[0].place
        elif region is not None:  # "Shopian district of south Kashmir": in that province
            focus = region.country_code
    if city is not None:
        district = f"{city.name} - {mention.name}"
        inside = [
            s
            for s in score_candidates(
                gazetteer.candidates(mention.name, city.country_code, limit=_CANDIDATES),
                ctx,
                "neighbourhood",
                near=city,
            )
            if s.distance_km is not None
            and s.distance_km <= _NEIGHBOURHOOD_KM
            and (s.place.feature_class or "") in ("P", "L", "S")
        ]
        if inside:
            return ResolvedPlace(
                mention=mention,
                place=inside[0].place,
                geo_precision=1,
                location=city.name,
                district_location=district,
                score=inside[0].score,
                candidates=len(inside),
            )
        # DESIGN §3: a neighbourhood of a town is coded to the town at precision 1.
        return ResolvedPlace(
            mention=mention,
            place=city,
            geo_precision=1,
            location=city.name,
            district_location=district,
            score=0.5,
            reason="neighbourhood not in the gazetteer: coded to its city",
        )
    # No city named: a section of a city of that name in the focus country, if any.
    found = gazetteer.candidates(mention.name, focus, limit=_CANDIDATES)
    candidates = [
        s
        for s in score_candidates(found, ctx, "neighbourhood", name=mention.name)
        if s.place.feature_class == "P"
        and not _a_doubtful_namesake(mention.name, s.place, focus or ctx.hint)
    ]
    if candidates:
        best = candidates[0]
        city = _city_of(gazetteer, best.place) if best.place.feature_code == "PPLX" else None
        return ResolvedPlace(
            mention=mention,
            place=best.place,
            geo_precision=1,
            location=city.name if city else best.place.name,
            district_location=f"{city.name} - {mention.name}" if city else None,
            score=best.score,
            candidates=len(candidates),
        )
    return ResolvedPlace(mention=mention, reason="neighbourhood with no city named")


def _context(mentions: list[PlaceMention], gazetteer: Gazetteer, focus: str | None) -> PlaceContext:
    """Provinces named, and towns that need no context to resolve (the anchors)."""
    ctx = PlaceContext(focus=focus)
    for mention in mentions:
        if mention.relation == "admin1":
            region = gazetteer.admin1(mention.name, focus)
            if region is not None and region.admin1_code:
                ctx.admin1.add((region.country_code, region.admin1_code))
            continue
        if mention.relation == "neighbourhood" or gazetteer.country(mention.name) is not None:
            continue
        found = [p for p in _lookup(gazetteer, mention.name, focus) if p.feature_class == "P"]
        if not found or (focus and found[0].country_code != focus):
            continue
        if len(found) == 1 or found[0].population >= _ANCHOR_POPULATION:
            ctx.anchors.append((mention.name, found[0]))
    return ctx


def resolve_mentions(
    mentions: list[PlaceMention],
    gazetteer: Gazetteer,
    focus: str | None,
    hint: str | None = None,
) -> list[ResolvedPlace]:
    """All mentions of a document, each resolved with the others as context.

    ``focus``: the document's country on firm ground; ``hint``: the country it leans to
    otherwise. An unresolvable or failing mention is kept with a reason; the others resolve
    regardless.
    """
    try:
        ctx = _context(mentions, gazetteer, focus)
    except Exception:
        ctx = PlaceContext(focus=focus)
    ctx.hint = hint if focus is None else None
    resolved = [resolve_mention(m, gazetteer, focus, ctx) for m in mentions]
    # "the village of Qqzzyx near Kirkuk": a place coded to its town because the gazetteer
    # lacks it is *near* that town when the text says so (precision 2).
    near_spans = {(m.span.start, m.span.end) for m in mentions if m.relation == "near"}
    for item in resolved:
        span = item.mention.container_span
        if (
            item.reason is not None
            and item.geo_precision == 1
            and span is not None
            and (span.start, span.end) in near_spans
        ):
            item.geo_precision = 2
    return resolved


def choose_event_place(resolved: list[ResolvedPlace]) -> ResolvedPlace | None:
    """The most specific resolved place of an incident: a neighbourhood or town named as the
    scene, then a town the scene is near, then a province."""
    usable = [r for r in resolved if r.place is not None and not r.is_country]

    def rank(item: ResolvedPlace) -> tuple[bool, bool, int, int]:
        order = {"neighbourhood": 0, "in": 1, "near": 2, "admin1": 3}[item.mention.relation]
        if item.mention.relation == "in" and item.geo_precision == 3:
            order = 3
        # a town abroad ("returning from Warsaw") is the scene only when no place at home is;
        # the dateline only when the text names no other place
        return item.in_focus is False, item.mention.dateline, order, item.mention.span.start

    usable.sort(key=rank)
    if not usable:
        return None
    best = usable[0]
    # "near a position, south of Mosul" and a plain "Mosul" elsewhere in the same sentence:
    # the direction phrase is the more precise statement about the scene.
    if best.mention.relation == "in":
        for other in usable[1:]:
            if (
                other.mention.relation == "near"
                and other.place
                and best.place
                and other.place.geonameid == best.place.geonameid
                and other.mention.sentence_index == best.mention.sentence_index
            ):
                return other
    return best


_NOT_A_PLACE_ENTITY = frozenset(
    ["DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY", "LAW", "WORK_OF_ART"]
)
# The small model often calls an unknown town a person or a nationality ("in Biu town"): such a
# name is a place only in a place's context, after "in" or before "town".
_DOUBTFUL_ENTITY = frozenset(["PERSON", "NORP", "EVENT"])
_PLACE_BEFORE = frozenset(["in", "at", "near", "outside", "around", "from", "to", "and"])
_PLACE_AFTER = frozenset(
    [
        "town",
        "village",
        "city",
        "area",
        "district",
        "market",
        "lga",
        "state",
        "province",
        "camp",
        "neighbourhood",
        "neighborhood",
        "community",
        "communities",
        "road",
        "bus",
    ]
)
_NEAR_WORDS = frozenset(["near", "outside", "around"])


def unlabelled_places(
    doc: Doc,
    mentions: list[PlaceMention],
    taken: list[tuple[int, int]],
    gazetteer: Gazetteer,
    focus: str | None,
) -> list[PlaceMention]:
    """Proper names the model did not tag as places but that name a place of the document's
    country exactly: "in Biu town", "a Damaturu bus depot", "in Ajiri and Mafa".

    Only with a country focus, only a gazetteer entry of that country whose own name is the
    text's, and never inside a mention, an actor (``taken``) or a person's name.
    """
    if focus is None:
        return []
    covered = [(m.span.start, m.span.end) for m in mentions] + taken
    sentences = list(doc.sents)
    found: list[PlaceMention] = []
    run: list[Token] = []

    def flush() -> None:
        if not run:
            return
        doubtful = any(t.ent_type_ in _DOUBTFUL_ENTITY for t in run)
        start, end = run[0].idx, run[-1].idx + len(run[-1].text)
        name = doc_text(doc)[start:end]
        run.clear()
        if any(a < end and start < b for a, b in covered) or len(name) < 3:
            return
        if doubtful:
            before_word = doc_text(doc)[max(0, start - 12) : start].lower().split()[-1:]
            after_word = doc_text(doc)[end : end + 16].lower().split()[:1]
            placed = (before_word and before_word[0] in _PLACE_BEFORE) or (
                after_word and after_word[0].strip(".,") in _PLACE_AFTER
            )
            if not placed or demonym_country(name):
                return
        candidates = gazetteer.candidates(name, focus, limit=3)
        if not candidates or not primary_name_match(name, candidates[0]):
            return
        before = doc_text(doc)[max(0, start - 12) : start].lower().split()
        relation: Relation = "near" if before and before[-1] in _NEAR_WORDS else "in"
        index = next(i for i, s in enumerate(sentences) if s.start_char <= start < s.end_char)
        found.append(
            PlaceMention(
                name=name,
                span=Span.of(doc_text(doc), start, end),
                relation=relation,
                sentence_index=index,
                source="gazetteer",
            )
        )

    for token in doc:
        proper = (
            token.tag_ == "NNP"
            and token.ent_type_ not in _NOT_A_PLACE_ENTITY
            and not token.is_sent_start
            and len(run) < 3
        )
        if proper:
            run.append(token)
        else:
            flush()
    flush()
    return found
