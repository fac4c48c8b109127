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
                    want = _walk(words.between(max(lo, 0), min(hi, len(text))), *q, others, parts, window)
                    assert got == want
    killed = words.context(0, len(words.texts), *spans[1], [s for s in spans if s != spans[1]], [], 8)
    assert (killed.left, killed.right) == ((), ("were", "killed"))


def test_the_context_is_the_token_by_token_walk_on_random_text() -> None:
    pieces = ["5", "17", "killed", "and", "including", ",", ";", " - ", "—", "people", "of", "whom", "x-y", "were",
              "(", ")", "which"]
    rnd = random.Random(5)
    for _ in range(3000):
        text = " ".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 20)))
        toks = tokens(text, 0, len(text))
        spans = [(t.start, t.end) for t in toks if t.text.isdigit()]
        for _ in range(rnd.randint(0, 2)):  # spans of any width, zero too, that may cut tokens
            a = rnd.randint(0, len(text))
            spans.append((a, min(len(text), a + rnd.randint(0, 6))))
        if not spans:
            continue
        q = rnd.choice(spans)
        others = [s for s in spans if s != q]
        parts = [s for s in others if rnd.random() < 0.3]
        words = SentenceTokens(text, 0, len(text))
        for window in (1, 3, 1 << 30):
            want = _walk(toks, *q, others, parts, window)
            assert context_in(toks, *q, others, parts, window) == want, (text, q, others, parts, window)
            assert words.context(0, len(toks), *q, others, parts, window) == want


def _walk(toks: list, start: int, end: int, others: list, parts: list, window: int) -> tuple:
    """The context as first defined (ca085d8): token by token away from the quantity, each token tested
    against every other quantity, until a clause boundary or another quantity (a part of a whole skipped)."""
    from factcheck.engine.context import _LEFT_STOPS, _RIGHT_STOPS, _part_words, clause_words

    def overlaps(t, spans: list) -> bool:
        return any(t.start < b and t.end > a for a, b in spans)

    before = [t for t in toks if t.end <= start]
    after = [t for t in toks if t.start >= end]
    inner = tuple(t.text.lower() for t in toks if t.start >= start and t.end <= end and t.is_word)
    left: list[str] = []
    for t in reversed(before):
        if t.text in _LEFT_STOPS or overlaps(t, others) or t.text.lower() in clause_words():
            break
        left.append(t.text.lower())
        if len(left) >= window:
            break
    left.reverse()
    right: list[str] = []
    for t in after:
        if overlaps(t, parts):
            continue
        if t.text in _RIGHT_STOPS or overlaps(t, others) or t.text.lower() in clause_words():
            break
        if t.is_word:
            right.append(t.text.lower())
            if len(right) >= window:
                break
    part = _part_words([t.text.lower() for t in before[-4:] if t.is_word])
    return (tuple(left), inner, tuple(right), part, " ".join((*left, "|", *inner, "|", *right)))


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


# --- round 2: what the claims and the corpus stage no longer do per claim, checked against the plain forms ---

_STORY = ("Fire near Ashford killed 11 people on Monday, officials said. About 40 people were injured and "
          "1,200 hectares burned.\n\nBy Tuesday the toll rose to 17 dead; some 5 miles of road were closed "
          "and 300 residents, including 15 children, left.\n")


def _docs() -> list:
    import datetime as dt

    from factcheck.model import Document, SourceMap, line_starts

    texts = [_STORY, _STORY.replace("11", "12").replace("17", "9"), "  " + _STORY.replace("Monday", "Friday")]
    days = [dt.date(2023, 3, 13), dt.date(2023, 3, 14), None]
    out = []
    for k, (text, day) in enumerate(zip(texts, days, strict=True)):
        # the third as if read from an escaped JSON string: offsets per character, from a base
        where = SourceMap(line_starts(text)) if k < 2 else SourceMap(line_starts(text), 5,
                                                                         [3 * i + 7 for i in range(len(text))])
        out.append(Document(f"d{k}.md", text, where, record=None if k else 2, date=day))
    return out


