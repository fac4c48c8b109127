"""A directory of hostile inputs through `factcheck run`: a message per bad file, no traceback, the good
files still checked, exit code as documented, bounded time and memory."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

GOOD = "Rescuers said 12 people were evacuated from the town of Brindle on Tuesday.\n"


def _make_hostile_dir(root: Path) -> None:
    (root / "good.txt").write_text(GOOD, encoding="utf-8")
    (root / "empty.txt").write_bytes(b"")
    (root / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (root / "latin1.txt").write_bytes("Caf\xe9 au lait costs 3 euros.".encode("latin-1"))
    (root / "utf16.txt").write_bytes(("About 40 homes burned.\r\n" * 3).encode("utf-16"))
    (root / "cr_only.txt").write_bytes(b"One line\rTwo 5 km line\rThree\r")
    (root / "bad_front.md").write_text("---\ntitle: [oops\n---\nSome 10 km text.\n", encoding="utf-8")
    (root / "unclosed_front.md").write_text("---\ntitle: x\nNo end.\n", encoding="utf-8")
    (root / "bad.json").write_text('{"text": "unterminated', encoding="utf-8")
    (root / "records.jsonl").write_text('{"text": "fine 3 km"}\n[1,2]\n{"body": 5}\nnot json\n', encoding="utf-8")
    (root / "long_line.txt").write_text(("The fire burned 500 acres near the river. " * 60_000), encoding="utf-8")
    (root / "controls.txt").write_text("Evil \x1b[2J\x1b]0;title\x07 text with 7 km and \x00 NUL.", encoding="utf-8")
    (root / "html.md").write_text('<script>alert(1)</script> "><img src=x onerror=alert(1)> 4 km', encoding="utf-8")
    many = root / "many"
    many.mkdir()
    for i in range(500):
        (many / f"{i:04d}.txt").write_text(f"Item {i}: about {i % 50} people.", encoding="utf-8")
    loop = root / "loop"
    loop.mkdir()
    os.symlink(root, loop / "back")


def _limit_memory() -> None:  # 2 GiB of address space: a runaway allocation fails instead of swapping
    resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory: pytest.TempPathFactory) -> subprocess.CompletedProcess[str]:
    root = tmp_path_factory.mktemp("hostile")
    _make_hostile_dir(root)
    return subprocess.run(
        [sys.executable, "-m", "factcheck", "run", str(root), "--format", "json", "--fail-on", "error"],
        capture_output=True, text=True, timeout=300, preexec_fn=_limit_memory, cwd=root,
    )


def test_no_traceback_and_documented_exit_code(hostile_run: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in hostile_run.stderr
    assert hostile_run.returncode == 1, hostile_run.stderr  # input errors are error-level findings
    json.loads(hostile_run.stdout)


def test_each_bad_file_is_named_with_a_reason(hostile_run: subprocess.CompletedProcess[str]) -> None:
    findings = json.loads(hostile_run.stdout)["findings"]
    problems = {(f["evidence"][0]["path"], f["evidence"][0].get("record")): f for f in findings
                if f["kind"] == "input-error"}
    by_name = {Path(p).name: f["message"] for (p, _), f in problems.items()}
    assert "binary" in by_name["binary.txt"]
    assert "UTF-8" in by_name["latin1.txt"]
    assert "front matter" in by_name["bad_front.md"] and "never closed" in by_name["unclosed_front.md"]
    assert "invalid JSON" in by_name["bad.json"]
    assert "empty" in by_name["empty.txt"]
    jsonl = sorted(r for (p, r), f in problems.items() if p.endswith("records.jsonl"))
    assert jsonl == [1, 2, 3]


def test_good_files_are_still_checked(hostile_run: subprocess.CompletedProcess[str]) -> None:
    summary = json.loads(hostile_run.stdout)["summary"]
    assert summary["files"] >= 512
