"""bench/merge.py scores the merge against the project's own clustered gold file."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_merge_benchmark_on_the_clustered_gold_file(capsys) -> None:  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("bench_merge", REPO / "bench" / "merge.py")
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = bench  # dataclasses look their module up there
    spec.loader.exec_module(bench)
    figures = bench.main([str(REPO / "bench" / "data" / "merge")])
    printed = capsys.readouterr().out
    assert "precision" in printed and "f1" in printed
    assert (figures["articles"], figures["gold_events"], figures["gold_clusters"]) == (8, 13, 4)
    assert figures["precision"] >= 0.9
    assert figures["recall"] >= 0.8
    assert 0.0 <= figures["f1"] <= 1.0
