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
import unicodedata
from dataclasses import dataclass
from functools import cache

from eventcoder.lexicon import load_data_yaml, word_map, word_set

_WORD = re.compile(r"[a-z]+")
_TOKEN = re.compile(r"[^\W_]+")  # the actor matcher's tokens
_COMBINING = re.compile(r"[\u0300-\u036f]+")
_APOSTROPHE = re.compile(r"(?<=\w)['’ʼ`](?=\w)")
_REPORTING = ("said", "says", "say", "told", "reported", "confirmed", "added", "stated")
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


def _fold(text: str) -> str:
    """Lowercase, accents stripped ("Úsuga" -> "usuga"), as the actor dictionary folds its
    tokens: a word the matcher would find must also be a word here."""
    low = text.lower()
    if low.isascii():
        return low
    return _COMBINING.sub("", unicodedata.normalize("NFKD", low))


def _text_words(text: str) -> frozenset[str]:
    return frozenset(_WORD.findall(_fold(text)))


@dataclass(frozen=True)
class _PhraseGate:
    """A necessary condition for a phrase list, on the set of a text's words: some phrase has
    all its words in the text. Phrases are indexed by their rarest word, so a text is checked
    against only the few phrases that word can start; when the gate is shut, the costly
    matcher behind it (a regex of hundreds of phrases, the actor scan) cannot match.

    Short all-caps words of a phrase ("IS", "ADF") must also occur as written, since the actor
    matcher takes them case-sensitively: otherwise "is" would open the gate in every text."""

    by_word: dict[str, tuple[tuple[frozenset[str], re.Pattern[str] | None], ...]]
    keys: frozenset[str]  # by_word's, as a set: intersecting two sets walks the smaller
    always: bool  # a phrase with no [a-z] word: the gate cannot judge, so it stays open

    @classmethod
    def of(cls, phrases: list[str]) -> _PhraseGate:
        needs: dict[frozenset[str], set[str]] = {}
        for phrase in phrases:
            words = frozenset(_WORD.findall(_fold(phrase)))
            cased = sorted({t for t in _TOKEN.findall(phrase) if _is_short_caps(t)})
            needs.setdefault(words, set()).add("|".join(cased))
        always = frozenset() in needs
        needs.pop(frozenset(), None)
        count: dict[str, int] = {}
        for words in needs:
            for word in words:
                count[word] = count.get(word, 0) + 1
        index: dict[str, list[tuple[frozenset[str], re.Pattern[str] | None]]] = {}
        for words, caps_variants in needs.items():
            key = min(words, key=lambda w: (count[w], -len(w), w))
            for caps in caps_variants:
                # Without the cased words the phrase needs nothing more; one such variant
                # makes the others redundant.
                if "" in caps_variants and caps:
                    continue
                index.setdefault(key, []).append((words, _caps_regex(caps) if caps else None))
        return cls({k: tuple(v) for k, v in index.items()}, frozenset(index), always)

    def open(self, text: str, words: frozenset[str]) -> bool:
        if self.always:
            return True
        return any(
            needed <= words and (caps is None or caps.search(text) is not None)
            for key in words & self.keys
            for needed, caps in self.by_word[key]
        )


def _is_short_caps(token: str) -> bool:
    return token.isalpha() and token.isupper() and len(token) <= 3


def _caps_regex(caps: str) -> re.Pattern[str]:
    """One of the '|'-joined tokens as a whole token (the rarest of them would do as well: the
    gate need only be a necessary condition)."""
    return re.compile(r"(?<![^\W_])(?:" + caps + r")(?![^\W_])")


@dataclass(frozen=True)
class _Vocabulary:
    casualty: frozenset[str]
    armed_victims: frozenset[str]
    # "police said", "according to police": the source of a report, not its victims.
    attribution: re.Pattern[str]
    violent: re.Pattern[str]
    violent_gate: _PhraseGate
    strong: re.Pattern[str]
    strong_gate: _PhraseGate
    non_state_gate: _PhraseGate
    armed_actor_gate: _PhraseGate


def _phrase_regex(phrases: list[str]) -> re.Pattern[str]:
    ordered = sorted(set(phrases), key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(p) for p in ordered) + r")\b", re.IGNORECASE)


