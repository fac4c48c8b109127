"""The project config: ``factcheck.yaml`` at the project root, or ``[tool.factcheck]`` in ``pyproject.toml``.

Found by looking in the working directory and then its parents, up to the folder holding ``.git``; in each
folder ``factcheck.yaml`` wins over ``pyproject.toml``. Paths in it (sources, rules, baseline) are relative
to the folder of the config file. Keys may be written ``fail-on`` or ``fail_on``. Command-line flags
override every value. Errors name the file and line and exit with code 2.
"""

from __future__ import annotations

import dataclasses
import fnmatch
import re
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator, model_validator

from factcheck.model import Finding, Location, Severity
from factcheck.suppress import Ignore

CONFIG_NAMES = ("factcheck.yaml", "factcheck.yml")
MAX_CONFIG_BYTES = 2 << 20  # a config is a few lines; refuse before parsing a huge (or endless) file
Level = Literal["error", "warning", "info", "off"]


def _dashed(name: str) -> str:
    return name.replace("_", "-")


class ConfigError(Exception):
    """A problem in a config file: path, 1-based line, message. Exit code 2."""

    def __init__(self, path: str, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}")
        self.path, self.line, self.message = path, line, message


class IgnoreModel(BaseModel):
    model_config = ConfigDict(extra="forbid")

    rule: str | None = Field(None, description="Rule id or finding kind (glob) to ignore.")
    path: str | None = Field(None, description="Glob on the article path, as shown in reports.")
    text: str | None = Field(None, description="Ignore findings that quote this text.")
    reason: str | None = Field(None, description="Why: for the people who read the config.")

    @model_validator(mode="after")
    def _not_empty(self) -> IgnoreModel:
        if self.rule is None and self.path is None and self.text is None:
            raise ValueError("an ignore entry needs at least one of rule, path, text")
        return self


