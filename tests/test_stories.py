"""Stories: facts about "the story" (``about: story`` rules, event dates) are compared within one story only.

The articles below are written for these tests: two floods in invented towns, published the same day, each
covered by two articles. Their evacuation figures differ between the floods (3,000 against 800), which is
no contradiction; within one flood a figure that differs is.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from factcheck.engine.stories import ONE_STORY, collect, find_stories
from factcheck.pipeline import RunOptions, run

FLOOD_A = ("---\ndate: 2024-05-02\n---\nThe flood in Vellmoor forced {n} people to evacuate on Wednesday, said "
           "Maren Oskell of the Vellmoor Rescue Board. Water reached the old mill in Vellmoor.\n")
FLOOD_B = ("---\ndate: 2024-05-02\n---\nIn Quarrington, the river burst its banks and {n} people were "
           "evacuated, said Tobiah Prentiss of the Quarrington Fire Brigade. Quarrington lies low.\n")


def write(tmp: Path, files: dict[str, str]) -> Path:
    corpus = tmp / "corpus"
    corpus.mkdir()
    for name, text in files.items():
        (corpus / name).write_text(text, encoding="utf-8")
    return corpus


def evacuation(tmp: Path, monkeypatch, files: dict[str, str]):
    monkeypatch.chdir(tmp)  # no ./rules: the built-in rules only
    report = run(RunOptions(paths=[str(write(tmp, files))]))
    facts = {f.key: sorted(c.text for c in f.claims) for f in report.facts if f.rule == "people-evacuated"}
    found = [f for f in report.findings if f.rule == "people-evacuated"]
    return facts, found


def test_two_stories_are_not_compared_with_each_other(tmp_path, monkeypatch) -> None:
    facts, found = evacuation(tmp_path, monkeypatch, {
        "a1.md": FLOOD_A.format(n="3,000"), "a2.md": FLOOD_A.format(n="about 3,000"),
        "b1.md": FLOOD_B.format(n="800"), "b2.md": FLOOD_B.format(n="some 800"),
    })
    assert found == []
    assert facts == {"people evacuated (story: Vellmoor)": ["3,000 people", "about 3,000 people"],
                     "people evacuated (story: Quarrington)": ["800 people", "some 800 people"]}


def test_a_contradiction_within_one_story_is_still_found(tmp_path, monkeypatch) -> None:
    facts, found = evacuation(tmp_path, monkeypatch, {
        "a1.md": FLOOD_A.format(n="3,000"), "a2.md": FLOOD_A.format(n="about 3,000"),
        "a3.md": FLOOD_A.format(n="1,200"),
        "b1.md": FLOOD_B.format(n="800"), "b2.md": FLOOD_B.format(n="some 800"),
    })
    [f] = found
    assert f.fact == "people evacuated (story: Vellmoor)"
    assert Path(f.evidence[0].location.path).name == "a3.md" and f.evidence[0].text == "1,200 people"


def test_one_story_keeps_its_fact_keys(tmp_path, monkeypatch) -> None:
    facts, found = evacuation(tmp_path, monkeypatch, {
        "a1.md": FLOOD_A.format(n="3,000"), "a2.md": FLOOD_A.format(n="1,200"),
    })
    assert list(facts) == ["people evacuated"]
    assert [f.fact for f in found] == ["people evacuated"]  # 3,000 against 1,200: one finding, either way


def test_declared_stories_win_over_shared_names(tmp_path, monkeypatch) -> None:
    # the same town twice, a year apart: the front matter says these are two stories
    one = FLOOD_A.replace("---\ndate", "---\nstory: flood-2023\ndate")
    two = FLOOD_A.replace("---\ndate", "---\nstory: flood-2024\ndate")
    facts, found = evacuation(tmp_path, monkeypatch, {"a1.md": one.format(n="3,000"),
                                                      "a2.md": two.format(n="800")})
    assert found == []
    assert facts == {"people evacuated (story: flood-2023)": ["3,000 people"],
                     "people evacuated (story: flood-2024)": ["800 people"]}


def test_event_dates_of_two_stories_are_not_compared(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    a = ("---\ndate: 2024-03-20\n---\nThe Hollin Dam near Vellmoor collapsed on March 12, said Maren Oskell of "
         "the Vellmoor Rescue Board.\n")
    b = ("---\ndate: 2024-03-20\n---\nThe Tarrow Dam near Quarrington collapsed on March 17, said Tobiah "
         "Prentiss of the Quarrington Fire Brigade.\n")
    corpus = write(tmp_path, {"a1.md": a, "a2.md": a, "b1.md": b, "b2.md": b.replace("March 17", "March 18")})
    found = [f for f in run(RunOptions(paths=[str(corpus)])).findings if f.kind == "contradiction"]
    # only Quarrington's two articles disagree (17 against 18 March); Vellmoor's 12 March is another dam
    assert {Path(e.location.path).name for f in found for e in f.evidence} <= {"b1.md", "b2.md"}
    assert found and all("Quarrington" in f.fact for f in found)


# --- find_stories on its own: a pure function of ids, metadata and names ---------------------------------

def names(*xs: str) -> str:
    return "\n".join(sorted(xs))


def test_articles_sharing_distinctive_names_form_a_story() -> None:
    ids = ["a", "b", "c", "d"]
    found = find_stories(ids, [{}] * 4, [names("Vellmoor", "Maren Oskell"), names("Vellmoor", "Hollin Dam"),
                                         names("Quarrington", "Tobiah Prentiss"), names("Quarrington")])
    assert found.count == 2
    assert found.of == {"a": "Vellmoor", "b": "Vellmoor", "c": "Quarrington", "d": "Quarrington"}


def test_one_shared_name_among_many_is_not_enough() -> None:
    # b shares one of its four names with a: under MIN_OVERLAP (0.3) of the smaller set, no link
    a = names("Vellmoor", "Maren Oskell", "Hollin Dam", "Rescue Board")
    b = names("Vellmoor", "Tarrow", "Quarrington", "Tobiah Prentiss")
    found = find_stories(["a", "b"], [{}, {}], [a, b])
    assert found.count == 2


def test_a_corpus_of_one_story_is_one_story() -> None:
    found = find_stories(["a", "b", "c"], [{}] * 3, [names("Soledar"), names("Soledar", "Bakhmut"), ""])
    assert found is ONE_STORY or found.count == 1
    assert found.label("a") is None


def test_articles_naming_nothing_join_the_one_story_or_go_together() -> None:
    one = find_stories(["a", "b", "c", "d"], [{}] * 4, ["", "", names("Vellmoor"), names("Vellmoor")])
    assert one.count == 1
    two = find_stories(["a", "b", "c", "d", "e"], [{}] * 5,
                       ["", "", names("Vellmoor"), names("Vellmoor"), names("Quarrington")])
    assert two.count == 3
    assert two.of["a"] == two.of["b"] == "a" and two.of["c"] == two.of["d"] == "Vellmoor"


def test_names_in_too_many_articles_do_not_link() -> None:
    # 60 articles name "Ukraine" (more than COMMON_MIN = 50): it says nothing about which story they tell
    n = 60
    ids = [f"d{i:02d}" for i in range(n)]
    found = find_stories(ids, [{}] * n, [names("Ukraine", f"Town{i // 2}") for i in range(n)])
    assert found.count == 30
    assert found.of["d00"] == found.of["d01"] != found.of["d02"]


def test_declared_story_joins_articles_without_names_and_splits_shared_ones() -> None:
    metas = [{"story": "x"}, {"story": "x"}, {"story": "y"}]
    found = find_stories(["a", "b", "c"], metas, ["", names("Vellmoor"), names("Vellmoor")])
    assert found.of == {"a": "x", "b": "x", "c": "y"}


def test_two_stories_with_the_same_name_are_told_apart() -> None:
    metas = [{"story": "flood"}, {"story": "flood"}]
    found = find_stories(["a", "b", "c"], [*metas, {}], ["", "", names("Flood")])
    # "flood" declared, and another story named by its most shared name, "Flood": different labels
    assert found.count == 2 and found.of["a"] == "flood" and found.of["c"] == "Flood"
    same = find_stories(["a", "b"], [{}, {}], [names("Vellmoor"), names("Quarrington")])
    assert same.of == {"a": "Vellmoor", "b": "Quarrington"}


def test_order_of_articles_does_not_matter() -> None:
    ids = ["a", "b", "c", "d", "e"]
    given = [names("Vellmoor"), names("Quarrington", "Tarrow"), names("Vellmoor", "Maren Oskell"),
             names("Tarrow"), ""]
    metas = [{}, {}, {}, {"story": "t"}, {}]
    first = find_stories(ids, metas, given)
    order = [4, 2, 0, 3, 1]
    second = find_stories([ids[i] for i in order], [metas[i] for i in order], [given[i] for i in order])
    assert first == second


@pytest.mark.parametrize("text,expected", [
    ("Vellmoor flooded. Residents of Vellmoor left.", ["Vellmoor"]),  # sentence-initial use alone is not enough
    ("Residents left. The town emptied.", []),
])
def test_story_names_are_names_written_inside_a_sentence(text, expected) -> None:
    from factcheck.analysis import analyze
    from factcheck.model import Document, SourceMap, line_starts

    assert collect(analyze(Document("a.txt", text, SourceMap(line_starts(text))))).split("\n") == (expected or [""])
