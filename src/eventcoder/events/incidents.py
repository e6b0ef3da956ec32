"""Group casualty clauses into incidents and separate stated totals from their parts.

An incident is one place, one day, one pair of actors. Cues such as "In one incident",
"Separately" or "Meanwhile" at the start of a sentence open a new one; a second toll stated in
a later sentence without such a cue also opens one, unless it restates the first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from eventcoder.lexicon import word_set
from eventcoder.mentions.casualties import LATER_REPORT, CasualtyClause

_INCIDENT_COUNT = re.compile(
    r"\b(?:in|during|across)\s+(?:(?:two|three|four|five|six|seven|eight|nine|ten|\d+)|several|"
    r"multiple|a series of|separate)\s+(?:separate\s+|different\s+|distinct\s+)?"
    r"(?:incidents|attacks|strikes|airstrikes|operations|clashes|bombings|raids|battles|blasts)\b",
    re.IGNORECASE,
)


_SUMMARY = re.compile(
    r"\b(?:(?:attacks|bombings|blasts|violence|explosions|shootings|strikes|clashes)\s+"
    r"(?:\w+\s+){0,3}?across|a\s+(?:series|wave|string|spate|number)\s+of\s+(?:\w+\s+){0,3}?"
    r"(?:attacks|bombings|blasts|explosions|shootings|strikes|car\s+bombs|bombs)|"
    r"a\s+total\s+of|in\s+total|in\s+all|altogether|at\s+the\s+end\s+of\s+the\s+day|"
    r"throughout\s+the\s+day|across\s+the\s+country|nationwide|"
    r"(?:separate|several|multiple|coordinated)\s+(?:attacks|bombings|blasts|explosions|incidents))\b",
    re.IGNORECASE,
)


_OTHER_ATTACKS = re.compile(
    r"\b(?:other|further|more|separate)\s+(?:\w+\s+)?(?:attacks|bombings|blasts|explosions|"
    r"shootings|strikes|clashes|violence|incidents)\b",
    re.IGNORECASE,
)


# A later sentence that sets the incident against others ("This was one of two suicide
# bombings on this day", "The attack came a day after car bombs killed 215", "Two other
# officials have also recently been killed"): the tolls it gives are other events' background.
_BACKGROUND = re.compile(
    r"\b(?:on this day|on the same day|the same day that|(?:a|one|two|three|the) days? "
    r"(?:after|before|earlier|prior)|(?:a|one|two|three) (?:days?|weeks?|months?) ago|recently|"
    r"last (?:week|month)|the previous (?:day|week|month|evening|night)|"
    r"(?:comes|came|occurs|occurred) (?:\w+ ){0,3}(?:after|before|amid)|this follows|"
    r"an? (?:earlier|previous|prior) (?:blast|bombing|attack|explosion|raid|ambush)|"
    r"(?:this|it) (?:was|is) one of)\b",
    re.IGNORECASE,
)


# "The blast was one of nine across the city that day; in all they wounded 31 people":
# when the text says its incident is one of several, a total is over the others too, whose
# tolls the text does not tell; it is no toll of this incident.
_ONE_OF_SEVERAL = re.compile(r"\b(?:was|is) one of\b", re.IGNORECASE)
_TOTAL_OF_ALL = re.compile(r"\bin total\b|\ba total of\b|\bin all\b|\baltogether\b", re.IGNORECASE)


def _total_of_others(sentence_texts: list[str], index: int) -> bool:
    return bool(_TOTAL_OF_ALL.search(sentence_texts[index])) and any(
        _ONE_OF_SEVERAL.search(text) for text in sentence_texts[: index + 1]
    )


@dataclass
class Incident:
    """Clauses that describe one incident, and the sentences that speak of it."""

    clauses: list[CasualtyClause] = field(default_factory=list)
    sentence_indexes: list[int] = field(default_factory=list)
    is_total: bool = False

    update: CasualtyClause | None = None  # the latest revision of the toll, if any
    parts_told: int = 0  # deaths of later sentences that break the first toll down

    @property
    def killed(self) -> int | None:
        if self.update is not None and self.update.count is not None:
            return self.update.count.value
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


def group_incidents(
    clauses: list[CasualtyClause],
    sentence_texts: list[str],
    sentence_places: list[set[str]] | None = None,
) -> list[Incident]:
    """Incidents in text order from the document's casualty clauses.

    A sentence opening with a cue ("In a second attack") starts an incident. Without a cue, a
    later sentence restating a toll ("The two officers were killed by gunmen") adds nothing but
    context; one naming other victims adds to the same incident, unless it names another place.
    ``sentence_places`` holds the place names of each sentence, when known.
    """
    incidents: list[Incident] = []
    current: Incident | None = None
    places = sentence_places or [set() for _ in sentence_texts]
    for clause in clauses:
        if clause.negated or clause.modality == "projected" or clause.cumulative:
            continue
        if clause.kind == "displaced":
            continue
        index = clause.sentence_index
        if _total_of_others(sentence_texts, index):
            continue
        if (
            current is not None
            and index not in current.sentence_indexes
            and current.killed is not None
            and _BACKGROUND.search(sentence_texts[index])
        ):
            continue  # another event told as background, not part of this text's toll
        if (
            (clause.alternative or clause.subset)
            and current is not None
            and any(c.kind == clause.kind and c.count for c in current.clauses)
        ):
            # "Some sources claim 25 deaths": another figure for the toll already counted; the
            # lowest stands (ACLED), so the higher one is context only. "Three police were
            # among the dead": some of the dead already counted.
            if index not in current.sentence_indexes:
                current.sentence_indexes.append(index)
            continue
        if (
            current is not None
            and index in current.sentence_indexes
            and clause.count is not None
            and clause.count.span.text.lower() in ("him", "her", "them")
            and any(c.kind == clause.kind and c.count for c in current.clauses)
        ):
            # "X was killed by men who strangled him": the pronoun is the victim just counted.
            continue
        if (
            clause.update
            and current is not None
            and current.killed is not None
            and not (
                index not in current.sentence_indexes
                and starts_new_incident(sentence_texts[index])
                and not LATER_REPORT.match(sentence_texts[index])
            )
        ):
            # "The death toll later rose to 20", "Later reports claim 100 deaths": the same
            # incident's toll, revised.
            current.update = clause
            if index not in current.sentence_indexes:
                current.sentence_indexes.append(index)
            continue
        if current is None or (
            index not in current.sentence_indexes and starts_new_incident(sentence_texts[index])
        ):
            if clause.count is None and clause.definite and incidents:
                continue  # "The militants were killed in three incidents": refers back
            current = Incident()
            incidents.append(current)
        elif (
            index not in current.sentence_indexes
            and (
                any(is_summary(sentence_texts[i]) for i in current.sentence_indexes)
                or is_summary(sentence_texts[index])
            )
            and clause.count is not None
            and not _restates(current, clause)
        ):
            # A summary and its parts are incidents of their own, whichever comes first.
            current = Incident()
            incidents.append(current)
        elif index not in current.sentence_indexes:
            inherited = _with_inherited_count(current, clause)
            if inherited is not None:
                clause = inherited
            elif clause.count is None or _restates(current, clause):
                current.sentence_indexes.append(index)  # context only
                continue
            elif not _same_place(current, index, places):
                current = Incident()
                incidents.append(current)
            elif _part_of_the_toll(current, clause, sentence_texts[index]):
                current.sentence_indexes.append(index)
                continue
        current.clauses.append(clause)
        if index not in current.sentence_indexes:
            current.sentence_indexes.append(index)
    for incident in incidents:
        _drop_summary_clauses(incident)
    return incidents


def _drop_summary_clauses(incident: Incident) -> None:
    """ "Attacks left 15 dead. Rockets killed 5 ... bombings killed a further ten": the 15 is
    the sum of the others, stated first; counting it too would double the toll."""
    for kind in ("killed", "injured"):
        counted = [c for c in incident.clauses if c.kind == kind and c.count is not None]
        if len(counted) < 3:
            continue
        for clause in counted:
            rest = [c for c in counted if c is not clause]
            if clause.count and sum(c.count.value for c in rest if c.count) == clause.count.value:
                incident.clauses.remove(clause)
                break


def _restates(incident: Incident, clause: CasualtyClause) -> bool:
    """A later clause about victims already counted: the same number, or definite victims."""
    same_kind = [c for c in incident.clauses if c.kind == clause.kind and c.count]
    if not same_kind or (clause.also and clause.count is not None):
        return False
    if clause.count is None:
        return True
    if clause.definite:
        # "Gunmen killed a guard. Both gunmen were killed by police": the attackers named
        # again are not the dead already counted when those were named as others (a bare
        # number, "killing 3", may have been them).
        return not (
            clause.kind == "killed"
            and clause.victims == "militants"
            and all(c.victims != "militants" and c.victim_span is not None for c in same_kind)
        )
    value = clause.count.value
    total = sum(c.count.value for c in same_kind if c.count)
    return value == total or any(c.count is not None and c.count.value == value for c in same_kind)


# Words that add victims to a toll already told rather than break it down.
_MORE_VICTIMS = re.compile(
    r"\b(?:also|too|more|other|others|another|additional|further|as well|separately|besides|"
    r"in addition|additionally|plus|elsewhere)\b",
    re.IGNORECASE,
)


def _part_of_the_toll(incident: Incident, clause: CasualtyClause, sentence_text: str) -> bool:
    """ "Eleven people were killed in the attack. Five workers from each bakery were killed":
    later counts, each smaller than the toll told first and together no more than it, break it
    down; they are not more dead. Words of addition ("also", "two more", "another") keep them
    apart, and so does an agent of their own ("Gunmen assassinated two officers"): a deed
    told anew is another attack."""
    if clause.kind != "killed" or clause.count is None or clause.also or clause.agent_span:
        return False
    counted = [c for c in incident.clauses if c.kind == "killed" and c.count is not None]
    if len(counted) != 1 or incident.update is not None:
        return False
    first = counted[0].count
    assert first is not None
    if first.vague or first.value < 2 or _MORE_VICTIMS.search(sentence_text):
        return False
    told = incident.parts_told + clause.count.value
    if clause.count.value >= first.value or told > first.value:
        return False
    incident.parts_told = told
    return True


def _same_place(incident: Incident, index: int, places: list[set[str]]) -> bool:
    here = places[index]
    before: set[str] = set().union(*(places[i] for i in incident.sentence_indexes))
    return not (here and before and not here & before)


def _with_inherited_count(incident: Incident, clause: CasualtyClause) -> CasualtyClause | None:
    """ "Two men were kidnapped. Their bodies were found": the deaths take the earlier count."""
    if clause.count is not None or not clause.definite or clause.kind != "killed":
        return None
    if any(c.kind == "killed" and c.count for c in incident.clauses):
        return None
    earlier = next((c for c in reversed(incident.clauses) if c.count is not None), None)
    if earlier is None:
        return None
    return clause.model_copy(update={"count": earlier.count})


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
        earlier = [i for i in others if min(i.sentence_indexes) < first]
        if is_summary(sentence_texts[first]):
            # A summary sums up what follows it or, said after the incidents ("At the end of
            # the day, ninety were killed"), what came before it.
            parts = earlier or later
        elif _INCIDENT_COUNT.search(nearby) and len(later) >= 2:
            parts = later
        else:
            parts = []
        if parts:
            candidate.is_total = True
            parts_sum = sum(i.killed or 0 for i in parts)
            consistent = parts_sum == candidate.killed
            groups.append(TotalGroup(total=candidate, parts=parts, consistent=consistent))
    return groups


def is_summary(sentence_text: str) -> bool:
    """A sentence that sums up several attacks ("Attacks across Iraq killed 12", "A series of
    car bombs...", "a total of 18"): its toll is a total of what follows.

    >>> is_summary("Bombings across central Iraq left 8 people dead.")
    True
    >>> is_summary("A car bomb killed 8 people in Baghdad.")
    False
    """
    # "Other attacks across the country killed 7": more incidents, not a sum of the others.
    return bool(_SUMMARY.search(sentence_text)) and not _OTHER_ATTACKS.search(sentence_text)


def _parts_adding_up(total: Incident, others: list[Incident]) -> list[Incident]:
    """A run of 2-6 consecutive incidents next to the total (right after it, or right before
    it) whose tolls add up to the total's: "97 killed in three incidents ... 21 ... 51 ... 25".

    Parts are stated together, beside their total; looking only there keeps this linear in the
    number of incidents instead of trying every subset.
    """
    target = total.killed
    if target is None or target == 0:
        return []
    first = min(total.sentence_indexes)
    after = [i for i in others if min(i.sentence_indexes) > first]
    before = [i for i in others if min(i.sentence_indexes) < first][::-1]
    for side in (after, before):
        running = 0
        for size, incident in enumerate(side[:6], start=1):
            running += incident.killed or 0
            if running == target and size >= 2:
                return sorted(side[:size], key=lambda i: min(i.sentence_indexes))
            if running > target:
                break
    return []
