"""Actor dictionary and actor mention finder (DESIGN §3).

The dictionary (``data/actors.yaml``) maps the names news text uses ("ISIS", "al-Shabab",
"the Tatmadaw", "Iraqi forces", "gunmen") to ACLED-style actors ("Islamic State",
"Al Shabaab", "Military Forces of Myanmar", "Military Forces of Iraq",
"Unidentified Armed Group (Iraq)") with ACLED's inter code.

Matching works on word tokens, not on one giant regular expression: the text is cut into
word tokens once, and at each token the longest alias starting there is looked up in a dict
keyed by the lowercased token tuple. That makes a 2,000-character article cost a few hundred
dict look-ups whatever the size of the dictionary.

- Between the words of an alias, any run of spaces, hyphens, apostrophes or slashes matches
  ("al-Shabaab" = "al Shabaab"; "Ta'ang" = "Ta’ang" = "Taang").
- Alias words without lowercase letters ("IS", "ADF", "M23", the "U" and "S" of "U.S.") match
  case-sensitively, so "IS" never matches the verb "is"; words of 4+ letters also in Titlecase
  ("Isis", "Nato"). In all-caps passages short acronyms are not trusted and are skipped.
- A named actor absorbs a following fighter noun: "ISIS fighters", "Houthi rebels" are one mention.
- Generic phrases ("troops", "police", "gunmen", "civilians") take their country from a demonym
  or country name just before them ("Iraqi forces", "Nigeria's army"), else from the caller's
  country, else from the country the text mentions most.

>>> [m.actor.name for m in find_actors("ISIS fighters attacked Iraqi forces near Mosul.")]
['Islamic State', 'Military Forces of Iraq']
>>> normalize_actor("Military Forces of Nigeria (2015-)").name
'Military Forces of Nigeria'
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from typing import Any, Literal

import yaml
from pydantic import BaseModel

from eventcoder.records import Span

__all__ = [
    "INTER_CODES",
    "Actor",
    "ActorMention",
    "demonym_country",
    "find_actors",
    "normalize_actor",
    "resolve_generic",
]

INTER_CODES: tuple[str, ...] = (
    "State forces",
    "Rebel group",
    "Political militia",
    "Identity militia",
    "Rioters",
    "Protesters",
    "Civilians",
    "External/Other forces",
)
ARMED_NON_STATE: frozenset[str] = frozenset(
    {"Rebel group", "Political militia", "Identity militia"}
)
UNIDENTIFIED = "Unidentified Armed Group"

_MAX_LOOKBACK = 4


class Actor(BaseModel):
    """An ACLED-style actor: ``name`` as ACLED writes it, its ``inter`` code, its home country.

    ``parent`` names the state force a unit belongs to ("Military Forces of Iraq" for its
    Counter Terrorism Service), for consumers that code only the parent.
    """

    name: str
    inter: str
    country: str | None
    parent: str | None = None


class ActorMention(BaseModel):
    """One actor mention in a text. ``generic``: found from a generic phrase (militants, police).
    ``country_from_text``: the actor's country was read from the places and demonyms around it
    ("Fulani herdsmen" near a Nigerian town), not known from its name."""

    span: Span
    actor: Actor
    generic: bool
    country_from_text: bool = False


# ----------------------------------------------------------------------------- dictionary

TokenMode = Literal["ci", "cs", "cs_title"]


@dataclass(frozen=True)
class _Entry:
    """One dictionary target: a fixed actor, a template ("Civilians ({country})"), or an
    ambiguous alias resolved by country."""

    name: str | None  # fixed name or template; None: no default (ambiguous without default)
    inter: str
    country: str | None = None
    parent: str | None = None
    generic: bool = False
    templated: bool = False
    needs_modifier: bool = False
    default_country: str | None = None
    by_country: Mapping[str, str] = field(default_factory=dict)
    not_followed_by: frozenset[str] = frozenset()


@dataclass(frozen=True)
class _Alias:
    text: str
    raw: tuple[str, ...]
    modes: tuple[TokenMode, ...]
    entry: _Entry


@dataclass(frozen=True)
class _Country:
    iso2: str
    name: str
    state: str  # the form after "Military Forces of": "the United States"
    names: tuple[str, ...] = ()  # other names, not demonyms: "DR Congo", "Gaza Strip"


@dataclass
class _Dictionary:
    countries: dict[str, _Country]  # by name
    country_keys: dict[str, str]  # casefolded name / iso2 / alias / demonym -> country name
    # Demonyms and country names as token aliases (for "Iraqi forces", "Nigeria's army").
    place_aliases: dict[tuple[str, ...], list[tuple[_Alias, str]]]
    aliases: dict[tuple[str, ...], list[_Alias]]
    first_tokens: dict[str, int]  # first token -> longest alias length starting with it
    place_first: dict[str, int]  # the same for place_aliases
    followers: frozenset[str]  # nouns a named actor absorbs: "ISIS fighters", "Houthi rebels"
    actors: dict[str, Actor]  # casefolded canonical / ACLED name -> actor
    templates: list[tuple[re.Pattern[str], _Entry]]
    template_by_name: dict[str, _Entry]
    name_patterns: list[tuple[re.Pattern[str], str]]  # other datasets' name shapes -> inter
    entries: list[tuple[_Entry, list[str]]] = field(default_factory=list)  # for tests/reports


_TOKEN_RE = re.compile(r"[^\W_]+")
_PLAIN_JOINER = re.compile(r"[\s\-‐‑–'’ʼ`/(]{1,3}")
_PERIOD_JOINER = re.compile(r"\.[\s\-‐‑–]{0,2}")
_WS_JOINER = re.compile(r"[ \t\u00a0]{1,3}|\n")
_PERIOD_WS = re.compile(r"\.[ \t\u00a0]{1,2}")
_APOSTROPHES = "'’ʼ`"
_PLACEHOLDER_RE = re.compile(r"\s*\(\{country\}\)|\s+of \{state\}|\s+of \{country\}")
_PAREN_TAIL_RE = re.compile(r"^(.*?)\s*\(([^()]*)\)\s*$")
_DATE_OR_HEDGE_RE = re.compile(
    r"^\s*(?:\d{4}\s*-\s*(?:\d{4})?|suspected|alleged|presumed|claimed|unconfirmed)\s*$", re.I
)


def _fold(token: str) -> str:
    """Lowercase and strip accents: "Úsuga" -> "usuga"."""
    low = token.lower()
    if low.isascii():
        return low
    return "".join(c for c in unicodedata.normalize("NFKD", low) if not unicodedata.combining(c))


def _token_mode(token: str, exact: bool) -> TokenMode:
    if exact or (any(c.isalpha() for c in token) and not any(c.islower() for c in token)):
        if not exact and token.isalpha() and len(token) >= 4:
            return "cs_title"
        return "cs"
    return "ci"


def _alias_variants(alias: str, exact: bool, entry: _Entry) -> list[_Alias]:
    """The token forms of one alias: as written, and with apostrophe-split words joined."""
    matches = list(_TOKEN_RE.finditer(alias))
    if not matches:
        return []
    raw = tuple(m.group() for m in matches)
    out = [_Alias(alias, raw, tuple(_token_mode(t, exact) for t in raw), entry)]
    # "Ta'ang" is also written "Taang", "Da'esh" "Daesh".
    joins = [
        i
        for i in range(len(matches) - 1)
        if alias[matches[i].end() : matches[i + 1].start()] in _APOSTROPHES
    ]
    if joins:
        merged: list[str] = []
        for i, tok in enumerate(raw):
            if i - 1 in joins and merged:
                merged[-1] += tok
            else:
                merged.append(tok)
        mraw = tuple(merged)
        out.append(_Alias(alias, mraw, tuple(_token_mode(t, exact) for t in mraw), entry))
    return out


def _template_regex(template: str) -> re.Pattern[str]:
    parts = re.split(r"(\{country\}|\{state\})", template)
    body = "".join("(?P<c>.+?)" if p in ("{country}", "{state}") else re.escape(p) for p in parts)
    return re.compile(f"^{body}$", re.I)


@cache
def _dictionary() -> _Dictionary:
    """Load and index ``data/actors.yaml`` (once per process)."""
    text = resources.files("eventcoder").joinpath("data/actors.yaml").read_text(encoding="utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return _build(data)


def _build(data: Mapping[str, Any]) -> _Dictionary:
    countries: dict[str, _Country] = {}
    by_iso: dict[str, _Country] = {}
    country_keys: dict[str, str] = {}
    place_aliases: dict[tuple[str, ...], list[tuple[_Alias, str]]] = {}
    place_entry = _Entry(name=None, inter="")
    for iso2, spec in data["countries"].items():
        c = _Country(
            iso2=iso2,
            name=spec["name"],
            state=spec.get("state", spec["name"]),
            names=tuple(spec.get("names", [])),
        )
        countries[c.name] = by_iso[iso2] = c
        forms = [c.name, *spec.get("names", []), *spec.get("demonyms", [])]
        for form in [iso2, *forms]:
            country_keys.setdefault(form.casefold(), c.name)
        for form in forms:
            for al in _alias_variants(form, False, place_entry):
                place_aliases.setdefault(tuple(_fold(t) for t in al.raw), []).append((al, c.name))

    def country_name(iso2: str | None) -> str | None:
        return by_iso[iso2].name if iso2 else None

    aliases: dict[tuple[str, ...], list[_Alias]] = {}
    actors: dict[str, Actor] = {}
    entries: list[tuple[_Entry, list[str]]] = []

    def add(entry: _Entry, names: Iterable[str], exact: Iterable[str] = ()) -> None:
        listed = [*names, *exact]
        entries.append((entry, listed))
        for alias, is_exact in [*((n, False) for n in names), *((n, True) for n in exact)]:
            for al in _alias_variants(str(alias), is_exact, entry):
                key = tuple(_fold(t) for t in al.raw)
                bucket = aliases.setdefault(key, [])
                if all(
                    o.entry is not entry or o.raw != al.raw or o.modes != al.modes for o in bucket
                ):
                    bucket.append(al)

    for spec in data["actors"]:
        country = country_name(spec.get("iso2"))
        actor = Actor(
            name=spec["name"], inter=spec["inter"], country=country, parent=spec.get("parent")
        )
        for n in [actor.name, *spec.get("acled_names", [])]:
            actors[n.casefold()] = actor
        entry = _Entry(name=actor.name, inter=actor.inter, country=country, parent=actor.parent)
        names = list(spec.get("aliases") or [])
        if ":" not in actor.name and "(" not in actor.name:
            names.append(actor.name)
        add(entry, names, spec.get("exact") or [])

    templates: list[tuple[re.Pattern[str], _Entry]] = []
    template_by_name: dict[str, _Entry] = {}
    for spec in data["generic"]:
        entry = _Entry(
            name=spec["name"],
            inter=spec["inter"],
            generic=not spec.get("named", False),
            templated=True,
            needs_modifier=bool(spec.get("needs_modifier", False)),
            default_country=spec.get("default_country"),
        )
        template_by_name.setdefault(entry.name or "", entry)
        templates.append((_template_regex(spec["name"]), entry))
        add(entry, spec["phrases"])

    def target_inter(target: str) -> str:
        if target.casefold() in actors:
            return actors[target.casefold()].inter
        return template_by_name[target].inter

    for spec in data.get("ambiguous", []):
        default = spec.get("default")
        by_country = dict(spec.get("by_country") or {})
        inter = target_inter(default) if default else target_inter(next(iter(by_country.values())))
        entry = _Entry(
            name=default,
            inter=inter,
            templated=bool(default and "{" in default),
            generic=bool(spec.get("generic", False)),
            by_country=by_country,
            not_followed_by=frozenset(w.lower() for w in spec.get("not_followed_by", [])),
        )
        add(entry, spec["aliases"])

    first_tokens: dict[str, int] = {}
    for key in aliases:
        first_tokens[key[0]] = max(first_tokens.get(key[0], 0), len(key))
    place_first: dict[str, int] = {}
    for key in place_aliases:
        place_first[key[0]] = max(place_first.get(key[0], 0), len(key))
    return _Dictionary(
        countries=countries,
        country_keys=country_keys,
        place_aliases=place_aliases,
        aliases=aliases,
        first_tokens=first_tokens,
        place_first=place_first,
        followers=frozenset(w.lower() for w in data.get("followers", [])),
        actors=actors,
        templates=templates,
        template_by_name=template_by_name,
        name_patterns=[
            (re.compile(p["pattern"]), p["inter"]) for p in data.get("name_patterns", [])
        ],
        entries=entries,
    )


# ----------------------------------------------------------------------------- resolution


def _canonical_country(country: str | None) -> str | None:
    """A caller's country (name, ISO2, other name or demonym) as the dictionary's name."""
    if not country:
        return None
    key = country.strip().casefold()
    return _dictionary().country_keys.get(key, country.strip())


def country_forms() -> frozenset[str]:
    """Every country name of the dictionary with its other names ("DRC", "Gaza Strip"), no
    demonyms."""
    return frozenset(form for c in _dictionary().countries.values() for form in (c.name, *c.names))


def written_names() -> frozenset[str]:
    """Every actor alias, country name and demonym written with a capital ("Boko Haram",
    "FMLN", "Salvadoran"): the words a text in capitals should get its capitals back on."""
    d = _dictionary()
    aliases = [al.text for found in d.aliases.values() for al in found]
    aliases += [al.text for found in d.place_aliases.values() for al, _country in found]
    return frozenset(a for a in aliases if any(c.isupper() for c in a))


def demonym_country(word: str) -> str | None:
    """The country of a demonym or country name: "Iraqi" -> "Iraq", "Burkinabe" -> "Burkina Faso".

    Ethnic adjectives that span several countries ("Kurdish", "Fulani") give None; the
    dictionary handles "Kurdish forces" and "Fulani herdsmen" as phrases instead.
    """
    return _dictionary().country_keys.get(word.strip().casefold())


def _fill(template: str, country: str | None) -> str:
    if country is None:
        return _PLACEHOLDER_RE.sub("", template)
    d = _dictionary()
    c = d.countries.get(country)
    state = c.state if c else country
    return template.replace("{state}", state).replace("{country}", country)


def _actor_for(target: str, inter: str, country: str | None) -> Actor:
    """The actor a (possibly templated) target name stands for in ``country``."""
    d = _dictionary()
    if "{" in target:
        name = _fill(target, country)
        known = d.actors.get(name.casefold())
        return known or Actor(name=name, inter=inter, country=country)
    known = d.actors.get(target.casefold())
    return known or Actor(name=target, inter=inter, country=country)


def _resolve_entry(entry: _Entry, country: str | None, local: bool) -> Actor | None:
    """The actor of an entry given the mention's country (``local``: from an adjacent demonym)."""
    if country is not None and country in entry.by_country:
        target = entry.by_country[country]
        return _actor_for(target, _target_inter(target, entry.inter), country)
    if entry.name is None:
        return None
    if entry.templated:
        if entry.needs_modifier and not local:
            return None
        return _actor_for(entry.name, entry.inter, country or entry.default_country)
    if entry.by_country:  # an ambiguous alias's default: a dictionary actor
        return _actor_for(entry.name, entry.inter, entry.country)
    return Actor(name=entry.name, inter=entry.inter, country=entry.country, parent=entry.parent)


