"""``extends: check``: switch a built-in check off, or change the level of its findings.

```yaml
- id: no-conversion          # switch the conversion check off
  extends: check
  check: conversion
  enabled: false
- id: ranges-are-info        # report reversed ranges at info instead of warning
  extends: check
  check: range
  level: info
```

``check`` names a check module's ``NAME`` (``factcheck rules list`` shows them: conversion, part-whole,
percentage, range, contradiction, …). Without ``level`` the check keeps its own default level. When several
rules name the same check, the last one loaded wins. Applied to every check alike by
``factcheck.checks.run_checks``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import ConfigDict, Field, field_validator, model_validator

from factcheck.rules.base import RuleBase


class CheckRule(RuleBase):
    model_config = ConfigDict(extra="forbid")
    extends: Literal["check"]
    check: str = Field(min_length=1, description="NAME of the check: conversion, part-whole, range, …")
    # None keeps the check's own DEFAULT_LEVEL (RuleBase's default "error" would silently re-level it).
    level: Literal["error", "warning", "info"] | None = None  # type: ignore[assignment]
    # ``enabled: false`` in the file switches the CHECK off. It is kept here, and the rule itself stays
    # enabled, because rule loading drops disabled rules, and a dropped rule could not switch anything off.
    check_enabled: bool = True

    @model_validator(mode="before")
    @classmethod
    def _enabled_is_the_checks(cls, data: Any) -> Any:
        if isinstance(data, dict) and "enabled" in data:
            if "check_enabled" in data:
                raise ValueError("give 'enabled' only")
            data = dict(data)
            data["check_enabled"] = data.pop("enabled")
        return data

    @field_validator("check")
    @classmethod
    def _known_check(cls, value: str) -> str:
        known = known_checks()
        if known and value not in known:
            raise ValueError(f"unknown check {value!r}; known checks: {', '.join(sorted(known))}")
        return value


def known_checks() -> frozenset[str]:
    """Names of the checks installed; empty when they cannot be listed (then any name is accepted)."""
    try:
        from factcheck.checks import discover  # imported late: checks import the analysis stack

        return frozenset(str(mod.NAME) for mod in discover())
    except Exception:  # a half-installed check must not make every rule file invalid
        return frozenset()


@dataclass(frozen=True, slots=True)
class CheckSetting:
    """What the rules say about one check: run it or not, and at which level (None: its own)."""

    enabled: bool = True
    level: str | None = None


def check_setting(rules: Iterable[Any], name: str) -> CheckSetting:
    """The setting for check ``name`` from the ``extends: check`` rules among ``rules`` (last one wins)."""
    setting = _DEFAULT_SETTING
    for rule in rules:
        if isinstance(rule, CheckRule) and rule.check == name:
            setting = CheckSetting(enabled=rule.check_enabled, level=rule.level)
    return setting


_DEFAULT_SETTING = CheckSetting()  # frozen: one for all the checks no rule speaks of
