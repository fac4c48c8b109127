"""The engine's shortcuts (one scan marking the names to test, indexes of rules, words read only where needed)
give what the plain definitions give: checked on hand-made cases, with the expected places worked out by hand,
and against the plain definitions on tricky text."""

from __future__ import annotations

import random
from types import SimpleNamespace

from factcheck.engine import nouns
from factcheck.engine.claims import DocView, measures, rule_index
from factcheck.engine.context import SentenceTokens, context_in, is_part, tokens
from factcheck.engine.places import gazetteer, places_in, places_starting, scan_places
from factcheck.model import Sentence
from factcheck.rules.loader import builtin_rules
from factcheck.rules.quantity_rule import QuantityRule


def test_places_are_names_after_a_locative_or_before_a_place_noun() -> None:
    text = ("Shelling hit Ashford. It lies north-east of  the\nBrackley. The Cedar Falls town council met. "
            "Goslous of the Kashor Agency spoke in Ukrainian hands. Dale lies east. "
            "Shops in New Town\t Harbour closed.\n\nMost of Ely\n\nis dry. Ships waited near Tilbury. "
            "Fenton, Province officials said.")
    found = gazetteer([text])
    # after a locative (any white space, "the" or not, any case), or before a place noun or verb
    # (not: after a word that is no locative, or "of" after no place noun; a demonym; "is dry")
    assert found == {"Brackley", "Cedar Falls", "Dale", "New Town Harbour", "Tilbury", "Fenton"}
    assert scan_places(text)[0] == found


def test_a_locative_before_the_forty_characters_looked_at_does_not_count() -> None:
    for spaces in range(30, 45):
        text = "in" + " " * spaces + "Ashford was quiet."
        assert ("Ashford" in gazetteer([text])) == (2 + spaces <= 40)


def test_the_one_pass_scan_is_the_plain_scan_on_random_text() -> None:
    pieces = ["in ", "IN ", "of ", "the ", "The\n", "  ", "\t", ", ", " city", " lies", " is located", "north of ",
              "Ash", "ford", "Ashford", "'s", "’", "K", "\u212a", "é", "-", "x", "Town", "\n\n", "within "]
    rnd = random.Random(7)
    for _ in range(3000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 25)))
        plain: set[str] = set()
        for name, start, end in _runs(text):
            if _plain_place(text, name, start, end):
                plain.add(name)
        assert gazetteer([text]) == plain, text


def _runs(text: str) -> list[tuple[str, int, int]]:
    from factcheck.engine.places import _NAME, _place_name

    return [(_place_name(m.group()), m.start(), m.end()) for m in _NAME.finditer(text) if _place_name(m.group())]


def _plain_place(text: str, name: str, start: int, end: int) -> bool:
    from factcheck.engine.places import _after_place_at, _before_place

    return (_before_place().search(text, max(0, start - 40), start) is not None
            or _after_place_at().match(text, end, end + 30) is not None)


def test_the_places_of_a_span_are_those_of_the_whole_text_that_start_in_it() -> None:
    text = "Near Ashford's edge, xAshford and Ashford—Brackley. AshfordBrackley in Brackley’s east."
    known = frozenset({"Ashford", "Brackley"})
    whole = places_in(text, 0, len(text), known)
    assert [p.name for p in whole] == ["Ashford", "Ashford", "Ashford", "Brackley", "Brackley"]
    for a in range(len(text) + 1):
        for b in range(a, len(text) + 2, 7):
            assert places_starting(text, a, b, known) == [p for p in whole if a <= p.start < b]
    assert places_starting(text, 0, 10, frozenset({"Cedar Falls"})) is None  # names of two words: not alone


