"""Misspellings and inconsistent spellings on an unseen story (fixtures) and on small texts."""

from __future__ import annotations

from pathlib import Path

from names_helpers import by_kind, findings_of

from factcheck.analysis import analyze
from factcheck.loading import load
from factcheck.model import Severity
from factcheck.names.findings import name_findings

FIXTURES = Path(__file__).parent / "fixtures" / "names"


def fixture_findings(name: str) -> list:
    return name_findings([analyze(d) for d in load([FIXTURES / name]).documents], [])


def test_flood_story_typos_found() -> None:
    found = fixture_findings("flood")
    miss = {f.message for f in by_kind(found, "misspelling")}
    # place, transposed letters; person, one letter dropped
    assert "'Arhweiler' (1, in c) looks like a misspelling of 'Ahrweiler' (5, in all 3 articles)" in miss
    assert "'Dreyr' (1, in c) looks like a misspelling of 'Dreyer' (3, in all 3 articles)" in miss
    for f in by_kind(found, "misspelling"):
        assert f.severity is Severity.ERROR
        assert f.rule == "misspelling"
        variants = [e for e in f.evidence if e.role == "variant"]
        assert [(e.location.path.rsplit("/", 1)[-1], e.location.line) for e in variants] == [("c_aid.txt", 3)] or [
            (e.location.path.rsplit("/", 1)[-1], e.location.line) for e in variants
        ] == [("c_aid.txt", 4)]
        assert any(e.role == "dominant" for e in f.evidence)


def test_flood_story_look_alikes_not_reported() -> None:
    found = fixture_findings("flood")
    # Austria / Australia, Mr Smith / Ms Smyth, the town of Steinbach / the Steinach river
    assert len(found) == 2, [f.message for f in found]


def test_river_guard_is_what_keeps_steinach_apart() -> None:
    # control: without "the … river" the lone "Steinach" is a slip for the town's name
    town = "Officials in Steinbach met. Mr Smith of Steinbach said so. Help reached Steinbach today."
    river = "Residents of Steinbach watched the Steinach river rise."
    assert not findings_of(town, river)
    (f,) = findings_of(town, "Residents of Steinbach watched Steinach flood.")
    assert f.message.startswith("'Steinach' (1, in art1) looks like a misspelling of 'Steinbach' (4, in art0, art1)")


def test_gendered_titles_keep_two_people_apart() -> None:
    assert fixture_findings("people") == []
    # control: with no titles, Smith / Smyth is a transliteration-like variant and is reported
    (f,) = findings_of("Officials in Brackley said Smith was right. Reporters asked Smith.",
                       "Officials in Brackley said Smyth was wrong.")
    assert f.kind == "spelling"


def test_different_people_sharing_a_first_name() -> None:
    text = (
        "Reporters met Sergiy Cherevaty and later Sergei Surovikin. Later Andrei Bayevsky spoke, "
        "and Andrei Bayevsky again, and Andrei Bayevsky once more, then Andriy Yermak."
    )
    assert findings_of(text) == []


def test_spelling_variants_merged_into_one_name() -> None:
    found = findings_of(
        "Spokesman Serhii Cherevatyi spoke in Soledar.",
        "Spokesman Serhiy Cherevatyi spoke in Soledar.",
        "Spokesman Sergiy Cherevaty spoke in Soledar.",
    )
    (f,) = found
    assert f.kind == "spelling" and f.severity is Severity.WARNING
    assert f.message == (
        "Inconsistent spellings of one name: 'Sergiy Cherevaty' (1, in art2), "
        "'Serhii Cherevatyi' (1, in art0), 'Serhiy Cherevatyi' (1, in art1)"
    )
    assert sorted(e.text for e in f.evidence) == ["Sergiy Cherevaty", "Serhii Cherevatyi", "Serhiy Cherevatyi"]
    assert all(e.role == "variant" for e in f.evidence)


def test_rare_form_needs_a_clear_majority() -> None:
    # one against one: two real names as likely as a slip, so not a misspelling
    assert by_kind(findings_of("Aid reached Mellor today.", "Aid reached Mellow today."), "misspelling") == []


def test_lower_case_words_are_not_names() -> None:
    names = "Officials said Reading is far. Trains reach Reading. Buses reach Reading. Officials said Readinq was far."
    (f,) = findings_of(names)  # control: a town name with a slip
    assert f.kind == "misspelling"
    assert findings_of(names + " Officials like reading.") == []


def test_style_pairs_from_the_list() -> None:
    (f,) = findings_of("Officials in Kyiv said so.", "Officials in Kiev said so.", "Officials in Kyiv agreed.")
    assert f.kind == "spelling"
    assert f.message == "Inconsistent spellings of one name: 'Kyiv' (2, in art0, art2), 'Kiev' (1, in art1)"
    # "chicken Kiev" is a dish, not a spelling of the city
    assert findings_of("Officials in Kyiv said so.", "Diners ate chicken Kiev.") == []


def test_output_is_independent_of_article_order() -> None:
    analyses = [analyze(d) for d in load([FIXTURES / "flood"]).documents]
    forward = sorted(f.to_json()["id"] for f in name_findings(analyses, []))
    backward = sorted(f.to_json()["id"] for f in name_findings(analyses[::-1], []))
    assert forward == backward and len(forward) == 2
    messages = {f.message for f in name_findings(analyses[::-1], [])}
    assert messages == {f.message for f in name_findings(analyses, [])}


def test_look_alikes_from_unrelated_stories_are_not_paired() -> None:
    flood = "Floods hit Vebreivford in Neitraisk. Officials in Vebreivford said so. Crews left Vebreivford."
    fire = "Fire reached Vebreinford in Zagoria. Crews in Zagoria fought on."
    assert findings_of(flood, fire) == []
    # control: the same slip in an article of the same story (it names Neitraisk too) is reported
    (f,) = findings_of(flood, "Fire reached Vebreinford in Neitraisk.")
    assert f.message.startswith("'Vebreinford' (1, in art1) looks like a misspelling of 'Vebreivford' (3")
