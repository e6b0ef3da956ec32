"""Casualty clauses: who was killed, injured, abducted or arrested, how many, found in the parse.

A clause is anchored on a trigger (a verb such as "killed", an adjective such as "dead", a noun
such as "death toll"); its victims are found through the dependency tree (the object of an
active verb, the subject of a passive one, the noun a participle modifies), and its count is the
quantity inside the victims' noun phrase.
"""

from __future__ import annotations

import re

from pydantic import BaseModel
from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from eventcoder.lexicon import word_map, word_set
from eventcoder.mentions.modality import clause_modality
from eventcoder.nlp.model import doc_text
from eventcoder.records import Modality, Quantity, Span, VictimKind

_VICTIM_KINDS: frozenset[str] = frozenset(["militants", "soldiers", "police", "civilians"])
_DEFINITE = frozenset(["the", "their", "these", "those", "both", "all", "his", "her", "its"])
_HURT_WORDS = frozenset(["wounded", "injured", "hurt", "abducted", "kidnapped", "missing"])
_ONE_WORDS = frozenset(["one", "another", "other"])
_INJURY_NOUNS = frozenset(["injury", "wound", "injured", "wounded"])
_NOT_PEOPLE = frozenset(["ORG", "GPE", "LOC", "NORP", "FAC", "PRODUCT", "EVENT"])
_SINGULAR_PRONOUNS = frozenset(["him", "her", "himself", "herself", "he", "she"])
# Singular nouns that name a group, not one person.
_COLLECTIVE = frozenset(
    [
        "police",
        "army",
        "military",
        "family",
        "group",
        "crowd",
        "force",
        "people",
        "unit",
        "convoy",
        "patrol",
        "staff",
        "crew",
        "personnel",
        "number",
        "dozen",
        "score",
        "hundred",
        "thousand",
        "none",
        "other",
        "rest",
        "majority",
        "population",
        "community",
        "village",
        "town",
        "government",
        "security",
    ]
)
# Heads that carry no meaning of their own: follow "of" to the real victims.
_PARTITIVE = frozenset(
    [
        "member",
        "number",
        "dozen",
        "score",
        "hundred",
        "thousand",
        "some",
        "most",
        "many",
        "several",
        "all",
        "body",
        "corpse",
        "life",
        "death",
        "total",
        "family",
    ]
)


class CasualtyClause(BaseModel):
    """One statement that people were killed/injured/abducted/arrested."""

    kind: str
    count: Quantity | None = None
    count_words: str | None = None
    victims: VictimKind = "unknown"
    victim_span: Span | None = None
    trigger: Span
    sentence_index: int
    sentence: Span
    agent_span: Span | None = None
    cumulative: bool = False
    modality: Modality = "reported"
    negated: bool = False
    definite: bool = False  # "the victims", "their bodies", "them", a name: already introduced
    also: bool = False  # "His daughter was also killed": more victims, not a restatement
    update: bool = False  # "the toll rose to 20", "later revised to 35": replaces the count
    alternative: bool = False  # "Some sources claim 25 deaths": another figure, not more dead
    subset: bool = False  # "Three police were among the dead": some of those already counted


# Another source's figure for the same toll: "Some reports have the death toll at 99",
# "conflicting reports claim 9 deaths", "(one source counts seven)", "other media sources
# reported that as many as 21 were killed". ACLED keeps the lowest figure, so it adds nothing.
_ALTERNATIVE_REPORT = re.compile(
    r"\b(?:some|other|others|conflicting|differing|varying|one|another)\s+(?:\w+\s+)?"
    r"(?:reports?|sources?|witness(?:es)?|accounts?|outlets?)\b(?!\s+(?:said|says|say)\b)|"
    r"\b(?:numbers|figures|tolls?|counts?)\s+vary\b|"
    # the perpetrators' own count, in their claim: "The group claimed responsibility, stating
    # that 25 officers were killed"
    r"\bclaim(?:ed|s|ing)?\s+responsibility\b.{0,120}?\b(?:said|saying|stated|stating|"
    r"adding|claiming|boasted)\b|\b(?:the|that|this)\s+group\s+(?:said|stated|claimed)\b",
    re.IGNORECASE,
)


def _alternative_report(sentence: SpacySpan, trigger: Token) -> bool:
    """The clause gives another source's figure: a cue before the trigger in its sentence."""
    before = doc_text(sentence.doc)[sentence.start_char : trigger.idx]
    return bool(_ALTERNATIVE_REPORT.search(before))


# A newer figure for the toll already told: "Later reports claim 100 deaths", "Later
# estimates put the dead at 40". It replaces the first figure (not the lowest-of-several rule of
# `_ALTERNATIVE_REPORT`: the first was a preliminary count).
LATER_REPORT = re.compile(
    r"^\W*(?:later|subsequent|updated|revised|latest|final)\s+(?:\w+\s+)?"
    r"(?:reports?|estimates?|figures?|counts?|tolls?|tallies|accounts?)\b",
    re.IGNORECASE,
)


def _later_report(sentence: SpacySpan, trigger: Token) -> bool:
    return bool(LATER_REPORT.match(doc_text(sentence.doc)[sentence.start_char : trigger.idx]))


_AMONG_THE_DEAD = re.compile(r"\b(?:among|of)\s+(?:the|those)\s+$", re.IGNORECASE)


def _subset_of_the_dead(sentence: SpacySpan, trigger: Token) -> bool:
    """ "were among the dead", "one of the dead included", "Among those killed were four":
    the clause names some of the dead, not more of them."""
    before = doc_text(sentence.doc)[max(sentence.start_char, trigger.idx - 20) : trigger.idx]
    return bool(_AMONG_THE_DEAD.search(before))


def _span(doc: Doc, start_char: int, end_char: int) -> Span:
    return Span.of(doc_text(doc), start_char, end_char)


def _token_span(doc: Doc, token: Token) -> Span:
    return _span(doc, token.idx, token.idx + len(token.text))


def _np_span(doc: Doc, token: Token) -> Span:
    """The noun phrase of a token: from its left edge to itself (drops trailing clauses), and
    through "of" for partitives ("a number of others", "dozens of soldiers")."""
    left = token.left_edge
    last = token
    if token.lemma_.lower() in _PARTITIVE or token.pos_ == "NUM":
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                last = child.right_edge
    return _span(doc, left.idx, last.idx + len(last.text))


