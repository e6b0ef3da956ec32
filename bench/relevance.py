"""What the relevance filter of `eventcoder run` misses, measured on the gold data.

python bench/relevance.py            # recall on the conflict texts; pass rate on other news
python bench/relevance.py --events   # also: documents where the pipeline finds an event but
                                     # the filter would skip it (runs the pipeline, ~1 min)

Conflict texts: the rows of ../shared/data/dev.csv with a death or an injury (gold fatalities
> 0 or injured > 0) and the articles of ../shared/examples/ (read at run time, never copied).
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


def _positive(value: str) -> bool:
    try:
        return float(value) > 0
    except ValueError:
        return False


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--events", action="store_true")
    parser.add_argument("--show", type=int, default=10, help="missed texts to print")
    args = parser.parse_args()
    dev = SHARED / "data" / "dev.csv"
    if not dev.exists():
        sys.exit(f"{dev} not found")

    from eventcoder.scale.relevance import is_relevant
    from eventcoder.scale.synthetic import other_news

    with open(dev, encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    conflict = [r for r in rows if _positive(r["fatalities"]) or _positive(r["injured"])]
    examples = sorted((SHARED / "examples").glob("*.txt"))
    is_relevant("Gunmen killed five people.")  # word lists and actor dictionary loaded untimed
    start = time.perf_counter()
    missed = [r for r in conflict if not is_relevant(r["text"])]
    missed_examples = [p.name for p in examples if not is_relevant(p.read_text(encoding="utf-8"))]
    seconds = time.perf_counter() - start
    total = len(conflict) + len(examples)
    recall = 1 - (len(missed) + len(missed_examples)) / total
    print(
        f"conflict texts: {len(conflict):,} dev.csv rows with a death or injury "
        f"+ {len(examples)} example article(s)"
    )
    print(
        f"relevance filter recall: {recall:.4f} "
        f"({len(missed) + len(missed_examples)} missed of {total:,})"
    )
    by_kind = Counter(r["text_kind"] for r in missed)
    print("missed by text kind:", dict(by_kind), "examples missed:", missed_examples)
    print(f"filter time: {seconds / total * 1000:.3f} ms per text")
    for row in missed[: args.show]:
        print("  -", row["gold_id"], "|", " ".join(row["text"].split())[:160])

    others = other_news(5000, seed=11)
    passed = sum(1 for r in others if is_relevant(r["text"]))
    print(f"generated other news passed: {passed} of {len(others)} ({passed / len(others):.1%})")

    if args.events:
        from eventcoder.ingest.checks import InputProblemError
        from eventcoder.ingest.readers import document_from_text
        from eventcoder.pipeline import extract_documents

        documents = []
        for row in rows:
            try:
                documents.append(document_from_text(row["text"], doc_id=row["gold_id"]))
            except InputProblemError:
                continue
        with_events = [
            d for d, res in zip(documents, extract_documents(documents), strict=True) if res.events
        ]
        lost = [d for d in with_events if not is_relevant(d.text)]
        print(
            f"pipeline events lost to the filter: {len(lost)} of {len(with_events):,} dev.csv "
            "documents with events"
        )
        for document in lost[: args.show]:
            print("  -", document.id, "|", " ".join(document.text.split())[:160])


if __name__ == "__main__":
    main()
