"""The parse of `load_nlp` (attribute rules and lemmas answered from caches) is the stock
model's, attribute for attribute."""

from __future__ import annotations

import spacy
from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, LEMMA, MORPH, ORTH, POS, SENT_START, TAG

from eventcoder.nlp.model import MODEL_NAME, AttributeRuleCache, LemmaCache, load_nlp

_TEXTS = [
    "Gunmen killed five villagers in Maiduguri, Borno state, on Sunday, police said.",
    "Two soldiers were wounded when a roadside bomb went off near the base; a third died later.",
    "They ain't gonna stop, he said. She gets the news first and got there before the troops.",
    "The militants, who had been hiding in the hills, were shelling the town.\n\n  Residents fled.",
    "An airstrike hit the market. Twelve people, including four children, lost their lives.",
    "He is wanna-be commander of the rebels and doesn't say much, ya know.",
    "",
    "   ",
    "Shares rose 3% on Monday as the central bank kept rates at 4.5 percent.",
]
_ATTRS = [ORTH, TAG, POS, MORPH, LEMMA, DEP, HEAD, ENT_IOB, ENT_TYPE, SENT_START]


def test_load_nlp_swaps_in_the_caches_under_the_stock_names() -> None:
    nlp = load_nlp()
    assert isinstance(nlp.get_pipe("attribute_ruler"), AttributeRuleCache)
    assert isinstance(nlp.get_pipe("lemmatizer"), LemmaCache)
    assert nlp.pipe_names == spacy.load(MODEL_NAME).pipe_names


def test_cached_parse_equals_the_stock_parse() -> None:
    stock = spacy.load(MODEL_NAME)
    ours = load_nlp()
    # Twice over, so that the second pass is answered from the filled caches.
    for _ in range(2):
        for expected, got in zip(stock.pipe(_TEXTS), ours.pipe(_TEXTS), strict=True):
            assert (expected.to_array(_ATTRS) == got.to_array(_ATTRS)).all(), expected.text
            assert [t.lemma_ for t in expected] == [t.lemma_ for t in got]
            assert [t.pos_ for t in expected] == [t.pos_ for t in got]
            assert [str(t.morph) for t in expected] == [str(t.morph) for t in got]
