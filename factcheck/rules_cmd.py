"""``factcheck rules``: list, validate, explain, print the schema of, and test rules.

A rule file is YAML: a rule, a list of rules, or a mapping with a ``rules:`` list. Every rule may carry its own
examples, run by ``factcheck rules test``::

    - id: distance-between-towns
      extends: quantity
      …
      tests:
        - text: "A is 8 km from B. Later: A lies 10 km from B."
          expect: [contradiction]          # one finding of kind "contradiction" from this rule
        - articles: ["A is 8 km from B.", "A is some five miles from B."]
          expect: []                       # no finding from this rule

``expect`` lists the findings the rule must produce, no more and no fewer: a string matches a finding's kind,
rule, fact or one of its quoted texts; a mapping matches on every key it gives (``kind``, ``rule``, ``fact``,
``severity``, ``text``: a quoted text, ``message``: a part of the message). Only findings made by the rule
under test count (for ``extends: check`` rules, those of the check they configure). The examples run through
the real pipeline: written to a temporary folder as articles, loaded, analyzed, checked.
"""

from __future__ import annotations

import dataclasses
import json
import re
import tempfile
from collections.abc import Iterable, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from factcheck.model import Finding
from factcheck.rules import loader as rule_loader
from factcheck.rules.loader import RuleError

RULE_SUFFIXES = rule_loader.RULE_SUFFIXES


@dataclasses.dataclass(frozen=True)
class Problem:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclasses.dataclass
class LoadedRule:
    rule: Any  # a validated rule model
    path: str  # as shown; "<builtin>/NAME.yaml" for the built-in pack
    line: int
    example_lines: list[int]  # the line of each of the rule's examples
    builtin: bool = False


# --- reading rule files with positions -------------------------------------------------------------------
# The parsing and the error wording are the loader's (factcheck.rules.loader); what differs here is that every
# problem is collected instead of stopping at the first, and that examples keep their line numbers.

def rule_files(paths: Iterable[Path]) -> tuple[list[Path], list[Problem]]:
    files: list[Path] = []
    problems: list[Problem] = []
    for p in paths:
        try:
            files.extend(rule_loader.rule_files([p]))
        except RuleError as exc:
            problems.append(Problem(exc.path, exc.line, exc.message))
    return files, problems


def _items(doc: Any, shown: str) -> tuple[list[Any], list[Problem]]:
    if isinstance(doc.value, list):
        return [doc.children[i] for i in range(len(doc.value))], []
    if isinstance(doc.value, dict) and "rules" in doc.value and "id" not in doc.value:
        extra = sorted(set(doc.value) - {"rules"})
        problems = [Problem(shown, doc.children[k].line, f"unknown key {k!r} beside 'rules'") for k in extra]
        holder = doc.children["rules"]
        if not isinstance(holder.value, list):
            return [], [*problems, Problem(shown, holder.line, "'rules' must be a list of rules")]
        return [holder.children[i] for i in range(len(holder.value))], problems
    if isinstance(doc.value, dict):
        return [doc], []
    return [], [Problem(shown, doc.line, "a rule file holds a rule, a list of rules, or 'rules: [...]'")]


def read_rule_text(text: str, shown: str, builtin: bool = False) -> tuple[list[LoadedRule], list[Problem]]:
    """Every rule of one file, validated, and every problem in it (not only the first)."""
    from factcheck.rules.schema import RULE_ADAPTER

    try:
        doc = rule_loader._parse(text, shown)
    except RuleError as exc:
        return [], [Problem(exc.path, exc.line, exc.message)]
    if doc is None:
        return [], []
    items, problems = _items(doc, shown)
    rules: list[LoadedRule] = []
    for item in items:
        if not isinstance(item.value, dict):
            problems.append(Problem(shown, item.line, "a rule must be a mapping of keys to values"))
            continue
        try:
            rule = RULE_ADAPTER.validate_python(item.value)
        except ValidationError as exc:
            for err in exc.errors(include_url=False):
                loc, msg = rule_loader._describe(err, item.value.keys(), item.value.get("extends"))
                if err.get("type") in ("union_tag_invalid", "union_tag_not_found"):
                    loc = ("extends",)  # point at the wrong kind, not at the start of the rule
                rid = item.value.get("id")
                problems.append(Problem(shown, rule_loader._line_of(item, loc),
                                        f"rule {rid}: {msg}" if isinstance(rid, str) else msg))
            continue
        except (ValueError, TypeError) as exc:
            problems.append(Problem(shown, item.line, str(exc)))
            continue
        id_node = item.children.get("id")
        tests = item.children.get("tests")
        example_lines = [tests.children[n].line if tests is not None and n in tests.children else item.line
                         for n in range(len(rule.tests))]
        rules.append(LoadedRule(rule, shown, id_node.line if id_node is not None else item.line, example_lines,
                                builtin))
    return rules, problems