def _target_inter(target: str, fallback: str) -> str:
    d = _dictionary()
    if target.casefold() in d.actors:
        return d.actors[target.casefold()].inter
    entry = d.template_by_name.get(target)
    return entry.inter if entry else fallback


# ----------------------------------------------------------------------------- matching


@dataclass
class _Tokens:
    text: str
    starts: list[int]
    ends: list[int]
    raw: list[str]
    low: list[str]
    gap_ok: list[bool]  # gap i: between token i and i+1 may sit inside an alias
    gap_ws: list[bool]  # gap i is plain whitespace (for look-back and followers)
    trust_caps: bool = False  # True: accept short acronyms even in all-caps passages

    @classmethod
    def of(cls, text: str, trust_caps: bool = False) -> _Tokens:
        ms = list(_TOKEN_RE.finditer(text))
        starts = [m.start() for m in ms]
        ends = [m.end() for m in ms]
        raw = [m.group() for m in ms]
        low = [_fold(t) for t in raw]
        gap_ok: list[bool] = []
        gap_ws: list[bool] = []
        for i in range(len(ms) - 1):
            gap = text[ends[i] : starts[i + 1]]
            ok = _PLAIN_JOINER.fullmatch(gap) is not None and "\n\n" not in gap
            if not ok and len(raw[i]) == 1 and _PERIOD_JOINER.fullmatch(gap):
                ok = True  # "U.S.", "U.N."
            gap_ok.append(ok)
            gap_ws.append(_WS_JOINER.fullmatch(gap) is not None)
        return cls(text, starts, ends, raw, low, gap_ok, gap_ws, trust_caps)

    def run_length(self, i: int, limit: int) -> int:
        """How many tokens from i can form one alias (joined by allowed gaps), at most limit."""
        n = 1
        while n < limit and i + n - 1 < len(self.gap_ok) and self.gap_ok[i + n - 1]:
            n += 1
        return n

    def shouting(self, i: int, j: int) -> bool:
        """True when tokens i..j-1 sit in an all-caps passage (no lowercase around them)."""
        if self.trust_caps:
            return False
        a = max(0, self.starts[i] - 30)
        b = min(len(self.text), self.ends[j - 1] + 30)
        window = self.text[a:b]
        return not any(c.islower() for c in window)