def _implicit_one(doc: Doc, token: Token) -> Quantity | None:
    """A singular victim with no number states one death: "a policeman", "killing him",
    "Hamad, a journalist". Collective nouns ("the police", "a family") state no number."""
    lower = token.lower_
    previous = token.nbor(-1).lower_ if token.i > 0 else ""
    if lower in _ONE_WORDS and previous == "no":
        return None  # "no one was killed"
    if lower in _ONE_WORDS or lower == "both":
        # "killing one and injuring another", "one of the guards", "the other", "both"
        value = 2 if lower == "both" else 1
        return Quantity(value=value, low=value, high=value, span=_token_span(doc, token))
    if token.pos_ == "PRON":
        if lower in _SINGULAR_PRONOUNS:
            span = _token_span(doc, token)
            return Quantity(value=1, low=1, high=1, span=span)
        return None  # "them": see _antecedent_count
    if token.tag_ == "NNS" and any(c.lower_ == "both" for c in token.children):
        # "killing him and both his sons": "both" is the number of the plural it modifies.
        return Quantity(value=2, low=2, high=2, span=_np_span(doc, token))
    if token.ent_type_ == "ORDINAL" and any(c.lower_ == "the" for c in token.children):
        # "abducted two of the guards and killed the third"
        return Quantity(value=1, low=1, high=1, span=_np_span(doc, token))
    if token.lemma_.lower() in _COLLECTIVE or token.tag_ not in ("NN", "NNP"):
        return None
    appos = [c for c in token.children if c.dep_ == "appos"]
    if token.tag_ == "NNP" and token.ent_type_ in _NOT_PEOPLE:
        # The small model takes some names for places or firms; "Bilir, a Turkish national"
        # and "an Iraqi" (a nationality with an article) are still one person.
        described = any(
            a.tag_ == "NN" and any(d.lower_ in ("a", "an") for d in a.children) for a in appos
        )
        a_nationality = token.ent_type_ == "NORP" and any(
            c.dep_ == "det" and c.lower_ in ("a", "an") for c in token.children
        )
        # "assassinated cleric Adil al-Janabi": a name after a person's title
        titled = any(
            c.dep_ == "compound" and c.pos_ == "NOUN" and victim_kind(c) != "unknown"
            for c in token.children
        ) or any(
            c.dep_ == "compound" and c.lower_ in word_set("person_titles") for c in token.children
        )
        if not (described or a_nationality or titled):
            return None
    determined = any(
        c.dep_ in ("det", "poss") and c.lower_ not in ("no", "every", "each", "any")
        for c in token.children
    )
    # "killed police officer, Col. Khalifa Hassan": a role with no article, named.
    named_role = victim_kind(token) != "unknown" and any(a.pos_ == "PROPN" for a in appos)
    if token.tag_ == "NN" and not determined and not named_role:
        return None
    span = _np_span(doc, token)
    return Quantity(value=1, low=1, high=1, span=span)


def _own_quantity(doc: Doc, token: Token, quantities: list[Quantity]) -> Quantity | None:
    span = _np_span(doc, token)
    found = _quantity_in(quantities, span.start, span.end)
    if found is None and token.lower_ in ("them", "they", "themselves"):
        return _antecedent_count(doc, token, quantities)
    return found if found is not None else _implicit_one(doc, token)


def _antecedent_count(doc: Doc, pronoun: Token, quantities: list[Quantity]) -> Quantity | None:
    """ "Five commandos were ambushed ... gunmen opened fire, killing them": the count of the
    nearest counted plural noun before the pronoun, in its sentence or the one before."""
    sentence_start = pronoun.sent.start if pronoun.i > 0 else 0
    previous_start = doc[sentence_start - 1].sent.start if sentence_start > 0 else 0
    for token in reversed(doc[previous_start : pronoun.i]):
        if token.tag_ == "NNS" and victim_kind(token) != "unknown":
            phrase = _np_span(doc, token)
            found = _quantity_in(quantities, phrase.start, phrase.end)
            if found is not None:
                return found
    return None


def _others_split(victim: Token) -> Token | None:
    """ "killed 15 people and 50 others were injured", parsed as one subject "15 people and 50
    others" of "injured": the last group ("50 others") is the injured, the first the killed."""
    later = [c for c in victim.conjuncts if c.i > victim.i]
    if not later:
        return None
    last = later[-1]
    if (
        last.lemma_.lower() == "other"
        or last.lower_ == "another"
        or any(c.lower_ in ("another", "more") for c in last.children)
    ):
        return last  # "... and 50 others", "... and another six", "... and 11 more"
    return None


def _victim_groups(victim: Token, trigger: Token | None) -> list[Token]:
    """The victim and the groups coordinated with it: "a contractor and two employees", through
    an apposition ("the police chief, Major Umar, and his wife"), and "along with her driver"."""
    groups = [victim]
    doc = victim.doc
    later = [c for c in victim.conjuncts if c.i > victim.i]
    # "two of his bodyguards, Ali Hassan and Omar Said": the names of the two, not two more.
    named = (
        bool(later)
        and _several(victim)
        and later[0].pos_ == "PROPN"
        and doc[later[0].left_edge.i - 1].text == ","
    )
    for conjunct in later:
        if _names_injuries(conjunct):
            break  # "the death of two guards and the injury of five": not more dead
        if named and conjunct.pos_ == "PROPN":
            continue
        groups.append(conjunct)
    if not _several(victim):
        # "two contractors, Ali and Omar" names the two; "the chief, Major Umar, and his wife"
        # adds one. A role with an article ("Omar, a member of X and a member of Y, was
        # killed") describes the same person again, unless the verb is plural.
        plural = trigger is not None and any(
            c.dep_ in ("aux", "auxpass") and c.lower_ in ("were", "are", "have")
            for c in trigger.children
        )
        for appos in (c for c in victim.children if c.dep_ == "appos"):
            groups.extend(
                c
                for c in appos.conjuncts
                if c.i > appos.i
                and (
                    plural
                    or not any(
                        d.dep_ == "det" and d.lower_ in ("a", "an", "the") for d in c.children
                    )
                )
            )
    if trigger is not None and victim.dep_ == "nsubjpass":
        # "Four personnel of the troops and three militants were killed": the parser may give
        # the verb two subjects instead of one coordination.
        groups.extend(
            c
            for c in trigger.children
            if c.dep_ == "nsubjpass"
            and c.i > victim.i
            and c.left_edge.i > 0
            and doc[c.left_edge.i - 1].dep_ == "cc"
        )
    heads = [victim, *([trigger] if trigger is not None else [])]
    for head in heads:
        withs = [c for c in head.children if c.dep_ == "prep" and c.lower_ == "with"]
        for along in (c for c in head.children if c.lower_ in ("along", "together")):
            # "killed X, along with her driver": the parser may hang "with" under "along"
            withs.extend(c for c in along.children if c.dep_ == "prep" and c.lower_ == "with")
        for prep in withs:
            if prep.i > 0 and prep.nbor(-1).lower_ in ("along", "together"):
                for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                    if any(c.lower_ in _HURT_WORDS for c in pobj.children):
                        continue  # "killed along with 63 members wounded": not more dead
                    groups.append(pobj)
                    for conjunct in (c for c in pobj.conjuncts if c.i > pobj.i):
                        if _names_injuries(conjunct):
                            break
                        groups.append(conjunct)
    if trigger is not None and victim.dep_ in ("dobj", "obj") and victim.head == trigger:
        # "shot dead three guards at the gate, as well as two drivers": more victims the
        # parser hung on the verb, joined by a conjunction (not "kill three herders, rustle 70
        # heads of cattle"). Only people or numbers: "killed X and fled" is not a victim.
        verbs = [trigger, *([trigger.head] if trigger.dep_ == "conj" else [])]
        for other in (
            c
            for verb in verbs
            for c in verb.children
            if c.dep_ in ("dobj", "obj", "npadvmod", "conj")
            and c.i > victim.right_edge.i
            and (
                c.pos_ == "NUM"
                or (c.pos_ == "NOUN" and (victim_kind(c) != "unknown" or _kin(c)))
                # "kills four, plus himself": the attacker named last is one more death
                or (c.pos_ == "PRON" and c.lower_ in ("himself", "herself"))
            )
        ):
            between = doc[victim.right_edge.i + 1 : other.left_edge.i]
            joined = any(t.dep_ == "cc" or t.lower_ in ("and", "plus") for t in between)
            # "killing himself, two guards, and five visitors": the parser made the list's
            # second item another object of the verb, with only a comma between.
            listed = other.dep_ == victim.dep_ and all(t.text == "," for t in between)
            joined = joined or (listed and bool(between))
            if joined and not _names_injuries(other):
                groups.extend([other, *[c for c in other.conjuncts if c.i > other.i]])
    for group in [g for g in groups if g.pos_ == "NUM"]:
        # "three of his sons and his son-in-law": the parser joins the son-in-law to "sons";
        # a noun phrase of its own (with "his", "the") is one more victim.
        for of in (c for c in group.children if c.dep_ == "prep" and c.lower_ == "of"):
            for pobj in (c for c in of.children if c.dep_ == "pobj"):
                groups.extend(
                    c
                    for c in pobj.conjuncts
                    if c.i > pobj.i
                    and c.tag_ in ("NN", "NNP")
                    and any(d.dep_ in ("poss", "det") for d in c.children)
                    and not _names_injuries(c)
                )
    unique: dict[int, Token] = {t.i: t for t in groups}
    return [unique[i] for i in sorted(unique)]


