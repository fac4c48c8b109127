"""Name mentions: spans, multi-word names, titles, possessives, hyphens, sentence starts, headlines."""

from __future__ import annotations

from factcheck.names import NameMention, extract_names
from factcheck.sentences import split_sentences


def names(text: str) -> list[NameMention]:
    return extract_names(text, split_sentences(text))


def forms(text: str) -> list[str]:
    return [n.normalized for n in names(text)]


def mid_sentence(text: str) -> list[NameMention]:
    """Names not opening a sentence (those are only candidates until the corpus confirms them)."""
    return [n for n in names(text) if not n.initial]


def test_multi_word_names_and_spans() -> None:
    text = "Fighters of the Wagner Group met Yevgeny Prigozhin in the town."
    found = mid_sentence(text)
    assert [n.normalized for n in found] == ["Wagner Group", "Yevgeny Prigozhin"]
    wagner = found[0]
    assert text[wagner.start : wagner.end] == "Wagner Group"
    assert wagner.tokens == ("Wagner", "Group")
    assert [text[a:b] for a, b in wagner.token_spans] == ["Wagner", "Group"]
    assert "organisation" in wagner.features


def test_possessive_ends_a_name_and_is_not_part_of_it() -> None:
    text = "He met Ukraine's Serhiy Cherevatyi and Russia’s envoy."
    found = names(text)
    assert [n.normalized for n in found] == ["Ukraine", "Serhiy Cherevatyi", "Russia"]
    assert text[found[0].start : found[0].end] == "Ukraine"
    assert text[found[2].start : found[2].end] == "Russia"


def test_hyphenated_words_keep_their_capitalised_part() -> None:
    assert forms("A Russian-installed official and a pro-Moscow group met al-Assad.") == ["Russian", "Moscow", "Assad"]
    assert forms("They drove to Bad Neuenahr-Ahrweiler by noon.") == ["Bad Neuenahr-Ahrweiler"]


def test_titles_are_recorded_not_included() -> None:
    found = names("Yesterday President Volodymyr Zelensky met Mr. Smith and Ms Smyth.")
    assert [(n.normalized, n.title) for n in found] == [
        ("Volodymyr Zelensky", "president"),
        ("Smith", "mr"),
        ("Smyth", "ms"),
    ]


def test_region_word_after_a_name() -> None:
    found = mid_sentence("Troops left the northeastern Kharkiv region in September.")
    assert [n.normalized for n in found] == ["Kharkiv"]
    assert found[0].features == ("region",)


def test_common_words_weekdays_and_sentence_starts() -> None:
    found = names("On Thursday, Kyiv said the town held. Drone footage showed that the drone fell.")
    # "On" and "Thursday" are common words; "Drone" opens a sentence and is written in lower case too
    assert [n.normalized for n in found] == ["Kyiv"]


def test_sentence_initial_names_are_flagged_for_the_corpus_stage() -> None:
    found = names("Soledar is small. Troops held Soledar.")
    assert [(n.normalized, n.initial) for n in found] == [("Soledar", True), ("Troops", True), ("Soledar", False)]


def test_headline_words_are_flagged() -> None:
    found = names("Streets Devoid of Life\n\nThe town was empty.")
    assert found and all(n.headline for n in found)


def test_particles_join_a_name() -> None:
    assert forms("They played Ludwig van Beethoven at the gala.") == ["Ludwig van Beethoven"]


def test_to_json_shape() -> None:
    (n,) = mid_sentence("Reporters met Mr Andrei Bayevsky there.")
    assert n.kind == "name"
    assert n.to_json() == {"normalized": "Andrei Bayevsky", "tokens": ["Andrei", "Bayevsky"], "title": "mr"}
