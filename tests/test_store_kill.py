"""Crash safety with a real kill -9: no document lost, none duplicated, no half-written event."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from test_store import MERGE_TEXTS, store_url, write_corpus  # noqa: F401 (store_url: fixture)

from eventcoder.store.db import open_engine
from eventcoder.store.schema import DocumentRow, EventRow, ReportRow

PAUSE_ENV = "EVENTCODER_TEST_PAUSE_IN_TRANSACTION"


def _ingest_command(folder: Path, url: str) -> list[str]:
    return [sys.executable, "-m", "eventcoder.cli", "ingest", str(folder), "--db", url,
            "--batch-size", "2", "--no-progress"]  # fmt: skip


def _consistent(url: str) -> tuple[int, set[tuple[str, frozenset[str]]]]:
    """(documents, {(event id, its reports)}), after checking no event is half-written."""
    engine = open_engine(url)
    with Session(engine) as session:
        n_documents = session.scalar(select(func.count()).select_from(DocumentRow)) or 0
        per_document = dict(
            session.execute(
                select(ReportRow.document_id, func.count()).group_by(ReportRow.document_id)
            ).all()
        )
        for document in session.scalars(select(DocumentRow)):
            assert per_document.get(document.id, 0) == document.n_reports
        groups: dict[str, set[str]] = {}
        for report_id, event_id in session.execute(select(ReportRow.id, ReportRow.event_id)):
            groups.setdefault(event_id, set()).add(report_id)
        events = {row.id: row for row in session.scalars(select(EventRow))}
    engine.dispose()
    assert set(events) == set(groups), "every report has its event and every event reports"
    for event_id, members in groups.items():
        assert events[event_id].n_sources == len(members)
    return n_documents, {(k, frozenset(v)) for k, v in groups.items()}


def test_kill_9_during_ingest_then_rerun(store_url: str, tmp_path: Path) -> None:  # noqa: F811
    folder = write_corpus(tmp_path / "news")
    command = _ingest_command(folder, store_url)
    environment = {**os.environ, PAUSE_ENV: "0.4"}
    process = subprocess.Popen(
        command, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    engine = open_engine(store_url)
    deadline = time.monotonic() + 60
    try:
        while time.monotonic() < deadline and process.poll() is None:
            with Session(engine) as session:
                stored = session.scalar(select(func.count()).select_from(DocumentRow)) or 0
            if stored >= 2:
                # The writer now sleeps inside the next document's transaction: kill it there.
                time.sleep(0.2)
                process.send_signal(signal.SIGKILL)
                break
            time.sleep(0.05)
    finally:
        engine.dispose()
        if process.poll() is None:
            process.kill()
        process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL, process.stderr.read() if process.stderr else ""
    killed_documents, _ = _consistent(store_url)
    assert 2 <= killed_documents < len(MERGE_TEXTS)

    rerun = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert rerun.returncode == 0, rerun.stderr
    assert f"already in the store {killed_documents}" in rerun.stderr
    documents, events = _consistent(store_url)
    assert documents == len(MERGE_TEXTS)

    # The same as one uninterrupted run.
    clean = f"sqlite:///{tmp_path / 'clean.db'}"
    subprocess.run(_ingest_command(folder, clean), check=True, capture_output=True, timeout=120)
    assert _consistent(clean) == (documents, events)
    assert sorted(len(members) for _, members in events) == [1, 5, 5]
