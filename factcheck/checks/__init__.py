"""Checks: one module each, found by name, so that adding a check touches no other.

A check module defines::

    NAME = "conversion"            # also the finding ``kind`` unless KIND is given
    DEFAULT_LEVEL = "error"
    def run(ctx: CheckContext) -> Iterable[Finding]: ...

and its docstring is its documentation (``factcheck rules explain NAME``).
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from types import ModuleType
from typing import Any

from factcheck.analysis import Analysis
from factcheck.model import Finding, Severity


@dataclass
class CheckContext:
    analyses: list[Analysis]
    rules: list[Any] = field(default_factory=list)  # validated rule models (factcheck.rules.schema.Rule)
    facts: list[Any] = field(default_factory=list)  # grouped claims (factcheck.engine)
    options: dict[str, Any] = field(default_factory=dict)


def discover() -> list[ModuleType]:
    import factcheck.checks as pkg

    mods = []
    for info in sorted(pkgutil.iter_modules(pkg.__path__), key=lambda i: i.name):
        if info.name.startswith("_"):
            continue
        mod = importlib.import_module(f"{pkg.__name__}.{info.name}")
        if hasattr(mod, "run") and hasattr(mod, "NAME"):
            mods.append(mod)
    return mods


def run_checks(ctx: CheckContext, modules: Iterable[ModuleType] | None = None) -> list[Finding]:
    from factcheck.rules.check_rule import check_setting  # `extends: check` rules: off, or another level

    out: list[Finding] = []
    for mod in modules if modules is not None else discover():
        setting = check_setting(ctx.rules, mod.NAME)
        if not setting.enabled:
            continue
        found = mod.run(ctx)
        if setting.level is not None:
            found = [replace(f, severity=Severity(setting.level)) for f in found]
        out.extend(found)
    return out
