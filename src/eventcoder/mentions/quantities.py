"""Number phrases in English news text: "at least 20", "between 10 and 15", "dozens of".

`find_quantities` returns every number phrase of a text, left to right and non-overlapping,
each as a `Quantity` whose `Span` covers the hedging words too. `value` follows ACLED: the
lowest reported figure, the figure as written after a hedge ("nearly 100,000" -> 100000), and
conventional figures for vague words ("several" -> 3, "dozens" -> 12, "hundreds" -> 100).

Numbers that are not counts are skipped: years ("in 2014"), days of the month ("25 December",
"Dec. 25", "12/25/2016"), times ("10 p.m.", "10:30"), ordinals ("21st"), decimals without a
scale word, percentages, money ("$5 million"), measures ("20 km", "three days", "a 25-year-old"),
labels ("Route 5", "Resolution 2254") and "one" as a pronoun ("one of the", "one another").

The words live in ``data/quantities.yaml``; the grammar is compiled once, on first use, into a
single regular expression, and each candidate is then checked against its neighbouring text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Any

import yaml

from eventcoder.records import Quantity, Span

__all__ = ["find_quantities", "parse_quantity"]


@dataclass(frozen=True)
class _Vague:
    value: int
    high: int


@dataclass(frozen=True)
class _Lexicon:
    small: dict[str, int]  # "one" .. "nineteen", "twenty" .. "ninety"
    units: tuple[str, ...]
    tens: tuple[str, ...]
    scales: dict[str, int]
    before: tuple[str, ...]
    after: tuple[str, ...]
    vague: dict[str, _Vague]  # normalised phrase -> figures
    vague_of: frozenset[str]  # phrases that may take a following "of"
    plural: frozenset[str]  # plural scales ("dozens", "thousands")
    plural_modifiers: tuple[str, ...]
    multipliers: dict[str, _Vague]
    some: _Vague
    irregular_plurals: frozenset[str]
    not_plural: frozenset[str]
    measure_units: tuple[str, ...]
    hyphen_keep: frozenset[str]
    labels: tuple[str, ...]
    currency_codes: tuple[str, ...]
    currency_symbols: str
    months: tuple[str, ...]
    year_min: int
    year_max: int
    count_nouns: frozenset[str]
    one_not_before: tuple[str, ...]
    one_not_after: tuple[str, ...]


def _words(items: Any) -> tuple[str, ...]:
    words = tuple(items)
    for word in words:
        if not isinstance(word, str):  # YAML reads a bare no/yes/on/off as a boolean
            raise TypeError(f"quantities.yaml: {word!r} should be a quoted string")
    return words


def _lower_set(items: Any) -> frozenset[str]:
    return frozenset(word.lower() for word in _words(items))


@cache
def _lexicon() -> _Lexicon:
    raw: dict[str, Any] = yaml.safe_load(
        resources.files("eventcoder")
        .joinpath("data")
        .joinpath("quantities.yaml")
        .read_text(encoding="utf-8")
    )
    numbers = raw["number_words"]
    vague: dict[str, _Vague] = {}
    vague_of: set[str] = set()
    plural: set[str] = set()
    for entry in raw["vague"]:
        phrase = _norm(str(entry["phrase"]))
        vague[phrase] = _Vague(int(entry["value"]), int(entry["high"]))
        if entry.get("of"):
            vague_of.add(phrase)
        if entry.get("plural"):
            plural.add(phrase)
    some = raw["some"]
    return _Lexicon(
        small={str(k): int(v) for k, v in {**numbers["units"], **numbers["tens"]}.items()},
        units=_words(numbers["units"]),
        tens=_words(numbers["tens"]),
        scales={str(k): int(v) for k, v in numbers["scales"].items()},
        before=_words(raw["qualifiers"]["before"]),
        after=_words(raw["qualifiers"]["after"]),
        vague=vague,
        vague_of=frozenset(vague_of),
        plural=frozenset(plural),
        plural_modifiers=_words(raw["plural_modifiers"]),
        multipliers={
            _norm(str(k)): _Vague(int(v["value"]), int(v["high"]))
            for k, v in raw["vague_multipliers"].items()
        },
        some=_Vague(int(some["value"]), int(some["high"])),
        irregular_plurals=_lower_set(some["irregular_plurals"]),
        not_plural=_lower_set(some["not_plural"]),
        measure_units=_words(raw["units"]),
        hyphen_keep=_lower_set(raw["hyphen_keep"]),
        labels=_words(raw["labels"]),
        currency_codes=_words(raw["currency_before"]),
        currency_symbols=str(raw["currency_symbols"]),
        months=_words(raw["months"]),
        year_min=int(raw["year_like"]["min"]),
        year_max=int(raw["year_like"]["max"]),
        count_nouns=_lower_set(raw["count_nouns"]),
        one_not_before=_words(raw["one"]["not_before"]),
        one_not_after=_words(raw["one"]["not_after"]),
    )


def _norm(phrase: str) -> str:
    """Lower case, single spaces."""
    return " ".join(phrase.lower().split())


def _alt(phrases: tuple[str, ...] | list[str]) -> str:
    """A regex alternation of phrases, longest first, any run of spaces between words."""
    ordered = sorted(set(phrases), key=lambda p: (-len(p), p))
    return "(?:" + "|".join(r"\s+".join(map(re.escape, p.split())) for p in ordered) + ")"


def _trie(words: set[str]) -> str:
    """A regex matching exactly ``words``, factored by common prefixes (fast to try)."""
    tree: dict[str, Any] = {}
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        branches = [re.escape(char) + emit(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:
            return "(?:" + body + ")?" if len(branches) == 1 else body + "?"
        return body

    return emit(tree)


@dataclass(frozen=True)
class _Grammar:
    phrase: re.Pattern[str]
    # Where a phrase can begin: a digit or one of its first words; for lower-cased text, and
    # (slower) for text whose length lower-casing would change.
    trigger: re.Pattern[str]
    trigger_any_case: re.Pattern[str]
    unit_after: re.Pattern[str]
    unit_first_words: frozenset[str]
    month_after: re.Pattern[str]
    months: frozenset[str]
    labels: frozenset[str]
    currency_codes: frozenset[str]
    one_after: re.Pattern[str]
    one_not_after: frozenset[str]


@cache
def _grammar() -> _Grammar:
    lex = _lexicon()
    one_to_nine = [w for w, v in lex.small.items() if 1 <= v <= 9]
    small = rf"(?:{_alt(lex.tens)}(?:[-\s]{_alt(one_to_nine)})?|{_alt(lex.units)})\b"
    scale = rf"{_alt(list(lex.scales))}\b"
    scales = rf"{scale}(?:\s+{scale})*"
    word_num = (
        rf"(?:(?:(?:half\s+)?a\s+|{small}\s+){scales}"
        rf"(?:(?:\s+and)?\s+{small}(?:\s+{scales})?)*|{small})"
    )
    digit_num = rf"(?:\d{{1,3}}(?:,\d{{3}})+(?!\d)|\d+)(?:\.\d+)?(?:\s+{scales})?"
    num = rf"(?:{digit_num}|{word_num})"

    plural = [p for p in lex.vague if p in lex.plural]
    other = [p for p in lex.vague if p not in lex.plural]
    vague = (
        rf"(?P<vp>(?:{_alt(lex.plural_modifiers)}\s+)?{_alt(plural)}\b(?:\s+of\b)?)"
        rf"|(?P<vm>{_alt(list(lex.multipliers))}\s+{scales})"
        rf"|(?P<vo>{_alt(other)}\b)"
        r"|(?P<vs>some)(?=\s+[^\W\d_])"
    )
    phrase = (
        rf"\b(?:(?P<pre>{_alt(lex.before)})\s+)?(?:"
        rf"(?P<between>between)\s+(?P<b_lo>{num})\s+(?:and|to|-|–)\s+(?P<b_hi>{num})"
        rf"|(?P<lo>{num})(?:\s*[-–]\s*(?P<hi_d>{num})|\s+(?P<rw>to|or)\s+(?P<hi_w>{num}))?"
        rf"|(?P<vague>{vague})"
        rf")(?:\s+(?P<suf>{_alt(lex.after)})\b)?"
    )
    first_words = [
        *lex.small,
        *lex.before,
        *lex.vague,
        *lex.plural_modifiers,
        *lex.multipliers,
        "a",
        "half",
        "between",
        "some",
    ]
    trigger = rf"\b(?:\d|{_trie({w.split()[0].lower() for w in first_words})}\b)"
    return _Grammar(
        phrase=re.compile(phrase, re.IGNORECASE),
        trigger=re.compile(trigger),
        trigger_any_case=re.compile(trigger, re.IGNORECASE),
        unit_after=re.compile(rf"\s*{_alt(lex.measure_units)}(?![\w'])", re.IGNORECASE),
        unit_first_words=frozenset(
            _WORD.findall(unit.lower())[0] for unit in lex.measure_units if _WORD.search(unit)
        ),
        month_after=re.compile(rf"\s+(?:of\s+)?{_alt(lex.months)}\b"),
        months=frozenset(lex.months),
        labels=frozenset(label.lower() for label in lex.labels),
        currency_codes=frozenset(lex.currency_codes),
        one_after=re.compile(rf"\s*{_alt(lex.one_not_before)}(?![\w])", re.IGNORECASE),
        one_not_after=frozenset(word.lower() for word in lex.one_not_after),
    )


# ---------------------------------------------------------------------------------------------
# Reading one number ("1,500", "1.5 million", "one hundred and twenty", "half a dozen")


@dataclass(frozen=True)
class _Number:
    value: Decimal
    base: Decimal  # the figure before the last scale word ("three" of "three hundred")
    scale: int | None  # the last scale word's value, if the number ends with one
    year_like: bool = False  # four plain digits that may be a year ("2014")
    padded: bool = False  # a leading zero ("0600 GMT")


_DIGITS = re.compile(r"[\d,]+(?:\.\d+)?")
_WORD = re.compile(r"[^\W\d_]+")


def _read_number(phrase: str) -> _Number:
    lex = _lexicon()
    digits = _DIGITS.match(phrase)
    if digits:
        figure = digits.group()
        value = Decimal(figure.replace(",", ""))
        scale = None
        for word in _WORD.findall(phrase[digits.end() :].lower()):
            scale = lex.scales[word]
            value *= scale
        base = value / scale if scale else value
        year_like = (
            scale is None
            and len(figure) == 4
            and figure.isdigit()
            and lex.year_min <= int(figure) <= lex.year_max
        )
        padded = len(figure) > 1 and figure[0] == "0" and figure[1].isdigit()
        return _Number(value, base, scale, year_like, padded)

    total = Decimal(0)
    current = Decimal(0)
    last_scale: int | None = None
    for word in _WORD.findall(phrase.lower()):
        if word == "and":
            continue
        if word == "half":
            current = Decimal("0.5")
        elif word == "a":
            current = current or Decimal(1)
        elif word in lex.scales:
            factor = lex.scales[word]
            if factor < 1000:
                current = (current or Decimal(1)) * factor
            else:
                total += (current or Decimal(1)) * factor
                current = Decimal(0)
            last_scale = factor
            continue
        else:
            current += lex.small[word]
        last_scale = None
    value = total + current
    base = value / last_scale if last_scale else value
    return _Number(value, base, last_scale)


def _share_scale(low: _Number, high: _Number) -> Decimal:
    """ "two to three hundred" -> 200: the low end borrows the high end's scale word."""
    if low.scale is None and high.scale is not None and low.value < high.base:
        return low.value * high.scale
    return low.value


