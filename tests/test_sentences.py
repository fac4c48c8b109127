"""Sentence segmentation on news prose: abbreviations, decimals, initials and paragraph breaks."""

from __future__ import annotations

import pytest

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
