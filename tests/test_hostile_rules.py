"""Bad rule and config files: each gives exit code 2 and ``path:line: problem``, never hangs, never eats memory,
never executes anything. Most cases go through the loaders directly (fast); a few through ``factcheck run``."""

from __future__ import annotations

import re
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from factcheck.config import ConfigError, read_config
from factcheck.rules.loader import RuleError, load_rule_files, parse_rule_text

PACKAGE = Path(__file__).resolve().parents[1] / "factcheck"

GOOD_RULE = """\
id: t.distance
extends: quantity
measure: length
"""

BILLION_LAUGHS = """\
a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]
"""


def _error(text: str, path: str = "r.yaml") -> RuleError:
    with pytest.raises(RuleError) as info:
        parse_rule_text(text, path)
    return info.value


def _load_error(tmp_path: Path, name: str, text: str | bytes) -> RuleError:
    f = tmp_path / name
    f.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    with pytest.raises(RuleError) as info:
        load_rule_files([f], builtin=False)
    return info.value


# --- rule files ------------------------------------------------------------------------------------------

def test_good_rule_loads() -> None:  # the baseline the other cases differ from
    (lr,) = parse_rule_text(GOOD_RULE, "r.yaml")
    assert lr.rule.id == "t.distance" and lr.line == 1


def test_yaml_syntax_error_names_the_line() -> None:
    err = _error("id: t.x\nextends: quantity\nmeasure: [length\ncounts: people\n")
    assert err.path == "r.yaml" and err.line in (3, 4, 5)
    assert "invalid YAML" in err.message
    assert str(err).startswith(f"r.yaml:{err.line}: ")


def test_tab_indentation_is_a_syntax_error_with_line() -> None:
    err = _error("rules:\n  - id: t.x\n\textends: quantity\n")
    assert err.line == 3 and "invalid YAML" in err.message


def test_alias_bomb_is_refused_without_expanding() -> None:
    # 9**9 (387 million) strings if expanded; the loader must stop long before.
    err = _error(BILLION_LAUGHS)
    assert "alias" in err.message or "too large" in err.message


def test_alias_bomb_inside_a_rule_field_is_refused() -> None:
    text = BILLION_LAUGHS.replace("a: &a", "id: t.x\nextends: names\nallow: &a", 1)
    err = _error(text)
    assert "alias" in err.message or "too large" in err.message


def test_deep_nesting_is_an_error_not_a_crash() -> None:
    err = _error("id: " + "[" * 50_000 + "]" * 50_000 + "\n")
    assert err.line == 1 and ("nested" in err.message or "invalid YAML" in err.message)


def test_huge_rule_file_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    # A valid file that is merely enormous (a comment): the size cap stops it before YAML parsing.
    err = _load_error(tmp_path, "huge.yaml", GOOD_RULE + "# " + "x" * (12 << 20) + "\n")
    assert err.path.endswith("huge.yaml") and err.line == 1
    assert "too large" in err.message and "MB" in err.message


def test_unknown_key_points_at_its_line() -> None:
    err = _error(GOOD_RULE + "colour: red\n")
    assert err.line == 4 and "unknown key 'colour'" in err.message


def test_unknown_nested_key_points_at_its_line() -> None:
    err = _error(GOOD_RULE + "context:\n  require: [distance]\n  nearby: [x]\n")
    assert err.line == 6 and "nearby" in err.message


@pytest.mark.parametrize(("extra", "line", "words"), [
    ("level: fatal\n", 4, ["level"]),
    ("enabled: [yes]\n", 4, ["enabled"]),
    ("context:\n  window: many\n", 5, ["window"]),
    ("context:\n  window: 100000\n", 5, ["window"]),
    ("tolerance: {relative: lots}\n", 4, ["relative"]),
])
def test_wrong_types_point_at_their_line(extra: str, line: int, words: list[str]) -> None:
    err = _error(GOOD_RULE + extra)
    assert err.line == line, err
    assert all(w in str(err) for w in words)