def _integer(value: Decimal) -> int | None:
    return int(value) if value == value.to_integral_value() else None


# ---------------------------------------------------------------------------------------------
# The context of a candidate

_HYPHEN_WORD = re.compile(r"[-‐]([^\W\d_]+)")
_NEXT_WORD = re.compile(r"\s+([^\W\d_]+)")
_WINDOW = 24
_OPENING = "([{\"'“‘—–-"


def _previous_word(text: str, start: int) -> str:
    """The whitespace-separated word before ``start``, opening brackets and quotes removed."""
    before = text[max(0, start - _WINDOW) : start].rstrip()
    if not before:
        return ""
    return before.rsplit(None, 1)[-1].lstrip(_OPENING)


def _bad_before(text: str, start: int) -> bool:
    """A currency, label, month or glued character right before the phrase."""
    if start == 0:
        return False
    lex = _lexicon()
    last = text[start - 1]
    if last in lex.currency_symbols or last in "/:":
        return True
    glued_sentence = last == "." and text[start].isupper() and text[start - 2 : start - 1].islower()
    if (
        start >= 2
        and not glued_sentence
        and (
            (last in "-‐." and text[start - 2].isalnum())
            or (last == "," and text[start - 2].isdigit())
        )
    ):  # "3.5", "v2-3"; not "at the mosque.Two people", a sentence glued to the last
        return True
    word = _previous_word(text, start)
    if not word:
        return False
    grammar = _grammar()
    return (
        word in grammar.currency_codes
        or word[-1] in lex.currency_symbols
        or word.lower() in grammar.labels
        or word.rstrip(".") in grammar.months
    )


