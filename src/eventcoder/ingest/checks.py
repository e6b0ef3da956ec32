"""Checks that turn unusable input into a clear reason instead of a crash or a silent miss."""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

# A long report is ~50k characters; 2M is far past any article and still parses in bounded
# memory. Larger texts are refused with a reason (callers may raise the limit).
DEFAULT_MAX_CHARS = 2_000_000

# Function words of French, Spanish, Portuguese, German, Italian that English lacks.
_FOREIGN_FUNCTION_WORDS = frozenset(
    ["le", "la", "les", "des", "du", "et", "est", "une", "dans", "pour", "sur", "el", "los",
     "las", "del", "y", "que", "por", "para", "con", "una", "und", "der", "die", "das", "ist",
     "mit", "nicht", "ein", "eine", "il", "di", "che", "della", "degli", "ao", "os", "da", "em",
     "não", "com"]
)  # fmt: skip
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


class InputProblemError(ValueError):
    """A document that cannot be coded, with the reason shown to the user."""


@cache
def english_function_words() -> frozenset[str]:
    text = resources.files("eventcoder.data").joinpath("english_function_words.txt").read_text()
    return frozenset(
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


def decode_bytes(raw: bytes) -> str:
    """Decode file bytes as text, refusing binary content.

    >>> decode_bytes(b"Five killed")
    'Five killed'
    """
    if not raw.strip():
        raise InputProblemError("empty file")
    head = raw[:8192]
    if b"\x00" in head:
        raise InputProblemError("binary file (contains NUL bytes), not text")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Old newswire is often Latin-1/cp1252; accept it only if it looks like text.
        text = raw.decode("cp1252", errors="replace")
    control = sum(1 for ch in text[:8192] if ord(ch) < 32 and ch not in "\t\n\r\f")
    if control > 0.05 * min(len(text), 8192):
        raise InputProblemError("binary file (too many control characters), not text")
    return text


def check_text(text: str, max_chars: int = DEFAULT_MAX_CHARS) -> None:
    """Raise `InputProblemError` when a text cannot be coded: empty, too large, no sentence,
    not English."""
    if not text.strip():
        raise InputProblemError("empty text")
    if len(text) > max_chars:
        raise InputProblemError(
            f"text too large: {len(text):,} characters (limit {max_chars:,}); "
            "split it into articles or raise --max-chars"
        )
    words = _WORD.findall(text[:20000])
    if len(words) < 2:
        raise InputProblemError("no sentence: the text has fewer than two words")
    if not is_probably_english(words):
        raise InputProblemError("not English: eventcoder codes English articles only")


def is_probably_english(words: list[str]) -> bool:
    """True unless a text of some length has almost no English function words.

    >>> is_probably_english("Gunmen killed five people in the market on Sunday".split())
    True
    >>> is_probably_english("Des hommes armés ont tué cinq personnes dans le marché".split())
    False
    """
    function_words = english_function_words()
    hits = sum(1 for word in words if word.lower() in function_words)
    if len(words) < 20:
        # A headline or one-line summary may hold no English function word ("Gunmen attack
        # Sanga, kill 12"): refuse it only when other languages' function words are there.
        foreign = sum(1 for word in words if word.lower() in _FOREIGN_FUNCTION_WORDS)
        return hits > 0 or foreign < 2
    return hits / len(words) >= 0.06
