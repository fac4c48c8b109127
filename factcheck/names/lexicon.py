"""The names lexicons (``factcheck/data/names_*``), loaded once per process and never changed."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from factcheck.lexicon import load_lines, load_yaml


@dataclass(frozen=True)
class NameLexicon:
    common: frozenset[str]  # capitalised words that are not names
    titles: dict[str, str]  # title word -> "male" | "female" | "neutral"
    features: dict[str, str]  # feature word -> category ("water", "organisation", …)
    particles: frozenset[str]
    suffixes: frozenset[str]
    translit: tuple[tuple[re.Pattern[str], str], ...]
    styles: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]  # (forms, except phrases)


@lru_cache(maxsize=1)
def name_lexicon() -> NameLexicon:
    ctx = load_yaml("names_context.yaml")
    titles: dict[str, str] = {}
    for gender, words in ctx["titles"].items():
        for w in words:
            titles.setdefault(str(w).lower(), str(gender))
    features = {str(w).lower(): str(cat) for cat, words in ctx["features"].items() for w in words}
    translit = tuple((re.compile(str(a)), str(b)) for a, b in load_yaml("names_translit.yaml")["replacements"])
    styles = tuple(
        (tuple(str(f) for f in entry["forms"]), tuple(str(e) for e in entry.get("except", ())))
        for entry in load_yaml("names_styles.yaml")
    )
    return NameLexicon(
        common=frozenset(load_lines("names_common.txt")),
        titles=titles,
        features=features,
        particles=frozenset(str(p).lower() for p in ctx["particles"]),
        suffixes=frozenset(load_lines("names_suffixes.txt")),
        translit=translit,
        styles=styles,
    )