def _dedupe(rules: list[LoadedRule], problems: list[Problem]) -> list[LoadedRule]:
    first: dict[str, LoadedRule] = {}
    out = []
    for lr in rules:
        prev = first.get(lr.rule.id)
        if prev is not None:
            problems.append(Problem(lr.path, lr.line, f"duplicate rule id {lr.rule.id!r} "
                                    f"(first defined at {prev.path}:{prev.line})"))
            continue
        first[lr.rule.id] = lr
        out.append(lr)
    return out


def read_rules(paths: Iterable[Path]) -> tuple[list[LoadedRule], list[Problem]]:
    """The rules of ``paths`` (not the built-in pack) and every problem in them."""
    files, problems = rule_files(paths)
    rules: list[LoadedRule] = []
    for f in files:
        try:
            text = rule_loader._read(f)
        except RuleError as exc:
            problems.append(Problem(exc.path, exc.line, exc.message))
            continue
        r, p = read_rule_text(text, f.as_posix())
        rules.extend(r)
        problems.extend(p)
    return _dedupe(rules, problems), problems


def read_builtin_rules() -> tuple[list[LoadedRule], list[Problem]]:
    rules: list[LoadedRule] = []
    problems: list[Problem] = []
    root = resources.files(rule_loader.BUILTIN_PACKAGE)
    for entry in sorted(root.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(RULE_SUFFIXES) and entry.is_file():
            r, p = read_rule_text(entry.read_text(encoding="utf-8"), f"<builtin>/{entry.name}", True)
            rules.extend(r)
            problems.extend(p)
    return _dedupe(rules, problems), problems


def all_rules(paths: Sequence[Path]) -> tuple[list[LoadedRule], list[Problem]]:
    """Your rules, then the built-in rules they do not replace (as the pipeline loads them)."""
    own, problems = read_rules(paths)
    packed, more = read_builtin_rules()
    ids = {lr.rule.id for lr in own}
    return own + [lr for lr in packed if lr.rule.id not in ids], problems + more


# --- list, explain, schema -------------------------------------------------------------------------------

def check_modules() -> list[Any]:
    try:
        from factcheck.checks import discover

        return discover()
    except Exception:  # a half-installed check: list the rules anyway
        return []


def list_rows(paths: Sequence[Path]) -> tuple[list[tuple[str, str, str, str]], list[Problem]]:
    """(id, kind, level, source) for every check and every rule in ``paths`` and the built-in pack."""
    rows = [(str(m.NAME), "check", str(getattr(m, "DEFAULT_LEVEL", "error")),
             f"<builtin>/checks/{Path(m.__file__).name}") for m in check_modules()]
    rules, problems = all_rules(paths)
    for lr in rules:
        level = getattr(lr.rule, "level", None) or "default"
        if not getattr(lr.rule, "enabled", True):
            level = "off"
        rows.append((lr.rule.id, lr.rule.extends, level, f"{lr.path}:{lr.line}"))
    return rows, problems


def rule_schema() -> dict[str, Any]:
    from factcheck.rules.schema import RULE_ADAPTER

    item = RULE_ADAPTER.json_schema()
    defs = item.pop("$defs", {})
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "factcheck rule file",
        "description": "A list of rules, or a mapping with a `rules` list. See `factcheck rules explain KIND`.",
        "anyOf": [
            {"type": "array", "items": {"$ref": "#/$defs/Rule"}},
            {"type": "object", "properties": {"rules": {"type": "array", "items": {"$ref": "#/$defs/Rule"}}},
             "required": ["rules"]},
        ],
        "$defs": {**defs, "Rule": item},
    }