def _accepts(al: _Alias, toks: _Tokens, i: int) -> bool:
    for k, mode in enumerate(al.modes):
        if mode == "ci":
            continue
        got, want = toks.raw[i + k], al.raw[k]
        if got != want and not (mode == "cs_title" and got == want.title()):
            return False
    if all(m != "ci" and len(t) <= 3 for m, t in zip(al.modes, al.raw, strict=True)):
        return not toks.shouting(i, i + len(al.raw))  # "IS", "US" in an all-caps headline
    return True


def _match_at(
    toks: _Tokens,
    i: int,
    table: Mapping[tuple[str, ...], list[Any]],
    max_len: int,
) -> tuple[int, Any] | None:
    """The longest alias of ``table`` starting at token i: (length, table item)."""
    n_max = toks.run_length(i, max_len)
    for n in range(n_max, 0, -1):
        bucket = table.get(tuple(toks.low[i : i + n]))
        if not bucket:
            continue
        for item in bucket:
            al = item[0] if isinstance(item, tuple) else item
            if _accepts(al, toks, i):
                return n, item
    return None


def _place_before(toks: _Tokens, i: int, floor: int) -> tuple[int, str] | None:
    """A demonym or country name ending just before token i ("Iraqi", "U.S.", "Nigeria's").

    Returns (first token index, country name). ``floor``: tokens before it are taken.
    """
    d = _dictionary()
    if i == 0:
        return None
    if not toks.gap_ws[i - 1]:
        gap = toks.text[toks.ends[i - 1] : toks.starts[i]]
        if len(toks.raw[i - 1]) != 1 or _PERIOD_WS.fullmatch(gap) is None:  # "U.S. troops"
            return None
    end = i  # exclusive end of the place tokens
    # Possessive: "Nigeria's army", "Iraq’s forces".
    if (
        end >= 2
        and toks.low[end - 1] == "s"
        and toks.text[toks.ends[end - 2] : toks.starts[end - 1]] in _APOSTROPHES
    ):
        end -= 1
    for n in range(min(_MAX_LOOKBACK, end - floor), 0, -1):
        start = end - n
        if any(not toks.gap_ok[k] for k in range(start, end - 1)):
            continue
        bucket = d.place_aliases.get(tuple(toks.low[start:end]))
        if not bucket:
            continue
        for al, country in bucket:
            if _accepts(al, toks, start):
                return start, country
    return None


