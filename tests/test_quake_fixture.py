"""An unseen story (an earthquake in an invented country) with only the built-in rules: the planted
epicentre-distance contradiction is found, running figures are updates, and nothing else is reported."""

from __future__ import annotations

from pathlib import Path

from factcheck.pipeline import RunOptions, run

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "quake"


def _report(monkeypatch):
    monkeypatch.chdir(FIXTURE.parent)  # no ./rules here: built-in rules only
    return run(RunOptions(paths=["quake"]))


def test_planted_findings_and_no_false_alarms(monkeypatch) -> None:
    report = _report(monkeypatch)
    kinds = sorted((f.kind, f.severity.value, f.fact) for f in report.findings)
    assert kinds == [
        ("contradiction", "error", "epicentre distance from Miraval"),
        ("update", "info", "homes damaged"),
        ("update", "info", "people killed"),
    ]
    (contra,) = [f for f in report.findings if f.kind == "contradiction"]
    # c.md: 35 km; a.md: about 20 km; b.md: 12 miles = 19.3 km
    assert [(Path(e.location.path).name, e.role) for e in contra.evidence] == [
        ("c.md", "outlier"), ("a.md", "consensus"), ("b.md", "consensus")]
    assert "45 % apart" in contra.message  # (35 - 19.3) / 35


def test_magnitude_is_not_a_count_and_depth_is_not_a_distance(monkeypatch) -> None:
    report = _report(monkeypatch)
    claimed = {c.text for f in report.facts for c in f.claims}
    assert "6.4" not in claimed and "10 km" not in claimed
    killed = next(f for f in report.facts if f.key == "people killed")
    assert sorted(c.text for c in killed.claims) == ["37", "At least 52 people", "at least 37 people"]
