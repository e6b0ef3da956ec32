"""Group casualty clauses into incidents and separate stated totals from their parts.

An incident is one place, one day, one pair of actors. Cues such as "In one incident",
"Separately" or "Meanwhile" at the start of a sentence open a new one; a second toll stated in
a later sentence without such a cue also opens one, unless it restates the first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from itertools import combinations

from eventcoder.lexicon import word_set
from eventcoder.mentions.casualties import CasualtyClause

_INCIDENT_COUNT = re.compile(
    r"\b(?:in|during|across)\s+(?:(?:two|three|four|five|six|seven|eight|nine|ten|\d+)|several|"
    r"multiple|a series of|separate)\s+(?:separate\s+|different\s+|distinct\s+)?"
    r"(?:incidents|attacks|strikes|airstrikes|operations|clashes|bombings|raids|battles|blasts)\b",
    re.IGNORECASE,
)


@dataclass
class Incident:
    """Clauses that describe one incident, and the sentences that speak of it."""

    clauses: list[CasualtyClause] = field(default_factory=list)
    sentence_indexes: list[int] = field(default_factory=list)
    is_total: bool = False

    @property
    def killed(self) -> int | None:
        counts = [c.count.value for c in self.clauses if c.kind == "killed" and c.count]
        return sum(counts) if counts else None


@dataclass
class TotalGroup:
    """A stated total and the incidents that are its parts."""

    total: Incident
    parts: list[Incident]
    consistent: bool


@cache
def _cue_pattern() -> re.Pattern[str]:
    cues = sorted(word_set("new_incident_cues"), key=len, reverse=True)
    return re.compile(r"^\W*(?:" + "|".join(re.escape(c) for c in cues) + r")\b", re.IGNORECASE)


def starts_new_incident(sentence_text: str) -> bool:
    """True when a sentence opens with a cue for a new incident.

    >>> starts_new_incident("Separately, a drone struck a car.")
    True
    >>> starts_new_incident("The army said the attack was repelled.")
    False
    """
    return bool(_cue_pattern().match(sentence_text))


def _is_back_reference(clause: CasualtyClause) -> bool:
    """ "The militants were killed in three incidents": no count, definite victims."""
    if clause.count is not None or clause.victim_span is None:
        return False
    return clause.victim_span.text.lower().split()[0] in ("the", "these", "those", "they", "all")


def group_incidents(clauses: list[CasualtyClause], sentence_texts: list[str]) -> list[Incident]:
    """Incidents in text order from the document's casualty clauses."""
    incidents: list[Incident] = []
    current: Incident | None = None
    for clause in clauses:
        if clause.negated or clause.modality == "projected" or clause.cumulative:
            continue
        if clause.kind in ("displaced",):
            continue
        sentence = sentence_texts[clause.sentence_index]
        new_sentence = current is None or clause.sentence_index not in current.sentence_indexes
        opens = current is None or (new_sentence and starts_new_incident(sentence))
        if not opens and current is not None and new_sentence and clause.count is not None:
            same_kind = [c for c in current.clauses if c.kind == clause.kind and c.count]
            restated = clause.count.value == current.killed or any(
                c.count and c.count.value == clause.count.value for c in same_kind
            )
            is_update = clause.trigger.text.lower() in ("toll", "death")
            opens = bool(same_kind) and not restated and not is_update
        if current is not None and not opens and _is_back_reference(clause):
            continue
        if opens:
            if _is_back_reference(clause) and incidents:
                continue
            current = Incident()
            incidents.append(current)
        assert current is not None
        current.clauses.append(clause)
        if clause.sentence_index not in current.sentence_indexes:
            current.sentence_indexes.append(clause.sentence_index)
    return incidents


def find_totals(incidents: list[Incident], sentence_texts: list[str]) -> list[TotalGroup]:
    """Incidents whose toll is the total of two or more others.

    The total is recognised when its toll equals the sum of a set of other incidents' tolls, or
    when its sentence (or the next) says the deaths came in several incidents and other counted
    incidents follow; in the second case it may not add up (``consistent`` is False).
    """
    groups: list[TotalGroup] = []
    counted = [i for i in incidents if i.killed is not None]
    for candidate in counted:
        others = [i for i in counted if i is not candidate and not i.is_total]
        parts = _parts_adding_up(candidate, others)
        if parts:
            candidate.is_total = True
            groups.append(TotalGroup(total=candidate, parts=parts, consistent=True))
            continue
        first = min(candidate.sentence_indexes)
        nearby = " ".join(sentence_texts[first : first + 2])
        later = [i for i in others if min(i.sentence_indexes) > first]
        if _INCIDENT_COUNT.search(nearby) and len(later) >= 2:
            candidate.is_total = True
            groups.append(TotalGroup(total=candidate, parts=later, consistent=False))
    return groups


def _parts_adding_up(total: Incident, others: list[Incident]) -> list[Incident]:
    """The smallest set (2-6 incidents) of others whose tolls add up to the total's toll."""
    target = total.killed
    if target is None or target == 0:
        return []
    pool = [i for i in others if i.killed is not None and 0 < (i.killed or 0) < target][:12]
    for size in range(2, min(6, len(pool)) + 1):
        for combo in combinations(pool, size):
            if sum(i.killed or 0 for i in combo) == target:
                return list(combo)
    return []
