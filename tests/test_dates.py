"""Date phrases found in text and resolved against the publication date."""

from __future__ import annotations

import datetime as dt
import itertools
import time

import pytest

from eventcoder.resolve.dates import (
    NOTE_AFTER_PUBLICATION,
    DateMention,
    find_dates,
    publication_fallback,
    resolve_date_phrase,
)

D = dt.date
MON_26_DEC_2016 = D(2016, 12, 26)  # a Monday
SUN_25_DEC_2016 = D(2016, 12, 25)
TUE_14_MAR_2017 = D(2017, 3, 14)


def check_spans(text: str, mentions: list[DateMention]) -> None:
    for m in mentions:
        assert text[m.span.start : m.span.end] == m.span.text
    starts = [m.span.start for m in mentions]
    assert starts == sorted(starts)
    for a, b in itertools.pairwise(mentions):
        assert a.span.end <= b.span.start, "mentions must not overlap"


def found(text: str, published: dt.date | None) -> list[tuple[str, dt.date, int]]:
    mentions = find_dates(text, published)
    check_spans(text, mentions)
    return [(m.span.text, m.date, m.time_precision) for m in mentions]


def one(text: str, published: dt.date | None) -> DateMention:
    mentions = find_dates(text, published)
    check_spans(text, mentions)
    assert len(mentions) == 1, [m.span.text for m in mentions]
    return mentions[0]


# --------------------------------------------------------------------------- weekdays


@pytest.mark.parametrize(
    ("text", "phrase", "expected"),
    [
        ("Gunmen stormed the village on Sunday, officials said.", "Sunday", D(2016, 12, 25)),
        ("Two shells fell on Tuesday night near the bridge.", "Tuesday night", D(2016, 12, 20)),
        ("The convoy was ambushed late Monday.", "late Monday", D(2016, 12, 26)),
        ("Saturday morning brought fresh clashes.", "Saturday morning", D(2016, 12, 24)),
        ("Rockets hit the airport early on Friday.", "early on Friday", D(2016, 12, 23)),
        ("Police said Wednesday's blast killed four.", "Wednesday", D(2016, 12, 21)),
        ("The ceasefire collapsed overnight Thursday.", "overnight Thursday", D(2016, 12, 22)),
    ],
)
def test_weekday_is_most_recent_on_or_before_publication(
    text: str, phrase: str, expected: dt.date
) -> None:
    m = one(text, MON_26_DEC_2016)
    assert (m.span.text, m.date, m.time_precision, m.kind) == (phrase, expected, 1, "weekday")
    assert m.note is not None and "weekday resolved against publication date" in m.note


def test_weekday_on_the_publication_weekday_is_that_day() -> None:
    m = one("Troops have killed six fighters on Sunday, the army says.", SUN_25_DEC_2016)
    assert m.date == SUN_25_DEC_2016
    assert m.note is not None and "publication day itself" in m.note


def test_last_weekday_on_the_publication_weekday_is_a_week_earlier() -> None:
    assert one("It happened last Sunday.", SUN_25_DEC_2016).date == D(2016, 12, 18)
    assert one("It happened last Sunday.", MON_26_DEC_2016).date == D(2016, 12, 25)


def test_next_weekday_is_after_publication() -> None:
    m = one("Talks resume next Friday in the capital.", MON_26_DEC_2016)
    assert m.date == D(2016, 12, 30)
    assert m.note == NOTE_AFTER_PUBLICATION


def test_weekday_across_a_year_boundary() -> None:
    m = one("Mortars were fired on Saturday.", D(2018, 1, 1))
    assert m.date == D(2017, 12, 30)


@pytest.mark.parametrize(
    "text",
    [
        "The Sunday Times reported the raid.",
        "Marchers remembered Bloody Sunday.",
        "Churches were guarded over Good Friday.",
        "Markets close on Sundays.",
    ],
)
def test_weekday_inside_names_and_plurals_is_not_a_date(text: str) -> None:
    assert find_dates(text, MON_26_DEC_2016) == []


def test_weekday_without_publication_date_is_dropped() -> None:
    assert find_dates("The militia withdrew on Sunday.", None) == []


# --------------------------------------------------------------------------- relative days


