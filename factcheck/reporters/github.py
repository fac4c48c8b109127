"""``github``: GitHub Actions workflow commands, so findings appear as annotations on the pull request.

Each finding becomes ``::error file=…,line=…,endLine=…,col=…,endColumn=…,title=…::message`` (``::warning``
for warnings, ``::notice`` for info) at its first evidence; the other evidence (the other articles of a
contradiction) is listed in the message, at most five of them. Data and properties are escaped as the Actions toolkit
(``@actions/core``) does: ``%``, CR and LF in the message; additionally ``:`` and ``,`` in properties.

GitHub displays at most 10 error, 10 warning and 10 notice annotations per step (and 50 per job); the rest
would be silently dropped. So at most ``LIMIT`` (10) annotations of each level are written; every finding
left out is printed as a plain ``path:line:col: level [rule] message`` log line in a collapsed group, followed
by a summary line saying how many of each level were left out.
"""

from __future__ import annotations

import unicodedata

from factcheck.model import Finding, Severity
from factcheck.report import Report
from factcheck.reporters.line import format_finding

LIMIT = 10  # annotations GitHub displays per level and step
MAX_RELATED = 5  # other evidence listed in one annotation; a misspelling may have dozens of correct uses
COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    # the log viewer renders ANSI escapes: other control characters from articles are dropped, not escaped
    text = "".join(ch for ch in text if ch in "\r\n\t" or unicodedata.category(ch) not in ("Cc", "Cf"))
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(f: Finding) -> str:
    props: list[tuple[str, str]] = []
    if f.evidence:
        loc = f.evidence[0].location
        props += [("file", loc.path), ("line", str(loc.line)), ("endLine", str(max(loc.end_line, loc.line)))]
        if loc.end_line <= loc.line:  # GitHub uses columns only for one-line annotations
            props += [("col", str(loc.column)), ("endColumn", str(max(loc.end_column, loc.column)))]
    props.append(("title", f"factcheck [{f.rule}]"))
    message = f.message
    for e in f.evidence[1:1 + MAX_RELATED]:
        quoted = f" “{e.text}”" if e.text else ""
        message += f"\n{e.role}: {e.location.path}:{e.location.line}:{e.location.column}{quoted}"
    if len(f.evidence) > 1 + MAX_RELATED:
        message += f"\n… and {len(f.evidence) - 1 - MAX_RELATED} more"
    prop_text = ",".join(f"{k}={escape_property(v)}" for k, v in props)
    return f"::{COMMANDS[f.severity]} {prop_text}::{escape_data(message)}"


def render(report: Report) -> str:
    shown: dict[Severity, int] = dict.fromkeys(Severity, 0)
    lines: list[str] = []
    left_out: list[Finding] = []
    for f in report.findings:
        if shown[f.severity] < LIMIT:
            shown[f.severity] += 1
            lines.append(annotation(f))
        else:
            left_out.append(f)
    if left_out:
        counts = {s: sum(1 for f in left_out if f.severity is s) for s in Severity}
        parts = ", ".join(f"{n} {s.value}" for s, n in counts.items() if n)
        lines.append(f"::group::factcheck: {len(left_out)} more findings not shown as annotations")
        lines.extend(format_finding(f) for f in left_out)
        lines.append("::endgroup::")
        lines.append(f"factcheck: {parts} finding(s) left out of the annotations (GitHub shows at most {LIMIT} "
                     f"per level and step); they are listed in the group above.")
    c = report.counts()
    lines.append(f"factcheck: {report.files} files checked: {c['error']} errors, {c['warning']} warnings, "
                 f"{c['info']} info")
    return "\n".join(lines) + "\n"
