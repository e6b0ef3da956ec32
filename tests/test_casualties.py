"""Casualty clauses found through the parse: kind, count and who the victims are."""

from __future__ import annotations

import pytest

from eventcoder.mentions.casualties import find_casualty_clauses
from eventcoder.mentions.quantities import find_quantities
from eventcoder.nlp import parse


def clauses(text: str):
    return find_casualty_clauses(parse(text), find_quantities(text))


def summary(text: str) -> list[tuple[str, int | None, str]]:
    return [(c.kind, c.count.value if c.count else None, c.victims) for c in clauses(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Gunmen killed 14 villagers near the river on Friday.", [("killed", 14, "civilians")]),
        ("Six soldiers were killed when their convoy hit a mine.", [("killed", 6, "soldiers")]),
        ("Three policemen died in the blast.", [("killed", 3, "police")]),
        ("The explosion left 9 people dead.", [("killed", 9, "civilians")]),
        ("The army said it killed 30 militants.", [("killed", 30, "militants")]),
        ("Twelve civilians lost their lives in the shelling.", [("killed", 12, "civilians")]),
        ("The death toll rose to 40 on Tuesday.", [("killed", 40, "unknown")]),
        ("Police found the bodies of 11 men in a ditch.", [("killed", 11, "civilians")]),
        ("Eight police officers were wounded in the ambush.", [("injured", 8, "police")]),
        ("Militants abducted 20 schoolgirls from the dormitory.", [("abducted", 20, "civilians")]),
        ("Troops arrested 5 suspects at a checkpoint.", [("arrested", 5, "unknown")]),
    ],
)
def test_casualty_clause(text, expected):
    assert summary(text) == expected


def test_killed_and_injured_in_one_sentence():
    found = summary("A car bomb killed 19 people and injured more than 50 others in the market.")
    assert ("killed", 19, "civilians") in found
    assert any(kind == "injured" and count == 50 for kind, count, _ in found)


def test_number_alone_as_victim():
    found = clauses("A roadside bomb exploded near a bus, killing 7 and wounding 15.")
    assert [(c.kind, c.count.value if c.count else None) for c in found] == [
        ("killed", 7),
        ("injured", 15),
    ]


def test_victims_from_the_parse_not_the_sentence():
    # "soldiers" is in the sentence but the victims are the civilians.
    found = clauses("Soldiers opened fire on a crowd and killed 4 civilians.")
    assert [(c.count.value if c.count else None, c.victims) for c in found] == [(4, "civilians")]


def test_cumulative_toll_is_flagged():
    (clause,) = clauses("The conflict has killed more than 10,000 people since 2014.")
    assert clause.cumulative and clause.count is not None and clause.count.value == 10000


def test_projection_and_negation():
    (projected,) = clauses("Officials warned the famine could kill 5,000 children.")
    assert projected.modality == "projected"
    (negated,) = clauses("No one was killed in the attack.")
    assert negated.negated


def test_spans_are_exact():
    text = "Gunmen killed 14 villagers and wounded 3 others near Kawuri."
    for clause in clauses(text):
        for span in (clause.trigger, clause.sentence, clause.count and clause.count.span):
            if span is not None:
                assert text[span.start : span.end] == span.text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A singular victim with no number is one death.
        ("A police officer was killed when a bomb exploded near his car.", 1),
        ("Gunmen opened fire on a shopkeeper, killing him.", 1),
        # Coordinated victims add up.
        ("Gunmen killed a teacher and two of his students in the village.", 3),
        ("The bomber blew up his car, killing himself and nine others.", 10),
        # "to death" verbs.
        ("Three farmers were hacked to death by raiders overnight.", 3),
        # "feared killed" is a presumed toll, not a projection.
        ("About 30 villagers have been feared killed in the raid.", 30),
    ],
)
def test_counts_without_digits_next_to_the_verb(text, expected):
    found = [c for c in clauses(text) if c.kind == "killed"]
    assert found and found[0].count is not None and found[0].count.value == expected
    assert found[0].modality != "projected"


def test_collective_nouns_state_no_number():
    (clause,) = clauses("The attackers killed a family in the village.")
    assert clause.count is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Gunmen attacked two guards, killing one and injuring another.",
            [("killed", 1), ("injured", 1)],
        ),
        ("Four soldiers were killed and eleven others wounded.", [("killed", 4), ("injured", 11)]),
        ("One of the teachers was injured.", [("injured", 1)]),
        ("Both were wounded in the blast.", [("injured", 2)]),
        (
            "A bomber killed at least 9 people and 30 others were injured at a market.",
            [("killed", 9), ("injured", 30)],
        ),
    ],
)
def test_one_another_both_and_elided_passives(text, expected):
    assert [(c.kind, c.count.value if c.count else None) for c in clauses(text)] == expected


