"""The corpus store: documents, report-level rows and merged events (SQLite or PostgreSQL).

>>> from eventcoder.store import open_engine, ingest  # doctest: +SKIP
>>> summary = ingest(open_engine("events.db"), read_corpus(["news/"]))  # doctest: +SKIP

The submodules load SQLAlchemy and Alembic; they are imported on first use, so the CLI starts
fast.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from eventcoder.store.db import database_url, migrate, open_engine
    from eventcoder.store.ingest import IngestSummary, ingest
    from eventcoder.store.merge import DEFAULT_RULES, MergeRules, cluster_reports, compatible

_LAZY = {
    "database_url": "db",
    "migrate": "db",
    "open_engine": "db",
    "IngestSummary": "ingest",
    "ingest": "ingest",
    "DEFAULT_RULES": "merge",
    "MergeRules": "merge",
    "cluster_reports": "merge",
    "compatible": "merge",
}
__all__ = [
    "DEFAULT_RULES",
    "IngestSummary",
    "MergeRules",
    "cluster_reports",
    "compatible",
    "database_url",
    "ingest",
    "migrate",
    "open_engine",
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(f"eventcoder.store.{_LAZY[name]}"), name)
    raise AttributeError(f"module 'eventcoder.store' has no attribute {name!r}")