def _sentence_initial(toks: _Tokens, i: int) -> bool:
    if i == 0:
        return True
    gap = toks.text[toks.ends[i - 1] : toks.starts[i]]
    return any(c in gap for c in '.!?:;\n"“”')


@dataclass
class _Raw:
    start_tok: int
    end_tok: int  # exclusive
    start: int
    end: int
    entry: _Entry
    local_country: str | None


# The pipeline asks about one text several times (for its country, then with the country
# found): the scan does not depend on the country, so the last few texts' scans are kept.
@lru_cache(maxsize=8)
def _scan(text: str, trust_caps: bool = False) -> tuple[_Tokens, list[_Raw], Counter[str]]:
    d = _dictionary()
    toks = _Tokens.of(text, trust_caps)
    found: list[_Raw] = []
    seen_countries: Counter[str] = Counter()
    i, n_tok, floor = 0, len(toks.raw), 0
    while i < n_tok:
        first = toks.low[i]
        hit = None
        if first in d.first_tokens:
            hit = _match_at(toks, i, d.aliases, d.first_tokens[first])
        if hit is None:
            if first in d.place_first:
                place = _match_at(toks, i, d.place_aliases, d.place_first[first])
                if place is not None:
                    seen_countries[place[1][1]] += 1
            i += 1
            continue
        n, al = hit
        entry: _Entry = al.entry
        j = i + n
        if entry.not_followed_by and j < n_tok and toks.low[j] in entry.not_followed_by:
            i += 1
            continue
        start_tok, local = i, None
        if entry.templated or entry.by_country:
            place = _place_before(toks, i, floor)
            if place is not None:
                start_tok, local = place
            elif (
                entry.generic
                and toks.raw[i][:1].isupper()
                and i > 0
                and toks.gap_ws[i - 1]
                and toks.raw[i - 1][:1].isupper()
                and not _sentence_initial(toks, i - 1)
            ):
                # "Lord's Resistance Army": an unknown proper name, not a generic army.
                if j < n_tok and toks.gap_ws[j - 1] and toks.low[j] in d.followers:
                    j += 1
                i = j
                floor = j
                continue
        end = toks.ends[j - 1]
        after = toks.text[end : end + 1]
        if after == ")" and toks.text.count("(", toks.starts[i], end) > toks.text.count(
            ")", toks.starts[i], end
        ):
            end += 1  # "CPI (Maoist)"
        elif after == "." and j - i > 1 and len(toks.raw[j - 1]) == 1:
            end += 1  # "U.S.", "U.N."
        elif not entry.generic and j < n_tok and toks.gap_ws[j - 1] and toks.low[j] in d.followers:
            end = toks.ends[j]
            j += 1
        if entry.country and not entry.generic:
            seen_countries[entry.country] += 1
        if toks.low[start_tok] == "the" and start_tok + 1 < j:
            start_tok += 1  # "the coalition" -> "coalition"
        found.append(_Raw(start_tok, j, toks.starts[start_tok], end, entry, local))
        i = floor = j
    return toks, found, seen_countries


