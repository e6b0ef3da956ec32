"""Building a gazetteer from GeoNames dump files (small files in the published format)."""

from __future__ import annotations

import json
import sqlite3
import zipfile
from pathlib import Path
from typing import Any

import pytest
from test_gazetteer_files import write_geonames
from typer.testing import CliRunner

from eventcoder.cli import app
from eventcoder.resolve import geonames_dump
from eventcoder.resolve.gazetteer import Gazetteer, haversine_km
from eventcoder.resolve.geonames_dump import build_from_geonames, read_added_places


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return write_geonames(tmp_path_factory.mktemp("geonames"))


@pytest.fixture(scope="module")
def built(files: dict[str, Path]) -> Gazetteer:
    out = files["main"].parent / "built.sqlite"
    build_from_geonames(
        [files["main"]], out, alternate_names=[files["alternates"]], added=[files["added"]]
    )
    return Gazetteer.open(out)


def test_places_carry_codes_admin_names_and_country(built: Gazetteer) -> None:
    mosul = built.candidates("Mosul", "IQ")[0]
    assert mosul.geonameid == 99072 and mosul.feature_code == "PPLA"
    assert mosul.admin1 == "Nīnawá" and mosul.admin1_code == "15"
    assert mosul.admin2 == "Qaḑā’ al Mawşil" and mosul.country == "Iraq"
    wahda = built.candidates("al Wahda", "IQ")
    assert {p.geonameid for p in wahda} == {10001, 10002}


def test_transliterations_meet(built: Gazetteer) -> None:
    assert built.candidates("al-Mawsil")[0].geonameid == 99072
    assert built.candidates("Kharkov")[0].geonameid == built.candidates("Kharkiv")[0].geonameid
    assert built.candidates("Shaima'a")[0].geonameid == 10005  # Shaimaa / Shaima'a
    assert built.candidates("Al-Qayyara")[0].geonameid == 10013  # doubled letters, -ah
    assert built.candidates("Tal Abtah")[0].geonameid == 10010  # Tall / Tal


def test_admin1_has_its_capitals_coordinates_and_aliases(built: Gazetteer) -> None:
    nineveh = built.admin1("Nineveh", "IQ")
    assert nineveh is not None and nineveh.feature_code == "ADM1"
    assert haversine_km(nineveh.latitude, nineveh.longitude, 36.335, 43.119) < 1  # Mosul
    assert built.admin1("Ninewa", "IQ") == nineveh  # alias from the package's capitals file
    kirkuk = built.admin1("Kirkuk province", "IQ")
    assert kirkuk is not None and kirkuk.admin1_code == "13"


def test_countries_beyond_the_dump_are_known(built: Gazetteer) -> None:
    iraq = built.country("Iraqi")
    assert iraq is not None and iraq.country_code == "IQ"
    assert haversine_km(iraq.latitude, iraq.longitude, 33.34, 44.40) < 1  # its PPLC
    nigeria = built.country("Nigeria")  # not in the dump: from the installed package
    assert nigeria is not None and nigeria.country_code == "NG"


def test_alternate_names_joined_to_kept_places_only(built: Gazetteer) -> None:
    assert built.candidates("Hay al-Intisar")[0].geonameid == 10003
    assert built.candidates("Wahda neighbourhood")[0].geonameid == 10001
    assert built.candidates("Nowhere Town") == []  # a place not in the dump
    assert built.candidates("https://en.wikipedia.org/wiki/Intisar") == []  # a link


def test_added_places_take_admin_from_their_parent(built: Gazetteer) -> None:
    zuhur = built.candidates("al-Zuhour", "IQ")[0]
    assert zuhur.geonameid < 0 and zuhur.feature_code == "PPLX"
    assert zuhur.admin1 == "Nīnawá" and zuhur.admin2 == "Qaḑā’ al Mawşil"
    gogjali = built.candidates("Kokjali", "IQ")[0]  # country by name, admin1 by alias
    assert gogjali.country_code == "IQ" and gogjali.admin1_code == "15"


def test_features_and_countries_filters(files: dict[str, Path], tmp_path: Path) -> None:
    default = Gazetteer.open(
        build_from_geonames([files["main"]], tmp_path / "a.sqlite", countries={"UA"}).path
    )
    assert default.candidates("Mosul") == [] and default.candidates("Kharkov")
    everything = tmp_path / "b.sqlite"
    build_from_geonames([files["main"]], everything, features=None)
    assert Gazetteer.open(everything).candidates("Wadi Tharthar")  # H.WAD: kept only on ask
    assert Gazetteer.open(tmp_path / "a.sqlite").candidates("Wadi Tharthar") == []


