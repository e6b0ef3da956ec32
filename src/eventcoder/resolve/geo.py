"""Resolve an incident's place mentions to coordinates, admin areas and a precision code.

Disambiguation uses the document's country focus and population ("Salam" in an Iraq story is
not in Oman). A neighbourhood the gazetteer lacks takes its city's coordinates; a place that
cannot be resolved keeps its name and a reason, and never blanks the others.
"""

from __future__ import annotations

from collections import Counter

from pydantic import BaseModel

from eventcoder.mentions.places import PlaceMention
from eventcoder.resolve.actors import demonym_country
from eventcoder.resolve.gazetteer import Gazetteer, Place, haversine_km

_COUNTRY_CODES = frozenset(["PCLI", "PCLD", "PCLS", "PCLF", "PCL", "PCLIX", "TERR"])
# A neighbourhood found in the gazetteer must lie this close to its city to be believed.
_NEIGHBOURHOOD_KM = 25.0


class ResolvedPlace(BaseModel):
    """A place mention with what the gazetteer says of it (or why it could not say)."""

    mention: PlaceMention
    place: Place | None = None
    geo_precision: int | None = None
    location: str | None = None
    is_country: bool = False
    reason: str | None = None


def is_country(place: Place) -> bool:
    return (place.feature_code or "") in _COUNTRY_CODES


def country_focus(
    mentions: list[PlaceMention], demonyms: list[str], gazetteer: Gazetteer
) -> tuple[str, str] | None:
    """The country a document is about, as (ISO2 code, name): countries named count twice,
    demonyms ("Iraqi") and unambiguous towns once each."""
    votes: Counter[tuple[str, str]] = Counter()
    for mention in mentions:
        country = gazetteer.country(mention.name)
        if country is not None:
            votes[(country.country_code, country.country)] += 2
            continue
        candidates = gazetteer.candidates(mention.name, limit=3)
        if candidates and (len(candidates) == 1 or candidates[0].population > 100_000):
            votes[(candidates[0].country_code, candidates[0].country)] += 1
    for word in demonyms:
        name = demonym_country(word)
        country = gazetteer.country(name) if name else None
        if country is not None:
            votes[(country.country_code, country.country)] += 1
    if not votes:
        return None
    return votes.most_common(1)[0][0]


def _best(candidates: list[Place], focus: str | None) -> Place | None:
    if not candidates:
        return None
    if focus:
        in_focus = [p for p in candidates if p.country_code == focus]
        if in_focus:
            return in_focus[0]
    return candidates[0]


def resolve_mention(
    mention: PlaceMention, gazetteer: Gazetteer, focus: str | None
) -> ResolvedPlace:
    """One mention resolved: a town (precision 1), near a town (2), a province (3)."""
    if mention.relation == "admin1":
        region = gazetteer.admin1(mention.name, focus)
        if region is None:
            return ResolvedPlace(mention=mention, reason="province not in the gazetteer")
        return ResolvedPlace(
            mention=mention, place=region, geo_precision=3, location=region.admin1 or region.name
        )
    country = gazetteer.country(mention.name)
    if country is not None:
        return ResolvedPlace(
            mention=mention,
            place=country,
            is_country=True,
            location=country.country,
            reason="a country, not an event place",
        )
    if mention.relation == "neighbourhood":
        return _resolve_neighbourhood(mention, gazetteer, focus)
    place = _best(gazetteer.candidates(mention.name, focus), focus) or _best(
        gazetteer.candidates(mention.name), focus
    )
    if place is None:
        region = gazetteer.admin1(mention.name, focus)
        if region is not None:
            return ResolvedPlace(
                mention=mention,
                place=region,
                geo_precision=3,
                location=region.admin1 or region.name,
            )
        return ResolvedPlace(mention=mention, reason="not in the gazetteer")
    if (place.feature_code or "") == "ADM1":
        return ResolvedPlace(
            mention=mention, place=place, geo_precision=3, location=place.admin1 or place.name
        )
    precision = 2 if mention.relation == "near" else 1
    return ResolvedPlace(mention=mention, place=place, geo_precision=precision, location=place.name)


def _resolve_neighbourhood(
    mention: PlaceMention, gazetteer: Gazetteer, focus: str | None
) -> ResolvedPlace:
    city: Place | None = None
    if mention.container:
        city = _best(gazetteer.candidates(mention.container, focus), focus)
    if city is not None:
        for candidate in gazetteer.candidates(mention.name, city.country_code):
            distance = haversine_km(
                city.latitude, city.longitude, candidate.latitude, candidate.longitude
            )
            if distance <= _NEIGHBOURHOOD_KM and candidate.geonameid != city.geonameid:
                return ResolvedPlace(
                    mention=mention, place=candidate, geo_precision=1, location=f"{city.name}"
                )
        # DESIGN §3: a neighbourhood of a town is coded to the town at precision 1.
        return ResolvedPlace(
            mention=mention,
            place=city,
            geo_precision=1,
            location=city.name,
            reason="neighbourhood not in the gazetteer: coded to its city",
        )
    return ResolvedPlace(mention=mention, reason="neighbourhood with no city named")


def choose_event_place(resolved: list[ResolvedPlace]) -> ResolvedPlace | None:
    """The most specific resolved place of an incident: a neighbourhood or town named as the
    scene, then a town the scene is near, then a province."""
    usable = [r for r in resolved if r.place is not None and not r.is_country]

    def rank(item: ResolvedPlace) -> tuple[int, int]:
        order = {"neighbourhood": 0, "in": 1, "near": 2, "admin1": 3}[item.mention.relation]
        if item.mention.relation == "in" and item.geo_precision == 3:
            order = 3
        return order, item.mention.span.start

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