_PERSONAL_POSSESSIVES = frozenset(["his", "her", "their"])


def _kin(token: Token) -> bool:
    """ "killed the mayor, Ali Salim, and his nephew": a person's relative or companion named
    by a possessive pronoun is a person, though the noun is in no victim lexicon."""
    return any(c.dep_ == "poss" and c.lower_ in _PERSONAL_POSSESSIVES for c in token.children)


def _names_injuries(conjunct: Token) -> bool:
    """A coordinated group that is the injured of the same report, not more dead: "and the
    injury of six others", "and 32 injuries", "and another six were injured" (not "a guard and
    a driver and wounded four", where "wounded" has its own object)."""
    if conjunct.lemma_.lower() in _INJURY_NOUNS:
        return True
    doc = conjunct.doc
    after = [*doc[conjunct.i + 1 : conjunct.i + 4], *doc[conjunct.right_edge.i + 1 :][:3]]
    for token in after:
        if token.pos_ == "NOUN" and token.lemma_.lower() in _INJURY_NOUNS:
            return True  # "five persons dead, plus ten injuries"
        if token.lower_ in _HURT_WORDS:
            return not (
                token.dep_ == "conj" and any(c.dep_ in ("dobj", "obj") for c in token.children)
            )
    return False


def _several(token: Token) -> bool:
    """A noun phrase whose own number is more than one ("two contractors")."""
    if token.pos_ == "NUM":
        return token.lower_ not in ("one", "1")  # "Two of his bodyguards, Ali and Omar"
    return any(
        c.dep_ == "nummod" and c.lower_ not in ("one", "1", "a", "an") for c in token.children
    )


def victim_count(
    doc: Doc,
    victim: Token,
    quantities: list[Quantity],
    alone: bool = False,
    trigger: Token | None = None,
) -> Quantity | None:
    """How many victims a noun phrase names, adding coordinated groups: "a contractor and two
    employees" is 3, "himself and nine others" 10, "X along with her driver" 2 (``alone``:
    this group only). None when a group has no stated number."""
    groups = [victim] if alone else _victim_groups(victim, trigger)
    # "150 soldiers and policemen": a bare plural with no number of its own shares the number
    # before it, so it adds nothing (rather than making the whole count unknown).
    groups = [
        g
        for n, g in enumerate(groups)
        if n == 0
        or g.tag_ != "NNS"
        or any(c.dep_ in ("det", "nummod", "poss") for c in g.children)
        or _quantity_in(quantities, *_np_bounds(doc, g)) is not None
    ]
    # Only a subject agrees with its verb: "have executed 300 police and army staff" says
    # nothing about how many the object's bare noun names.
    plural_verb = (
        trigger is not None
        and victim.dep_ in ("nsubjpass", "nsubj")
        and any(
            c.dep_ in ("aux", "auxpass") and c.lower_ in ("were", "are") for c in trigger.children
        )
    )
    counts: list[Quantity | None] = []
    for n, group in enumerate(groups):
        count = _own_quantity(doc, group, quantities)
        if count is not None and any(c is not None and c.span == count.span for c in counts):
            continue  # "200 or more" parsed as "200" and "more": one number, counted once
        if (
            count is None
            and n > 0
            and plural_verb
            and group.tag_ == "NN"
            and group.lemma_.lower() not in _COLLECTIVE
        ):
            # "A guard and shop owner were killed": the plural verb makes the bare second
            # noun another person, not a second title of the first.
            count = Quantity(value=1, low=1, high=1, span=_np_span(doc, group))
        counts.append(count)
    listed = None if alone else _listed_subjects(doc, victim, trigger, quantities)
    if listed is not None and len(listed) > len([c for c in counts if c is not None]):
        counts = list(listed)
    if len(counts) == 1 or counts[0] is None:
        return counts[0]
    known = [c for c in counts if c is not None]
    if len(known) != len(counts):
        return counts[0]
    if len(known) > 2 and known[0].value == sum(c.value for c in known[1:]):
        return known[0]  # "Five people, three guards and two drivers, were killed": a breakdown
    qualifiers = [c.qualifier for c in known if c.qualifier]
    return Quantity(
        value=sum(c.value for c in known),
        low=sum(c.low for c in known),
        high=sum(c.high for c in known),
        qualifier="; ".join(qualifiers) or None,
        vague=any(c.vague for c in known),
        span=Span.of(doc_text(doc), known[0].span.start, known[-1].span.end),
    )


def _listed_subjects(
    doc: Doc, victim: Token, trigger: Token | None, quantities: list[Quantity]
) -> list[Quantity] | None:
    """The counts of a list of counted groups before a passive verb, read from the words when
    the parser broke the list ("One Dane, one Swede and three Kenyans were killed" parsed as
    an adjective with a number): each item between commas and "and" opens with its number or
    an article. None unless every item does and there are two or more."""
    if trigger is None or victim.dep_ != "nsubjpass" or victim.head != trigger:
        return None
    subjects = [c for c in trigger.children if c.dep_ == "nsubjpass"]
    aux = [c for c in trigger.children if c.dep_ == "auxpass" and c.i < trigger.i]
    if not aux or aux[0].lower_ not in ("were", "are"):
        return None
    start = min(s.left_edge.i for s in subjects)
    end = aux[0].i
    if start >= end or any(t.is_punct and t.text not in (",",) for t in doc[start:end]):
        return None
    items: list[list[Token]] = [[]]
    for token in doc[start:end]:
        if token.text == "," or token.lower_ == "and":
            if items[-1]:
                items.append([])
            continue
        items[-1].append(token)
    items = [i for i in items if i]
    if len(items) < 2:
        return None
    counts: list[Quantity] = []
    for item in items:
        first = item[0]
        if not any(t.pos_ in ("NOUN", "PROPN") or t.ent_type_ == "NORP" for t in item):
            return None
        found = [q for q in quantities if q.span.start == first.idx]
        if found:
            counts.append(found[0])
        elif first.lower_ in ("a", "an", "one"):
            last = item[-1]
            counts.append(
                Quantity(
                    value=1,
                    low=1,
                    high=1,
                    span=_span(doc, first.idx, last.idx + len(last.text)),
                )
            )
        else:
            return None
    return counts