def test_a_verb_the_tagger_took_for_a_noun_keeps_its_verb_lemma():
    from spacy.tokens import Doc

    from eventcoder.lexicon import word_map
    from eventcoder.mentions.casualties import _verb_lemma
    from eventcoder.nlp import load_nlp

    words = ["raiders", "attack", "a", "base", "killing", "two", "guards"]
    doc = Doc(
        load_nlp().vocab, words=words, pos=["NOUN", "VERB", "DET", "NOUN", "NOUN", "NUM", "NOUN"]
    )
    assert _verb_lemma(doc[4], word_map("casualty_verbs")) == "kill"


def test_them_takes_the_count_of_the_victims_named_before():
    text = (
        "Four guards were ambushed near the pipeline. The attackers sprayed their truck "
        "with bullets, killing them."
    )
    killed = [c for c in clauses(text) if c.kind == "killed"]
    assert killed and killed[0].count is not None and killed[0].count.value == 4


@pytest.mark.parametrize(
    "text",
    [
        "Two blasts hit the city centre, killing and injuring nine people.",
        "The bomb killed and wounded dozens of shoppers.",
    ],
)
def test_one_number_for_dead_and_wounded_together_is_neither(text):
    found = [c for c in clauses(text) if c.kind in ("killed", "injured")]
    assert found and all(c.count is None for c in found)


def test_a_bare_plural_shares_the_number_before_it():
    (clause,) = [
        c
        for c in clauses("Militants executed 30 soldiers and policemen and 12 members of a tribe.")
        if c.kind == "killed"
    ]
    assert clause.count is not None and clause.count.value == 42


def killed_count(text: str) -> int | None:
    found = [c for c in clauses(text) if c.kind == "killed" and c.count is not None]
    return sum(c.count.value for c in found if c.count) if found else None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the wounded coordinated with the dead are not more dead
        ("The raid led to the death of two farmers and the injury of four others.", 2),
        ("The shelling caused at least 12 deaths and 40 injuries in the town.", 12),
        ("The fighting left no fewer than six people dead, plus eleven injuries.", 6),
        # "one ... and one ..., and wounded seven": the wounding verb has its own object
        ("The blast killed one soldier and one shepherd and wounded seven police and a boy.", 2),
        ("The mortar killed four guards and two cooks and injured nine people.", 6),
        ("A mine kills 3 and another 6 were injured.", 3),
    ],
)
def test_injuries_coordinated_with_the_dead(text, expected):
    assert killed_count(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a role with an article after a name describes that one person
        ("Omar Kareem, a judge of the high court and a member of the bar, was shot dead.", 1),
        # the names of two counted victims are not two more
        ("Gunmen killed two teachers, Samir Aziz and Nabil Haddad, near the school.", 2),
        ("Three of his guards, Ali Jaber, Hadi Saleh and Karim Nouri, were killed.", 3),
        # "along with" under "along", and a second object after "as well as"
        ("Gunmen killed Salma Idris, a council clerk, along with her son and two guards.", 4),
        ("The raiders killed six herders near the well, as well as three traders.", 9),
        ("Gunmen entered the farm and killed him, along with two of his sons and his nephew.", 4),
        # "200 or more" is one number, not "200" and "more"
        ("Bandits stormed the market, killing 200 or more.", 200),
    ],
)
def test_coordinated_and_apposed_victims(text, expected):
    assert killed_count(text) == expected


def test_the_number_right_before_a_verb_without_victims():
    # "13 killed and 27 wounded": the parse gives "killed" no subject
    assert killed_count("Troops and rebels fought in the hills, 13 killed and 27 wounded.") == 13


