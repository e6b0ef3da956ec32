"""Pure metric functions: each compares one gold value with ours and says whether they agree.

Nothing here runs the pipeline or reads files; the gazetteer is passed in where a lookup is
needed (country and admin1 names), so every function can be tested on known answers.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol, TypeVar

from eventcoder.records import Event, Total
from eventcoder.resolve.gazetteer import haversine_km
from eventcoder.resolve.placenames import name_keys, normalize_place_name

__all__ = [
    "PLACE_KM",
    "Ratio",
    "acceptable_types",
    "acled_v6_label",
    "admin1_match",
    "country_codes",
    "country_match",
    "date_match",
    "is_acled_v6",
    "largest_fatalities",
    "match_one_to_one",
    "named_in_text",
    "names_a_key",
    "names_match",
    "place_match",
    "prf",
    "sum_fatalities",
    "sum_injured",
    "type_match",
    "within",
]

PLACE_KM = 25.0


class _Lookup(Protocol):
    """The part of `Gazetteer` the metrics use (a fake one in tests)."""

    def country(self, name_or_demonym: str) -> _Coded | None: ...

    def admin1(self, name: str, country_code: str | None = None) -> _Coded | None: ...


class _Coded(Protocol):
    @property
    def geonameid(self) -> int: ...

    @property
    def country_code(self) -> str: ...


@dataclass
class Ratio:
    """hits out of n; ``value`` is None when nothing was scored."""

    hits: int = 0
    n: int = 0

    def add(self, ok: bool) -> None:
        self.n += 1
        self.hits += int(ok)

    @property
    def value(self) -> float | None:
        return self.hits / self.n if self.n else None


# --------------------------------------------------------------------------- counts


def sum_fatalities(events: Iterable[Event], totals: Iterable[Total] = ()) -> int:
    """Our document-level deaths: the sum over our events (an event without a number adds 0),
    or a stated total of killed when it is larger (a summary whose parts the text does not all
    give: "attacks across Iraq killed 12 ... the deadliest, in Mosul, killed 5")."""
    summed = sum(e.fatalities or 0 for e in events)
    stated = max((t.count for t in totals if t.kind == "killed"), default=0)
    return max(summed, stated)


def largest_fatalities(events: Iterable[Event]) -> int:
    """The deaths of our single largest event (0 without events)."""
    return max((e.fatalities or 0 for e in events), default=0)


def sum_injured(events: Iterable[Event], totals: Iterable[Total] = ()) -> int:
    """Our document-level injured, as `sum_fatalities` counts deaths."""
    summed = sum(e.injured or 0 for e in events)
    stated = max((t.count for t in totals if t.kind == "injured"), default=0)
    return max(summed, stated)


def within(ours: int, gold: int, tolerance: float = 0.10) -> bool:
    """``ours`` lies within ``tolerance`` (a share) of ``gold``; for gold 0 only 0 does.

    >>> within(11, 10), within(12, 10), within(0, 0)
    (True, False, True)
    """
    return abs(ours - gold) <= tolerance * abs(gold) + 1e-9


def prf(matched: int, n_ours: int, n_gold: int) -> tuple[float | None, float | None, float | None]:
    """Precision, recall and F1 of a one-to-one matching (None where undefined)."""
    precision = matched / n_ours if n_ours else None
    recall = matched / n_gold if n_gold else None
    if precision is None or recall is None:
        f1 = None
    elif precision + recall == 0:
        f1 = 0.0
    else:
        f1 = 2 * precision * recall / (precision + recall)
    return precision, recall, f1


# --------------------------------------------------------------------------- places


def _keys(names: Iterable[str]) -> set[str]:
    return {key for name in names if name for key in name_keys(name)}


def names_match(gold: Iterable[str], ours: Iterable[str]) -> bool:
    """Any gold name and any of ours share a normalized key ("al-Anbar" = "Anbar", "Ba‘qūbah" =
    "Baquba", "Mosul town" = "Mosul")."""
    return bool(_keys(gold) & _keys(ours))


def named_in_text(text: str, names: Iterable[str]) -> bool:
    """Whether the text names any of ``names`` (compared by place-name key, one to four words
    at a time): a coder's place that the text never names cannot be found in the text.

    >>> named_in_text("A bomb went off in al-Anbar on Monday.", ["Anbar"])
    True
    """
    return names_a_key(text, {k for n in names if n for k in name_keys(n)})


def names_a_key(text: str, keys: set[str]) -> bool:
    """Whether one to four consecutive words of the text have one of these place-name keys."""
    if not keys:
        return False
    words = re.findall(r"[\w‘’'`ʿʾ-]+", text)
    for n in (1, 2, 3, 4):
        for i in range(len(words) - n + 1):
            if normalize_place_name(" ".join(words[i : i + n])) in keys:
                return True
    return False


def place_match(
    gold_names: Sequence[str],
    gold_coordinates: tuple[float, float] | None,
    ours_names: Sequence[str],
    ours_coordinates: tuple[float, float] | None,
    km: float = PLACE_KM,
) -> str | None:
    """How our place agrees with gold: ``"name"``, ``"distance"`` (within ``km`` of gold's
    coordinates), or None."""
    if names_match(gold_names, ours_names):
        return "name"
    if (
        gold_coordinates is not None
        and ours_coordinates is not None
        and haversine_km(*gold_coordinates, *ours_coordinates) <= km
    ):
        return "distance"
    return None


# Gold countries that are not (or not only) one ISO country.
_COUNTRY_ALIASES: dict[str, frozenset[str]] = {
    "kashmir": frozenset({"IN", "PK"}),
    "northern ireland": frozenset({"GB", "IE"}),
    "west bank/gaza": frozenset({"PS", "IL"}),
    "west bank": frozenset({"PS", "IL"}),
    "gaza strip": frozenset({"PS", "IL"}),
    "gaza": frozenset({"PS", "IL"}),
    "chechnya": frozenset({"RU"}),
    "fry (serbia)": frozenset({"RS", "XK", "ME"}),
    "fry (montenegro)": frozenset({"ME", "RS"}),
    "fry (kosovo)": frozenset({"XK", "RS"}),
    "serbia-montenegro": frozenset({"RS", "ME", "XK"}),
    "china, people's republic of": frozenset({"CN"}),
    "gilgit-baltistan": frozenset({"PK"}),
    "across iraq": frozenset({"IQ"}),
}
_BORDER = re.compile(r"^(.+?)-(.+?)\s+border$", re.IGNORECASE)


def country_codes(gold: str, gazetteer: _Lookup | None) -> frozenset[str]:
    """The ISO codes a gold country name stands for (empty if unknown)."""
    name = gold.strip()
    if not name:
        return frozenset()
    alias = _COUNTRY_ALIASES.get(name.casefold())
    if alias is not None:
        return alias
    border = _BORDER.match(name)
    parts = [border.group(1), border.group(2)] if border else [name]
    codes: set[str] = set()
    for part in parts:
        found = gazetteer.country(part) if gazetteer is not None else None
        if found is not None:
            codes.add(found.country_code.upper())
    return frozenset(codes)


def country_match(
    gold: str, ours_name: str | None, ours_iso: str | None, gazetteer: _Lookup | None
) -> bool:
    """Same country by name (folded) or by ISO code through the gazetteer."""
    if not ours_name and not ours_iso:
        return False
    if ours_name and names_match([gold], [ours_name]):
        return True
    codes = country_codes(gold, gazetteer)
    if ours_iso and ours_iso.upper() in codes:
        return True
    if ours_name and gazetteer is not None:
        found = gazetteer.country(ours_name)
        return found is not None and found.country_code.upper() in codes
    return False


def admin1_match(
    gold: Sequence[str],
    ours: str | None,
    country_code: str | None,
    gazetteer: _Lookup | None,
) -> bool:
    """Same first-level region: a normalized name match, or the same gazetteer admin1 record
    for both names (GeoNames' "Nīnawá" and gold's "Ninewa" fold to different keys)."""
    if not ours or not gold:
        return False
    if names_match(gold, [ours]):
        return True
    if gazetteer is None:
        return False
    mine = gazetteer.admin1(ours, country_code)
    if mine is None:
        return False
    for name in gold:
        theirs = gazetteer.admin1(name, country_code or mine.country_code)
        if theirs is not None and theirs.geonameid == mine.geonameid:
            return True
    return False


# --------------------------------------------------------------------------- dates


def date_match(gold: date, gold_end: date | None, ours: date | None) -> bool:
    """Our date is gold's day, or inside gold's period when gold gives an end date."""
    if ours is None:
        return False
    if gold_end is not None and gold_end >= gold:
        return gold <= ours <= gold_end
    return ours == gold


# --------------------------------------------------------------------------- event types

BATTLES = "Battles"
EXPLOSIONS = "Explosions/Remote violence"
VAC = "Violence against civilians"
PROTESTS = "Protests"
RIOTS = "Riots"
STRATEGIC = "Strategic developments"

_V6_SUB = {
    "Government regains territory": "Battle-Government regains territory",
    "Non-state actor overtakes territory": "Battle-Non-state actor overtakes territory",
    "Headquarters or base established": "Headquarters or base established",
    "Non-violent transfer of territory": "Non-violent transfer of territory",
}
_ARMED_VICTIMS = frozenset({"militants", "soldiers", "police"})
_V6_TYPE = {
    BATTLES: "Battle-No change of territory",
    EXPLOSIONS: "Remote violence",
    VAC: "Violence against civilians",
    PROTESTS: "Riots/Protests",
    RIOTS: "Riots/Protests",
    STRATEGIC: "Strategic development",
}


def acled_v6_label(
    event_type: str | None, sub_event_type: str | None, victims: str | None = None
) -> str | None:
    """Our (post-2019) ACLED type in the pre-2019 (v6) EVENT_TYPE labels of the ACLED rows.

    v6 "Remote violence" required the perpetrator to be absent, so a suicide bombing was direct
    violence: against civilians (or unnamed victims) violence against civilians, against armed
    men a battle. A mob that kills or beats a person was violence against civilians too.

    >>> acled_v6_label("Battles", "Armed clash")
    'Battle-No change of territory'
    >>> acled_v6_label("Explosions/Remote violence", "Remote explosive/landmine/IED")
    'Remote violence'
    >>> acled_v6_label("Explosions/Remote violence", "Suicide bomb", "civilians")
    'Violence against civilians'
    >>> acled_v6_label("Explosions/Remote violence", "Suicide bomb", "soldiers")
    'Battle-No change of territory'
    """
    if event_type is None:
        return None
    if sub_event_type == "Suicide bomb":
        return _V6_TYPE[BATTLES] if victims in _ARMED_VICTIMS else VAC
    if sub_event_type == "Mob violence":
        return VAC
    if sub_event_type in _V6_SUB and (
        event_type == BATTLES or not _V6_SUB[sub_event_type].startswith("Battle")
    ):
        return _V6_SUB[sub_event_type]
    return _V6_TYPE.get(event_type)


# Wikipedia's free-text attack types: words -> the ACLED types that can code them.
_WIKI_WORDS: tuple[tuple[re.Pattern[str], frozenset[str]], ...] = (
    (
        re.compile(
            r"bomb|explosi|\bied|grenade|mortar|rocket|shell|air ?strike|drone|missile|"
            r"\bmines?\b|landmine|suicide|vbied|artillery"
        ),
        frozenset({EXPLOSIONS}),
    ),
    (
        re.compile(
            r"kidnap|abduct|execution|behead|massacre|stabb|melee|arson|hanging|lynch|"
            r"rape|hostage|assassinat|knife|machete|vehicle ramming|ramming|burn"
        ),
        frozenset({VAC}),
    ),
    (
        re.compile(r"shoot|gunfire|gunmen|ambush|attack|assault|raid|clash|firefight|siege"),
        frozenset({BATTLES, VAC}),
    ),
    (re.compile(r"riot|mob"), frozenset({RIOTS})),
)
_MUC4 = {
    "BOMBING": frozenset({EXPLOSIONS}),
    "KIDNAPPING": frozenset({VAC}),
    "MURDER": frozenset({VAC}),
}
_UCDP = {
    "1": frozenset({BATTLES, EXPLOSIONS}),
    "state-based": frozenset({BATTLES, EXPLOSIONS}),
    "2": frozenset({BATTLES, EXPLOSIONS}),
    "non-state": frozenset({BATTLES, EXPLOSIONS}),
    "3": frozenset({VAC, EXPLOSIONS}),
    "one-sided": frozenset({VAC, EXPLOSIONS}),
}


def acceptable_types(gold: str, scheme: str) -> frozenset[str] | None:
    """The ACLED event types that agree with a gold type of another scheme, or None where the
    scheme cannot be mapped meaningfully (MUC-4 "ATTACK", "ARSON"; RAND has no types).

    >>> sorted(acceptable_types("Bombing, shooting", "wikipedia_free_text") or ())
    ['Battles', 'Explosions/Remote violence', 'Violence against civilians']
    >>> acceptable_types("ATTACK", "MUC-4 INCIDENT: TYPE") is None
    True
    """
    gold = gold.strip()
    if not gold:
        return None
    kind = scheme.casefold()
    if kind.startswith("wikipedia"):
        found: set[str] = set()
        for part in re.split(r"[,;/]| and ", gold.casefold()):
            for pattern, types in _WIKI_WORDS:
                if pattern.search(part):
                    found |= types
                    break
        return frozenset(found) or None
    if kind.startswith("muc"):
        return _MUC4.get(gold.upper())
    if kind.startswith("ucdp"):
        return _UCDP.get(gold.casefold())
    return None


def is_acled_v6(scheme: str) -> bool:
    """The pre-2019 ACLED EVENT_TYPE labels ("ACLED pre-2019 (v6) EVENT_TYPE")."""
    kind = scheme.casefold()
    return kind.startswith("acled") and ("v6" in kind or "pre-2019" in kind)


def type_match(
    event_type: str | None,
    sub_event_type: str | None,
    gold: str,
    scheme: str,
    victims: str | None = None,
) -> bool | None:
    """Our type against a gold type in its own scheme; None where no mapping exists."""
    if is_acled_v6(scheme):
        return acled_v6_label(event_type, sub_event_type, victims) == gold.strip()
    if scheme.upper().startswith("ACLED"):
        return event_type == gold.strip()
    accepted = acceptable_types(gold, scheme)
    if accepted is None:
        return None
    return event_type in accepted


# --------------------------------------------------------------------------- matching

GoldT = TypeVar("GoldT")
OursT = TypeVar("OursT")


def match_one_to_one(
    gold: Sequence[GoldT],
    ours: Sequence[OursT],
    compatible: Callable[[GoldT, OursT], bool],
    preference: Callable[[GoldT, OursT], float] = lambda g, o: 0.0,
) -> list[tuple[int, int]]:
    """Pairs (gold index, our index), each used at most once: compatible pairs only, the most
    preferred first, then text order (greedy; exact for the handful of events of one text)."""
    candidates = [
        (-preference(g, o), i, j)
        for i, g in enumerate(gold)
        for j, o in enumerate(ours)
        if compatible(g, o)
    ]
    candidates.sort()
    used_gold: set[int] = set()
    used_ours: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for _, i, j in candidates:
        if i in used_gold or j in used_ours:
            continue
        used_gold.add(i)
        used_ours.add(j)
        pairs.append((i, j))
    return sorted(pairs)
