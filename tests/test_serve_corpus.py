"""A small corpus for the web tests, and the store built from it by the real pipeline.

The articles below are invented for these tests (places and groups are real, the incidents and
outlets are not); bench/data/merge adds eight more (five reports of two Mosul incidents). Several
incidents are reported by two or more outlets with different tolls, so the page has
disagreements to show.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from eventcoder.records import Document
from eventcoder.store.db import open_engine
from eventcoder.store.ingest import ingest
from eventcoder.store.schema import DocumentRow, EventRow

REPO = Path(__file__).resolve().parents[1]
MERGE_DIR = REPO / "bench" / "data" / "merge"

# (outlet, published, text)
ARTICLES: list[tuple[str, str, str]] = [
    (
        "Kirkuk Wire",
        "2017-03-06",
        "A car bomb exploded near a police checkpoint in Kirkuk on Sunday, killing 9 people and "
        "wounding 20 others, police said.",
    ),
    (
        "Radio Tigris",
        "2017-03-06",
        "At least 11 people were killed when a car bomb went off at a police checkpoint in "
        "Kirkuk on Sunday, a health official said.",
    ),
    (
        "Horn Daily",
        "2017-03-08",
        "Al Shabaab fighters attacked a military base in Kismayo on Tuesday, killing 14 "
        "soldiers, the Somali army said.",
    ),
    (
        "Mogadishu Times",
        "2017-03-08",
        "Al Shabaab militants stormed an army base in Kismayo on Tuesday and killed 12 soldiers, "
        "officials said.",
    ),
    (
        "Kabul Herald",
        "2017-03-11",
        "A suicide bomber killed 23 people at a mosque in Kabul on Friday, the interior ministry "
        "said.",
    ),
    (
        "Sahel Reporter",
        "2017-03-09",
        "Boko Haram gunmen killed 8 farmers in the village of Konduga on Wednesday, residents "
        "said.",
    ),
    (
        "Levant Monitor",
        "2017-03-10",
        "Airstrikes on a market in Idlib killed 17 civilians on Thursday, rescue workers said.",
    ),
    (
        "Yemen Observer",
        "2017-03-07",
        "Fighting between Houthi rebels and government forces in Taiz killed 12 fighters on "
        "Monday, medical sources said.",
    ),
    (
        "Kivu Voice",
        "2017-03-12",
        "Suspected ADF rebels killed 15 civilians in an attack on a village near Beni on "
        "Saturday, local officials said.",
    ),
    (
        "Anbar News",
        "2017-03-09",
        "Iraqi forces clashed with Islamic State militants in Ramadi on Wednesday, and 6 "
        "soldiers were killed, the military said.",
    ),
]


def corpus_documents() -> list[Document]:
    """The invented articles and the bench's merge set, as documents to ingest."""
    documents = [
        Document(
            id=f"serve-{i}",
            text=text,
            published=date.fromisoformat(published),
            outlet=outlet,
            url=f"https://news.example/{outlet.lower().replace(' ', '-')}/{i}",
            title=text.split(",")[0],
        )
        for i, (outlet, published, text) in enumerate(ARTICLES)
    ]
    for gold in sorted(MERGE_DIR.glob("*.gold.json")):
        meta = json.loads(gold.read_text(encoding="utf-8"))
        text = (MERGE_DIR / meta["text_file"]).read_text(encoding="utf-8")
        documents.append(
            Document(
                id=meta["id"],
                text=text,
                published=date.fromisoformat(meta["published"]),
                url=meta.get("url"),
                outlet=meta.get("outlet"),
            )
        )
    return documents


def build_store(path: Path) -> Path:
    """A SQLite store of the corpus, made by the real pipeline (extract, store, merge)."""
    engine = open_engine(str(path))
    try:
        summary = ingest(engine, corpus_documents())
        assert summary.stored == len(ARTICLES) + len(list(MERGE_DIR.glob("*.gold.json")))
    finally:
        engine.dispose()
    return path


_BUILT: dict[str, Path] = {}


def corpus_store(factory: pytest.TempPathFactory) -> Path:
    """The corpus store, built once per test session (test modules import this function)."""
    if "db" not in _BUILT:
        _BUILT["db"] = build_store(factory.mktemp("serve") / "corpus.db")
    return _BUILT["db"]


@pytest.fixture(scope="session")
def corpus_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return corpus_store(tmp_path_factory)


def test_corpus_store_has_merged_events_with_several_sources(corpus_db: Path) -> None:
    engine = open_engine(str(corpus_db))
    with Session(engine) as session:
        documents = session.scalar(select(func.count()).select_from(DocumentRow))
        events = list(session.scalars(select(EventRow)))
    engine.dispose()
    assert documents == len(ARTICLES) + 8
    assert len(events) >= 10
    assert max(e.n_sources for e in events) >= 4  # the Mosul airstrike
    kirkuk = [e for e in events if e.location == "Kirkuk"]
    assert kirkuk and kirkuk[0].n_sources == 2
    assert {e.country for e in events} >= {"Iraq", "Somalia", "Afghanistan", "Nigeria"}
