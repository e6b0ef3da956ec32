"""Tests for eventcoder.mentions.quantities: number phrases, their spans and ACLED figures."""

from __future__ import annotations

import time

import pytest

from eventcoder.mentions import quantities
from eventcoder.mentions.quantities import find_quantities, parse_quantity
from eventcoder.records import Quantity

# (span text, value, low, high, qualifier, vague)
Row = tuple[str, int, int, int, str | None, bool]


def _rows(text: str) -> list[Row]:
    found = find_quantities(text)
    _check_spans(text, found)
    return [(q.span.text, q.value, q.low, q.high, q.qualifier, q.vague) for q in found]


def _check_spans(text: str, found: list[Quantity]) -> None:
    previous_end = 0
    for q in found:
        assert text[q.span.start : q.span.end] == q.span.text
        assert q.span.start >= previous_end, "quantities overlap or are out of order"
        assert q.low <= q.value <= q.high
        previous_end = q.span.end


def _exact(text: str, value: int, qualifier: str | None = None) -> Row:
    return (text, value, value, value, qualifier, False)


# ---------------------------------------------------------------------------------------------
# Plain figures


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Militants killed 7 villagers.", [_exact("7", 7)]),
        ("The army said 1,250 fighters surrendered.", [_exact("1,250", 1250)]),
        ("Some 2,000,000 people need food aid.", [_exact("Some 2,000,000", 2000000, "Some")]),
        (
            "About 1.5 million people fled the region.",
            [_exact("About 1.5 million", 1500000, "About")],
        ),
        ("Officials counted 2 million displaced.", [_exact("2 million", 2000000)]),
        (
            "Roughly 20 thousand troops massed nearby.",
            [_exact("Roughly 20 thousand", 20000, "Roughly")],
        ),
        ("A blast wounded two guards.", [_exact("two", 2)]),
        ("Twenty-one bodies were recovered.", [_exact("Twenty-one", 21)]),
        ("Nineteen recruits died in the ambush.", [_exact("Nineteen", 19)]),
        ("It took a hundred rangers to retake the pass.", [_exact("a hundred", 100)]),
        (
            "One hundred and twenty families left the camp.",
            [_exact("One hundred and twenty", 120)],
        ),
        ("Nearly a million residents lost power.", [_exact("Nearly a million", 1000000, "Nearly")]),
        ("Police held a dozen suspects.", [_exact("a dozen", 12)]),
        ("Three dozen vehicles were torched.", [_exact("Three dozen", 36)]),
        ("Half a dozen shells fell on the market.", [_exact("Half a dozen", 6)]),
        ("Forty-five thousand tents were delivered.", [_exact("Forty-five thousand", 45000)]),
        (
            "The census found two million four hundred thousand residents.",
            [_exact("two million four hundred thousand", 2400000)],
        ),
        ("The raid left twenty one insurgents dead.", [_exact("twenty one", 21)]),
        ("Rebels freed 3 hostages and seized 40 rifles.", [_exact("3", 3), _exact("40", 40)]),
        ("One policeman was hurt.", [_exact("One", 1)]),
        ("They reported one incident overnight.", [_exact("one", 1)]),
    ],
)
def test_plain_figures(text: str, expected: list[Row]) -> None:
    assert _rows(text) == expected