def counts_by_kind(text: str) -> dict[str, int | None]:
    found: dict[str, int | None] = {}
    for clause in clauses(text):
        if not clause.negated:
            found.setdefault(clause.kind, clause.count.value if clause.count else None)
    return found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a second verb with its own victims shares nothing with the first
        (
            "One man was killed and four others hurt when an explosive device went off by a shop.",
            {"killed": 1, "injured": 4},
        ),
        (
            "Raiders stormed the fair, killing between 20 and 40 and injuring 15 others.",
            {"killed": 20, "injured": 15},
        ),
        # a title before the report is no second subject
        (
            "2019 Tarmiz market bombing: 14 people were killed and 30 wounded near the gate.",
            {"killed": 14, "injured": 30},
        ),
        # numbers the parser hung on the verb as modifiers
        (
            "Two car bombs killed at least 31 and injured more than 90 others in the town.",
            {
                "killed": 31,
                "injured": 90,
            },
        ),
        (
            "A mine went off while herders were gathering wood killing 4 and injuring 6 nearby.",
            {"killed": 4, "injured": 6},
        ),
        # a passive subject shared by a second verb; a death after another fate is news
        (
            "A Kenyan lorry driver was ambushed and killed on the road north of the town.",
            {"killed": 1},
        ),
        ("A farmer was kidnapped and later executed by the gang.", {"abducted": 1, "killed": 1}),
        # "no fatalities" is no death, whatever number stands nearby
        ("The blast injured one guard, but no fatalities were reported.", {"injured": 1}),
        # two subjects the parser did not join
        (
            "Four members of the border guard and three gunmen from the cell were killed.",
            {"killed": 7},
        ),
    ],
)
def test_each_verb_with_its_own_victims(text, expected):
    assert counts_by_kind(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # names the small model tags as a firm or a place, described as one person
        "Dragan Velkovic, a Serbian engineer, was killed while driving to the site.",
        # a nationality with an article is a person
        "A Canadian working for an aid group was killed in the city when gunmen opened fire.",
        # a role with no article, named in apposition
        "Gunmen killed Afghan police officer, Capt. Hamid Rasouli and his nephew near the office.",
    ],
)
def test_one_named_or_described_person(text):
    assert counts_by_kind(text).get("killed") == (2 if "nephew" in text else 1)


def test_a_superlative_since_is_no_running_toll():
    (clause,) = [
        c
        for c in clauses(
            "A car bomb killed 19 recruits at the gate in the worst attack on the city since May."
        )
        if c.kind == "killed"
    ]
    assert not clause.cumulative
    assert clause.count is not None and clause.count.value == 19


@pytest.mark.parametrize(
    "text",
    [
        # one subject for a killing and a wounding verb: how many died is not said
        "Seven farmers were killed and injured when a shell hit their field.",
        "Nine guards had been either killed or wounded in the blast at the gate.",
        "The fighting has left hundreds dead and injured across the district.",
    ],
)
def test_one_count_for_killed_and_wounded_together_is_no_death_count(text):
    assert all(c.count is None for c in clauses(text) if c.kind == "killed")


def test_an_adjective_takes_no_object_of_its_coordinated_verb():
    text = "A truck bomb left at least 6 guards dead and injured 4 at the depot."
    assert counts_by_kind(text) == {"killed": 6, "injured": 4}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Gunmen tried to kill the mayor of the town as he left the mosque.", None),
        ("Armed men attempted to kidnap and kill a judge in his car.", None),
        # the second verb after "but" is a deed of its own
        ("Gunmen tried to shoot a colonel but missed and killed a driver instead.", 1),
    ],
)
def test_an_attempted_killing_kills_no_one(text, expected):
    done = [c for c in clauses(text) if c.kind == "killed" and c.modality != "projected"]
    assert (done[0].count.value if done and done[0].count else None) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Rebels raid two hamlets. 11 reported killed 40 huts destroyed.", 11),
        ("Militants burned four men alive in a cage near the town.", 4),
        ("Six women were stoned to death in the square.", 6),
        # bodies handled, not found: those deaths are another event's
        ("Gunmen ambushed a patrol sent to pick up five dead bodies near the road.", None),
        ("A policeman was killed when a bomb hidden in a dead man's coat went off.", 1),
        ("Police found seven dead bodies in an orchard.", 7),
    ],
)
def test_victims_are_people_and_bodies_are_found(text, expected):
    assert counts_by_kind(text).get("killed") == expected


