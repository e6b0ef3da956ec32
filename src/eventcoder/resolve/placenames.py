"""Place-name normalization: one key per spelling, so transliterations meet.

``normalize_place_name`` is the key the gazetteer stores and looks up. It folds the
differences that English-language news and GeoNames disagree on most often:

- case and diacritics (``Ba‘qūbah`` -> ``bakuba``, ``Şalāḩ`` -> ``salah``);
- apostrophes and Arabic ayn/hamza marks (``'``, ``’``, ``‘``, ``ʿ``, ``ʾ``);
- the Arabic article as a separate token or hyphen prefix, anywhere in the name
  (``al-Anbar`` = ``Anbar``, ``Salah ad-Din`` = ``Salah Din``) and a leading English ``the``;
- spaces and hyphens (``Tal Afar`` = ``Tal-Afar`` = ``Talafar``);
- doubled letters (``Tall Afar`` = ``Tal Afar``, ``Shaimaa`` = ``Shaima``);
- a final ``-ah`` (``Fallujah`` = ``Falluja``);
- transliteration variants that ``bench/gazetteer_coverage.py`` measured to find more places
  without moving any found place further from the gold point: ``ou`` -> ``u``
  (``Baqouba``), ``ai``/``ay``/``y`` -> ``i`` (``Baiji`` = ``Bayji`` = ``Biji``), ``q`` -> ``k``.
  ``ee`` -> ``i`` and dropping a final ``a`` were measured too and are not applied.

The key is for matching only, never for display.

``name_keys`` gives the keys to try in order: the whole name, then the name without a
trailing type word (``Mosul town``, ``Diyala Governorate``) or a leading ``Qada'``/``District of``,
and for "Road between A and B" the first place named.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["name_keys", "normalize_place_name", "spelling_key", "strip_type_words"]

# Apostrophes, Arabic ayn/hamza transliteration marks, backticks, acute accents used as quotes.
_APOSTROPHES = "'’‘ʿʾʼʻ`´′ʹ"
_APOS_RE = re.compile(f"[{re.escape(_APOSTROPHES)}]")
# Letters that NFKD does not decompose into ASCII + combining marks.
_SPECIAL = str.maketrans(
    {
        "ı": "i",
        "ł": "l",
        "ø": "o",
        "đ": "d",
        "ð": "d",
        "þ": "th",
        "ß": "ss",
        "æ": "ae",
        "œ": "oe",
        "ə": "a",
        "ħ": "h",
    }
)
_ARTICLES = frozenset({"al", "el", "ad", "ar", "as", "ash", "at", "az", "an", "adh", "ath", "ul"})
_LEADING_ONLY = frozenset({"the", "le", "la", "les"})
_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)
_DOUBLES = re.compile(r"(.)\1+")
# Words that say what kind of place a name is, not which one.
_TYPE_WORDS = (
    "governorate",
    "province",
    "state",
    "region",
    "district",
    "county",
    "city",
    "town",
    "village",
    "municipality",
    "prefecture",
    "department",
    "division",
    "area",
    "subdistrict",
    "sub district",
    "nahiya",
    "nahiyah",
    "qada",
    "qadaa",
    "kurdistan region",
    "lga",
    "local government area",
)
_TRAILING_TYPE = re.compile(r"\s+(?:" + "|".join(_TYPE_WORDS) + r")\.?$", re.IGNORECASE)
_LEADING_TYPE = re.compile(
    r"^(?:the|old city of|qadaa?|nahiyat?|muhafazat|district of|province of|city of|town of|"
    r"(?:north|south|east|west|central|greater|downtown|old|(?:north|south)(?:east|west))(?:ern)?)"
    r"\s+",
    re.IGNORECASE,
)


def _fold(text: str) -> str:
    """Lowercase, drop diacritics and apostrophes, keep letters/digits/spaces only."""
    text = _APOS_RE.sub("", text.casefold())
    text = unicodedata.normalize("NFKD", text.translate(_SPECIAL))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _NON_WORD.sub(" ", text).strip()


_FOLDS = (
    (re.compile("ou"), "u"),
    (re.compile("a[iy]"), "i"),
    (re.compile("y"), "i"),
    (re.compile("q"), "k"),
)
_ROAD = re.compile(r"^(?:the\s+)?road\s+(?:between|from)\s+(.+?)\s+(?:and|to)\s+.+$")


@lru_cache(maxsize=200_000)
def normalize_place_name(name: str, folds: bool = True) -> str:
    """The lookup key of a place name.

    >>> normalize_place_name("al-Anbar") == normalize_place_name("Anbar")
    True
    >>> normalize_place_name("Ba‘qūbah")
    'bakuba'
    >>> normalize_place_name("Tall ‘Afar") == normalize_place_name("Tal Afar")
    True
    >>> normalize_place_name("Baiji") == normalize_place_name("Bayjī")
    True

    ``folds=False`` skips the transliteration folds (for measuring them).
    """
    text = _fold(name)
    # Articles written as a hyphen/space-separated token, and "al" glued by a hyphen.
    tokens = text.split()
    if tokens and tokens[0] in _LEADING_ONLY and len(tokens) > 1:
        tokens = tokens[1:]
    kept = [t for t in tokens if t not in _ARTICLES]
    if not kept:  # a name that is only an article ("Al"): keep it as written
        kept = tokens
    text = "".join(kept)
    if folds:
        for pattern, repl in _FOLDS:
            text = pattern.sub(repl, text)
    text = _DOUBLES.sub(r"\1", text)
    if len(text) > 4 and text.endswith("ah"):
        text = text[:-1]
    return text


@lru_cache(maxsize=200_000)
def spelling_key(name: str) -> str:
    """A name folded for case, diacritics, apostrophes and articles only, with no
    transliteration folds: "Samarra" and "Sāmarrā’" share it, "Samara" does not.

    >>> spelling_key("al-Sāmarrā’") == spelling_key("Samarra") != spelling_key("Samara")
    True
    """
    tokens = _fold(name).split()
    kept = [t for t in tokens if t not in _ARTICLES] or tokens
    return "".join(kept)


def strip_type_words(name: str) -> str:
    """``"Diyala Governorate"`` -> ``"diyala"``; ``"Qaḑā’ al Mawşil"`` -> ``"al mawsil"``.

    The result is folded (lowercase, no diacritics or apostrophes).
    """
    stripped = _fold(name)
    road = _ROAD.match(stripped)
    if road:
        stripped = road.group(1)
    for _ in range(3):
        new = _LEADING_TYPE.sub("", _TRAILING_TYPE.sub("", stripped)).strip()
        if new == stripped or not new:
            break
        stripped = new
    return stripped


@lru_cache(maxsize=100_000)
def _name_keys(name: str) -> tuple[str, ...]:
    keys: list[str] = []
    for variant in (name, strip_type_words(name)):
        key = normalize_place_name(variant)
        if key and key not in keys:
            keys.append(key)
    return tuple(keys)


def name_keys(name: str) -> list[str]:
    """Keys to try in order: the whole name, then the name without type words.

    >>> name_keys("Mosul town")
    ['mosultown', 'mosul']
    >>> name_keys("Benin City")
    ['beninciti', 'benin']
    >>> name_keys("Qaḑā’ al Mawşil")
    ['kadamawsil', 'mawsil']
    """
    return list(_name_keys(name))


def display_name(name: str | None) -> str | None:
    """A place name as ACLED writes it: GeoNames' transliteration marks dropped, apostrophes
    kept plain ("Nīnawá" -> "Ninawa", "Ḩā'il" -> "Ha'il", "Şalāḩ ad Dīn" -> "Salah ad Din").

    >>> display_name("Nīnawá")
    'Ninawa'
    >>> display_name("‘Ānah")  # an initial ayn or a final hamza mark is not spelled in English
    'Anah'
    """
    if name is None:
        return None
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return plain.translate(_PLAIN_APOSTROPHES).strip("'")


_PLAIN_APOSTROPHES = str.maketrans({"ʿ": "'", "ʾ": "'", "ʼ": "'", "‘": "'", "’": "'"})
