"""The shortcuts that make date extraction, the date collectors, loading and the arithmetic checks fast: each
must give exactly what the plain way gives (the plain way is spelled out here as the reference)."""

from __future__ import annotations

import datetime as dt
import pickle
import random
import re
import string

import pytest
import yaml

from factcheck.checks import range_order
from factcheck.dates import extract, tense
from factcheck.dates.mention import DateMention, new_mention
from factcheck.dates.patterns import date_patterns
from factcheck.dates.words import (
    ASCII_CASE_FOLDS,
    UNICODE_SPACES,
    ascii_lowered,
    date_words,
    first_words,
    may_contain,
    phrase_matcher,
)
from factcheck.loading import _SPLITLINES_LINE, _simple_front_matter
from factcheck.model import Sentence, line_starts
from factcheck.sentences import sentence_at, sentence_index

ALL_NON_ASCII = "".join(map(chr, range(0x80, 0x110000)))
ALL_ASCII = "".join(map(chr, range(0x80)))


def test_the_case_folds_are_every_non_ascii_character_an_ascii_letter_matches() -> None:
    assert set(re.findall("(?i)[a-z]", ALL_NON_ASCII)) == set(ASCII_CASE_FOLDS)


def test_the_spaces_are_every_character_re_and_isspace_take_for_white_space() -> None:
    assert set(UNICODE_SPACES) == set(re.findall(r"\s", ALL_ASCII + ALL_NON_ASCII))
    assert all(c.isspace() for c in UNICODE_SPACES)


def _texts(alphabet: list[str], count: int, seed: int, most: int = 8) -> list[str]:
    rnd = random.Random(seed)
    return ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, most))) for _ in range(count)]


SPACES = [" ", "  ", "\u00a0", "\n", "\t", "\u2028", ""]


def test_may_contain_is_true_wherever_the_phrase_matcher_matches() -> None:
    phrases = ("will", "'ll", "going to", "is to", "set to", "next")
    words = first_words(phrases)
    alphabet = ["will", "WILL", "Will", "we", "'ll", "’ll", "going", "to", "is", "set", "next", "x", "_", "é", "K",
                "ſ", "İ", *SPACES, "-", ".", "’"]
    for text in _texts(alphabet, 20000, 1):
        if phrase_matcher(phrases).search(text):
            assert may_contain(ascii_lowered(text), words), text
    assert not may_contain(ascii_lowered("this island is quiet"[5:]), first_words(("will",)))
    assert not may_contain(b"this", first_words(("is",)))  # whole words only: "is" in "this" does not count


def _words_before(text: str, lo: int, hi: int, n: int = 8) -> str:  # the plain way
    lo = max(lo, hi - 25 * n)
    ws = [m for m in re.compile(r"[\w'’]+").finditer(text, lo, hi)][-n:]
    return text[ws[0].start() : hi] if ws else ""


def test_words_before_reads_the_last_words_as_a_scan_of_every_word_would() -> None:
    rnd = random.Random(2)
    for text in _texts(["word", "it's", "’s", " ", ", ", "—", "é", "x1", "_"], 3000, 2, most=80):
        hi = rnd.randint(0, len(text))
        lo = rnd.randint(0, hi)
        assert tense.words_before(text, lo, hi) == _words_before(text, lo, hi), (text, lo, hi)


def test_name_starts_are_those_of_the_names_pattern() -> None:
    alphabet = ["March", "Marching", "MARCH", "MARCHx", "SEPT", "SEPTx", "Sept", "Sep", "May", "Mayday", "Monday",
                "Mon", "é", "’", " ", "1", "x"]
    names = date_patterns().names
    for text in _texts(alphabet, 5000, 3):
        expected = [(m.start(), m.group()) for m in names.finditer(text)]
        assert extract._name_starts(text, text.encode()) == expected, text
        assert extract._name_starts(text, None) == expected