def find_actors(text: str, country: str | None = None) -> list[ActorMention]:
    """Every actor mention in ``text``, in order, longest match first, without overlaps.

    ``country``: the article's focus country (name, ISO2 or demonym), used for generic phrases
    without a demonym of their own; when None, the country the text names most is used.
    """
    return _find(text, country)


def _find(text: str, country: str | None, trust_caps: bool = False) -> list[ActorMention]:
    _, found, seen = _scan(text, trust_caps)
    focus = _canonical_country(country)
    if focus is None and seen:
        focus = seen.most_common(1)[0][0]
    out: list[ActorMention] = []
    for r in found:
        local = r.local_country is not None
        read = r.local_country or focus  # else the entry's own default country, if any
        actor = _resolve_entry(r.entry, read, local)
        if actor is None:
            continue
        out.append(
            ActorMention(
                span=Span.of(text, r.start, r.end),
                actor=actor,
                generic=r.entry.generic,
                country_from_text=read is not None
                and (r.entry.templated or bool(r.entry.by_country)),
            )
        )
    return out


def resolve_generic(mentions: list[ActorMention]) -> list[ActorMention]:
    """Give generic armed-group mentions ("the militants") the text's one named armed group.

    When exactly one named non-state armed group (rebel group or militia) appears among
    ``mentions``, generic "Unidentified Armed Group" mentions become that group; otherwise,
    and for explicitly unidentified phrases ("unknown gunmen"), they stay unidentified.
    """
    named: dict[str, Actor] = {}
    for m in mentions:
        if not m.generic and m.actor.inter in ARMED_NON_STATE:
            named.setdefault(m.actor.name, m.actor)
    if len(named) != 1:
        return list(mentions)
    (group,) = named.values()
    out: list[ActorMention] = []
    for m in mentions:
        explicit = m.span.text.lower().startswith(("unidentified", "unknown"))
        if m.generic and m.actor.name.startswith(UNIDENTIFIED) and not explicit:
            out.append(m.model_copy(update={"actor": group}))
        else:
            out.append(m)
    return out


