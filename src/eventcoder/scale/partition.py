"""Input files -> partitions: small, named, reproducible batches of documents.

A partition is a list of *pieces* (a file, or a range of lines of a JSON-lines file), holding
up to ``batch_size`` documents. Its name is a hash of its pieces (path, line range, file size),
so a re-run over the same inputs plans the same partitions and skips those already written.
The driver only counts lines; the workers read the text themselves, so on a cluster the
inputs must be on a file system every worker sees (as with any shared archive).
"""

from __future__ import annotations

import glob
import gzip
import hashlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import IO

from eventcoder.ingest.readers import InputProblem, read_inputs
from eventcoder.records import Document

# Files read whole (one or a few documents each) and files of one JSON object per line.
SINGLE_SUFFIXES = (".txt", ".html", ".htm", ".json")
LINE_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz")
SUFFIXES = SINGLE_SUFFIXES + LINE_SUFFIXES
# A line longer than this is refused without being decoded (see the memory notes in
# docs/scale.md): 4 bytes per character at most in UTF-8.
_LINE_CHUNK = 1 << 20


@dataclass(frozen=True)
class Piece:
    """A whole file (``start`` and ``stop`` None) or lines ``[start, stop)`` of a JSON-lines
    file."""

    path: str
    size: int
    start: int | None = None
    stop: int | None = None


@dataclass(frozen=True)
class Partition:
    """One unit of work: its name and its pieces."""

    index: int
    pieces: tuple[Piece, ...]

    @property
    def name(self) -> str:
        key = "\n".join(f"{p.path}\t{p.size}\t{p.start}\t{p.stop}" for p in self.pieces)
        digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]
        return f"part-{self.index:06d}-{digest}"


def _is_input(path: Path, root: Path, exclude: list[Path]) -> bool:
    name = path.name.lower()
    if name.startswith((".", "_")) or not name.endswith(SUFFIXES):
        return False
    if any(part.startswith((".", "_")) for part in path.relative_to(root).parts[:-1]):
        return False
    resolved = path.resolve()
    return not any(resolved.is_relative_to(folder) for folder in exclude)


def find_input_files(
    inputs: list[str], exclude: list[Path] | None = None
) -> tuple[list[Path], list[InputProblem]]:
    """The input files named by files, folders (searched recursively; hidden and ``_`` folders
    and the folders in ``exclude``, such as the run's output, are left out) and glob
    patterns, in a stable order; names that match nothing are problems."""
    excluded = [p.resolve() for p in exclude or []]
    found: list[Path] = []
    problems: list[InputProblem] = []
    for name in inputs:
        matches = [Path(m) for m in sorted(glob.glob(name))] if glob.has_magic(name) else []
        candidates = matches or [Path(name)]
        for candidate in candidates:
            if candidate.is_dir():
                found.extend(
                    sorted(
                        p
                        for p in candidate.rglob("*")
                        if p.is_file() and _is_input(p, candidate, excluded)
                    )
                )
            elif candidate.is_file():
                found.append(candidate)
            else:
                problems.append(InputProblem(name, "no such file or folder"))
    unique = list(dict.fromkeys(p.resolve() for p in found))
    return unique, problems


def _open_binary(path: str) -> IO[bytes]:
    if path.lower().endswith(".gz"):
        return gzip.open(path, "rb")  # type: ignore[return-value]
    return open(path, "rb")


def count_lines(path: str) -> int:
    """Lines of a (possibly gzipped) file, counted in 1 MB chunks; a last line without a
    newline counts."""
    lines = 0
    last = b"\n"
    with _open_binary(path) as handle:
        while chunk := handle.read(_LINE_CHUNK):
            lines += chunk.count(b"\n")
            last = chunk[-1:]
    return lines + (0 if last == b"\n" else 1)


def plan_partitions(files: list[Path], batch_size: int) -> list[Partition]:
    """Partitions of at most ``batch_size`` documents (a single-document file counts as one)."""
    partitions: list[Partition] = []
    pending: list[Piece] = []
    filled = 0

    def close() -> None:
        nonlocal pending, filled
        if pending:
            partitions.append(Partition(len(partitions), tuple(pending)))
        pending, filled = [], 0

    for path in files:
        name, size = str(path), path.stat().st_size
        if not name.lower().endswith(LINE_SUFFIXES):
            pending.append(Piece(name, size))
            filled += 1
            if filled >= batch_size:
                close()
            continue
        total = count_lines(name)
        start = 0
        while start < total:
            stop = min(total, start + batch_size - filled)
            pending.append(Piece(name, size, start, stop))
            filled += stop - start
            start = stop
            if filled >= batch_size:
                close()
    close()
    return partitions


def _lines(piece: Piece, max_line_bytes: int) -> Iterator[tuple[int, bytes | None]]:
    """(line number from 1, raw line or None if longer than ``max_line_bytes``) of a piece,
    never holding more than one line (capped) in memory."""
    assert piece.start is not None and piece.stop is not None
    with _open_binary(piece.path) as handle:
        number = 0
        while number < piece.stop:
            line = handle.readline(max_line_bytes + 1)
            if not line:
                return
            too_long = len(line) > max_line_bytes and not line.endswith(b"\n")
            if too_long:  # skip the rest of the line without keeping it
                while (rest := handle.readline(_LINE_CHUNK)) and not rest.endswith(b"\n"):
                    pass
            number += 1
            if number > piece.start:
                yield number, None if too_long else line


def read_piece(
    piece: Piece, published: date | None, max_chars: int
) -> Iterator[Document | InputProblem]:
    """The documents of one piece, and a problem for each input that could not become one."""
    if piece.start is None:
        yield from read_inputs([piece.path], published=published, max_chars=max_chars)
        return
    max_bytes = 4 * max_chars + 4096
    for number, line in _lines(piece, max_bytes):
        where = f"{piece.path}:{number}"
        if line is None:
            yield InputProblem(
                where,
                f"line too large (over {max_bytes:,} bytes; limit {max_chars:,} characters): "
                "split it into articles or raise --max-chars",
            )
            continue
        if not line.strip():
            continue
        yield from _one_json_line(line, where, published, max_chars)


def _one_json_line(
    line: bytes, where: str, published: date | None, max_chars: int
) -> Iterator[Document | InputProblem]:
    # The JSON-lines reader of ingest, so that ids, dates and checks are those of `extract`.
    from eventcoder.ingest.formats import FieldMap, read_json_lines

    text = line.decode("utf-8", errors="replace")
    for item in read_json_lines(iter([text]), where, FieldMap(), published, max_chars):
        if isinstance(item, InputProblem):
            yield InputProblem(where, item.reason)
        else:
            yield item.model_copy(update={"source_name": where})


def read_partition(
    partition: Partition, published: date | None, max_chars: int
) -> Iterator[Document | InputProblem]:
    """Every document and problem of a partition, in input order."""
    for piece in partition.pieces:
        if not os.path.exists(piece.path):
            yield InputProblem(piece.path, "no such file (was it moved since the run started?)")
            continue
        yield from read_piece(piece, published, max_chars)


__all__ = [
    "Partition",
    "Piece",
    "count_lines",
    "find_input_files",
    "plan_partitions",
    "read_partition",
    "read_piece",
]
