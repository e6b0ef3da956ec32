"""The relevance filter's cheap gates: they may only skip work, never a match, and a report's
source ("police said") is not its victim."""

from __future__ import annotations

import pytest

from eventcoder.lexicon import load_data_yaml
from eventcoder.scale import relevance
from eventcoder.scale.relevance import has_armed_context, has_strong_cue, is_relevant


def _dictionary_phrases() -> list[str]:
    data = load_data_yaml("actors.yaml")
    phrases: list[str] = []
    for entry in data["actors"]:
        phrases += [*(entry.get("aliases") or []), *(entry.get("exact") or []), entry["name"]]
    for entry in data["generic"]:
        phrases += entry["phrases"]
    for entry in data["ambiguous"]:
        phrases += entry["aliases"]
    return [str(p) for p in phrases]


def test_actor_gates_are_open_whenever_the_actor_scan_finds_an_armed_actor() -> None:
    vocabulary = relevance._vocabulary()
    gates = [
        (vocabulary.non_state_gate, relevance._NON_STATE),
        (vocabulary.armed_actor_gate, relevance._ARMED_INTERS),
    ]
    checked = 0
    for phrase in _dictionary_phrases():
        for text in (
            f"On Monday {phrase} fighters moved into the town near the border with Iraq.",
            f"reports say {phrase.lower()} were seen in Somalia.",
        ):
            words = relevance._text_words(text)
            for gate, inters in gates:
                if relevance._armed_actors(text, inters):
                    checked += 1
                    assert gate.open(text, words), (phrase, text)
    assert checked > 500


def test_short_capitals_open_the_gate_only_as_written() -> None:
    gate = relevance._vocabulary().non_state_gate
    lower = "The council is sure the plan is good."
    assert not gate.open(lower, relevance._text_words(lower))
    upper = "A statement attributed to IS appeared online."
    assert gate.open(upper, relevance._text_words(upper))


def test_accented_and_apostrophe_forms_reach_the_gate() -> None:
    assert relevance._text_words("Úsuga") == frozenset({"usuga"})
    gate = relevance._PhraseGate.of(relevance._with_joined_apostrophes(["Ta'ang Hill Fighters"]))
    text = "The Taang Hill Fighters moved north."
    assert gate.open(text, relevance._text_words(text))


@pytest.mark.parametrize(
    "text",
    [
        "Two people were hurt when a lorry hit a bus shelter, police said.",
        "A cyclist died in hospital after the collision, police officers told reporters.",
        "According to police, four people died when the lorry overturned.",
    ],
)
def test_police_as_the_source_of_an_accident_report_is_not_armed_context(text: str) -> None:
    assert not has_armed_context(text)
    assert not is_relevant(text)


@pytest.mark.parametrize(
    "text",
    [
        "Three policemen were injured in Kano on Monday, officials said.",
        "Two soldiers died and a police officer was wounded at the checkpoint, police said.",
        "The bodies of two police officers were found by the road.",
    ],
)
def test_armed_victims_still_count(text: str) -> None:
    assert has_armed_context(text)
    assert is_relevant(text)


def test_strong_cues_need_no_toll() -> None:
    assert has_strong_cue("Gunmen stormed a hotel in the capital.")
    assert has_strong_cue("Islamic State fighters entered the village.")
    assert not has_strong_cue("The choir sang at the opening of the new library.")
