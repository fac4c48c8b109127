"""A fact's number line: every claim drawn as the interval it asserts, on one axis, in one unit.

``layout(fact)`` does the geometry (pure numbers, tested by hand); ``render_svg(line)`` turns it into SVG.

Shapes: a *point* for an exact value ("10km": at 10, with a thin whisker over the 9.5–10.5 its rounding
allows), a *bar* for a range or a hedged value ("some five miles", with a tick at the stated five miles),
an arrow for an open side ("less than 10 km" points left from 10, "more than 500" points right from 500).
The consensus interval is a shaded band behind the rows; outliers are drawn in red with an "outlier" tag.
Date facts (``Fact.kind == "date"``, intervals in day ordinals) get a time axis with dated ticks.

Axis: the finite ends of all claims and of the consensus span [lo, hi]; 10 % of that span (or of |lo|
when every claim says the same) is added on both sides, and the lower end is not taken below 0 when no
value is negative. Then ``x(v) = PLOT_X0 + (v - dmin) / (dmax - dmin) * (PLOT_X1 - PLOT_X0)``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape
from pathlib import PurePosixPath
from typing import Any

from factcheck.html import values

WIDTH = 900
PLOT_X0 = 340.0  # left of this: the row labels
PLOT_X1 = 860.0
TOP = 12.0
ROW_H = 28.0
AXIS_H = 40.0
PAD_FRACTION = 0.10
MIN_BAR = 4.0  # narrower bars are widened to this, around their middle
MIN_BAND = 3.0  # a consensus that is a single value is still drawn this many pixels wide
CHAR_W = 7.4  # generous average width of a 12 px sans-serif character, to keep labels off the values
DATE_SPAN = 10.0  # days shown around a date fact whose claims all name one day


@dataclass(frozen=True, slots=True)
class Scale:
    dmin: float
    dmax: float
    x0: float = PLOT_X0
    x1: float = PLOT_X1

    def x(self, v: float) -> float:
        """Pixel position of value ``v``; infinite values go to the plot's edges."""
        if v == math.inf:
            return self.x1
        if v == -math.inf:
            return self.x0
        return self.x0 + (v - self.dmin) / (self.dmax - self.dmin) * (self.x1 - self.x0)


@dataclass(frozen=True, slots=True)
class Mark:
    """One claim on the line, in pixels. ``shape``: point, bar, less (arrow left), more (arrow right), open."""

    index: int  # into fact.claims
    label: str  # outlet, else file name; with the line number
    display: str  # the claim's value as people read it, e.g. "≈ 8.0 km"
    shape: str
    x0: float
    x1: float
    y: float
    role: str  # outlier, consensus, other
    lo: float  # the interval in the shown unit
    hi: float
    doc_id: str
    line: int
    text: str
    sentence: str
    stated: float | None = None  # pixel x of the value as stated: a tick in a hedge's bar, or where a point is


@dataclass(frozen=True, slots=True)
class NumberLine:
    key: str
    unit: str  # label of the shown unit
    scale: Scale
    marks: tuple[Mark, ...]
    band: tuple[float, float] | None  # consensus band in pixels
    ticks: tuple[tuple[float, str], ...]  # (pixel x, label)
    height: float


def claim_source(claim: Any) -> str:
    """Outlet when known, else the file name (with the record number for .json/.jsonl)."""
    if getattr(claim, "outlet", None):
        return str(claim.outlet)
    loc = claim.location
    name = PurePosixPath(loc.path).name or loc.path
    return f"{name}#{loc.record}" if loc.record is not None else name


def _shape(lo: float, hi: float, qualifier: str | None, exact: bool) -> str:
    """``exact``: the mention states one value with no hedge ("10km"), so the interval is only its rounding."""
    if math.isinf(lo) and math.isinf(hi):
        return "open"
    if math.isinf(lo) or (qualifier == "<" and not math.isinf(hi)):
        return "less"
    if math.isinf(hi) or qualifier == ">":
        return "more"
    if exact or hi - lo <= 1e-9 * max(abs(lo), abs(hi), 1.0):
        return "point"
    return "bar"


def _span_of(shape: str, lo: float, hi: float) -> list[float]:
    """The values of a claim that must be on the axis: an arrow's open side is not."""
    if shape == "less":
        return [hi]
    if shape == "more":
        return [lo]
    return [v for v in (lo, hi) if math.isfinite(v)]


def domain(points: list[float], dates: bool = False) -> tuple[float, float]:
    """The axis range for these finite values (see the module docstring). For dates (day ordinals) one
    value gets 10 days around it, and the padding is at least a day."""
    if not points:
        return 0.0, 1.0
    lo, hi = min(points), max(points)
    span = hi - lo
    if span == 0:
        span = DATE_SPAN if dates else (abs(lo) or 1.0)
    pad = max(span * PAD_FRACTION, 1.0) if dates else span * PAD_FRACTION
    dmin, dmax = lo - pad, hi + pad
    if lo >= 0 and dmin < 0:
        dmin = 0.0
    return dmin, dmax