@pytest.mark.parametrize(
    ("text", "phrase", "expected"),
    [
        ("Yesterday, a drone struck a car.", "Yesterday", D(2016, 12, 25)),
        ("A drone struck a car yesterday morning.", "yesterday morning", D(2016, 12, 25)),
        ("Fighting raged last night in the old city.", "last night", D(2016, 12, 25)),
        ("Soldiers entered the town today.", "today", D(2016, 12, 26)),
        ("Earlier today, gunmen opened fire.", "Earlier today", D(2016, 12, 26)),
        ("This morning a mortar hit the school.", "This morning", D(2016, 12, 26)),
        ("Shelling is expected tonight.", "tonight", D(2016, 12, 26)),
        (
            "Two prisoners escaped the day before yesterday.",
            "the day before yesterday",
            D(2016, 12, 24),
        ),
        ("Two days ago the bridge was blown up.", "Two days ago", D(2016, 12, 24)),
        ("The bodies were found 3 days ago.", "3 days ago", D(2016, 12, 23)),
        ("A similar raid came three days earlier.", "three days earlier", D(2016, 12, 23)),
        ("A truck bomb had exploded a day earlier.", "a day earlier", D(2016, 12, 25)),
    ],
)
def test_relative_days(text: str, phrase: str, expected: dt.date) -> None:
    m = one(text, MON_26_DEC_2016)
    assert (m.span.text, m.date, m.time_precision) == (phrase, expected, 1)


def test_yesterday_across_new_year() -> None:
    assert one("Yesterday two soldiers died.", D(2017, 1, 1)).date == D(2016, 12, 31)


def test_yesterday_in_a_leap_year() -> None:
    assert one("The checkpoint was hit yesterday.", D(2016, 3, 1)).date == D(2016, 2, 29)
    assert one("The checkpoint was hit yesterday.", D(2017, 3, 1)).date == D(2017, 2, 28)


def test_relative_words_inside_names_are_skipped() -> None:
    assert find_dates("USA Today published the footage.", MON_26_DEC_2016) == []
    assert find_dates("The yesterdays of the war.", MON_26_DEC_2016) == []


def test_relative_days_without_publication_date_are_dropped() -> None:
    assert find_dates("Yesterday and two days ago, and last week.", None) == []


# --------------------------------------------------------------------------- weeks and months


def test_last_week_is_midpoint_of_previous_monday_to_sunday_week() -> None:
    # published Tuesday 14 March 2017: the previous week runs 6-12 March, midpoint Thursday 9
    m = one("Last week the army said it had retaken the hill.", TUE_14_MAR_2017)
    assert (m.span.text, m.date, m.time_precision, m.kind) == (
        "Last week",
        D(2017, 3, 9),
        2,
        "week",
    )


def test_last_week_across_a_year_boundary() -> None:
    # published Wednesday 3 January 2018: previous week 25-31 December 2017
    assert one("It was seized last week.", D(2018, 1, 3)).date == D(2017, 12, 28)


def test_this_week_stays_on_or_before_publication() -> None:
    m = one("Earlier this week, rebels shelled the port.", TUE_14_MAR_2017)
    assert (m.span.text, m.time_precision) == ("Earlier this week", 2)
    assert D(2017, 3, 13) <= m.date <= TUE_14_MAR_2017
    m = one("Clashes this week killed 30.", D(2017, 3, 19))  # a Sunday: Mon 13 .. Sun 19
    assert m.date == D(2017, 3, 16)


def test_weekend() -> None:
    m = one("Over the weekend three villages were burned.", MON_26_DEC_2016)
    assert (m.span.text, m.date, m.time_precision) == ("the weekend", D(2016, 12, 24), 2)
    assert one("They struck last weekend.", SUN_25_DEC_2016).date == D(2016, 12, 17)


@pytest.mark.parametrize(
    ("text", "phrase", "expected", "precision"),
    [
        ("Attacks doubled last month.", "last month", D(2016, 11, 15), 3),
        ("A week ago the road reopened.", "A week ago", D(2016, 12, 19), 2),
        ("It fell three weeks ago.", "three weeks ago", D(2016, 12, 5), 2),
        ("The siege began two months ago.", "two months ago", D(2016, 10, 15), 3),
        ("Earlier this month, a bomb hit a bus.", "Earlier this month", D(2016, 12, 15), 3),
    ],
)
def test_weeks_and_months_relative(
    text: str, phrase: str, expected: dt.date, precision: int
) -> None:
    m = one(text, MON_26_DEC_2016)
    assert (m.span.text, m.date, m.time_precision) == (phrase, expected, precision)


def test_last_month_in_january_is_previous_december() -> None:
    assert one("Raids rose last month.", D(2017, 1, 10)).date == D(2016, 12, 15)


def test_this_month_early_in_the_month_stays_before_publication() -> None:
    m = one("Earlier this month the road was mined.", D(2017, 3, 6))
    assert m.date <= D(2017, 3, 6) and m.date.month == 3 and m.time_precision == 3