def _attribution_regex(victims: frozenset[str]) -> re.Pattern[str]:
    noun = "(?:" + "|".join(sorted(victims, key=len, reverse=True)) + ")"
    return re.compile(
        rf"\b{noun}(?:[ -]{noun})*(?: (?:spokesman|spokeswoman|spokesperson|sources?))?"
        rf" (?:{'|'.join(_REPORTING)})\b"
        rf"|\baccording to (?:the )?(?:[a-z]+ )?{noun}\b"
    )


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
    victims = frozenset(
        _words_of([k for k, v in word_map("victim_nouns").items() if v in _ARMED_VICTIM_KINDS])
    )
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
        armed_victims=victims,
        attribution=_attribution_regex(victims),
        violent=_phrase_regex(cues),
        violent_gate=_PhraseGate.of(cues),
        strong=_phrase_regex(strong),
        strong_gate=_PhraseGate.of(strong),
        non_state_gate=_PhraseGate.of(_actor_aliases(_NON_STATE)),
        armed_actor_gate=_PhraseGate.of(_actor_aliases(_ARMED_INTERS)),
    )


def _actor_aliases(inters: frozenset[str]) -> list[str]:
    """Every phrase by which the actor dictionary may name an actor of ``inters``: the aliases,
    exact forms and names of those actors, the named group kinds ("Fulani herdsmen"), and every
    ambiguous alias (its actor depends on the country, so any may resolve to one of ``inters``).
    Apostrophe-split words also count joined ("Ta'ang", "Taang"), as the matcher reads them."""
    data = load_data_yaml("actors.yaml")
    phrases: list[str] = []
    for entry in data.get("actors", []):
        if entry.get("inter") in inters:
            phrases += [str(a) for a in entry.get("aliases") or []]
            phrases += [str(a) for a in entry.get("exact") or []]
            phrases.append(str(entry.get("name", "")))
    for entry in data.get("generic", []):
        if entry.get("named") and entry.get("inter") in inters:
            phrases += [str(p) for p in entry.get("phrases", [])]
    for entry in data.get("ambiguous", []):
        phrases += [str(a) for a in entry.get("aliases", [])]
    return _with_joined_apostrophes(phrases)


def _with_joined_apostrophes(phrases: list[str]) -> list[str]:
    return phrases + [_APOSTROPHE.sub("", p) for p in phrases if _APOSTROPHE.search(p)]


def has_casualty_words(text: str) -> bool:
    """Does any form of a casualty word occur?

    >>> has_casualty_words("Shares rose 3% on Monday.")
    False
    >>> has_casualty_words("Three soldiers were wounded.")
    True
    """
    return _has_casualty_words(_text_words(text))


def _has_casualty_words(words: frozenset[str]) -> bool:
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
    return _has_strong_cue(text, _text_words(text))


def _has_strong_cue(text: str, words: frozenset[str]) -> bool:
    vocabulary = _vocabulary()
    if vocabulary.strong_gate.open(text, words) and vocabulary.strong.search(text):
        return True
    return vocabulary.non_state_gate.open(text, words) and _armed_actors(text, _NON_STATE)


def has_armed_context(text: str) -> bool:
    """A violence, weapon or battle cue, armed victims (not as the source of a report: "police
    said"), or an armed actor of the dictionary.

    >>> has_armed_context("A bus crash on the highway.")
    False
    >>> has_armed_context("The Taliban said so.")
    True
    >>> has_armed_context("Two people were hurt in the crash, police said.")
    False
    """
    return _has_armed_context(text, _text_words(text))


def _has_armed_context(text: str, words: frozenset[str]) -> bool:
    vocabulary = _vocabulary()
    if vocabulary.violent_gate.open(text, words) and vocabulary.violent.search(text):
        return True
    if not words.isdisjoint(vocabulary.armed_victims):
        unattributed = vocabulary.attribution.sub(" ", _fold(text))
        if not _text_words(unattributed).isdisjoint(vocabulary.armed_victims):
            return True
    return vocabulary.armed_actor_gate.open(text, words) and _armed_actors(text, _ARMED_INTERS)


def is_relevant(text: str) -> bool:
    """May this text hold an armed-conflict event? (Cheap: no parse.)

    >>> is_relevant("Gunmen killed five villagers in Maiduguri on Sunday.")
    True
    >>> is_relevant("A bus crash killed nine passengers near Lagos.")
    False
    >>> is_relevant("The central bank raised interest rates by half a point.")
    False
    """
    # One pass over the text's words serves every test; the regexes and the actor scan run
    # only when the words say they could match.
    words = _text_words(text)
    if _has_casualty_words(words):
        return _has_armed_context(text, words) or _has_strong_cue(text, words)
    return _has_strong_cue(text, words)


__all__ = [
    "NOT_RELEVANT",
    "has_armed_context",
    "has_casualty_words",
    "has_strong_cue",
    "inflections",
    "is_relevant",
]
