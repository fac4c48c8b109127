"""``json``: the stable machine-readable contract.

``{"findings": [Finding.to_json(), …], "summary": {"files": N, "findings": {"error": …, "warning": …,
"info": …}}}``
"""

from __future__ import annotations

import json

from factcheck.report import Report


def render(report: Report) -> str:
    payload = {
        "findings": [f.to_json() for f in report.findings],
        "summary": {"files": report.files, "findings": report.counts()},
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
