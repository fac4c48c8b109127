"""Inputs nested absurdly deep (front matter, JSON records, the config): a message naming the file, never a
crash. libyaml's composer recurses in C and kills the process past ~10,000 levels, so the runs below are
made in a child process: a regression shows as a failed test, not a dead test session."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from factcheck.loading import parse_bytes

DEPTH = 200_000  # far past where libyaml's composer crashed (between 10,000 and 30,000 levels)
BODY = "The flood struck Vellmoor, 5 km from Ashford.\n"


def _run(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "factcheck", "run", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=120)


def test_deep_articles_are_reported_and_the_others_checked(tmp_path: Path) -> None:
    (tmp_path / "flow.md").write_text(f"---\ntitle: {'[' * DEPTH}{']' * DEPTH}\n---\n{BODY}", encoding="utf-8")
    (tmp_path / "block.md").write_text(f"---\ntags:\n{'- ' * DEPTH}x\n---\n{BODY}", encoding="utf-8")
    (tmp_path / "deep.json").write_text('{"title": ' + "[" * DEPTH + "]" * DEPTH + f', "text": {json.dumps(BODY)}}}',
                                        encoding="utf-8")
    (tmp_path / "deep.jsonl").write_text(f'{{"text": {json.dumps(BODY)}}}\n{{"text": "x", "meta": '
                                         + '{"a": ' * DEPTH + "1" + "}" * DEPTH + "}\n", encoding="utf-8")
    (tmp_path / "fine.txt").write_text("The council met on Friday, March 13, 2025.\n", encoding="utf-8")
    done = _run(tmp_path, ".", "--no-cache", "--no-config", "--format", "json")
    assert done.returncode == 1, done.stderr  # findings, not a crash (-11) or an internal error (2)
    report = json.loads(done.stdout)
    problems = {(f["evidence"][0]["path"], f["message"]) for f in report["findings"] if f["rule"] == "input-error"}
    assert ("flow.md", "front matter nested too deeply; ignored") in problems
    assert ("block.md", "front matter nested too deeply; ignored") in problems
    assert ("deep.json", "invalid JSON: nested too deeply") in problems
    assert any(p == "deep.jsonl" and m == "invalid JSON record: nested too deeply" for p, m in problems)
    # the other files are still checked (13 March 2025 was a Thursday)
    assert report["summary"]["files"] == 5
    assert any(f["rule"] == "weekday" and f["evidence"][0]["path"] == "fine.txt" for f in report["findings"])


def test_long_front_matter_is_still_read() -> None:
    # past the length where the pure-Python loader takes over, a sound header gives the same metadata
    summary = "word " * 2000
    data = f"---\noutlet: Daily Ledger\nsummary: {summary}\n---\n{BODY}".encode()
    (doc,), problems = parse_bytes("a.md", ".md", data)
    assert problems == []
    assert doc.meta["outlet"] == "Daily Ledger" and doc.meta["summary"] == summary.strip()


def test_deep_pyproject_config_is_a_config_error(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(f"[tool.factcheck]\nlevels = {'[' * DEPTH}{']' * DEPTH}\n",
                                             encoding="utf-8")
    done = _run(tmp_path, "a.txt", "--no-cache")
    assert done.returncode == 2
    assert "pyproject.toml:1: config nested too deeply" in done.stderr
    assert "internal error" not in done.stderr and "Traceback" not in done.stderr