def test_located_quantities_are_the_sorted_quantities_with_their_sentences() -> None:
    from factcheck.analysis import analyze

    for doc in _docs():
        view = DocView(analyze(doc), frozenset())
        quantities = sorted(view.analysis.quantities, key=lambda q: (q.start, q.end))
        assert len(quantities) >= 5
        assert view.located == [(q, view.sentence_of(q.start)) for q in quantities]


def test_a_claim_placed_by_offsets_is_the_claim_placed_by_location() -> None:
    from factcheck.engine.claims import Figure
    from factcheck.model import Claim, ClaimSource, Location

    for doc in _docs():
        source = ClaimSource.of(doc)
        n = len(doc.text)
        for start, end in [(0, 1), (5, 9), (40, 41), (n - 3, n), (n - 1, n - 1), (60, 200)]:
            q = SimpleNamespace(start=start, end=end, value=1.0, range=None, unit=None, qualifier="=",
                                base_unit=None, dimension="count", vague=False)
            text, said = doc.text[start:end], doc.text[:250]
            args = (text, Figure.of(q), (0.5, 1.5), "", said)
            want = Claim.at(source, "fact", "rule", Location.of(doc, start, end), *args)
            assert Claim.at_span(source, "fact", "rule", doc, start, end, *args) == want
            assert doc.source_map.line_column(start) == (want.line, want.column)


def test_widening_all_claims_is_widening_each() -> None:
    from factcheck.engine.compare import widen, widen_all

    inf = float("inf")
    rnd = random.Random(3)
    intervals = [(-inf, inf), (-inf, 10.0), (5.0, inf), (0.0, 0.0), (-3.5, -1.25)]
    intervals += [tuple(sorted((rnd.uniform(-1e6, 1e6), rnd.uniform(-1e6, 1e6)))) for _ in range(200)]
    claims = [SimpleNamespace(interval=iv) for iv in intervals]
    for rel, ab in [(0.0, 0.0), (0.1, 0.0), (0.0, 4.0), (0.25, 3.0), (1e-9, 1e9)]:
        assert widen_all(claims, rel, ab) == [widen(iv, rel, ab) for iv in intervals]


def _facts(twice: bool = False) -> tuple[list, list]:
    from factcheck.analysis import analyze
    from factcheck.engine import build_facts
    from factcheck.rules.loader import parse_rule_text

    mine = [lr.rule for lr in parse_rule_text(
        "- {id: toll, extends: quantity, name: toll, counts: people, bare: true, running: true}\n"
        "- {id: quiet, extends: quantity, name: quiet, counts: people, enabled: false}\n", "t.yaml")]
    again = [lr.rule for lr in parse_rule_text("- {id: toll, extends: quantity, name: dead, counts: people}\n",
                                                "u.yaml")]
    pack = [getattr(r, "rule", r) for r in builtin_rules()]
    # a disabled rule first, non-quantity rules (and, ``twice``, a second rule of a name)
    rules = [mine[1], mine[0], *pack, *(again if twice else ())]
    return build_facts([analyze(d) for d in _docs()], rules), rules


def test_the_rule_of_a_fact_is_the_first_enabled_quantity_rule_of_its_name() -> None:
    from factcheck.engine import quantity_rules, rule_of

    facts, rules = _facts(twice=True)
    assert len(facts) >= 2
    for fact in facts:
        plain = next((r for r in quantity_rules(rules) if r.id == fact.rule), None)
        assert plain is not None and rule_of(fact, rules) is plain
        assert rule_of(fact, list(rules)) is plain
        assert rule_of(fact, rules[::-1]) is next(r for r in quantity_rules(rules[::-1]) if r.id == fact.rule)
    assert rule_of(SimpleNamespace(rule="toll"), rules).name == "toll"
    other = SimpleNamespace(rule="quiet")
    assert rule_of(other, rules) is None  # disabled: no rule
    assert rule_of(other, []) is None