def test_midweek_and_weeks_without_a_determiner_are_not_dates() -> None:
    assert find_dates("A midweek lull. During the month, aid arrived.", MON_26_DEC_2016) == []


# --------------------------------------------------------------------------- months


@pytest.mark.parametrize(
    ("text", "phrase", "expected"),
    [
        ("Fighting resumed in early November.", "early November", D(2016, 11, 1)),
        ("Fighting resumed in late November.", "late November", D(2016, 11, 30)),
        ("Fighting resumed in mid-November.", "mid-November", D(2016, 11, 15)),
        ("Fighting resumed in November.", "November", D(2016, 11, 15)),
        ("Fighting resumed at the end of November.", "the end of November", D(2016, 11, 30)),
        ("It began at the beginning of March.", "the beginning of March", D(2016, 3, 1)),
        ("It began in the middle of October.", "the middle of October", D(2016, 10, 15)),
    ],
)
def test_month_phrases(text: str, phrase: str, expected: dt.date) -> None:
    m = one(text, MON_26_DEC_2016)
    assert (m.span.text, m.date, m.time_precision, m.kind) == (phrase, expected, 3, "month")


def test_month_year_rules() -> None:
    # a November in a December article is the same year ...
    assert one("Raids in November.", D(2016, 12, 2)).date == D(2016, 11, 15)
    # ... a December in a January article the previous year
    assert one("Raids in December.", D(2017, 1, 5)).date == D(2016, 12, 15)
    assert one("Raids in late December.", D(2017, 1, 5)).date == D(2016, 12, 31)
    # the publication month itself is this year's
    assert one("Raids in early January.", D(2017, 1, 20)).date == D(2017, 1, 1)


def test_late_february_in_leap_and_common_years() -> None:
    assert one("Shelling in late February.", D(2016, 3, 10)).date == D(2016, 2, 29)
    assert one("Shelling in late February.", D(2017, 3, 10)).date == D(2017, 2, 28)


def test_publication_month_is_not_coded_after_publication() -> None:
    m = one("Clashes in December have spread.", D(2016, 12, 6))
    assert m.date <= D(2016, 12, 6) and m.date.month == 12 and m.time_precision == 3
    m = one("Clashes in late December.", D(2016, 12, 10))
    assert m.date == D(2016, 12, 10)


def test_last_month_name() -> None:
    assert one("It fell last November.", D(2016, 11, 20)).date == D(2015, 11, 15)
    assert one("It fell last November.", D(2016, 12, 20)).date == D(2016, 11, 15)


def test_month_with_year() -> None:
    assert found("The town was taken in November 2016.", None) == [
        ("November 2016", D(2016, 11, 15), 3)
    ]
    assert found("It was lost in late June 2014.", MON_26_DEC_2016) == [
        ("late June 2014", D(2014, 6, 30), 3)
    ]


def test_bare_month_names_are_not_dates() -> None:
    assert find_dates("May God protect the displaced.", MON_26_DEC_2016) == []
    assert find_dates("August crowds marched; they march daily.", MON_26_DEC_2016) == []


# --------------------------------------------------------------------------- explicit dates


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("Militants attacked on 25 December, police said.", "25 December"),
        ("Militants attacked on Dec. 25, police said.", "Dec. 25"),
        ("Militants attacked on December 25, 2016, police said.", "December 25, 2016"),
        ("Militants attacked on 25 Dec 2016, police said.", "25 Dec 2016"),
        ("Militants attacked on 2016-12-25, police said.", "2016-12-25"),
        ("Militants attacked on 25/12/2016, police said.", "25/12/2016"),
        ("Militants attacked on December 25th, police said.", "December 25th"),
        ("Militants attacked on the 25th of December, police said.", "25th of December"),
        ("Militants attacked on the 25th, police said.", "the 25th"),
        ("Militants attacked on Sunday, December 25, police said.", "Sunday, December 25"),
    ],
)
def test_explicit_dates(text: str, phrase: str) -> None:
    m = one(text, MON_26_DEC_2016)
    assert (m.span.text, m.date, m.time_precision, m.kind) == (
        phrase,
        SUN_25_DEC_2016,
        1,
        "explicit",
    )
    assert not m.is_since


def test_dot_after_full_month_name_ends_the_sentence() -> None:
    m = one("The offensive began on 17 October. It stalled.", MON_26_DEC_2016)
    assert m.span.text == "17 October"
    m = one("Talks failed on Sept. 11 in Geneva.", MON_26_DEC_2016)
    assert (m.span.text, m.date) == ("Sept. 11", D(2016, 9, 11))