def test_rule_that_is_not_a_mapping() -> None:
    err = _error("- just a string\n")
    assert err.line == 1 and "mapping" in err.message


def test_unknown_dimension_is_named() -> None:
    err = _error("id: t.x\nextends: quantity\nmeasure: loudness\n")
    assert err.line == 3 and "unknown dimension 'loudness'" in err.message


def test_unknown_unit_is_named() -> None:
    err = _error(GOOD_RULE + "unit: furlongz\n")
    assert err.line == 4 and "furlongz" in err.message


def test_unit_of_the_wrong_dimension_is_refused() -> None:
    err = _error(GOOD_RULE + "unit: kg\n")
    assert err.line == 4


def test_expected_value_with_unknown_unit() -> None:
    err = _error(GOOD_RULE + "expected: 12 blorps\n")
    assert err.line == 4 and "blorps" in err.message


def test_python_tags_are_refused_and_never_run(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    for tag in ("!!python/object/apply:os.system", "!!python/object/new:os.system"):
        text = f"id: t.x\nextends: names\ndescription: {tag} [\"touch {marker}\"]\n"
        err = _error(text)
        assert err.line == 3 and "unsupported YAML" in err.message
    text = "id: !!python/name:os.system t.x\nextends: names\n"
    assert _error(text).line == 1
    assert not marker.exists()


def test_duplicate_rule_ids_across_files_name_both_places(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(GOOD_RULE, encoding="utf-8")
    (tmp_path / "b.yaml").write_text("# another desk\n" + GOOD_RULE.replace("length", "area"), encoding="utf-8")
    with pytest.raises(RuleError) as info:
        load_rule_files([tmp_path], builtin=False)
    err = info.value
    assert err.path.endswith("b.yaml") and err.line == 2
    assert "duplicate rule id 't.distance'" in err.message and "a.yaml:1" in err.message


def test_symlink_loops_in_a_rule_folder_read_each_file_once(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "a.yaml").write_text(GOOD_RULE, encoding="utf-8")
    (rules / "self").symlink_to(".")
    (rules / "up").symlink_to("..")
    assert [lr.rule.id for lr in load_rule_files([rules], builtin=False)] == ["t.distance"]


def test_duplicate_key_in_one_rule() -> None:
    err = _error(GOOD_RULE + "measure: area\n")
    assert err.line == 4 and "duplicate key" in err.message


def test_rule_file_not_utf8(tmp_path: Path) -> None:
    err = _load_error(tmp_path, "latin.yaml", GOOD_RULE.encode() + "description: caf\xe9\n".encode("latin-1"))
    assert err.line == 4 and "UTF-8" in err.message


def test_binary_rule_file(tmp_path: Path) -> None:
    err = _load_error(tmp_path, "bin.yaml", bytes(range(256)) * 4)
    assert err.path.endswith("bin.yaml") and err.line >= 1


def test_regex_metacharacters_in_user_words_are_literal_and_cannot_backtrack() -> None:
    # Rules take words and phrases, not regexes; a catastrophic pattern written as a word must be matched
    # literally (and so in linear time), not compiled.
    from factcheck.engine.context import phrase_in

    evil = "(a+)+$"
    assert not phrase_in(evil, "a" * 5000 + "!")
    assert phrase_in(evil, "the pattern (a+)+$ here")
    (lr,) = parse_rule_text("id: t.evil\nextends: quantity\ncounts: people\n"
                            "context:\n  require: ['(a+)+$', '[unclosed', '(x|x?)*y']\n", "r.yaml")
    assert lr.rule.context.require


def test_names_and_date_rules_with_regex_characters_load_and_run(tmp_path: Path) -> None:
    rule = tmp_path / "rules.yaml"
    rule.write_text("rules:\n"
                    "- id: t.names\n  extends: names\n  spellings:\n    'Smith (a+)+$': {reject: ['Smyth [x']}\n"
                    "    Kyiv: {reject: [Kiev], except: ['(Kiev|x?)*y']}\n"
                    "- id: t.date\n  extends: date\n  verbs: ['(a+)+$', 'fell (']\n  subjects: ['(x|x?)*y']\n",
                    encoding="utf-8")
    art = tmp_path / "a.txt"
    art.write_text("On Tuesday Smyth [x went to Kiev. " + "a" * 3000 + "! The town fell ( on May 3.\n",
                   encoding="utf-8")
    proc = _run(tmp_path, [str(art), "--rules", str(rule), "--format", "line", "--no-config"])
    assert proc.returncode in (0, 1) and "Traceback" not in proc.stderr, proc.stderr
    assert "'Kiev'" in proc.stdout  # the rules ran (the regex-like words did not break them)


def test_no_unsafe_yaml_loading_anywhere_in_the_package() -> None:
    # yaml.load / load_all only with a safe loader (SafeLoader, CSafeLoader, or a name bound to one);
    # the unsafe shortcuts never.
    banned = re.compile(r"yaml\.(unsafe_load|full_load|unsafe_load_all|full_load_all)\b|yaml\.(Unsafe|Full)?Loader\b"
                        r"|yaml\.C(Unsafe|Full)?Loader\b")
    call = re.compile(r"yaml\.(load|load_all)\(")
    offenders = []
    for f in sorted(PACKAGE.rglob("*.py")):
        source = f.read_text(encoding="utf-8")
        for n, line in enumerate(source.splitlines(), 1):
            bad = banned.search(line) is not None
            if call.search(line):
                m = re.search(r"Loader\s*=\s*([\w.]+)", line)
                name = m.group(1) if m else ""
                bound = re.search(rf"^{re.escape(name)}\s*=\s*(.+)$", source, re.MULTILINE) if name else None
                bad = bad or not ("Safe" in name or (bound is not None and "Safe" in bound.group(1)
                                                     and not re.search(r"yaml\.(Unsafe|Full)?Loader\b",
                                                                       bound.group(1).replace("SafeLoader", ""))))
            if bad:
                offenders.append(f"{f.relative_to(PACKAGE)}:{n}: {line.strip()}")
    assert offenders == []


# --- config files ----------------------------------------------------------------------------------------

def _config_error(tmp_path: Path, name: str, text: str) -> ConfigError:
    f = tmp_path / name
    f.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        read_config(f)
    return info.value


def test_config_yaml_syntax_error(tmp_path: Path) -> None:
    err = _config_error(tmp_path, "factcheck.yaml", "sources: [a\nformat: text\n")
    assert err.line in (2, 3) and "invalid YAML" in err.message


def test_config_unknown_key_and_wrong_type(tmp_path: Path) -> None:
    err = _config_error(tmp_path, "factcheck.yaml", "format: text\nfail-on: sometimes\n")
    assert err.line == 2 and "fail" in str(err)
    err = _config_error(tmp_path, "factcheck.yaml", "format: text\n\ncolour: red\n")
    assert err.line == 3 and "unknown key" in err.message


def test_config_alias_bomb_is_refused(tmp_path: Path) -> None:
    err = _config_error(tmp_path, "factcheck.yaml", BILLION_LAUGHS.replace("i: &i", "levels: &i"))
    assert "alias" in err.message or "too large" in err.message


def test_config_python_tag_is_refused(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    err = _config_error(tmp_path, "factcheck.yaml", f"format: !!python/object/apply:os.system ['touch {marker}']\n")
    assert err.line == 1
    assert not marker.exists()


def test_config_huge_file_is_refused(tmp_path: Path) -> None:
    err = _config_error(tmp_path, "factcheck.yaml", "format: text\n# " + "x" * (12 << 20) + "\n")
    assert err.line == 1 and "too large" in err.message


def test_pyproject_invalid_toml_and_wrong_type(tmp_path: Path) -> None:
    err = _config_error(tmp_path, "pyproject.toml", "[tool.factcheck]\nformat = \n")
    assert err.line == 2 and "TOML" in err.message
    err = _config_error(tmp_path, "pyproject.toml", "[project]\nname='x'\n\n[tool.factcheck]\nlevels = 3\n")
    assert err.line == 5 and "levels" in str(err)


# --- baseline files -------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "line", "words"), [
    ("[" * 100_000 + "]" * 100_000, 1, "nested too deeply"),
    ('{"findings": [\n  {"id": "x"},\n  oops\n]}', 3, "invalid JSON"),
    ('{"findings": [1]}', 1, "entry 0"),
    ('["not", "a", "baseline"]', 1, "not a factcheck baseline"),
])
def test_bad_baseline_names_file_and_line(tmp_path: Path, text: str, line: int, words: str) -> None:
    from factcheck.baseline import BaselineError, read_baseline

    f = tmp_path / "baseline.json"
    f.write_text(text, encoding="utf-8")
    with pytest.raises(BaselineError) as info:
        read_baseline(f)
    assert info.value.line == line and words in info.value.message


# --- through the command line ----------------------------------------------------------------------------

def _limit_memory() -> None:  # 1 GiB of address space: an alias bomb that expanded would fail, not swap
    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))


