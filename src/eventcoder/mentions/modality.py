"""Whether a statement is reported, projected, an estimate or denied, from its verb's parse."""

from __future__ import annotations

from spacy.tokens import Token

from eventcoder.lexicon import word_set
from eventcoder.records import Modality

_MODALS = frozenset(["could", "may", "might", "would", "will", "can", "shall"])


def _governors(token: Token, depth: int = 4) -> list[Token]:
    """The token's chain of heads, nearest first, up to the sentence root."""
    chain: list[Token] = []
    current = token
    for _ in range(depth):
        if current.head == current:
            break
        current = current.head
        chain.append(current)
    return chain


def clause_modality(trigger: Token) -> Modality:
    """Modality of the clause around a trigger word.

    "the fighting could displace a million" -> projected; "an estimated 500 died" -> estimate;
    "the army denied killing civilians" -> denied; otherwise reported.
    """
    if _attempted(trigger):
        return "projected"
    projection = word_set("projection_cues")
    estimate = word_set("estimate_cues")
    denial = word_set("denial_cues")
    scope = [trigger, *_governors(trigger)]
    for node in scope:
        lemma = node.lemma_.lower()
        if lemma in denial:
            return "denied"
        if node != trigger and lemma in projection and lemma not in _MODALS:
            if any(c.dep_ == "auxpass" for c in node.children):
                return "estimate"  # "are feared killed", "is expected dead": a presumed toll
            return "projected"
        for child in node.children:
            if child.dep_ == "aux" and child.lower_ in _MODALS:
                return "projected"
    for node in scope[1:]:
        if node.lemma_.lower() in estimate:
            return "estimate"  # "officials estimated that 40 were killed"
    for node in scope:
        for child in node.subtree if node == trigger else node.children:
            if child.lower_ in estimate or child.lemma_.lower() in estimate:
                return "estimate"
    return "reported"


def _attempted(trigger: Token) -> bool:
    """ "tried to kill the major", "attempted to kidnap and kill him"; not "tried to kill the
    major but missed and killed a civilian", whose second verb is a deed of its own."""
    node = trigger
    while node.dep_ == "conj":
        between = node.doc[node.head.i + 1 : node.i]
        if any(t.lower_ in ("but", "yet", "instead") for t in between):
            return False
        node = node.head
    return node.dep_ == "xcomp" and node.head.lemma_.lower() in word_set("attempt_cues")
