"""Noun classes for ``counts:``: the extractor's lexicon (``factcheck/data/nouns.yaml``), plus the nouns a
rule adds. "residents" count as people, "firefighters" as personnel and as people."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache


@lru_cache(maxsize=4096)
def _classes(lemma: str) -> frozenset[str]:
    try:
        from factcheck.quantities import nouns as lexicon
    except ImportError:  # the extractor's lexicon is not there: only the rule's own nouns count
        return frozenset()
    helper = getattr(lexicon, "noun_class_of", None)
    if helper is None:
        return frozenset()
    try:
        return frozenset(helper(lemma) or ())
    except Exception:  # noqa: BLE001 - an unknown noun is simply in no class
        return frozenset()


def _singular(word: str) -> str:
    w = word.lower()
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith("s") and not w.endswith("ss"):
        return w[:-1]
    return w


def counts_as(noun: str, cls: str, extra: Sequence[str] = ()) -> bool:
    """Whether a counted noun (a lemma) belongs to the class ``cls`` or to the rule's extra nouns."""
    # asked for every counted quantity and every rule of counts: the answers are few and kept
    return _counts_as(noun, cls, tuple(extra))


@lru_cache(maxsize=16384)
def _counts_as(noun: str, cls: str, extra: tuple[str, ...]) -> bool:
    lemma = noun.lower()
    names = {lemma, _singular(lemma)}
    wanted = {cls.lower(), _singular(cls)}
    if names & wanted or names & {_singular(e) for e in extra} or names & {e.lower() for e in extra}:
        return True
    classes = {c.lower() for n in names for c in _classes(n)}
    return bool(classes & wanted)