def test_date_without_year_takes_most_recent_past_occurrence() -> None:
    assert one("It happened on 30 December.", D(2017, 1, 4)).date == D(2016, 12, 30)
    assert one("It happened on 31 December.", MON_26_DEC_2016).date == D(2015, 12, 31)
    assert one("It happened on March 3.", TUE_14_MAR_2017).date == D(2017, 3, 3)


def test_date_without_year_may_be_a_few_days_ahead() -> None:
    m = one("A vote is planned on 28 December.", MON_26_DEC_2016)
    assert m.date == D(2016, 12, 28)
    assert m.note == NOTE_AFTER_PUBLICATION
    m = one("Celebrations on 1 January were cancelled.", D(2016, 12, 30))
    assert m.date == D(2017, 1, 1)


def test_29_february_without_year_goes_back_to_a_leap_year() -> None:
    assert one("The raid on 29 February.", D(2017, 3, 1)).date == D(2016, 2, 29)
    assert one("The raid on 29 February.", D(2020, 3, 1)).date == D(2020, 2, 29)
    assert one("The raid on Feb. 29.", D(2019, 2, 27)).date == D(2016, 2, 29)


def test_explicit_date_after_publication_is_returned_with_a_note() -> None:
    m = one("The deadline is 30 December 2016.", MON_26_DEC_2016)
    assert m.date == D(2016, 12, 30)
    assert m.note == NOTE_AFTER_PUBLICATION


def test_explicit_dates_with_year_resolve_without_publication_date() -> None:
    assert found("Clashes on 3 May 2015 and on 2015-05-04.", None) == [
        ("3 May 2015", D(2015, 5, 3), 1),
        ("2015-05-04", D(2015, 5, 4), 1),
    ]
    assert find_dates("Clashes on 3 May and on the 4th.", None) == []


def test_invalid_dates_are_skipped() -> None:
    assert find_dates("On 31 November 2016 and 2016-02-30.", MON_26_DEC_2016) == []


def test_numeric_day_month_order() -> None:
    assert found("Filed 12/25/2016.", None) == [("12/25/2016", D(2016, 12, 25), 1)]
    assert found("Filed 25.12.2016.", None) == [("25.12.2016", D(2016, 12, 25), 1)]
    m = one("Filed 05/06/2016.", None)
    assert m.date == D(2016, 6, 5) and m.note is not None and "ambiguous" in m.note


def test_weekday_that_contradicts_the_date_is_noted() -> None:
    m = one("Heavy shelling on Monday, 25 December 2016.", None)
    assert m.date == SUN_25_DEC_2016
    assert m.note is not None and "does not match" in m.note


def test_day_of_month_alone() -> None:
    assert one("The base was overrun on the 20th.", MON_26_DEC_2016).date == D(2016, 12, 20)
    # after the publication day: the previous month
    assert one("The base was overrun on the 28th.", MON_26_DEC_2016).date == D(2016, 11, 28)
    # 31 November does not exist: back to October
    assert one("The base was overrun on the 31st.", MON_26_DEC_2016).date == D(2016, 10, 31)
    # March published: 29th falls in February of a leap year, else January
    assert one("Overrun on the 29th.", D(2016, 3, 2)).date == D(2016, 2, 29)
    assert one("Overrun on the 29th.", D(2017, 3, 2)).date == D(2017, 1, 29)


@pytest.mark.parametrize(
    "text",
    [
        "Soldiers of the 25th Brigade advanced.",
        "They met on the 3rd floor.",
        "It marked on the 5th anniversary of the uprising.",
        "Fighters of the 2nd Division.",
    ],
)
def test_ordinals_that_are_not_days(text: str) -> None:
    assert find_dates(text, MON_26_DEC_2016) == []


# --------------------------------------------------------------------------- years and since


@pytest.mark.parametrize(
    "text",
    [
        "The group seized the city in 2014.",
        "More than 3,000 have died since 2014.",
        "Between 2012 and 2015 the toll tripled.",
        "A 2016 report counted 500 dead.",
    ],
)
def test_years_alone_are_not_event_dates(text: str) -> None:
    assert find_dates(text, MON_26_DEC_2016) == []


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("Since early November, 200 people have died.", "early November"),
        ("Roads were closed from Sunday.", "Sunday"),
        ("The curfew lasts until 30 December 2016.", "30 December 2016"),
        ("Nobody has been paid since the 10th.", "the 10th"),
        ("Prices have risen since last week.", "last week"),
        ("The siege has lasted since January 2016.", "January 2016"),
    ],
)
def test_since_from_until_mark_period_bounds(text: str, phrase: str) -> None:
    m = one(text, MON_26_DEC_2016)
    assert m.span.text == phrase
    assert m.is_since


