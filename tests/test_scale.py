"""eventcoder run: relevance filter, partitions, a 2-worker LocalCluster run equal to the
single-process result, resuming, the merge, and bounded worker memory."""

from __future__ import annotations

import gzip
import json
import random
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from eventcoder.cli import app
from eventcoder.ingest.readers import InputProblem, document_from_text, read_inputs
from eventcoder.lexicon import word_map
from eventcoder.scale.partition import find_input_files, plan_partitions, read_partition
from eventcoder.scale.relevance import has_casualty_words, inflections, is_relevant
from eventcoder.scale.synthetic import other_news

# Conflict reports written for these tests (two outlets tell the same attacks, so the merge has
# something to merge).
_TOWNS = [("Maiduguri", "Borno"), ("Baga", "Borno"), ("Damaturu", "Yobe"), ("Potiskum", "Yobe")]
_TEMPLATES = [
    "Gunmen killed {n} villagers in {town}, {state} state, on {day} January 2015, police said.",
    "Suspected Boko Haram militants attacked {town} in {state} state on {day} January 2015, "
    "killing {n} people and wounding several others, residents told reporters.",
    "A suicide bomber blew himself up at a market in {town}, {state} state, on {day} January "
    "2015, killing {n} traders, a military spokesman said.",
]


def conflict_records(count: int, seed: int = 0) -> list[dict[str, str]]:
    rng = random.Random(seed)
    records = []
    for i in range(count):
        town, state = rng.choice(_TOWNS)
        text = rng.choice(_TEMPLATES).format(
            n=rng.randint(3, 40), town=town, state=state, day=rng.randint(3, 20)
        )
        records.append({"id": f"conflict-{seed}-{i}", "text": text, "published": "2015-01-25"})
    return records


def test_filter_finds_every_casualty_word_of_the_lexicon() -> None:
    for lemma in word_map("casualty_verbs"):
        word = lemma.split()[-1] if lemma != "gun down" else "gunned"
        assert has_casualty_words(f"They were {word} yesterday."), lemma
    assert {"kidnapped", "injured", "casualties", "bodies"} <= (
        inflections("kidnap") | inflections("injure") | inflections("casualty")
        | inflections("body")
    )  # fmt: skip


def test_filter_keeps_conflict_and_drops_other_news() -> None:
    assert all(is_relevant(r["text"]) for r in conflict_records(50))
    others = other_news(400, seed=3)
    passed = [r for r in others if is_relevant(r["text"])]
    assert len(passed) <= 0.03 * len(others)
    assert not is_relevant("A bus crash killed nine passengers near Lagos.")


def _write_inputs(folder: Path, records: list[dict[str, str]]) -> None:
    folder.mkdir()
    half = len(records) // 2
    with gzip.open(folder / "a.jsonl.gz", "wt", encoding="utf-8") as handle:
        for record in records[:half]:
            handle.write(json.dumps(record) + "\n")
    with open(folder / "b.jsonl", "w", encoding="utf-8") as handle:
        for record in records[half:]:
            handle.write(json.dumps(record) + "\n")
    (folder / "one.txt").write_text(
        "Militants killed 7 soldiers in Baga, Borno state, on 4 January 2015.", encoding="utf-8"
    )


def test_partitions_are_stable_and_read_every_line(tmp_path: Path) -> None:
    records = conflict_records(30) + other_news(45, seed=1)
    _write_inputs(tmp_path / "in", records)
    files, problems = find_input_files([str(tmp_path / "in"), str(tmp_path / "missing")])
    assert [p.name for p in files] == ["a.jsonl.gz", "b.jsonl", "one.txt"]
    assert [p.source for p in problems] == [str(tmp_path / "missing")]
    plan = plan_partitions(files, batch_size=20)
    assert [p.name for p in plan] == [p.name for p in plan_partitions(files, batch_size=20)]
    assert len(plan) == 4  # 76 documents
    read = [d for p in plan for d in read_partition(p, None, 100_000)]
    assert [d.id for d in read if not isinstance(d, InputProblem)] == [
        *(r["id"] for r in records),
        next(d.id for d in read_inputs([str(files[2])]) if not isinstance(d, InputProblem)),
    ]


def _rows(folder: Path) -> list[dict[str, object]]:
    from eventcoder.scale.merge import read_events

    columns = ["document_id", "event_id_cnty", "event_date", "fatalities", "location", "actor1"]
    return read_events(folder).select([*columns, "merged_event_id"]).to_pylist()