def _np_bounds(doc: Doc, token: Token) -> tuple[int, int]:
    span = _np_span(doc, token)
    return span.start, span.end


def _quantity_in(quantities: list[Quantity], start: int, end: int) -> Quantity | None:
    inside = [q for q in quantities if q.span.start < end and q.span.end > start]
    return inside[0] if inside else None


def victim_kind(token: Token) -> VictimKind:
    """The kind of victims a noun names, looking at its modifiers first ("police officers").

    Returns "unknown" for a bare number ("killing 19") or an unknown noun.
    """
    nouns = word_map("victim_nouns")
    for child in token.children:
        if child.dep_ in ("compound", "amod", "nmod"):
            kind = nouns.get(child.lemma_.lower()) or nouns.get(child.text.lower())
            if kind in ("soldiers", "police"):
                return kind  # type: ignore[return-value]
    if token.lemma_.lower() in _PARTITIVE or token.pos_ == "NUM":
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                for pobj in child.children:
                    if pobj.dep_ == "pobj" and victim_kind(pobj) != "unknown":
                        return victim_kind(pobj)  # "members of the army" -> soldiers
    kind = nouns.get(token.lemma_.lower()) or nouns.get(token.text.lower())
    if kind in _VICTIM_KINDS:
        return kind  # type: ignore[return-value]
    return "unknown"


def _victim_of_verb(verb: Token) -> Token | None:
    """The victims of a casualty verb: object if active, subject if passive, modified noun if a
    participle ("12 people killed in ..."); shared with the first verb of a coordination."""
    children = list(verb.children)
    # "2018 Asdira bombing: 25 people were killed" hangs the title on the verb as a second
    # subject: after a colon, the subject nearest the verb.
    subjects = [c for c in children if c.dep_ == "nsubjpass" and c.i < verb.i]
    if len(subjects) > 1 and any(
        t.text == ":" for t in verb.doc[subjects[0].i : subjects[-1].left_edge.i]
    ):
        return subjects[-1]
    for child in children:
        if child.dep_ == "nsubjpass":
            return child
    if verb.dep_ == "conj" and any(c.dep_ == "auxpass" for c in verb.head.children):
        # "One was killed and three others injured when a device ...": the parser may take
        # "device" as the object; the elided passive's subject is the victim.
        subject = next((c for c in children if c.dep_ == "nsubj"), None)
        if subject is not None and (
            subject.pos_ == "NUM"
            or subject.lemma_.lower() == "other"
            or any(c.dep_ == "nummod" for c in subject.children)
            or victim_kind(subject) != "unknown"
        ):
            return subject
    for child in children:
        if child.dep_ in ("dobj", "obj"):
            return child
    for child in children:
        # "Twin bombings killed at least 54 and ...", "collecting firewood killing 3": a number
        # after the verb that the parser hung on it as a modifier is its object.
        if child.dep_ in ("npadvmod", "nummod") and child.pos_ == "NUM" and child.i > verb.i:
            return child
    if verb.dep_ in ("acl", "amod", "relcl") and verb.tag_ == "VBN":
        return verb.head
    following = verb.nbor(1).lower_ if verb.i + 1 < len(verb.doc) else "."
    at_least = verb.doc[verb.i + 1 : verb.i + 3].text.lower() == "at least"
    if (
        verb.tag_ in ("VBD", "VBN")
        and verb.dep_ == "ROOT"
        and following in _HEADLINE_NEXT
        and not at_least
    ):
        # Headline style: "200 killed by cattle rustlers", "Three soldiers killed in ambush";
        # not "A bomber killed at least 15 people", whose object the parser lost.
        subject = next((c for c in children if c.dep_ == "nsubj"), None)
        if subject is not None and (subject.pos_ == "NUM" or victim_kind(subject) != "unknown"):
            return subject
    for child in children:
        if child.dep_ in ("ccomp", "conj", "advcl") and child.lemma_.lower() in word_map(
            "casualty_verbs"
        ):
            subject = next((c for c in child.children if c.dep_ == "nsubjpass"), None)
            if subject is not None and _others_split(subject) is not None:
                return subject  # "killed 15 people and 50 others were injured"
    if verb.dep_ == "conj" and any(c.dep_ == "auxpass" for c in verb.head.children):
        # "Six were killed and thirteen others wounded": the elided passive has a plain subject.
        subject = next((c for c in children if c.dep_ == "nsubj"), None)
        if subject is not None:
            return subject
    if verb.dep_ == "conj" and any(c.dep_ == "auxpass" for c in children):
        # "killed 9 people and 30 others were injured": the others are this verb's victims.
        head_object = next((c for c in verb.head.children if c.dep_ in ("dobj", "obj")), None)
        if head_object is not None and _others_split(head_object) is not None:
            return _others_split(head_object)
    verbs = word_map("casualty_verbs")
    own = any(c.dep_ in ("nsubj", "dobj", "obj", "auxpass") for c in children)
    if verb.dep_ == "conj" and not own:
        # "was kidnapped and killed", "was attacked and killed": the passive subject is
        # shared (not between a killing and a wounding verb: "20 were killed and injured"
        # gives no count of either).
        kinds = {verbs.get(verb.head.lemma_.lower()), verbs.get(verb.lemma_.lower())}
        subject = next((c for c in verb.head.children if c.dep_ == "nsubjpass"), None)
        if subject is not None and kinds != {"killed", "injured"}:
            return subject
    if verb.dep_ == "conj" and verb.head.lemma_.lower() in verbs:
        return None  # "killed and injured 20": the count belongs to the last verb only
    if verb.dep_ in ("xcomp", "oprd", "ccomp") and verb.tag_ == "VBN":
        # "22 persons have been feared killed": the subject of the passive "feared".
        found = next((c for c in verb.head.children if c.dep_ == "nsubjpass"), None)
        if found is not None:
            return found
    if verb.dep_ == "conj" and verb.tag_ == "VBN":
        # "Two men were captured and then executed": the passive subject is shared.
        shared = next((c for c in verb.head.children if c.dep_ == "nsubjpass"), None)
        if shared is None:
            shared = (
                _subject_of_passive_turn(verb)
                or _subject_of_passive_turn(verb.head)
                or _left_in_a_state(verb)
            )
        return shared
    if any(c.dep_ == "auxpass" for c in children):
        # "One of the drivers, believed to be X, was killed": a passive whose subject the
        # parser labelled active.
        found = next((c for c in children if c.dep_ == "nsubj" and c.i < verb.i), None)
        return found if found is not None else _subject_of_passive_turn(verb)
    return _left_in_a_state(verb)


