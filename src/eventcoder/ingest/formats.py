"""Readers for a corpus: folders of text, JSON/JSONL/CSV, HTML, WARC and RSS/Atom files.

`read_corpus` walks folders and yields a `Document` per article or an `InputProblem` per input
that cannot become one (with its reason); one bad input never stops the others.

- ``.txt``: one article per file.
- ``.json`` (an object or a list of objects), ``.jsonl``/``.ndjson`` (one object a line) and
  ``.csv`` (a header row): the text, date, url, title, outlet and id fields are configurable
  (`FieldMap`).
- ``.html``/``.htm``: main text, title, publication date and outlet by trafilatura, from the
  page's metadata; the standard library's parser is the fallback for pages trafilatura leaves
  empty.
- ``.warc``/``.warc.gz``: each HTML response (and text/plain resource) via warcio.
- RSS/Atom (``.rss``, ``.atom``, ``.xml``, ``.feed``): one document per entry, via feedparser.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from eventcoder.ingest.checks import DEFAULT_MAX_CHARS, InputProblemError, decode_bytes
from eventcoder.ingest.html import looks_like_html, read_html
from eventcoder.ingest.readers import InputProblem, document_from_text, parse_published
from eventcoder.records import Document

TEXT_SUFFIXES = (".txt", ".text")
JSON_SUFFIXES = (".json",)
JSONL_SUFFIXES = (".jsonl", ".ndjson")
CSV_SUFFIXES = (".csv",)
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
WARC_SUFFIXES = (".warc", ".warc.gz")
FEED_SUFFIXES = (".rss", ".atom", ".xml", ".feed")
KNOWN_SUFFIXES = (
    TEXT_SUFFIXES
    + JSON_SUFFIXES
    + JSONL_SUFFIXES
    + CSV_SUFFIXES
    + HTML_SUFFIXES
    + WARC_SUFFIXES
    + FEED_SUFFIXES
)
_DATE_FALLBACKS = ("published", "date", "published_at", "pubdate", "publish_date")


@dataclass(frozen=True)
class FieldMap:
    """Which fields of a JSON record or CSV row hold what (``None``: the input has none)."""

    text: str = "text"
    published: str = "published"
    url: str | None = "url"
    title: str | None = "title"
    outlet: str | None = "outlet"
    id: str | None = "id"


def _suffix(path: Path) -> str:
    name = path.name.lower()
    return ".warc.gz" if name.endswith(".warc.gz") else path.suffix.lower()


def discover(paths: Iterable[str]) -> Iterator[Path | InputProblem]:
    """The files to read: files as given, folders walked (sorted) for known suffixes."""
    for name in paths:
        path = Path(name)
        if path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*")
                if p.is_file()
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
                and _suffix(p) in KNOWN_SUFFIXES
            )
            if not found:
                yield InputProblem(name, "folder has no readable files")
            yield from found
        elif path.exists():
            yield path
        else:
            yield InputProblem(name, "no such file or folder")


def read_corpus(
    paths: Iterable[str],
    *,
    fields: FieldMap | None = None,
    published: date | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
) -> Iterator[Document | InputProblem]:
    """Every article in the given files and folders ("-": JSON lines on stdin)."""
    fields = fields or FieldMap()
    for item in discover(p for p in paths if p != "-"):
        if isinstance(item, InputProblem):
            yield item
        else:
            yield from read_path(item, fields=fields, published=published, max_chars=max_chars)
    if "-" in paths:
        yield from read_json_lines(sys.stdin, "<stdin>", fields, published, max_chars)


def read_path(
    path: Path,
    *,
    fields: FieldMap | None = None,
    published: date | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
) -> Iterator[Document | InputProblem]:
    """The articles of one file, by its suffix (unknown suffixes are read as text or HTML)."""
    fields = fields or FieldMap()
    source = str(path)
    suffix = _suffix(path)
    try:
        if suffix in WARC_SUFFIXES:
            yield from read_warc(path, published=published, max_chars=max_chars)
            return
        size = path.stat().st_size
        # Refuse a huge file before reading it (UTF-8 takes at most 4 bytes a character).
        if size > 4 * max_chars and suffix not in FEED_SUFFIXES + JSONL_SUFFIXES + CSV_SUFFIXES:
            raise InputProblemError(
                f"file too large: {size:,} bytes (limit {max_chars:,} characters); "
                "split it into articles or raise --max-chars"
            )
        raw = path.read_bytes()
        if suffix in FEED_SUFFIXES or (suffix not in KNOWN_SUFFIXES and _looks_like_feed(raw)):
            yield from read_feed(raw, source, published=published, max_chars=max_chars)
            return
        text = decode_bytes(raw)
        if suffix in JSONL_SUFFIXES:
            yield from read_json_lines(io.StringIO(text), source, fields, published, max_chars)
        elif suffix in JSON_SUFFIXES:
            yield from _json_document(text, source, fields, published, max_chars)
        elif suffix in CSV_SUFFIXES:
            yield from read_csv(text, source, fields, published=published, max_chars=max_chars)
        elif suffix in HTML_SUFFIXES or (suffix not in TEXT_SUFFIXES and looks_like_html(text)):
            yield html_document(text, source, published=published, max_chars=max_chars)
        else:
            yield document_from_text(
                text, published=published, source_name=source, max_chars=max_chars
            )
    except InputProblemError as error:
        yield InputProblem(source, str(error))
    except OSError as error:
        yield InputProblem(source, f"cannot read: {error.strerror or error}")


# --- JSON, JSON lines, CSV -------------------------------------------------------------------


def _field(record: dict[str, Any], name: str | None) -> Any:
    if name is None:
        return None
    value = record.get(name)
    return None if value == "" else value


def document_from_record(
    record: dict[str, Any],
    source: str,
    fields: FieldMap,
    published: date | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
) -> Document:
    """A document from a JSON object or CSV row, by the field map."""
    text = record.get(fields.text)
    if not isinstance(text, str):
        raise InputProblemError(f"record has no {fields.text!r} text")
    raw_date = _field(record, fields.published)
    if raw_date is None and fields.published == "published":
        raw_date = next((record[k] for k in _DATE_FALLBACKS if record.get(k)), None)
    record_id = _field(record, fields.id)
    return document_from_text(
        text,
        published=parse_published(raw_date) or published,
        url=_string(_field(record, fields.url)),
        outlet=_string(_field(record, fields.outlet)),
        title=_string(_field(record, fields.title)),
        doc_id=str(record_id) if record_id is not None else None,
        source_name=source,
        max_chars=max_chars,
        country=_string(_field(record, "country")),
    )


def _string(value: Any) -> str | None:
    return None if value is None else str(value)


def read_json_lines(
    lines: Iterable[str], source: str, fields: FieldMap, published: date | None, max_chars: int
) -> Iterator[Document | InputProblem]:
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{source}:{number}"
        try:
            record = json.loads(line)
            if not isinstance(record, dict):
                raise InputProblemError("JSON line is not an object")
            yield document_from_record(record, where, fields, published, max_chars)
        except json.JSONDecodeError as error:
            yield InputProblem(where, f"invalid JSON: {error.msg}")
        except InputProblemError as error:
            yield InputProblem(where, str(error))


def _json_document(
    text: str, source: str, fields: FieldMap, published: date | None, max_chars: int
) -> Iterator[Document | InputProblem]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        yield InputProblem(source, f"invalid JSON: {error.msg}")
        return
    records = data if isinstance(data, list) else [data]
    for index, record in enumerate(records):
        where = f"{source}[{index}]" if isinstance(data, list) else source
        try:
            if not isinstance(record, dict):
                raise InputProblemError("JSON value is not an object")
            yield document_from_record(record, where, fields, published, max_chars)
        except InputProblemError as error:
            yield InputProblem(where, str(error))


def read_csv(
    text: str,
    source: str,
    fields: FieldMap | None = None,
    *,
    published: date | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
) -> Iterator[Document | InputProblem]:
    """One document per CSV row (a header row names the fields)."""
    fields = fields or FieldMap()
    csv.field_size_limit(max(max_chars * 4, 1 << 20))
    reader = csv.DictReader(io.StringIO(text, newline=""))
    if reader.fieldnames is None or fields.text not in reader.fieldnames:
        yield InputProblem(
            source, f"CSV has no {fields.text!r} column (choose one with --text-field)"
        )
        return
    try:
        for row in reader:
            where = f"{source}:{reader.line_num}"
            try:
                yield document_from_record(dict(row), where, fields, published, max_chars)
            except InputProblemError as error:
                yield InputProblem(where, str(error))
    except csv.Error as error:
        yield InputProblem(f"{source}:{reader.line_num}", f"invalid CSV: {error}")


# --- HTML ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PageText:
    text: str
    title: str | None
    published: date | None
    outlet: str | None
    url: str | None


def _safe_date(value: object) -> date | None:
    try:
        return parse_published(value)
    except InputProblemError:
        return None


def extract_page(markup: str, url: str | None = None) -> PageText:
    """Main text and metadata of an HTML page: trafilatura, then the stdlib fallback."""
    import trafilatura

    found = trafilatura.bare_extraction(
        markup,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    text = getattr(found, "text", None) or ""
    if text.strip():
        return PageText(
            text=text,
            title=getattr(found, "title", None),
            published=_safe_date(getattr(found, "date", None)),
            outlet=getattr(found, "sitename", None),
            url=getattr(found, "url", None) or url,
        )
    page = read_html(markup)
    return PageText(
        text=page.text,
        title=page.title,
        published=_safe_date(page.published),
        outlet=page.outlet,
        url=url,
    )


def html_document(
    markup: str,
    source: str,
    *,
    url: str | None = None,
    published: date | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
) -> Document:
    page = extract_page(markup, url)
    if not page.text.strip():
        raise InputProblemError("HTML page has no readable text")
    return document_from_text(
        page.text,
        published=page.published or published,
        url=page.url,
        outlet=page.outlet,
        title=page.title,
        source_name=source,
        max_chars=max_chars,
    )


# --- WARC ------------------------------------------------------------------------------------


def read_warc(
    path: Path, *, published: date | None = None, max_chars: int = DEFAULT_MAX_CHARS
) -> Iterator[Document | InputProblem]:
    """One document per HTML response (or text/plain resource) of a WARC file."""
    from warcio.archiveiterator import ArchiveIterator  # type: ignore[import-untyped]
    from warcio.exceptions import ArchiveLoadFailed  # type: ignore[import-untyped]

    yielded = 0
    with path.open("rb") as stream:
        try:
            for number, record in enumerate(ArchiveIterator(stream), start=1):
                item = _warc_record(path, number, record, published, max_chars)
                if item is not None:
                    yielded += 1
                    yield item
        except ArchiveLoadFailed as error:
            yield InputProblem(str(path), f"invalid WARC: {error}")
            return
        except Exception as error:  # warcio raises assorted errors on damaged records
            yield InputProblem(str(path), f"damaged WARC: {type(error).__name__}: {error}")
            return
    if not yielded:
        yield InputProblem(str(path), "WARC file has no HTML or text responses")


def _warc_record(
    path: Path, number: int, record: Any, published: date | None, max_chars: int
) -> Document | InputProblem | None:
    if record.rec_type not in ("response", "resource"):
        return None
    url = record.rec_headers.get_header("WARC-Target-URI")
    where = f"{path}#{number}" + (f" {url}" if url else "")
    if record.rec_type == "response":
        headers = record.http_headers
        if headers is None or (headers.get_statuscode() or "200")[0] != "2":
            return None
        kind = (headers.get_header("Content-Type") or "").lower()
    else:
        kind = (record.rec_headers.get_header("Content-Type") or "").lower()
    if "html" not in kind and "text/plain" not in kind:
        return None
    try:
        text = decode_bytes(record.content_stream().read())
        if "html" in kind:
            return html_document(text, where, url=url, published=published, max_chars=max_chars)
        return document_from_text(
            text, published=published, url=url, source_name=where, max_chars=max_chars
        )
    except InputProblemError as error:
        return InputProblem(where, str(error))


# --- RSS / Atom ------------------------------------------------------------------------------


def _looks_like_feed(raw: bytes) -> bool:
    head = raw[:2000].lower()
    return b"<rss" in head or b"<feed" in head or b"<rdf:rdf" in head


def read_feed(
    raw: bytes, source: str, *, published: date | None = None, max_chars: int = DEFAULT_MAX_CHARS
) -> Iterator[Document | InputProblem]:
    """One document per RSS/Atom entry: its content (or summary), title, link and date."""
    import feedparser  # type: ignore[import-untyped]

    if not _looks_like_feed(raw):
        yield InputProblem(source, "not an RSS/Atom feed")
        return
    feed = feedparser.parse(raw)
    outlet = feed.feed.get("title") or None
    if not feed.entries:
        reason = f"feed has no entries ({feed.get('bozo_exception', 'empty feed')})"
        yield InputProblem(source, reason)
        return
    for index, entry in enumerate(feed.entries):
        where = f"{source}[{index}]"
        try:
            contents = entry.get("content") or []
            body = (contents[0].get("value") if contents else None) or entry.get("summary") or ""
            text = read_html(body).text if looks_like_html(body) or "<" in body else body
            stamp = entry.get("published_parsed") or entry.get("updated_parsed")
            entry_date = date(stamp.tm_year, stamp.tm_mon, stamp.tm_mday) if stamp else None
            yield document_from_text(
                text,
                published=entry_date or published,
                url=entry.get("link"),
                outlet=outlet,
                title=entry.get("title"),
                source_name=where,
                max_chars=max_chars,
            )
        except InputProblemError as error:
            yield InputProblem(where, str(error))
