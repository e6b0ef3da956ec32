"""Date phrases found in text and resolved against the publication date (DESIGN §3-4).

`find_dates` finds date phrases with compiled regular expressions built from the words in
``data/dates.yaml`` and resolves each against the publication date with our own rules:

- explicit dates ("25 December 2016", "Dec. 25", "2016-12-25", "25/12/2016", "on the 25th");
  a date without a year is the most recent such date on or before publication (at most
  ``FUTURE_TOLERANCE_DAYS`` after it);
- weekdays ("on Sunday", "late Monday", "Tuesday night"): the most recent such weekday on or
  before publication, the publication day itself when it is that weekday;
- relative days ("yesterday", "last night", "today", "two days ago");
- weeks ("last week", "this week", "over the weekend") at ACLED ``time_precision`` 2;
- months ("last month", "early November", "mid-November", "in November 2016") at precision 3.

Years alone ("in 2014") are not event dates and are never returned. A phrase after "since",
"from", "until" ... is returned with ``is_since=True`` so callers can skip period bounds.

`resolve_date_phrase` resolves one phrase (e.g. a spaCy DATE entity): our grammar first, then
dateparser (loaded lazily, English only) for the formats the grammar does not know.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel

from eventcoder.records import Span

DateKind = Literal["explicit", "weekday", "relative", "week", "month"]

FUTURE_TOLERANCE_DAYS = 3
"""A date written without a year may fall at most this many days after publication."""

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "dates.yaml"
"""Month, weekday and relative words (package data)."""

NOTE_AFTER_PUBLICATION = "after the publication date"
NOTE_WEEKDAY = "weekday resolved against publication date"
NOTE_WEEKDAY_SAME_DAY = (
    "weekday resolved against publication date: the publication day itself "
    "(it could be one week earlier)"
)
NOTE_RELATIVE = "relative to the publication date"
NOTE_EARLIER = "counted back from the publication date (the text may count from another date)"
NOTE_FALLBACK = "no date in the text: publication date used"


class DateMention(BaseModel):
    """A date phrase in a text, resolved to a calendar date with an ACLED time precision."""

    span: Span
    date: dt.date
    time_precision: int
    """1 the day, 2 a week, 3 a month (ACLED)."""
    note: str | None = None
    is_since: bool = False
    """The phrase follows "since"/"from"/"until"...: a bound of a period, not an event's day."""
    kind: DateKind = "explicit"


# --------------------------------------------------------------------------- vocabulary


@dataclass(frozen=True)
class _Vocab:
    full_months: dict[str, int]
    all_months: dict[str, int]
    weekdays: dict[str, int]
    weekday_not_after: frozenset[str]
    weekday_not_before: frozenset[str]
    parts_of_day: tuple[str, ...]
    numbers: dict[str, int]
    relative_days: dict[str, int]
    since_words: tuple[str, ...]


@cache
def _vocab() -> _Vocab:
    raw: dict[str, Any] = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))
    full = {str(k): int(v) for k, v in raw["months"].items()}
    abbr = {str(k): int(v) for k, v in raw["month_abbreviations"].items()}
    return _Vocab(
        full_months=full,
        all_months={**full, **abbr},
        weekdays={str(k): int(v) for k, v in raw["weekdays"].items()},
        weekday_not_after=frozenset(str(w) for w in raw["weekday_not_after"]),
        weekday_not_before=frozenset(str(w) for w in raw["weekday_not_before"]),
        parts_of_day=tuple(str(w) for w in raw["parts_of_day"]),
        numbers={str(k).lower(): int(v) for k, v in raw["numbers"].items()},
        relative_days={
            " ".join(str(k).lower().split()): int(v) for k, v in raw["relative_days"].items()
        },
        since_words=tuple(str(w).lower() for w in raw["since_words"]),
    )


def _alt(words: list[str] | dict[str, int] | tuple[str, ...]) -> str:
    """A regex alternation of literal words, longest first; spaces match any whitespace."""
    ordered = sorted(set(words), key=lambda w: (-len(w), w))
    return "|".join(r"\s+".join(re.escape(part) for part in w.split()) for w in ordered)