# ---------------------------------------------------------------------------------------------
# Hedges: the figure as written, the words kept


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("At least 20 people died in the clashes.", [_exact("At least 20", 20, "At least")]),
        ("Medics treated nearly 100,000 patients.", [_exact("nearly 100,000", 100000, "nearly")]),
        (
            "The floods displaced more than a million people.",
            [_exact("more than a million", 1000000, "more than")],
        ),
        ("Almost 40 shops burned.", [_exact("Almost 40", 40, "Almost")]),
        ("about 300 gunmen stormed the town", [_exact("about 300", 300, "about")]),
        ("around 15 soldiers deserted", [_exact("around 15", 15, "around")]),
        ("approximately 80 homes collapsed", [_exact("approximately 80", 80, "approximately")]),
        ("some 600 detainees escaped", [_exact("some 600", 600, "some")]),
        ("up to 5,000 militiamen joined", [_exact("up to 5,000", 5000, "up to")]),
        ("over 70 civilians were hurt", [_exact("over 70", 70, "over")]),
        ("fewer than 10 officers remained", [_exact("fewer than 10", 10, "fewer than")]),
        ("as many as 90 miners were trapped", [_exact("as many as 90", 90, "as many as")]),
        ("an estimated 4,500 fighters", [_exact("an estimated 4,500", 4500, "an estimated")]),
        (
            "The camp now shelters a million or more people.",
            [_exact("a million or more", 1000000, "or more")],
        ),
        ("Raiders took 30 or so cattle.", [_exact("30 or so", 30, "or so")]),
        ("They seized a dozen or so trucks.", [_exact("a dozen or so", 12, "or so")]),
        ("More than one convoy was hit.", [_exact("More than one", 1, "More than")]),
        ("At least 2000 troops crossed.", [_exact("At least 2000", 2000, "At least")]),
    ],
)
def test_qualifiers(text: str, expected: list[Row]) -> None:
    assert _rows(text) == expected


# ---------------------------------------------------------------------------------------------
# Ranges: the lowest figure is coded


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("between 10 and 15 guards", [("between 10 and 15", 10, 10, 15, None, False)]),
        ("10 to 15 guards", [("10 to 15", 10, 10, 15, None, False)]),
        ("10-15 guards", [("10-15", 10, 10, 15, None, False)]),
        ("10–15 guards", [("10–15", 10, 10, 15, None, False)]),
        ("10 or 15 guards", [("10 or 15", 10, 10, 15, None, False)]),
        ("one or two snipers", [("one or two", 1, 1, 2, None, False)]),
        ("ten to fifteen snipers", [("ten to fifteen", 10, 10, 15, None, False)]),
        ("between five and 8 snipers", [("between five and 8", 5, 5, 8, None, False)]),
        ("5,000-10,000 refugees", [("5,000-10,000", 5000, 5000, 10000, None, False)]),
        (
            "between 2 and 3 million refugees",
            [("between 2 and 3 million", 2000000, 2000000, 3000000, None, False)],
        ),
        (
            "1.5 to 2 million refugees",
            [("1.5 to 2 million", 1500000, 1500000, 2000000, None, False)],
        ),
        ("two to three hundred rounds", [("two to three hundred", 200, 200, 300, None, False)]),
        ("two or three dozen boats", [("two or three dozen", 24, 24, 36, None, False)]),
        (
            "between 500 and 1 million",
            [("between 500 and 1 million", 500, 500, 1000000, None, False)],
        ),
        ("up to 20-30 fighters", [("up to 20-30", 20, 20, 30, "up to", False)]),
    ],
)
def test_ranges(text: str, expected: list[Row]) -> None:
    assert _rows(text) == expected


def test_from_to_is_a_change_not_a_range() -> None:
    text = "The toll rose from 10 to 15 overnight."
    assert _rows(text) == [_exact("10", 10), _exact("15", 15)]


def test_descending_or_is_not_a_range() -> None:
    text = "They killed 20 or 2 of them, nobody knows."
    assert _rows(text) == [_exact("20", 20), _exact("2", 2)]


# ---------------------------------------------------------------------------------------------
# Vague words: conventional figures, vague=True, the words as the qualifier


