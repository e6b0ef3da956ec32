"""Text written all in capitals (old wire copy) is read in ordinary case, offsets unchanged."""

from __future__ import annotations

import pytest

from eventcoder import extract
from eventcoder.nlp.truecase import is_all_capitals, truecase

WIRE = (
    "BOGOTA, 12 MAR 90 (EFE) -- GUERRILLAS OF THE ELN KILLED 12 SOLDIERS IN AN AMBUSH NEAR "
    "FLORENCIA, IN THE SOUTHERN DEPARTMENT OF CAQUETA, THE ARMY SAID TODAY. SIX OTHER "
    "SOLDIERS WERE WOUNDED IN THE ATTACK."
)


def test_capitals_are_recognised_only_in_a_text_written_in_them() -> None:
    assert is_all_capitals(WIRE)
    assert not is_all_capitals(WIRE.capitalize())
    assert not is_all_capitals("GUNMEN KILLED TWO.")  # too short to judge
    # a few lower-case letters ("[text]" markers, "km") do not make it ordinary text
    assert is_all_capitals(WIRE.replace("ARMY", "army"))


def test_truecase_keeps_every_offset_and_gives_back_names() -> None:
    recased = truecase(WIRE)
    assert len(recased) == len(WIRE)
    assert recased.lower() == WIRE.lower()
    assert recased.startswith("Bogota, 12 mar 90 (efe) -- Guerrillas of the ELN killed 12")
    assert "near Florencia, in the southern department" in recased
    assert ". Six other soldiers were wounded" in recased


@pytest.mark.parametrize(
    ("word", "kept"),
    [
        ("MAN", "man"),  # Man, Ivory Coast: a town named by an English word
        ("POLICE", "police"),  # Police, Poland
        ("MOSUL", "Mosul"),  # a city, though WordNet lists it
        ("KABUL", "Kabul"),
    ],
)
def test_a_word_is_a_name_only_where_it_is_not_an_english_word(word: str, kept: str) -> None:
    text = f"THE BOMB KILLED A GUARD AND WOUNDED TWO CHILDREN IN THE MARKET OF {word} TODAY."
    assert truecase(text).split()[-2] == kept


def test_an_article_in_capitals_gives_the_events_of_the_same_article_in_ordinary_case() -> None:
    shouted = extract(WIRE).events
    (event,) = extract(truecase(WIRE)).events
    assert [(e.fatalities, e.injured, e.location, e.country) for e in shouted] == [
        (event.fatalities, event.injured, event.location, event.country)
    ]
    assert (event.fatalities, event.injured, event.country) == (12, 6, "Colombia")


def test_evidence_quotes_the_article_as_written() -> None:
    result = extract(WIRE)
    (event,) = result.events
    spans = [span for spans in event.evidence.values() for span in spans]
    assert spans
    assert all(span.text == WIRE[span.start : span.end] for span in spans)
    assert any(span.text == "KILLED" for span in spans)
    assert "text written in capitals: read in ordinary case" in result.notes