def _bad_after(text: str, end: int) -> bool:
    """A glued letter, a unit, a percent sign or a month right after the phrase."""
    rest = text[end : end + _WINDOW]
    if not rest:
        return False
    first, second = rest[0], rest[1:2]
    if first.isalnum() or first == "%":
        return True
    if first in "/:.-‐–" and second.isdigit():
        return True
    if first in "'’" and second.lower() == "s":
        return True
    if first in "-‐":
        hyphen = _HYPHEN_WORD.match(rest)
        return bool(hyphen and hyphen.group(1).lower() not in _lexicon().hyphen_keep)
    if not first.isspace():
        return False
    if rest.lstrip()[:1] == "%":
        return True
    found = _NEXT_WORD.match(rest)
    if not found:
        return False
    grammar = _grammar()
    word = found.group(1)
    unit = grammar.unit_after.match(rest) if word.lower() in grammar.unit_first_words else None
    if unit is not None:
        # "five day labourers", "two night watchmen": a singular unit before a plural noun is
        # part of the noun (a measure would be plural: "five days").
        singular = f"{word.lower()}s" in grammar.unit_first_words
        return not (singular and _is_plural_noun(text, end + unit.end()))
    return (word in grammar.months or word == "of") and bool(grammar.month_after.match(rest))


