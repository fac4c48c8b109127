"""Article text and file names are data, never commands: a hostile corpus (terminal escape sequences, GitHub
workflow commands, newlines inside quoted spans, HTML) through every output format."""

from __future__ import annotations

import json
import os
import re
import unicodedata
from pathlib import Path
from urllib.parse import unquote

import pytest

from factcheck import reporters
from factcheck.pipeline import RunOptions, run
from factcheck.report import Report

ESC = "\x1b[2J\x1b]0;pwned\x07\x1b[31m"
INJECT = "::error file=x.py,line=1::injected"
# The outlier of a contradiction is its first evidence, so this file's name ends up in `file=` properties.
EVIL_NAME = "::warning::evil\x1b[31m,x:y%\n::notice::n.txt"
# (A newline inside a quantity stops its extraction, so newlines reach quoted data through the file name.)
EVIL_TEXT = (f"{INJECT} <script>alert(1)</script> {ESC}\r\n\r\nAbout 400 people were evacuated {ESC} on Tuesday "
             f"{INJECT}\r{INJECT} and\u202e reversed.\n")
CALM = "Officials said that about 40 people were evacuated on Tuesday.\n"


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Report:
    root = tmp_path_factory.mktemp("hostile_out")
    (root / EVIL_NAME).write_text(EVIL_TEXT, encoding="utf-8")
    (root / "calm1.txt").write_text(CALM, encoding="utf-8")
    (root / "calm2.txt").write_text(CALM, encoding="utf-8")
    cwd = Path.cwd()
    try:
        os.chdir(root)  # paths are shown relative to the working directory, so the evil name starts a line
        return run(RunOptions(paths=["."], rule_paths=[]))
    finally:
        os.chdir(cwd)


def _renders(report: Report) -> dict[str, str]:
    out = {name: reporters.get(name).render(report) for name in reporters.formats()}
    out["text-color"] = reporters.get("text").render(report, color=True)
    return out


def test_the_hostile_file_is_quoted_in_a_finding(report: Report) -> None:
    # Otherwise the tests below would pass vacuously.
    evil = [f for f in report.findings if f.evidence and f.evidence[0].location.path.endswith("n.txt")]
    assert evil, [f.message for f in report.findings]
    assert "\n" in evil[0].evidence[0].location.path and evil[0].evidence[0].text == "About 400 people"


def _control(text: str, allowed: str = "\n") -> list[str]:
    return [c for c in text if c not in allowed and unicodedata.category(c) in ("Cc", "Cf")]


@pytest.mark.parametrize("fmt", ["text", "line", "github"])
def test_terminal_formats_have_no_control_characters_from_articles(report: Report, fmt: str) -> None:
    out = _renders(report)[fmt]
    assert _control(out) == [], fmt


def test_colored_text_has_only_its_own_sgr_sequences(report: Report) -> None:
    out = _renders(report)["text-color"]
    stripped = re.sub(r"\x1b\[[0-9;]*m", "", out)  # rich's colour codes, the only escapes allowed
    assert _control(stripped) == []
    assert "\x1b]" not in out and "\x1b[2J" not in out and "\x07" not in out


@pytest.mark.parametrize("fmt", ["text", "text-color", "line", "github"])
def test_no_line_is_a_workflow_command_unless_github_made_it(report: Report, fmt: str) -> None:
    out = _renders(report)[fmt]
    lines = out.split("\n")
    commands = [line for line in lines if line.lstrip().startswith("::")]
    if fmt != "github":
        assert commands == []
        return
    findings = len(report.findings)
    assert len(commands) == findings  # one annotation per finding (fewer than the per-level limit here)
    for line in commands:
        m = re.fullmatch(r"::(error|warning|notice) ([^:]*)::(.*)", line)
        assert m, line
        props = dict(p.split("=", 1) for p in m.group(2).split(","))
        assert set(props) <= {"file", "line", "endLine", "col", "endColumn", "title"}
        assert all(":" not in v and "," not in v and "\n" not in v and "\r" not in v for v in props.values())
        assert "\r" not in m.group(3)


def test_github_escapes_round_trip_to_the_real_path(report: Report) -> None:
    out = _renders(report)["github"]
    files = {dict(p.split("=", 1) for p in m.group(1).split(","))["file"]
             for m in re.finditer(r"^::\w+ ([^:]*)::", out, re.MULTILINE)}

    def unescape(v: str) -> str:  # as the Actions runner does
        return v.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":").replace("%2C", ",").replace("%25", "%")

    shown = {unescape(f) for f in files}
    # the name (minus its dropped ESC) is recovered exactly: the property was escaped, not mangled
    assert EVIL_NAME.replace("\x1b", "") in shown


@pytest.mark.parametrize("fmt", ["json", "sarif"])
def test_json_formats_parse_and_keep_the_text_exactly(report: Report, fmt: str) -> None:
    out = _renders(report)[fmt]
    data = json.loads(out)  # valid JSON whatever the article held
    assert "\x1b" not in out and "\u202e" not in out  # escaped (\u001b), never raw in the bytes
    strings = []

    def walk(x: object) -> None:
        if isinstance(x, dict):
            for v in x.values():
                walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)
        elif isinstance(x, str):
            strings.append(x)

    walk(data)
    if fmt == "sarif":  # artifact locations are URIs, percent-encoded
        strings = [unquote(s) for s in strings]
    assert any(EVIL_NAME in s for s in strings)  # the path survives the round trip unchanged


def test_json_evidence_quotes_the_file_exactly(report: Report) -> None:
    data = json.loads(_renders(report)["json"])
    quoted = [(e["path"], e["text"]) for f in data["findings"] for e in f["evidence"] if e["path"] == EVIL_NAME]
    assert quoted and all(text in EVIL_TEXT for _, text in quoted)


def test_html_escapes_markup(report: Report) -> None:
    out = _renders(report)["html"]
    assert "<script>alert(1)</script>" not in out
    assert "\x1b" not in out


def test_every_format_renders_without_error(report: Report) -> None:
    outs = _renders(report)
    assert set(reporters.formats()) <= set(outs)
    assert all(isinstance(v, str) and v for v in outs.values())


def _extract_table(report: Report) -> str:
    import io

    from rich.console import Console

    from factcheck.mention_output import render_text

    buf = io.StringIO()
    render_text(report.articles(), [], Console(file=buf, width=200, force_terminal=True))
    return re.sub(r"\x1b\[[0-9;]*m", "", buf.getvalue())  # rich's own colour codes


def test_fact_sheet_and_extract_table_are_clean(report: Report) -> None:
    from factcheck.engine.sheet import render_text

    for out in (render_text(report.facts), _extract_table(report)):
        assert _control(out) == []
        assert [line for line in out.split("\n") if line.lstrip().startswith("::")] == []


def test_rich_markup_in_a_file_name_is_shown_as_text(tmp_path: Path) -> None:
    folder = tmp_path / "a[" / "red]"
    folder.mkdir(parents=True)
    (folder / "b.txt").write_text("About 40 [bold] people were evacuated.\n", encoding="utf-8")
    cwd = Path.cwd()
    try:
        os.chdir(tmp_path)
        report = run(RunOptions(paths=["."], rule_paths=[]))
    finally:
        os.chdir(cwd)
    assert "a[/red]/b.txt" in _extract_table(report)  # not a rich closing tag (an error, or hidden)
