"""Who says so: the source of a sentence ("the military said", "according to local officials")."""

from __future__ import annotations

from pydantic import BaseModel
from spacy.tokens import Span as SpacySpan

from eventcoder.lexicon import word_set
from eventcoder.records import Span

# Subjects that are not sources ("it said it killed"), and the pronouns that need an antecedent.
_NOT_SOURCES = frozenset(["it", "he", "she", "they", "we", "i", "you", "which", "who", "that"])


_PLAIN_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})


class Attribution(BaseModel):
    """The source named for a sentence, and its span."""

    source: str
    spans: list[Span]  # where it is named here, and where its full name was given earlier
    sentence_index: int
    named: bool  # holds a proper noun ("Iraq's Joint Military Command"), not "the military"


def sentence_attribution(sentence: SpacySpan, sentence_index: int) -> Attribution | None:
    """The first source named in a sentence: the subject of a reporting verb, or the object of
    "according to"."""
    verbs = word_set("attribution_verbs")
    text = sentence.doc.text
    for token in sentence:
        source = None
        if token.lemma_.lower() in verbs and token.pos_ in ("VERB", "AUX"):
            source = next((c for c in token.children if c.dep_ == "nsubj"), None)
        elif token.lower_ == "according" and token.i + 1 < sentence.end:
            to = token.doc[token.i + 1]
            if to.lower_ == "to":
                source = next((c for c in to.children if c.dep_ == "pobj"), None)
        if source is None or source.lower_ in _NOT_SOURCES:
            continue
        start = source.left_edge.idx
        end = source.right_edge.idx + len(source.right_edge.text)
        named = any(t.pos_ == "PROPN" for t in source.subtree)
        return Attribution(
            # The value is a name: typographic quotes are folded; the span keeps the text.
            source=text[start:end].translate(_PLAIN_QUOTES),
            spans=[Span.of(text, start, end)],
            sentence_index=sentence_index,
            named=named,
        )
    return None


def document_attributions(sentences: list[SpacySpan]) -> dict[int, Attribution]:
    """The source of each sentence that names one, with "the military said" after
    "Iraq's Joint Military Command said" resolved to the earlier named source of the same kind
    of body, so a later generic mention does not replace the article's named source."""
    found: dict[int, Attribution] = {}
    last_named: Attribution | None = None
    for index, sentence in enumerate(sentences):
        attribution = sentence_attribution(sentence, index)
        if attribution is None:
            continue
        if attribution.named:
            last_named = attribution
        elif last_named is not None and attribution.source.lower().startswith("the "):
            head = attribution.source.lower().split()[-1]
            if head in last_named.source.lower() or head in ("military", "army", "statement"):
                attribution = Attribution(
                    source=last_named.source,
                    spans=[*attribution.spans, *last_named.spans],
                    sentence_index=index,
                    named=False,
                )
        found[index] = attribution
    return found