class ConfigModel(BaseModel):
    model_config = ConfigDict(extra="forbid", alias_generator=_dashed, populate_by_name=True)

    sources: list[str] | None = Field(None, description="Files or folders of articles.")
    rules: list[str] | None = Field(None, description="Rule files or folders.")
    fail_on: Literal["error", "warning", "info", "never"] | None = Field(
        None, description="Lowest level that makes the exit code 1.")
    format: str | None = Field(None, description="Output format: text, json, line, sarif, github.")
    baseline: str | None = Field(None, description="Baseline file: report only findings not in it.")
    levels: dict[str, Level] = Field(default_factory=dict,
                                     description="Per-rule (or per-kind) level: error, warning, info or off.")
    ignore: list[IgnoreModel] = Field(default_factory=list, description="Findings to ignore.")
    inline_suppressions: bool = Field(True, description="Honour <!-- factcheck-disable … --> comments.")

    @field_validator("format")
    @classmethod
    def _known_format(cls, value: str | None) -> str | None:
        from factcheck import reporters

        if value is not None and value not in reporters.formats():
            raise ValueError(f"unknown format {value!r}; choose from {', '.join(reporters.formats())}")
        return value

    @field_validator("sources", "rules", mode="before")
    @classmethod
    def _one_path(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value

    @field_validator("levels", "ignore", mode="before")
    @classmethod
    def _empty(cls, value: Any, info: ValidationInfo) -> Any:
        # a key left with only commented-out entries under it (as `factcheck init` writes) reads as null
        if value is None:
            return {} if info.field_name == "levels" else []
        if info.field_name == "levels" and isinstance(value, dict):
            # YAML 1.1 reads an unquoted `off` as false
            return {k: "off" if v is False else v for k, v in value.items()}
        return value


@dataclasses.dataclass
class Config:
    """A loaded config; ``path`` None for the empty default. Paths are already relative to the working dir."""

    path: Path | None = None
    sources: list[Path] | None = None
    rules: list[Path] | None = None
    fail_on: str | None = None
    format: str | None = None
    baseline: Path | None = None
    levels: dict[str, str] = dataclasses.field(default_factory=dict)
    ignores: list[Ignore] = dataclasses.field(default_factory=list)
    inline_suppressions: bool = True


# --- finding the file ------------------------------------------------------------------------------------

def _has_tool_table(pyproject: Path) -> bool:
    try:
        return "factcheck" in tomllib.loads(pyproject.read_text(encoding="utf-8")).get("tool", {})
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False
    except RecursionError:  # cannot tell: taken as ours, so that loading it says what is wrong with it
        return True


def find_config(start: Path | None = None) -> Path | None:
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        for name in CONFIG_NAMES:
            if (folder / name).is_file():
                return folder / name
        if (folder / "pyproject.toml").is_file() and _has_tool_table(folder / "pyproject.toml"):
            return folder / "pyproject.toml"
        if (folder / ".git").exists():
            break
    return None


# --- reading, with line numbers -------------------------------------------------------------------------

def _yaml_line(node: yaml.Node | None, loc: Sequence[Any]) -> int:
    """The 1-based line of the YAML node at ``loc`` (a pydantic error location), or of its nearest parent."""
    line = (node.start_mark.line + 1) if node is not None else 1
    for key in loc:
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                if k.value == key:
                    line, node = k.start_mark.line + 1, v
                    break
            else:
                return line
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            node = node.value[key]
            line = node.start_mark.line + 1
        else:
            return line
    return line


def _toml_line(raw: str, loc: Sequence[Any]) -> int:
    """Best effort: tomllib keeps no positions, so find the key's line inside ``[tool.factcheck]``."""
    lines = raw.splitlines()
    header = next((i for i, s in enumerate(lines) if re.match(r"\s*\[+\s*tool\.factcheck\b", s)), 0)
    if loc:
        key = str(loc[0])
        pat = re.compile(rf"\s*(\[+\s*tool\.factcheck\.)?\"?{re.escape(key)}\"?\s*(=|\])")
        for i in range(header, len(lines)):
            if pat.match(lines[i]):
                return i + 1
    return header + 1


def _format_error(err: dict[str, Any]) -> str:
    where = ".".join(str(x) for x in err["loc"] if not str(x).startswith("function-after"))
    msg = err["msg"].removeprefix("Value error, ")
    if err["type"] == "extra_forbidden":
        msg = "unknown key"
    return f"{where}: {msg}" if where else msg


def _validate(data: Any, shown: str, line_of) -> ConfigModel:
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(shown, line_of(()), "the config must be a mapping of keys to values")
    try:
        return ConfigModel.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors()
        first = errors[0]
        more = f" (and {len(errors) - 1} more problem(s))" if len(errors) > 1 else ""
        raise ConfigError(shown, line_of(first["loc"]), _format_error(first) + more) from None


def shown_path(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except (ValueError, OSError):
        return path.as_posix()


def read_config(path: Path) -> ConfigModel:
    shown = shown_path(path)
    try:
        with path.open("rb") as fh:
            data = fh.read(MAX_CONFIG_BYTES + 1)
        if len(data) > MAX_CONFIG_BYTES:
            raise ConfigError(shown, 1, f"config file too large (more than {MAX_CONFIG_BYTES >> 20} MB)")
        raw = data.decode("utf-8")
    except FileNotFoundError:
        raise ConfigError(shown, 1, "config file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(shown, 1, f"cannot read config: {exc}") from None
    if path.name == "pyproject.toml":
        try:
            table = tomllib.loads(raw).get("tool", {}).get("factcheck", {})
        except tomllib.TOMLDecodeError as exc:
            line = getattr(exc, "lineno", None) or int((re.search(r"line (\d+)", str(exc)) or [0, 1])[1])
            raise ConfigError(shown, line, f"invalid TOML: {exc}") from None
        except RecursionError:  # tomllib recurses once a nesting level
            raise ConfigError(shown, 1, "config nested too deeply") from None
        return _validate(table, shown, lambda loc: _toml_line(raw, loc))
    try:
        node = yaml.compose(raw, Loader=yaml.SafeLoader)
        _check_size(node, shown)
        data = yaml.safe_load(raw)
    except RecursionError:
        raise ConfigError(shown, 1, "config nested too deeply") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ConfigError(shown, (mark.line + 1) if mark else 1, f"invalid YAML: {reason}") from None
    return _validate(data, shown, lambda loc: _yaml_line(node, loc))


MAX_NODES = 100_000  # aliases can expand exponentially ("billion laughs"); a config is never this big


def _check_size(node: yaml.Node | None, shown: str) -> None:
    budget = MAX_NODES
    stack = [node] if node is not None else []
    while stack:
        n = stack.pop()
        budget -= 1
        if budget < 0:
            raise ConfigError(shown, n.start_mark.line + 1, "config too large (YAML aliases expand too far)")
        if isinstance(n, yaml.MappingNode):
            stack.extend(v for pair in n.value for v in pair)
        elif isinstance(n, yaml.SequenceNode):
            stack.extend(n.value)


def _ignore_lines(path: Path, model: ConfigModel) -> list[int]:
    """The line of each ignore entry, so that an unused one can be reported where it is written."""
    raw = path.read_text(encoding="utf-8")
    if path.name == "pyproject.toml":
        tables = [i + 1 for i, line in enumerate(raw.splitlines())
                  if re.match(r"\s*\[\[\s*tool\.factcheck\.ignore\s*\]\]", line)]
        if len(tables) == len(model.ignore):  # one [[tool.factcheck.ignore]] table per entry
            return tables
        return [_toml_line(raw, ("ignore",))] * len(model.ignore)
    node = yaml.compose(raw, Loader=yaml.SafeLoader)
    return [_yaml_line(node, ("ignore", i)) for i in range(len(model.ignore))]


def load_config(path: Path | None) -> Config:
    """Read and validate ``path`` (None: no config). Raises ConfigError."""
    if path is None:
        return Config()
    model = read_config(path)
    base = path.parent
    try:
        base = base.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        pass

    def rel(p: str) -> Path:
        return base / p if not Path(p).is_absolute() else Path(p)

    shown = shown_path(path)
    lines = _ignore_lines(path, model)
    ignores = [Ignore(rule=i.rule, path=i.path, text=i.text, reason=i.reason,
                      source=Location(shown, line, 1, line, 1)) for i, line in zip(model.ignore, lines, strict=True)]
    return Config(
        path=path,
        sources=[rel(p) for p in model.sources] if model.sources is not None else None,
        rules=[rel(p) for p in model.rules] if model.rules is not None else None,
        fail_on=model.fail_on,
        format=model.format,
        baseline=rel(model.baseline) if model.baseline else None,
        levels=dict(model.levels),
        ignores=ignores,
        inline_suppressions=model.inline_suppressions,
    )


# --- applying it -----------------------------------------------------------------------------------------

def level_for(f: Finding, levels: dict[str, str]) -> str | None:
    """The configured level of a finding: its rule id first, then its kind, then glob patterns."""
    for key in (f.rule, f.kind):
        if key in levels:
            return levels[key]
    for pattern, level in sorted(levels.items()):
        if fnmatch.fnmatchcase(f.rule, pattern) or fnmatch.fnmatchcase(f.kind, pattern):
            return level
    return None


def apply_levels(findings: Sequence[Finding], levels: dict[str, str]) -> list[Finding]:
    """Per-rule level overrides; ``off`` drops the rule's findings."""
    if not levels:
        return list(findings)
    out: list[Finding] = []
    for f in findings:
        level = level_for(f, levels)
        if level is None:
            out.append(f)
        elif level != "off":
            out.append(dataclasses.replace(f, severity=Severity(level)))
    return out