def explain(rule_id: str, paths: Sequence[Path]) -> str | None:
    """Documentation of a rule, a check, or a rule kind (``quantity``, ``names``, ``date``, ``check``)."""
    for m in check_modules():
        if str(m.NAME) == rule_id:
            return (f"{rule_id}  (built-in check, default level {getattr(m, 'DEFAULT_LEVEL', 'error')})\n\n"
                    f"{(m.__doc__ or '').strip()}\n")
    rules, _ = all_rules(paths)
    for lr in rules:
        if lr.rule.id == rule_id:
            return explain_rule(lr)
    for cls in rule_kinds():
        if cls.model_fields["extends"].annotation.__args__[0] == rule_id:
            return explain_kind(rule_id, cls)
    return None


def rule_kinds() -> list[Any]:
    """The rule models of the union in factcheck.rules.schema (one per ``extends``)."""
    import typing

    from factcheck.rules.schema import Rule

    union = typing.get_args(Rule)[0]
    return list(typing.get_args(union))


def explain_kind(tag: str, cls: Any) -> str:
    import sys

    doc = (sys.modules[cls.__module__].__doc__ or cls.__doc__ or "").strip()
    lines = [f"extends: {tag}", "", doc, "", "fields:"]
    for name, field in cls.model_fields.items():
        ann = field.annotation.__name__ if isinstance(field.annotation, type) else str(field.annotation)
        ann = re.sub(r"\b(?:[A-Za-z_]\w*\.)+(\w+)", r"\1", ann)  # typing.Literal -> Literal, a.b.Context -> Context
        default = "required" if field.is_required() else f"default {field.get_default(call_default_factory=True)!r}"
        desc = f"  {field.description}" if field.description else ""
        lines.append(f"  {name}: {ann} ({default}){desc}")
    return "\n".join(lines) + "\n"


def explain_rule(lr: LoadedRule) -> str:
    r = lr.rule
    fields = r.model_dump(mode="json", exclude_defaults=True, exclude={"tests", "description", "id", "extends"})
    out = [f"{r.id}  (extends: {r.extends}, level {getattr(r, 'level', None) or 'default'}, {lr.path}:{lr.line})",
           ""]
    if r.description:
        out += [r.description.strip(), ""]
    doc = (type(r).__doc__ or "").strip()
    if doc:
        out += [f"extends {r.extends}: {doc.splitlines()[0]}", ""]
    if fields:
        out += ["fields:", yaml.safe_dump(fields, sort_keys=True, allow_unicode=True, default_flow_style=None,
                                          width=110).rstrip(), ""]
    if r.tests:
        out.append("examples:")
        for ex in r.tests:
            texts = [ex.text] if ex.text is not None else list(ex.articles or [])
            for t in texts:
                out.append(f"  text: {t}")
            out.append(f"  expect: {json.dumps(ex.expect, ensure_ascii=False)}")
        out.append("")
    return "\n".join(out) + "\n"


# --- test ------------------------------------------------------------------------------------------------

@dataclasses.dataclass
class ExampleResult:
    rule_id: str
    path: str
    line: int
    number: int  # 1-based example number within the rule
    passed: bool
    diff: list[str]
    error: str | None = None


def belongs(f: Finding, rule: Any) -> bool:
    if f.rule == rule.id:
        return True
    check = getattr(rule, "check", None) if getattr(rule, "extends", None) == "check" else None
    return check is not None and (f.rule == check or f.kind == check)


def matches(expected: Any, f: Finding) -> bool:
    texts = {e.text for e in f.evidence}
    if isinstance(expected, str):
        return expected in (f.kind, f.rule, f.fact) or expected in texts
    if isinstance(expected, dict):
        for key, want in expected.items():
            want = str(want)
            ok = {
                "kind": lambda w: f.kind == w,
                "rule": lambda w: f.rule == w,
                "fact": lambda w: f.fact == w,
                "severity": lambda w: f.severity.value == w,
                "level": lambda w: f.severity.value == w,
                "text": lambda w: w in texts,
                "message": lambda w: w in f.message,
            }.get(key)
            if ok is None or not ok(want):
                return False
        return True
    return False


