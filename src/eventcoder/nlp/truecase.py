"""Text written all in capitals, as old wire copy and some bulletins are, given its capitals back.

The small English model reads "THE ARMY KILLED 12 GUERRILLAS IN USULUTAN" as a row of proper
nouns: no verb, no object, no place. `truecase` lower-cases such a text, capitalises each
sentence's first word and gives back the capitals of the names eventcoder knows (gazetteer
places, countries, demonyms, actor names; acronyms such as "ELN" in full), so the parser, the
model's entity recogniser and the place patterns work as on ordinary text.

The result has exactly the length of the input, character for character, so every offset into
it is an offset into the original; `restore_span_texts` puts the original's characters back
into the spans of a result.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from itertools import pairwise
from typing import Any

from pydantic import BaseModel

from eventcoder.lexicon import load_data_yaml
from eventcoder.records import Span
from eventcoder.resolve.gazetteer import ascii_fold

# Enough letters to judge, and nearly all of them capitals.
_MIN_LETTERS = 40
_CAPITAL_SHARE = 0.9
_SAMPLE_CHARS = 20_000
_LONGEST_NAME = 4  # words
# A single word that is also an English noun is a name only for a city at least this big
# ("Mosul", "Cartagena"), never for a town ("Man", Ivory Coast; "Reading", England).
_CITY_POPULATION = 300_000
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
# "May" and "March" are verbs too: a date's month is found by the date patterns anyway.
_MONTHS = [
    *("january", "february", "april", "june", "july", "august", "september"),
    *("october", "november", "december", "monday", "tuesday", "wednesday"),
    *("thursday", "friday", "saturday", "sunday"),
]


def is_all_capitals(text: str) -> bool:
    """Whether a text is written in capitals (a few lower-case letters are allowed).

    >>> is_all_capitals("GUERRILLAS ATTACKED THE TOWN OF USULUTAN TODAY, KILLING 12 SOLDIERS.")
    True
    >>> is_all_capitals("Guerrillas attacked the town of Usulutan today, killing 12 soldiers.")
    False
    """
    sample = text[:_SAMPLE_CHARS]  # a long text's opening says how it is written
    capitals = sum(1 for c in sample if c.isupper())
    lower = sum(1 for c in sample if c.islower())
    if capitals + lower < _MIN_LETTERS:
        return False
    return capitals / (capitals + lower) >= _CAPITAL_SHARE


def _key(words: Iterable[str]) -> tuple[str, ...]:
    return tuple(_fold(w) for w in words)


def _fold(word: str) -> str:
    return ascii_fold(word.lower())


def _english_words() -> tuple[frozenset[str], frozenset[str]]:
    """English words: the WordNet noun lemmas behind the model's lemmatizer (which include
    great cities: "baghdad", "cartagena"), and every other word (stop words, verbs, adjectives,
    adverbs: "nice", "split", "mobile")."""
    from spacy.lang.en.stop_words import STOP_WORDS

    from eventcoder.nlp.model import load_nlp

    # the spaCy rule lemmatizer that the pipeline's cache wraps (nlp.model.LemmaCache)
    pipe = load_nlp().get_pipe("lemmatizer")
    lemmatizer: Any = getattr(pipe, "lemmatizer", pipe)
    index = lemmatizer.lookups.get_table("lemma_index")
    nouns = frozenset(_fold(w) for w in index["noun"])
    others = frozenset(_fold(w) for pos in ("verb", "adj", "adv") for w in index[pos])
    return nouns, others | frozenset(STOP_WORDS)


def _yaml_words(value: Any) -> Iterable[str]:
    if isinstance(value, str):
        yield from (w for w in _WORD.findall(value) if w.islower())
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _yaml_words(str(key))
            yield from _yaml_words(item)
    elif isinstance(value, list):
        for item in value:
            yield from _yaml_words(item)


@cache
def _names() -> dict[tuple[str, ...], str]:
    """Known names by their folded words, each with its written form ("eln" -> "ELN")."""
    from eventcoder.resolve.actors import written_names
    from eventcoder.resolve.gazetteer import Gazetteer

    nouns, others = _english_words()
    ours = frozenset(
        _fold(w)
        for name in ("lexicon.yaml", "event_types.yaml", "quantities.yaml")
        for w in _yaml_words(load_data_yaml(name))
    )
    names: dict[tuple[str, ...], str] = {}

    def add(written: str, population: int | None) -> None:
        """``population`` None: an actor's or a country's name, a name even where it is also
        an English word ("Islamic State"); a place's population otherwise: a single word that
        is also an English noun is a name only for a city ("Mosul", not "Man", Ivory Coast)."""
        words = _WORD.findall(written)
        if not words or len(words) > _LONGEST_NAME:
            return
        key = _key(words)
        if len(key) == 1:
            word = key[0]
            if word in others or word in ours or len(word) < 3:
                return  # "IS", "US", "Army", "Nice": words of every other sentence
            if word in nouns and population is not None and population < _CITY_POPULATION:
                return
        elif population is not None and all(w in nouns or w in others for w in key):
            return  # "Good Hope", "New Town"
        names.setdefault(key, " ".join(words))

    for written in written_names():
        add(written, None)
    for name, population, code in Gazetteer.default().place_names():
        add(name, None if code.startswith("PCL") else population if code.startswith("PPL") else 0)
    for month in _MONTHS:
        names.setdefault((month,), month.capitalize())
    return names


def truecase(text: str) -> str:
    """The text in ordinary case, character for character as long as the input.

    >>> truecase("GUERRILLAS KILLED 12 SOLDIERS IN USULUTAN. THE ELN CLAIMED IT.")
    'Guerrillas killed 12 soldiers in Usulutan. The ELN claimed it.'
    """
    names = _names()
    chars = [c.lower() if len(c.lower()) == 1 else c for c in text]
    words = list(_WORD.finditer(text))
    index = 0
    while index < len(words):
        for size in range(min(_LONGEST_NAME, len(words) - index), 0, -1):
            run = words[index : index + size]
            if any(not text[a.end() : b.start()].isspace() for a, b in pairwise(run)):
                continue  # a name's words are separated by spaces only
            written = names.get(_key(w.group() for w in run))
            if written is None:
                continue
            for match, form in zip(run, written.split(" "), strict=False):
                _apply(chars, match.start(), match.group(), form)
            index += size
            break
        else:
            index += 1
    for match in words:
        if _starts_a_sentence(text, match.start()):
            chars[match.start()] = chars[match.start()].upper()
    return "".join(chars)


def _starts_a_sentence(text: str, start: int) -> bool:
    before = text[max(0, start - 40) : start]
    stripped = before.rstrip()
    if start == 0 or not stripped:
        return start == 0 or "\n" in before or len(before) < 40
    gap = before[len(stripped) :]
    return stripped[-1] in '.!?]"”' or stripped.endswith("--") or gap.count("\n") >= 2


def _apply(chars: list[str], start: int, word: str, form: str) -> None:
    """Give ``word`` (at ``start``) the capitals of its written ``form``, letter by letter;
    where the spellings differ ("USULUTAN" / "Usulután") only the first letter."""
    if _fold(word) == _fold(form) and len(word) == len(form):
        for offset, letter in enumerate(form):
            if letter.isupper():
                chars[start + offset] = chars[start + offset].upper()
        return
    chars[start] = chars[start].upper()


def restore_span_texts(record: BaseModel, original: str) -> None:
    """Put the original text back into every `Span` of a result built on `truecase` output
    (the offsets are the same; only the letters' case differs)."""
    _restore(record, original)


def _restore(value: object, original: str) -> None:
    if isinstance(value, Span):
        value.text = original[value.start : value.end]
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            _restore(getattr(value, name), original)
    elif isinstance(value, dict):
        for item in value.values():
            _restore(item, original)
    elif isinstance(value, list | tuple):
        for item in value:
            _restore(item, original)