# --------------------------------------------------------------------------- whole texts


ARTICLE = (
    "Government troops pushed into the eastern districts late on Sunday, the defence ministry "
    "said on Monday. Twelve soldiers and at least 30 fighters died, it said. A car bomb had "
    "killed nine people at a market two days earlier. The offensive began on 17 October and "
    "slowed in mid-November; more than 900 people have been killed since early October. "
    "Last week aid convoys were turned back, and in 2015 the same road was cut for months. "
    "The Sunday Times said the last push was on Dec. 20."
)


def test_article_spans_and_dates() -> None:
    got = find_dates(ARTICLE, MON_26_DEC_2016)
    check_spans(ARTICLE, got)
    assert [(m.span.text, m.date, m.time_precision, m.is_since) for m in got] == [
        ("late on Sunday", D(2016, 12, 25), 1, False),
        ("Monday", D(2016, 12, 26), 1, False),
        ("two days earlier", D(2016, 12, 24), 1, False),
        ("17 October", D(2016, 10, 17), 1, False),
        ("mid-November", D(2016, 11, 15), 3, False),
        ("early October", D(2016, 10, 1), 3, True),
        ("Last week", D(2016, 12, 22), 2, False),
        ("Dec. 20", D(2016, 12, 20), 1, False),
    ]


def test_spans_index_text_with_odd_whitespace() -> None:
    text = "Shells fell\nlate  on\tSunday and the day\nbefore  yesterday."
    got = find_dates(text, MON_26_DEC_2016)
    check_spans(text, got)
    assert [m.date for m in got] == [D(2016, 12, 25), D(2016, 12, 24)]


def test_empty_and_dateless_text() -> None:
    assert find_dates("", MON_26_DEC_2016) == []
    assert find_dates("Gunfire was heard across the valley.", MON_26_DEC_2016) == []


def test_find_dates_is_fast() -> None:
    text = (ARTICLE + " Residents fled toward the river as fighting spread. ") * 4
    text = text[:2000]
    find_dates(text, MON_26_DEC_2016)  # build the grammar once
    n = 200
    start = time.perf_counter()
    for _ in range(n):
        find_dates(text, MON_26_DEC_2016)
    per_call = (time.perf_counter() - start) / n
    assert per_call < 0.002  # the target is under 1 ms; leave room for slow CI machines


# --------------------------------------------------------------------------- one phrase


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("on Sunday", (SUN_25_DEC_2016, 1)),
        ("Sunday night", (SUN_25_DEC_2016, 1)),
        ("yesterday", (SUN_25_DEC_2016, 1)),
        ("last week", (D(2016, 12, 22), 2)),
        ("late November", (D(2016, 11, 30), 3)),
        ("December 25, 2016", (SUN_25_DEC_2016, 1)),
        # formats the grammar does not know go to dateparser
        ("December the 25th", (SUN_25_DEC_2016, 1)),
        ("25th of Dec., 2016 at noon", (SUN_25_DEC_2016, 1)),
    ],
)
def test_resolve_date_phrase(phrase: str, expected: tuple[dt.date, int]) -> None:
    assert resolve_date_phrase(phrase, MON_26_DEC_2016) == expected


@pytest.mark.parametrize(
    "phrase", ["2014", "since 2014", "three days", "3 days", "the 1990s", "the past year", ""]
)
def test_resolve_date_phrase_rejects_years_and_durations(phrase: str) -> None:
    assert resolve_date_phrase(phrase, MON_26_DEC_2016) is None


def test_resolve_date_phrase_without_publication_date() -> None:
    assert resolve_date_phrase("on Sunday", None) is None
    assert resolve_date_phrase("December the 25th", None) is None
    assert resolve_date_phrase("25 December 2016", None) == (SUN_25_DEC_2016, 1)


def test_publication_fallback() -> None:
    assert publication_fallback(MON_26_DEC_2016) == (
        MON_26_DEC_2016,
        2,
        "no date in the text: publication date used",
    )


def test_date_mention_serialises() -> None:
    m = one("Shelling on 25 December 2016.", None)
    data = m.model_dump(mode="json")
    assert data["date"] == "2016-12-25"
    assert data["span"] == {"start": 12, "end": 28, "text": "25 December 2016"}
    assert DateMention.model_validate(data) == m
