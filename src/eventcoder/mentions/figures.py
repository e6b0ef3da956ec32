"""Figures: numbers that are not one incident's toll (displacement, populations, force sizes)."""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel
from spacy.tokens import Doc, Token

from eventcoder.lexicon import word_set
from eventcoder.mentions.modality import clause_modality
from eventcoder.nlp.model import doc_text
from eventcoder.records import Modality, Quantity, Span


class FigureMention(BaseModel):
    """A quantity classified as a figure, before its place is resolved."""

    kind: str
    quantity: Quantity
    status: Modality
    sentence_index: int
    sentence: Span


def _context_lemmas(head: Token) -> set[str]:
    """Lemmas around a quantity's noun: the noun, its modifiers, the verbs governing it and
    those verbs' complements ("forced 100,000 people to flee")."""
    lemmas = {head.lemma_.lower(), head.lower_}
    lemmas.update(child.lemma_.lower() for child in head.children)
    current = head
    for _ in range(3):
        if current.head == current:
            break
        current = current.head
        lemmas.add(current.lemma_.lower())
        lemmas.update(
            child.lemma_.lower()
            for child in current.children
            if child.dep_ in ("xcomp", "ccomp", "acomp", "attr", "prep", "pobj", "advcl")
        )
    return lemmas


def classify_quantity(doc: Doc, quantity: Quantity) -> str | None:
    """The figure kind of a quantity ("displaced", "population", "force_size") or None."""
    span = doc.char_span(quantity.span.start, quantity.span.end, alignment_mode="expand")
    if span is None:
        return None
    if quantity.span.text.endswith("-strong") or doc_text(doc)[quantity.span.end :].startswith(
        "-strong"
    ):
        return "force_size"
    root = span.root
    head = root.head if root.dep_ in ("nummod", "quantmod", "compound") else root
    if head.lower_ in ("of",) and head.head != head:
        head = head.head
    lemmas = _context_lemmas(head)
    if lemmas & word_set("displacement_words"):
        return "displaced"
    if lemmas & word_set("population_words") and head.lemma_.lower() in (
        "people",
        "person",
        "resident",
        "inhabitant",
        "civilian",
        "population",
        "million",
    ):
        return "population"
    force_nouns = {"troop", "soldier", "fighter", "personnel", "force", "reinforcement"}
    if head.lemma_.lower() in force_nouns and lemmas & {
        "deploy",
        "send",
        "mobilize",
        "strong",
        "number",
        "dispatch",
        "amass",
        "field",
    }:
        return "force_size"
    return None


_CHANGE_VERBS = frozenset(["rise", "climb", "reach", "increase", "grow", "double", "top", "hit"])
_FIGURE_NOUNS = frozenset(["number", "figure", "total", "tally"])


def _restates_a_figure(doc: Doc, quantity: Quantity) -> bool:
    """Whether a quantity is a figure told before, rising: the verb it completes ("rise to",
    "could reach") has "the number" or "that figure" as its subject."""
    span = doc.char_span(quantity.span.start, quantity.span.end, alignment_mode="expand")
    if span is None:
        return False
    token = span.root
    for _ in range(3):  # "2 million" <- "to" <- "rise"
        if token.head == token:
            return False
        token = token.head
        if token.pos_ in ("VERB", "AUX") and token.lemma_.lower() in _CHANGE_VERBS:
            return any(
                child.dep_ in ("nsubj", "nsubjpass") and child.lemma_.lower() in _FIGURE_NOUNS
                for child in token.children
            )
    return False


def find_figures(
    doc: Doc,
    quantities: list[Quantity],
    used: set[tuple[int, int]],
    known: Sequence[tuple[int, str]] = (),
) -> list[FigureMention]:
    """Figures among the quantities that no casualty clause took. ``known``: figures found
    otherwise (displacement told by a casualty clause), as (offset, kind), for a later "the
    number could rise to ..." to refer to."""
    sentences = list(doc.sents)
    figures: list[FigureMention] = []
    told = sorted(known)
    for quantity in quantities:
        if (quantity.span.start, quantity.span.end) in used:
            continue
        kind = classify_quantity(doc, quantity)
        if kind is None and _restates_a_figure(doc, quantity):
            # "... 1.5 million have fled; the number could rise to 2 million"
            before = [(start, kind) for start, kind in told if start < quantity.span.start] + [
                (f.quantity.span.start, f.kind) for f in figures
            ]
            kind = max(before)[1] if before else None
        if kind is None:
            continue
        span = doc.char_span(quantity.span.start, quantity.span.end, alignment_mode="expand")
        assert span is not None  # classify_quantity returned a kind, so the span aligned
        root = span.root
        status: Modality = clause_modality(root.head if root.dep_ == "nummod" else root)
        if kind == "population" and status == "projected":
            status = "estimate"  # "a million people may still live there" hedges a count
        if quantity.qualifier and "estimated" in quantity.qualifier:
            status = "estimate"
        sentence_index = next(
            i for i, s in enumerate(sentences) if s.start_char <= quantity.span.start < s.end_char
        )
        sentence = sentences[sentence_index]
        figures.append(
            FigureMention(
                kind=kind,
                quantity=quantity,
                status=status,
                sentence_index=sentence_index,
                sentence=Span.of(doc_text(doc), sentence.start_char, sentence.end_char),
            )
        )
    return figures
