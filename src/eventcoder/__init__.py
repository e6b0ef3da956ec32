"""eventcoder: news about armed conflict in, sourced ACLED-style event data out.

>>> from datetime import date
>>> from eventcoder import extract
>>> result = extract("Gunmen killed five villagers in Maiduguri on Sunday.",
...                  published=date(2015, 3, 3))  # doctest: +SKIP
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from eventcoder.records import Event, ExtractionResult, Figure, Span, Total

if TYPE_CHECKING:
    from eventcoder.pipeline import extract, extract_document, extract_documents

__all__ = [
    "Event",
    "ExtractionResult",
    "Figure",
    "Span",
    "Total",
    "extract",
    "extract_document",
    "extract_documents",
]
__version__ = "0.1.0"

_PIPELINE = frozenset(["extract", "extract_document", "extract_documents"])


def __getattr__(name: str) -> Any:
    # The pipeline pulls in spaCy; load it only when asked, so `eventcoder.records` stays light.
    if name in _PIPELINE:
        from eventcoder import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module 'eventcoder' has no attribute {name!r}")