def test_a_number_already_inside_an_earlier_count_is_not_counted_again():
    text = "Bombers hit the depot. 3 guards wounded, 12 workers killed, plus two bombers killed."
    killed = [c.count.value for c in clauses(text) if c.kind == "killed" and c.count]
    assert sum(killed) == 14


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a relative named with "his" the parser hung on the verb is one more victim
        ("Gunmen killed a district official, Karim Nouri, and his nephew in Basra.", 2),
        # "both" numbers the plural it modifies
        ("A bomb hit the car, killing him and both his sons.", 3),
        # a list's second item taken for another object, with only a comma between
        ("A bomber blew himself up, killing himself, two guards, and five visitors.", 8),
        # with a plural verb the bare second noun is another person
        ("The mayor's brother Samir and cousin Fadi were killed in the attack by gunmen.", 2),
        ("A soldier and farmer were killed by a roadside bomb near Kirkuk.", 2),
        # a list the parser broke, read from its words
        ("One Dane, one Belgian and three Malians were killed when gunmen raided a hotel.", 5),
        ("Two Germans, one Dane and four Kenyans were killed in the raid on the hotel.", 7),
        # a breakdown of the first group adds nothing
        ("Five people, three guards and two drivers, were killed in the bombing in Kirkuk.", 5),
        # a singular verb: a description, not a second person
        ("A muezzin, one who leads the call, was assassinated by gunmen in Basra.", 1),
        # an object's bare noun says nothing of number
        ("Gunmen have executed over 300 police and army staff in the city.", 300),
        # the attacker named last, after "plus"
        ("A gunman opens fire at a wedding in Kirkuk and kills four, plus himself.", 5),
    ],
)
def test_coordinated_victims_the_parser_breaks(text, expected):
    assert counts_by_kind(text).get("killed") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "dead" right after the verb, parsed as the modifier of a counted object
        ("Gunmen shot dead 4 people near a market in Baqubah.", 4),
        ("Gunmen shot dead four farmers in a village near Baqubah.", 4),
    ],
)
def test_shot_dead_before_a_counted_object(text, expected):
    assert counts_by_kind(text).get("killed") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a cause with "the death of", not a killing by "led": the count is said once
        (
            "Gunmen killed 13 people in two villages of Kaduna State. The two attacks, at "
            "dawn, led to the death of 13 people.",
            13,
        ),
        # a court's sentence kills no one
        ("The court sentenced two rebels to death in Kassala.", None),
        # "to death" after any verb of harm
        ("An attacker knifed three worshippers to death in a mosque in Kassala.", 3),
        # a time word before a plural noun is part of it, not a measure
        ("The explosion killed seven day labourers near a market in Kirkuk.", 7),
    ],
)
def test_to_death_and_what_is_not_a_death(text, expected):
    assert counts_by_kind(text).get("killed") == expected


def test_an_attacker_with_a_knife_is_armed_violence():
    from eventcoder import extract

    (event,) = extract("An attacker knifed three worshippers to death in Kassala.").events
    assert (event.fatalities, event.event_type) == (3, "Violence against civilians")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a killing named by a noun, with its victims
        ("The killing of 12 civilians in Kidal sparked protests.", 12),
        ("The government condemned the assassination of two mayors in Kidal.", 2),
        ("Residents mourned the massacre of 30 villagers near Kidal.", 30),
        # no victims, an attempt, or an earlier killing given as the motive: no death here
        ("The massacre in Kidal shocked the country.", None),
        ("Police foiled the attempted assassination of the governor in Kidal.", None),
        ("Students in Kidal protest the alleged killing of a classmate by police.", None),
        (
            "Rebels shelled the base in retaliation for recent raids and the killing of three "
            "of their commanders.",
            None,
        ),
        ("The clashes were sparked by the killing of two herders near Kidal.", None),
    ],
)
def test_killings_named_by_a_noun(text, expected):
    assert counts_by_kind(text).get("killed") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a passive turn after an active verb is said of the same subject
        (
            "A car bomber tried to ram the gate of the base but was shot and killed by guards.",
            1,
        ),
        ("Three gunmen stormed the house and were killed by police.", 3),
        # an ordinal after a count of the same people is one more person
        ("The gunmen abducted two of the guards and killed the third.", 1),
        # a name after a person's title is a person, whatever the model calls the name
        ("Gunmen assassinated cleric Adil al-Janabi outside his home in Baghdad.", 1),
        # a sentence glued to the last by its full stop still counts its dead
        ("Gunmen attacked worshippers at the mosque.Two people were killed in the attack.", 2),
    ],
)
def test_victims_the_parser_hides(text, expected):
    assert counts_by_kind(text).get("killed") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # people a blast "left" injured, however the parser hung the participle
        ("A bomb blast near the market left a civilian seriously injured.", 1),
        ("A charge went off as a patrol passed, leaving three security men wounded.", 3),
        ("Shelling of the village left 1 person dead and two injured.", 2),
        ("Mortars hit the camp, leaving 4 refugees dead and a guard injured.", 1),
    ],
)
def test_left_injured(text, expected):
    assert counts_by_kind(text).get("injured") == expected
