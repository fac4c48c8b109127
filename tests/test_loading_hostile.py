"""Hostile article files: every bad file is reported with its path and reason; the others still load."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from factcheck.cli import app
from factcheck.loading import load, parse_markdown
from factcheck.model import Location, Severity


def _messages(result) -> dict[str, str]:
    return {Path(p.evidence[0].location.path).name: p.message for p in result.problems}


def test_empty_and_whitespace_files_are_noted_not_fatal(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.md").write_text("---\ntitle: x\n---\n\n  \n", encoding="utf-8")
    (tmp_path / "ok.txt").write_text("Ten people.", encoding="utf-8")
    result = load([tmp_path])
    msgs = _messages(result)
    assert "empty" in msgs["empty.txt"] and "empty" in msgs["blank.md"]
    assert all(p.severity.value == "info" for p in result.problems)
    assert len(result.documents) == 3


def test_utf16_with_bom_and_crlf_columns(tmp_path: Path) -> None:
    (tmp_path / "u.txt").write_bytes("line one\r\nthe 40C heat\r\n".encode("utf-16"))
    doc = load([tmp_path]).documents[0]
    i = doc.text.index("40C")
    loc = Location.of(doc, i, i + 3)
    assert (loc.line, loc.column, loc.end_column) == (2, 5, 7)


def test_symlink_loop_is_walked_once(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.txt").write_text("x", encoding="utf-8")
    os.symlink(tmp_path, tmp_path / "a" / "loop")
    result = load([tmp_path])
    assert [Path(d.path).name for d in result.documents] == ["x.txt"]


def test_unreadable_file_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "secret.txt").write_text("x", encoding="utf-8")
    (tmp_path / "fine.txt").write_text("y", encoding="utf-8")
    real = Path.read_bytes

    def deny(self: Path) -> bytes:
        if self.name == "secret.txt":
            raise PermissionError(13, "Permission denied")
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", deny)
    result = load([tmp_path])
    assert "Permission denied" in _messages(result)["secret.txt"]
    assert [d.text for d in result.documents] == ["y"]


def test_malformed_front_matter_names_the_line(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("---\ntitle: ok\ndate: [unclosed\n---\nBody text.\n", encoding="utf-8")
    result = load([tmp_path])
    assert result.documents[0].text == "Body text.\n"
    (prob,) = result.problems
    assert "front matter" in prob.message and prob.evidence[0].location.line >= 3


@pytest.mark.parametrize(("value", "reason"), [
    ("2023-02-30", "day is out of range"),  # a date YAML resolves but datetime refuses (ValueError)
    ("0000-01-01", "year 0 is out of range"),
    ("2023-01-01 25:00:00", "hour must be in 0..23"),
    ("2023-01-01 10:00:00+99:00", "offset must be"),
    ("!!bool maybe", "as bool"),  # KeyError in PyYAML's constructor
    ("!!timestamp soon", "as timestamp"),  # AttributeError
    ("!!int ''", "as int"),  # IndexError
])
def test_front_matter_value_yaml_cannot_build_is_a_warning_on_its_line(value: str, reason: str) -> None:
    docs, (prob,) = parse_markdown("a.md", f"---\ntitle: T\nlist:\n  - 1\n  - {{when: {value}}}\n---\nBody.\n")
    assert docs[0].text == "Body.\n" and docs[0].meta == {}
    assert prob.message.startswith("malformed front matter: ") and reason in prob.message
    assert prob.evidence[0].location.line == 5 and prob.severity is Severity.WARNING


def test_run_goes_on_past_an_impossible_front_matter_date(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "bad.md").write_text("---\ntitle: T\ndate: 2023-02-30\n---\nBody text here.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    alone = CliRunner().invoke(app, ["run", "--no-config", "--format", "json", "bad.md"])
    assert alone.exit_code == 0, alone.output  # a warning: not a failure, and no internal error (exit 2)
    for name in ("story1.txt", "story2.txt"):  # the same distance told two ways: an error-level finding
        (tmp_path / name).write_text("Soledar lies 10 km from Bakhmut.\n" if name == "story1.txt" else
                                     "Soledar lies 40 km from Bakhmut.\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["run", "--no-config", "--format", "json", "."])
    data = json.loads(result.stdout)
    assert data["summary"]["files"] == 3
    [warning] = [f for f in data["findings"] if f["evidence"][0]["path"] == "bad.md"]
    assert warning["severity"] == "warning" and "2023-02-30" in warning["message"]
    assert warning["evidence"][0]["line"] == 3
    others = [f for f in data["findings"] if f["evidence"][0]["path"] != "bad.md"]
    assert any(f["severity"] == "error" for f in others)
    assert result.exit_code == 1


def test_invalid_json_file_names_line_and_column(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text('[\n {"text": "a"},\n {"text": }\n]\n', encoding="utf-8")
    (prob,) = load([tmp_path]).problems
    loc = prob.evidence[0].location
    assert "invalid JSON" in prob.message and loc.line == 3


def test_non_object_records_and_missing_text_are_skipped_with_a_reason(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text('[1, {"title": "no text"}, {"text": "kept"}]', encoding="utf-8")
    result = load([tmp_path])
    assert [d.text for d in result.documents] == ["kept"]
    assert sorted(p.evidence[0].location.record for p in result.problems) == [0, 1]


def test_long_single_line_file_loads_quickly(tmp_path: Path) -> None:
    (tmp_path / "big.txt").write_text("word " * 780_000, encoding="utf-8")  # 3.9 MB, one line, under the limit
    doc = load([tmp_path]).documents[0]
    assert Location.of(doc, 3_899_990, 3_899_994).line == 1


def test_sources_are_never_modified(tmp_path: Path) -> None:
    p = tmp_path / "a.md"
    p.write_text("---\ntitle: x\n---\nText.\n", encoding="utf-8")
    before = (p.read_bytes(), p.stat().st_mtime_ns)
    load([tmp_path])
    assert (p.read_bytes(), p.stat().st_mtime_ns) == before
