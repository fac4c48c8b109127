"""Counted nouns: lemmas and the classes they belong to (``children ⊂ people``), from ``data/nouns.yaml``."""

from __future__ import annotations

from functools import cache, lru_cache

from factcheck.lexicon import load_yaml


@cache
def _lexicon() -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]], dict[str, str], frozenset[str]]:
    data = load_yaml("nouns.yaml")
    classes = {str(k): tuple(v or ()) for k, v in data["classes"].items()}
    nouns = {str(k): tuple(v or ()) for k, v in data["nouns"].items()}
    plurals = {str(k): str(v) for k, v in data["plurals"].items()}
    return classes, nouns, plurals, frozenset(str(w) for w in data["not_nouns"])


@cache
def known_nouns() -> frozenset[str]:
    return frozenset(_lexicon()[1])


def is_function_word(word: str) -> bool:
    return word.lower() in _lexicon()[3]


@lru_cache(maxsize=8192)  # keyed by the words of the articles: bounded over a long run
def lemma(word: str) -> str:
    """Singular lower-case form of a noun: residents -> resident, casualties -> casualty, people -> person."""
    w = word.lower()
    _, nouns, plurals, _ = _lexicon()
    if w in plurals:
        return plurals[w]
    if w in nouns:
        return w
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 4 and w.endswith(("ches", "shes", "sses", "xes", "zes")):
        return w[:-2]
    if len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is", "'s", "’s")):
        return w[:-1]
    return w


def is_plural(word: str) -> bool:
    w = word.lower()
    plurals = _lexicon()[2]
    if w in plurals:
        return True  # irregular ("people") or the same in both numbers ("staff", "dead")
    return lemma(w) != w


@lru_cache(maxsize=8192)
def noun_class_of(name: str) -> frozenset[str]:
    """Every class a lemma (or class) belongs to, transitively, itself included.

    ``noun_class_of("child") == {"child", "children", "civilians", "people"}``.
    """
    classes, nouns, _, _ = _lexicon()
    key = name.lower()
    out = {key}
    todo = list(nouns.get(key, ())) + list(classes.get(key, ()))
    while todo:
        c = todo.pop()
        if c not in out:
            out.add(c)
            todo.extend(classes.get(c, ()))
    return frozenset(out)


def is_subclass(a: str, b: str) -> bool:
    """Whether everything ``a`` counts is also counted by ``b``: ``is_subclass("child", "people")``,
    ``is_subclass("youngster", "children")``; every name is a subclass of itself."""
    return b.lower() in noun_class_of(a) or lemma(b) in noun_class_of(a)


def same_kind(a: str, b: str) -> bool:
    """Whether two counted nouns may count the same things: one is a subclass of the other, or one is a
    direct member of a class the other belongs to (resident / citizen / inhabitant all count people;
    children are people, so "children" may be part of "residents")."""
    if is_subclass(a, b) or is_subclass(b, a):
        return True
    _, nouns, _, _ = _lexicon()
    la, lb = lemma(a), lemma(b)
    return bool(set(nouns.get(la, ())) & noun_class_of(lb)) or bool(set(nouns.get(lb, ())) & noun_class_of(la))
