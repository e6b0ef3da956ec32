"""Score the cross-document merge against gold clusters: pairwise precision/recall/F1.

python bench/merge.py                              # bench/data/merge (the project's own file)
python bench/merge.py ../shared/data/news          # any folder of *.gold.json articles
python bench/merge.py FILES... --json              # the figures as JSON

Gold files are articles in the JSON form of ../shared/examples/*.gold.json (id, url, outlet,
published, text or text_file, events with evidence), where each event has a ``cluster`` key:
reports of the same incident share it (an article-level ``cluster`` applies to an article with
one event). Every article is extracted with the real pipeline; each gold event is aligned with
the extracted report of the same article whose evidence overlaps its evidence most (else the one
with the same fatalities); the reports are merged exactly as the store does (batch form of the
same canonical clustering). Then, over all pairs of gold events from different articles:

  gold "same event"      both carry the same cluster
  predicted "same event" both are aligned and their reports landed in one merged event

precision = TP / (TP + FP), recall = TP / (TP + FN), F1 their harmonic mean. Gold events that no
report matches count as missed (their pairs are predicted "different").
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass
from datetime import date
from itertools import combinations
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DEFAULT_GOLD = REPO / "bench" / "data" / "merge"


@dataclass
class GoldEvent:
    article: str
    index: int
    cluster: str
    start: int | None
    end: int | None
    fatalities: int | None
    report: str | None = None  # the aligned extracted report


def gold_files(paths: list[str]) -> list[Path]:
    files: list[Path] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            files += sorted(path.rglob("*.gold.json")) or sorted(path.rglob("*.json"))
        elif path.exists():
            files.append(path)
        else:
            sys.exit(f"{name}: no such file or folder")
    return files


def load_article(path: Path) -> tuple[dict[str, Any], str]:
    record = json.loads(path.read_text(encoding="utf-8"))
    if "text" in record:
        return record, str(record["text"])
    text_file = path.parent / str(
        record.get("text_file") or path.name.replace(".gold.json", ".txt")
    )
    return record, text_file.read_text(encoding="utf-8")


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def align(gold: list[GoldEvent], reports: list[Any]) -> None:
    """Give each gold event of one article its best extracted report (each used once)."""
    free = {r.event_id: r for r in reports}
    for event in gold:
        best, best_score = None, 0
        for report in free.values():
            spans = [s for spans in report.evidence.values() for s in spans]
            score = 0
            if event.start is not None and event.end is not None:
                score = max(
                    (_overlap((event.start, event.end), (s.start, s.end)) for s in spans),
                    default=0,
                )
            if (
                score == 0
                and event.fatalities is not None
                and report.fatalities == event.fatalities
            ):
                score = 1
            if score > best_score:
                best, best_score = report, score
        if best is not None:
            event.report = best.event_id
            del free[best.event_id]


def score(paths: list[str]) -> dict[str, Any]:
    from eventcoder.ingest.readers import document_from_text
    from eventcoder.pipeline import extract_documents
    from eventcoder.store.merge import ReportKey, cluster_reports

    documents = []
    gold: dict[str, list[GoldEvent]] = {}
    for path in gold_files(paths):
        record, text = load_article(path)
        article = str(record.get("id") or path.stem)
        published = record.get("published")
        documents.append(
            document_from_text(
                text,
                published=date.fromisoformat(published[:10]) if published else None,
                url=record.get("url"),
                outlet=record.get("outlet"),
                source_name=str(path),
            )
        )
        events = record.get("events") or []
        gold[documents[-1].id] = []
        for index, event in enumerate(events):
            cluster = event.get("cluster")
            if cluster is None and len(events) == 1:
                cluster = record.get("cluster")
            if cluster is None:
                continue
            evidence = event.get("evidence") or {}
            if isinstance(evidence, list):
                evidence = evidence[0] if evidence else {}
            gold[documents[-1].id].append(
                GoldEvent(
                    article=article,
                    index=index,
                    cluster=str(cluster),
                    start=evidence.get("start"),
                    end=evidence.get("end"),
                    fatalities=event.get("fatalities"),
                )
            )
    started = time.perf_counter()
    keys = []
    for document, result in zip(documents, extract_documents(documents), strict=True):
        keys += [ReportKey.of(e.event_id, document.id, e) for e in result.events]
        align(gold[document.id], result.events)
    extract_seconds = time.perf_counter() - started
    started = time.perf_counter()
    assigned = cluster_reports(keys)
    merge_seconds = time.perf_counter() - started

    events = [e for doc_events in gold.values() for e in doc_events]
    tp = fp = fn = 0
    for a, b in combinations(events, 2):
        if a.article == b.article:
            continue
        same_gold = a.cluster == b.cluster
        same_pred = (
            a.report is not None
            and b.report is not None
            and assigned.get(a.report) == assigned.get(b.report)
        )
        tp += same_gold and same_pred
        fp += same_pred and not same_gold
        fn += same_gold and not same_pred
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "articles": len(documents),
        "gold_events": len(events),
        "gold_clusters": len({e.cluster for e in events}),
        "aligned_events": sum(e.report is not None for e in events),
        "reports": len(keys),
        "merged_events": len(set(assigned.values())),
        "pairs_true_positive": tp,
        "pairs_false_positive": fp,
        "pairs_false_negative": fn,
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "extract_seconds": round(extract_seconds, 2),
        "merge_seconds": round(merge_seconds, 4),
    }


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("paths", nargs="*", default=[str(DEFAULT_GOLD)])
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    figures = score(args.paths)
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        print(f"merge benchmark on {', '.join(args.paths)}")
        for name, value in figures.items():
            print(f"  {name:22} {value}")
    return figures


if __name__ == "__main__":
    main()
