"""ACLED event and sub-event types from an incident's words (rules in data/event_types.yaml).

Rules, not a model: the taxonomy is defined by weapons and targets that the text names, the
rules are readable and testable one by one, and the development data is too small and too
unlike full articles to train a classifier that would generalise better (see README).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import cast

from eventcoder.lexicon import load_data_yaml
from eventcoder.records import Span, VictimKind


@dataclass(frozen=True)
class TypeRule:
    pattern: re.Pattern[str]
    event_type: str
    sub_event_type: str
    needs: frozenset[str]
    agents: frozenset[str]  # inter codes of actor1 the rule is for (empty: any)
    yields_to_fighting: bool  # a killing in a fight is a battle, whoever was also abducted


@dataclass(frozen=True)
class EventTyping:
    event_type: str
    sub_event_type: str
    cue: Span | None  # the words that decided it


def _cue_regex(cues: list[str]) -> re.Pattern[str]:
    """Cues match whole words ("mob" is not "Mobbar"); a cue ending in "*" is a word start
    ("detonat*": detonate, detonated, detonation)."""
    ordered = sorted((str(c) for c in cues), key=len, reverse=True)
    alternatives = [re.escape(c[:-1]) if c.endswith("*") else re.escape(c) + r"\b" for c in ordered]
    return re.compile(r"\b(?:" + "|".join(alternatives) + r")", re.IGNORECASE)


@cache
def _rules() -> tuple[list[TypeRule], re.Pattern[str], re.Pattern[str], frozenset[str]]:
    data = load_data_yaml("event_types.yaml")
    rules = [
        TypeRule(
            pattern=_cue_regex(rule["cues"]),
            event_type=rule["event_type"],
            sub_event_type=rule["sub_event_type"],
            needs=frozenset(rule.get("needs", [])),
            agents=frozenset(rule.get("agents", [])),
            yields_to_fighting=bool(rule.get("yields_to_fighting", False)),
        )
        for rule in data["rules"]
    ]
    return (
        rules,
        _cue_regex(data["battle_cues"]),
        _cue_regex(data["fight_cues"]),
        frozenset(data["armed_victims"]),
    )


@cache
def _armed_targets() -> list[tuple[re.Pattern[str], VictimKind]]:
    targets: dict[str, list[str]] = load_data_yaml("event_types.yaml")["armed_targets"]
    return [(_cue_regex(cues), cast(VictimKind, kind)) for kind, cues in targets.items()]


def armed_target(text: str, regions: list[tuple[int, int]]) -> tuple[VictimKind, Span] | None:
    """The armed men an incident's target implies ("a suicide bomber struck an army
    checkpoint" -> soldiers), with the words that say so; None when no armed target is named.

    >>> armed_target("Gunmen stormed a police station.", [(0, 32)])[0]
    'police'
    """
    for pattern, kind in _armed_targets():
        for start, end in regions:
            match = pattern.search(text, start, end)
            if match:
                return kind, Span.of(text, match.start(), match.end())
    return None


def type_incident(
    text: str,
    regions: list[tuple[int, int]],
    victims: str,
    kind: str,
    two_armed_sides: bool,
    explicit_civilians: bool = False,
    agent: str | None = None,
) -> EventTyping:
    """The ACLED type of an incident described in ``text[start:end]`` for each region.

    ``victims`` is the victim kind, ``kind`` the casualty kind (killed, abducted, arrested...),
    ``two_armed_sides`` whether armed actors stand on both sides, ``explicit_civilians`` whether
    the text names the victims as civilians ("villagers", "worshippers"; not just "people"),
    ``agent`` actor1's inter code ("State forces" retake a town; rebels overrun it).
    """
    rules, battle, fight, armed = _rules()
    fighting = kind in ("killed", "injured") and any(
        fight.search(text, start, end) for start, end in regions
    )
    for rule in rules:
        if rule.yields_to_fighting and fighting:
            continue
        if rule.needs and victims not in rule.needs:
            continue
        if rule.agents and agent not in rule.agents:
            continue
        for start, end in regions:
            match = rule.pattern.search(text, start, end)
            if match:
                return EventTyping(
                    rule.event_type,
                    rule.sub_event_type,
                    Span.of(text, match.start(), match.end()),
                )
    if kind == "arrested":
        return EventTyping("Strategic developments", "Arrests", None)
    if kind == "abducted":
        return EventTyping("Violence against civilians", "Abduction/forced disappearance", None)
    battle_cue: Span | None = None
    for start, end in regions:
        match = battle.search(text, start, end)
        if match:
            battle_cue = Span.of(text, match.start(), match.end())
            break
    fight_cue = next(
        (m for start, end in regions if (m := fight.search(text, start, end)) is not None), None
    )
    if fight_cue is not None and not explicit_civilians:
        # "a clash between farmers and herdsmen left five dead": a fight between two sides,
        # whoever the dead were; only victims named as civilians make it violence against them.
        return EventTyping(
            "Battles", "Armed clash", Span.of(text, fight_cue.start(), fight_cue.end())
        )
    if victims in armed or two_armed_sides:
        return EventTyping("Battles", "Armed clash", battle_cue)
    return EventTyping("Violence against civilians", "Attack", battle_cue)