def _both(words: list[str] | dict[str, int] | tuple[str, ...]) -> str:
    """Like `_alt`, with each word also capitalised ("yesterday", "Yesterday").

    Alternations of plain literals let the regex engine skip ahead on their first letters, which
    is what keeps `find_dates` fast; an inline ``(?i)`` would disable that.
    """
    return _alt([v for w in words for v in (w, w[:1].upper() + w[1:])])


_ORD = r"(?:st|nd|rd|th)"
_YEAR = r"(?:1[89]\d\d|20\d\d)"
_MONTH_MODS = (
    "early in",
    "late in",
    "early",
    "late",
    "mid",
    "middle of",
    "the middle of",
    "end of",
    "the end of",
    "end",
    "beginning of",
    "the beginning of",
    "start of",
    "the start of",
)
_MONTH_PREPS = ("in", "during", "throughout", "of", "since", "from", "until", "till", "through")
_WEEKDAY_MODS = (
    "last",
    "this",
    "past",
    "next",
    "late",
    "early",
    "late on",
    "early on",
    "overnight",
    "overnight on",
    "before dawn on",
)
_NOT_DAY_NOUNS = (
    "anniversary|annual|day|days|time|times|floor|century|birthday|round|session|edition|"
    "year|years|minute|hour|week|month|street|avenue|division|brigade|battalion|regiment|"
    "armoured|armored|infantry|army|corps|amendment|percentile|place|largest|biggest"
)


@dataclass(frozen=True)
class _Grammar:
    anchors: tuple[tuple[str, re.Pattern[str]], ...]
    """Each family's regex; it starts with literal words or a digit, so the engine skips fast."""
    weekday_before: re.Pattern[str]
    """A weekday written before an explicit date: "Sunday, 25 December"."""
    month_before: re.Pattern[str]
    weekday_mod_before: re.Pattern[str]
    on_the_before: re.Pattern[str]
    number_before: re.Pattern[str]
    week_before: re.Pattern[str]
    since_before: re.Pattern[str]
    word_before: re.Pattern[str]
    word_after: re.Pattern[str]


@cache
def _grammar() -> _Grammar:
    v = _vocab()
    wd = _alt(list(v.weekdays))
    abbreviations = [a for a in v.all_months if a not in v.full_months]
    # a dot after an abbreviation belongs to it ("Dec."); after "October" it ends the sentence
    dot = (
        "(?:"
        + "|".join(
            rf"(?<={'|'.join(sorted(a for a in abbreviations if len(a) == n))})\."
            for n in sorted({len(a) for a in abbreviations})
        )
        + ")?"
    )
    mon = rf"(?P<m>{_alt(v.all_months)})\b{dot}"
    day = r"(?P<d>\d(?<![\w.,-]\d)\d?)"
    year = rf"(?:,?\s+(?P<y>{_YEAR})\b)?"
    anchors = [
        (
            "iso",
            r"(?P<y>\d(?<![\w./-]\d)\d{3})(?P<sep>[-/.])(?P<mo>\d{1,2})(?P=sep)(?P<d>\d{1,2})"
            r"(?![\w/.-]\d|\d)",
        ),
        (
            "numeric",
            r"(?P<a>\d(?<![\w./-]\d)\d?)(?P<sep>[-/.])(?P<b>\d{1,2})(?P=sep)"
            rf"(?P<y>{_YEAR})(?![\w/.-]\d|\d)",
        ),
        ("dmy", rf"{day}{_ORD}?(?:\s+of)?\s+{mon}{year}"),
        (
            "on_the",
            rf"{day}{_ORD}\b(?!-|\s+(?:of\s+)?(?:{_alt(v.all_months)})\b|\s+[A-Z]"
            rf"|\s+(?i:{_NOT_DAY_NOUNS})\b)",
        ),
        ("month", rf"{mon}(?:\s+(?P<d>\d{{1,2}}){_ORD}?(?![\d,.]\d|\d)\b)?{year}"),
        ("weekday", rf"(?P<wd>{wd})\b(?:\s+(?P<pod>{_both(v.parts_of_day)})\b)?"),
        ("relative_day", rf"(?:{_both(v.relative_days)})(?![\w-])"),
        ("ago", r"(?P<unit>day|week|month)s?\s+(?P<dir>ago|earlier|previously)(?![\w-])"),
        ("week", r"(?P<unit>weekend|week|month)\b(?!-)"),
    ]
    ci = re.IGNORECASE
    return _Grammar(
        anchors=tuple((tag, re.compile(p)) for tag, p in anchors),
        weekday_before=re.compile(rf"(?P<wd>\b(?:{wd})),?\s+(?:the\s+)?$"),
        month_before=re.compile(
            rf"(?:\b(?P<pre>{_alt(_MONTH_PREPS)})\s+)?"
            rf"(?:\b(?P<mod>{_alt(_MONTH_MODS)})(?:-|\s+)|\b(?P<rel>last|this|next|past)\s+)?$",
            ci,
        ),
        weekday_mod_before=re.compile(rf"\b(?P<mod>{_alt(_WEEKDAY_MODS)})\s+$", ci),
        on_the_before=re.compile(r"\b(?:on|since|from|until|till)\s+(?P<the>the)\s+$", ci),
        number_before=re.compile(rf"(?<![\w-])(?P<n>\d{{1,2}}|{_alt(v.numbers)})\s+$", ci),
        week_before=re.compile(
            r"(?:\b(?:over|at|during|on)\s+(?P<the>the)"
            r"|(?P<p>\blast|\bthis|\bearlier\s+this|\bearlier\s+in\s+the))\s+$",
            ci,
        ),
        since_before=re.compile(
            rf"\b(?:{_alt(v.since_words)})\s+(?:(?:on|in|of)\s+)?(?:the\s+)?$", ci
        ),
        word_before=re.compile(r"(\w+)\W*$"),
        word_after=re.compile(r"\W*(\w+)"),
    )


