"""What a run produces, handed to a reporter."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from factcheck.analysis import Analysis
from factcheck.model import DocInfo, Finding


@dataclass
class Report:
    findings: list[Finding]
    files: int
    analyses: list[Analysis] = field(default_factory=list)  # given by hand; a run keeps ``docs`` instead
    facts: list[Any] = field(default_factory=list)
    rules: list[Any] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)  # e.g. baseline statistics
    docs: list[DocInfo] = field(default_factory=list)  # every article of a run, in order (no texts)

    def articles(self) -> list[Analysis]:
        """Every article analysed: ``analyses`` when given, else the run's articles read again (see reread)."""
        if not self.analyses and self.docs:
            from factcheck.reread import reread

            found = reread(self.docs, full=True)
            self.analyses = [found[d.doc_id] for d in self.docs if d.doc_id in found]
        return self.analyses

    def excerpt_sources(self, doc_ids: set[str]) -> dict[str, Analysis]:
        """The articles of ``doc_ids`` with their sentences, for excerpts around evidence."""
        if self.analyses:
            return {a.doc.doc_id: a for a in self.analyses if a.doc.doc_id in doc_ids}
        from factcheck.reread import reread

        return reread((d for d in self.docs if d.doc_id in doc_ids), full=False)

    def counts(self) -> dict[str, int]:
        out = {"error": 0, "warning": 0, "info": 0}
        for f in self.findings:
            out[f.severity.value] += 1
        return out
