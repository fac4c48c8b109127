"""The config file: discovery, validation with file:line, precedence of flags, and ``factcheck init``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from ci_helpers import finding
from typer.testing import CliRunner

from factcheck.cli import app
from factcheck.config import ConfigError, apply_levels, find_config, load_config
from factcheck.init_cmd import FILES
from factcheck.model import Severity

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "a.txt").write_text("Nothing here.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_found_upwards_and_yaml_wins_over_pyproject(project: Path) -> None:
    (project / "pyproject.toml").write_text("[tool.factcheck]\nfail-on = 'warning'\n", encoding="utf-8")
    sub = project / "desk" / "deeper"
    sub.mkdir(parents=True)
    assert find_config(sub) == project / "pyproject.toml"
    (project / "factcheck.yaml").write_text("fail-on: info\n", encoding="utf-8")
    assert find_config(sub) == project / "factcheck.yaml"


def test_lookup_stops_at_the_project_root(project: Path) -> None:
    inner = project / "inner"
    inner.mkdir()
    (inner / ".git").mkdir()
    (project / "factcheck.yaml").write_text("fail-on: info\n", encoding="utf-8")
    assert find_config(inner) is None


def test_pyproject_without_the_table_is_not_a_config(project: Path) -> None:
    (project / "pyproject.toml").write_text("[tool.ruff]\nline-length = 1\n", encoding="utf-8")
    assert find_config(project) is None


def test_values_and_paths_relative_to_the_config(project: Path) -> None:
    (project / "conf").mkdir()
    (project / "conf" / "factcheck.yaml").write_text(
        "sources: [../articles]\nrules: [rules]\nfail_on: warning\nbaseline: base.json\n"
        "levels: {spelling: info, loud: off}\nignore:\n  - rule: x\n    reason: why\n", encoding="utf-8")
    cfg = load_config(project / "conf" / "factcheck.yaml")
    assert cfg.sources == [Path("conf/../articles")]
    assert cfg.rules == [Path("conf/rules")] and cfg.baseline == Path("conf/base.json")
    assert cfg.fail_on == "warning" and cfg.levels == {"spelling": "info", "loud": "off"}
    assert cfg.ignores[0].rule == "x" and cfg.ignores[0].source.line == 7
    assert cfg.ignores[0].source.path == "conf/factcheck.yaml"


@pytest.mark.parametrize(("text", "line", "words"), [
    ("sources: [a]\nfial-on: error\n", 2, "fial-on: unknown key"),
    ("fail-on: sometimes\n", 1, "fail-on: Input should be"),
    ("levels:\n  spelling: loud\n", 2, "levels.spelling"),
    ("ignore:\n  - rule: a\n  - reason: only a reason\n", 3, "at least one of rule, path, text"),
    ("ignore:\n  - rule: a\n    pth: x\n", 3, "ignore.0.pth: unknown key"),
    ("sources: [a\n", 2, "invalid YAML"),
    ("sources: [a]\nformat: pdf\n", 2, "format: unknown format 'pdf'"),
    ("- just\n- a list\n", 1, "must be a mapping"),
])
def test_yaml_errors_name_file_and_line(project: Path, text: str, line: int, words: str) -> None:
    (project / "factcheck.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as exc:
        load_config(project / "factcheck.yaml")
    assert (exc.value.path, exc.value.line) == ("factcheck.yaml", line)
    assert words in exc.value.message


def test_pyproject_table_is_read(project: Path) -> None:
    (project / "pyproject.toml").write_text(
        "[tool.factcheck]\nsources = 'articles'\nfail_on = 'info'\n\n[tool.factcheck.levels]\nspelling = 'off'\n\n"
        "[[tool.factcheck.ignore]]\nrule = 'x'\n\n[[tool.factcheck.ignore]]\ntext = 'y'\n", encoding="utf-8")
    cfg = load_config(find_config(project))
    assert cfg.sources == [Path("articles")] and cfg.fail_on == "info" and cfg.levels == {"spelling": "off"}
    assert [(i.rule, i.text, i.source.line) for i in cfg.ignores] == [("x", None, 8), (None, "y", 11)]


def test_alias_bomb_is_refused(project: Path) -> None:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
              f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]"
              for i in range(8)]
    (project / "factcheck.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ConfigError) as exc:
        load_config(project / "factcheck.yaml")
    assert "too large" in exc.value.message


def test_pyproject_errors_name_the_line(project: Path) -> None:
    (project / "pyproject.toml").write_text(
        "[project]\nname = 'x'\n\n[tool.factcheck]\nsources = ['a']\nformat = 3\n", encoding="utf-8")
    with pytest.raises(ConfigError) as exc:
        load_config(project / "pyproject.toml")
    assert exc.value.line == 6 and "format" in exc.value.message


def test_levels_override_and_off() -> None:
    findings = [finding(Severity.ERROR, 1, rule="a"), finding(Severity.ERROR, 2, rule="b"),
                finding(Severity.WARNING, 3, rule="c")]
    out = apply_levels(findings, {"a": "off", "b": "info", "spelling": "error"})
    assert [(f.rule, f.severity.value) for f in out] == [("b", "info"), ("c", "error")]


def invoke(*args: str):
    return CliRunner().invoke(app, list(args))


def test_cli_uses_the_config_and_flags_override_it(project: Path) -> None:
    (project / "factcheck.yaml").write_text("sources: [nowhere]\nformat: json\n", encoding="utf-8")
    result = invoke("run")
    assert result.exit_code == 1  # the missing source is an input error
    assert json.loads(result.stdout)["findings"][0]["evidence"][0]["path"] == "nowhere"
    result = invoke("run", "articles", "--format", "line", "--fail-on", "never")
    assert result.exit_code == 0 and result.stdout == ""
    result = invoke("run", "articles", "--no-config", "--format", "json")
    assert result.exit_code == 0 and json.loads(result.stdout)["summary"]["files"] == 1


def test_cli_config_levels_decide_the_exit_code(project: Path) -> None:
    (project / "factcheck.yaml").write_text("sources: [nowhere]\nlevels: {input-error: warning}\n",
                                            encoding="utf-8")
    assert invoke("run").exit_code == 0
    assert invoke("run", "--fail-on", "warning").exit_code == 1


def test_cli_bad_config_exits_2_with_file_and_line(project: Path) -> None:
    (project / "factcheck.yaml").write_text("sources: [articles]\ncolour: red\n", encoding="utf-8")
    result = invoke("run")
    assert result.exit_code == 2
    assert "factcheck.yaml:2: colour: unknown key" in result.stderr
    assert invoke("run", "--config", "missing.yaml", "articles").exit_code == 2


def test_init_writes_starter_files_once(project: Path) -> None:
    (project / "factcheck.yaml").write_text("# mine\n", encoding="utf-8")
    result = invoke("init")
    assert result.exit_code == 0
    assert (project / "factcheck.yaml").read_text(encoding="utf-8") == "# mine\n"
    assert "exists, left alone: factcheck.yaml" in result.stdout
    for rel in FILES:
        assert (project / rel).is_file()
    workflow = yaml.safe_load((project / ".github/workflows/factcheck.yml").read_text(encoding="utf-8"))
    assert "factcheck" in workflow["jobs"]
    before = {rel: (project / rel).read_bytes() for rel in FILES}
    assert "created" not in invoke("init").stdout
    assert {rel: (project / rel).read_bytes() for rel in FILES} == before


def test_starter_config_and_rules_are_valid(project: Path) -> None:
    invoke("init")
    (project / "sources").mkdir()
    load_config(project / "factcheck.yaml")
    assert invoke("rules", "validate", "rules").exit_code == 0
    result = invoke("rules", "test", "rules")
    assert result.exit_code == 0 and "2 example(s) passed, 0 failed" in result.stdout, result.output
    assert invoke("run").exit_code == 0


def test_pre_commit_hook_checks_the_whole_corpus() -> None:
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook = next(h for h in hooks if h["id"] == "factcheck")
    assert hook["pass_filenames"] is False
    assert hook["entry"].split()[:2] == ["factcheck", "run"]
