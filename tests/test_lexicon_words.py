"""The lexicons' word lists hold words: YAML 1.1 reads a bare ``on``, ``no``, ``off``, ``yes`` (any case) as a
boolean and ``null``/``~`` as None, which silently dropped such words from lists (``On`` from the words that
are never places, ``on``/``no``/``off`` from the words that are never nouns)."""

from __future__ import annotations

from importlib import resources

import pytest

from factcheck.lexicon import DATA_PACKAGE, load_yaml

DATA_FILES = sorted(p.name for p in resources.files(DATA_PACKAGE).iterdir() if p.name.endswith(".yaml"))


def _not_words(value: object, path: str) -> list[str]:
    """Where ``value`` holds a list entry or a mapping key that YAML read as a boolean or None."""
    found: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(key, bool) or key is None:
                found.append(f"{path}: key {key!r}")
            found += _not_words(item, f"{path}/{key}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            if isinstance(item, bool) or item is None:
                found.append(f"{path}[{i}]: {item!r}")
            found += _not_words(item, f"{path}[{i}]")
    return found


def test_there_are_data_files() -> None:
    assert {"engine.yaml", "nouns.yaml"} <= set(DATA_FILES)


@pytest.mark.parametrize("name", DATA_FILES)
def test_word_lists_hold_only_words(name: str) -> None:
    assert _not_words(load_yaml(name), name) == []


def test_the_words_yaml_would_have_read_as_booleans_are_there() -> None:
    assert "On" in load_yaml("engine.yaml")["not_places"]
    assert {"on", "no", "off"} <= set(load_yaml("nouns.yaml")["not_nouns"])


def test_the_finder_sees_a_boolean_in_a_list() -> None:
    assert _not_words({"words": ["in", True, None], True: 1}, "f") == ["f/words[1]: True", "f/words[2]: None",
                                                                      "f: key True"]
