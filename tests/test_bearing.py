"""Compass bearings given with a distance between two places: turned around to one point of view, then
compared."""

from __future__ import annotations

from pathlib import Path

from factcheck.pipeline import RunOptions, run

A = "Floodwater reached the town of Millbrook, which lies 12 miles north of Ashford, on Monday.\n"
B = "Crews drove from Millbrook to Ashford, 12 miles to the south, where the river burst its banks.\n"  # same bearing
C_EAST = "The village of Millbrook sits 19 km east of Ashford, officials said.\n"  # 90° off: error
C_NNE = "In Millbrook, 19 km north-east of Ashford, crews worked all night.\n"  # 45° off: warning


def _bearing_findings(tmp_path: Path, texts: list[str], monkeypatch) -> list:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i, t in enumerate(texts):
        (corpus / f"{i:02d}.txt").write_text(t, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    report = run(RunOptions(paths=["corpus"]))
    (fact,) = [f for f in report.facts if f.key.startswith("distance")]
    assert fact.key.endswith("Ashford–Millbrook") and len(fact.claims) == len(texts)
    return [f for f in report.findings if f.kind == "bearing"]


def test_same_bearing_from_either_end_agrees(tmp_path: Path, monkeypatch) -> None:
    assert _bearing_findings(tmp_path, [A, B], monkeypatch) == []


def test_a_right_angle_is_an_error_naming_both_views(tmp_path: Path, monkeypatch) -> None:
    (f,) = _bearing_findings(tmp_path, [A, B, C_EAST], monkeypatch)
    assert f.severity.value == "error"
    outlier = [e for e in f.evidence if e.role == "outlier"]
    assert [e.text for e in outlier] == ["east of Ashford"]
    assert {e.note for e in f.evidence if e.role == "consensus"} == {"Ashford south of Millbrook"}
    assert "90° apart" in f.message


def test_one_compass_point_apart_is_a_warning(tmp_path: Path, monkeypatch) -> None:
    (f,) = _bearing_findings(tmp_path, [A, B, C_NNE], monkeypatch)
    assert f.severity.value == "warning" and "45° apart" in f.message
    assert [e.note for e in f.evidence if e.role == "outlier"] == ["Ashford south-west of Millbrook"]


def test_sample_corpus_direction_of_bakhmut(monkeypatch) -> None:
    monkeypatch.chdir(Path(__file__).resolve().parent.parent)
    (f,) = [f for f in run(RunOptions(paths=["sources"])).findings if f.kind == "bearing"]
    assert f.severity.value == "warning"
    roles = {(Path(e.location.path).name[:3], e.location.line, e.role) for e in f.evidence}
    # 000 line 13 "to the southwest" and 004 line 17 "north-east of … Bakhmut" agree; 003 line 10 "south"
    assert roles == {("003", 10, "outlier"), ("000", 13, "consensus"), ("004", 17, "consensus")}
