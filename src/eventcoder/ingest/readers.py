"""Turn paths, JSON lines and raw text into `Document`s; report each bad input, never stop."""

from __future__ import annotations

import hashlib
import json
import sys
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from eventcoder.ingest.checks import DEFAULT_MAX_CHARS, InputProblemError, check_text, decode_bytes
from eventcoder.ingest.html import looks_like_html, read_html
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


def _document_from_record(
    record: dict[str, Any], source: str, published: date | None, max_chars: int
) -> Document:
    text = record.get("text")
    if not isinstance(text, str):
        raise InputProblemError("JSON record has no 'text' string")
    record_published = parse_published(record.get("published") or record.get("date")) or published
    return document_from_text(
        text,
        published=record_published,
        url=record.get("url"),
        outlet=record.get("outlet"),
        title=record.get("title"),
        doc_id=str(record["id"]) if record.get("id") not in (None, "") else None,
        source_name=source,
        max_chars=max_chars,
        country=record.get("country") or None,
    )


def _read_json_lines(
    lines: Iterator[str], source: str, published: date | None, max_chars: int
) -> Iterator[Document | InputProblem]:
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{source}:{number}"
        try:
            record = json.loads(line)
            if not isinstance(record, dict):
                raise InputProblemError("JSON line is not an object")
            yield _document_from_record(record, where, published, max_chars)
        except json.JSONDecodeError as error:
            yield InputProblem(where, f"invalid JSON: {error.msg}")
        except InputProblemError as error:
            yield InputProblem(where, str(error))


def _read_file(
    path: Path, published: date | None, max_chars: int
) -> Iterator[Document | InputProblem]:
    source = str(path)
    try:
        if path.is_dir():
            raise InputProblemError("is a directory (give the files, e.g. dir/*.txt)")
        size = path.stat().st_size
        # Refuse huge files before reading them into memory (4 bytes per char at most in UTF-8).
        if size > 4 * max_chars:
            raise InputProblemError(
                f"file too large: {size:,} bytes (limit {max_chars:,} characters); "
                "split it into articles or raise --max-chars"
            )
        text = decode_bytes(path.read_bytes())
    except FileNotFoundError:
        yield InputProblem(source, "no such file")
        return
    except (InputProblemError, OSError) as error:
        yield InputProblem(source, str(error))
        return
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        yield from _read_json_lines(iter(text.splitlines()), source, published, max_chars)
        return
    try:
        if suffix == ".json":
            record = json.loads(text)
            if isinstance(record, list):
                for index, item in enumerate(record):
                    yield from _read_json_lines(
                        iter([json.dumps(item)]), f"{source}[{index}]", published, max_chars
                    )
                return
            if not isinstance(record, dict):
                raise InputProblemError("JSON file is neither an object nor a list of objects")
            yield _document_from_record(record, source, published, max_chars)
        elif suffix in {".html", ".htm"} or looks_like_html(text):
            page = read_html(text)
            if not page.text.strip():
                raise InputProblemError("HTML page has no readable text")
            yield document_from_text(
                page.text,
                published=published or _page_date(page.published),
                outlet=page.outlet,
                title=page.title,
                source_name=source,
                max_chars=max_chars,
            )
        else:
            yield document_from_text(
                text, published=published, source_name=source, max_chars=max_chars
            )
    except json.JSONDecodeError as error:
        yield InputProblem(source, f"invalid JSON: {error.msg}")
    except InputProblemError as error:
        yield InputProblem(source, str(error))


def _page_date(value: str | None) -> date | None:
    try:
        return parse_published(value)
    except InputProblemError:
        return None


def read_inputs(
    paths: list[str], published: date | None = None, max_chars: int = DEFAULT_MAX_CHARS
) -> Iterator[Document | InputProblem]:
    """Documents from files (.txt, .html, .json, .jsonl) and "-" (JSON lines on stdin).

    A path that fails yields an `InputProblem` and reading goes on with the next one.
    """
    for name in paths:
        if name == "-":
            yield from _read_json_lines(iter(sys.stdin), "<stdin>", published, max_chars)
        else:
            yield from _read_file(Path(name), published, max_chars)
