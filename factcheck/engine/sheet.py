"""``factcheck facts``: the fact sheet, every fact with all its claims, agreeing or not (text or JSON)."""

from __future__ import annotations

import json
import math
from typing import Any

from factcheck.engine.units import fmt_base
from factcheck.model import Fact
from factcheck.reporters.text import clean, no_command


def _role(fact: Fact, i: int) -> str:
    return "outlier" if i in fact.outliers else "consensus"


def _finite(v: float) -> float | None:
    return None if math.isinf(v) or math.isnan(v) else v


def _consensus_text(fact: Fact) -> str:
    if fact.consensus is None or not fact.claims:
        return "none"
    base = getattr(fact.claims[0].mention, "base_unit", None)
    lo, hi = fact.consensus
    if math.isinf(lo) and math.isinf(hi):
        return "any value"
    if math.isinf(lo):
        return f"at most {fmt_base(hi, base, fact.unit)}"
    if math.isinf(hi):
        return f"at least {fmt_base(lo, base, fact.unit)}"
    a, b = fmt_base(lo, base, fact.unit), fmt_base(hi, base, fact.unit)
    return a if a == b else f"{a} to {b}"


def fact_records(facts: list[Fact]) -> list[dict[str, Any]]:
    out = []
    for fact in facts:
        claims = []
        for i, c in enumerate(fact.claims):
            rec: dict[str, Any] = c.location.to_json()
            rec.update({"text": c.text, "value": c.display, "interval": [_finite(c.interval[0]),
                        _finite(c.interval[1])], "role": _role(fact, i),
                        "date": c.date.isoformat() if c.date else None})
            claims.append(rec)
        consensus = None if fact.consensus is None else [_finite(fact.consensus[0]), _finite(fact.consensus[1])]
        base = getattr(fact.claims[0].mention, "base_unit", None) if fact.claims else None
        out.append({"fact": fact.key, "rule": fact.rule, "kind": fact.kind, "unit": fact.unit, "base_unit": base,
                    "running": fact.running, "consensus": consensus, "claims": claims})
    return out


def render_json(facts: list[Fact]) -> str:
    return json.dumps({"facts": fact_records(facts)}, ensure_ascii=False, indent=2) + "\n"


def render_text(facts: list[Fact]) -> str:
    lines: list[str] = []
    for fact in facts:
        running = ", running figure" if fact.running else ""
        lines.append(f"{clean(fact.key)}  [{fact.rule}{running}]  consensus: {_consensus_text(fact)}")
        where = []
        for c in fact.claims:
            loc = c.location
            rec = f"#{loc.record}" if loc.record is not None else ""
            where.append(f"{clean(loc.path)}{rec}:{loc.line}:{loc.column}")
        pad = max(len(w) for w in where) if where else 0
        for i, c in enumerate(fact.claims):
            date = f"  ({c.date.isoformat()})" if c.date else ""
            lines.append(f"  {_role(fact, i):<9} {where[i]:<{pad}}  {c.display:<14} '{clean(c.text)}'{date}")
        lines.append("")
    lines.append(f"{len(facts)} fact{'' if len(facts) == 1 else 's'}, "
                 f"{sum(len(f.claims) for f in facts)} claims")
    return "\n".join(no_command(line) for line in lines) + "\n"
