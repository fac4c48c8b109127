"""Baselines: record today's findings so that CI fails only on new ones.

A baseline is a JSON file listing findings by ``Finding.fingerprint`` (rule, kind, fact and the quoted texts
with their files; no line numbers, so moving text in an article keeps a finding baselined). Each entry also
carries the rule, message, file and quoted text so that a reviewer can read the file. Identical findings are
counted: if the baseline holds one and the run produces two, one is new.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from factcheck.atomic import write_atomic
from factcheck.model import Finding

FORMAT_VERSION = 1


class BaselineError(Exception):
    """A baseline file that cannot be read: path, 1-based line, message. Exit code 2."""

    def __init__(self, path: str, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}")
        self.path, self.line, self.message = path, line, message


@dataclass(frozen=True)
class BaselineResult:
    findings: list[Finding]  # the findings not in the baseline
    baselined: int  # findings hidden because the baseline has them
    gone: int  # baseline entries that no run finding matched any more (fixed, or changed)


def entry(f: Finding) -> dict[str, Any]:
    first = f.evidence[0] if f.evidence else None
    out: dict[str, Any] = {"id": f.fingerprint, "rule": f.rule, "kind": f.kind, "severity": f.severity.value}
    if f.fact is not None:
        out["fact"] = f.fact
    out["message"] = f.message
    if first is not None:
        out["path"] = first.location.path
        out["text"] = first.text
    return out


def render_baseline(findings: Iterable[Finding]) -> str:
    entries = sorted((entry(f) for f in findings), key=lambda e: (e["id"], e.get("path", ""), e["message"]))
    payload = {"tool": "factcheck", "version": FORMAT_VERSION, "findings": entries}
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def write_baseline(path: Path, findings: Iterable[Finding]) -> int:
    items = list(findings)
    write_atomic(path, render_baseline(items))
    return len(items)


def read_baseline(path: Path) -> Counter[str]:
    shown = Path(path).as_posix()
    try:
        raw = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise BaselineError(shown, 1, "baseline file not found (create it with --write-baseline)") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise BaselineError(shown, 1, f"cannot read baseline: {exc}") from None
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise BaselineError(shown, exc.lineno, f"invalid JSON: {exc.msg}") from None
    except RecursionError:
        raise BaselineError(shown, 1, "invalid JSON: nested too deeply") from None
    if not isinstance(data, dict) or not isinstance(data.get("findings"), list):
        raise BaselineError(shown, 1, 'not a factcheck baseline: expected an object with a "findings" list')
    if data.get("version", FORMAT_VERSION) != FORMAT_VERSION:
        raise BaselineError(shown, 1, f"unsupported baseline version {data.get('version')!r}")
    ids: Counter[str] = Counter()
    for n, item in enumerate(data["findings"]):
        if not isinstance(item, dict) or not isinstance(item.get("id"), str):
            raise BaselineError(shown, 1, f'entry {n} has no string "id"')
        ids[item["id"]] += 1
    return ids


def apply_baseline(findings: list[Finding], baseline: Counter[str]) -> BaselineResult:
    remaining = Counter(baseline)
    new: list[Finding] = []
    for f in findings:
        fp = f.fingerprint
        if remaining[fp] > 0:
            remaining[fp] -= 1
        else:
            new.append(f)
    gone = sum(remaining.values())
    return BaselineResult(new, len(findings) - len(new), gone)