def _vague(text: str, value: int, high: int) -> Row:
    return (text, value, value, high, text, True)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Several guards were hurt.", [_vague("Several", 3, 9)]),
        ("many were hurt", [_vague("many", 3, 9)]),
        ("a few were hurt", [_vague("a few", 3, 9)]),
        ("few survived", [_vague("few", 3, 9)]),
        ("a number of traders fled", [_vague("a number of", 3, 9)]),
        ("a handful of monks stayed", [_vague("a handful of", 3, 9)]),
        ("some residents fled", [_vague("some", 3, 9)]),
        ("some armed men fled", []),
        ("some of them fled", []),
        ("dozens were detained", [_vague("dozens", 12, 99)]),
        ("Dozens of students were detained", [_vague("Dozens of", 12, 99)]),
        ("scores of boats sank", [_vague("scores of", 20, 99)]),
        ("hundreds marched", [_vague("hundreds", 100, 999)]),
        ("Hundreds of homes burned", [_vague("Hundreds of", 100, 999)]),
        ("thousands fled", [_vague("thousands", 1000, 9999)]),
        ("tens of thousands fled", [_vague("tens of thousands", 10000, 99999)]),
        (
            "hundreds of thousands of people fled",
            [_vague("hundreds of thousands of", 100000, 999999)],
        ),
        ("millions are hungry", [_vague("millions", 1000000, 9999999)]),
        ("many thousands were trapped", [_vague("many thousands", 1000, 9999)]),
        ("several hundred marched", [_vague("several hundred", 300, 900)]),
        ("a few dozen marched", [_vague("a few dozen", 36, 108)]),
        ("at least dozens died", [_vague("at least dozens", 12, 99)]),
        ("dozens more were hurt", [_vague("dozens", 12, 99)]),
    ],
)
def test_vague_words(text: str, expected: list[Row]) -> None:
    assert _rows(text) == expected


def test_as_many_as_is_not_vague() -> None:
    assert _rows("as many as 12 rockets") == [_exact("as many as 12", 12, "as many as")]


# ---------------------------------------------------------------------------------------------
# Not counts


@pytest.mark.parametrize(
    "text",
    [
        # years
        "The war began in 2014.",
        "Fighting has continued since 2016.",
        "the 2015 ceasefire",
        "the 1990s",
        "between 2011 and 2013",
        "in 2014-2016",
        "in 2015-16",
        # dates
        "on 25 December",
        "on Dec. 25",
        "on December 25",
        "the 4 of July",
        "on 12/25/2016",
        "on 2016-12-25",
        "on 25-12-2016",
        # times
        "at 10 p.m.",
        "at 10 pm",
        "at 10pm",
        "at 10:30",
        "at 0600 GMT",
        "at 6 o'clock",
        # ordinals and fractions
        "the second attack",
        "the 21st brigade",
        "the twenty-first century",
        "two-thirds of the city",
        "one third of the city",
        # "one" as a pronoun
        "one of the guards",
        "they blamed one another",
        "one another's",
        "they left one by one",
        "no one was hurt",
        "the one who fired",
        "at one point",
        # percentages and money
        "20 percent of voters",
        "20 per cent of voters",
        "20% of voters",
        "12.5 percent",
        "a $5 million grant",
        "US$ 20 million",
        "€20",
        "5 million dollars",
        "Rs 500",
        # measures and time spans
        "20 km north of the city",
        "20km north",
        "5 kilometres away",
        "30 miles away",
        "a 10.5 km road",
        "155mm shells",
        "a 155 mm shell",
        "three days of fighting",
        "a three-day siege",
        "a 20-minute gunfight",
        "a 25-year-old man",
        "a man aged 25",
        "aged between 20 and 30",
        "a few km away",
        "several hours later",
        "dozens of kilometres",
        "a two-storey house",
        # labels, identifiers, decimals
        "Route 5",
        "UN Resolution 2254",
        "MiG-29 jets",
        "COVID-19",
        "F-16s",
        "No. 10",
        "#1",
        "a score of 3.5",
        "version 2.1",
        "the G7",
        "9/11",
        "24/7",
    ],
)
def test_not_counts(text: str) -> None:
    assert _rows(text) == []


def test_strong_keeps_the_force_size() -> None:
    text = "A 90,000-strong army crossed the river."
    assert _rows(text) == [_exact("90,000", 90000)]
    assert _rows("a five-member team") == [_exact("five", 5)]


def test_year_like_number_with_a_count_noun() -> None:
    assert _rows("The rebels freed 1800 prisoners.") == [_exact("1800", 1800)]


def test_mixed_sentence() -> None:
    text = (
        "On 3 March, at least 20 soldiers and dozens of civilians were killed 40 km from the "
        "capital, where between 10 and 15 shops burned; since 2019 some 30,000 people have fled."
    )
    assert _rows(text) == [
        _exact("at least 20", 20, "at least"),
        _vague("dozens of", 12, 99),
        ("between 10 and 15", 10, 10, 15, None, False),
        _exact("some 30,000", 30000, "some"),
    ]