def assign(expected: list[Any], found: list[Finding]) -> dict[int, int]:
    """A maximum matching of expected items to findings (augmenting paths; lists are tiny)."""
    owner: dict[int, int] = {}  # finding index -> expected index

    def try_assign(i: int, seen: set[int]) -> bool:
        for j, f in enumerate(found):
            if j in seen or not matches(expected[i], f):
                continue
            seen.add(j)
            if j not in owner or try_assign(owner[j], seen):
                owner[j] = i
                return True
        return False

    for i in range(len(expected)):
        try_assign(i, set())
    return {i: j for j, i in owner.items()}


def describe_finding(f: Finding) -> str:
    quoted = ", ".join(f"“{e.text}”" for e in f.evidence if e.text)
    fact = f" fact={f.fact!r}" if f.fact else ""
    return f"{f.kind} [{f.rule}] {f.severity.value}{fact}: {f.message}" + (f"  ({quoted})" if quoted else "")


def run_example(lr: LoadedRule, example: Any) -> list[Finding]:
    """The example's articles through the real pipeline, with the rule's file (and the built-in pack)."""
    from factcheck.pipeline import RunOptions, run

    texts = [example.text] if example.text is not None else list(example.articles or [])
    with tempfile.TemporaryDirectory(prefix="factcheck-rule-test-") as tmp:
        articles = Path(tmp) / "articles"
        articles.mkdir()
        for n, t in enumerate(texts, 1):
            (articles / f"article-{n}.txt").write_text(t, encoding="utf-8")
        # a built-in rule runs with the pack alone: an empty folder keeps ./rules of the working dir out
        own = Path(tmp) / "no-rules"
        own.mkdir()
        report = run(RunOptions(paths=[articles], rule_paths=[own] if lr.builtin else [Path(lr.path)]))
    return [f for f in report.findings if belongs(f, lr.rule)]


def run_rule_examples(lr: LoadedRule) -> list[ExampleResult]:
    results = []
    for n, (example, line) in enumerate(zip(lr.rule.tests, lr.example_lines, strict=True), 1):
        texts = [example.text] if example.text is not None else list(example.articles or [])
        if not texts:
            results.append(ExampleResult(lr.rule.id, lr.path, line, n, False, [],
                                         "an example needs `text` or `articles`"))
            continue
        try:
            found = run_example(lr, example)
        except Exception as exc:  # a failing example must not hide the others
            results.append(ExampleResult(lr.rule.id, lr.path, line, n, False, [],
                                         f"the pipeline failed: {type(exc).__name__}: {exc}"))
            continue
        expected = list(example.expect)
        pairs = assign(expected, found)
        diff: list[str] = []
        for i, item in enumerate(expected):
            shown = json.dumps(item, ensure_ascii=False)
            if i in pairs:
                diff.append(f"    {shown}  ==  {describe_finding(found[pairs[i]])}")
            else:
                diff.append(f"  - {shown}  (expected, not found)")
        used = set(pairs.values())
        for j, f in enumerate(found):
            if j not in used:
                diff.append(f"  + {describe_finding(f)}  (found, not expected)")
        ok = len(pairs) == len(expected) and len(used) == len(found)
        results.append(ExampleResult(lr.rule.id, lr.path, line, n, ok, diff))
    return results


def format_failure(r: ExampleResult, example: Any) -> str:
    out = [f"FAIL {r.path}:{r.line}: rule {r.rule_id}, example {r.number}"]
    if r.error:
        out.append(f"  {r.error}")
        return "\n".join(out)
    texts = [example.text] if example.text is not None else list(example.articles or [])
    for n, t in enumerate(texts, 1):
        label = "text" if example.text is not None else f"article {n}"
        out.append(f"  {label}: {t.strip()}")
    out.append("  expected (-) and found (+):" if r.diff else "  expected nothing and found nothing")
    out.extend(r.diff)
    return "\n".join(out)
