"""A cheap relevance filter run before parsing: skip articles that cannot hold a conflict event.

Most news is not about armed conflict. The pipeline codes an event only when (a) a casualty
clause is found (a casualty verb, adjective or noun of ``data/lexicon.yaml``: "killed",
"wounded", "abducted", "12 dead", "the death toll") and (b) the incident looks like organised
violence (`eventcoder.events.violence.is_armed_violence`: a violence or weapon word, armed
victims, or an armed actor). The filter asks the same two questions of the raw text, without a
parse:

1. *casualty vocabulary*: does any inflected form of a casualty word occur? (a set
   intersection over the text's lowercased words: a few microseconds per article);
2. *armed context*: does a violence, weapon or battle cue occur (the same phrase lists and
   word-boundary regex as the armed-violence check), a word for armed victims ("soldiers",
   "policemen"), or an armed actor of the actor dictionary ("Taliban", "Boko Haram")?

An article passes when both hold, and also when it names the tools or actors of armed conflict
outright (*strong cues*: "car bomb", "suicide bomber", "gunmen", "airstrike", or a named rebel
group or militia of the actor dictionary), even with no toll: those are conflict news whatever
the pipeline then finds. The word lists are read from the package's data files,
so the filter follows the lexicon when it changes. ``bench/relevance.py`` measures its recall on
the gold data; the design aim is that a rejected article would have produced no event anyway.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from eventcoder.lexicon import load_data_yaml, word_map, word_set

_WORD = re.compile(r"[a-z]+")
_ARMED_VICTIM_KINDS = frozenset({"militants", "soldiers", "police"})
_ARMED_INTERS = frozenset(
    {
        "State forces",
        "Rebel group",
        "Political militia",
        "Identity militia",
        "External/Other forces",
    }
)
# Forms an inflection rule cannot make (and the words of "lost their lives").
_IRREGULAR = {
    "slay": ["slain", "slew"],
    "shoot": ["shot", "shoots", "shooting"],
    "die": ["died", "dies", "dying", "death", "deaths"],
    "body": ["bodies"],
    "life": ["lives", "life"],
    "seize": ["seized", "seizing", "seizes"],
    "man": ["men"],
    "woman": ["women"],
    "child": ["children"],
    "person": ["people"],
}
# Conflict words that are rarely used of anything else (weapon words of the typing rules are added
# from data/event_types.yaml, less the ambiguous ones below).
_STRONG_CUES = [
    "gunman", "gunmen", "militant", "militants", "insurgent", "insurgents", "jihadist",
    "jihadists", "rebels", "militia", "militias", "militiamen", "terrorist", "terrorists",
    "terror attack", "armed men", "bandits", "suicide bomber", "suicide bombers", "bomber",
    "bombers", "beheaded", "massacre", "massacred", "assassinated", "assassination",
    "opened fire", "ambush", "ambushed", "abducted", "kidnapped", "gunfire", "gunfight",
    "firefight", "gun battle", "crossfire", "shelling", "airstrike", "airstrikes",
    "burned alive", "buried alive", "flogged", "stoned", "executed", "killings", "insurgency",
]  # fmt: skip
_AMBIGUOUS_WEAPON_WORDS = frozenset(
    {
        "aircraft", "jets", "fighter jet", "fighter jets", "drone", "drones", "aerial", "rocket",
        "rockets", "shells", "barrage", "grad", "blast", "blasts", "explosion", "explosions",
        "exploded", "detonation", "hostage", "hostages", "missile", "missiles",
    }
)  # fmt: skip
_WEAPON_TYPES = frozenset({"Explosions/Remote violence"})
_NON_STATE = frozenset({"Rebel group", "Political militia", "Identity militia"})
NOT_RELEVANT = "skipped by the relevance filter: no casualty words in an armed-conflict context"


def inflections(lemma: str) -> set[str]:
    """Regular English forms of a word (over-generating is harmless: it only adds recall).

    >>> sorted(inflections("kidnap"))[:4]
    ['kidnap', 'kidnaped', 'kidnaper', 'kidnapers']
    >>> "injured" in inflections("injure") and "casualties" in inflections("casualty")
    True
    """
    word = lemma.lower()
    forms = {word, word + "s", word + "es", word + "ed", word + "ing", word + "er", word + "ers"}
    if word.endswith("e"):
        stem = word[:-1]
        forms |= {word + "d", stem + "ing", word + "r", word + "rs"}
    if word.endswith("y"):
        stem = word[:-1]
        forms |= {stem + "ies", stem + "ied"}
    if len(word) >= 3 and word[-1] not in "aeiouwxy" and word[-2] in "aeiou":
        doubled = word + word[-1]
        forms |= {doubled + "ed", doubled + "ing", doubled + "er", doubled + "ers"}
    for form in _IRREGULAR.get(word, []):
        forms.add(form)
    return forms


def _words_of(phrases: list[str]) -> set[str]:
    """The single words of a phrase list, inflected (a phrase of several words counts by its
    words: "shoot dead" is found through "dead", "gun down" through "gunned")."""
    out: set[str] = set()
    for phrase in phrases:
        for word in _WORD.findall(phrase.lower()):
            out |= inflections(word)
    return out


@dataclass(frozen=True)
class _Vocabulary:
    casualty: frozenset[str]
    armed_victims: frozenset[str]
    violent: re.Pattern[str]
    strong: re.Pattern[str]
    # First words of the strong cues and of armed-group names: when a text has none of them,
    # the regex and the actor scan cannot match and are not run.
    strong_first: frozenset[str]
    actor_first: frozenset[str]


def _phrase_regex(phrases: list[str]) -> re.Pattern[str]:
    ordered = sorted(set(phrases), key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(p) for p in ordered) + r")\b", re.IGNORECASE)


@cache
def _vocabulary() -> _Vocabulary:
    casualty_lemmas = [
        *word_map("casualty_verbs"),
        *word_set("intransitive_death"),
        *word_map("casualty_adjectives"),
        *word_map("casualty_nouns"),
        "life",  # "claimed 12 lives", "lost their lives"
    ]
    # Multi-word lemmas whose words are too common alone ("down", "shoot") keep their
    # specific word only.
    casualty = _words_of(casualty_lemmas) - {"down", "downs", "downed", "downing"}
    victims = [k for k, v in word_map("victim_nouns").items() if v in _ARMED_VICTIM_KINDS]
    types = load_data_yaml("event_types.yaml")
    cues = [
        *word_set("violence_cues"),
        *(str(cue) for rule in types["rules"] for cue in rule["cues"]),
        *(str(cue) for cue in types["battle_cues"]),
    ]
    weapons = [
        str(cue)
        for rule in types["rules"]
        if rule["event_type"] in _WEAPON_TYPES
        for cue in rule["cues"]
        if str(cue) not in _AMBIGUOUS_WEAPON_WORDS
    ]
    strong = [*_STRONG_CUES, *weapons]
    return _Vocabulary(
        casualty=frozenset(casualty),
        armed_victims=frozenset(_words_of(victims)),
        violent=_phrase_regex(cues),
        strong=_phrase_regex(strong),
        strong_first=frozenset(_first_words(strong)),
        actor_first=frozenset(_first_words(_armed_group_aliases())),
    )


def _first_words(phrases: list[str]) -> set[str]:
    return {words[0] for p in phrases if (words := _WORD.findall(p.lower()))}


def _armed_group_aliases() -> list[str]:
    """Every alias of actors.yaml that may name a non-state armed group (ambiguous ones too)."""
    data = load_data_yaml("actors.yaml")
    aliases: list[str] = []
    for entry in data.get("actors", []):
        if entry.get("inter") in _NON_STATE:
            aliases += [str(a) for a in entry.get("aliases", [])] + [str(entry.get("name", ""))]
    for entry in data.get("ambiguous", []):
        aliases += [str(a) for a in entry.get("aliases", [])]
    return aliases


def has_casualty_words(text: str) -> bool:
    """Does any form of a casualty word occur?

    >>> has_casualty_words("Shares rose 3% on Monday.")
    False
    >>> has_casualty_words("Three soldiers were wounded.")
    True
    """
    words = set(_WORD.findall(text.lower()))
    return not words.isdisjoint(_vocabulary().casualty)


def _armed_actors(text: str, inters: frozenset[str]) -> bool:
    from eventcoder.resolve.actors import find_actors

    return any(m.actor.inter in inters and not m.generic for m in find_actors(text))


def has_strong_cue(text: str) -> bool:
    """Conflict vocabulary that needs no toll: weapons, armed men, a named armed group.

    >>> has_strong_cue("A car bomb went off near the market.")
    True
    >>> has_strong_cue("Boko Haram released a video.")
    True
    >>> has_strong_cue("The rocket launch was delayed.")
    False
    """
    vocabulary = _vocabulary()
    words = set(_WORD.findall(text.lower()))
    if not words.isdisjoint(vocabulary.strong_first) and vocabulary.strong.search(text):
        return True
    return not words.isdisjoint(vocabulary.actor_first) and _armed_actors(text, _NON_STATE)


def has_armed_context(text: str) -> bool:
    """A violence, weapon or battle cue, armed victims, or an armed actor of the dictionary.

    >>> has_armed_context("A bus crash on the highway.")
    False
    >>> has_armed_context("The Taliban said so.")
    True
    """
    vocabulary = _vocabulary()
    if vocabulary.violent.search(text):
        return True
    if not set(_WORD.findall(text.lower())).isdisjoint(vocabulary.armed_victims):
        return True
    return _armed_actors(text, _ARMED_INTERS)


def is_relevant(text: str) -> bool:
    """May this text hold an armed-conflict event? (Cheap: no parse.)

    >>> is_relevant("Gunmen killed five villagers in Maiduguri on Sunday.")
    True
    >>> is_relevant("A bus crash killed nine passengers near Lagos.")
    False
    >>> is_relevant("The central bank raised interest rates by half a point.")
    False
    """
    if has_casualty_words(text):
        return has_armed_context(text) or has_strong_cue(text)
    return has_strong_cue(text)


__all__ = [
    "NOT_RELEVANT",
    "has_armed_context",
    "has_casualty_words",
    "has_strong_cue",
    "inflections",
    "is_relevant",
]
