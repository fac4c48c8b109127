"""``sarif``: SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.

One run; ``tool.driver`` carries the name, version and every rule that produced a finding (id, short and
full description, help, default level). Each result has ``ruleId``/``ruleIndex``, ``level`` (``error``,
``warning``, or ``note`` for info), ``message.text``, the primary location (the finding's first evidence:
repo-relative URI, region with start/end line and column, the quoted text as snippet), one
``relatedLocations`` entry for every other evidence (the other articles of a contradiction), linked from the
message as ``[text](n)``, and ``partialFingerprints`` holding the content fingerprint (the one baselines
use), so that code scanning tracks a finding across edits that move it. Columns count Unicode code points
(``columnKind: unicodeCodePoints``); ``endColumn`` is exclusive, as SARIF requires.

Upload with ``github/codeql-action/upload-sarif``; URIs are relative to the repository root (the nearest
folder above the working directory that holds ``.git``, else the working directory).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any
from urllib.parse import quote

from factcheck import __version__
from factcheck.model import Evidence, Finding, Location, Severity
from factcheck.report import Report

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
# Findings made outside rules and checks: what they mean, for the driver's rule list.
BUILTIN_RULES = {
    "input-error": "An article file could not be read or parsed (encoding, JSON, front matter).",
    "unused-suppression": "A suppression (inline comment or config ignore) that matched no finding.",
}


def escape_message(text: str) -> str:
    """Literal brackets in SARIF message text must be escaped, or viewers take them for links."""
    return text.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")


def first_line(text: str) -> str:
    stripped = text.strip()
    return stripped.splitlines()[0].strip() if stripped else ""


def repo_root(start: Path) -> Path:
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder
    return start


def artifact_uri(path: str, cwd: Path, root: Path) -> str:
    full = os.path.normpath(os.path.join(cwd, path))
    try:
        rel = Path(full).relative_to(root).as_posix()
    except ValueError:
        return Path(full).as_uri()
    return quote(rel, safe="/")


def rule_catalog(report: Report) -> dict[str, dict[str, str]]:
    """Every rule id the run knows about -> description and default level (checks, YAML rules, built-ins)."""
    catalog: dict[str, dict[str, str]] = {k: {"description": v, "level": "error"} for k, v in BUILTIN_RULES.items()}
    try:
        from factcheck.checks import discover

        for mod in discover():
            catalog[str(mod.NAME)] = {"description": (mod.__doc__ or "").strip(),
                                      "level": str(getattr(mod, "DEFAULT_LEVEL", "error"))}
    except Exception:  # a half-written check must not stop the report from being written
        pass
    for rule in report.rules:
        rid = getattr(rule, "id", None)
        if rid:
            catalog[str(rid)] = {"description": str(getattr(rule, "description", "") or ""),
                                 "level": str(getattr(rule, "level", "error"))}
    return catalog


def sarif_rule(rule_id: str, info: dict[str, str] | None, kinds: set[str], worst: Severity) -> dict[str, Any]:
    full = (info or {}).get("description", "") or f"factcheck rule {rule_id} ({', '.join(sorted(kinds))})."
    short = first_line(full)
    level = {"error": "error", "warning": "warning", "info": "note"}.get((info or {}).get("level", ""),
                                                                       LEVELS[worst])
    return {
        "id": rule_id,
        "shortDescription": {"text": short},
        "fullDescription": {"text": full},
        "help": {"text": f"{full}\n\nRun `factcheck rules explain {rule_id}` for details.",
                 "markdown": f"{full}\n\nRun `factcheck rules explain {rule_id}` for details."},
        "defaultConfiguration": {"level": level},
        "properties": {"tags": ["factcheck", *sorted(kinds)]},
    }


def physical_location(loc: Location, text: str, cwd: Path, root: Path) -> dict[str, Any]:
    start_line, start_col = max(loc.line, 1), max(loc.column, 1)
    end_line = max(loc.end_line, start_line)
    # SARIF's endColumn is exclusive; ours is inclusive. On one line the region must not end before it starts.
    end_col = loc.end_column + 1 if end_line > start_line else max(loc.end_column, start_col) + 1
    region: dict[str, Any] = {"startLine": start_line, "startColumn": start_col, "endLine": end_line,
                              "endColumn": max(end_col, 1)}
    if text:
        region["snippet"] = {"text": text}
    return {"artifactLocation": {"uri": artifact_uri(loc.path, cwd, root), "uriBaseId": "%SRCROOT%"},
            "region": region}


def link_text(e: Evidence) -> str:
    quoted = f" “{e.text}”" if e.text else ""
    return escape_message(f"{e.location.path}:{e.location.line}{quoted}")


def result(f: Finding, index: int, cwd: Path, root: Path) -> dict[str, Any]:
    message = escape_message(f.message)
    related = []
    for n, e in enumerate(f.evidence[1:], 1):
        related.append({"id": n, "physicalLocation": physical_location(e.location, e.text, cwd, root),
                        "message": {"text": escape_message(f"{e.role}: {e.text}" if e.text else e.role)}})
    if related:
        links = ", ".join(f"[{link_text(e)}]({n})" for n, e in enumerate(f.evidence[1:], 1))
        message += ("" if message.rstrip().endswith((".", "!", "?")) else ".") + f" See {links}."
    out: dict[str, Any] = {
        "ruleId": f.rule,
        "ruleIndex": index,
        "level": LEVELS[f.severity],
        "message": {"text": message},
        "partialFingerprints": {"factcheckFingerprint/v1": f.fingerprint},
    }
    if f.evidence:
        out["locations"] = [{"physicalLocation": physical_location(f.evidence[0].location, f.evidence[0].text,
                                                                   cwd, root)}]
    if related:
        out["relatedLocations"] = related
    props: dict[str, Any] = {"kind": f.kind}
    if f.fact is not None:
        props["fact"] = f.fact
    out["properties"] = props
    return out


def to_sarif(report: Report, cwd: Path | None = None) -> dict[str, Any]:
    cwd = cwd or Path.cwd()
    root = repo_root(cwd)
    catalog = rule_catalog(report)
    used: dict[str, tuple[set[str], Severity]] = {}
    for f in report.findings:
        kinds, worst = used.get(f.rule, (set(), Severity.INFO))
        kinds.add(f.kind)
        used[f.rule] = (kinds, f.severity if f.severity.rank > worst.rank else worst)
    rule_ids = sorted(used)
    index = {rid: i for i, rid in enumerate(rule_ids)}
    rules = [sarif_rule(rid, catalog.get(rid), *used[rid]) for rid in rule_ids]
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "factcheck", "version": __version__, "semanticVersion": __version__,
                                "rules": rules}},
            "columnKind": "unicodeCodePoints",
            "results": [result(f, index[f.rule], cwd, root) for f in report.findings],
        }],
    }


def render(report: Report) -> str:
    return json.dumps(to_sarif(report), ensure_ascii=False, indent=2) + "\n"
