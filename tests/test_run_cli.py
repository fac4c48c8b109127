"""`factcheck run` and `factcheck facts` through the command line: exit codes, the JSON contract, rule errors,
plain text without a terminal, and the same bytes whatever the order of files on disk."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from factcheck.cli import app

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "sources"
WILDFIRE = ROOT / "tests" / "fixtures" / "wildfire"


@pytest.fixture
def in_root(monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("NO_COLOR", "1")
    return ROOT


def invoke(*args: str):
    return CliRunner().invoke(app, list(args))


def test_run_in_repo_root_reports_the_distance_and_exits_1(in_root: Path) -> None:
    result = invoke("run", "--no-config")
    assert result.exit_code == 1, result.output
    out = result.stdout
    assert "distance Bakhmut–Soledar" in out
    assert "sources/000_0d7f0ad2647d657a.txt:4:46" in out and "»some five miles«" in out
    assert out.rstrip().splitlines()[-1].startswith("5 files checked: ")
    assert "\x1b[" not in out  # not a terminal: plain text


def test_json_contract(in_root: Path) -> None:
    result = invoke("run", "--no-config", "--format", "json", "sources")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert set(data) == {"findings", "summary"}
    assert data["summary"]["files"] == 5
    assert set(data["summary"]["findings"]) == {"error", "warning", "info"}
    [dist] = [f for f in data["findings"] if f["kind"] == "contradiction"]
    assert list(dist)[:6] == ["id", "rule", "kind", "severity", "fact", "message"]
    assert dist["severity"] == "error" and dist["fact"] == "distance Bakhmut–Soledar"
    assert len(dist["id"]) == 16
    ev = dist["evidence"][0]
    assert {k: ev[k] for k in ("path", "line", "column", "end_line", "end_column", "text", "role")} == {
        "path": "sources/000_0d7f0ad2647d657a.txt", "line": 4, "column": 46, "end_line": 4, "end_column": 60,
        "text": "some five miles", "role": "outlier"}
    assert {e["role"] for e in dist["evidence"]} == {"outlier", "consensus", "other"}


def test_fail_on_levels(in_root: Path) -> None:
    args = ["run", "--no-config", str(WILDFIRE / "articles"), "--rules", str(WILDFIRE / "rules")]
    assert invoke(*args, "--fail-on", "never").exit_code == 0
    assert invoke(*args, "--exit-zero").exit_code == 0
    assert invoke(*args, "--fail-on", "info").exit_code == 1


def test_clean_corpus_exits_0(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text("The fire killed 17 people, officials said.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Seventeen people died in the fire.\n", encoding="utf-8")
    result = invoke("run", "--no-config", ".", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["summary"]["findings"]["error"] == 0


@pytest.mark.parametrize(("text", "line", "problem"), [
    ("id: x\nextends: quantity\nmeasure: length\ntolerance: [1, 2]\n", 4, "tolerance"),
    ("- id: x\n  extends: quantity\n  counts: people\n  colour: red\n", 4, "unknown key 'colour'"),
    ("id: x\nextends: quantity\nmeasure: length\nunit: parsecz\n", 4, "unknown unit 'parsecz'"),
    ("id: x\nextends: quantity\n  measure: [length\n", 3, "invalid YAML"),
])
def test_rule_errors_exit_2_with_one_line(tmp_path: Path, in_root: Path, text: str, line: int,
                                          problem: str) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(text, encoding="utf-8")
    result = invoke("run", "--no-config", "--rules", str(bad), "sources")
    assert result.exit_code == 2
    err = result.stderr.strip()
    assert len(err.splitlines()) == 1 and "Traceback" not in err
    assert err.startswith(f"factcheck: error: {bad.as_posix()}:{line}: ") and problem in err


def test_rule_error_from_a_real_process_has_no_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "rules" / "bad.yml"
    bad.parent.mkdir()
    bad.write_text("id: x\nextends: quantity\ncounts: people\nexpected: 3 km\n", encoding="utf-8")
    shutil.copy(SOURCES / "000_0d7f0ad2647d657a.txt", tmp_path / "a.txt")
    proc = subprocess.run([sys.executable, "-m", "factcheck", "run", "a.txt"], cwd=tmp_path, capture_output=True,
                          text=True, timeout=120, env={**os.environ, "NO_COLOR": "1"})
    assert proc.returncode == 2
    assert proc.stderr.strip() == "factcheck: error: rules/bad.yml:4: expected: a count takes no unit, got 'km'"
    assert proc.stdout == ""


def test_same_bytes_whatever_the_order_of_files_on_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    names = sorted(p.name for p in SOURCES.glob("*.txt"))
    outputs = []
    for order, sub in ((names, "one"), (list(reversed(names)), "two")):
        folder = tmp_path / sub / "corpus"
        folder.mkdir(parents=True)
        for name in order:  # created in a different order: directory listing order differs
            shutil.copy(SOURCES / name, folder / name)
        monkeypatch.chdir(tmp_path / sub)
        outputs.append(invoke("run", "--no-config", "corpus", "--format", "json").stdout)
        outputs.append(invoke("run", "--no-config", *[f"corpus/{n}" for n in order]).stdout)
    assert outputs[0] == outputs[2] and outputs[1] == outputs[3]
    assert "distance Bakhmut–Soledar" in outputs[0]


def test_facts_sheet_text_and_json(in_root: Path) -> None:
    result = invoke("facts", "--no-config")
    assert result.exit_code == 0, result.output
    assert "distance Bakhmut–Soledar" in result.stdout and "pre-war population Soledar" in result.stdout
    assert "outlier   sources/000_0d7f0ad2647d657a.txt:4:46" in result.stdout
    data = json.loads(invoke("facts", "--no-config", "--format", "json").stdout)
    dist = next(f for f in data["facts"] if f["fact"] == "distance Bakhmut–Soledar")
    assert dist["unit"] == "kilometer" and dist["base_unit"] == "meter"
    bound = next(c for c in dist["claims"] if c["text"] == "less than 10km")
    assert bound["interval"][0] is None and bound["value"] == "< 10 km" and bound["role"] == "consensus"


def test_text_report_strips_control_characters_and_colours_only_on_request(tmp_path: Path) -> None:
    from factcheck.pipeline import RunOptions, run
    from factcheck.reporters import text

    (tmp_path / "a.txt").write_text("Ashford lies 5 miles from the town of Brackley.\x1b[2J\u202e\n",
                                    encoding="utf-8")
    (tmp_path / "b.txt").write_text("Ashford is 12 km from the town of Brackley.\n", encoding="utf-8")
    report = run(RunOptions(paths=[tmp_path], rule_paths=[]))
    plain = text.render(report, color=False)
    assert "\x1b" not in plain and "\u202e" not in plain and "»5 miles«" in plain
    coloured = text.render(report, color=True)
    assert "\x1b[" in coloured and "\x1b[2J" not in coloured
