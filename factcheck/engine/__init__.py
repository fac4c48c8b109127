"""The engine: rules turn mentions into claims about facts (stub)."""

from __future__ import annotations

from typing import Any

from factcheck.analysis import Analysis


def build_facts(analyses: list[Analysis], rules: list[Any]) -> list[Any]:
    return []
