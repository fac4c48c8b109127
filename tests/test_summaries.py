"""A run keeps per-article summaries, not texts (factcheck.file_results): what that must not change."""

from __future__ import annotations

import pickle
from pathlib import Path

from factcheck.file_analysis import AnalyzeStats, ScaleOptions
from factcheck.model import DocInfo
from factcheck.pipeline import RunOptions, run
from factcheck.reporters import get

A = "Ashford is 10 km from Brackley, officials said.\n"  # Ashford is a place only if another article says so
B_PLACE = "Shelling hit homes in Ashford on Monday.\n"
B_PLAIN = "Shelling hit homes on Monday.\n"
C = "The weather was mild on Monday.\n"


def _write(folder: Path, **texts: str) -> None:
    folder.mkdir(exist_ok=True)
    for name, text in texts.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")


def _run(folder: Path, cache: Path | None) -> tuple[AnalyzeStats, list[str], str]:
    stats = AnalyzeStats()
    report = run(RunOptions(paths=[folder], rule_paths=[], scale=ScaleOptions(cache_dir=cache, stats=stats)))
    return stats, sorted(f.key for f in report.facts), get("json").render(report)


def test_a_place_named_in_another_article_makes_the_claim(tmp_path: Path) -> None:
    _write(tmp_path / "x", a=A, b=B_PLACE)
    assert _run(tmp_path / "x", None)[1] == ["distance Ashford–Brackley"]
    _write(tmp_path / "y", a=A, b=B_PLAIN)
    assert _run(tmp_path / "y", None)[1] == []


def test_editing_one_article_remakes_those_whose_places_it_changes(tmp_path: Path) -> None:
    arts, cache = tmp_path / "arts", tmp_path / "cache"
    _write(arts, a=A, b=B_PLACE, c=C)
    stats, facts, _ = _run(arts, cache)
    assert (stats.cached, stats.analysed, facts) == (0, 3, ["distance Ashford–Brackley"])

    _write(arts, b=B_PLAIN)  # Ashford is no longer named as a place anywhere: a's claim goes
    stats, facts, out = _run(arts, cache)
    assert (stats.cached, stats.analysed, facts) == (1, 2, [])  # b edited, a re-made, c from the cache
    assert out == _run(arts, None)[2]

    _write(arts, c="The weather was cold on Monday.\n")  # names no place: only c is made again
    stats, _, out = _run(arts, cache)
    assert (stats.cached, stats.analysed) == (2, 1)
    assert out == _run(arts, None)[2]

    _write(arts, b=B_PLACE)  # back as it was: a's claim returns, from the first run's entry... or made again
    stats, facts, out = _run(arts, cache)
    assert facts == ["distance Ashford–Brackley"] and out == _run(arts, None)[2]


def test_a_run_keeps_no_article_text(tmp_path: Path) -> None:
    hidden = "The mayor thanked the volunteers who cleared the square"
    _write(tmp_path / "arts", a=f"{A}{hidden}.\n", b=B_PLACE)
    report = run(RunOptions(paths=[tmp_path / "arts"], rule_paths=[]))
    assert report.facts and all(isinstance(d, DocInfo) for d in report.docs) and len(report.docs) == 2
    assert hidden.encode() not in pickle.dumps(report)  # neither the text nor a sentence of it
    assert report.analyses == []


def test_excerpts_are_read_again_only_from_unchanged_files(tmp_path: Path) -> None:
    arts = tmp_path / "arts"
    _write(arts, a="Officials said 40 people were evacuated from Ashford.\n",
           b="Officials said 400 people were evacuated from Ashford.\n",
           c="Officials said 41 people were evacuated from Ashford.\n")
    report = run(RunOptions(paths=[arts], rule_paths=[]))
    assert report.findings, "the 400 against 40 and 41 is a contradiction"
    text = get("text").render(report, color=False)
    assert "Officials said »400 people« were evacuated from Ashford." in text  # the sentence around it

    (arts / "b.txt").write_text("Officials said 400 people were not evacuated at all from Ashford.\n")
    stale = get("text").render(report, color=False)
    assert "»400 people«" not in stale and "not evacuated" not in stale  # no excerpt from the changed file
    assert "'400 people' (400) in b" in stale and "»41 people« were evacuated" in stale  # the rest as before


def test_one_pass_scan_finds_what_the_gazetteer_and_the_candidates_find() -> None:
    from factcheck.engine.places import gazetteer, place_candidates, scan_places
    from factcheck.loading import load

    texts = [d.text for d in load([Path(__file__).resolve().parents[1] / "sources"]).documents]
    texts += ["Shelling hit Ashford's centre, 10 km from New Brackley Town on the Avon, in Cedar Falls.", ""]
    for text in texts:
        places, candidates = scan_places(text)
        assert places == gazetteer([text]) and candidates == place_candidates(text)
    assert {"Ashford", "New Brackley Town", "New Brackley", "Brackley Town", "Cedar Falls"} <= scan_places(texts[-2])[1]
    assert "Cedar Falls" in scan_places(texts[-2])[0]


def test_the_scan_reads_the_same_texts_without_parsing_front_matter() -> None:
    from factcheck.loading import parse_bytes

    for raw in (b"---\ndate: 2024-03-14\noutlet: Daily\n---\nAbout 5 km from Ashford.\n",
                b"---\ndate: [unclosed\n---\nText after bad YAML.\n", b"---\nnever closed\nText.\n", b"Plain.\n"):
        full, _ = parse_bytes("a.md", ".md", raw)
        bare, _ = parse_bytes("a.md", ".md", raw, meta_wanted=False)
        assert [(d.text, d.source_map) for d in bare] == [(d.text, d.source_map) for d in full]
    assert parse_bytes("a.md", ".md", b"---\noutlet: Daily\n---\nX.\n", meta_wanted=False)[0][0].meta == {}