def test_plain_text_dump_and_info(tmp_path: Path) -> None:
    files = write_geonames(tmp_path / "txt", zipped=False)
    report = build_from_geonames([files["main"]], tmp_path / "t.sqlite")
    assert report.rows_read == 26 and report.countries == ["IQ", "OM", "UA"]
    info = Gazetteer.open(report.path).info()
    assert info["source"] == "geonames" and "IQ.txt" in str(info["files"])
    assert "CC BY 4.0" in str(info["attribution"])
    assert not list(tmp_path.glob("*.tmp"))  # written atomically


def test_bad_inputs(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        build_from_geonames([tmp_path / "nope.zip"], tmp_path / "x.sqlite")
    bad = tmp_path / "bad.csv"
    bad.write_text("name,lat,lon,country\nX,north,1,IQ\n", encoding="utf-8")
    with pytest.raises(ValueError, match="bad coordinates"):
        read_added_places(bad)
    empty = tmp_path / "empty.zip"
    with zipfile.ZipFile(empty, "w") as z:
        z.writestr("notes.md", "nothing")
    with pytest.raises(ValueError, match=r"no \.txt"):
        build_from_geonames([empty], tmp_path / "y.sqlite")
    assert not (tmp_path / "y.sqlite").exists()


def test_unknown_country_in_added_csv_is_a_warning(files: dict[str, Path], tmp_path: Path) -> None:
    added = tmp_path / "mine.csv"
    added.write_text("name,lat,lon,country\nSomewhere,1,1,Atlantis\n", encoding="utf-8")
    report = build_from_geonames([files["main"]], tmp_path / "w.sqlite", added=[added])
    assert report.added == 0 and any("Atlantis" in w for w in report.warnings)


def test_build_streams_in_batches(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Rows go to SQLite in bounded batches, never all at once (allCountries: 12M rows)."""
    big = tmp_path / "XX.txt"
    with open(big, "w", encoding="utf-8") as f:
        for i in range(5_000):
            cols = [str(10_000_000 + i), f"Village {i}", f"Village {i}", f"Qarya {i}"]
            cols += [f"{30 + i % 100 / 10}", f"{40 + i % 70 / 10}", "P", "PPL", "IQ", ""]
            cols += [f"{i % 18 + 1:02d}", "", "", "", str(i % 50), "", "0", "", "2024-01-01"]
            f.write("\t".join(cols) + "\n")
    monkeypatch.setattr(geonames_dump, "_BATCH", 500)
    biggest = 0
    real_connect = sqlite3.connect

    class Spy(sqlite3.Connection):
        def executemany(self, sql: str, rows: Any, /) -> sqlite3.Cursor:
            nonlocal biggest
            rows = list(rows)
            biggest = max(biggest, len(rows))
            return super().executemany(sql, rows)

    monkeypatch.setattr(
        geonames_dump.sqlite3, "connect", lambda path: real_connect(path, factory=Spy)
    )
    ticks: list[int] = []
    report = build_from_geonames(
        [big], tmp_path / "big.sqlite", progress=lambda label, total: ticks.append
    )
    # batches of 500 rows (names: 2 a row); the countries, ~1,000 names, go in one
    assert report.places >= 5_000 and biggest <= 2_000
    assert sum(ticks) > big.stat().st_size * 0.9  # the progress bar saw the whole file
    con = sqlite3.connect(report.path)
    (n,) = con.execute("SELECT COUNT(*) FROM names WHERE norm_name = 'karia1234'").fetchone()
    assert n == 1


def test_cli_build_lookup_info(files: dict[str, Path], tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "cli.sqlite"
    result = runner.invoke(
        app,
        [
            "gazetteer",
            "build",
            str(files["main"]),
            "--alternate-names",
            str(files["alternates"]),
            "--add",
            str(files["added"]),
            "-o",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    assert out.is_file()
    result = runner.invoke(
        app, ["gazetteer", "lookup", "al Wahda", "--near", "Mosul", "-g", str(out), "--json"]
    )
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert rows[0]["geonameid"] == 10001 and rows[0]["distance_km"] < 10
    assert rows[0]["score"] > rows[1]["score"]
    result = runner.invoke(app, ["gazetteer", "lookup", "Bashir", "--province", "Kirkuk",
                                 "--country", "IQ", "-g", str(out), "--json"])  # fmt: skip
    assert json.loads(result.stdout.splitlines()[0])["geonameid"] == 10011
    result = runner.invoke(app, ["gazetteer", "info", "-g", str(out)])
    assert result.exit_code == 0 and json.loads(result.stdout)["source"] == "geonames"
    result = runner.invoke(app, ["gazetteer", "build", str(tmp_path / "missing.zip")])
    assert result.exit_code != 0
