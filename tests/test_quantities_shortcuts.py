"""The cheap tests that let the quantity scanner skip a regex (a character that no pattern can start with, a
cached answer for a run of words) must give what the patterns alone give. Each shortcut is compared with
the plain way on generated text around numbers."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from factcheck.quantities import exclusions, numbers, qualifiers, units

_PIECES = ["5", "10", "1,500", "2.5", "555", "2022", " ", "  ", "\t", "\n", "\u00a0", "-", "–", ",", ".", "(", ")",
           "/", "$", "€", "US$", "USD ", "Rs.", "#", "@", "km", "km2", "sq", "square", "kilometres", "mile", "miles",
           "per", "cent", "m", "bn", "million", "k", "thousand", "hundred", "people", "others", "or", "so", "plus",
           "-odd", "more", "and", "to", "Jan.", "May", "pm", "a.m.", ":30", "th", "st", "No.", "Article", "http://",
           "www.", "minus", "MINUS", "ſ", "é", "x" * 45, "'"]
_TEXT = st.lists(st.sampled_from(_PIECES), max_size=16).map("".join)
# what stands right before and after a number decides most shortcuts: those are drawn from words that matter
_BEFORE_WORDS = ["", "about", "May", "Jan.", "Sept", "5th", "22", "on", "minus", "MINUS", "No.", "Article",
                           "p.", "S&P", "F-", "http://x.org/a", "see", "was", "(", "$", "US$", "USD", "EUR", "Rs.",
                           "\n1.", "x"]
_BEFORE = st.sampled_from(_BEFORE_WORDS)
_AFTER_WORDS = ["", "km", "km2", "km.", "square kilometres", "sq km", "per cent", "percent", "%", "people",
                "or so", "Or So", "OR MORE", "plus", "-plus", "-odd", "Odd", "give or take", "million", "Million",
                "bn", "k", "m", "thousand", "hundred", "pm", "a.m.", "May", "of May", "th", "to 10", "-10", "and 7",
                "GMT", "s", ":30", "."]
_AFTER = st.sampled_from(_AFTER_WORDS)
_GAPS = ["", " ", "  ", "\t", "\n", "\u00a0", " \n", "\n ", ", "]
_GAP = st.sampled_from(_GAPS)
_AROUND = st.tuples(_TEXT, _BEFORE, _GAP, st.sampled_from(["5", "10", "1,500", "2.5", "555", "2022"]), _GAP, _AFTER,
                    _GAP, _TEXT)


def _lookup_by_chunks(text: str, start: int, *, glued: bool) -> tuple[str, int, bool] | None:
    """``units.lookup`` as one loop over the chunks after ``start``, every run tried."""
    _, words, symbols, glued_only, _ = units._tables()
    chunk = re.compile(r"[^\s()\[\]{},;:!?\"“”]{1,40}")
    chunks: list[int] = []
    i = start
    while len(chunks) < 3:
        m = chunk.match(text, i)
        if not m:
            break
        chunks.append(m.end())
        if m.end() + 1 < len(text) and text[m.end()] == " " and not text[m.end() + 1].isspace():
            i = m.end() + 1
        else:
            break
    for end in reversed(chunks):
        raw = text[start:end]
        cands = [raw, raw.rstrip(".'’")]
        if end == chunks[0] and "-" in raw:
            head, _, tail = raw.partition("-")
            if tail[:1].isdigit() or tail[:1] in "$€£¥":
                cands.append(head)
        for c in cands:
            key = " ".join(c.lower().split())
            if key in words:
                return words[key], start + len(c), True
            if c in symbols:
                return symbols[c], start + len(c), False
            if glued and c in glued_only:
                return glued_only[c], start + len(c), False
    return None


@given(_AROUND, st.booleans())
def test_unit_lookup_equals_trying_every_run(parts: tuple[str, ...], glued: bool) -> None:
    text = "".join(parts)
    for start in range(len(text)):
        assert units.lookup(text, start, glued=glued) == _lookup_by_chunks(text, start, glued=glued)


def _excluded_by_patterns(text: str, pos: int) -> int | None:
    """``exclusions.excluded_at`` without its shortcuts: the URL token found and every pattern tried."""
    before = text[pos - 1] if pos > 0 else " "
    if before not in exclusions._SPACE_SET:
        a = pos
        while a > max(0, pos - 300) and text[a - 1] not in exclusions._SPACE_SET:
            a -= 1
        if a < pos and any(u in text[a:pos] for u in exclusions._URLISH):
            m = exclusions._SPACE.search(text, pos)
            return m.start() if m else len(text)
    starts = [pos]
    if before in "+('’" and pos > 0:
        starts.insert(0, pos - 1)
    mb = exclusions._month_before().search(text, max(0, pos - 24), pos) if before.isspace() else None
    if mb:
        starts.insert(0, mb.start())
    for st_ in starts:
        m = exclusions._span_pattern().match(text, st_)
        if m and m.end() > pos:
            return m.end()
    return None


@given(_AROUND)
def test_excluded_at_equals_the_patterns(parts: tuple[str, ...]) -> None:
    # every word before the number, in every gap, also after a month ("May 5th 2022"): the shortcuts depend on them
    for word in (f"{month}{w}" for month in ("", "May ", "Jan. ") for w in _BEFORE_WORDS):
        for gap in _GAPS:
            text = "".join((parts[0], word, gap, *parts[3:]))
            for pos in (i for i, c in enumerate(text) if c.isdigit()):
                assert exclusions.excluded_at(text, pos) == _excluded_by_patterns(text, pos)


@given(_AROUND)
def test_hedge_after_equals_the_pattern(parts: tuple[str, ...]) -> None:
    text = "".join(parts)
    for end in range(len(text) + 1):
        m = qualifiers._after_re().match(text, end)
        expected = None
        if m:
            phrase = " ".join(m.group(0).lower().split())
            expected = (qualifiers._tables()[1][phrase], phrase, m.end())
        assert qualifiers.qualifier_after(text, end) == expected


@given(st.sampled_from(["5", "10,000", "2.5", "1"]), _TEXT)
def test_scale_read_as_when_the_pattern_always_runs(digits: str, tail: str) -> None:
    texts = [digits + gap + after + tail for gap in _GAPS for after in _AFTER_WORDS]  # all: "5 Million" too
    shortcut = [numbers.parse_digits_and_end(text, 0) for text in texts]
    saved = numbers._scale_first_letters
    numbers._scale_first_letters = lambda: None  # type: ignore[assignment]  # no first-letter test: always match
    try:
        plain = [numbers.parse_digits_and_end(text, 0) for text in texts]
    finally:
        numbers._scale_first_letters = saved
    assert shortcut == plain


@given(_AROUND)
def test_list_marker_and_label_equal_the_patterns(parts: tuple[str, ...]) -> None:
    for word in _BEFORE_WORDS:  # every word and gap before the number ("\n 5."): the shortcuts depend on them
        for gap in _GAPS:
            head = parts[0] + word + gap
            start = len(head)
            for after in (".", ")", "".join(parts[4:])):
                text = head + "5" + after
                expected = bool(exclusions._LIST_MARKER.search(text, max(0, start - 10), start)) and bool(
                    exclusions._MARKER_END.match(text, start + 1))
                assert exclusions.is_list_marker(text, start, start + 1) == expected
            before = head[-30:]
            last = before.rstrip().rsplit(None, 1)[-1] if before.strip() else ""
            label = (last.rstrip(".#").lower() in exclusions._label_words() or last.endswith("#")) and bool(
                exclusions._label_re().search(before))
            assert exclusions.is_label(before) == label


class _Everything(frozenset[str]):
    def __contains__(self, item: object) -> bool:
        return True


def test_range_and_restatement_read_as_without_the_first_character_tests() -> None:
    # the cheap tests on the characters after a number or unit before a range connector or a restatement
    # opener is matched ("Between 5 – 10 people", "10 km — 6.2 miles"): with leads that let every character
    # through, the patterns decide alone
    from factcheck.quantities import extract_quantities, extractor
    from factcheck.sentences import split_sentences

    blanks = ["", " ", "  ", "\t", "\u00a0"]
    joins = ["-", "–", "—", "to", "To", "and", "or", "through", "(", ",", ", or", "/", "é", "x"]
    texts = [f"Between 5{unit}{b1}{join}{b2}{second}" for unit in ("", " km", "km") for b1 in blanks
             for join in joins for b2 in blanks for second in ("10 people", "6.2 miles")]
    shortcut = [extract_quantities(text, split_sentences(text)) for text in texts]
    saved = extractor._RANGE_LEADS, extractor._RESTATE_LEADS
    extractor._RANGE_LEADS = extractor._RESTATE_LEADS = _Everything()
    try:
        plain = [extract_quantities(text, split_sentences(text)) for text in texts]
    finally:
        extractor._RANGE_LEADS, extractor._RESTATE_LEADS = saved
    for text, a, b in zip(texts, shortcut, plain, strict=True):
        assert a == b, text


def test_a_dash_after_a_blank_joins_a_range_or_a_restatement() -> None:
    from factcheck.quantities import extract_quantities
    from factcheck.sentences import split_sentences

    text = "Between 5 – 10 people left."
    q = extract_quantities(text, split_sentences(text))
    assert [(x.text, x.range) for x in q] == [("Between 5 – 10 people", (5.0, 10.0))]
    text = "The road is 10 km — 6.2 miles — long."
    q = extract_quantities(text, split_sentences(text))
    assert [(x.text, x.unit, [(s.value, s.unit) for s in x.statements]) for x in q] == [
        ("10 km — 6.2 miles", "kilometer", [(10.0, "kilometer"), (6.2, "mile")])]
