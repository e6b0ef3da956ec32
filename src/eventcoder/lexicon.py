"""The word lists of `data/lexicon.yaml` and `data/event_types.yaml`, loaded once."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml


@cache
def load_data_yaml(name: str) -> dict[str, Any]:
    """A YAML file from the package's data folder, parsed once per process."""
    text = resources.files("eventcoder.data").joinpath(name).read_text(encoding="utf-8")
    loaded = yaml.safe_load(text)
    if not isinstance(loaded, dict):
        raise ValueError(f"data/{name} must hold a mapping")
    return loaded


def lexicon() -> dict[str, Any]:
    """Casualty, modality, attribution and cue words (data/lexicon.yaml)."""
    return load_data_yaml("lexicon.yaml")


@cache
def word_set(key: str) -> frozenset[str]:
    """One list of data/lexicon.yaml as a set."""
    return frozenset(str(word) for word in lexicon()[key])


@cache
def word_map(key: str) -> dict[str, str]:
    """One mapping of data/lexicon.yaml (lemma -> kind)."""
    return {str(k): str(v) for k, v in lexicon()[key].items()}
