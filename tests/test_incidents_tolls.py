"""Document tolls (issue #6): how the clauses of one text add up, on texts written for these
tests."""

from __future__ import annotations

import pytest
from conftest import assert_spans_exact

from eventcoder.evaluate.score import sum_fatalities


def deaths(run_extract, text: str) -> int:
    result = run_extract(text)
    assert_spans_exact(text, result)
    return sum_fatalities(result.events, result.totals)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Gunmen killed nine traders at the cattle market. Some sources claim 30 deaths.", 9),
        (
            "A car bomb killed four people near the mosque in Kirkuk. Other media sources "
            "reported that as many as twelve people were killed.",
            4,
        ),
        ("Herders raided the village, killing 11. Some reports have the death toll at 40.", 11),
        ("Bandits killed six farmers (one source counts eight) near the river.", 6),
    ],
)
def test_another_sources_figure_is_not_more_dead(run_extract, text, expected):
    assert deaths(run_extract, text) == expected


def test_a_later_toll_still_revises_the_first(run_extract):
    text = "Militants killed 20 villagers on Monday. The death toll later rose to 35."
    assert deaths(run_extract, text) == 35


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Gunmen shot and killed a teacher in Baqubah. Two other teachers were also killed "
            "in the province on this day.",
            1,
        ),
        (
            "A bomb killed six people at a bus stop in Hilla. The attack came a day after a "
            "car bomb killed 40 people in the city.",
            6,
        ),
        (
            "Militants killed a judge outside his home. This was one of three judges to be "
            "killed in the city in a month.",
            1,
        ),
        (
            "A roadside bomb killed three soldiers in Tikrit. Two more soldiers were killed "
            "nearby when a second bomb went off.",
            5,
        ),
    ],
)
def test_other_events_told_as_background_are_not_counted(run_extract, text, expected):
    assert deaths(run_extract, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A blast at the checkpoint killed 9 people. Four guards were among the dead.", 9),
        ("A car bomb hit the market. Six were killed, among the dead two policemen.", 6),
        ("Gunmen killed 12 villagers. Among those killed were five children.", 12),
    ],
)
def test_some_of_the_dead_named_again_are_not_more_dead(run_extract, text, expected):
    assert deaths(run_extract, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the pronoun of a relative clause is the victim just counted
        ("Samir Dallal, a radio host, was killed by armed men who strangled him.", 1),
        # a death after an abduction is news; one number for wounded and killed is neither
        ("A farmer was kidnapped by the gang and later executed near the river.", 1),
        ("Several bystanders were wounded and killed by the blast in the market.", 0),
    ],
)
def test_the_same_victim_told_twice_in_one_sentence(run_extract, text, expected):
    assert deaths(run_extract, text) == expected


def test_the_wounded_who_later_died_are_dead_only(run_extract):
    result = run_extract("Hamid Rasouli was wounded by gunmen and later died of his wounds.")
    assert [(e.fatalities, e.injured) for e in result.events] == [(1, None)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Raiders hit a market, leaving several dead. The death total was later raised to 44.", 44),
        ("Herders attacked the hamlet, leaving dozens dead. Later reports claim 90 deaths.", 90),
        ("Gunmen hit two farms, 15 killed. Later reports suggest 18 were killed there.", 18),
    ],
)
def test_a_later_report_revises_the_toll(run_extract, text, expected):
    assert deaths(run_extract, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "A bomber killed three guards at the party office. The group claimed responsibility, "
            "stating that 30 officers were killed.",
            3,
        ),
        (
            "A truck bomb killed 60 people at a bus station. The militants claimed "
            "responsibility and said 150 people had been killed.",
            60,
        ),
    ],
)
def test_the_perpetrators_own_count_is_another_figure(run_extract, text, expected):
    assert deaths(run_extract, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # later, smaller counts with no word of addition break the first toll down
        (
            "Gunmen raided two shops in Basra. Nine people were killed in the raid. At least "
            "four clerks from each shop were killed.",
            9,
        ),
        # an agent of their own tells another deed
        (
            "A car bomb killed at least 7 people in the town. Masked gunmen executed two "
            "judges in the same town.",
            9,
        ),
        # a total over the incident and others the text does not tell is no toll of it
        (
            "A bomb went off near a bakery in Baghdad. This was one of nine bombs in the city "
            "on this day. The bombs killed 30 people in total.",
            0,
        ),
        ("Car bombs hit three markets in the capital, killing 17 people in total.", 17),
        (
            "A mine killed two farmers near Kirkuk. An earlier blast killed four shepherds "
            "in the hills.",
            2,
        ),
    ],
)
def test_parts_totals_and_earlier_attacks(run_extract, text, expected):
    assert deaths(run_extract, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the attackers named again were not among the dead told first
        (
            "Three gunmen fired on the governor and his guards. One bodyguard was killed and "
            "another was injured. All three gunmen were killed.",
            4,
        ),
        (
            "Two gunmen attacked a police post in Kirkuk, killing a guard. Both gunmen were "
            "killed.",
            3,
        ),
        # a bare number may have been the attackers: still one toll
        ("Gunmen stormed a shop in Basra, killing 3. The attackers were killed later.", 3),
    ],
)
def test_attackers_killed_after_their_victims(run_extract, text, expected):
    assert deaths(run_extract, text) == expected