def test_spans_are_offsets_into_the_text() -> None:
    text = "Gunmen killed 12 people.\nThe next day, nearly 40 more died."
    found = find_quantities(text)
    assert [(q.span.start, q.span.end) for q in found] == [(14, 16), (39, 48)]
    assert [text[q.span.start : q.span.end] for q in found] == ["12", "nearly 40"]


def test_non_ascii_text_keeps_offsets() -> None:
    # "İ" lower-cases to two characters; offsets must still index the original text.
    text = "İstanbul police held 14 suspects and freed a dozen."
    assert _rows(text) == [_exact("14", 14), _exact("a dozen", 12)]


def test_empty_and_numberless_text() -> None:
    assert find_quantities("") == []
    assert find_quantities("Nothing happened in the town today.") == []


# ---------------------------------------------------------------------------------------------
# parse_quantity


@pytest.mark.parametrize(
    ("phrase", "value", "low", "high", "qualifier", "vague"),
    [
        ("at least 20", 20, 20, 20, "at least", False),
        ("nearly 100,000", 100000, 100000, 100000, "nearly", False),
        ("more than a million", 1000000, 1000000, 1000000, "more than", False),
        ("between 10 and 15", 10, 10, 15, None, False),
        ("a dozen", 12, 12, 12, None, False),
        ("dozens", 12, 12, 99, "dozens", True),
        ("tens of thousands", 10000, 10000, 99999, "tens of thousands", True),
        ("twenty-one", 21, 21, 21, None, False),
    ],
)
def test_parse_quantity(
    phrase: str, value: int, low: int, high: int, qualifier: str | None, vague: bool
) -> None:
    q = parse_quantity(phrase)
    assert q is not None
    assert (q.value, q.low, q.high, q.qualifier, q.vague) == (value, low, high, qualifier, vague)
    assert (q.span.start, q.span.end, q.span.text) == (0, len(phrase), phrase)


def test_parse_quantity_span_is_relative_to_the_phrase() -> None:
    q = parse_quantity("  about 30 ")
    assert q is not None
    assert (q.span.start, q.span.end, q.span.text) == (2, 10, "about 30")


@pytest.mark.parametrize("phrase", ["", "in 2014", "20 km", "one of the", "some", "second"])
def test_parse_quantity_none(phrase: str) -> None:
    assert parse_quantity(phrase) is None


# ---------------------------------------------------------------------------------------------
# Lexicon and speed


def test_lexicon_is_loaded_once() -> None:
    quantities._lexicon.cache_clear()
    quantities._grammar.cache_clear()
    find_quantities("at least 20 and dozens more")
    find_quantities("several hundred")
    assert quantities._lexicon.cache_info().misses == 1
    assert quantities._grammar.cache_info().misses == 1


def test_lexicon_tables_come_from_yaml() -> None:
    lexicon = quantities._lexicon()
    assert lexicon.vague["dozens"].value == 12
    assert lexicon.small["nineteen"] == 19
    assert lexicon.scales["million"] == 1_000_000
    assert "at least" in lexicon.before


def test_speed_of_a_2000_character_article() -> None:
    paragraph = (
        "Gunmen killed at least 12 people and wounded dozens of others on Tuesday in an attack "
        "on a market in the north-eastern town, officials said. The army said its troops killed "
        "20 militants in a counter-offensive that lasted three days, while some 5,000 residents "
        "fled their homes. Since 2014 the conflict has displaced more than two million people, "
        "and hundreds of thousands remain in camps near the border, 40 km from the city. "
    )
    article = (paragraph * 6)[:2000]
    find_quantities(article)  # compile
    runs = 50
    began = time.perf_counter()
    for _ in range(runs):
        find_quantities(article)
    per_article = (time.perf_counter() - began) / runs
    # About 0.5 ms on a slow shared machine for this number-dense text; a generous bound so
    # that a busy test runner does not fail it.
    assert per_article < 0.005
