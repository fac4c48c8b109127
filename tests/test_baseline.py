"""Baselines: round trip, atomic write, counting, and the acceptance round trip on the sample corpus."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from ci_helpers import contradiction, copy_corpus, ev, finding
from typer.testing import CliRunner

from factcheck.baseline import BaselineError, apply_baseline, read_baseline, write_baseline
from factcheck.cli import app
from factcheck.model import Finding, Location, Severity


def test_round_trip_and_file_contents(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "baseline.json"
    findings = [contradiction(), finding(Severity.WARNING, 1)]
    assert write_baseline(path, findings) == 2
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["tool"] == "factcheck" and data["version"] == 1
    assert sorted(e["id"] for e in data["findings"]) == sorted(f.fingerprint for f in findings)
    assert read_baseline(path) == Counter(f.fingerprint for f in findings)
    assert [p.name for p in path.parent.iterdir()] == ["baseline.json"]  # no temporary file left behind


def test_written_bytes_do_not_depend_on_order(tmp_path: Path) -> None:
    a, b = contradiction(), finding(Severity.WARNING, 1)
    write_baseline(tmp_path / "1.json", [a, b])
    write_baseline(tmp_path / "2.json", [b, a])
    assert (tmp_path / "1.json").read_bytes() == (tmp_path / "2.json").read_bytes()


def test_write_is_atomic_on_failure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "baseline.json"
    path.write_text("old", encoding="utf-8")

    def boom(*_args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("factcheck.atomic.os.replace", boom)
    with pytest.raises(OSError):
        write_baseline(path, [contradiction()])
    assert path.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["baseline.json"]


def test_moved_text_keeps_the_fingerprint_new_text_does_not() -> None:
    old = contradiction()
    moved = Finding(old.rule, old.kind, old.severity, old.message, tuple(
        type(e)(Location(e.location.path, e.location.line + 5, 1, e.location.line + 5, 9), e.text, e.role)
        for e in old.evidence), old.fact)
    changed = Finding(old.rule, old.kind, old.severity, old.message,
                      (ev("sources/a.txt", 4, 10, "some six miles", "outlier"), old.evidence[1]), old.fact)
    result = apply_baseline([moved, changed], Counter([old.fingerprint]))
    assert result.findings == [changed] and result.baselined == 1 and result.gone == 0


def test_counts_duplicates_and_gone_entries() -> None:
    f = finding(Severity.ERROR, 1)
    result = apply_baseline([f, f], Counter({f.fingerprint: 1, "feedfacefeedface": 2}))
    assert result.findings == [f]  # the baseline holds one, the run has two: one is new
    assert result.baselined == 1 and result.gone == 2


@pytest.mark.parametrize(("content", "line", "words"), [
    ('{\n  "findings": [\n    {"id": 1,\n', 4, "invalid JSON"),
    ('[1, 2]', 1, "not a factcheck baseline"),
    ('{"findings": [{"rule": "x"}]}', 1, 'no string "id"'),
])
def test_bad_baseline_files(tmp_path: Path, content: str, line: int, words: str) -> None:
    path = tmp_path / "b.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(BaselineError) as exc:
        read_baseline(path)
    assert exc.value.line == line and words in exc.value.message


def test_cli_missing_baseline_is_a_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text("Nothing to see.\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["run", "a.txt", "--no-config", "--baseline", "missing.json"])
    assert result.exit_code == 2
    assert "missing.json:1: baseline file not found" in result.output


# --- acceptance: the sample corpus ------------------------------------------------------------------------

def run_json(*args: str) -> tuple[int, list[dict], str]:
    result = CliRunner().invoke(app, ["run", "sources", "--rules", "rules", "--no-config", "--format", "json",
                                      *args])
    out = result.stdout
    return result.exit_code, json.loads(out)["findings"] if out.strip() else [], result.stderr


def test_round_trip_on_the_sample_corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(copy_corpus(tmp_path))
    code, before, _ = run_json()
    assert code == 1 and any(f["kind"] == "contradiction" for f in before), "the engine finds contradictions"

    code, _, err = run_json("--write-baseline", "baseline.json")
    assert code == 0 and "wrote" in err
    code, findings, err = run_json("--baseline", "baseline.json")
    assert (code, findings) == (0, [])
    assert f"{len(before)} finding(s) hidden" in err

    # a new contradiction: one article now gives another pre-war population
    article = Path("sources/002_fed1982a6e55a3ec.txt")
    text = article.read_text(encoding="utf-8")
    assert text.count("an estimated 10,000 inhabitants") == 1
    article.write_text(text.replace("an estimated 10,000 inhabitants", "an estimated 40,000 inhabitants"),
                       encoding="utf-8")
    code, findings, _ = run_json("--baseline", "baseline.json")
    assert code == 1
    assert findings and all(f["id"] not in {b["id"] for b in before} for f in findings)
    assert any("40,000" in e["text"] for f in findings for e in f["evidence"]), findings
    article.write_text(text, encoding="utf-8")

    # moving a paragraph keeps every baselined finding baselined
    moved = Path("sources/003_3307e86b407f5462.txt")
    lines = moved.read_text(encoding="utf-8").splitlines(keepends=True)
    distance = next(i for i, line in enumerate(lines) if "10km" in line)
    lines.insert(len(lines), lines.pop(distance))
    moved.write_text("".join(lines), encoding="utf-8")
    code, findings, err = run_json("--baseline", "baseline.json")
    assert (code, findings) == (0, []), findings
    assert "no longer occur" not in err
