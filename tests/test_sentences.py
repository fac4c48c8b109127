"""Sentence segmentation on news prose: abbreviations, decimals, initials and paragraph breaks."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.sentences import sentence_at, split_sentences


def texts(text: str) -> list[str]:
    return [text[s.start : s.end] for s in split_sentences(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Putin launched the invasion on Feb. 24, 2022. Kyiv said no.",
         ["Putin launched the invasion on Feb. 24, 2022.", "Kyiv said no."]),
        ("Talks began on Jan. 5 in Geneva. They failed.", ["Talks began on Jan. 5 in Geneva.", "They failed."]),
        ("The U.S. said it would help. The E.U. agreed.", ["The U.S. said it would help.", "The E.U. agreed."]),
        ("He met U.S. officials on Monday.", ["He met U.S. officials on Monday."]),
        ("He arrived in the U.S. The next day he left.", ["He arrived in the U.S.", "The next day he left."]),
        ("Mr. Zelensky met Gen. Zaluzhnyi. Both spoke.", ["Mr. Zelensky met Gen. Zaluzhnyi.", "Both spoke."]),
        ("He lives on St. Mark's Place. She does not.", ["He lives on St. Mark's Place.", "She does not."]),
        ("It happened at 10 a.m. on Monday. Police arrived.", ["It happened at 10 a.m. on Monday.", "Police arrived."]),
        ("The meeting ended at 5 p.m. Then the next began.", ["The meeting ended at 5 p.m.", "Then the next began."]),
        ("It was ranked No. 5 in the poll. The rest were lower.",
         ["It was ranked No. 5 in the poll.", "The rest were lower."]),
        ("The rate was 2.5 per cent. It rose to 3.75 per cent.",
         ["The rate was 2.5 per cent.", "It rose to 3.75 per cent."]),
        ("John F. Kennedy was shot in 1963. Nobody forgot.", ["John F. Kennedy was shot in 1963.", "Nobody forgot."]),
        ("J. R. R. Tolkien wrote it. Readers loved it.", ["J. R. R. Tolkien wrote it.", "Readers loved it."]),
        ("Is it over? Yes! It is.", ["Is it over?", "Yes!", "It is."]),
        ("“We will win.” Nobody doubted it.", ["“We will win.”", "Nobody doubted it."]),
        ("He paused... Then he left.", ["He paused...", "Then he left."]),
    ],
)
def test_split(text: str, expected: list[str]) -> None:
    assert texts(text) == expected


def test_paragraph_break_ends_a_sentence_and_counts_paragraphs() -> None:
    text = "First paragraph without a full stop\n\nSecond paragraph. Still second.\n\n\nThird"
    sents = split_sentences(text)
    assert [text[s.start : s.end] for s in sents] == [
        "First paragraph without a full stop", "Second paragraph.", "Still second.", "Third"]
    assert [s.paragraph for s in sents] == [0, 1, 1, 2]


def test_headline_line_is_its_own_sentence() -> None:
    text = "Heavy losses sustained by both sides\nFor days, Kyiv has said so."
    assert texts(text) == ["Heavy losses sustained by both sides", "For days, Kyiv has said so."]


def test_soft_wrapped_line_joins() -> None:
    text = "The town had a pre-war population of about 10,000 people and sits above cavernous salt,\nmines."
    assert len(split_sentences(text)) == 1


def test_offsets_are_into_the_original_text() -> None:
    text = "  Alpha one.   Beta two.\r\n\r\nGamma."
    for s in split_sentences(text):
        assert text[s.start : s.end].strip() == text[s.start : s.end]
    assert texts(text) == ["Alpha one.", "Beta two.", "Gamma."]


def test_sentence_at() -> None:
    text = "One here. Two there. Three."
    sents = split_sentences(text)
    assert sentence_at(sents, text.index("Two")) == sents[1]
    assert sentence_at(sents, text.index("Three") + 2) == sents[2]
    assert sentence_at(sents, len(text) + 5) is None


def test_empty_text() -> None:
    assert split_sentences("") == []
    assert split_sentences("\n\n  \n") == []


def _split_in_three_passes(text: str) -> list[tuple[int, int, int]]:
    """The segmentation as it is defined: paragraphs, then the lines of each (a line without final punctuation
    ends a sentence, a long one ending in a comma and such is wrapped), then the ends within each line group,
    every full stop judged by the word before it and the word after it."""
    import re

    from factcheck.sentences import _ACRONYM_WORD, _acronym_continues, _next_word, _token_kind

    out: list[tuple[int, int, int]] = []

    def emit(a: int, b: int, paragraph: int) -> None:
        seg = text[a:b]
        if seg.strip():
            a += len(seg) - len(seg.lstrip())
            out.append((a, a + len(seg.strip()), paragraph))

    def pieces(start: int, end: int) -> list[tuple[int, int]]:
        found, cur = [], start
        for m in re.finditer(r"\r\n|\r|\n", text[:end]):
            if m.start() < start:
                continue
            line = text[cur : m.start()].rstrip()
            if line and (line[-1] not in ",;:-–—(" or len(line) < 60):
                found.append((cur, m.start()))
                cur = m.end()
        return [*found, (cur, end)]

    blocks, cur = [], 0
    for m in re.finditer(r"(?:\r\n|\r|\n)[ \t]*(?:\r\n|\r|\n)\s*", text):
        blocks.append((cur, m.start()))
        cur = m.end()
    blocks.append((cur, len(text)))
    for paragraph, (start, end) in enumerate(blocks):
        for a, b in pieces(start, end):
            s = a
            for m in re.compile(r"([.!?…]+)([\"'”’)\]]*)(?=\s)").finditer(text, a, b):
                dot = m.start(1)
                if m.group(1) == "." and not m.group(2):
                    seg = text[max(0, dot - 40) : dot]
                    kind = _token_kind(seg.rsplit(None, 1)[-1]) if seg and not seg[-1].isspace() else False
                    if kind is True or (kind is _ACRONYM_WORD and _acronym_continues(text, dot)):
                        continue
                    if not text[dot - 1 : dot].isdigit():
                        nxt = _next_word(text, m.end())
                        if nxt and (nxt[0].islower() or nxt[0].isdigit()):
                            continue
                emit(s, m.end(), paragraph)
                s = m.end()
            emit(s, b, paragraph)
    return out


_WORD = st.sampled_from(["the", "The", "said", "gen", "U.S", "a.m", "No", "F", "5", "2.5", "x" * 70, "é", '"The',
                         "“We"])
_PUNCT = st.sampled_from(["", "", ".", ".", ".", "..", "!", "…", '."', ".)", ",", "-", "("])
_SEP = st.sampled_from([" ", " ", " ", "  ", "\n", "\n\n", "\r\n", "\r", "\t", "\u00a0", " \n"])


@settings(max_examples=400)
@given(st.lists(st.tuples(_WORD, _PUNCT, _SEP).map("".join), max_size=30).map("".join))
def test_one_pass_equals_the_three_passes(text: str) -> None:
    assert [(s.start, s.end, s.paragraph) for s in split_sentences(text)] == _split_in_three_passes(text)


def test_one_pass_equals_the_three_passes_on_every_short_join() -> None:
    """Every word, punctuation, separator and next word (the random texts above seldom meet each pair)."""
    words = ["the", "The", "gen", "U.S", "No", "5", "x" * 70, '"The', "é"]
    puncts = ["", ".", "..", "!", '."', ".)", ",", "("]
    seps = [" ", "  ", "\n", "\n\n", "\r\n", "\r", "\r\r", "\n\r", "\t", "\u00a0", " \n", "\n \n"]
    for w in words:
        for p in puncts:
            for sep in seps:
                for nxt in words:
                    text = f"A {w}{p}{sep}{nxt} end."
                    got = [(s.start, s.end, s.paragraph) for s in split_sentences(text)]
                    assert got == _split_in_three_passes(text), text