def normalize_actor(name: str, country: str | None = None) -> Actor | None:
    """The dictionary actor for a name from any source, or None.

    Accepts canonical and ACLED names (with or without ACLED's date suffix:
    "Military Forces of Nigeria (2015-)"), "Civilians (Mali)"-style template names,
    "Name (ACRONYM)" forms, "(suspected)" hedges, and any alias ("ISIS", "the Tatmadaw",
    "gunmen", filled with ``country``).
    """
    d = _dictionary()
    s = " ".join(name.split())
    if not s:
        return None
    focus = _canonical_country(country)
    candidates = [s]
    m = _PAREN_TAIL_RE.match(s)
    while m and _DATE_OR_HEDGE_RE.match(m.group(2)):
        s = m.group(1)
        candidates.append(s)
        m = _PAREN_TAIL_RE.match(s)
    if m:  # "Hamas (Islamic Resistance Movement)", "Tehrik-e-Taliban Pakistan (TTP)"
        candidates += [m.group(1), m.group(2)]
    if ": " in s:  # "HTS: Hayat Tahrir al Sham"
        candidates += [part for part in s.split(": ", 1)]
    for cand in candidates:
        known = d.actors.get(cand.casefold())
        if known:
            return known
        for pattern, entry in d.templates:
            tm = pattern.match(cand)
            if tm and entry.name:
                c = _canonical_country(tm.group("c").removeprefix("the ").strip())
                if c in d.countries:
                    return _actor_for(entry.name, entry.inter, c)
        for pattern, inter in d.name_patterns:  # "Tiv Ethnic Militia (Nigeria)"
            pm = pattern.match(cand)
            if pm:
                return Actor(name=cand, inter=inter, country=_canonical_country(pm.group("c")))
    for cand in candidates:
        actor = _whole_match(cand, focus)
        if actor:
            return actor
    return None


def _whole_match(s: str, country: str | None) -> Actor | None:
    """The actor when one alias covers all of ``s`` (a leading "the" aside)."""
    s = re.sub(r"^(?:the)\s+", "", s.strip(), flags=re.I).rstrip(" .,;:")
    mentions = _find(s, country, trust_caps=True)  # a bare "PKK" is not shouting
    if len(mentions) == 1 and mentions[0].span.start == 0 and mentions[0].span.end >= len(s):
        return mentions[0].actor
    return None


def dictionary_report() -> dict[str, Any]:
    """Counts of actors and aliases per home country, for documentation and tests."""
    d = _dictionary()
    per_country: dict[str, dict[str, int]] = {}
    for entry, names in d.entries:
        key = entry.country or ("(generic)" if entry.templated or entry.by_country else "(intl)")
        row = per_country.setdefault(key, {"actors": 0, "aliases": 0})
        row["actors"] += 1
        row["aliases"] += len(names)
    return {
        "countries": len(d.countries),
        "entries": len(d.entries),
        "alias_keys": len(d.aliases),
        "per_country": dict(sorted(per_country.items())),
    }