def _followed_by_count_noun(text: str, end: int) -> bool:
    word = _NEXT_WORD.match(text, end)
    return bool(word and word.group(1).lower() in _lexicon().count_nouns)


def _is_plural_noun(text: str, end: int) -> bool:
    lex = _lexicon()
    found = _NEXT_WORD.match(text, end)
    if not found:
        return False
    word = found.group(1).lower()
    if word in lex.irregular_plurals:
        return True
    return (
        len(word) > 3
        and word.endswith("s")
        and not word.endswith(("ss", "us", "is"))
        and word not in lex.not_plural
        and word not in lex.vague
    )


def _qualifier(pre: str | None, suf: str | None) -> str | None:
    words = [w for w in (pre, suf) if w]
    return " ".join(words) if words else None


# ---------------------------------------------------------------------------------------------
# Reading one candidate match


def _quantity(
    text: str, start: int, end: int, value: int, low: int, high: int, qualifier: str | None
) -> Quantity:
    return Quantity(
        value=value,
        low=low,
        high=high,
        qualifier=qualifier,
        vague=False,
        span=Span.of(text, start, end),
    )


def _vague(text: str, match: re.Match[str], groups: dict[str, str | None]) -> Quantity | None:
    lex = _lexicon()
    start, end = match.span()
    figures: _Vague | None = None
    if groups["vp"]:
        words = _norm(groups["vp"]).split()
        if words[0] in lex.plural_modifiers:
            words = words[1:]
        if words[-1] == "of" and " ".join(words) not in lex.vague:
            words = words[:-1]
        figures = lex.vague.get(" ".join(words))
    elif groups["vm"]:
        phrase = _norm(groups["vm"])
        key = max((k for k in lex.multipliers if phrase.startswith(k + " ")), key=len)
        factor = 1
        for word in phrase[len(key) :].split():
            factor *= lex.scales[word]
        base = lex.multipliers[key]
        figures = _Vague(base.value * factor, base.high * factor)
    elif groups["vo"]:
        figures = lex.vague.get(_norm(groups["vo"]))
    elif groups["vs"] and _is_plural_noun(text, match.end("vs")):
        figures = lex.some
    if figures is None:
        return None
    return Quantity(
        value=figures.value,
        low=figures.value,
        high=figures.high,
        qualifier=text[start:end],
        vague=True,
        span=Span.of(text, start, end),
    )


