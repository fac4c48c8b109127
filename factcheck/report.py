"""What a run produces, handed to a reporter."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from factcheck.analysis import Analysis
from factcheck.model import Finding


@dataclass
class Report:
    findings: list[Finding]
    files: int
    analyses: list[Analysis] = field(default_factory=list)
    facts: list[Any] = field(default_factory=list)
    rules: list[Any] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)  # e.g. baseline statistics

    def counts(self) -> dict[str, int]:
        out = {"error": 0, "warning": 0, "info": 0}
        for f in self.findings:
            out[f.severity.value] += 1
        return out