def test_names_and_the_time_word_gate_found_in_one_pass_are_those_found_apart() -> None:
    alphabet = ["March", "Marching", "MAY", "Monday", "Mon", "two", "Two", "TWO", "a", "day", "Days", "weeks", "week",
                "yesterday", "Yesterday", "last", "next", "-", " ", "  ", "\u00a0", "x", "é", "—", "1", "ſ", "K"]
    gate = extract._time_word_gate()
    passed = 0
    for text in _texts(alphabet, 8000, 13, most=10):
        data = text.encode()
        expected = (extract._name_starts(text, data), may_contain(ascii_lowered(text, data), gate))
        assert extract._names_and_gate(text, data) == expected, text
        passed += expected[1]
    assert 1000 < passed < 7000


def _attempt_pairs(text: str) -> set[tuple[int, int]]:
    return {(rank, pos) for rank, positions in extract._attempts(text).by_rank() for pos in positions}


def test_the_time_word_gate_skips_only_texts_where_time_words_give_no_attempt(
        monkeypatch: pytest.MonkeyPatch) -> None:
    alphabet = ["a", "A", "an", "two", "TWO", "a few", "several", "day", "days", "Week", "weekend", "month", "year",
                "decade", "yesterday", "today", "last", "This", "next", "earlier", "the", "before", "after", "ago",
                "-", "—", *SPACES, ",", "_", "ſ", "K", "é", "3"]
    texts = _texts(alphabet, 8000, 4)
    gated = [_attempt_pairs(t) for t in texts]
    monkeypatch.setattr(extract, "_time_word_gate", lambda: None)
    assert gated == [_attempt_pairs(t) for t in texts]
    assert any(gated)


def _matched_pairs(text: str) -> set[tuple[int, int, tuple[int, int]]]:
    """The attempts where the pattern matches, and the span it matches: all that the attempts decide."""
    builders = extract._builders()
    return {(rank, pos, m.span()) for rank, pos in _attempt_pairs(text)
            if (m := builders[rank][0].match(text, pos)) is not None}


def test_the_count_and_day_tests_after_a_number_skip_only_where_no_pattern_matches(
        monkeypatch: pytest.MonkeyPatch) -> None:
    alphabet = ["1", "12", "123", "2024", "st", "th", " ", "\u00a0", " \u00a0x", "-", " days", "Days", " DAY", "-dAys",
                " weeks", " metres", "mile", " March", " of ", " ago", "x", "٣", "é", "K", "ſ", "in ", "since ", "long",
                " 3 days ago", " 11-month", " 2 Weeks", " 20 metres", " 4 miles"]
    texts = _texts(alphabet, 8000, 5)
    fast = [_matched_pairs(t) for t in texts]
    tried = sum(len(_attempt_pairs(t)) for t in texts)
    monkeypatch.setattr(extract, "_follows", lambda: None)  # the plain test (``_may_follow``) at every number
    assert fast == [_matched_pairs(t) for t in texts]
    assert tried < sum(len(_attempt_pairs(t)) for t in texts)  # fewer tries: "250 metres" is not "2 months"
    assert sum(map(len, fast)) > 1000


def test_weekday_names_skip_month_day_and_day_month_only_where_they_cannot_match(
        monkeypatch: pytest.MonkeyPatch) -> None:
    alphabet = ["Monday", "MONDAY", "Mon", "Tues", "Thursday", "Sunday", "Sundays", "morning", "evening", "the", "of",
                "March", "MARCH", "Sept", "12", "3rd", "2020", ",", " ", "  ", "\u00a0", "\n", "-", ".", "x", "é"]
    texts = _texts(alphabet, 8000, 12)
    fast = [_matched_pairs(t) for t in texts]
    tried = sum(len(_attempt_pairs(t)) for t in texts)
    assert extract._after_weekday() is not None
    monkeypatch.setattr(extract, "_after_weekday", lambda: None)  # every name tried as month_day and day_month
    assert fast == [_matched_pairs(t) for t in texts]
    assert tried < sum(len(_attempt_pairs(t)) for t in texts)
    found = {rank for pairs in fast for rank, _, _ in pairs}
    assert {extract.MONTH_DAY, extract.DAY_MONTH, extract.WEEKDAY} <= found


