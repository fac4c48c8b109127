"""Rule files: the three shapes, folders, built-in pack, and every mistake reported as path:line: problem."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from factcheck.rules.loader import RuleError, builtin_rules, load_rule_files, load_rules, parse_rule_text
from factcheck.rules.quantity_rule import QuantityRule

GOOD = """\
id: town.population
extends: quantity
counts: people
about: [Pinecrest]
context:
  require: [population]
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(textwrap.dedent(text), encoding="utf-8")
    return p


def error_of(tmp_path: Path, text: str) -> RuleError:
    p = write(tmp_path, "r.yaml", text)
    with pytest.raises(RuleError) as exc:
        load_rule_files([p], builtin=False)
    return exc.value


def test_one_rule_a_list_and_a_rules_key_are_all_accepted(tmp_path: Path) -> None:
    single = write(tmp_path, "a/one.yaml", GOOD)
    listed = write(tmp_path, "b/list.yaml", "- " + GOOD.replace("\n", "\n  ").replace("town.population", "t.two"))
    keyed = write(tmp_path, "c/keyed.yml", "rules:\n  - " + GOOD.replace("\n", "\n    ")
                  .replace("town.population", "t.three"))
    rules = load_rules([single, listed, keyed], builtin=False)
    assert [r.id for r in rules] == ["town.population", "t.two", "t.three"]
    assert all(isinstance(r, QuantityRule) for r in rules)
    assert rules[0].about == ["Pinecrest"] and rules[0].context.require == ["population"]


def test_folders_are_read_recursively_in_sorted_order(tmp_path: Path) -> None:
    write(tmp_path, "rules/z.yaml", GOOD.replace("town.population", "z.rule"))
    write(tmp_path, "rules/a/b.yaml", GOOD.replace("town.population", "ab.rule"))
    write(tmp_path, "rules/a.yaml", GOOD.replace("town.population", "a.rule"))
    write(tmp_path, "rules/.hidden/x.yaml", "not: [valid")
    write(tmp_path, "rules/notes.txt", "not a rule file")
    ids = [r.id for r in load_rules([tmp_path / "rules"], builtin=False)]
    assert ids == ["a.rule", "ab.rule", "z.rule"]


def test_unknown_key_names_its_line(tmp_path: Path) -> None:
    err = error_of(tmp_path, GOOD + "tolerence: 5%\n")
    assert (err.line, err.path.endswith("r.yaml")) == (7, True)
    assert "unknown key 'tolerence'" in err.message


def test_wrong_type_points_at_the_nested_key(tmp_path: Path) -> None:
    err = error_of(tmp_path, GOOD.replace("  require: [population]", "  require: [population]\n  window: many"))
    assert err.line == 7 and "window" in err.message


def test_unknown_dimension_and_unit_are_rejected(tmp_path: Path) -> None:
    err = error_of(tmp_path, "id: d\nextends: quantity\nmeasure: lenght\n")
    assert err.line == 3 and "unknown dimension 'lenght'" in err.message
    err = error_of(tmp_path, "id: d\nextends: quantity\nmeasure: length\ntolerance: 2 furlongz\n")
    assert "unknown unit" in err.message
    err = error_of(tmp_path, "id: d\nextends: quantity\nmeasure: length\nexpected: 8 kg\n")
    assert "not a length" in err.message


def test_measure_and_counts_are_exclusive(tmp_path: Path) -> None:
    err = error_of(tmp_path, "id: d\nextends: quantity\nmeasure: length\ncounts: people\n")
    assert "exactly one of 'measure'" in err.message and err.line == 1


def test_missing_or_unknown_extends(tmp_path: Path) -> None:
    assert "missing key 'extends'" in error_of(tmp_path, "id: d\nmeasure: length\n").message
    err = error_of(tmp_path, "id: d\nextends: qty\n")
    assert "unknown 'extends' 'qty'" in err.message


def test_invalid_yaml_duplicate_key_and_unsafe_tags(tmp_path: Path) -> None:
    err = error_of(tmp_path, "id: d\nextends: [quantity\n")
    assert err.message.startswith("invalid YAML") and err.line >= 2
    err = error_of(tmp_path, "id: d\nextends: quantity\nmeasure: length\nmeasure: area\n")
    assert (err.line, err.message) == (4, "duplicate key 'measure'")
    err = error_of(tmp_path, "id: d\nextends: !!python/object:os.system quantity\n")
    assert err.line == 2 and "unsupported YAML" in err.message