def _left_in_a_state(verb: Token) -> Token | None:
    """ "left a civilian seriously injured", "leaving three guards wounded", "leaving two dead
    and a policeman injured": the people a blast left so, however the parser hung the
    participle (on "left", on the main verb, or as a verb of its own with them as subject)."""
    if verb.tag_ not in ("VBN", "VBD") or any(
        c.dep_ in ("dobj", "obj", "aux", "auxpass") for c in verb.children
    ):
        return None
    subject = next((c for c in verb.children if c.dep_ == "nsubj" and c.i < verb.i), None)
    if subject is not None:
        # "... and a policeman injured": no object and no auxiliary, a reduced passive
        people = subject.pos_ == "NUM" or victim_kind(subject) != "unknown"
        return subject if verb.tag_ == "VBN" and people else None
    before = verb.doc[verb.i - 1] if verb.i > 0 else None
    if before is not None and before.dep_ == "advmod":  # "seriously injured"
        before = verb.doc[before.i - 1] if before.i > 0 else None
    if before is None:
        return None
    phrase = next(
        (t for t in before.ancestors if t.dep_ in ("dobj", "obj")),
        before if before.dep_ in ("dobj", "obj") else None,
    )
    if phrase is not None and phrase.right_edge.i == before.i and phrase.head.lemma_ == "leave":
        # "left 1 person dead and two injured": the last group, not the whole object
        return before if before.dep_ == "conj" and before.pos_ in ("NUM", "NOUN") else phrase
    return None