# --------------------------------------------------------------------------- date arithmetic


@dataclass(frozen=True)
class _Resolved:
    date: dt.date
    precision: int
    kind: DateKind
    note: str | None = None


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _months_back(year: int, month: int, n: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) - n
    return index // 12, index % 12 + 1


def _yearless(published: dt.date, month: int, day: int) -> dt.date | None:
    """The most recent (month, day) on or before publication, tolerating a few days after it."""
    limit = published + dt.timedelta(days=FUTURE_TOLERANCE_DAYS)
    for year in range(published.year + 1, published.year - 9, -1):
        candidate = _safe_date(year, month, day)
        if candidate is not None and candidate <= limit:
            return candidate
    return None


def _explicit(
    published: dt.date | None, year: int | None, month: int, day: int, note: str | None = None
) -> _Resolved | None:
    if year is not None:
        resolved = _safe_date(year, month, day)
    elif published is not None:
        resolved = _yearless(published, month, day)
    else:
        return None
    if resolved is None:
        return None
    notes = [note] if note else []
    if published is not None and resolved > published:
        notes.append(NOTE_AFTER_PUBLICATION)
    return _Resolved(resolved, 1, "explicit", "; ".join(notes) or None)


def _most_recent_weekday(published: dt.date, weekday: int) -> dt.date:
    return published - dt.timedelta(days=(published.weekday() - weekday) % 7)


