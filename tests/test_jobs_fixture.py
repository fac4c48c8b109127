"""An unseen business story with only the built-in rules: job cuts stated two ways across articles, and a
percentage that does not match its own figures."""

from __future__ import annotations

from pathlib import Path

from factcheck.pipeline import RunOptions, run

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "jobs"


def test_job_cuts_and_percentage(monkeypatch) -> None:
    monkeypatch.chdir(FIXTURE.parent)
    report = run(RunOptions(paths=["jobs"]))
    found = sorted((f.kind, Path(f.evidence[0].location.path).name, f.evidence[0].text) for f in report.findings)
    assert found == [
        ("contradiction", "c.txt", "2,100 cuts"),  # 2,100 against 1,200 in a and b
        # b: 10 % of 15,000 is 1,500, not about 1,200 (8 %); a's "about 8%" is right
        ("percentage", "b.txt", "about 1,200 positions"),
    ]
    jobs = next(f for f in report.facts if f.key == "jobs cut")
    # the 900 cut at one plant are a part in every article, never a claim about the total
    assert all("900" not in c.text for c in jobs.claims)