def _subject_of_passive_turn(verb: Token) -> Token | None:
    """ "A bomber tried to ram the gate but was shot and killed by guards": a passive verb
    joined to an active one, with no subject of its own, is said of the active one's subject."""
    if verb.dep_ != "conj" or not any(c.dep_ == "auxpass" for c in verb.children):
        return None
    if any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        return None
    return next((c for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)


_WOUNDING_VERBS = frozenset(["shoot", "stab"])
_HEADLINE_NEXT = frozenset(
    ["in", "by", "on", "at", "near", "after", "during", "when", "as", "while", ",", ".", ";"]
)
_REVISION_VERBS = frozenset(
    ["revise", "rise", "climb", "increase", "jump", "reach", "grow", "raise", "update"]
)
_TALLY_NOUNS = frozenset(["toll", "count", "number", "figure", "tally", "total"])
_BARE_TALLY_NOUNS = frozenset(["number", "figure", "tally", "total"])


def _revised_count(verb: Token, quantities: list[Quantity]) -> Quantity | None:
    """The new figure of a revised toll: "the count was revised up to 114" -> 114. Only for a
    tally as the subject, or no subject at all ("(later revised to 35)")."""
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is not None and subject.lemma_.lower() not in _TALLY_NOUNS:
        return None
    if subject is None and verb.lemma_.lower() != "revise":
        return None
    if (
        subject is not None
        and subject.lemma_.lower() in _BARE_TALLY_NOUNS
        and not any(c.dep_ == "prep" for c in subject.children)
        and _told_displacement(verb)
    ):
        return None  # "1.5 million have fled, and the number could rise to 2 million": a figure
    return _quantity_under(verb, ("prep", "dobj", "attr", "prt"), quantities)


def _told_displacement(verb: Token) -> bool:
    """Whether the verb's sentence or the one before it tells of people displaced."""
    sentence = verb.sent
    start = sentence.start
    if start > 0:
        start = verb.doc[start - 1].sent.start
    words = word_set("displacement_words")
    return any(t.lemma_.lower() in words for t in verb.doc[start : sentence.end])


_DEATH_LEMMAS = frozenset(["kill", "die", "dead", "death", "murder", "execute", "assassinate"])


def _particle(verb: Token) -> str | None:
    """The particle of a verb ("gunned down", "shot dead", "burned alive"), also when the
    parser made the "dead" right after the verb a modifier of the object ("shot dead 4
    people")."""
    for child in verb.children:
        if child.dep_ == "prt" or child.lower_ in ("dead", "alive"):
            return child.lower_
    if verb.i + 1 < len(verb.doc):
        after = verb.nbor(1)
        if after.lower_ in ("dead", "alive") and after.dep_ == "amod" and after.head.head == verb:
            return after.lower_
    return None


def _wounding_only(verb: Token) -> bool:
    """ "shot" with no death in its clause: not "shot dead", "shot and killed", "shot down"."""
    if _particle(verb) is not None or _to_death(verb):
        return False
    near = [verb.head, *verb.children, *verb.head.children]
    return not any(t.lemma_.lower() in _DEATH_LEMMAS for t in near)


def _verb_lemma(token: Token, verbs: dict[str, str]) -> str:
    """The lemma, or the verb behind a form the tagger took for a noun ("killing" -> "kill")."""
    lemma = token.lemma_.lower()
    if lemma in verbs or token.pos_ != "NOUN":
        return lemma
    lower = token.lower_
    for stem in (lower[:-3], lower[:-3] + "e", lower[:-2], lower[:-1]):
        if lower.endswith(("ing", "ed")) and stem in verbs:
            return stem
    return lemma


def _phrasal(verb: Token) -> str:
    """A verb with its particle: "gunned down" -> "gun down"."""
    particle = _particle(verb)
    return f"{verb.lemma_.lower()} {particle}" if particle else ""


def _to_death(verb: Token) -> bool:
    """ "shot to death", "beaten to death", "boiled to death"; not a cause ("the attacks led to
    the death of 13", where "death" is a noun clause of its own) nor a court's sentence
    ("sentenced two men to death")."""
    lemma = verb.lemma_.lower()
    if lemma in word_set("not_killing_to_death") or lemma in word_set("court_sentence_verbs"):
        return False
    return any(
        child.dep_ == "prep"
        and child.lower_ == "to"
        and any(
            g.lemma_.lower() == "death" and not any(d.dep_ in ("det", "poss") for d in g.children)
            for g in child.children
        )
        for child in verb.children
    )


def _a_motive(noun: Token) -> bool:
    """A killing named as the reason or the background of this report's events, an earlier
    one: "students protest the killing of a classmate", "in retaliation for ... and the
    assassination of several members". Read from the words before it in its sentence, since
    the parser often hangs such lists anywhere."""
    motives = word_set("motive_words")
    return any(t.lemma_.lower() in motives for t in noun.doc[noun.sent.start : noun.i])


def _attempted(noun: Token) -> bool:
    """ "the attempted murder of", "a failed assassination", "an assassination attempt"."""
    if any(c.lower_ in word_set("failed_attempt_words") for c in noun.children):
        return True
    return noun.dep_ == "compound" and noun.head.lemma_.lower() in word_set("attempt_nouns")


def _sentenced_to_death(noun: Token) -> bool:
    """ "sentenced two rebels to death": a court's sentence, no death yet."""
    to = noun.head
    return (
        noun.lemma_.lower() == "death"
        and noun.dep_ == "pobj"
        and to.lower_ == "to"
        and to.head.lemma_.lower() in word_set("court_sentence_verbs")
    )


def _agent_of_verb(verb: Token) -> Token | None:
    """Who acted: the subject of an active verb, or "by X" of a passive one; coordinated verbs
    share their first verb's subject ("Iraqi forces detonated ... and killed 21")."""
    current: Token | None = verb
    for _ in range(3):
        if current is None:
            break
        for child in current.children:
            if child.dep_ in ("nsubj",):
                return child
            if child.dep_ == "agent":
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        return pobj
        current = current.head if current.dep_ in ("conj", "xcomp", "advcl") else None
    return None


def _nearby_quantity(
    quantities: list[Quantity], sentence: SpacySpan, trigger: Token, before: bool
) -> Quantity | None:
    """Fallback when the parse gives no count: the closest quantity within a few words."""
    window = 40
    if before:
        start, end = max(sentence.start_char, trigger.idx - window), trigger.idx
        near = [q for q in quantities if start <= q.span.start and q.span.end <= end]
        return near[-1] if near else None
    start = trigger.idx + len(trigger.text)
    end = min(sentence.end_char, start + window)
    near = [q for q in quantities if start <= q.span.start and q.span.end <= end]
    return near[0] if near else None


def _quantity_just_before(quantities: list[Quantity], trigger: Token) -> Quantity | None:
    """A quantity ending right before the trigger, with only a space between ("13 killed")."""
    if trigger.i == 0 or trigger.nbor(-1).pos_ != "NUM":
        return None
    previous = trigger.nbor(-1)
    end = previous.idx + len(previous.text)
    return next((q for q in quantities if q.span.end == end), None)


def _is_cumulative(trigger: Token) -> bool:
    """ "killed since 2014", "killed so far this year": a running toll, not an incident; so is
    "the group, which has killed thousands"."""
    if trigger.dep_ == "relcl" and any(
        c.dep_ == "aux" and c.lower_ in ("has", "have") for c in trigger.children
    ):
        return True
    cues = word_set("cumulative_cues")
    scope = [trigger, *trigger.children]
    if trigger.dep_ in ("acl", "amod", "relcl", "conj"):
        scope.extend(trigger.head.children)
    # "the deadliest attack since March", "the first ... since 2010" compares this incident
    # with others: its "since" is no running toll.
    compared = {
        t.i
        for t in trigger.sent
        if t.lower_ == "since"
        and any(
            u.tag_ in ("JJS", "RBS") or u.lower_ == "first"
            for u in trigger.doc[min(trigger.i, t.i) : t.i]
        )
    }
    words = " ".join(
        t.lower_ for node in scope if node != trigger for t in node.subtree if t.i not in compared
    )
    words = " " + words + " "
    return any(f" {cue} " in words for cue in cues) or any(
        c.lower_ == "since" and c.i not in compared for c in trigger.children
    )


def _clause(
    doc: Doc,
    kind: str,
    trigger: Token,
    victim: Token | None,
    quantities: list[Quantity],
    sentence_index: int,
    sentence: SpacySpan,
    agent: Token | None = None,
    count_before: bool = True,
) -> CasualtyClause:
    count: Quantity | None = None
    victim_span: Span | None = None
    victims: VictimKind = "unknown"
    if _shared_between_kinds(trigger):
        # "killing and injuring nine people": how many died is not said.
        return _uncounted(doc, kind, trigger, victim, sentence_index, sentence, agent)
    thing = victim is not None and victim.lemma_.lower() in word_set("non_victim_nouns")
    if thing:
        # "13 reported killed 50 houses destroyed": the parser's object is no victim; a number
        # before a verb with no subject of its own ("13 ... killed") can be the count.
        if not any(c.dep_ == "nsubj" for c in trigger.children):
            count = _nearby_quantity(quantities, sentence, trigger, before=True)
        victim = None
    if victim is not None:
        victim_span = _np_span(doc, victim)
        split = _others_split(victim) if victim.dep_ == "nsubjpass" else None
        head = trigger.head
        shared = (
            split is not None
            and victim.head == trigger
            and head != trigger
            and head.lemma_.lower() in word_map("casualty_verbs")
            and not any(c.dep_ in ("dobj", "obj") for c in head.children)
        )
        if shared and split is not None:
            victim = split
            victim_span = _np_span(doc, victim)
        # The killing verb that borrowed the subject of "were injured" takes its first group;
        # so does one whose object's last group ("and 30 others") a passive conj verb took.
        borrowed = split is not None and victim.head != trigger
        if victim.dep_ in ("dobj", "obj") and _others_split(victim) is not None:
            borrowed = borrowed or any(
                c.dep_ == "conj" and any(g.dep_ == "auxpass" for g in c.children)
                for c in trigger.children
            )
        count = victim_count(doc, victim, quantities, alone=shared or borrowed, trigger=trigger)
        victims = victim_kind(victim)
    if count is None and victim is None and not thing:
        before = _quantity_just_before(quantities, trigger)
        # "..., 13 killed and 27 wounded": the number right before the verb is its own.
        count = before or _nearby_quantity(quantities, sentence, trigger, before=count_before)
    count_words = None
    if count is not None and count.vague:
        count_words = count.span.text
    negated = _is_negated(trigger, victim, count)
    definite = victim is not None and (
        victim.pos_ in ("PRON", "PROPN")
        or victim.left_edge.lower_ in _DEFINITE
        or any(c.dep_ == "poss" for c in victim.children)
    )
    also = any(c.lower_ in ("also", "too", "additionally") for c in trigger.children)
    return CasualtyClause(
        alternative=_alternative_report(sentence, trigger),
        subset=_subset_of_the_dead(sentence, trigger),
        also=also,
        definite=definite,
        kind=kind,
        count=count,
        count_words=count_words,
        victims=victims,
        victim_span=victim_span,
        trigger=_token_span(doc, trigger),
        sentence_index=sentence_index,
        sentence=_span(doc, sentence.start_char, sentence.end_char),
        agent_span=_np_span(doc, agent) if agent is not None else None,
        cumulative=_is_cumulative(trigger),
        modality=clause_modality(trigger),
        negated=negated,
    )


def find_casualty_clauses(doc: Doc, quantities: list[Quantity]) -> list[CasualtyClause]:
    """Every casualty clause of a parsed document, in text order.

    ``quantities`` are the document's number phrases (`extract.quantities.find_quantities`).
    """
    verbs = word_map("casualty_verbs")
    adjectives = word_map("casualty_adjectives")
    nouns = word_map("casualty_nouns")
    dying = word_set("intransitive_death")
    clauses: list[CasualtyClause] = []
    for sentence_index, sentence in enumerate(doc.sents):
        used_triggers: set[int] = set()
        for token in sentence:
            lemma = _verb_lemma(token, verbs)
            # "the killing of 12": the noun itself, though it stems from a verb
            noun_lemma = lemma if lemma in nouns else token.lemma_.lower()
            lower = token.lower_
            clause: CasualtyClause | None = None
            # "killing" is sometimes tagged a noun; an object or a passive makes it a verb.
            is_verb = (
                token.pos_ in ("VERB", "AUX")
                or token.tag_.startswith("VB")
                or any(c.dep_ in ("dobj", "nsubjpass", "auxpass") for c in token.children)
                # "... firewood killing 3 and injuring 2": a gerund tagged a noun
                or (
                    token.lower_.endswith("ing")
                    and any(c.dep_ == "nummod" and c.i > token.i for c in token.children)
                )
            )
            if is_verb and lemma in _REVISION_VERBS and _revised_count(token, quantities):
                # "the count was revised up to 114", "(later revised to 35)": a new toll
                clause = _clause(doc, "killed", token, None, quantities, sentence_index, sentence)
                clause.count = _revised_count(token, quantities)
                clause.update = True
            elif is_verb and lemma not in verbs and _to_death(token):
                victim = _victim_of_verb(token)
                clause = _clause(
                    doc,
                    "killed",
                    token,
                    victim,
                    quantities,
                    sentence_index,
                    sentence,
                    agent=_agent_of_verb(token),
                )
            elif is_verb and lemma in ("lose", "claim", "take") and _object_is_lives(token):
                victim = _owner_of_lives(token)
                clause = _clause(doc, "killed", token, victim, quantities, sentence_index, sentence)
            elif is_verb and _phrasal(token) in verbs:
                # "gunned down", "shot dead" as one verb
                victim = _victim_of_verb(token)
                clause = _clause(
                    doc,
                    verbs[_phrasal(token)],
                    token,
                    victim,
                    quantities,
                    sentence_index,
                    sentence,
                    agent=_agent_of_verb(token),
                )
            elif is_verb and lemma in _WOUNDING_VERBS and _wounding_only(token):
                # "was shot by gunmen": someone was hit, but the text does not say whether they
                # lived (sources code it either way): an event, with no death or injury count.
                victim = _victim_of_verb(token)
                if victim is None or (
                    victim_kind(victim) == "unknown" and victim.pos_ not in ("PROPN", "PRON")
                ):
                    continue
                clause = _clause(
                    doc,
                    "shot",
                    token,
                    victim,
                    quantities,
                    sentence_index,
                    sentence,
                    agent=_agent_of_verb(token),
                )
            elif is_verb and lemma in verbs and lemma != "claim" and token.dep_ != "amod":
                if lemma in ("seize", "capture") and not _has_person_object(token):
                    continue
                victim = _victim_of_verb(token)
                agent = _agent_of_verb(token)
                passive = victim is not None and victim.dep_ == "nsubjpass"
                clause = _clause(
                    doc,
                    verbs[lemma],
                    token,
                    victim,
                    quantities,
                    sentence_index,
                    sentence,
                    agent=None if passive else agent,
                    count_before=token.tag_ == "VBN",
                )
            elif is_verb and lemma in dying:
                victim = next((c for c in token.children if c.dep_ == "nsubj"), None)
                if victim is None and token.dep_ == "conj":
                    victim = next(
                        (c for c in token.head.children if c.dep_ in ("nsubj", "nsubjpass")),
                        None,
                    )
                clause = _clause(doc, "killed", token, victim, quantities, sentence_index, sentence)
            elif lower in adjectives and token.pos_ in ("ADJ", "VERB", "NOUN"):
                if _dead_as_description(token):
                    continue
                victim = _victim_of_adjective(token)
                clause = _clause(
                    doc, adjectives[lower], token, victim, quantities, sentence_index, sentence
                )
            elif (
                token.pos_ == "NOUN"
                and noun_lemma in nouns
                and nouns[noun_lemma] != "casualties"
                and not (token.dep_ == "compound" and token.head.lemma_.lower() in nouns)
            ):
                lemma = noun_lemma
                if lemma in ("body", "corpse") and not _bodies_found(token):
                    continue
                if _sentenced_to_death(token):
                    continue
                victim = _victim_of_noun(token)
                if lemma in word_set("killing_nouns") and (
                    victim is None or _attempted(token) or _a_motive(token)
                ):
                    continue  # "the massacre", "murder charges", "an assassination attempt"
                clause = _clause(
                    doc,
                    nouns[lemma],
                    token,
                    victim,
                    quantities,
                    sentence_index,
                    sentence,
                    count_before=lemma != "toll",  # "four reported deaths", "the toll: 12"
                )
                if clause.count is None and lemma in ("toll", "death", "fatality"):
                    clause.count = _toll_value(token, quantities)
                if clause.count is None and lemma in ("body", "corpse"):
                    # "Five bodies of contractors were found": the number is on "bodies".
                    clause.count = next(
                        (
                            _quantity_in(quantities, c.idx, c.idx + len(c.text))
                            for c in token.children
                            if c.dep_ == "nummod"
                        ),
                        None,
                    )
                clause.update = lemma == "toll" and clause.count is not None
            if clause is None or token.i in used_triggers:
                continue
            if clause.kind == "killed" and clause.count is not None:
                clause.update = clause.update or _later_report(sentence, token)
            used_triggers.add(token.i)
            clauses.append(clause)
    return _drop_repeats(clauses)


def _is_negated(trigger: Token, victim: Token | None, count: Quantity | None) -> bool:
    """ "No one was killed", "nobody died", "no civilians were hurt"; but "no fewer than 40
    people" is a count."""
    if any(c.dep_ == "neg" for c in trigger.children):
        return True
    if trigger.pos_ == "NOUN" and any(
        c.dep_ == "det" and c.lower_ == "no" for c in trigger.children
    ):
        return True  # "but no fatalities were reported"
    if victim is None or count is not None:
        return False
    if victim.lower_ in ("none", "nobody"):
        return True
    previous = victim.nbor(-1) if victim.i > 0 else None
    if victim.lower_ == "one" and previous is not None and previous.lower_ == "no":
        return True
    return any(c.dep_ == "det" and c.lower_ == "no" for c in victim.children)


def _shared_between_kinds(verb: Token) -> bool:
    """A killing verb and a wounding verb sharing one object ("killing and injuring dozens")."""
    verbs = word_map("casualty_verbs")
    adjectives = word_map("casualty_adjectives")
    kinds = {"killed", "injured"}

    def kind_of(token: Token) -> str | None:
        return verbs.get(token.lemma_.lower()) or adjectives.get(token.lower_)

    def objects(token: Token) -> list[Token]:
        return [c for c in token.children if c.dep_ in ("dobj", "obj")]

    def subject(token: Token) -> Token | None:
        return next((c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")), None)

    partner = next(
        (c for c in verb.children if c.dep_ == "conj" and kind_of(c) in kinds),
        None,
    )
    if kind_of(verb) not in kinds:
        return False
    if verbs.get(verb.lemma_.lower()) is None:
        # "left hundreds dead and injured", however the parser hung "injured"
        after = verb.doc[verb.i + 1 : verb.i + 4]
        if (
            len(after) >= 2
            and after[0].lower_ in ("and", "or")
            and kind_of(after[1]) == "injured"
            and (len(after) < 3 or after[2].pos_ != "NUM")
            and not any(c.dep_ in ("dobj", "obj", "nsubj") for c in after[1].children)
        ):
            return True

    def adjacent(first: Token, second: Token) -> bool:
        # "killing and injuring nine": the verbs touch. "killing between 30 and 50 and
        # injuring many", "were killed and three others injured": each has its own victims.
        between = first.doc[first.i + 1 : second.i]
        return all(t.dep_ in ("cc", "punct", "advmod") for t in between)

    if partner is not None and not adjacent(verb, partner):
        partner = None
    if partner is not None:
        # One object for both, attached to either verb: "killing and injuring nine people".
        mine, theirs = objects(verb), objects(partner)
        if not mine and not theirs:
            # "Five civilians were killed and injured": one subject for both.
            return subject(partner) is None and (
                subject(verb) is not None or verb.lower_ in adjectives
            )
        if verbs.get(verb.lemma_.lower()) is None:
            return False  # "left 4 fighters dead and injured 3": "dead" takes no object
        return (not theirs and any(o.i > partner.i for o in mine)) or (not mine and bool(theirs))
    head = verb.head
    if verb.dep_ == "conj" and kind_of(head) in kinds and adjacent(head, verb):
        mine, theirs = objects(verb), objects(head)
        if not mine and not theirs:
            return subject(verb) is None and (
                subject(head) is not None or head.lower_ in adjectives
            )  # "left hundreds dead and injured"
        if verbs.get(head.lemma_.lower()) is None:
            return False
        return (not mine and any(o.i > verb.i for o in theirs)) or (not theirs and bool(mine))
    return False


def _uncounted(
    doc: Doc,
    kind: str,
    trigger: Token,
    victim: Token | None,
    sentence_index: int,
    sentence: SpacySpan,
    agent: Token | None,
) -> CasualtyClause:
    return CasualtyClause(
        kind=kind,
        victims=victim_kind(victim) if victim is not None else "unknown",
        victim_span=_np_span(doc, victim) if victim is not None else None,
        trigger=_token_span(doc, trigger),
        sentence_index=sentence_index,
        sentence=_span(doc, sentence.start_char, sentence.end_char),
        agent_span=_np_span(doc, agent) if agent is not None else None,
        modality=clause_modality(trigger),
    )


def _drop_repeats(clauses: list[CasualtyClause]) -> list[CasualtyClause]:
    """Two triggers that found the same count in one sentence ("death toll ... 12 dead",
    "kidnapped the three wounded workers") are one statement: keep the first. A death after
    another fate is news ("was kidnapped and later executed", "was injured and later died")."""
    kept: list[CasualtyClause] = []
    for clause in clauses:
        duplicate = any(
            other.sentence_index == clause.sentence_index
            and (other.kind == clause.kind or not _later_death(other, clause))
            and other.count is not None
            and clause.count is not None
            and (
                other.count.span == clause.count.span
                # "nine shoppers died, plus two attackers killed": the two already
                # counted in the first count's span; "the body of a woman ... found strangled"
                or (
                    other.kind == clause.kind
                    and other.count.span.start < clause.count.span.end
                    and clause.count.span.start < other.count.span.end
                )
            )
            for other in kept
        )
        if not duplicate:
            kept.append(clause)
    # The wounded who later died are counted as dead only.
    died = {
        (c.sentence_index, c.count.span.start)
        for c in kept
        if c.kind == "killed" and c.count is not None and c.trigger.text.lower() in _LATER_DEATH
    }
    return [
        c
        for c in kept
        if not (
            c.kind == "injured"
            and c.count is not None
            and (c.sentence_index, c.count.span.start) in died
        )
    ]


_LATER_DEATH = frozenset(["died", "succumbed"])


def _later_death(first: CasualtyClause, then: CasualtyClause) -> bool:
    # "were wounded and killed" is one number for both (neither); "was injured and later
    # died" is not.
    if then.kind != "killed":
        return False
    return first.kind in ("abducted", "arrested") or then.trigger.text.lower() in _LATER_DEATH


def _object_is_lives(verb: Token) -> bool:
    return any(c.dep_ in ("dobj", "obj") and c.lemma_.lower() == "life" for c in verb.children)


def _owner_of_lives(verb: Token) -> Token | None:
    """ "12 people lost their lives" -> people; "claimed the lives of 12" -> 12."""
    for child in verb.children:
        if child.dep_ in ("dobj", "obj") and child.lemma_.lower() == "life":
            for prep in child.children:
                if prep.dep_ == "prep" and prep.lower_ == "of":
                    for pobj in prep.children:
                        if pobj.dep_ == "pobj":
                            return pobj
        lives = child.dep_ in ("dobj", "obj") and child.lemma_.lower() == "life"
        if lives and any(c.dep_ == "nummod" for c in child.children):
            return child  # "claimed another 20 lives"
    if verb.lemma_.lower() == "lose":
        return next((c for c in verb.children if c.dep_ == "nsubj"), None)
    return None


def _has_person_object(verb: Token) -> bool:
    victim = _victim_of_verb(verb)
    return victim is not None and (victim_kind(victim) != "unknown" or victim.pos_ == "NUM")


def _victim_of_adjective(token: Token) -> Token | None:
    """ "12 dead", "12 people dead", "left 12 dead": the number or noun the adjective describes."""
    for child in token.children:
        if child.dep_ in ("nummod", "npadvmod", "nsubj") and child.pos_ in ("NUM", "NOUN", "PROPN"):
            return child
    head = token.head
    if token.dep_ in ("amod", "acomp", "oprd") and head.pos_ in ("NOUN", "PROPN", "NUM"):
        return head
    if token.dep_ in ("oprd", "ccomp", "xcomp", "conj", "acomp"):
        # "left 9 people dead", "shot dead 6 farmers", "were found dead": the object first,
        # wherever it stands; the subject only when there is no object.
        for dep in ("dobj", "nsubjpass", "nsubj"):
            for child in head.children:
                if child.dep_ == dep and (dep != "nsubj" or child.i < token.i):
                    return child
    left = token.nbor(-1) if token.i > 0 and not token.is_sent_start else None
    if left is not None and left.pos_ == "NUM":
        return left
    if token.pos_ == "NOUN" and any(c.dep_ == "det" for c in token.children):
        return token  # "left a civilian dead", parsed as one noun phrase
    return None


def _victim_of_noun(token: Token) -> Token | None:
    """ "the deaths of 12 soldiers", "20 deaths", "the bodies of 5 men"."""
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    return pobj
    if any(c.dep_ == "nummod" for c in token.children):
        return token
    if token.lemma_.lower() in ("body", "corpse") and any(
        c.dep_ in ("poss", "det") for c in token.children
    ):
        return token  # "Their bodies were found": the victims named before
    return None


_FOUND = frozenset(
    [
        "find",
        "discover",
        "recover",
        "dump",
        "retrieve",
        "pull",
        "exhume",
        "unearth",
        "identify",
        "count",
        "lie",
        "turn",
        "wash",
        "show",
    ]
)


_HANDLED = frozenset(["use", "pick", "collect", "exchange", "swap", "return", "hand", "receive"])


def _bodies_found(token: Token) -> bool:
    """Bodies count as deaths when found/recovered/discovered or stated with a number; not
    when something else is done with them ("gunmen used the bodies of six people as bait",
    "a patrol sent to pick up six bodies"): those deaths belong to another event."""
    head = token.head
    if head.lemma_.lower() in _FOUND:
        return True
    if token.dep_ in ("dobj", "obj") and head.lemma_.lower() in _HANDLED:
        return False
    return any(c.dep_ == "nummod" for c in token.children)


def _dead_as_description(token: Token) -> bool:
    """ "dead" that describes, not reports: "a charge attached to a dead person's body", "to
    pick up six dead bodies" (bodies not found, see `_bodies_found`)."""
    if token.lower_ != "dead" or token.dep_ != "amod":
        return False
    head = token.head
    if head.dep_ == "poss":
        return True
    return head.lemma_.lower() in ("body", "corpse") and not _bodies_found(head)


def _toll_value(token: Token, quantities: list[Quantity]) -> Quantity | None:
    """ "the death toll rose to 20" / "the toll stands at 20" / "the toll was 20"."""
    verb = token.head
    if token.dep_ not in ("nsubj", "nsubjpass"):
        return None
    return _quantity_under(verb, ("prep", "attr", "dobj", "npadvmod", "acomp"), quantities)


def _quantity_under(
    verb: Token, deps: tuple[str, ...], quantities: list[Quantity]
) -> Quantity | None:
    """The first quantity inside a verb's complements of the given kinds ("rose to 20")."""
    for child in verb.children:
        if child.dep_ in deps:
            start = child.left_edge.idx
            end = child.right_edge.idx + len(child.right_edge.text)
            found = _quantity_in(quantities, start, end)
            if found is not None:
                return found
    return None
