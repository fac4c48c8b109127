"""Reporters: one module per output format, found by name (``--format NAME``).

A reporter module defines ``render(report: Report) -> str``; its docstring is its documentation.
"""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType


def formats() -> list[str]:
    import factcheck.reporters as pkg

    return sorted(i.name for i in pkgutil.iter_modules(pkg.__path__) if not i.name.startswith("_"))


def get(name: str) -> ModuleType:
    if name not in formats():
        raise KeyError(name)
    return importlib.import_module(f"factcheck.reporters.{name}")
