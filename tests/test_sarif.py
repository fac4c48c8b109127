"""SARIF 2.1.0 output: schema-valid, and carrying what GitHub code scanning needs."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from ci_helpers import contradiction, copy_corpus, ev, finding, report
from typer.testing import CliRunner

from factcheck.cli import app
from factcheck.model import Finding, Severity
from factcheck.reporters import sarif

SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))


def validate(doc: dict) -> None:
    jsonschema.validators.validator_for(SCHEMA)(SCHEMA).validate(doc)


def test_hand_built_report_is_valid_and_complete(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    info = finding(Severity.INFO, 1, rule="unused-suppression")
    doc = sarif.to_sarif(report(contradiction(), info), cwd=tmp_path)
    validate(doc)
    assert doc["version"] == "2.1.0"
    assert len(doc["runs"]) == 1
    run = doc["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "factcheck" and driver["version"]
    ids = [r["id"] for r in driver["rules"]]
    assert ids == ["distance", "unused-suppression"]
    for r in driver["rules"]:
        assert r["shortDescription"]["text"] and r["fullDescription"]["text"] and r["help"]["text"]
    res = run["results"][0]
    assert res["ruleId"] == "distance" and res["level"] == "error"
    assert driver["rules"][res["ruleIndex"]]["id"] == "distance"
    loc = res["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"]["uri"] == "sources/a.txt"
    # "some five miles" at column 10 ends at column 24 inclusive: SARIF's endColumn is exclusive, so 25
    assert loc["region"] == {"startLine": 4, "startColumn": 10, "endLine": 4, "endColumn": 25,
                             "snippet": {"text": "some five miles"}}
    related = res["relatedLocations"]
    assert [r["id"] for r in related] == [1]
    assert related[0]["physicalLocation"]["artifactLocation"]["uri"] == "sources/b.txt"
    assert related[0]["physicalLocation"]["region"]["startLine"] == 10
    assert "](1)" in res["message"]["text"]
    # literal brackets of the message are escaped so that viewers do not take them for links
    assert "8 km \\[≈\\] against" in res["message"]["text"]
    assert res["partialFingerprints"] == {"factcheckFingerprint/v1": contradiction().fingerprint}
    assert run["results"][1]["level"] == "note"


def test_uris_are_relative_to_the_repository_root(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    sub = tmp_path / "desk"
    sub.mkdir()
    f = Finding("r", "spelling", Severity.WARNING, "m", (ev("my notes/a b.md", 1, 1, "x"),))
    doc = sarif.to_sarif(report(f), cwd=sub)
    validate(doc)
    assert doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == \
        "desk/my%20notes/a%20b.md"


def test_empty_report_is_valid(tmp_path: Path) -> None:
    doc = sarif.to_sarif(report(), cwd=tmp_path)
    validate(doc)
    assert doc["runs"][0]["results"] == []


def test_sample_corpus_sarif_has_the_distance_contradiction(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                                             ) -> None:
    """Acceptance: the SARIF of the sample corpus validates and carries the 000/003 contradiction."""
    monkeypatch.chdir(copy_corpus(tmp_path))
    out = tmp_path / "out.sarif"
    result = CliRunner().invoke(app, ["run", "sources", "--rules", "rules", "--format", "sarif", "--output",
                                      str(out), "--exit-zero"])
    assert result.exit_code == 0, result.output
    doc = json.loads(out.read_text(encoding="utf-8"))
    validate(doc)
    pairs = []
    for res in doc["runs"][0]["results"]:
        primary = res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        related = [r["physicalLocation"]["artifactLocation"]["uri"] for r in res.get("relatedLocations", [])]
        pairs.append((primary, related, res["message"]["text"]))
    hits = [p for p in pairs if {p[0], *p[1]} >= {"sources/000_0d7f0ad2647d657a.txt",
                                                  "sources/003_3307e86b407f5462.txt"}]
    assert hits, f"no result links 000 and 003: {pairs}"
    assert any("](1)" in h[2] for h in hits)


def test_sarif_is_deterministic() -> None:
    a = sarif.render(report(contradiction(), finding(Severity.WARNING, 2)))
    b = sarif.render(report(contradiction(), finding(Severity.WARNING, 2)))
    assert a == b
