"""What a bench run prints and writes: the table, the JSON report, the errors files.

- the table: one row per metric, one column per source and overall, the goal and a pass/fail
  mark; a peer table (GDELT counts via gdelt-regkg beside ours on the same rows); a speed line;
  the most common error classes;
- ``report.json``: every number of the table with hits and n, the goals, the conventions;
- ``errors.txt``: the misses grouped by error class (most frequent first), each with the text,
  the gold values, ours and our evidence, short enough to read twenty in a minute;
  ``errors.jsonl``: the same, one JSON object per miss.

The errors files hold gold texts: they are written to the output folder (``bench/out/``,
ignored by git) and must not be committed.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from eventcoder.evaluate.run import OVERALL, Miss, Scores, Speed
from eventcoder.evaluate.score import Ratio

__all__ = [
    "CONVENTIONS",
    "GOALS",
    "METRICS",
    "Goal",
    "display_source",
    "goal_results",
    "metric_value",
    "print_report",
    "report_json",
    "write_errors",
]


@dataclass(frozen=True)
class Goal:
    metric: str
    column: str
    """``overall``, or the start of a source name (``acled``, ``news``)."""
    threshold: float
    higher_is_better: bool = True

    @property
    def text(self) -> str:
        return f"{'>=' if self.higher_is_better else '<='} {self.threshold:.2f}"


GOALS: tuple[Goal, ...] = (
    Goal("detection_recall", OVERALL, 0.97),
    Goal("fatalities_exact_pos", OVERALL, 0.90),
    Goal("injured_exact", OVERALL, 0.90),
    Goal("country", OVERALL, 0.98),
    Goal("place", OVERALL, 0.90),
    Goal("event_type", "acled", 0.80),
    Goal("news_event_f1", "news", 0.85),
    Goal("news_fatalities_matched", "news", 0.90),
    Goal("news_false_events", "news", 0.05, higher_is_better=False),
)

METRICS: tuple[tuple[str, str], ...] = (
    ("detection_recall", "detection recall (texts with a death or injury)"),
    ("false_events", "false events (texts with none; lower is better)"),
    ("fatalities_exact_all", "fatalities exact, all rows (sum of our events)"),
    ("fatalities_exact_pos", "fatalities exact, rows with >=1 death"),
    ("fatalities_within10_pos", "fatalities within ±10%, rows with >=1 death"),
    ("fatalities_largest_pos", "fatalities exact by largest event, >=1 death"),
    ("injured_exact", "injured exact"),
    ("country", "country (rows with an event)"),
    ("country_all", "country (all rows)"),
    ("country_named", "country (rows with an event; text names gold's place)"),
    ("place", "place: name or <=25 km (rows with an event)"),
    ("place_all", "place: name or <=25 km (all rows)"),
    ("place_named", "place (rows with an event; text names gold's place)"),
    ("admin1", "admin1 (rows with an event)"),
    ("admin1_all", "admin1 (all rows)"),
    ("date", "date exact, text dated (rows with an event)"),
    ("date_all", "date exact, text dated (all rows)"),
    ("event_type", "event type, mapped (rows with an event)"),
    ("event_type_all", "event type, mapped (all rows)"),
    ("news_event_precision", "news: event precision (place+date 1:1)"),
    ("news_event_recall", "news: event recall"),
    ("news_event_f1", "news: event F1"),
    ("news_fatalities_matched", "news: fatalities exact, matched events"),
    ("news_injured_matched", "news: injured exact, matched events"),
    ("news_country_matched", "news: country, matched events"),
    ("news_admin1_matched", "news: admin1, matched events"),
    ("news_type_matched", "news: event type, matched events"),
    ("news_totals_precision", "news: totals precision"),
    ("news_totals_recall", "news: totals recall"),
    ("news_figures_precision", "news: figures precision (kind+count)"),
    ("news_figures_recall", "news: figures recall"),
    ("news_false_events", "news: false events, non-conflict articles"),
)

CONVENTIONS = (
    "Our document-level fatalities for a text are the SUM of our events' fatalities (the "
    "largest single event is scored too); a text coded as several rows is compared with the "
    "sum of its rows.",
    "Country, place, admin1, date and type compare each row with our event of most deaths "
    "(rows of one text are first matched 1:1 to our events by place and date); the plain rows "
    "count only rows where we found an event, the '(all rows)' rows count a row without one "
    "as a miss.",
    "Only each row's gold_fields are scored; empty gold cells are not scored. Dates only where "
    "the text has a date phrase or the row a publication date.",
    "Event types: ACLED rows map our labels onto ACLED v6 (Battles -> Battle-No change of "
    "territory, Explosions/Remote violence -> Remote violence, Protests/Riots -> "
    "Riots/Protests); Wikipedia free text, MUC-4 and UCDP types map to sets of acceptable "
    "ACLED types where meaningful, and are not scored where not (RAND has no types).",
    "Places: normalized names (articles, diacritics, apostrophes, transliteration folds), or "
    "within 25 km of gold's coordinates where gold has them.",
)

_SHORT = {
    "rand_rdwti": "RAND",
    "wikipedia_terror_lists": "Wikipedia",
    "acled_nigeria_2014_2016": "ACLED",
    "ucdp_ged_iraq": "UCDP",
    "muc4": "MUC-4",
    "rand_ucdp_linked": "RAND-UCDP",
    "news": "news",
    OVERALL: "overall",
}


def display_source(source: str) -> str:
    return _SHORT.get(source, source)


def _column(scores: Scores, column: str) -> str | None:
    if column == OVERALL:
        return OVERALL
    return next((s for s in scores.sources if s.startswith(column)), None)


def metric_value(scores: Scores, source: str, metric: str) -> tuple[float | None, int]:
    """(value, n) of a metric in one column; F1 is derived from precision and recall."""
    if metric.endswith("_f1"):
        base = metric[: -len("f1")]
        p = scores.get(source, base + "precision")
        r = scores.get(source, base + "recall")
        if p.value is None or r.value is None:
            return None, 0
        f1 = 0.0 if p.value + r.value == 0 else 2 * p.value * r.value / (p.value + r.value)
        return f1, r.n
    ratio = scores.get(source, metric)
    return ratio.value, ratio.n


def goal_results(scores: Scores) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for goal in GOALS:
        column = _column(scores, goal.column)
        value, n = metric_value(scores, column, goal.metric) if column else (None, 0)
        passed: bool | None = None
        if value is not None:
            passed = value >= goal.threshold if goal.higher_is_better else value <= goal.threshold
        out.append(
            {
                "metric": goal.metric,
                "column": display_source(column or goal.column),
                "goal": goal.text,
                "value": value,
                "n": n,
                "passed": passed,
            }
        )
    return out


def _cell(value: float | None, n: int) -> str:
    return "" if value is None else f"{value:.3f} ({n:,})"


def _columns(scores: Scores) -> list[str]:
    columns = list(scores.sources)
    if any(s != "news" for s in columns):
        columns.append(OVERALL)
    return columns


def print_report(
    scores: Scores,
    console: Console,
    speed: Speed | None,
    peer_note: str | None,
    title: str,
) -> None:
    """The tables, the speed line and the top error classes."""
    columns = _columns(scores)
    goals = {g["metric"]: g for g in goal_results(scores)}
    table = Table(title=title, show_lines=False)
    table.add_column("metric")
    for column in columns:
        table.add_column(display_source(column), justify="right")
    table.add_column("goal", justify="right")
    table.add_column("", justify="center")
    for metric, label in METRICS:
        cells = [_cell(*metric_value(scores, c, metric)) for c in columns]
        goal = goals.get(metric)
        if not any(cells) and goal is None:
            continue
        mark = ""
        if goal is not None:
            mark = {True: "[green]PASS[/green]", False: "[red]FAIL[/red]", None: "n/a"}[
                goal["passed"]
            ]
        table.add_row(label, *cells, goal["goal"] if goal else "", mark)
    console.print(table)
    console.print("cells: value (n scored). " + " ".join(CONVENTIONS[:1]), highlight=False)

    peer_rows = [c for c in columns if scores.get(c, "peer:fatalities_exact_all").n]
    if peer_rows:
        peer = Table(title="peer: GDELT counts (gdelt-regkg, document KILL/WOUND sums) vs ours")
        peer.add_column("source")
        for name in (
            "fatalities exact",
            "fatalities exact >=1 death",
            "injured exact",
            "detection, >=1 death",
        ):
            peer.add_column(f"{name}: ours", justify="right")
            peer.add_column("peer", justify="right")
        for column in peer_rows:
            pair_cells: list[str] = []
            for metric in (
                "fatalities_exact_all",
                "fatalities_exact_pos",
                "injured_exact",
                "detection_recall",
            ):
                ours = scores.get(column, f"peer:ours_{metric}")
                theirs = scores.get(column, f"peer:{metric}")
                pair_cells += [_cell(ours.value, ours.n), _cell(theirs.value, theirs.n)]
            peer.add_row(display_source(column), *pair_cells)
        console.print(peer)
    if peer_note:
        console.print(f"peer: {peer_note}", highlight=False)
    if speed is not None:
        console.print(_speed_line(speed), highlight=False)
    classes = Counter(m.error_class for m in scores.misses).most_common(10)
    if classes:
        console.print("most common error classes:", highlight=False)
        for name, count in classes:
            console.print(f"  {count:6,}  {name}", highlight=False)


def _speed_line(speed: Speed) -> str:
    line = (
        f"speed: {speed.documents:,} documents in {speed.seconds:.1f} s = "
        f"{speed.docs_per_second:.1f} documents/s"
    )
    if speed.spacy_docs_per_second is not None and speed.ratio is not None:
        line += (
            f"; bare spaCy parsing of the same texts {speed.spacy_docs_per_second:.1f} "
            f"documents/s; ours takes {speed.ratio:.2f}x spaCy's time (timed batch by batch, "
            "interleaved)"
        )
    if speed.load_average is not None:
        line += f"; load average {speed.load_average:.2f} on {os.cpu_count()} CPUs"
    return line


def _ratios_json(ratios: dict[str, Ratio]) -> dict[str, Any]:
    return {
        name: {"value": r.value, "hits": r.hits, "n": r.n} for name, r in sorted(ratios.items())
    }


def report_json(
    scores: Scores,
    speed: Speed | None,
    run: dict[str, Any],
    peer: dict[str, Any],
) -> dict[str, Any]:
    metrics: dict[str, Any] = {}
    for column in _columns(scores):
        block = _ratios_json(scores.ratios.get(column, {}))
        if column == "news" or any(k.startswith("news_") for k in block):
            value, n = metric_value(scores, column, "news_event_f1")
            if value is not None:
                block["news_event_f1"] = {"value": value, "n": n}
        metrics[display_source(column)] = block
    return {
        "run": run,
        "conventions": list(CONVENTIONS),
        "goals": goal_results(scores),
        "metrics": metrics,
        "peer": peer,
        "speed": None
        if speed is None
        else {
            "documents": speed.documents,
            "seconds": round(speed.seconds, 3),
            "documents_per_second": round(speed.docs_per_second, 2),
            "spacy_seconds": None if speed.spacy_seconds is None else round(speed.spacy_seconds, 3),
            "spacy_documents_per_second": None
            if speed.spacy_docs_per_second is None
            else round(speed.spacy_docs_per_second, 2),
            "ratio_to_spacy": None if speed.ratio is None else round(speed.ratio, 3),
            "load_average": speed.load_average,
            "cpus": os.cpu_count(),
        },
        "error_classes": dict(Counter(m.error_class for m in scores.misses).most_common()),
    }


def _short(value: Any) -> str:
    if isinstance(value, list):
        return "|".join(str(v) for v in value)
    return str(value)


def _miss_block(miss: Miss, max_text: int) -> str:
    text = " ".join(miss.text.split())
    if len(text) > max_text:
        text = text[:max_text] + " …"
    gold = " ".join(f"{k}={_short(v)}" for k, v in miss.gold.items() if k != "fields")
    lines = [f"--- {miss.gold_id} [{display_source(miss.source)}] {miss.metric}", f"text: {text}"]
    lines.append(f"gold: {gold}")
    if not miss.ours:
        lines.append("ours: no event")
    for number, event in enumerate(miss.ours, start=1):
        shown = " ".join(f"{k}={_short(v)}" for k, v in event.items() if v not in (None, []))
        lines.append(f"ours #{number}: {shown}")
    for name, spans in miss.evidence.items():
        lines.append(f"evidence {name}: {', '.join(spans)}")
    return "\n".join(lines)


def write_errors(misses: Sequence[Miss], directory: Path, max_text: int = 500) -> list[Path]:
    """``errors.txt`` (grouped by class, most frequent first) and ``errors.jsonl``."""
    directory.mkdir(parents=True, exist_ok=True)
    counts = Counter(m.error_class for m in misses)
    order = {name: i for i, (name, _) in enumerate(counts.most_common())}
    ordered = sorted(misses, key=lambda m: (order[m.error_class], m.source, m.gold_id))
    text_path = directory / "errors.txt"
    with text_path.open("w", encoding="utf-8") as out:
        out.write(f"{len(misses):,} misses. Classes:\n")
        for name, count in counts.most_common():
            out.write(f"  {count:6,}  {name}\n")
        current = None
        for miss in ordered:
            if miss.error_class != current:
                current = miss.error_class
                out.write(f"\n=== {current} ({counts[current]:,}) ===\n")
            out.write(_miss_block(miss, max_text) + "\n")
    jsonl_path = directory / "errors.jsonl"
    with jsonl_path.open("w", encoding="utf-8") as out:
        for miss in ordered:
            out.write(json.dumps(asdict(miss), ensure_ascii=False) + "\n")
    return [text_path, jsonl_path]