def test_rule_file_that_is_not_a_rule(tmp_path: Path) -> None:
    assert "a rule file holds" in error_of(tmp_path, "just a string\n").message
    assert error_of(tmp_path, "rules: 5\n").message == "'rules' must be a list of rules"


def test_duplicate_ids_across_files(tmp_path: Path) -> None:
    a = write(tmp_path, "a.yaml", GOOD)
    b = write(tmp_path, "b.yaml", "# comment\n" + GOOD)
    with pytest.raises(RuleError) as exc:
        load_rule_files([a, b], builtin=False)
    assert exc.value.path.endswith("b.yaml") and exc.value.line == 2
    assert "duplicate rule id 'town.population'" in exc.value.message and "a.yaml:1" in exc.value.message


def test_missing_path_and_bad_encoding(tmp_path: Path) -> None:
    with pytest.raises(RuleError, match="no such rule file"):
        load_rule_files([tmp_path / "nope"], builtin=False)
    p = tmp_path / "latin.yaml"
    p.write_bytes(b"id: caf\xe9\n")
    with pytest.raises(RuleError, match="not valid UTF-8"):
        load_rule_files([p], builtin=False)


def test_builtin_pack_is_valid_and_generic() -> None:
    loaded = builtin_rules()
    ids = [lr.rule.id for lr in loaded]
    assert len(ids) == len(set(ids))
    quantity = [lr.rule for lr in loaded if isinstance(lr.rule, QuantityRule)]
    assert {"distance-between-places", "people-killed", "population-before", "area-burned",
            "homes-destroyed", "personnel-deployed", "money-pledged"} <= {r.id for r in quantity}
    for r in quantity:  # one pack for every story: subjects are slots, never names
        assert not isinstance(r.about, list), r.id


def test_own_rules_come_first_and_may_replace_a_builtin(tmp_path: Path) -> None:
    p = write(tmp_path, "mine.yaml", GOOD.replace("town.population", "people-killed"))
    loaded = load_rule_files([p])
    assert loaded[0].rule.id == "people-killed" and not loaded[0].builtin
    assert [lr.rule.id for lr in loaded].count("people-killed") == 1
    assert len(loaded) == len(builtin_rules())


def test_disabled_rules_are_left_out(tmp_path: Path) -> None:
    p = write(tmp_path, "mine.yaml", GOOD + "enabled: false\n")
    assert "town.population" not in [r.id for r in load_rules([p])]


def test_tolerance_forms() -> None:
    def rule(tol: str) -> QuantityRule:
        return parse_rule_text(f"id: t\nextends: quantity\nmeasure: length\ntolerance: {tol}\n", "x")[0].rule

    assert rule("10%").tolerance_base() == (pytest.approx(0.10), 0.0)
    assert rule("0.05").tolerance_base() == (pytest.approx(0.05), 0.0)
    assert rule("1 km").tolerance_base() == (0.0, pytest.approx(1000.0))
    assert rule("{relative: 5%, absolute: 500 m}").tolerance_base() == (pytest.approx(0.05), pytest.approx(500))
    temp = parse_rule_text("id: t\nextends: quantity\nmeasure: temperature\ntolerance: 2 degC\n", "x")[0].rule
    assert temp.tolerance_base() == (0.0, pytest.approx(2.0))  # a difference, not 275.15 K


def test_expected_value_in_base_units() -> None:
    r = parse_rule_text("id: t\nextends: quantity\nmeasure: length\nexpected: 8 km\n", "x")[0].rule
    assert r.expected_base() == pytest.approx(8000.0)
    c = parse_rule_text("id: t\nextends: quantity\ncounts: people\nexpected: '10,000'\n", "x")[0].rule
    assert c.expected_base() == 10000.0


def test_message_template_fields_are_checked(tmp_path: Path) -> None:
    err = error_of(tmp_path, "id: d\nextends: quantity\nmeasure: length\nmessage: '{fact} {oops}'\n")
    assert err.line == 4 and "unknown field {oops}" in err.message


def test_alias_bombs_and_deep_nesting_are_refused(tmp_path: Path) -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{c}: &{c} [{', '.join(['*' + p] * 10)}]\n" for p, c in zip("abcdefg", "bcdefgh", strict=True))
    err = error_of(tmp_path, bomb)
    assert "too large" in err.message
    err = error_of(tmp_path, "id: " + "[" * 5000 + "]" * 5000 + "\n")
    assert err.message in ("rule file nested too deeply",) or err.message.startswith("invalid YAML")