def test_sentence_tokens_are_the_tokens_of_the_sentence() -> None:
    text = "Wait - 17 were killed\u2003and 40 injured; x-y.z (u.s.)\n-\nthen — 5,\u00a0it's [done]: ok – 9"
    words = SentenceTokens(text, 0, len(text))
    assert [(t.text, t.start, t.end, t.is_word) for t in tokens(text, 0, len(text))] == list(
        zip(words.texts, words.starts, words.ends, words.words, strict=True))
    assert words.texts[:4] == ["Wait", "-", "17", "were"] and "\n-\n" in words.texts
    for a in range(len(text) + 1):
        for b in range(a, len(text) + 1, 3):
            assert words.count(a, b) == len(words.between(a, b))
            assert words.ends_part(a, b) == is_part(words.between(a, b))
    assert words.ends_part(0, text.index("40")) is False
    including = SentenceTokens("559 residents, including 15 children", 0, 36)
    assert including.ends_part(0, 25) is True


def test_the_context_read_from_a_sentence_is_the_context_of_its_tokens() -> None:
    text = "In 2020, 17 were killed and 40 injured, including 3 children, while 5 people - all adults - fled"
    spans = [(text.index(n), text.index(n) + len(n)) for n in ("2020", "17", "40", "3", "5")]
    words = SentenceTokens(text, 0, len(text))
    for q in spans:
        others = [s for s in spans if s != q]
        for parts in ([], [spans[3]]):
            for window in (1, 2, 8, 1 << 30):
                for lo, hi in ((0, len(text)), (q[0] - 12, q[1] + 20)):
                    cut = words.span(max(lo, 0), min(hi, len(text)))
                    if cut is None:
                        continue
                    got = words.context(*cut, *q, others, parts, window)
                    want = context_in(words.between(max(lo, 0), min(hi, len(text))), *q, others, parts, window)
                    assert got == want
    killed = words.context(0, len(words.texts), *spans[1], [s for s in spans if s != spans[1]], [], 8)
    assert (killed.left, killed.right) == ((), ("were", "killed"))


def test_the_rule_index_finds_the_rules_that_measure_a_quantity() -> None:
    rules = [r for r in (getattr(r, "rule", r) for r in builtin_rules()) if isinstance(r, QuantityRule)]
    rules.append(QuantityRule.model_validate({"id": "dollars", "extends": "quantity", "measure": "currency",
                                              "currency": "USD"}))
    index = rule_index(rules)
    assert rule_index(list(rules)) is index  # rules alike share one index
    for dim, noun, unit in [("count", "resident", None), ("count", "firefighter", None), ("count", None, None),
                            ("length", None, "kilometer"), ("currency", None, "USD"), ("currency", None, "EUR"),
                            ("count", "job", None), ("area", None, "hectare"), ("age", None, None)]:
        q = SimpleNamespace(dimension=dim, noun=noun, unit=unit)
        assert [rules[i] for i in index.positions(q)] == [r for r in rules if measures(r, q)]
    people = SimpleNamespace(dimension="count", noun="resident", unit=None)
    assert "people-killed" in [rules[i].id for i in index.positions(people)]
    assert nouns.counts_as("resident", "people")


def test_a_sentence_with_a_capital_sigma_is_always_read() -> None:
    import re

    text = "ΟΔΟΣ: 5 killed."
    view = DocView(SimpleNamespace(doc=SimpleNamespace(text=text), sentences=[], quantities=[]), frozenset())
    sentence = Sentence(0, len(text), 0)
    assert view.may_hold(sentence, re.compile("absent"))  # its lower case depends on the letters around
    other = Sentence(0, 17, 0)
    view2 = DocView(SimpleNamespace(doc=SimpleNamespace(text="Five were Killed."), sentences=[], quantities=[]),
                    frozenset())
    assert view2.may_hold(other, re.compile("kill")) and not view2.may_hold(other, re.compile("dead"))


def test_the_first_words_of_required_phrases_are_looked_for_as_parts_of_the_sentence() -> None:
    from factcheck.engine.claims import _any_part_re

    words = ["kill", "killed", "de", "dead", "north-east", "x.y"]
    pattern = _any_part_re(words)
    for text in ["", "they were killed", "unkillable", "made", "north east", "north-eastern", "xay", "x.y", "d e"]:
        assert (pattern.search(text) is not None) == any(w in text for w in words), text
    assert pattern.search("north-eastern") and not pattern.search("north east")