_RECORDS: list[dict[str, str]] = []


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("scale") / "in"
    records = conflict_records(40) + other_news(180, seed=2)
    random.Random(5).shuffle(records)
    _RECORDS[:] = records
    _write_inputs(folder, records)
    # A 50 MB document (refused with a reason, never parsed) and a bad line.
    with open(folder / "b.jsonl", "a", encoding="utf-8") as handle:
        handle.write(json.dumps({"id": "huge", "text": "Gunmen killed five. " * 2_600_000}))
        handle.write("\n{not json\n")
    return folder


def test_run_on_two_workers_equals_single_process(corpus: Path, tmp_path: Path) -> None:
    from eventcoder.pipeline import extract_documents
    from eventcoder.scale.worker import event_rows

    runner = CliRunner()
    two = tmp_path / "two.parquet"
    result = runner.invoke(
        app, ["run", str(corpus), "--out", str(two), "--workers", "2", "--batch-size", "40"]
    )
    assert result.exit_code == 1, result.output  # the two bad inputs are reported
    assert "Dask dashboard: http" in result.output
    assert "text too large" in result.output or "line too large" in result.output
    assert "invalid JSON" in result.output

    # The single-process reference: every readable document through extract_documents,
    # without the relevance filter.
    documents = [
        document_from_text(r["text"], doc_id=r["id"], published=date.fromisoformat(r["published"]))
        for r in _RECORDS
    ] + [d for d in read_inputs([str(corpus / "one.txt")]) if not isinstance(d, InputProblem)]
    expected = sorted(
        (row["document_id"], row["event_id_cnty"], row["fatalities"], row["location"])
        for d, r in zip(documents, extract_documents(documents), strict=True)
        for row in event_rows(d, r)
    )
    got = _rows(two)
    assert (
        sorted((r["document_id"], r["event_id_cnty"], r["fatalities"], r["location"]) for r in got)
        == expected
    )
    assert len(expected) >= 40

    # Without Dask, in this process: the same rows and the same merge.
    zero = tmp_path / "zero.parquet"
    runner.invoke(
        app, ["run", str(corpus), "--out", str(zero), "--workers", "0", "--batch-size", "40"]
    )
    assert _rows(zero) == got
    # Reports of one attack in two documents share a merged event; no merge across documents
    # of different places or days.
    merged = {r["merged_event_id"] for r in got}
    assert len(merged) < len(got)

    # Bounded memory: every worker's peak RSS (manifests) stayed under 1 GB.
    peaks = [json.loads(p.read_text())["peak_rss_mb"] for p in (two / "_manifest").iterdir()]
    assert peaks and max(peaks) < 1024

    # Resuming: a re-run skips every partition; after losing one, only that one is redone.
    manifests = sorted((two / "_manifest").iterdir())
    manifests[0].unlink()
    again = runner.invoke(
        app, ["run", str(corpus), "--out", str(two), "--workers", "0", "--batch-size", "40"]
    )
    assert f"{len(manifests) - 1} already done, 1 to do" in again.output
    assert _rows(two) == got


def test_worker_memory_stays_bounded_on_a_large_document(tmp_path: Path) -> None:
    """A worker parses the largest document it accepts (here 40,000 characters, see
    docs/scale.md for the 100,000 default) and refuses a 50 MB one, staying under 1 GB."""
    import psutil
    from distributed import Client, LocalCluster

    from eventcoder.scale.partition import Partition, Piece
    from eventcoder.scale.worker import RunOptions, WarmUp, process_partition

    rng = random.Random(0)
    parts = []
    while sum(len(p) for p in parts) < 40_000:
        parts.append(rng.choice(conflict_records(5, seed=rng.randint(0, 99)))["text"])
        parts.append(other_news(1, seed=rng.randint(0, 99))[0]["text"])
    big = "\n\n".join(parts)[:40_000]
    path = tmp_path / "big.jsonl"
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(json.dumps({"id": "big", "text": big}) + "\n")
        handle.write(json.dumps({"id": "huge", "text": "x " * 25_000_000}) + "\n")
    piece = Piece(str(path), path.stat().st_size, 0, 2)
    with (
        LocalCluster(n_workers=1, threads_per_worker=1, dashboard_address=":0") as cluster,
        Client(cluster) as client,
    ):
        client.register_plugin(WarmUp())
        report = client.submit(
            process_partition, Partition(0, (piece,)), str(tmp_path / "out"), RunOptions()
        ).result()
        rss = client.run(lambda: psutil.Process().memory_info().rss / (1 << 20))
    assert report.documents == 1 and report.events > 0
    assert [p["source"] for p in report.problems] == [f"{path}:2"]
    assert "too large" in report.problems[0]["reason"]
    assert report.peak_rss_mb < 1024
    assert max(rss.values()) < 1024