def _interpret(text: str, match: re.Match[str]) -> tuple[Quantity | None, int]:
    """The quantity a candidate match stands for (or None), and where to resume scanning."""
    start, end = match.span()
    if _bad_before(text, start):
        return None, end
    groups = match.groupdict()
    pre, suf = groups["pre"], groups["suf"]

    if groups["vague"] is not None:
        if _bad_after(text, end):
            return None, end
        return _vague(text, match, groups), end

    if groups["between"] is not None:
        low_n = _read_number(groups["b_lo"] or "")
        high_n = _read_number(groups["b_hi"] or "")
    else:
        lo_text = groups["lo"] or ""
        low_n = _read_number(lo_text)
        hi_text = groups["hi_d"] or groups["hi_w"]
        if hi_text is None:
            return _single(text, start, end, low_n, pre, suf, lo_text)
        high_n = _read_number(hi_text)
        rw = groups["rw"]
        if rw is not None and (
            high_n.value <= _share_scale(low_n, high_n)
            or (rw.lower() == "to" and _previous_word(text, start).lower() == "from")
        ):
            # "from 10 to 15" is a change, "20 or 2" no range: the first number alone.
            quantity, _ = _single(text, start, match.end("lo"), low_n, pre, None, lo_text)
            return quantity, match.start("hi_w")

    # A range
    if _bad_after(text, end):
        return None, end
    low_value = _share_scale(low_n, high_n)
    low, high = _integer(min(low_value, high_n.value)), _integer(max(low_value, high_n.value))
    if (
        low is None
        or high is None
        or (groups["hi_d"] is not None and high_n.value <= low_value)
        or low_n.padded
        or high_n.padded
    ):
        return None, end
    if (low_n.year_like or high_n.year_like) and not (pre or _followed_by_count_noun(text, end)):
        return None, end
    return _quantity(text, start, end, low, low, high, _qualifier(pre, suf)), end


def _single(
    text: str,
    start: int,
    end: int,
    number: _Number,
    pre: str | None,
    suf: str | None,
    number_text: str,
) -> tuple[Quantity | None, int]:
    """One number (with its qualifiers), and where to resume scanning."""
    if _bad_after(text, end):
        return None, end
    value = _integer(number.value)
    if value is None or number.padded:
        return None, end
    if number.year_like and not (pre or _followed_by_count_noun(text, end)):
        return None, end
    if not pre and number_text.lower() == "one":
        grammar = _grammar()
        after = grammar.one_after.match(text, end)
        if after:  # "one of the", "one another", "one by one" (all of it)
            return None, after.end()
        if _previous_word(text, start).lower() in grammar.one_not_after:
            return None, end  # "no one", "the one who"
    return _quantity(text, start, end, value, value, value, _qualifier(pre, suf)), end


# ---------------------------------------------------------------------------------------------
# API


_HYPHENATED_SCALE = re.compile(
    r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten)-(?:hundred|thousand|million)\b",
    re.IGNORECASE,
)


def find_quantities(text: str) -> list[Quantity]:
    """Every number phrase of ``text``, left to right, non-overlapping.

    >>> [(q.span.text, q.value, q.high) for q in find_quantities("at least 20 and dozens more")]
    [('at least 20', 20, 20), ('dozens', 12, 99)]
    """
    original = text
    # "one-hundred and thirty-two": the grammar reads scale words after a space; a hyphen is
    # swapped for one in a copy of the same length, so offsets still index the original.
    text = _HYPHENATED_SCALE.sub(lambda m: m.group(0).replace("-", " "), text)
    grammar = _grammar()
    pattern = grammar.phrase
    found: list[Quantity] = []
    pos = 0
    # Trying the phrase pattern only where a digit or a possible first word begins is many
    # times faster than letting it search every position.
    lowered = text.lower()
    if len(lowered) == len(text):
        candidates = grammar.trigger.finditer(lowered)
    else:
        candidates = grammar.trigger_any_case.finditer(text)
    for candidate in candidates:
        start = candidate.start()
        if start < pos:
            continue
        match = pattern.match(text, start)
        if match is None:
            continue
        quantity, resume = _interpret(text, match)
        if quantity is not None:
            if text is not original:
                span = Span.of(original, quantity.span.start, quantity.span.end)
                quantity = quantity.model_copy(update={"span": span})
            found.append(quantity)
        pos = max(resume, start + 1)
    return found


def parse_quantity(phrase: str) -> Quantity | None:
    """The first number phrase of ``phrase`` (span relative to ``phrase``), or None.

    >>> q = parse_quantity("between 10 and 15")
    >>> (q.value, q.low, q.high) if q else None
    (10, 10, 15)
    """
    found = find_quantities(phrase)
    return found[0] if found else None
