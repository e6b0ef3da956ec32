"""Turn paths, JSON lines and raw text into `Document`s; report each bad input, never stop."""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from eventcoder.ingest.checks import DEFAULT_MAX_CHARS, InputProblemError, check_text
from eventcoder.records import Document

# Publication dates further ahead than this are taken as errors in the input's metadata.
_FUTURE_TOLERANCE = timedelta(days=1)


@dataclass(frozen=True)
class InputProblem:
    """An input that could not become a document, and why."""

    source: str
    reason: str


def document_id(text: str) -> str:
    """A stable id: the hash of the text with whitespace and Unicode form normalized.

    >>> document_id("Five  killed") == document_id("Five killed")
    True
    """
    normalized = " ".join(unicodedata.normalize("NFC", text).split())
    return hashlib.sha1(normalized.encode("utf-8")).hexdigest()[:16]


def parse_published(value: object) -> date | None:
    """A publication date from ISO text ("2016-12-26", "2016-12-26T08:00:00Z") or a date."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError as error:
        raise InputProblemError(f"unreadable publication date {text!r} (use YYYY-MM-DD)") from error


def document_from_text(
    text: str,
    *,
    published: date | None = None,
    url: str | None = None,
    outlet: str | None = None,
    title: str | None = None,
    doc_id: str | None = None,
    source_name: str | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
    today: date | None = None,
    country: str | None = None,
) -> Document:
    """Check a text and wrap it as a `Document`; raises `InputProblemError` with the reason."""
    check_text(text, max_chars=max_chars)
    if published is not None and published > (today or date.today()) + _FUTURE_TOLERANCE:
        raise InputProblemError(
            f"publication date {published.isoformat()} is in the future; check the input's "
            "date or pass --published"
        )
    return Document(
        id=doc_id or document_id(text),
        text=text,
        published=published,
        url=url,
        outlet=outlet,
        title=title,
        lang="en",
        source_name=source_name,
        country=country,
    )


def read_inputs(
    paths: list[str], published: date | None = None, max_chars: int = DEFAULT_MAX_CHARS
) -> Iterator[Document | InputProblem]:
    """Documents from files and folders of any format ingest reads (.txt, .html, .json,
    .jsonl, .csv, .warc, RSS/Atom) and "-" (JSON lines on stdin).

    A path that fails yields an `InputProblem` and reading goes on with the next one.
    """
    from eventcoder.ingest.formats import read_corpus  # formats builds on this module

    yield from read_corpus(paths, published=published, max_chars=max_chars)
