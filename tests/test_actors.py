"""Tests of the actor dictionary and mention finder (sentences written for these tests)."""

from __future__ import annotations

import time
from importlib import resources
from typing import Any

import pytest
import yaml

from eventcoder.resolve.actors import (
    INTER_CODES,
    ActorMention,
    _dictionary,
    demonym_country,
    dictionary_report,
    find_actors,
    normalize_actor,
    resolve_generic,
)


def names(text: str, country: str | None = None) -> list[str]:
    return [m.actor.name for m in find_actors(text, country)]


def spans(text: str, country: str | None = None) -> list[str]:
    return [m.span.text for m in find_actors(text, country)]


def check_spans(text: str, mentions: list[ActorMention]) -> None:
    for m in mentions:
        assert text[m.span.start : m.span.end] == m.span.text


@pytest.fixture(scope="module")
def raw_yaml() -> dict[str, Any]:
    text = resources.files("eventcoder").joinpath("data/actors.yaml").read_text("utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


# ----------------------------------------------------------------------------- spans


def test_spans_index_the_text() -> None:
    text = (
        "Late on Tuesday, Daesh's gunmen stormed a checkpoint held by the Popular Mobilization "
        "Forces west of Tikrit.\nIraqi troops and U.S.-led coalition jets answered; two "
        "civilians died, police in the town said."
    )
    found = find_actors(text, "Iraq")
    check_spans(text, found)
    assert [(m.span.text, m.actor.name) for m in found] == [
        ("Daesh", "Islamic State"),
        ("gunmen", "Unidentified Armed Group (Iraq)"),
        ("Popular Mobilization Forces", "Military Forces of Iraq (Popular Mobilization Forces)"),
        ("Iraqi troops", "Military Forces of Iraq"),
        ("U.S.-led coalition jets", "Global Coalition Against Daesh"),
        ("civilians", "Civilians (Iraq)"),
        ("police", "Police Forces of Iraq"),
    ]


def test_spans_with_unicode_and_newlines() -> None:
    text = (
        "Rebels of the Ta’ang National Liberation Army — the TNLA — seized a post.\n\nThe Tatmadaw"
    )
    found = find_actors(text)
    check_spans(text, found)
    assert [m.span.text for m in found] == [
        "Rebels",
        "Ta’ang National Liberation Army",
        "TNLA",
        "Tatmadaw",
    ]
    assert found[1].span.start == text.index("Ta’ang")


# ----------------------------------------------------------------------------- aliases


@pytest.mark.parametrize(
    "phrase",
    [
        "ISIS",
        "ISIL",
        "IS",
        "Daesh",
        "Islamic State",
        "the Islamic State group",
        "Islamic State of Iraq and the Levant",
        "Islamic State of Iraq and Syria",
        "IS militants",
        "Isis",
    ],
)
def test_islamic_state_aliases_are_one_actor(phrase: str) -> None:
    text = f"Officials said {phrase} was behind the raid on the checkpoint."
    found = find_actors(text)
    assert [m.actor.name for m in found] == ["Islamic State"]
    assert found[0].actor.inter == "Rebel group"
    check_spans(text, found)


def test_longest_match_wins() -> None:
    assert spans("a statement by the Islamic State of Iraq and the Levant") == [
        "Islamic State of Iraq and the Levant"
    ]
    assert names("ISIS-K claimed it") == ["Islamic State (Khorasan)"]
    assert names("Islamic State West Africa Province fighters") == ["Islamic State (West Africa)"]
    assert names("the Civilian JTF and the Joint Task Force") == [
        "CJTF: Civilian Joint Task Force",
        "Military Forces of Nigeria",
    ]


@pytest.mark.parametrize(
    "variant", ["al-Shabaab", "al Shabaab", "Al-Shabab", "Al Shabaab", "al‑Shabaab", "Shabaab"]
)
def test_hyphen_and_space_variants(variant: str) -> None:
    assert names(f"{variant} fighters attacked a base in Lower Shabelle.") == ["Al Shabaab"]


def test_possessives() -> None:
    text = "ISIS's leaders fled while ISIS' fighters stayed and Hamas’s wing fired rockets."
    found = find_actors(text)
    assert [m.span.text for m in found] == ["ISIS", "ISIS", "Hamas"]
    assert [m.actor.name for m in found] == ["Islamic State", "Islamic State", "Hamas Movement"]
    check_spans(text, found)


def test_fighter_nouns_join_the_named_actor() -> None:
    assert spans("Houthi rebels and Taliban insurgents") == ["Houthi rebels", "Taliban insurgents"]
    found = find_actors("M23 rebels took Bunagana.")
    assert found[0].span.text == "M23 rebels" and not found[0].generic


def test_apostrophe_free_spelling() -> None:
    assert names("Taang National Liberation Army") == ["TNLA: Ta'ang National Liberation Army"]
    assert names("Asaib Ahl al-Haq and Asa'ib Ahl al-Haq") == ["Asaib Ahl al-Haq"] * 2


# ----------------------------------------------------------------------------- case


def test_is_only_as_uppercase_token() -> None:
    assert names("The town is calm and this is not news.") == []
    assert names("It is IS that holds the town; IS-held villages lie north.") == [
        "Islamic State",
        "Islamic State",
    ]
    assert names("Is the road open?") == []


def test_short_acronyms_are_case_sensitive() -> None:
    assert names("Download the pdf; the aa meeting; an adf file; the rsf sign.") == []
    assert names("The PDF and the AA attacked; RSF and SDF units moved.") == [
        "PDF: People's Defense Force",
        "AA: Arakan Army",
        "Rapid Support Forces",
        "SDF: Syrian Democratic Forces",
    ]
    assert names("the M23 movement") == ["M23: March 23 Movement"]
    assert names("Let the LeT speak") == ["Lashkar-e-Taiba"]


def test_all_caps_passages_do_not_trust_short_acronyms() -> None:
    assert names("WHAT IS THE PLAN, ASKED US OFFICIALS") == []
    assert names("ISLAMIC STATE CLAIMS ATTACK") == ["Islamic State"]


def test_case_insensitive_names() -> None:
    assert names("HEZBOLLAH and hezbollah and Hizbollah") == ["Hezbollah"] * 3


def test_ambiguous_acronym_by_country() -> None:
    text = "The ADF attacked a village."
    assert names(text, "Democratic Republic of Congo") == ["ADF: Allied Democratic Forces"]
    assert names(text, "Cameroon") == ["Ambazonia Defence Forces"]
    assert names("SNA troops", "Somalia") == ["Military Forces of Somalia"]
    assert names("SNA troops", "Syria") == ["Syrian National Army"]
    assert find_actors("The ADF attacked.")[0].actor.country == "Democratic Republic of Congo"


def test_coalition_by_country_and_political_coalitions() -> None:
    assert names("the coalition said its jets hit the depot", "Yemen") == [
        "Military Forces of Saudi Arabia"
    ]
    assert names("the coalition said its jets hit the depot", "Syria") == [
        "Global Coalition Against Daesh"
    ]
    assert names("the coalition government met in Baghdad", "Iraq") == []
    assert spans("the coalition forces struck") == ["coalition forces"]


def test_kurdish_phrases_by_country() -> None:
    assert names("Kurdish forces advanced", "Iraq") == [
        "Military Forces of Iraq (Kurdistan Regional Government)"
    ]
    assert names("Syrian Kurdish forces advanced", "Iraq") == ["SDF: Syrian Democratic Forces"]
    assert names("Turkish jets struck Kurdish militants", "Iraq") == [
        "Military Forces of Turkey",
        "PKK: Kurdistan Workers Party",
    ]


# ----------------------------------------------------------------------------- demonyms, generic


@pytest.mark.parametrize(
    ("word", "country"),
    [
        ("Iraqi", "Iraq"),
        ("Afghan", "Afghanistan"),
        ("Nigerian", "Nigeria"),
        ("Nigerien", "Niger"),
        ("Burkinabe", "Burkina Faso"),
        ("Congolese", "Democratic Republic of Congo"),
        ("Burmese", "Myanmar"),
        ("U.S.", "United States"),
        ("American", "United States"),
        ("Turkish", "Turkey"),
        ("Palestinian", "Palestine"),
        ("Somali", "Somalia"),
        ("yemeni", "Yemen"),
    ],
)
def test_demonym_country(word: str, country: str) -> None:
    assert demonym_country(word) == country


def test_demonym_country_unknown() -> None:
    assert demonym_country("Kurdish") is None
    assert demonym_country("Martian") is None


def test_generic_state_forces_from_demonym() -> None:
    text = "Iraqi forces, Afghan troops, the Nigerian army, U.S. soldiers and Nigeria's police"
    found = find_actors(text, "Syria")
    check_spans(text, found)
    assert [(m.span.text, m.actor.name) for m in found] == [
        ("Iraqi forces", "Military Forces of Iraq"),
        ("Afghan troops", "Military Forces of Afghanistan"),
        ("Nigerian army", "Military Forces of Nigeria"),
        ("U.S. soldiers", "Military Forces of the United States"),
        ("Nigeria's police", "Police Forces of Nigeria"),
    ]
    assert all(m.generic and m.actor.inter == "State forces" for m in found)


def test_generic_from_caller_country() -> None:
    text = "Soldiers, the army, security forces, the military and policemen were deployed."
    found = find_actors(text, "Mali")
    assert [m.actor.name for m in found] == ["Military Forces of Mali"] * 4 + [
        "Police Forces of Mali"
    ]
    assert names("Gunmen shot two worshippers; protesters and rioters gathered.", "ML") == [
        "Unidentified Armed Group (Mali)",
        "Civilians (Mali)",
        "Protesters (Mali)",
        "Rioters (Mali)",
    ]


def test_generic_country_inferred_from_text() -> None:
    assert names("Militants attacked a Somali base; Somali officials blamed them.") == [
        "Unidentified Armed Group (Somalia)",
    ]
    assert names("Insurgents fired at troops.") == ["Unidentified Armed Group", "Military Forces"]


def test_forces_alone_needs_a_modifier() -> None:
    assert names("The storm forces residents out.", "Iraq") == ["Civilians (Iraq)"]
    assert names("Russian forces and Russian warplanes", "Syria") == [
        "Military Forces of Russia",
        "Military Forces of Russia",
    ]


def test_unknown_proper_names_are_not_generic_armies() -> None:
    assert names("Fighters of the Lord's Resistance Army crossed the border.", "Uganda") == []
    assert names("On Monday the Army said it had retaken the hill.", "Uganda") == [
        "Military Forces of Uganda"
    ]


def test_templated_named_groups() -> None:
    assert names("Fulani herdsmen attacked farmers.", "Nigeria") == [
        "Fulani Ethnic Militia (Nigeria)",
        "Civilians (Nigeria)",
    ]
    assert names("Fulani militiamen raided a Dogon village.", "Mali")[0] == (
        "Fulani Ethnic Militia (Mali)"
    )
    found = find_actors("Dozo hunters clashed with jihadists.", "Burkina Faso")
    assert found[0].actor.name == "Dozo Communal Militia (Burkina Faso)"
    assert found[0].actor.inter == "Identity militia" and not found[0].generic


def test_units_have_parents() -> None:
    found = find_actors("the Counter Terrorism Service and Peshmerga")
    assert [m.actor.parent for m in found] == ["Military Forces of Iraq"] * 2
    assert found[1].actor.name == "Military Forces of Iraq (Kurdistan Regional Government)"


# ----------------------------------------------------------------------------- resolve_generic


def test_resolve_generic_one_named_group() -> None:
    text = "Al Shabaab militants stormed a hotel. The militants held it for hours; gunmen fled."
    resolved = resolve_generic(find_actors(text, "Somalia"))
    assert [m.actor.name for m in resolved] == ["Al Shabaab"] * 3
    assert [m.generic for m in resolved] == [False, True, True]
    check_spans(text, resolved)


def test_resolve_generic_keeps_state_and_explicit_unknowns() -> None:
    text = "Unknown gunmen shot a soldier after ISWAP fighters and militants raided the town."
    resolved = resolve_generic(find_actors(text, "Nigeria"))
    assert [m.actor.name for m in resolved] == [
        "Unidentified Armed Group (Nigeria)",
        "Military Forces of Nigeria",
        "Islamic State (West Africa)",
        "Islamic State (West Africa)",
    ]


def test_resolve_generic_two_named_groups_stay_unidentified() -> None:
    text = "HTS and Ahrar al-Sham fought; militants died."
    resolved = resolve_generic(find_actors(text))
    assert resolved[-1].actor.name == "Unidentified Armed Group (Syria)"


def test_resolve_generic_ignores_state_forces() -> None:
    text = "The Tatmadaw said insurgents attacked."
    resolved = resolve_generic(find_actors(text))
    assert resolved[-1].actor.name == "Unidentified Armed Group (Myanmar)"


# ----------------------------------------------------------------------------- normalize_actor


@pytest.mark.parametrize(
    ("raw", "name"),
    [
        ("Military Forces of Nigeria (2015-)", "Military Forces of Nigeria"),
        ("Police Forces of Nigeria (2010-2015)", "Police Forces of Nigeria"),
        ("Military Forces of Chad (1990-)", "Military Forces of Chad"),
        ("Military Forces of the United States", "Military Forces of the United States"),
        ("Boko Haram - Wilayat Gharb Ifriqiyyah", "Islamic State (West Africa)"),
        ("Hamas (Islamic Resistance Movement)", "Hamas Movement"),
        ("Islamic State (suspected)", "Islamic State"),
        ("ISIL", "Islamic State"),
        ("Civilians (Nigeria)", "Civilians (Nigeria)"),
        ("Fulani Ethnic Militia (Nigeria)", "Fulani Ethnic Militia (Nigeria)"),
        ("HTS: Hayat Tahrir al Sham", "HTS: Hayat Tahrir al-Sham"),
        ("Tehrik-i-Taliban Pakistan (suspected)", "TTP: Tehreek-i-Taliban Pakistan"),
        (
            "Revolutionary Armed Forces of Colombia (FARC)",
            "FARC: Revolutionary Armed Forces of Colombia",
        ),
        ("the Tatmadaw", "Military Forces of Myanmar"),
        ("al-Shabaab", "Al Shabaab"),
        ("PKK", "PKK: Kurdistan Workers Party"),
        ("ELN (suspected)", "ELN: National Liberation Army"),
        ("Tiv Ethnic Militia (Nigeria)", "Tiv Ethnic Militia (Nigeria)"),
        ("Mujahideen Shura Council", "Al Qaeda in Iraq"),
    ],
)
def test_normalize_actor(raw: str, name: str) -> None:
    actor = normalize_actor(raw, "Iraq")
    assert actor is not None and actor.name == name


def test_normalize_actor_generic_and_unknown() -> None:
    actor = normalize_actor("gunmen", "Iraq")
    assert actor is not None and actor.name == "Unidentified Armed Group (Iraq)"
    assert actor.inter == "Political militia"
    assert normalize_actor("Unknown") is None
    assert normalize_actor("") is None
    assert normalize_actor("ISIS fighters and Taliban") is None


# ----------------------------------------------------------------------------- the data


def test_every_entry_has_a_valid_inter_code_and_country(raw_yaml: dict[str, Any]) -> None:
    assert tuple(raw_yaml["inter_codes"]) == INTER_CODES
    isos = set(raw_yaml["countries"])
    seen: set[str] = set()
    for spec in raw_yaml["actors"]:
        assert spec["inter"] in INTER_CODES, spec["name"]
        assert spec.get("iso2") is None or spec["iso2"] in isos, spec["name"]
        assert spec["name"] not in seen, f"duplicate actor {spec['name']}"
        seen.add(spec["name"])
        if spec["name"].startswith(("Military Forces of", "Police Forces of")):
            assert spec["inter"] == "State forces", spec["name"]
    for spec in raw_yaml["generic"]:
        assert spec["inter"] in INTER_CODES, spec["name"]
        assert spec["phrases"]


def test_ambiguous_targets_and_parents_exist(raw_yaml: dict[str, Any]) -> None:
    d = _dictionary()
    templates = {spec["name"] for spec in raw_yaml["generic"]}
    for spec in raw_yaml["ambiguous"]:
        targets = [spec.get("default"), *spec.get("by_country", {}).values()]
        for t in filter(None, targets):
            assert t.casefold() in d.actors or t in templates, t
        for c in spec.get("by_country", {}):
            assert c in d.countries, c
    for spec in raw_yaml["actors"]:
        if spec.get("parent"):
            parent = normalize_actor(spec["parent"])
            assert parent is not None and parent.inter == "State forces"


def test_no_alias_maps_to_two_actors() -> None:
    """Two aliases with the same words must not both accept one text for different actors."""
    d = _dictionary()

    def forms(mode: str, tok: str) -> set[str] | None:
        return None if mode == "ci" else ({tok, tok.title()} if mode == "cs_title" else {tok})

    clashes = []
    for bucket in d.aliases.values():
        for i, a in enumerate(bucket):
            for b in bucket[i + 1 :]:
                if a.entry is b.entry:
                    continue
                overlap = True
                for ma, ra, mb, rb in zip(a.modes, a.raw, b.modes, b.raw, strict=True):
                    fa, fb = forms(ma, ra), forms(mb, rb)
                    if fa is not None and fb is not None and not fa & fb:
                        overlap = False
                if overlap:
                    clashes.append((a.text, a.entry.name, b.text, b.entry.name))
    assert clashes == []


def test_every_alias_is_findable(raw_yaml: dict[str, Any]) -> None:
    """Each alias, alone in a sentence, is found whole (longest match is not cut short)."""
    misses = []
    for spec in raw_yaml["actors"]:
        for alias in [*(spec.get("aliases") or []), *(spec.get("exact") or [])]:
            text = f"Reports said {alias} moved in."
            found = find_actors(text)
            if not found or found[0].span.text.rstrip(".") != alias.rstrip("."):
                misses.append(alias)
            elif found[0].actor.name != spec["name"]:
                misses.append(f"{alias} -> {found[0].actor.name}")
    assert misses == []


def test_coverage_report() -> None:
    report = dictionary_report()
    per = report["per_country"]
    for country in ["Iraq", "Syria", "Afghanistan", "Nigeria", "Mali", "Myanmar", "Mexico"]:
        assert per[country]["actors"] >= 5, country
    assert report["alias_keys"] > 800


# ----------------------------------------------------------------------------- speed


def test_find_actors_is_fast() -> None:
    sentence = (
        "On Friday Taliban fighters ambushed Afghan troops near Kunduz, police said, "
        "while ISKP claimed a bombing that killed six civilians. "
    )
    text = (sentence * 20)[:2000]
    find_actors(text, "Afghanistan")
    best = float("inf")
    for _ in range(5):
        t0 = time.perf_counter()
        for _ in range(20):
            find_actors(text, "Afghanistan")
        best = min(best, (time.perf_counter() - t0) / 20)
    assert best < 0.002