def _run(cwd: Path, args: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "factcheck", "run", "--no-cache", "--jobs", "1", *args],
                          capture_output=True, text=True, timeout=120, cwd=cwd, preexec_fn=_limit_memory)


@pytest.mark.parametrize(("name", "text", "line"), [
    ("syntax.yaml", "id: t.x\nextends: [quantity\n", 3),
    ("bomb.yaml", BILLION_LAUGHS, None),
    ("unknown.yaml", GOOD_RULE + "colour: red\n", 4),
    ("unit.yaml", GOOD_RULE + "unit: furlongz\n", 4),
    ("code.yaml", "id: t.x\nextends: names\ndescription: !!python/object/apply:os.system ['false']\n", 3),
])
def test_bad_rule_through_run_exits_2_with_path_and_line(tmp_path: Path, name: str, text: str,
                                                         line: int | None) -> None:
    (tmp_path / "a.txt").write_text("The bridge is 5 km long.\n", encoding="utf-8")
    (tmp_path / name).write_text(text, encoding="utf-8")
    proc = _run(tmp_path, ["a.txt", "--rules", name, "--no-config"])
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    m = re.search(rf"{re.escape(name)}:(\d+): ", proc.stderr)
    assert m, proc.stderr
    if line is not None:
        assert int(m.group(1)) == line


def test_bad_config_through_run_exits_2(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("The bridge is 5 km long.\n", encoding="utf-8")
    (tmp_path / "factcheck.yaml").write_text("format: text\nsources: !!python/name:os.system\n", encoding="utf-8")
    proc = _run(tmp_path, ["a.txt"])
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert re.search(r"factcheck\.yaml:2: ", proc.stderr), proc.stderr


def test_alias_bomb_in_article_front_matter_is_harmless(tmp_path: Path) -> None:
    # Front matter is article data (safe loader; aliases stay shared objects): it must neither expand in
    # memory nor when the analysis is cached or reported.
    bomb = BILLION_LAUGHS.replace("i: &i", "tags: &i")
    (tmp_path / "a.md").write_text(f"---\ntitle: T\n{bomb}---\nThe road is 5 km long.\n", encoding="utf-8")
    for fmt in ("json", "html"):
        proc = subprocess.run([sys.executable, "-m", "factcheck", "run", "a.md", "-j", "1", "--no-config",
                               "--cache-dir", "cache", "-f", fmt], capture_output=True, text=True, timeout=120,
                              cwd=tmp_path, preexec_fn=_limit_memory)
        assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
        assert len(proc.stdout) < 1_000_000
