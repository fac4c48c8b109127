"""Reading rule files: safe YAML only, every problem reported as ``path:line: message`` (exit code 2).

A rule file holds one rule (a mapping), a list of rules, or a mapping with a ``rules:`` list. Folders are
read recursively in sorted order (``*.yaml``, ``*.yml``; hidden entries skipped). Every rule is validated
against the union in ``factcheck.rules.schema``; the error names the line of the offending key. Rule ids are
unique across all files, except that a rule of your own may replace a built-in rule by using its id.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

RULE_SUFFIXES = (".yaml", ".yml")
BUILTIN_PACKAGE = "factcheck.builtin_rules"


class RuleError(Exception):
    """A problem in a rule file: path, 1-based line, message. Exit code 2."""

    def __init__(self, path: str, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}")
        self.path, self.line, self.message = path, line, message


@dataclass(frozen=True)
class LoadedRule:
    rule: Any  # a validated model of factcheck.rules.schema.Rule
    path: str
    line: int
    builtin: bool = False


# --- YAML with line numbers ---------------------------------------------------------------------------

class _Located:
    """A YAML value with the line of each mapping key and list item below it (1-based)."""

    __slots__ = ("value", "line", "children")

    def __init__(self, value: Any, line: int, children: dict[Any, _Located] | None = None) -> None:
        self.value, self.line, self.children = value, line, children or {}


MAX_NODES = 200_000  # YAML aliases can expand exponentially ("billion laughs"); a rule file is never this big
MAX_FILE_BYTES = 2 << 20  # pure-Python YAML parsing is slow; a real rule file is a few kilobytes
# Explicit tags on collections are not constructed by _build, so anything but the plain ones is refused here.
_PLAIN_TAGS = ("tag:yaml.org,2002:map", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:omap")


def _build(node: yaml.Node, path: str, budget: list[int] | None = None) -> _Located:
    budget = budget if budget is not None else [MAX_NODES]
    budget[0] -= 1
    if budget[0] < 0:
        raise RuleError(path, node.start_mark.line + 1, "rule file too large (YAML aliases expand too far)")
    line = node.start_mark.line + 1
    if isinstance(node, yaml.CollectionNode) and node.tag not in _PLAIN_TAGS:
        raise RuleError(path, line, f"unsupported YAML tag {node.tag!r}")
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        children: dict[Any, _Located] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise RuleError(path, key_node.start_mark.line + 1, "a key must be a plain word")
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise RuleError(path, key_node.start_mark.line + 1, "YAML merge keys ('<<') are not supported")
            key = yaml.SafeLoader.construct_scalar(yaml.SafeLoader(""), key_node)
            if key in out:
                raise RuleError(path, key_node.start_mark.line + 1, f"duplicate key {key!r}")
            child = _build(value_node, path, budget)
            out[key] = child.value
            # Errors about a key point at the key's own line.
            children[key] = _Located(child.value, key_node.start_mark.line + 1, child.children)
        return _Located(out, line, children)
    if isinstance(node, yaml.SequenceNode):
        items = [_build(n, path, budget) for n in node.value]
        return _Located([i.value for i in items], line, dict(enumerate(items)))
    loader = yaml.SafeLoader("")
    try:
        value = loader.construct_object(node, deep=True)
    except yaml.constructor.ConstructorError as exc:
        raise RuleError(path, line, f"unsupported YAML value: {exc.problem}") from None
    return _Located(value, line)


# The built-in pack (shipped with factcheck, read at every start) is composed by libyaml when PyYAML has it:
# the same nodes, 10x faster. libyaml's composer recurses in C once a nesting level and crashes the process (no
# exception) past some 10,000 levels, which the shipped files never reach; a user's rule file, which might, is
# composed by the pure-Python loader, which stops at Python's recursion limit.
_BUILTIN_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _compose(text: str, builtin: bool) -> yaml.Node | None:
    return yaml.compose(text, Loader=_BUILTIN_LOADER if builtin else yaml.SafeLoader)


def _parse(text: str, path: str, builtin: bool = False) -> _Located | None:
    try:
        node = _compose(text, builtin)
    except RecursionError:
        raise RuleError(path, 1, "rule file nested too deeply") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise RuleError(path, line, f"invalid YAML: {reason}") from None
    if node is None:
        return None
    try:
        return _build(node, path)
    except RecursionError:
        raise RuleError(path, node.start_mark.line + 1, "rule file nested too deeply") from None


def _line_of(doc: _Located, loc: tuple[Any, ...]) -> int:
    node, line = doc, doc.line
    for part in loc:
        nxt = node.children.get(part)
        if nxt is None:
            break
        node, line = nxt, nxt.line
    return line


def _describe(err: dict[str, Any], rule_keys: Iterable[str], tag: Any = None) -> tuple[tuple[Any, ...], str]:
    loc = tuple(err.get("loc", ()))
    # A discriminated union puts the tag ("quantity") first; it is not a key of the file, even when a field
    # has the same name as the tag (``check: …`` in an ``extends: check`` rule).
    if loc and isinstance(loc[0], str) and (loc[0] not in rule_keys or (loc[0] == tag and len(loc) > 1)):
        loc = loc[1:]
    loc = tuple(p for p in loc if not (isinstance(p, str) and ("[" in p or p.startswith("function-"))))
    where = ".".join(str(p) for p in loc)
    kind, msg = err.get("type", ""), err.get("msg", "invalid")
    if kind == "extra_forbidden":
        msg = f"unknown key {where!r}"
    elif kind == "missing":
        msg = f"missing key {where!r}"
    elif kind == "union_tag_invalid":
        ctx = err.get("ctx", {})
        msg = f"unknown 'extends' {ctx.get('tag')!r}; expected one of {ctx.get('expected_tags')}"
    elif kind == "union_tag_not_found":
        msg = "missing key 'extends' (quantity, date, names or check)"
    else:
        msg = msg.removeprefix("Value error, ")
        msg = f"{where}: {msg}" if where else msg
    return loc, msg


def _validate(item: _Located, path: str) -> Any:
    from factcheck.rules.schema import RULE_ADAPTER

    if not isinstance(item.value, dict):
        raise RuleError(path, item.line, "a rule must be a mapping of keys to values")
    try:
        return RULE_ADAPTER.validate_python(item.value)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        # The first error in file order is the one a person wants to fix first.
        described = [_describe(e, item.value.keys(), item.value.get("extends")) for e in errors]
        described.sort(key=lambda d: _line_of(item, d[0]))
        loc, msg = described[0]
        raise RuleError(path, _line_of(item, loc), msg) from None
    except (ValueError, TypeError) as exc:  # a validator raising outside pydantic's wrapping
        raise RuleError(path, item.line, str(exc)) from None


def parse_rule_text(text: str, path: str, builtin: bool = False) -> list[LoadedRule]:
    doc = _parse(text, path, builtin)
    if doc is None:
        return []
    items: list[_Located]
    if isinstance(doc.value, list):
        items = [doc.children[i] for i in range(len(doc.value))]
    elif isinstance(doc.value, dict) and "rules" in doc.value and "id" not in doc.value:
        extra = sorted(set(doc.value) - {"rules"})
        if extra:
            raise RuleError(path, doc.children[extra[0]].line, f"unknown key {extra[0]!r} beside 'rules'")
        holder = doc.children["rules"]
        if not isinstance(holder.value, list):
            raise RuleError(path, holder.line, "'rules' must be a list of rules")
        items = [holder.children[i] for i in range(len(holder.value))]
    elif isinstance(doc.value, dict):
        items = [doc]
    else:
        raise RuleError(path, doc.line, "a rule file holds a rule, a list of rules, or 'rules: [...]'")
    out = []
    for item in items:
        rule = _validate(item, path)
        id_node = item.children.get("id")
        out.append(LoadedRule(rule, path, id_node.line if id_node is not None else item.line, builtin))
    return out


def rule_files(paths: Iterable[Path]) -> list[Path]:
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            found = [f for f in sorted(p.rglob("*"), key=lambda f: f.as_posix())
                     if f.suffix.lower() in RULE_SUFFIXES and f.is_file()
                     and not any(part.startswith(".") for part in f.relative_to(p).parts)]
            out.extend(found)
        elif p.is_file():
            out.append(p)
        else:
            raise RuleError(p.as_posix(), 1, "no such rule file or folder")
    seen: set[Path] = set()
    unique = []
    for f in out:
        key = f.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique


def _read(path: Path) -> str:
    shown = path.as_posix()
    try:
        with path.open("rb") as fh:
            data = fh.read(MAX_FILE_BYTES + 1)  # never more than the cap in memory, even from a FIFO or /dev/zero
    except OSError as exc:
        raise RuleError(shown, 1, f"cannot read: {exc.strerror or exc}") from None
    if len(data) > MAX_FILE_BYTES:
        raise RuleError(shown, 1, f"rule file too large (more than {MAX_FILE_BYTES >> 20} MB)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise RuleError(shown, data[: exc.start].count(b"\n") + 1, "not valid UTF-8") from None


def builtin_rules() -> list[LoadedRule]:
    root = resources.files(BUILTIN_PACKAGE)
    out: list[LoadedRule] = []
    for entry in sorted(root.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(RULE_SUFFIXES) and entry.is_file():
            out.extend(parse_rule_text(entry.read_text(encoding="utf-8"), f"<builtin>/{entry.name}", True))
    return out


def load_rule_files(paths: Iterable[Path], builtin: bool = True) -> list[LoadedRule]:
    """Your rules (in the order of ``paths``, files sorted) followed by the built-in rules they do not
    replace. Raises RuleError on the first problem."""
    own: list[LoadedRule] = []
    first: dict[str, LoadedRule] = {}
    for f in rule_files(paths):
        for lr in parse_rule_text(_read(f), f.as_posix()):
            prev = first.get(lr.rule.id)
            if prev is not None:
                raise RuleError(lr.path, lr.line, f"duplicate rule id {lr.rule.id!r} "
                                f"(first defined at {prev.path}:{prev.line})")
            first[lr.rule.id] = lr
            own.append(lr)
    if not builtin:
        return own
    packed: list[LoadedRule] = []
    seen: set[str] = set()
    for lr in builtin_rules():
        if lr.rule.id in seen:
            raise RuleError(lr.path, lr.line, f"duplicate rule id {lr.rule.id!r} in the built-in pack")
        seen.add(lr.rule.id)
        if lr.rule.id not in first:  # a rule of your own with a built-in id replaces that rule
            packed.append(lr)
    return own + packed


def load_rules(paths: list[Path], builtin: bool = True) -> list[Any]:
    """Validated rule models: your rules first (they take precedence when claiming a mention), then the
    built-in pack. Disabled rules are left out."""
    return [lr.rule for lr in load_rule_files(paths, builtin) if lr.rule.enabled]
