"""Resolving a document's places with context, on a gazetteer built from small GeoNames files."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from test_gazetteer_files import write_geonames

from eventcoder.mentions.places import PlaceMention, find_place_mentions
from eventcoder.nlp import parse
from eventcoder.records import Span
from eventcoder.resolve.gazetteer import Gazetteer
from eventcoder.resolve.geo import (
    ResolvedPlace,
    choose_event_place,
    country_focus,
    resolve_mention,
    resolve_mentions,
)
from eventcoder.resolve.geonames_dump import build_from_geonames


@pytest.fixture(scope="module")
def gaz(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    files = write_geonames(tmp_path_factory.mktemp("geonames"))
    out = files["main"].parent / "g.sqlite"
    build_from_geonames(
        [files["main"]], out, alternate_names=[files["alternates"]], added=[files["added"]]
    )
    return Gazetteer.open(out)


def places_of(text: str, gaz: Gazetteer, country: str | None = None) -> list[ResolvedPlace]:
    doc = parse(text)
    mentions = find_place_mentions(doc)
    demonyms = [e.text for e in doc.ents if e.label_ == "NORP"]
    focus = country_focus(mentions, demonyms, gaz, default=country)
    return resolve_mentions(mentions, gaz, focus[0] if focus else None)


def by_name(resolved: list[ResolvedPlace], name: str) -> ResolvedPlace:
    return next(r for r in resolved if r.mention.name == name)


def test_neighbourhood_in_named_city(gaz: Gazetteer) -> None:
    text = (
        "Iraqi forces said a car bomb killed 12 people in al Wahda neighborhood in eastern Mosul."
    )
    resolved = places_of(text, gaz)
    wahda = by_name(resolved, "al Wahda")
    assert wahda.place is not None and wahda.place.geonameid == 10001  # not Basra's Al Wahdah
    assert wahda.geo_precision == 1 and wahda.location == "Mosul"
    assert wahda.district_location == "Mosul - al Wahda"
    chosen = choose_event_place(resolved)
    assert chosen is wahda


def test_neighbourhoods_listed_keep_the_city(gaz: Gazetteer) -> None:
    text = (
        "Officers said troops held the neighborhoods of al Salam, Intisar and al Shaimaa' in Mosul."
    )
    resolved = places_of(text, gaz)
    ids = {r.mention.name: r.place.geonameid for r in resolved if r.place}
    assert ids["Intisar"] == 10003 and ids["al Salam"] == 10004
    assert ids["al Shaimaa"] == 10005
    assert all(r.location == "Mosul" for r in resolved if r.mention.relation == "neighbourhood")


def test_salam_in_an_iraq_story_is_not_in_oman(gaz: Gazetteer) -> None:
    iraq = places_of("Iraqi troops entered Salam after clashes near Mosul.", gaz)
    assert by_name(iraq, "Salam").place.country_code == "IQ"  # type: ignore[union-attr]
    anywhere = resolve_mention(_mention("Salam"), gaz, None)
    assert anywhere.place is not None and anywhere.place.country_code == "OM"


def test_province_named_decides_between_villages(gaz: Gazetteer) -> None:
    kirkuk = places_of("Gunmen killed four farmers in Bashir, in Kirkuk province.", gaz, "IQ")
    assert by_name(kirkuk, "Bashir").place.geonameid == 10011  # type: ignore[union-attr]
    assert by_name(kirkuk, "Kirkuk").geo_precision == 3


def test_nearby_places_decide_between_villages(gaz: Gazetteer) -> None:
    near_baghdad = places_of("A bomb exploded in Bashir, south of Baghdad, Iraq.", gaz)
    assert by_name(near_baghdad, "Bashir").place.geonameid == 10012  # type: ignore[union-attr]


def test_direction_phrase_is_precision_two(gaz: Gazetteer) -> None:
    resolved = places_of("Clashes erupted 20 km south of Mosul on Sunday, Iraq's army said.", gaz)
    chosen = choose_event_place(resolved)
    assert chosen is not None and chosen.place is not None
    assert chosen.place.geonameid == 99072 and chosen.geo_precision == 2
    outskirts = places_of("Shelling hit homes on the outskirts of Kirkuk, Iraq.", gaz)
    chosen = choose_event_place(outskirts)
    assert chosen is not None and chosen.geo_precision == 2 and chosen.location == "Kirkuk"


def test_province_only_is_its_capital_at_precision_three(gaz: Gazetteer) -> None:
    resolved = places_of("Airstrikes killed 30 militants in Nineveh province, Iraq.", gaz)
    chosen = choose_event_place(resolved)
    assert chosen is not None and chosen.place is not None
    assert chosen.geo_precision == 3 and chosen.place.feature_code == "ADM1"
    assert abs(chosen.place.latitude - 36.335) < 0.01  # Mosul, the capital


def test_every_resolved_place_carries_its_record(gaz: Gazetteer) -> None:
    text = (
        "Iraqi forces said a car bomb killed 12 people in al Wahda neighborhood in eastern Mosul."
    )
    for r in places_of(text, gaz):
        if r.place is None or r.is_country:
            continue
        p = r.place
        assert p.geonameid and p.feature_code and p.admin1 and p.country
        assert r.score is not None and 0 < r.score <= 1
        assert text[r.mention.span.start : r.mention.span.end] == r.mention.name


def test_unresolvable_or_failing_name_never_blanks_the_others(
    gaz: Gazetteer, monkeypatch: pytest.MonkeyPatch
) -> None:
    resolved = places_of("Militants attacked Qwzxplorv and Mosul, Iraq.", gaz)
    lost = by_name(resolved, "Qwzxplorv")
    assert lost.place is None and lost.reason
    assert by_name(resolved, "Mosul").place is not None

    real = gaz.candidates

    def broken(name: str, *args: object, **kwargs: object) -> list[object]:
        if name == "Kirkuk":
            raise RuntimeError("disk on fire")
        return real(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(gaz, "candidates", broken)
    mentions = [_mention("Kirkuk"), _mention("Mosul", 10)]
    out = resolve_mentions(mentions, gaz, "IQ")
    assert out[0].place is None and "disk on fire" in (out[0].reason or "")
    assert out[1].place is not None and out[1].place.geonameid == 99072


def test_transliterations_resolve(gaz: Gazetteer) -> None:
    for spelling in ("Kharkov", "Kharkiv", "Charkiw"):
        assert resolve_mention(_mention(spelling), gaz, None).place.geonameid == 706483  # type: ignore[union-attr]
    assert resolve_mention(_mention("al-Mawsil"), gaz, "IQ").location == "Mosul"


def test_section_of_a_city_named_alone_is_coded_to_its_city(gaz: Gazetteer) -> None:
    resolved = resolve_mention(_mention("Intisar"), gaz, "IQ")
    assert resolved.place is not None and resolved.place.feature_code == "PPLX"
    assert resolved.location == "Mosul" and resolved.district_location == "Mosul - Intisar"


def test_default_country_wins_only_when_the_text_is_silent(gaz: Gazetteer) -> None:
    silent = country_focus([], [], gaz, default="NG")
    assert silent is not None and silent[0] == "NG"
    named = country_focus([_mention("Iraq")], [], gaz, default="NG")
    assert named is not None and named[0] == "IQ"


def test_resolution_is_fast(gaz: Gazetteer) -> None:
    doc = parse(
        "Iraqi forces said a car bomb killed 12 people in al Wahda neighborhood in eastern Mosul. "
        "Clashes also hit Intisar and 20 km south of Kirkuk, in Kirkuk province."
    )
    mentions = find_place_mentions(doc)
    start = time.perf_counter()
    for _ in range(50):
        gaz.clear_caches()
        focus = country_focus(mentions, ["Iraqi"], gaz)
        resolve_mentions(mentions, gaz, focus[0] if focus else None)
    assert (time.perf_counter() - start) / 50 < 0.01  # cold caches; bench/places.py measures


def _mention(name: str, start: int = 0) -> PlaceMention:
    return PlaceMention(
        name=name,
        span=Span(start=start, end=start + len(name), text=name),
        sentence_index=0,
    )


def test_fixture_folder_is_not_the_repository(tmp_path: Path) -> None:
    # the GeoNames-format files are written at run time, never stored in the repository
    assert not list(Path(__file__).parent.glob("*.zip"))


def test_alternate_spelling_abroad_does_not_move_the_story():
    """Names that are only alternate spellings of a place abroad neither vote for that
    country nor resolve there; a great city keeps its own name against a hamlet at home."""
    from eventcoder import extract

    story = extract("Fulani gunmen attacked Sanga, killing 12 villagers.", country="Nigeria")
    assert all(e.country in (None, "Nigeria") for e in story.events)
    iran = extract(
        "Gunmen killed an Iranian diplomat in Baghdad, as Iran sought to mediate.",
    )
    assert iran.events[0].location == "Baghdad" and iran.events[0].country == "Iraq"


def test_towns_the_model_does_not_tag_are_found_in_the_focus_country():
    from eventcoder import extract

    for text, town in [
        ("Twelve traders died when a bomb went off at the cattle market in Biu town.", "Biu"),
        ("A girl detonated a suicide vest at a Damaturu bus depot, killing seven.", "Damaturu"),
    ]:
        (event,) = extract(text, country="Nigeria").events
        assert event.location == town and event.geo_precision == 1
        assert event.evidence["location"][0].text == town


@pytest.mark.parametrize(
    ("text", "location", "country"),
    [
        # The province, not a Turkish village that lists "Anbar" among its alternate names.
        ("Militants shot dead two shepherds in western Anbar on Tuesday.", "Al Anbar", "Iraq"),
        # Spelled letter for letter: Samarra, not Samara in Russia (one transliteration key).
        ("A bomb killed three guards in central Samarra.", "Samarra", "Iraq"),
        # Its own main name, not the Chinese city whose alternate names include it.
        ("A roadside bomb wounded four soldiers in Baiji.", "Bayji", "Iraq"),
        # The town's own spelling beats a bigger place whose transliteration key is the same.
        ("Two men on a motorbike shot a teacher dead in Pattani.", "Pattani", "Thailand"),
        ("Militants executed 33 farmers near Qayyarah.", "Al Qayyarah", "Iraq"),
        # Whose forces says nothing of where: no vote for the United States.
        ("A translator working for US forces was shot dead in Tikrit.", "Tikrit", "Iraq"),
    ],
)
def test_the_best_spelled_candidate_wins(text: str, location: str, country: str) -> None:
    from eventcoder import extract

    (event,) = extract(text).events
    assert (event.location, event.country) == (location, country)


def test_a_country_that_modifies_a_noun_says_whose_not_where() -> None:
    from eventcoder import extract

    text = "Two US drone strikes on a compound in northern Pakistan killed six militants."
    (event,) = extract(text).events
    assert event.country == "Pakistan"
    (mention,) = [m for m in find_place_mentions(parse(text)) if m.name == "US"]
    assert mention.modifier


def test_a_town_named_with_a_bearing_from_a_city_is_the_scene() -> None:
    from eventcoder import extract

    text = "A car bomb hit a council office in the town of Mahmudiyah, south of Baghdad, killing 9."
    (event,) = extract(text).events
    assert (event.location, event.geo_precision) == ("Al Mahmudiyah", 1)
    # A town the gazetteer lacks: the city it is measured from, at precision 2.
    text = "A bomber killed 22 at a depot in Qqzzyx, 15 kilometres north of the capital Baghdad."
    (event,) = extract(text).events
    assert (event.location, event.geo_precision) == ("Baghdad", 2)


@pytest.mark.parametrize(
    ("text", "location", "admin1", "precision"),
    [
        # The possessor is the province the place is in, not the scene.
        ("Militants shot dead 40 captives in Kirkuk's Hawija.", "Al Hawijah", "Kirkuk", 1),
        # A part of a town is coded to the town (DESIGN: precision 1), its name kept.
        ("A car bomb killed two men in Baghdad's Sadr City district.", "Baghdad", "Baghdad", 1),
        ("A bomber killed nine people fleeing Mosul's Old City.", "Mosul", "Ninawa", 1),
        (
            "Rockets struck Samarra's Askariya shrine, killing a guard.",
            "Samarra",
            "Salah ad Din",
            1,
        ),
        ("Gunmen killed five farmers in Iraq's Diyala province.", "Diyala", "Diyala", 3),
        # "London-based" says where a firm is from; "Islamic State" is no province.
        (
            "Islamic State fighters ambushed guards of a London-based firm in Mosul, killing one.",
            "Mosul",
            "Ninawa",
            1,
        ),
    ],
)
def test_possessives_and_modifiers_are_not_the_scene(
    text: str, location: str, admin1: str, precision: int
) -> None:
    from eventcoder import extract

    (event,) = extract(text).events
    assert (event.location, event.admin1, event.geo_precision) == (location, admin1, precision)
    assert event.country == "Iraq"


@pytest.mark.parametrize(
    ("text", "location"),
    [
        # "at" is an English word before a village, not an Arabic article.
        ("A landmine killed two herders at Qqzzyx village in Konduga LGA.", "Konduga"),
        # "Local Government" is not an organisation's name here.
        ("Gunmen shot dead four traders in Damboa Local Government Area.", "Damboa"),
        # Towns the small model calls a nationality or a product stay candidates.
        ("Insurgents attacked Madagali town in Adamawa State and killed 24 people.", "Madagali"),
        ("Raiders killed six farmers in Vandeikya LGA on Sunday.", "Vandeikya"),
    ],
)
def test_local_government_areas_and_mislabelled_towns(text: str, location: str) -> None:
    from eventcoder import extract

    (event,) = extract(text, country="Nigeria").events
    assert event.location == location and event.country == "Nigeria"
    assert event.evidence["location"][0].text.startswith(location)


def test_places_listed_before_their_province_and_towns_named_as_towns() -> None:
    text = "March 3rd 2016: Hit and Kubaysa, Anbar province, Iraq"
    found = [(m.name, m.relation) for m in find_place_mentions(parse(text))]
    assert found[:3] == [("Hit", "in"), ("Kubaysa", "in"), ("Anbar", "admin1")]
    text = "Troops reached Al-Baghdadi town and fought in Old Mosul."
    found = [(m.name, m.relation) for m in find_place_mentions(parse(text))]
    assert ("Al-Baghdadi", "in") in found and ("Old Mosul", "in") in found


def test_a_headline_list_resolves_to_its_town() -> None:
    from eventcoder import extract

    (event,) = extract("June 7th, 2017: air strike killed 4 in Anah, Anbar province, Iraq").events
    assert (event.location, event.admin1) == ("Anah", "Al Anbar")


def test_the_old_city_of_a_town_is_the_town() -> None:
    from eventcoder import extract

    (event,) = extract("A bomb killed three guards in the Old City of Mosul.").events
    assert (event.location, event.country) == ("Mosul", "Iraq")


def test_a_state_force_named_votes_for_its_country_like_a_demonym() -> None:
    from eventcoder import extract

    (event,) = extract("Militants executed 9 Syrian Army conscripts they had captured.").events
    assert event.country == "Syria"
    # A place named outweighs the force's nationality.
    text = "Turkish Army jets killed 12 PKK fighters near Qandil in Iraq."
    assert {e.country for e in extract(text).events} == {"Iraq"}


@pytest.mark.parametrize(
    ("text", "country", "location"),
    [
        # The small model tags "Mali" as a person: a country's name is a country all the same,
        # and soldiers "from Chad" say where they come from, not where they were killed.
        (
            "Gunmen stormed a camp in Aguelhok, Mali, killing three peacekeepers from Chad.",
            "Mali",
            "Aguelhok",
        ),
        # A state's name is the state, though Niger is also a country.
        ("Bandits killed four farmers in Niger State.", "Nigeria", "Niger"),
        # The whole name, not "Democratic Republic" and "Congo" (the other Congo).
        (
            "Militia fighters shot dead nine farmers in Democratic Republic of Congo's Ituri "
            "province.",
            "Democratic Republic of the Congo",
            "Ituri",
        ),
        # A country named inside a longer name is not the scene.
        (
            "Two soldiers were killed in a car bombing in Diyarbakir, southeast Turkey.",
            "Turkey",
            "Diyarbakır",
        ),
    ],
)
def test_countries_named_in_any_form(text: str, country: str, location: str) -> None:
    from eventcoder import extract

    (event,) = extract(text).events
    assert (event.country, event.location) == (country, location)


def test_a_country_inside_an_organisation_is_not_the_scene() -> None:
    from eventcoder import extract

    (event,) = extract("Gunmen shot dead a member of the Communist Party of Nepal in Jos.").events
    assert event.country == "Nigeria"
    text = (
        "A minister was shot dead in a Beirut suburb. The Strugglers for the Unity of Greater "
        "Syria claimed it."
    )
    (event,) = extract(text).events
    assert (event.country, event.location) == ("Lebanon", "Beirut")


def test_a_small_town_whose_very_name_is_in_one_country_only_hints_the_country() -> None:
    from eventcoder import extract

    # Kaura (a town and its district) is only in Nigeria; Kaouara and Cowra only sound alike.
    (event,) = extract("Gunmen killed two farmers in Kaura.").events
    assert (event.country, event.location) == ("Nigeria", "Kaura")
    assert event.actor2 == "Civilians (Nigeria)"


@pytest.mark.parametrize(
    "text",
    [
        "Two traders died when a bomb went off in Sadr City, a poor Shiite district of Baghdad.",
        "A bomb exploded in Karada, a busy district of Baghdad, killing two people.",
    ],
)
def test_a_place_described_as_a_district_of_a_city_is_part_of_that_city(text: str) -> None:
    from eventcoder import extract

    (event,) = extract(text).events
    assert (event.location, event.geo_precision) == ("Baghdad", 1)
    assert "Baghdad" not in event.place_mentions  # the city, not one of its quarters
    assert "Shiite" not in event.place_mentions  # who lives there, not a quarter's name


@pytest.mark.parametrize(
    ("text", "location"),
    [
        # "Kashmir" is the province, not an alternate spelling of Cashmere, Washington
        ("Militants killed two soldiers in Shopian district of south Kashmir.", "Shopian"),
        # a village the gazetteer lacks is not a German hamlet that one spelling links to
        ("Militants shot dead a man in Khara village in Udhampur.", "Udhampur"),
    ],
)
def test_a_small_namesake_abroad_is_doubted_when_the_text_leans_elsewhere(
    text: str, location: str
) -> None:
    from eventcoder import extract

    (event,) = extract(text).events
    assert (event.country, event.location) == ("India", location)


def test_a_place_name_starts_at_a_word() -> None:
    from eventcoder.mentions.places import find_place_mentions
    from eventcoder.nlp import parse

    names = [
        m.name for m in find_place_mentions(parse("He was shot in the central Kashmir district."))
    ]
    assert "al Kashmir" not in names  # "centr-al Kashmir" is no Arabic article


@pytest.mark.parametrize(
    ("text", "location", "precision"),
    [
        # the dateline is the scene only when the text names no other place, and then "near"
        (
            "MAIDUGURI, Nigeria (AP) — Gunmen killed nine villagers overnight, an official said.",
            "Maiduguri",
            2,
        ),
        (
            "BAGHDAD (Reuters) - A car bomb killed seven people at a market in Kirkuk on Monday.",
            "Kirkuk",
            1,
        ),
    ],
)
def test_a_dateline_is_where_the_report_was_filed(text: str, location: str, precision: int) -> None:
    from eventcoder import extract

    (event,) = extract(text).events
    assert (event.location, event.geo_precision) == (location, precision)


def test_a_name_before_a_dash_is_no_dateline() -> None:
    from eventcoder.mentions.places import find_place_mentions
    from eventcoder.nlp import parse

    doc = parse("Ali Hassan - a farmer from the village - was shot dead by gunmen.")
    assert not [m for m in find_place_mentions(doc) if m.dateline]


@pytest.mark.parametrize(
    ("text", "location"),
    [
        # an unknown village with its local government area: coded to the LGA (precision 2)
        ("Two died in a clash between farmers and herders in Qqzzyx, Kaura LGA.", "Kaura"),
        (
            "Herders and soldiers fought at two villages, Agatu Local Government Area, killing 12.",
            "Agatu",
        ),
    ],
)
def test_a_local_government_area_after_its_village(text: str, location: str) -> None:
    from eventcoder import extract

    (event,) = extract(text).events
    assert (event.country, event.location, event.geo_precision) == ("Nigeria", location, 2)


def test_a_village_of_a_local_government_area() -> None:
    from eventcoder import extract

    text = "Two farmers were shot dead at Qqzzyx village of Mangu Local Government Area on Friday."
    (event,) = extract(text).events
    assert (event.location, event.admin1, event.geo_precision) == ("Mangu", "Plateau", 2)


def test_a_dateline_that_names_no_place_is_harmless() -> None:
    from eventcoder import extract

    # "The" opens what looks like a dateline; it is no place, and nothing breaks
    (event,) = extract("The (AP) - Gunmen killed two people in Kirkuk.").events
    assert event.location == "Kirkuk"