def _month_phrase(
    published: dt.date | None, month: int, year: int | None, mod: str | None, rel: str | None
) -> _Resolved | None:
    note: str | None = None
    if year is None:
        if published is None:
            return None
        if rel in ("last", "past"):
            year = published.year if month < published.month else published.year - 1
        elif rel == "next":
            year = published.year if month > published.month else published.year + 1
        else:
            year = published.year if month <= published.month else published.year - 1
    part = "mid"
    if mod and any(w in mod for w in ("early", "beginning", "start")):
        part = "early"
    elif mod and any(w in mod for w in ("late", "end")):
        part = "late"
    day = {"early": 1, "mid": 15, "late": _last_day(year, month)}[part]
    resolved = dt.date(year, month, day)
    if published is not None and resolved > published:
        if (year, month) == (published.year, published.month):
            day = {"early": 1, "mid": (1 + published.day) // 2, "late": published.day}[part]
            resolved = dt.date(year, month, day)
            note = "the month of publication: coded within the days up to the publication date"
        else:
            note = NOTE_AFTER_PUBLICATION
    return _Resolved(resolved, 3, "month", note)


# --------------------------------------------------------------------------- phrases


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    tag: str
    m: re.Match[str]
    ctx: dict[str, str]
    """Words found before the anchor: weekday, month modifier, number, ..."""


def _word_char_before(text: str, i: int) -> bool:
    return i > 0 and (text[i - 1].isalnum() or text[i - 1] in "_-")


def _extend(tag: str, m: re.Match[str], text: str) -> _Candidate | None:
    """The whole phrase around an anchor match, with the words before it; None to reject."""
    g = _grammar()
    v = _vocab()
    start, end = m.span()
    ctx: dict[str, str] = {}
    if tag == "on_the":
        before = g.on_the_before.search(text, max(0, start - 12), start)
        if before is None:
            return None
        start = before.start("the")
    elif tag == "month" and start > 0 and text[start - 1].isalnum():
        return None
    elif tag == "month" and not m["d"]:
        before = g.month_before.search(text, max(0, start - 30), start)
        assert before is not None  # every group is optional: it matches at least at the end
        for key in ("pre", "mod", "rel"):
            if before[key]:
                ctx[key] = before[key]
        if before["mod"] or before["rel"]:
            start = before.start("mod") if before["mod"] else before.start("rel")
        if m["y"]:
            tag = "month_year"
        elif not ctx or m["m"] not in v.full_months:
            return None  # a bare month name ("May", "August") is too ambiguous
    elif tag == "weekday":
        before = g.weekday_mod_before.search(text, max(0, start - 20), start)
        if before is not None:
            ctx["mod"] = before["mod"]
            start = before.start("mod")
        else:
            word = g.word_before.search(text, max(0, start - 20), start)
            if word is not None and word.group(1) in v.weekday_not_after:
                return None  # "Bloody Sunday", "Good Friday"
        if not m["pod"]:
            word = g.word_after.match(text, end)
            if word is not None and word.group(1) in v.weekday_not_before:
                return None  # "Sunday Times"
    elif tag == "relative_day":
        if _word_char_before(text, start):
            return None
        if m.group().startswith("Today") and re.search(r"\w\s*$", text[max(0, start - 4) : start]):
            return None  # "USA Today": a name, not a day
    elif tag == "ago":
        before = g.number_before.search(text, max(0, start - 12), start)
        if before is None:
            return None
        ctx["n"] = before["n"]
        start = before.start("n")
    elif tag == "week":
        if _word_char_before(text, start):
            return None  # "midweek"
        before = g.week_before.search(text, max(0, start - 24), start)
        if before is None:
            return None
        unit = m["unit"]
        if before["the"]:
            if unit != "weekend":
                return None  # "during the month" is not a date
            start, ctx["phrase"] = before.start("the"), "the weekend"
        else:
            start, ctx["phrase"] = before.start("p"), f"{_low(before['p'])} {unit}"
    if tag in ("dmy", "month") and m["d"]:
        tag = "mdy" if tag == "month" else tag
        before = g.weekday_before.search(text, max(0, start - 24), start)
        if before is not None:
            ctx["wd"] = before["wd"]
            start = before.start("wd")
    return _Candidate(start, end, tag, m, ctx)


def _low(s: str | None) -> str | None:
    return " ".join(s.lower().split()) if s else None


def _resolve(c: _Candidate, published: dt.date | None) -> _Resolved | None:
    v = _vocab()
    m, tag = c.m, c.tag
    if tag == "iso":
        return _explicit(published, int(m["y"]), int(m["mo"]), int(m["d"]))
    if tag == "numeric":
        a, b = int(m["a"]), int(m["b"])
        note = None
        if a > 12 >= b:
            day, month = a, b
        elif b > 12 >= a:
            month, day = a, b
        else:
            day, month = a, b
            if a != b:
                note = "day/month order ambiguous: read as day first"
        return _explicit(published, int(m["y"]), month, day, note)
    if tag in ("dmy", "mdy"):
        stated = int(m["y"]) if m["y"] else None
        res = _explicit(published, stated, v.all_months[m["m"]], int(m["d"]))
        if res is not None and "wd" in c.ctx and v.weekdays[c.ctx["wd"]] != res.date.weekday():
            note = "the weekday named does not match the date: the date is used"
            res = _Resolved(res.date, 1, "explicit", "; ".join(filter(None, [res.note, note])))
        return res
    if tag in ("month", "month_year"):
        stated = int(m["y"]) if m["y"] else None
        month = v.all_months[m["m"]]
        return _month_phrase(
            published, month, stated, _low(c.ctx.get("mod")), _low(c.ctx.get("rel"))
        )
    if published is None:
        return None  # everything below counts from the publication date
    if tag == "on_the":
        day = int(m["d"])
        for back in range(0, 13):
            y, mo = _months_back(published.year, published.month, back)
            candidate = _safe_date(y, mo, day)
            if candidate is not None and candidate <= published:
                return _Resolved(candidate, 1, "explicit", "day of the month " + NOTE_RELATIVE)
        return None
    if tag == "weekday":
        return _weekday(v.weekdays[m["wd"]], _low(c.ctx.get("mod")), published)
    if tag == "relative_day":
        offset = v.relative_days[_low(m.group()) or ""]
        return _Resolved(published + dt.timedelta(days=offset), 1, "relative", NOTE_RELATIVE)
    if tag == "ago":
        n_text = c.ctx["n"].lower()
        n = int(n_text) if n_text.isdigit() else v.numbers[n_text]
        unit = m["unit"]
        note = NOTE_RELATIVE if m["dir"] == "ago" else NOTE_EARLIER
        if unit == "day":
            return _Resolved(published - dt.timedelta(days=n), 1, "relative", note)
        if unit == "week":
            return _Resolved(published - dt.timedelta(days=7 * n), 2, "week", note)
        y, mo = _months_back(published.year, published.month, n)
        return _Resolved(dt.date(y, mo, 15), 3, "month", note)
    if tag == "week":
        return _week(c.ctx["phrase"], published)
    raise AssertionError(f"unknown pattern {tag}")  # pragma: no cover


def _weekday(weekday: int, mod: str | None, published: dt.date) -> _Resolved:
    if mod == "next":
        ahead = (weekday - published.weekday()) % 7 or 7
        return _Resolved(published + dt.timedelta(days=ahead), 1, "weekday", NOTE_AFTER_PUBLICATION)
    resolved = _most_recent_weekday(published, weekday)
    note = NOTE_WEEKDAY
    if resolved == published:
        if mod in ("last", "past"):
            resolved -= dt.timedelta(days=7)
        else:
            note = NOTE_WEEKDAY_SAME_DAY
    return _Resolved(resolved, 1, "weekday", note)


def _week(phrase: str, published: dt.date) -> _Resolved:
    monday = published - dt.timedelta(days=published.weekday())
    if phrase == "last week":
        return _Resolved(monday - dt.timedelta(days=4), 2, "week", "midpoint of the previous week")
    if phrase in ("this week", "earlier this week", "earlier in the week"):
        mid = monday + dt.timedelta(days=published.weekday() // 2)
        return _Resolved(mid, 2, "week", "midpoint of the week up to the publication date")
    if "weekend" in phrase:
        saturday = _most_recent_weekday(published, 5)
        if phrase == "last weekend" and published.weekday() >= 5:
            saturday -= dt.timedelta(days=7)
        return _Resolved(saturday, 2, "week", "weekend coded to its Saturday")
    if phrase == "last month":
        y, mo = _months_back(published.year, published.month, 1)
        return _Resolved(dt.date(y, mo, 15), 3, "month", "midpoint of the previous month")
    # this month, earlier this month, earlier in the month
    if published.day >= 15:
        return _Resolved(published.replace(day=15), 3, "month", "midpoint of the month")
    mid = published.replace(day=(1 + published.day) // 2)
    return _Resolved(mid, 3, "month", "midpoint of the month up to the publication date")


# --------------------------------------------------------------------------- public API


def _candidates(text: str) -> list[_Candidate]:
    """Every phrase the grammar finds, overlaps removed (the longest phrase wins)."""
    found: list[_Candidate] = []
    for tag, pattern in _grammar().anchors:
        for m in pattern.finditer(text):
            cand = _extend(tag, m, text)
            if cand is not None:
                found.append(cand)
    if len(found) < 2:
        return found
    found.sort(key=lambda c: (c.start - c.end, c.start))
    chosen: list[_Candidate] = []
    for cand in found:
        if all(cand.end <= c.start or cand.start >= c.end for c in chosen):
            chosen.append(cand)
    chosen.sort(key=lambda c: c.start)
    return chosen


def _find(text: str, published: dt.date | None) -> tuple[list[DateMention], bool]:
    g = _grammar()
    mentions: list[DateMention] = []
    candidates = _candidates(text)
    for cand in candidates:
        res = _resolve(cand, published)
        if res is None:
            continue
        since = g.since_before.search(text, max(0, cand.start - 24), cand.start) is not None
        mentions.append(
            DateMention(
                span=Span.of(text, cand.start, cand.end),
                date=res.date,
                time_precision=res.precision,
                note=res.note,
                is_since=since,
                kind=res.kind,
            )
        )
    return mentions, bool(candidates)


def find_dates(text: str, published: dt.date | None) -> list[DateMention]:
    """The date phrases of ``text`` resolved against ``published``, in text order.

    Phrases that count from the publication date (weekdays, "yesterday", "last week", dates
    without a year) are left out when ``published`` is None.

    >>> [(d.span.text, str(d.date)) for d in find_dates("Hit on Sunday.", dt.date(2016, 12, 26))]
    [('Sunday', '2016-12-25')]
    """
    return _find(text, published)[0]


_DATEPARSER_HINT = re.compile(r"\d[/.-]\d|\bago\b|[A-Za-z]{3}", re.IGNORECASE)
_DURATION_ONLY = re.compile(
    r"^\W*(?:\w+\s+)?\d+\s+(?:days?|weeks?|months?|years?|hours?|minutes?)\W*$", re.IGNORECASE
)


def resolve_date_phrase(phrase: str, published: dt.date | None) -> tuple[dt.date, int] | None:
    """One date phrase (e.g. a DATE entity) as ``(date, time_precision)``, or None.

    Our grammar first; for other formats with a day number ("12.25.2016", "Dec 25th 2016 at
    noon"), dateparser in English with the publication date as the base. Years alone
    ("2014") and durations ("three days") give None.
    """
    mentions, matched = _find(phrase, published)
    if mentions:
        return mentions[0].date, mentions[0].time_precision
    if matched or not re.search(r"\d", phrase) or not _DATEPARSER_HINT.search(phrase):
        return None
    if _DURATION_ONLY.match(phrase) or re.search(r"\d{4}'?s\b", phrase):
        return None  # "three days", "the 1990s"
    if published is None and not re.search(_YEAR, phrase):
        return None
    return _dateparser_resolve(phrase, published)


@cache
def _dateparser_class() -> Callable[..., Any]:
    from dateparser.date import DateDataParser  # slow import: only when needed

    return DateDataParser


def _dateparser_resolve(phrase: str, published: dt.date | None) -> tuple[dt.date, int] | None:
    settings: dict[str, Any] = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False}
    if published is not None:
        settings["RELATIVE_BASE"] = dt.datetime(published.year, published.month, published.day)
    try:
        parser = _dateparser_class()(languages=["en"], settings=settings)
        data = parser.get_date_data(phrase)
    except Exception:  # dateparser raises assorted errors on odd input: never fail a document
        return None
    when = data.date_obj
    if when is None:
        return None
    years = {int(y) for y in re.findall(rf"(?<!\d)({_YEAR})(?!\d)", phrase)}
    if years and when.year not in years:
        return None  # dateparser filled in a year the phrase does not give
    precision = {"day": 1, "time": 1, "week": 2, "month": 3}.get(str(data.period))
    if precision is None:
        return None  # a year alone is not an event date
    resolved = when.date()
    if precision == 3:
        resolved = resolved.replace(day=15)
    limit = None if published is None else published + dt.timedelta(days=FUTURE_TOLERANCE_DAYS)
    if limit is not None and not years and resolved > limit:
        return None  # no year given, and dateparser went into the future
    return resolved, precision


def publication_fallback(published: dt.date) -> tuple[dt.date, int, str]:
    """The date to code when the text gives none: the publication date at week precision."""
    return published, 2, NOTE_FALLBACK
