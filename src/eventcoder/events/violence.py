"""Is a casualty report armed conflict at all? A road crash or a flood has tolls too."""

from __future__ import annotations

import re
from functools import cache

from eventcoder.lexicon import load_data_yaml, word_set

_ARMED_VICTIMS = frozenset(["militants", "soldiers", "police"])
_NON_CIVILIAN_INTER = frozenset(
    [
        "State forces",
        "Rebel group",
        "Political militia",
        "Identity militia",
        "External/Other forces",
    ]
)


def _phrase_regex(phrases: list[str]) -> re.Pattern[str]:
    ordered = sorted(set(phrases), key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(p) for p in ordered) + r")\b", re.IGNORECASE)


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    types = load_data_yaml("event_types.yaml")
    weapon_words = [str(cue) for rule in types["rules"] for cue in rule["cues"]]
    violent = [*word_set("violence_cues"), *weapon_words, *map(str, types["battle_cues"])]
    return (
        _phrase_regex(violent),
        _phrase_regex(list(word_set("violence_context_cues"))),
        _phrase_regex(list(word_set("non_violence_cues"))),
    )


def is_armed_violence(
    text: str, regions: list[tuple[int, int]], victims: str, actor_inters: list[str]
) -> bool:
    """True when the incident's words or actors show organised violence; an incident that says
    nothing either way takes the document's word ("Separately, 11 farmers were killed").

    >>> is_armed_violence("A bus crash killed 9 passengers.", [(0, 33)], "civilians", [])
    False
    >>> is_armed_violence("Gunmen killed 9 passengers.", [(0, 27)], "civilians", [])
    True
    """
    violent, context, non_violent = _patterns()
    if any(violent.search(text, start, end) for start, end in regions):
        return True
    if any(non_violent.search(text, start, end) for start, end in regions):
        return False  # "a tram crash injured 12, police said"
    if any(context.search(text, start, end) for start, end in regions):
        return True
    if victims in _ARMED_VICTIMS or any(i in _NON_CIVILIAN_INTER for i in actor_inters):
        return True
    return bool(violent.search(text) or context.search(text)) and not non_violent.search(text)