def test_a_date_mention_built_fast_equals_the_dataclass_one() -> None:
    fields = dict(type="date", start=3, end=9, text="May 21", precision="day", first=dt.date(2020, 5, 21),
                  last=dt.date(2020, 5, 21), month=5, day=21, future=True)
    slow, fast = DateMention(**fields), new_mention(**fields)
    assert slow == fast and hash(slow) == hash(fast) and repr(slow) == repr(fast) and type(fast) is DateMention
    assert list(vars(slow)) == list(vars(fast)) and pickle.dumps(slow) == pickle.dumps(fast)
    for wrong in (dict(start=1, end=2, text="x"), dict(type="date", start=1, end=2),  # a required field missing
                  dict(type="date", start=1, end=2, text="x", colour="red")):  # or an unknown one
        with pytest.raises(TypeError):  # the constructor's own error
            new_mention(**wrong)


# --- range: the candidates and the rewritten patterns ---------------------------------------------------

_NUM = range_order._NUM
_SCALE = range_order._SCALE
PLAIN_DASH = re.compile(rf"{_NUM}{_SCALE}\s*(?:-|–|—|\bto\b)\s*{range_order._NUM_AFTER_DASH}{_SCALE}(?![\-–]\d)")
PLAIN_BETWEEN = re.compile(
    rf"\b(?:[Bb]etween|BETWEEN)\s+{_NUM}{_SCALE}(?P<mid>(?:\s*[^\W\d][\w/%°.²³-]*){{0,2}})\s+and\s+{_NUM}{_SCALE}"
    r"(?![\-–]\d)")
PLAIN_CANDIDATES = (re.compile(r"\d\s*(?:[-–—]|to\b)\s*\d"),
                    re.compile(r"(?:thousand|illion|bn)\s*(?:[-–—]|to\b)\s*\d"), re.compile(r"etween\s"))
RANGE_ALPHABET = ["1", "20", "100", "1,000", "3.5", ",", ".", ":", "/", "-", "–", "—", " to ", "to", "into", "x",
                  "_", "between", "Between", "BETWEEN", "bETWEEN", " and ", " people", " thousand", " million", "bn",
                  "٣", "\n", "\u00a0"]


def test_the_range_patterns_match_as_written_plainly() -> None:
    for text in _texts(RANGE_ALPHABET, 20000, 6, most=10):
        for pos in {0, min(2, len(text))}:
            for fast, plain in ((range_order._DASH, PLAIN_DASH), (range_order._BETWEEN, PLAIN_BETWEEN)):
                assert [(m.span(), m.groups()) for m in fast.finditer(text, pos)] == [
                    (m.span(), m.groups()) for m in plain.finditer(text, pos)], (text, pos)


def test_the_range_candidates_are_where_the_plain_candidate_patterns_match() -> None:
    for text in _texts(RANGE_ALPHABET, 20000, 7, most=10):
        assert range_order._digit_dash_digit(text) == [m.start() for m in PLAIN_CANDIDATES[0].finditer(text)], text
        assert sorted(set(range_order._candidate_starts(text))) == sorted(
            {m.start() for p in PLAIN_CANDIDATES for m in p.finditer(text)}), text


# --- loading --------------------------------------------------------------------------------------------