def stated_value(claim: Any, unit: str | None) -> float | None:
    """The mention's stated value in the shown unit ("some five miles" -> 8.05 km), when it has one."""
    m = claim.mention
    value, stated_unit = getattr(m, "value", None), getattr(m, "unit", None)
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return None
    if stated_unit == unit:
        return float(value)
    if not values.compatible(stated_unit, unit):
        return None
    return values.converter(stated_unit, unit)(float(value))


def _label(claim: Any, running: bool = False) -> str:
    """Source and line, cut in the middle (…) to fit left of the value shown right-aligned beside it."""
    label = f"{claim_source(claim)}:{claim.location.line}"
    if running and getattr(claim, "date", None):  # running figures are compared per publication date
        label += f" · {claim.date.isoformat()}"
    room = max(12, int((PLOT_X0 - 30 - len(claim.display) * CHAR_W) / CHAR_W))
    if len(label) > room:
        label = label[: room // 2 - 1] + "…" + label[-(room - room // 2):]
    return label


def layout(fact: Any) -> NumberLine:
    """Geometry of ``fact``'s number line. Rows in a stable order: by file, record, line, column (running
    figures by publication date first)."""
    claims = list(fact.claims)
    base = values.base_unit_of(fact.unit, claims)
    conv = values.converter(base, fact.unit)
    outliers = set(getattr(fact, "outliers", ()) or ())
    consensus = getattr(fact, "consensus", None)
    cons = (conv(consensus[0]), conv(consensus[1])) if consensus else None

    running = bool(getattr(fact, "running", False))
    order = sorted(range(len(claims)), key=lambda i: (  # running figures: by publication date first
        (claims[i].date.toordinal() if running and getattr(claims[i], "date", None) else 0),
        claims[i].location.path, claims[i].location.record if claims[i].location.record is not None else -1,
        claims[i].location.line, claims[i].location.column, i))
    shown = []
    points: list[float] = []
    for i in order:
        c = claims[i]
        lo, hi = conv(float(c.interval[0])), conv(float(c.interval[1]))
        if lo > hi:
            lo, hi = hi, lo
        qualifier = getattr(c.mention, "qualifier", None)
        stated = stated_value(c, fact.unit)
        exact = (qualifier == "=" and getattr(c.mention, "range", None) is None and stated is not None
                 and lo <= stated <= hi)
        shape = _shape(lo, hi, qualifier, exact)
        shown.append((i, c, lo, hi, shape, stated))
        points.extend(_span_of(shape, lo, hi))
    if cons:
        points.extend(v for v in cons if math.isfinite(v))
    dates = getattr(fact, "kind", "quantity") == "date"  # intervals are day ordinals (date.toordinal())
    scale = Scale(*domain(points, dates))

    marks = []
    for row, (i, c, lo, hi, shape, stated) in enumerate(shown):
        if i in outliers:
            role = "outlier"
        elif cons and lo <= cons[1] and hi >= cons[0]:
            role = "consensus"
        else:
            role = "other"
        y = TOP + ROW_H * row + ROW_H / 2
        inside = stated is not None and lo <= stated <= hi and shape in ("bar", "point")
        stated_x = scale.x(stated) if inside else None
        label = _label(c, running)
        marks.append(Mark(i, label, c.display, shape, scale.x(lo), scale.x(hi), y, role, lo, hi,
                          c.doc_id, c.location.line, c.text, c.sentence, stated_x))
    band = None
    if cons:
        b0, b1 = scale.x(max(cons[0], scale.dmin)), scale.x(min(cons[1], scale.dmax))
        if b1 - b0 < MIN_BAND:
            mid = (b0 + b1) / 2
            b0, b1 = mid - MIN_BAND / 2, mid + MIN_BAND / 2
        band = (b0, b1)
    if dates:
        tick_marks = tuple((scale.x(t), label) for t, label in values.date_ticks(scale.dmin, scale.dmax))
        unit = "date"
    else:
        step = values.nice_step(scale.dmax - scale.dmin)
        tick_marks = tuple((scale.x(t), values.format_tick(t, step))
                           for t in values.ticks(scale.dmin, scale.dmax))
        unit = values.unit_label(fact.unit)
    height = TOP + ROW_H * max(len(marks), 1) + AXIS_H
    return NumberLine(fact.key, unit, scale, tuple(marks), band, tick_marks, height)


def _f(v: float) -> str:
    """Pixel coordinates with one decimal: enough for the eye, and the same bytes on every run."""
    return f"{v:.1f}"


def _mark_svg(m: Mark) -> list[str]:
    y = _f(m.y)
    out = []
    if m.shape == "point":
        if m.x1 - m.x0 >= 1:  # the rounding a stated value allows ("10 km": 9.5 to 10.5) as a thin whisker
            out.append(f'<line class="prec" x1="{_f(m.x0)}" y1="{y}" x2="{_f(m.x1)}" y2="{y}"/>')
        cx = m.stated if m.stated is not None else (m.x0 + m.x1) / 2
        out.append(f'<circle class="pt" cx="{_f(cx)}" cy="{y}" r="5"/>')
    elif m.shape == "bar":
        width = m.x1 - m.x0
        x = m.x0
        if width < MIN_BAR:  # still visible as a bar, centred where it belongs
            x, width = (m.x0 + m.x1 - MIN_BAR) / 2, MIN_BAR
        out.append(f'<rect class="bar" x="{_f(x)}" y="{_f(m.y - 5)}" width="{_f(width)}" height="10" '
                   f'rx="{_f(min(3.0, width / 2))}"/>')
        if m.stated is not None and width >= 3 * MIN_BAR:
            out.append(f'<line class="stated" x1="{_f(m.stated)}" y1="{_f(m.y - 4)}" x2="{_f(m.stated)}" '
                       f'y2="{_f(m.y + 4)}"/>')
    elif m.shape == "less":
        out.append(f'<line class="shaft" x1="{_f(m.x1)}" y1="{y}" x2="{_f(PLOT_X0 + 2)}" y2="{y}"/>')
        out.append(f'<line class="stop" x1="{_f(m.x1)}" y1="{_f(m.y - 6)}" x2="{_f(m.x1)}" y2="{_f(m.y + 6)}"/>')
        out.append(f'<path class="head" d="M{_f(PLOT_X0)} {y} l9 -5 v10 z"/>')
    elif m.shape == "more":
        out.append(f'<line class="shaft" x1="{_f(m.x0)}" y1="{y}" x2="{_f(PLOT_X1 - 2)}" y2="{y}"/>')
        out.append(f'<line class="stop" x1="{_f(m.x0)}" y1="{_f(m.y - 6)}" x2="{_f(m.x0)}" y2="{_f(m.y + 6)}"/>')
        out.append(f'<path class="head" d="M{_f(PLOT_X1)} {y} l-9 -5 v10 z"/>')
    else:  # open on both sides: says nothing about the value; a dashed line across
        out.append(f'<line class="shaft open" x1="{_f(PLOT_X0)}" y1="{y}" x2="{_f(PLOT_X1)}" y2="{y}"/>')
    if m.role == "outlier":
        tag_x = m.x1 + 10 if m.shape in ("point", "bar", "less") else m.x0 - 10
        anchor = "start" if tag_x < PLOT_X1 - 60 else "end"
        if anchor == "end":
            tag_x = m.x0 - 10
        out.append(f'<text class="tag" x="{_f(tag_x)}" y="{_f(m.y - 7)}" text-anchor="{anchor}">outlier</text>')
    return out


def render_svg(line: NumberLine) -> str:
    """The SVG element; every text from the articles is escaped."""
    w, h = WIDTH, line.height
    rows_bottom = h - AXIS_H
    title = f"{line.key}: {len(line.marks)} claims in {line.unit}"
    parts = [f'<svg class="numberline" viewBox="0 0 {w} {_f(h)}" width="{w}" height="{_f(h)}" role="img" '
             f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">',
             f"<title>{escape(title)}</title>"]
    if line.band:
        b0, b1 = line.band
        parts.append(f'<rect class="band" x="{_f(b0)}" y="{_f(TOP - 6)}" width="{_f(b1 - b0)}" '
                     f'height="{_f(rows_bottom - TOP + 6)}"><title>consensus</title></rect>')
    for x, label in line.ticks:
        parts.append(f'<line class="grid" x1="{_f(x)}" y1="{_f(TOP - 6)}" x2="{_f(x)}" y2="{_f(rows_bottom)}"/>')
        parts.append(f'<line class="tick" x1="{_f(x)}" y1="{_f(rows_bottom)}" x2="{_f(x)}" '
                     f'y2="{_f(rows_bottom + 5)}"/>')
        parts.append(f'<text class="ticklabel" x="{_f(x)}" y="{_f(rows_bottom + 18)}" '
                     f'text-anchor="middle">{escape(label)}</text>')
    parts.append(f'<line class="axis" x1="{_f(PLOT_X0)}" y1="{_f(rows_bottom)}" x2="{_f(PLOT_X1)}" '
                 f'y2="{_f(rows_bottom)}"/>')
    parts.append(f'<text class="unit" x="{_f(PLOT_X1)}" y="{_f(rows_bottom + 34)}" '
                 f'text-anchor="end">{escape(line.unit)}</text>')
    for m in line.marks:
        tip = f"{m.label}: {m.display} ({m.role}) — {m.sentence or m.text}"
        parts.append(f'<g class="row {m.role}" data-doc="{escape(m.doc_id)}" data-claim="{m.index}" '
                     f'data-shape="{m.shape}"><title>{escape(tip)}</title>')
        parts.append(f'<text class="src" x="8" y="{_f(m.y + 4)}">{escape(m.label)}</text>')
        parts.append(f'<text class="val" x="{_f(PLOT_X0 - 12)}" y="{_f(m.y + 4)}" '
                     f'text-anchor="end">{escape(m.display)}</text>')
        parts.extend(_mark_svg(m))
        parts.append("</g>")
    parts.append("</svg>")
    return "".join(parts)
