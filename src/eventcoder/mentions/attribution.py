"""Who says so: the source of a sentence ("the military said", "according to local officials")."""

from __future__ import annotations

from pydantic import BaseModel
from spacy.tokens import Span as SpacySpan

from eventcoder.lexicon import word_set
from eventcoder.nlp.model import doc_text
from eventcoder.records import Span

# Subjects that are not sources ("it said it killed"), and the pronouns that need an antecedent.
_NOT_SOURCES = frozenset(["it", "he", "she", "they", "we", "i", "you", "which", "who", "that"])


# Heads of definite mentions that stand for the official source named before them.
_BODIES = frozenset(["military", "army", "statement", "ministry", "command", "police"])
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
    text = doc_text(sentence.doc)
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
    """The source of each sentence that names one. A later definite mention ("the military
    said", "the spokesman said") takes the fuller name given earlier in the article ("Iraq's
    Joint Military Command", "a military spokesman"), keeping both spans as evidence."""
    found: dict[int, Attribution] = {}
    earlier: list[Attribution] = []
    for index, sentence in enumerate(sentences):
        attribution = sentence_attribution(sentence, index)
        if attribution is None:
            continue
        words = attribution.source.lower().split()
        if words[0] == "the" and not attribution.named:
            head = words[-1]
            fuller = next(
                (
                    a
                    for a in reversed(earlier)
                    if a.source.lower() != attribution.source.lower()
                    and (head in a.source.lower() or (a.named and head in _BODIES))
                ),
                None,
            )
            if fuller is not None:
                attribution = Attribution(
                    source=fuller.source,
                    spans=[*attribution.spans, *fuller.spans],
                    sentence_index=index,
                    named=fuller.named,
                )
        earlier.append(attribution)
        found[index] = attribution
    return found
