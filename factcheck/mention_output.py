"""Rendering of ``factcheck extract``: every mention with its position, as a table or as JSON."""

from __future__ import annotations

import json
import math
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from factcheck.analysis import Analysis
from factcheck.model import Location
from factcheck.reporters.text import clean, no_command


def _clean(value: Any) -> Any:
    """JSON has no infinity: an open interval end becomes null."""
    if isinstance(value, float) and (math.isinf(value) or math.isnan(value)):
        return None
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    return value


def mention_records(analyses: list[Analysis]) -> list[dict[str, Any]]:
    out = []
    for a in analyses:
        for m in a.mentions:
            rec: dict[str, Any] = {"kind": m.kind}
            rec.update(Location.of(a.doc, m.start, m.end).to_json())
            rec["text"] = m.text
            rec.update(m.to_json())
            out.append(_clean(rec))
    return out


def render_json(analyses: list[Analysis], problems: list) -> str:
    payload: dict[str, Any] = {"mentions": mention_records(analyses)}
    if problems:
        payload["problems"] = [p.to_json() for p in problems]
    return json.dumps(payload, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def _fmt(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        if math.isinf(v):
            return "∞" if v > 0 else "-∞"
        return f"{v:.6g}"
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(_fmt(x) for x in v) + "]"
    return str(v)


def render_text(analyses: list[Analysis], problems: list, console: Console) -> None:
    for p in problems:
        loc = p.evidence[0].location if p.evidence else None
        where = f"{clean(loc.path)}:{loc.line}:{loc.column}" if loc else ""
        console.print(f"{where}: {p.severity.value}: {clean(p.message)}", markup=False, highlight=False)
    for a in analyses:
        recs = [r for r in mention_records([a])]
        # a Text, not a str: a file name like "a[/b].txt" is not rich markup
        table = Table(title=Text(no_command(clean(a.doc.doc_id))), title_justify="left", show_lines=False)
        for col in ("line:col", "kind", "text", "value", "unit", "noun", "qual", "interval", "base"):
            table.add_column(col, overflow="fold")
        for r in recs:
            value = r.get("value") if r.get("range") is None else r.get("range")
            table.add_row(
                f"{r['line']}:{r['column']}", r["kind"], Text(clean(r["text"])),
                _fmt(value if "value" in r or "range" in r else r.get("iso")),
                _fmt(r.get("unit")), _fmt(r.get("noun")), _fmt(r.get("qualifier")),
                _fmt(r.get("interval")), _fmt(r.get("base_unit")),
            )
        console.print(table)
