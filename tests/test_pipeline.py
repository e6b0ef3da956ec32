"""End-to-end extraction on texts written for these tests, one group per point of the core issue."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import assert_spans_exact

from eventcoder.nlp import load_nlp
from eventcoder.resolve.gazetteer import haversine_km

PUB = date(2016, 12, 26)  # a Monday


def test_model_is_loaded_once_and_pinned():
    assert load_nlp() is load_nlp()
    assert load_nlp().meta["version"] == "3.8.0"


def test_incident_cues_split_events_and_total_links_parts(run_extract):
    text = (
        "Government troops killed 30 rebels in two clashes near Aleppo on Saturday, the army said. "
        "In the first clash, soldiers killed 18 fighters in the town of Tal Rifaat. "
        "In a second clash, 12 rebels were killed near Azaz."
    )
    result = run_extract(text)
    assert sorted(e.fatalities for e in result.events) == [12, 18]
    (total,) = result.totals
    assert total.count == 30 and total.consistent and len(total.parts) == 2
    assert all(e.event_date == date(2016, 12, 24) for e in result.events)
    assert_spans_exact(text, result)


def test_total_whose_parts_do_not_add_up_is_flagged(run_extract):
    text = (
        "Militants killed 40 people in three separate attacks across Borno State on Sunday. "
        "In one attack, gunmen killed 10 villagers in Konduga. "
        "In another attack, a bomb killed 9 people in Maiduguri. "
        "Separately, 11 farmers were killed near Bama."
    )
    result = run_extract(text)
    assert sorted(e.fatalities for e in result.events) == [9, 10, 11]
    (total,) = result.totals
    assert total.count == 40 and total.consistent is False and total.parts_sum == 30


def test_total_without_parts_is_one_event(run_extract):
    result = run_extract("A car bomb killed 23 people at a market in Baghdad on Friday.")
    (event,) = result.events
    assert event.fatalities == 23 and not result.totals
    assert event.country == "Iraq" and event.location == "Baghdad"
    assert event.sub_event_type == "Remote explosive/landmine/IED"
    assert event.event_date == date(2016, 12, 23) and event.time_precision == 1


@pytest.mark.parametrize(
    ("text", "event_type", "sub_event_type"),
    [
        (
            "A drone strike killed 4 militants in North Waziristan on Monday.",
            "Explosions/Remote violence",
            "Air/drone strike",
        ),
        (
            "A suicide bomber killed 15 worshippers at a mosque in Kabul.",
            "Explosions/Remote violence",
            "Suicide bomb",
        ),
        (
            "Rebels shelled the town of Donetsk, killing 3 civilians.",
            "Explosions/Remote violence",
            "Shelling/artillery/missile attack",
        ),
        (
            "Gunmen shot dead 6 farmers in their fields near Jos.",
            "Violence against civilians",
            "Attack",
        ),
        (
            "Soldiers and Al Shabaab fighters clashed near Kismayo, leaving 9 militants dead.",
            "Battles",
            "Armed clash",
        ),
        (
            "Gunmen abducted 12 students from a school in Kaduna.",
            "Violence against civilians",
            "Abduction/forced disappearance",
        ),
        (
            "A teenage girl wearing a suicide belt blew up at a bus park in Yola, killing 6.",
            "Explosions/Remote violence",
            "Suicide bomb",
        ),
        (
            "Insurgents set off an explosive near a mosque in Gombe, killing 3 worshippers.",
            "Explosions/Remote violence",
            "Remote explosive/landmine/IED",
        ),
        (
            "Troops repel an insurgent raid on Monguno; 7 of the attackers were killed.",
            "Battles",
            "Armed clash",
        ),
        # Who takes a town decides the sub-event type.
        (
            "Soldiers recaptured Baga from the insurgents after a battle that killed 12.",
            "Battles",
            "Government regains territory",
        ),
        (
            "Al Shabaab fighters overran the town of Kolbio, killing 9 soldiers.",
            "Battles",
            "Non-state actor overtakes territory",
        ),
        # Hostages taken in a fight do not make a battle's dead an abduction.
        (
            "Troops clashed with Boko Haram near Dikwa, 14 died, and 30 hostages were freed.",
            "Battles",
            "Armed clash",
        ),
        # Cues are whole words: "Mobbar" holds no mob.
        (
            "Vigilantes killed 30 militants who attacked villages in Mobbar district.",
            "Battles",
            "Armed clash",
        ),
        (
            "Hoodlums went on a rampage in the market of Oshodi, injuring 11 traders.",
            "Riots",
            "Violent demonstration",
        ),
    ],
)
def test_event_types(run_extract, text, event_type, sub_event_type):
    (event,) = run_extract(text).events
    assert (event.event_type, event.sub_event_type) == (event_type, sub_event_type)


def test_actors_normalized_and_militants_resolved(run_extract):
    text = (
        "Daesh fighters attacked an army checkpoint in Ramadi on Sunday. "
        "Iraqi soldiers killed 8 of the militants, officials said."
    )
    (event,) = run_extract(text).events
    assert {event.actor1, event.actor2} == {"Islamic State", "Military Forces of Iraq"}


def test_civilian_victims_become_civilians_of_the_country(run_extract):
    (event,) = run_extract("Unknown gunmen killed 7 civilians in Maiduguri on Sunday.").events
    assert event.actor2 == "Civilians (Nigeria)" and event.victims == "civilians"
    assert event.country == "Nigeria"


def test_attribution_and_according_to(run_extract):
    (event,) = run_extract(
        "According to local officials, 5 policemen were killed in an ambush in Kandahar."
    ).events
    assert event.attribution == "local officials"
    assert event.fatalities == 5


def test_projection_is_not_an_event_but_a_figure(run_extract):
    text = (
        "Aid agencies fear the offensive on Raqqa could displace up to 200,000 people. "
        "Fighting has already forced 30,000 people to flee the city."
    )
    result = run_extract(text)
    assert not result.events
    figures = {(f.kind, f.count, f.status) for f in result.figures}
    assert ("displaced", 200000, "projected") in figures
    assert ("displaced", 30000, "reported") in figures
    assert_spans_exact(text, result)


@pytest.mark.parametrize(
    "text",
    [
        "About 60,000 people have fled the district, and officials warn the number could "
        "rise to 90,000 by spring.",
        "Some 60,000 villagers have fled the district. Aid groups fear that figure may reach "
        "90,000.",
    ],
)
def test_a_figure_that_could_rise_is_its_projection(run_extract, text):
    # "the number" is the displaced told before, not a revised death toll
    result = run_extract(text)
    assert not result.events
    figures = {(f.kind, f.count, f.status) for f in result.figures}
    assert figures == {("displaced", 60000, "reported"), ("displaced", 90000, "projected")}
    assert_spans_exact(text, result)


def test_cumulative_toll_is_a_figure_not_an_event(run_extract):
    text = "The insurgency has killed more than 20,000 people in Nigeria since 2009."
    result = run_extract(text)
    assert not result.events
    (figure,) = result.figures
    assert (figure.kind, figure.count, figure.qualifier) == (
        "cumulative_killed",
        20000,
        "more than",
    )


def test_vague_fatalities_follow_acled_and_keep_words(run_extract):
    (event,) = run_extract("Dozens of soldiers were killed in an attack near Gao on Monday.").events
    assert event.fatalities == 12 and event.fatalities_qualifier
    assert "Dozens" in event.fatalities_qualifier


def test_range_codes_lowest_with_low_and_high(run_extract):
    (event,) = run_extract(
        "Between 10 and 15 villagers were killed when militants stormed Baga on Friday."
    ).events
    assert (event.fatalities, event.fatalities_low, event.fatalities_high) == (10, 10, 15)


def test_no_date_in_text_uses_publication_date_with_note(run_extract):
    result = run_extract("Militants killed 4 soldiers in an ambush near Gao.")
    (event,) = result.events
    assert event.event_date == PUB and event.time_precision == 2
    assert any("publication date" in note for note in result.notes)


def test_neighbourhood_takes_city_coordinates(run_extract):
    text = "An airstrike hit the Bab al-Hadid neighborhood in western Mosul, killing 6 civilians."
    (event,) = run_extract(text).events
    assert event.location == "Mosul" and event.geo_precision == 1
    assert "Bab al-Hadid" in event.place_mentions
    assert haversine_km(event.latitude, event.longitude, 36.335, 43.119) < 15


def test_unresolved_place_keeps_others(run_extract):
    text = "Gunmen killed 3 traders in the village of Qqzzyx near Kirkuk on Sunday."
    (event,) = run_extract(text).events
    assert event.location == "Kirkuk" and event.geo_precision == 2


def test_place_disambiguated_by_country_focus(run_extract):
    # "Salam" exists in several countries; in an Iraq story it must not land in Oman.
    text = "Iraqi troops killed 5 militants in Salam district of Mosul on Sunday."
    (event,) = run_extract(text).events
    assert event.country == "Iraq"


@pytest.mark.parametrize(
    "text",
    [
        "A bus collided with a truck on the highway near Lagos, killing 14 passengers.",
        "Floods swept through 12 villages in Sindh, and 25 people drowned, officials said.",
        "The ruling party won 210 of the 350 seats in Sunday's election, with 61 percent turnout.",
        "The central bank raised its rate to 14 percent as inflation reached 9.5 percent.",
    ],
)
def test_non_conflict_articles_yield_no_armed_conflict_event(run_extract, text):
    result = run_extract(text)
    assert not result.events, [e.notes for e in result.events]


def test_every_value_has_exact_evidence(run_extract):
    text = (
        "Houthi rebels fired a missile at a market in Marib on Tuesday, killing 11 people and "
        "wounding 20, the health ministry said. In a separate attack, a Saudi-led coalition "
        "airstrike killed 7 fighters near Saada."
    )
    result = run_extract(text)
    assert len(result.events) == 2
    assert_spans_exact(text, result)


@pytest.mark.parametrize(
    ("text", "fatalities"),
    [
        # A restating sentence adds nothing.
        (
            "Gunmen killed two police officers in Baquba. The two officers were killed as they "
            "left a checkpoint.",
            2,
        ),
        # Bodies found after an abduction are the abducted.
        (
            "Two engineers were kidnapped in Kirkuk on Monday. Their bodies were found the next "
            "day.",
            2,
        ),
        # A first sentence that sums the later ones is not added to them.
        (
            "Attacks across Baghdad left 15 dead. Rockets hit a market, killing 5, and car bombs "
            "killed a further ten.",
            15,
        ),
        # Other victims named later in the same place add up.
        (
            "Militants stormed a police station in Tikrit, killing 4 policemen. Soldiers arrived "
            "and killed 2 of the attackers.",
            6,
        ),
    ],
)
def test_tolls_across_sentences(run_extract, text, fatalities):
    result = run_extract(text)
    assert sum(e.fatalities or 0 for e in result.events) == fatalities


def test_suicide_attack_without_weapon_word_is_conflict(run_extract):
    result = run_extract(
        "A girl wearing a suicide vest blew herself up in a market in Maiduguri, killing 8 people."
    )
    assert [e.fatalities for e in result.events] == [8]


def test_neighbourhood_gives_acled_city_district_form(run_extract):
    text = "An airstrike hit the Bab al-Hadid neighborhood in western Mosul, killing 6 civilians."
    (event,) = run_extract(text).events
    assert event.location == "Mosul"
    assert event.location_district == "Mosul - Bab al-Hadid"
    assert event.evidence["location_district"]


def test_collection_country_is_a_hint_not_an_override():
    from eventcoder import extract

    text = "Gunmen killed 4 villagers in a remote hamlet on Sunday."
    assert extract(text, published=PUB).events[0].country is None
    assert extract(text, published=PUB, country="Nigeria").events[0].country == "Nigeria"
    named = extract(
        "Gunmen killed 4 villagers in Kandahar on Sunday.", published=PUB, country="Nigeria"
    )
    assert named.events[0].country == "Afghanistan"


@pytest.mark.parametrize(
    ("text", "modality"),
    [
        ("The army denied that its soldiers killed 12 civilians in Gao on Monday.", "denied"),
        ("Officials estimated that 40 people were killed in the raid on Baga.", "estimate"),
        ("Police said 7 people were killed in the blast in Kano.", "reported"),
    ],
)
def test_event_modality(run_extract, text, modality):
    (event,) = run_extract(text).events
    assert event.modality == modality


def test_police_named_in_an_accident_is_not_conflict(run_extract):
    result = run_extract(
        "A tram crashed into a bus in the city centre, injuring 12 people, police said."
    )
    assert not result.events


@pytest.mark.parametrize(
    ("text", "fatalities"),
    [
        ("A council member was killed along with her driver by gunmen in Baquba.", 2),
        ("Gunmen shot dead a police officer in Mosul. The attack also killed one civilian.", 2),
        ("Gunmen killed a judge outside his home. His son was also killed in the attack.", 2),
    ],
)
def test_victims_added_with_along_with_and_also(run_extract, text, fatalities):
    assert sum(e.fatalities or 0 for e in run_extract(text).events) == fatalities


def test_summary_sentence_is_a_total_of_the_incidents_it_introduces(run_extract):
    text = (
        "Bombings across northern Iraq killed 14 people and wounded 30 on Monday. "
        "In the deadliest attack, a car bomb killed 9 people at a market in Kirkuk."
    )
    result = run_extract(text)
    assert [e.fatalities for e in result.events] == [9]
    killed = next(t for t in result.totals if t.kind == "killed")
    assert (killed.count, killed.parts_sum, killed.consistent) == (14, 9, False)
    assert any(t.kind == "injured" and t.count == 30 for t in result.totals)
    assert_spans_exact(text, result)


def test_shot_without_outcome_is_an_event_with_no_count(run_extract):
    (event,) = run_extract("A teacher was shot by gunmen on a motorcycle in Pattani.").events
    assert event.fatalities is None and event.injured is None
    assert event.evidence["event_type"]


@pytest.mark.parametrize(
    ("text", "fatalities"),
    [
        ("200 killed by suspected cattle rustlers in a Zamfara village.", 200),
        (
            "Insurgents raid an army post in Gwoza killing at least one soldier and a trader.",
            2,
        ),
        ("Mobs kill two suspected thieves in Akwanga.", 2),
        ("Gunmen shot and killed a policeman in Mosul.", 1),
    ],
)
def test_headlines_and_tagger_slips(run_extract, text, fatalities):
    assert sum(e.fatalities or 0 for e in run_extract(text).events) == fatalities


@pytest.mark.parametrize(
    ("text", "event_type"),
    [
        # A clash is a battle whoever died, unless the dead are named as civilians.
        ("A clash between farmers and herdsmen near Jos left five people dead.", "Battles"),
        ("Soldiers and militants clashed near Biu. Four were killed.", "Battles"),
        (
            "Gunmen clashed with guards, then killed 6 villagers in Konduga.",
            "Violence against civilians",
        ),
    ],
)
def test_clashes_are_battles(run_extract, text, event_type):
    (event,) = run_extract(text).events
    assert event.event_type == event_type


def test_the_source_is_not_the_attacker_and_names_are_plain(run_extract):
    text = (
        "Separately, coalition airstrikes killed 24 Islamic State militants in the al Wahda "
        "neighbourhood of Mosul on Sunday, the Joint Military Command said."
    )
    (event,) = run_extract(text).events
    assert event.actor1 == "Global Coalition Against Daesh"
    assert event.admin1 is not None and event.admin1.isascii()


@pytest.mark.parametrize(
    ("text", "fatalities", "low", "high"),
    [
        (
            "A car bomb killed 12 people in Kabul on Monday. The death toll later rose to 20, "
            "officials said.",
            20,
            12,
            20,
        ),
        (
            "Gunmen killed at least 40 villagers in Kaura. Days later the count was revised up "
            "to 61.",
            61,
            40,
            61,
        ),
        ("Six people were reported dead after the clash in Zaria (later revised to 9).", 9, 6, 9),
    ],
)
def test_a_revised_toll_replaces_the_first_figure(run_extract, text, fatalities, low, high):
    (event,) = run_extract(text).events
    assert (event.fatalities, event.fatalities_low, event.fatalities_high) == (
        fatalities,
        low,
        high,
    )


def test_a_summary_said_last_is_a_total_of_the_incidents_before_it(run_extract):
    text = (
        "A car bomb killed 9 people at a market in Baquba. A roadside bomb killed 4 soldiers "
        "near Kirkuk. At the end of the day, more than 40 people had been killed across Iraq."
    )
    result = run_extract(text)
    assert sorted(e.fatalities for e in result.events) == [4, 9]
    (total,) = [t for t in result.totals if t.kind == "killed"]
    assert (total.count, total.parts_sum, total.consistent) == (40, 13, False)


@pytest.mark.parametrize(
    ("text", "fatalities", "injured"),
    [
        ("2 troops and 1 shepherd died when a car bomb went off outside Diyarbakir.", 3, 0),
        (
            "A bomber killed at least 11 people and 40 others were injured at a shrine in Karbala.",
            11,
            40,
        ),
        (
            "A bomb killed 18 people at a rally in Baquba. Other attacks across the country killed "
            "5 and injured 6 others.",
            23,
            6,
        ),
        (
            "A bombing in Basra left three people dead. A separate bombing later in the day "
            "killed two more people.",
            5,
            0,
        ),
        ("One-hundred and twelve prisoners were executed by the militants in Mosul.", 112, 0),
    ],
)
def test_counts_across_groups_and_attacks(run_extract, text, fatalities, injured):
    events = run_extract(text).events
    assert sum(e.fatalities or 0 for e in events) == fatalities
    assert sum(e.injured or 0 for e in events) == injured


def test_an_attack_on_an_armed_target_hits_armed_men(run_extract):
    # The toll names "people", but the target was an army post: ACLED codes a battle with the
    # soldiers there, not violence against civilians.
    text = "Militants stormed an army checkpoint outside Bama on Friday. Five people died."
    (event,) = run_extract(text).events
    assert event.victims == "soldiers"
    assert (event.event_type, event.sub_event_type) == ("Battles", "Armed clash")
    assert event.actor2 != "Civilians"
    (span,) = event.evidence["victims"]
    assert span.text == "army checkpoint"
    # Victims named as civilians stay civilians, whatever the target.
    text = "Gunmen attacked a police station in Gumel and shot dead two market women nearby."
    (event,) = run_extract(text).events
    assert event.victims == "civilians"


def test_a_date_in_the_sentence_that_sets_the_scene_dates_the_toll() -> None:
    from eventcoder import extract

    text = (
        "Violence has risen across Anbar this year. "
        "Insurgents struck the market of Hit before dawn on 3 March 2006. "
        "Nine people were killed and 20 wounded. "
        "A video of the attack was released on 9 March 2006."
    )
    (event,) = extract(text).events
    assert str(event.event_date) == "2006-03-03"  # not the later day the video came out
