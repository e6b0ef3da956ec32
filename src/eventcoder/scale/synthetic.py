"""Generated news that is not about armed conflict, for benchmarks and tests of the relevance
filter and of `eventcoder run` (the bulk of a real news stream: business, sport, weather,
science, culture, local politics).

The text is made here from templates and word lists written for this module; no article is
copied. A few stories carry casualty words outside armed conflict (a road crash, an injured
player, an obituary), as real streams do, so that the filter's second test is exercised.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

_CITIES = [
    "Lisbon", "Toronto", "Osaka", "Melbourne", "Denver", "Lyon", "Porto Alegre", "Gdansk",
    "Leeds", "Tampere", "Cork", "Valencia", "Hobart", "Calgary", "Bergen", "Graz",
]  # fmt: skip
_PEOPLE = [
    "Maria Lindqvist", "Tomas Okafor", "Hana Sato", "Daniel Brennan", "Priya Raman",
    "Lucas Moreau", "Ines Carvalho", "Erik Halvorsen", "Grace Mwangi", "Samuel Ortiz",
]  # fmt: skip
_COMPANIES = [
    "Northwind Foods", "Bluepeak Energy", "Corvale Systems", "Harbor & Reed", "Lumen Mobility",
    "Silverbirch Bank", "Oakline Retail", "Tessaro Pharma", "Quillstone Media",
]  # fmt: skip
_TEAMS = [
    "Riverside United", "the Harbor Hawks", "Eastfield Rovers", "the Mountain Lions",
    "Capital City FC", "the Lakeshore Blues", "Northgate Athletic",
]  # fmt: skip

_TOPICS: dict[str, list[str]] = {
    "business": [
        "{company} reported quarterly revenue of {n} million dollars, up {p} percent from a year "
        "earlier, as demand for its products held up.",
        "Shares of {company} rose {p} percent in early trading after the company raised its "
        "forecast for the full year.",
        "Chief executive {person} told analysts on a call that the company would open {k} new "
        "stores in {city} and expand its online business.",
        "The central bank left its benchmark interest rate unchanged at {p} percent, citing "
        "slowing inflation and a steady labour market.",
        "Economists surveyed by the newspaper expect growth of about {p} percent next year, "
        "though several warned that consumer spending could cool.",
        "{company} said it would cut costs by {n} million dollars over two years and invest "
        "the savings in software and logistics.",
        "Retail sales in {city} climbed for a {ordinal} straight month, helped by a warm "
        "autumn and strong holiday bookings.",
    ],
    "sport": [
        "{team} beat {team2} {k}-{j} on {weekday} night, with {person} scoring twice in the "
        "second half.",
        "The coach praised the defence and said the squad had worked hard in training all "
        "week before the derby.",
        "A crowd of {n},000 filled the stadium in {city} for the final home game of the season.",
        "{person} set a personal best in the 400 metres at the indoor championships in {city}.",
        "The league confirmed that the match would be moved to {weekday} because of a concert "
        "booked at the stadium.",
        "Ticket prices for next season will rise by {p} percent, the club announced, with "
        "discounts kept for young supporters.",
    ],
    "weather": [
        "Forecasters expect temperatures of up to {k} degrees in {city} this weekend, well "
        "above the seasonal average.",
        "Light rain is forecast for {weekday}, followed by clear skies and a cool breeze from "
        "the north.",
        "The national weather service said the dry spell had lasted {k} days, the longest in "
        "the region since records began.",
        "Gardeners were advised to water plants in the evening and to cover seedlings against "
        "a possible late frost.",
    ],
    "science": [
        "Researchers at the university in {city} published a study showing that a common "
        "soil bacterium can break down certain plastics.",
        "The team, led by {person}, sequenced the genomes of {n} plant varieties to find the "
        "genes behind drought tolerance.",
        "Astronomers reported a faint galaxy whose light left it about {k} billion years ago.",
        "The new telescope camera, built over {k} years, will start regular observations in "
        "the spring.",
        "A survey of {n} households found that most families recycle paper and glass, but "
        "fewer than half compost food waste.",
    ],
    "culture": [
        "The festival in {city} opens on {weekday} with a programme of {k} films from {j} "
        "countries.",
        "{person}'s new novel, a family saga set on a fishing island, has been shortlisted for "
        "a national book prize.",
        "The museum will reopen its modern art wing after a renovation that cost {n} million "
        "dollars.",
        "Critics praised the orchestra's performance of a rarely heard symphony at the "
        "concert hall on {weekday}.",
        "The theatre company announced a season of {k} plays, including two premieres by "
        "young local writers.",
    ],
    "local": [
        "The city council of {city} approved a budget of {n} million dollars for road repairs "
        "and new cycle lanes.",
        "Mayor {person} said the plan would add {k} bus routes and extend library opening hours.",
        "Residents gathered at the town hall to discuss a proposal to turn an old rail yard "
        "into a park.",
        "The school board voted {k} to {j} to adopt a new reading programme in primary schools.",
        "Volunteers planted {n} trees along the river on {weekday} as part of a greening scheme.",
    ],
    "technology": [
        "{company} unveiled a laptop with a battery that lasts {k} hours, due in shops next month.",
        "The software update adds offline maps and fixes a bug that drained phone batteries.",
        "Analysts said sales of electric bicycles in {city} had doubled in {k} years.",
        "Engineers at {company} said the new chip uses {p} percent less power than its "
        "predecessor.",
    ],
}
# Casualty words outside armed conflict: a real stream has them, and the filter must reject them.
_NON_CONFLICT_TOLLS = [
    "{k} people were injured when a delivery van collided with a tram in {city} on {weekday}; "
    "police said the driver had lost control on the wet road.",
    "{person}, the striker, was injured in training and will miss the next {k} matches.",
    "{person}, a painter known for large seascapes, died on {weekday} at the age of {n2}.",
    "A storm brought down power lines near {city}; {k} people were hurt by falling branches.",
    "Two hikers were rescued after a landslide blocked the trail; one was treated for minor "
    "injuries.",
]
_WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_ORDINALS = ["second", "third", "fourth", "fifth", "sixth"]


def _fill(template: str, rng: random.Random) -> str:
    team, team2 = rng.sample(_TEAMS, 2)
    return template.format(
        city=rng.choice(_CITIES),
        person=rng.choice(_PEOPLE),
        company=rng.choice(_COMPANIES),
        team=team,
        team2=team2,
        weekday=rng.choice(_WEEKDAYS),
        ordinal=rng.choice(_ORDINALS),
        n=rng.randint(12, 950),
        n2=rng.randint(60, 95),
        k=rng.randint(2, 9),
        j=rng.randint(1, 8),
        p=rng.randint(1, 9),
    )


def other_news_article(rng: random.Random, sentences: tuple[int, int] = (8, 24)) -> str:
    """One generated article on a non-conflict topic, in paragraphs of 2-3 sentences."""
    topic = rng.choice(sorted(_TOPICS))
    pool = _TOPICS[topic]
    count = rng.randint(*sentences)
    picked = [_fill(rng.choice(pool), rng) for _ in range(count)]
    if rng.random() < 0.05:
        picked.insert(rng.randint(0, len(picked)), _fill(rng.choice(_NON_CONFLICT_TOLLS), rng))
    paragraphs: list[str] = []
    while picked:
        size = rng.randint(2, 3)
        paragraphs.append(" ".join(picked[:size]))
        picked = picked[size:]
    return "\n\n".join(paragraphs)


def other_news(
    count: int, seed: int = 0, sentences: tuple[int, int] = (8, 24)
) -> list[dict[str, str]]:
    """``count`` generated articles as input records (``id``, ``text``, ``published``), each
    of ``sentences`` (low, high) sentences."""
    rng = random.Random(seed)
    start = date(2016, 1, 1)
    return [
        {
            "id": f"other-{seed}-{i}",
            "text": other_news_article(rng, sentences),
            "published": (start + timedelta(days=rng.randint(0, 1000))).isoformat(),
        }
        for i in range(count)
    ]


__all__ = ["other_news", "other_news_article"]
