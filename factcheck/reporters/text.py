"""``text``: the terminal report (placeholder until the rich report lands)."""

from __future__ import annotations

from factcheck.report import Report


def render(report: Report) -> str:
    lines = []
    for f in report.findings:
        loc = f.evidence[0].location if f.evidence else None
        where = f"{loc.path}:{loc.line}:{loc.column}: " if loc else ""
        lines.append(f"{where}{f.severity.value} [{f.rule}] {f.message}")
    c = report.counts()
    lines.append(f"{report.files} files checked: {c['error']} errors, {c['warning']} warnings, {c['info']} info")
    return "\n".join(lines) + "\n"
