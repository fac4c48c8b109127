"""``factcheck rules``: list, validate, explain, schema, and test (rules carry their own examples)."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from typer.testing import CliRunner

from factcheck.cli import app
from factcheck.rules_cmd import read_builtin_rules, read_rules, rule_schema, run_rule_examples

REPO = Path(__file__).resolve().parent.parent

# A fictional town, so that no real story leaks into the tests' expectations.
NAMES_RULE = """\
- id: town-names
  extends: names
  spellings:
    Velmora: {reject: [Velmara]}
  tests:
    - text: "Troops left Velmora on Monday. Velmora fell. Later Velmara was taken, officials in Velmora said."
      expect: [misspelling]
    - articles: ["Troops left Velmora on Monday.", "Velmora fell on Tuesday, officials in Velmora said."]
      expect: []
"""

FAILING_EXAMPLE = """\
    - text: "Velmora fell. Velmora burned. Velmara, officials in Velmora said."
      expect: [{kind: contradiction}]
"""

BROKEN = """\
rules:
  - id: ok-rule
    extends: names
  - id: bad rule id
    extends: names
  - id: unknown-kind
    extends: sentiment
  - id: typo
    extends: names
    spelings: {A: {}}
  - id: ok-rule
    extends: names
"""


def invoke(*args: str):
    return CliRunner().invoke(app, list(args))


def test_rules_test_passes_on_the_sample_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    result = invoke("rules", "test", "rules")
    assert result.exit_code == 0, result.output
    assert "0 failed" in result.stdout


def test_passing_examples(tmp_path: Path) -> None:
    (tmp_path / "names.yaml").write_text(NAMES_RULE, encoding="utf-8")
    result = invoke("rules", "test", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert "2 example(s) passed, 0 failed" in result.stdout


def test_failing_example_shows_a_readable_diff(tmp_path: Path) -> None:
    path = tmp_path / "names.yaml"
    path.write_text(NAMES_RULE + FAILING_EXAMPLE, encoding="utf-8")
    result = invoke("rules", "test", str(path))
    assert result.exit_code == 1
    out = result.stdout
    assert f"FAIL {path.as_posix()}:10: rule town-names, example 3" in out
    assert "text: Velmora fell. Velmora burned." in out
    assert '  - {"kind": "contradiction"}  (expected, not found)' in out
    assert "  + misspelling [town-names] error" in out and "(found, not expected)" in out
    assert "“Velmara”" in out
    assert "2 example(s) passed, 1 failed" in out


def test_expectations_match_on_fields(tmp_path: Path) -> None:
    rule = NAMES_RULE.replace("expect: [misspelling]",
                              "expect: [{kind: misspelling, text: Velmara, severity: error, message: rejected}]")
    (tmp_path / "names.yaml").write_text(rule, encoding="utf-8")
    rules, problems = read_rules([tmp_path])
    assert problems == []
    assert [r.passed for r in run_rule_examples(rules[0])] == [True, True]
    wrong = rule.replace("text: Velmara,", "text: Velmora is not it,")
    (tmp_path / "names.yaml").write_text(wrong, encoding="utf-8")
    rules, _ = read_rules([tmp_path])
    assert [r.passed for r in run_rule_examples(rules[0])] == [False, True]


def test_broken_rule_file_lists_every_problem_with_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text(BROKEN, encoding="utf-8")
    result = invoke("rules", "validate", str(path))
    assert result.exit_code == 2
    lines = [line for line in result.stderr.splitlines() if line.startswith(path.as_posix())]
    where = [int(line.split(":")[1]) for line in lines]
    assert where == [4, 7, 10, 11], result.stderr
    assert "sentiment" in lines[1]
    assert "spelings" in lines[2]
    assert "duplicate rule id 'ok-rule'" in lines[3] and lines[3].endswith("broken.yaml:2)")


def test_rules_test_refuses_invalid_rules(tmp_path: Path) -> None:
    (tmp_path / "broken.yaml").write_text("- id: x\n  extends: names\n  bogus: 1\n", encoding="utf-8")
    result = invoke("rules", "test", str(tmp_path))
    assert result.exit_code == 2
    assert "broken.yaml:3:" in result.stderr


def test_invalid_yaml_and_missing_paths(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text("- id: x\n  extends: [names\n", encoding="utf-8")
    result = invoke("rules", "validate", str(tmp_path / "bad.yaml"), str(tmp_path / "missing"))
    assert result.exit_code == 2
    assert "bad.yaml:3: invalid YAML" in result.stderr
    assert "missing:1: no such rule file or folder" in result.stderr


def test_list_shows_checks_builtin_and_own_rules(tmp_path: Path) -> None:
    (tmp_path / "names.yaml").write_text(NAMES_RULE, encoding="utf-8")
    result = invoke("rules", "list", str(tmp_path))
    assert result.exit_code == 0
    rows = [line.split() for line in result.stdout.splitlines()]
    assert rows[0] == ["id", "kind", "level", "source"]
    own = next(r for r in rows if r[0] == "town-names")
    assert own[1:3] == ["names", "error"] and own[3] == f"{(tmp_path / 'names.yaml').as_posix()}:1"
    assert any(r[1] == "check" for r in rows)
    assert all(any(r[0] == lr.rule.id for r in rows) for lr in read_builtin_rules()[0])


def test_explain_rule_check_and_kind(tmp_path: Path) -> None:
    (tmp_path / "names.yaml").write_text(NAMES_RULE, encoding="utf-8")
    out = invoke("rules", "explain", "town-names", "--rules", str(tmp_path)).stdout
    assert "extends: names" in out and "Velmara" in out and 'expect: ["misspelling"]' in out
    out = invoke("rules", "explain", "quantity").stdout
    assert "tolerance" in out and "fields:" in out
    assert invoke("rules", "explain", "no-such-rule").exit_code == 2


def test_schema_accepts_valid_rule_files_and_rejects_wrong_ones() -> None:
    result = invoke("rules", "schema")
    schema = json.loads(result.stdout)
    assert schema == rule_schema()
    validator = jsonschema.validators.validator_for(schema)(schema)
    validator.validate(yaml.safe_load(NAMES_RULE))
    assert list(validator.iter_errors([{"id": "x", "extends": "sentiment"}]))


def test_builtin_rules_run_with_the_pack_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The runner the built-in examples use: the pack only, whatever ./rules holds."""
    from factcheck.rules.base import RuleExample

    (tmp_path / "rules").mkdir()
    # a rule of the working folder that would replace the built-in one if it were loaded
    (tmp_path / "rules" / "x.yaml").write_text("- id: distance-between-places\n  extends: quantity\n"
                                              "  measure: length\n  enabled: false\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    lr = next(lr for lr in read_builtin_rules()[0] if lr.rule.id == "distance-between-places")
    articles = ["The village of Velmora lies 8 km from Darnitsa, officials said.",
                "Velmora is 20 km from Darnitsa, the governor said on Monday."]
    rule = lr.rule.model_copy(update={"tests": [RuleExample(articles=articles, expect=["contradiction"]),
                                                RuleExample(articles=articles[:1], expect=[])]})
    results = run_rule_examples(type(lr)(rule, lr.path, lr.line, [1, 2], builtin=True))
    assert [r.passed for r in results] == [True, True], [r.diff for r in results]


# --- every rule of the built-in pack runs its own examples -------------------------------------------------

BUILTIN, BUILTIN_PROBLEMS = read_builtin_rules()


def test_builtin_pack_is_valid() -> None:
    assert BUILTIN and BUILTIN_PROBLEMS == []


def test_every_builtin_rule_carries_examples() -> None:
    missing = [lr.rule.id for lr in BUILTIN if not lr.rule.tests]
    assert missing == [], f"built-in rules without `tests:` examples: {missing}"


@pytest.mark.parametrize("lr", [lr for lr in BUILTIN if lr.rule.tests], ids=lambda lr: lr.rule.id)
def test_builtin_rule_examples(lr) -> None:
    from factcheck.rules_cmd import format_failure

    failures = [format_failure(r, lr.rule.tests[r.number - 1]) for r in run_rule_examples(lr) if not r.passed]
    assert not failures, "\n\n".join(failures)