def test_a_fact_has_outliers_when_one_of_its_groups_has_remade_or_not() -> None:
    from factcheck.engine import _claim_order, groups, rule_of

    facts, rules = _facts()
    found = 0
    for fact in facts:
        rule = rule_of(fact, rules)
        order = [(c.location.path, -1 if c.location.record is None else c.location.record, c.location.line,
                  c.location.column, c.mention.start) for c in fact.claims]
        assert [_claim_order(c) for c in fact.claims] == order == sorted(order)
        fact.comparisons = None
        fresh = groups(fact, rule)  # compared now
        kept = groups(fact, rule)  # remade from what was kept
        assert fact.comparisons is not None and kept == fresh
        # what the contradiction check skips a fact on: no outliers, no group with any
        assert fact.outliers == sorted(idx[i] for _, idx, comp in fresh for i in comp.outliers)
        found += sum(1 for g in fresh if g[2].outliers)
    assert found >= 1  # "11" vs "12" on different days, "17" vs "9": some group has outliers


def test_one_claim_is_compared_as_the_sweep_compares_it() -> None:
    from factcheck.engine.compare import _best_points, compare, widen_all

    inf, nan = float("inf"), float("nan")
    for iv in [(1.0, 2.0), (-inf, 3.0), (4.0, inf), (-inf, inf), (inf, inf), (-inf, -inf), (5.0, 5.0), (0.0, 0.0)]:
        claim = SimpleNamespace(interval=iv, doc_id="a", mention=SimpleNamespace(qualifier="~"))
        for rel, ab in [(0.0, 0.0), (0.1, 2.0)]:
            got = compare([claim], rel, ab)
            widened = widen_all([claim], rel, ab)
            points = _best_points([claim], widened)  # the general path, worked through
            assert points == [widened[0][0]] and widened[0][0] <= points[0] <= widened[0][1]
            assert (got.consensus, got.outliers, got.point, got.widened) == ([0], [], points[0], widened)
    odd = compare([SimpleNamespace(interval=(nan, nan), doc_id="a", mention=None)], 0.0, 0.0)
    assert (odd.consensus, odd.outliers, odd.point) == ([], [0], None)  # left to the sweep: agrees with nothing


def test_the_claims_of_an_article_are_those_of_the_first_rule_that_accepts_each_quantity() -> None:
    from factcheck.analysis import analyze
    from factcheck.engine import file_claims, quantity_rules, shared_bucket
    from factcheck.engine.claims import accepts, make_claim
    from factcheck.model import Document, SourceMap, line_starts
    from factcheck.rules.loader import parse_rule_text

    mine = [lr.rule for lr in parse_rule_text(
        "- {id: stuck, extends: quantity, name: stuck, counts: people, context: {require: [still, trapped], "
        "window: 4}}\n"
        # "ΑΣ\u00adΒ" in lower case: "ασ\u00adβ" as one text, "ας" as a word of its own (a final sigma)
        "- {id: sigma, extends: quantity, name: sigma, counts: people, bare: true, context: {require: [ας]}}\n"
        "- {id: town, extends: quantity, name: town, measure: length, context: {require: [i̇stanbul, from],"
        " exclude: [north-east]}}\n"
        "- {id: toll, extends: quantity, name: toll, counts: people, parts: true, context: {exclude: [wounded]}}\n",
        "t.yaml")]
    rules = quantity_rules([*mine, *(getattr(r, "rule", r) for r in builtin_rules())])
    words = ("killed wounded dead injured people residents civilians 5 17 km miles from Ashford ΣΟΣ ΑΣ\u00adΒ "
             "İstanbul İSTANBUL including of the near , ; - – ( ) and were at least about KILLED Still StiLL "
             "trapped north-east 1,200 hectares").split()
    rnd = random.Random(1)
    texts = [_STORY] + [" ".join(rnd.choice(words) for _ in range(rnd.randint(5, 60))) + "." for _ in range(300)]
    known = frozenset({"Ashford", "İstanbul"})
    accepted: set[str] = set()
    for k, text in enumerate(texts):
        analysis = analyze(Document(f"d{k}.md", text, SourceMap(line_starts(text))))
        view = DocView(analysis, known)
        want = []
        for q in sorted(analysis.quantities, key=lambda q: (q.start, q.end)):
            for rule in rules:
                key = accepts(rule, view, q)
                if key is not None:
                    bucket = shared_bucket(rule.id, key)
                    want.append((bucket, make_claim(bucket[1], rule, view, q)))
                    break
        assert file_claims(analysis, rules, known) == want, text
        accepted.update(rule_id for (rule_id, _), _ in want)
    assert {"stuck", "sigma", "town", "toll", "people-killed"} <= accepted
