"""eventcoder: news about armed conflict in, sourced ACLED-style event data out."""

from eventcoder.pipeline import extract, extract_document, extract_documents
from eventcoder.records import Event, ExtractionResult, Figure, Span, Total

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