# (header, taken by the shortcut); YAML allows a key up to 1,024 characters (without '?')
HEADERS = [
    ('title: "Storm hits town; crews at work"\ndate: 2020-05-22\noutlet: "Coastal Times"\nstory: 51\n', True),
    ("title: Plain words, (and) more.\nkey_2: 0\n", True), ('a: "é – ’ 😀"\n', True), ("a: b\nb: c\na: d\n", True),
    ("k" * 1024 + ": 1\n", True), ("a: 1\n_" + "k" * 1023 + ': "x"\n', True),
    ("k" * 1025 + ": 1\n", False), ("a: 1\n" + "k" * 1025 + ": x\n", False),
    ('date: 2023-02-30\n', False), ("yes: 1\n", False), ("a: No\n", False), ("a: null\n", False), ("a: 07\n", False),
    ("a: 1e3\n", False), ("a: x: y\n", False), ("a: x #c\n", False), ('a: "tab\there"\n', False),
    ('a: "esc\\"q"\n', False), ("a:  two  spaces\n", False), ("a: b\r\n", False), ("- a\n", False), ("a:\n", False),
    ("a: 'q'\n", False), ('a: "\u2028"\n', False), ('a: "\ufeff"\n', False), ("a: &x b\n", False),
    ("a: b\n  c: d\n", False),
]
LOADERS = (yaml.SafeLoader, getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def _same_as_yaml(fast: dict, header: str) -> None:
    for loader in LOADERS:
        plain = yaml.load(header, Loader=loader)
        assert fast == plain and [type(v) for v in fast.values()] == [type(v) for v in plain.values()], header


@pytest.mark.parametrize("header, taken", HEADERS)
def test_simple_front_matter_reads_what_yaml_reads_or_leaves_it_to_yaml(header: str, taken: bool) -> None:
    fast = _simple_front_matter(header)
    assert (fast is not None) is taken
    if fast is not None:
        _same_as_yaml(fast, header)


def test_simple_front_matter_takes_the_common_headers() -> None:
    assert _simple_front_matter(HEADERS[0][0]) == {"title": "Storm hits town; crews at work",
                                                   "date": dt.date(2020, 5, 22), "outlet": "Coastal Times", "story": 51}
    assert _simple_front_matter(HEADERS[1][0]) == {"title": "Plain words, (and) more.", "key_2": 0}
    for refused in ("date: 2023-02-30\n", "yes: 1\n", "a: No\n", "a: 07\n", "a: x #c\n", "a: b\r\n"):
        assert _simple_front_matter(refused) is None


def test_simple_front_matter_on_random_headers_of_several_keys() -> None:
    rnd = random.Random(9)
    key_chars = string.ascii_letters + string.digits + "_"
    taken_values = ['"Storm hits town"', "2020-05-22", "51", "0", "Coastal Times", "Plain words, (and) more.", '"é 😀"']
    refused_values = ["2023-02-30", "No", "07", "x #c", "x: y", "'q'", "1e3", "two  spaces"]
    for _ in range(300):
        lines, taken, too_long = [], True, False
        for _ in range(rnd.randint(1, 5)):
            if rnd.random() < 0.05:
                key = rnd.choice(["yes", "Off", "null"])
                taken = False
            else:
                size = rnd.choice([1, 6, 1023, 1024, 1025, 1030])
                key = rnd.choice(string.ascii_letters + "_") + "".join(rnd.choices(key_chars, k=size - 1))
                taken &= size <= 1024
                too_long |= size > 1024
            if rnd.random() < 0.8:
                value = rnd.choice(taken_values)
            else:
                value = rnd.choice(refused_values)
                taken = False
            lines.append(f"{key}: {value}\n")
        header = "".join(lines)
        fast = _simple_front_matter(header)
        assert (fast is not None) is taken, header
        if fast is not None:
            _same_as_yaml(fast, header)
        if too_long:
            for loader in LOADERS:
                with pytest.raises(yaml.YAMLError):
                    yaml.load(header, Loader=loader)


def test_simple_front_matter_agrees_with_yaml_on_random_values() -> None:
    rnd = random.Random(8)
    chars = string.printable + "éü–—’“”\u00a0\u2028\u2029\x85\ufeff😀\u0130\u017f"
    for _ in range(3000):
        value = "".join(rnd.choice(chars) for _ in range(rnd.randint(1, 10)))
        header = "k: " + (f'"{value}"' if rnd.random() < 0.5 else value) + "\n"
        fast = _simple_front_matter(header)
        if fast is not None:
            plain = yaml.load(header, Loader=yaml.SafeLoader)
            assert fast == plain and type(fast["k"]) is type(plain["k"]), header


def test_lines_are_cut_as_splitlines_cuts_them() -> None:
    for text in _texts(["ab", " ", "\n", "\r", "\r\n", "\x0b", "\x0c", "\x1c", "\x85", "\u2028", "\u2029", "-"], 5000,
                       9):
        lines, pos = [], 0
        while pos < len(text):
            m = _SPLITLINES_LINE.match(text, pos)
            assert m is not None
            lines.append(m.group())
            pos = m.end()
        assert lines == text.splitlines(keepends=True), text
        for some in (text, text.replace("\r", "")):  # with CR the plain way, without it line_starts' shortcut
            starts = line_starts(some)
            assert starts.tolist() == [0, *(m.end() for m in re.finditer(r"\r\n|\r|\n", some))], some
            assert starts.typecode == "H"


def test_the_sentence_holding_an_offset_is_found_as_a_scan_finds_it() -> None:
    rnd = random.Random(5)
    for _ in range(300):
        sentences, pos = [], rnd.randint(0, 3)
        for _ in range(rnd.randint(0, 8)):  # sorted, disjoint, with gaps or none between them
            length = rnd.randint(1, 6)
            sentences.append(Sentence(pos, pos + length, 0))
            pos += length + rnd.choice([0, 0, 1, 3])
        for offset in range(-1, pos + 2):
            found = [i for i, s in enumerate(sentences) if s.start <= offset < s.end]
            assert sentence_index(sentences, offset) == (found[0] if found else -1), (sentences, offset)
            assert sentence_at(sentences, offset) == (sentences[found[0]] if found else None)


def test_date_words_have_plain_ascii_first_words_so_the_shortcuts_apply() -> None:
    w = date_words()
    for phrases in (w.future_markers, w.start_verbs, tuple(w.relative)):
        assert first_words(phrases) is not None
    assert extract._time_word_gate() is not None and extract._follows() is not None
    assert extract._name_finder() is not None


# --- rules: the built-in pack read through libyaml's composer -------------------------------------------

def _node_key(node: yaml.Node) -> tuple:
    """All of a node that matters, lines and columns included; a plain scalar's style is None from the
    pure-Python composer and '' from libyaml's (the same thing)."""
    own = (type(node).__name__, node.tag, node.start_mark.line, node.start_mark.column, node.end_mark.line,
           node.end_mark.column, getattr(node, "style", None) or None, getattr(node, "flow_style", None))
    if isinstance(node, yaml.ScalarNode):
        return (*own, node.value)
    if isinstance(node, yaml.SequenceNode):
        return (*own, tuple(_node_key(n) for n in node.value))
    return (*own, tuple((_node_key(k), _node_key(v)) for k, v in node.value))


def test_the_builtin_rules_composed_by_libyaml_equal_those_composed_in_python(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from importlib import resources

    from factcheck.rules import loader

    if not hasattr(yaml, "CSafeLoader"):
        pytest.skip("PyYAML without libyaml")
    assert loader._BUILTIN_LOADER is yaml.CSafeLoader
    files = [e for e in resources.files(loader.BUILTIN_PACKAGE).iterdir() if e.name.endswith(loader.RULE_SUFFIXES)]
    assert files
    for entry in files:
        text = entry.read_text(encoding="utf-8")
        assert _node_key(yaml.compose(text, Loader=yaml.CSafeLoader)) == _node_key(
            yaml.compose(text, Loader=yaml.SafeLoader)), entry.name
    fast = loader.builtin_rules()
    monkeypatch.setattr(loader, "_BUILTIN_LOADER", yaml.SafeLoader)
    assert fast == loader.builtin_rules() and len(fast) > 10


@pytest.mark.parametrize("text, message", [
    ("[" * 100_000 + "]" * 100_000, "x:1: rule file nested too deeply"),  # libyaml's composer would crash
    ("- " * 50_000 + "x", "x:1: rule file nested too deeply"),
    ("a: [1, 2\n", "x:2: invalid YAML: expected ',' or ']', but got '<stream end>'"),  # PyYAML's wording
])
def test_bad_yaml_in_a_rule_file_gives_the_errors_of_the_python_loader(text: str, message: str) -> None:
    from factcheck.rules.loader import RuleError, parse_rule_text

    with pytest.raises(RuleError) as err:
        parse_rule_text(text, "x")
    assert str(err.value) == message


def test_names_of_one_kind_are_not_tried_as_the_other_only_where_that_cannot_match(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from factcheck.model import Document, SourceMap

    alphabet = ["May 5", "5 May", "Monday", "MONDAY", "last Monday", "in May", "MAY 2020", "March 2020", "Mayday",
                "Tuesday, March 12", "Tuesday 12 March", "the 12th of March", "Friday morning", " ", ", ", "-"]
    docs = [Document("x", text, SourceMap([0])) for text in _texts(alphabet, 3000, 10)]
    for doc in docs:
        doc.date = dt.date(2023, 1, 13)
    fast = [extract.extract_dates(d, []) for d in docs]
    assert extract._name_kinds()[2]  # the lexicon's month and weekday names start differently
    monkeypatch.setattr(extract, "_name_kinds", lambda: (frozenset(), frozenset(), False))  # every name, every way
    assert fast == [extract.extract_dates(d, []) for d in docs]
    assert any(m.type == "month" for ms in fast for m in ms) and any(m.type == "weekday" for ms in fast for m in ms)


def _future_before(text: str, sentence_start: int, start: int) -> bool:  # the plain way
    window = _words_before(text, sentence_start, start)
    ends = [m.end() for m in re.finditer(r"[,;:()\"“”—–]|\s-\s", window)]
    return bool(phrase_matcher(date_words().future_markers).search(window, ends[-1] if ends else 0))


def test_future_before_finds_the_markers_the_plain_way_finds() -> None:
    alphabet = ["will", "Will", "'ll", "we’ll", "would", "is to", "set to", "plans", "next", "said", "on", "the",
                "meeting", ",", " - ", "—", " ", "  ", "\u00a0", "x", "é", "_will", "willy", "K", "2023"]
    rnd = random.Random(11)
    found = 0
    for text in _texts(alphabet, 6000, 11, most=40):
        start = rnd.randint(0, len(text))
        sentence_start = rnd.randint(0, start)
        expected = _future_before(text, sentence_start, start)
        assert tense.future_before(text, sentence_start, start) == expected, (text, sentence_start, start)
        found += expected
    assert found > 100


# --- the arithmetic checks: the sentence groups worked out once an article --------------------------------

SHARED_TEXT = ("A 10 km (9 miles) road was shut. Of the 300 residents, 450 pensioners left; 20 of 80 homes, or 40 "
               "percent, were hit. The 5-mile (8 km) bridge stood, and 1,200 people, including 1,500 children, fled.")


def test_the_arithmetic_checks_share_one_grouping_and_find_what_each_finds_alone(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from factcheck.analysis import analyze
    from factcheck.checks import CheckContext, _arith, conversion, part_whole, percentage
    from factcheck.model import Document, SourceMap

    analysis = analyze(Document("x", SHARED_TEXT, SourceMap([0])))
    checks = (conversion, part_whole, percentage)
    alone = [list(mod.check_document(analysis.doc, analysis)) for mod in checks]  # each groups for itself
    calls = []
    plain = _arith.by_sentence
    monkeypatch.setattr(_arith, "by_sentence", lambda a: calls.append(a) or plain(a))
    ctx = CheckContext([analysis])
    shared = [list(mod.run(ctx)) for mod in checks]
    assert shared == alone and all(alone)  # a conversion (10 km is 6.2 miles), a part-whole and a percentage finding
    assert calls == [analysis]  # grouped once, for all three
    assert ctx.derived(_arith.sentence_groups, analysis) == list(plain(analysis))
