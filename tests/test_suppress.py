"""Suppressions: inline comments in articles and config ignores, and reporting the unused ones."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest

from factcheck.loading import load_file
from factcheck.model import Document, Evidence, Finding, Location, Severity
from factcheck.pipeline import RunOptions, post_process
from factcheck.suppress import Ignore, apply_suppressions, find_inline

ARTICLE = """\
---
title: t
---
Line four mentions Soledad.
<!-- factcheck-disable-next-line spelling -->
Line six mentions Soledad.
Line seven mentions Soledad.
<!-- factcheck-disable contradiction distance -->
Line nine says 8 km.
<!-- factcheck-enable -->
Line eleven says 10 km.
<!-- factcheck-disable -->
Line thirteen: everything is off until the end.
"""


def doc_of(tmp_path: Path, text: str = ARTICLE, name: str = "a.md") -> Document:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    docs, problems = load_file(path)
    assert not problems
    return docs[0]


def at(doc: Document, line: int, rule: str = "spelling", kind: str = "spelling", text: str = "x") -> Finding:
    return Finding(rule, kind, Severity.WARNING, f"{rule} at {line}",
                   (Evidence(Location(doc.path, line, 5, line, 9), text),))


def test_spans_are_in_file_lines(tmp_path: Path) -> None:
    doc = doc_of(tmp_path)
    spans = find_inline(doc)
    assert [(s.directive, s.start.line, s.end.line, sorted(s.ids or [])) for s in spans] == [
        ("disable-next-line", 6, 7, ["spelling"]),
        ("disable", 8, 10, ["contradiction", "distance"]),
        ("disable", 12, 14, []),
    ]


def test_which_findings_are_silenced(tmp_path: Path) -> None:
    doc = doc_of(tmp_path)
    findings = [at(doc, 4), at(doc, 6), at(doc, 7), at(doc, 6, rule="names", kind="names"),
                at(doc, 9, rule="distance", kind="contradiction"), at(doc, 9, rule="other", kind="contradiction"),
                at(doc, 9, rule="x", kind="spelling"), at(doc, 11, rule="distance", kind="contradiction"),
                at(doc, 13, rule="anything")]
    kept, unused = apply_suppressions(findings, [doc])
    assert [(f.rule, f.evidence[0].location.line) for f in kept] == [
        ("spelling", 4), ("spelling", 7), ("names", 6), ("x", 9), ("distance", 11)]
    assert unused == []


def test_only_the_reported_location_counts(tmp_path: Path) -> None:
    doc = doc_of(tmp_path)
    here = Evidence(Location(doc.path, 9, 1, 9, 4), "8 km")
    other = Evidence(Location("b.txt", 1, 1, 1, 3), "10 km")
    reported_here = Finding("distance", "contradiction", Severity.ERROR, "m", (here, other))
    reported_elsewhere = Finding("distance", "contradiction", Severity.ERROR, "m", (other, here))
    assert apply_suppressions([reported_here, reported_elsewhere], [doc])[0] == [reported_elsewhere]


def test_other_files_and_records_are_not_silenced(tmp_path: Path) -> None:
    doc = doc_of(tmp_path)
    f = Finding("spelling", "spelling", Severity.WARNING, "m", (Evidence(Location("other.md", 6, 1, 6, 3), "x"),))
    assert apply_suppressions([f], [doc])[0] == [f]


def test_enable_with_an_id_ends_only_that_id(tmp_path: Path) -> None:
    doc = doc_of(tmp_path, "<!-- factcheck-disable a b -->\none\n<!-- factcheck-enable a -->\ntwo\n", "e.txt")
    kept, _ = apply_suppressions([at(doc, 2, "a"), at(doc, 4, "a"), at(doc, 4, "b")], [doc])
    assert [(f.rule, f.evidence[0].location.line) for f in kept] == [("a", 4)]


def test_unused_suppressions_are_reported_at_info(tmp_path: Path) -> None:
    doc = doc_of(tmp_path)
    ignore = Ignore(rule="nothing-like-this", source=Location("factcheck.yaml", 12, 1, 12, 1))
    kept, unused = apply_suppressions([], [doc], [ignore])
    assert kept == []
    assert all(f.severity is Severity.INFO and f.rule == "unused-suppression" for f in unused)
    assert [(Path(f.evidence[0].location.path).name, f.evidence[0].location.line) for f in unused] == [
        ("a.md", 5), ("a.md", 8), ("a.md", 12), ("factcheck.yaml", 12)]
    assert "factcheck-disable-next-line (spelling)" in unused[0].message
    assert "nothing-like-this" in unused[3].message


def test_inline_can_be_switched_off(tmp_path: Path) -> None:
    doc = doc_of(tmp_path)
    f = at(doc, 6)
    assert apply_suppressions([f], [doc], inline=False) == ([f], [])


def test_config_ignores_by_rule_glob_and_text() -> None:
    f = Finding("names-variant", "spelling", Severity.WARNING, "m",
                (Evidence(Location("sources/old/a.md", 3, 1, 3, 5), "Zelenskyy"),))
    assert Ignore(rule="names-*").matches(f)
    assert Ignore(rule="spelling").matches(f)  # the kind matches too
    assert not Ignore(rule="contradiction").matches(f)
    assert Ignore(path="sources/old/*").matches(f)
    assert not Ignore(path="sources/new/*").matches(f)
    assert Ignore(text="Zelensky").matches(f)
    assert Ignore(rule="spelling", path="sources/*", text="Zelenskyy").matches(f)
    assert not Ignore(rule="spelling", path="sources/*", text="Cherevaty").matches(f)


def test_post_process_applies_levels_suppressions_and_keeps_order(tmp_path: Path) -> None:
    doc = doc_of(tmp_path)
    findings = [at(doc, 4), at(doc, 6), at(doc, 7, rule="loud", kind="loud")]
    options = RunOptions(levels={"loud": "off", "spelling": "error"},
                         ignores=[Ignore(rule="spelling", text="nope", source=Location("f.yaml", 2, 1, 2, 1))])
    kept, extra = post_process(findings, [SimpleNamespace(doc=doc)], options)
    assert [(f.rule, f.severity.value, f.evidence[0].location.line) for f in kept] == [
        ("spelling", "error", 4),
        ("unused-suppression", "info", 8), ("unused-suppression", "info", 12),
        ("unused-suppression", "info", 2)]
    assert kept[-1].evidence[0].location.path == "f.yaml"
    assert extra == {}


def test_inline_comment_in_the_sample_corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from ci_helpers import copy_corpus
    from typer.testing import CliRunner

    from factcheck.cli import app

    monkeypatch.chdir(copy_corpus(tmp_path))

    def findings() -> list[dict]:
        result = CliRunner().invoke(app, ["run", "sources", "--rules", "rules", "--no-config", "-f", "json"])
        return json.loads(result.stdout)["findings"]

    before = findings()
    target = next(f for f in before if f["kind"] == "misspelling")
    path = Path(target["evidence"][0]["path"])
    line = target["evidence"][0]["line"]
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines.insert(line - 1, f"<!-- factcheck-disable-next-line {target['rule']} -->\n")
    lines.insert(0, "<!-- factcheck-disable-next-line no-such-rule -->\n")
    path.write_text("".join(lines), encoding="utf-8")
    after = findings()
    assert not any(f["id"] == target["id"] for f in after)
    unused = [f for f in after if f["rule"] == "unused-suppression"]
    assert [(u["severity"], u["evidence"][0]["path"], u["evidence"][0]["line"]) for u in unused] == [
        ("info", path.as_posix(), 1)]
    assert {f["id"] for f in after} - {u["id"] for u in unused} == {f["id"] for f in before} - {target["id"]}
