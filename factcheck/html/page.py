"""The report page: summary, filters, findings, facts (number lines) and the annotated articles.

A pure function of the report: same report, same bytes (no timestamps, ids numbered in a sorted order).
Every string from an article, a rule or a finding is escaped here or in the modules it calls.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter
from dataclasses import dataclass
from html import escape
from importlib import resources
from typing import Any

from factcheck.html import annotate, numberline, values

LEVELS = ("error", "warning", "info")
MENTION_KINDS = ("quantity", "date", "name")
SECTIONS = ("summary", "findings", "facts", "articles")
# C0 controls (but tab and line ends) and DEL have no business in a page; articles may still contain them
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _asset(name: str) -> str:
    return resources.files("factcheck.html").joinpath(name).read_text(encoding="utf-8")


def _level(finding: Any) -> str:
    sev = finding.severity
    return str(getattr(sev, "value", sev))


def _slug(text: str) -> str:
    """A class/attribute-safe token for a finding kind (kinds come from checks, not from articles)."""
    return "".join(c if c.isalnum() or c in "-_" else "-" for c in text) or "other"


@dataclass
class Anchors:
    """Where articles are on the page: document id -> anchor (``doc-N``; its lines are ``doc-N-L<line>``)."""

    docs: dict[str, str]

    def line_href(self, doc_id: str, path: str, record: int | None, line: int) -> str | None:
        anchor = self.docs.get(doc_id) or self.docs.get(path if record is None else f"{path}#{record}")
        return f"#{anchor}-L{line}" if anchor else None


def _loc_link(anchors: Anchors, doc_id: str, loc: Any) -> str:
    label = f"{loc.path}:{loc.line}:{loc.column}"
    href = anchors.line_href(doc_id, loc.path, loc.record, loc.line)
    if href:
        return f'<a class="loc" href="{escape(href)}">{escape(label)}</a>'
    return f'<span class="loc">{escape(label)}</span>'


def render_page(report: Any, sections: tuple[str, ...] = SECTIONS, title: str = "factcheck report") -> str:
    found = report.articles() if hasattr(report, "articles") else getattr(report, "analyses", [])
    analyses = sorted(found or [], key=lambda a: a.doc.doc_id)
    findings = list(getattr(report, "findings", []) or [])
    facts = list(getattr(report, "facts", []) or [])
    rules = list(getattr(report, "rules", []) or [])
    # links to article lines only when the articles are on the page
    anchors = Anchors({a.doc.doc_id: f"doc-{i + 1}" for i, a in enumerate(analyses)} if "articles" in sections
                      else {})

    body = [f'<header><h1>{escape(title)}</h1>{_nav(sections)}</header>']
    if "summary" in sections:
        body.append(_summary(report, analyses, findings, facts, rules, anchors))
    body.append(_filters(findings, sections))
    if "findings" in sections:
        body.append(_findings(findings, anchors))
    if "facts" in sections:
        body.append(_facts(facts, findings, anchors))
    if "articles" in sections:
        body.append(_articles(analyses, findings))
    page = ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            # No network: the page loads nothing, and says so to the browser too.
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
            "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n"
            f"<title>{escape(title)}</title>\n<style>\n{_asset('report.css')}</style>\n</head>\n<body>\n"
            + "\n".join(body)
            + f"\n<script>\n{_asset('report.js')}</script>\n</body>\n</html>\n")
    return CONTROL.sub("\ufffd", page)


def _nav(sections: tuple[str, ...]) -> str:
    names = {"summary": "Summary", "findings": "Findings", "facts": "Facts", "articles": "Articles"}
    links = "".join(f'<a href="#{s}">{names[s]}</a>' for s in sections)
    return f'<nav class="toc">{links}</nav>'


def _summary(report: Any, analyses: list, findings: list, facts: list, rules: list, anchors: Anchors) -> str:
    by_level = Counter(_level(f) for f in findings)
    by_kind: dict[str, Counter] = {}
    for f in findings:
        by_kind.setdefault(f.kind, Counter())[_level(f)] += 1
    files = getattr(report, "files", len({a.doc.path for a in analyses}))
    out = ['<section id="summary"><h2>Summary</h2><div class="cards">']
    for lv in LEVELS:
        out.append(f'<div class="card lvl-{lv}"><span class="n" data-count="{lv}">{by_level[lv]}</span>'
                   f'<span class="what">{lv}{"s" if lv != "info" else ""}</span></div>')
    out.append(f'<div class="card"><span class="n">{len(analyses)}</span><span class="what">articles in {files} '
               f'file{"s" if files != 1 else ""}</span></div>')
    out.append(f'<div class="card"><span class="n">{len(facts)}</span><span class="what">facts</span></div>')
    out.append(f'<div class="card"><span class="n">{len(rules)}</span><span class="what">rules</span></div>')
    out.append("</div>")
    baseline = (getattr(report, "extra", None) or {}).get("baseline")
    if isinstance(baseline, dict):
        out.append(f'<p class="baseline">{escape(str(baseline.get("baselined", 0)))} finding(s) hidden by baseline '
                   f'<code>{escape(str(baseline.get("path", "")))}</code>; {escape(str(baseline.get("gone", 0)))} '
                   "baselined finding(s) no longer occur.</p>")
    if by_kind:
        out.append('<table class="counts"><thead><tr><th>kind</th>'
                   + "".join(f"<th>{lv}</th>" for lv in LEVELS) + "<th>total</th></tr></thead><tbody>")
        for kind in sorted(by_kind):
            c = by_kind[kind]
            out.append(f"<tr><td>{escape(kind)}</td>" + "".join(f'<td class="num">{c[lv]}</td>' for lv in LEVELS)
                       + f'<td class="num">{sum(c.values())}</td></tr>')
        out.append("</tbody></table>")
    else:
        out.append('<p class="clean">No findings.</p>')
    if analyses:
        out.append('<table class="docs"><thead><tr><th>article</th><th>outlet</th><th>date</th><th>quantities</th>'
                   "<th>dates</th><th>names</th><th>findings</th></tr></thead><tbody>")
        per_doc = _findings_per_doc(findings)
        for a in analyses:
            d = a.doc
            date = d.date.isoformat() if d.date else ""
            anchor = anchors.docs.get(d.doc_id)
            name = f'<a href="#{anchor}">{escape(d.doc_id)}</a>' if anchor else escape(d.doc_id)
            out.append(f'<tr><td>{name}</td><td>{escape(d.outlet or "")}</td>'
                       f"<td>{escape(date)}</td><td class=\"num\">{len(a.quantities)}</td>"
                       f'<td class="num">{len(a.dates)}</td><td class="num">{len(a.names)}</td>'
                       f'<td class="num">{per_doc.get(d.doc_id, 0)}</td></tr>')
        out.append("</tbody></table>")
    if rules:
        used = Counter(f.rule for f in findings)
        out.append(f'<details class="rules"><summary>Rules used ({len(rules)})</summary><table><thead><tr>'
                   "<th>id</th><th>extends</th><th>level</th><th>findings</th><th>description</th></tr></thead>"
                   "<tbody>")
        for r in sorted(rules, key=lambda r: str(getattr(r, "id", ""))):
            rid = str(getattr(r, "id", ""))
            out.append(f"<tr><td>{escape(rid)}</td><td>{escape(str(getattr(r, 'extends', '')))}</td>"
                       f"<td>{escape(str(getattr(r, 'level', '')))}</td><td class=\"num\">{used[rid]}</td>"
                       f"<td>{escape(str(getattr(r, 'description', '') or ''))}</td></tr>")
        out.append("</tbody></table></details>")
    out.append("</section>")
    return "".join(out)


def _findings_per_doc(findings: list) -> dict[str, int]:
    out: Counter = Counter()
    for f in findings:
        for doc_id in sorted({e.doc_id or e.location.path for e in f.evidence}):
            out[doc_id] += 1
    return dict(out)


def _filters(findings: list, sections: tuple[str, ...]) -> str:
    kinds = sorted({f.kind for f in findings})
    out = ['<section id="filters" class="noprint"><h2>Filters</h2><form>',
           '<fieldset><legend>level</legend>']
    for lv in LEVELS:
        out.append(f'<label class="lvl-{lv}"><input type="checkbox" data-filter="level" value="{lv}" checked> '
                   f"{lv}</label>")
    out.append("</fieldset>")
    if kinds:
        out.append("<fieldset><legend>finding kind</legend>")
        for k in kinds:
            out.append(f'<label><input type="checkbox" data-filter="kind" value="{escape(_slug(k))}" checked> '
                       f"{escape(k)}</label>")
        out.append("</fieldset>")
    if "articles" in sections:
        out.append("<fieldset><legend>underline</legend>")
        for k in MENTION_KINDS:
            out.append(f'<label class="m-{k}"><input type="checkbox" data-filter="mention" value="{k}" checked> '
                       f"{k}</label>")
        out.append("</fieldset>")
    if "facts" in sections:
        out.append('<fieldset><legend>facts</legend><label><input type="checkbox" data-filter="quiet-facts" '
                   'value="1" checked> facts without findings</label></fieldset>')
    out.append(f'<p class="shown" aria-live="polite">{len(findings)} of {len(findings)} findings shown</p>')
    out.append("</form></section>")
    return "".join(out)


def _findings(findings: list, anchors: Anchors) -> str:
    out = ['<section id="findings"><h2>Findings</h2>']
    if not findings:
        out.append('<p class="clean">No findings.</p></section>')
        return "".join(out)
    out.append('<ol class="findings">')
    for i, f in enumerate(findings):
        lv = _level(f)
        out.append(f'<li class="finding lvl-{lv}" id="finding-{i}" data-f="{i}" data-level="{lv}" '
                   f'data-kind="{escape(_slug(f.kind))}" data-id="{escape(f.fingerprint)}">'
                   f'<span class="badge lvl-{lv}">{lv}</span> <span class="kind">{escape(f.kind)}</span> '
                   f'<span class="rule">[{escape(f.rule)}]</span>')
        if f.fact:
            out.append(f' <span class="factkey">{escape(f.fact)}</span>')
        out.append(f'<p class="msg">{escape(f.message)}</p>')
        if f.evidence:
            out.append('<ul class="evidence">')
            for e in f.evidence:
                note = f' <span class="note">{escape(e.note)}</span>' if e.note else ""
                quote = f' <q>{escape(e.text)}</q>' if e.text else ""
                out.append(f'<li class="role-{escape(_slug(e.role))}">{_loc_link(anchors, e.doc_id, e.location)}'
                           f'{quote}{note} <span class="role">{escape(e.role)}</span></li>')
            out.append("</ul>")
        out.append("</li>")
    out.append("</ol></section>")
    return "".join(out)


def _facts(facts: list, findings: list, anchors: Anchors) -> str:
    out = ['<section id="facts"><h2>Facts</h2>']
    if not facts:
        out.append('<p class="clean">No facts: no rule turned a mention into a claim.</p></section>')
        return "".join(out)
    out.append('<p class="legend"><svg width="26" height="12" aria-hidden="true"><path d="M1 6 h24" '
               'class="lg-prec"/><circle cx="13" cy="6" r="5" class="lg-pt"/></svg> exact value (line: its '
               'rounding) <svg width="26" height="12" aria-hidden="true"><rect x="1" y="1" width="24" height="10" '
               'rx="3" class="lg-bar"/><path d="M11 2 v8" class="lg-tick"/></svg> range or hedged value (tick: '
               'the stated value) '
               '<svg width="26" height="12" aria-hidden="true"><path d="M1 6 l9 -5 v10 z M9 6 h16" '
               'class="lg-arrow"/></svg> more/less than <svg width="26" height="12" aria-hidden="true"><rect '
               'width="26" height="12" class="lg-band"/></svg> consensus <span class="lg-out">red</span> outlier'
               "</p>")
    by_fact: dict[str, list[int]] = {}
    for i, f in enumerate(findings):
        if f.fact:
            by_fact.setdefault(f.fact, []).append(i)
    for n, fact in enumerate(facts):
        out.append(_fact(n + 1, fact, findings, by_fact.get(fact.key, []), anchors))
    out.append("</section>")
    return "".join(out)


def _interval_text(lo: float, hi: float, unit: str) -> str:
    a, b = values.format_value(lo), values.format_value(hi)
    return f"{a} {unit}".rstrip() if a == b else f"{a} – {b} {unit}".rstrip()


def _date_text(lo: float, hi: float) -> str:
    def day(v: float) -> str:
        return dt.date.fromordinal(int(v)).isoformat() if math.isfinite(v) else "…"
    return day(lo) if lo == hi else f"{day(lo)} – {day(hi)}"


def _fact(n: int, fact: Any, findings: list, finding_ids: list[int], anchors: Anchors) -> str:
    line = numberline.layout(fact)
    levels = sorted({_level(findings[i]) for i in finding_ids}, key=lambda lv: -annotate.LEVEL_RANK.get(lv, 0))
    cls = f" lvl-{levels[0]}" if levels else ""
    out = [f'<article class="fact{cls}" id="fact-{n}" data-f="{" ".join(map(str, finding_ids))}">'
           f"<h3>{escape(fact.key)}</h3>"]
    count = len(fact.claims)
    meta = [f"rule <code>{escape(str(fact.rule))}</code>", f"{count} claim{'s' if count != 1 else ''}",
            f"in {escape(line.unit)}"]
    if fact.consensus and getattr(fact, "kind", "") == "date":
        meta.append(f"consensus {escape(_date_text(*fact.consensus))}")
    elif fact.consensus:
        conv = values.converter(values.base_unit_of(fact.unit, fact.claims), fact.unit)
        lo, hi = conv(fact.consensus[0]), conv(fact.consensus[1])
        meta.append(f"consensus {escape(_interval_text(lo, hi, line.unit if fact.unit else ''))}")
    if fact.outliers:
        meta.append(f'<span class="out">{len(fact.outliers)} outlier{"s" if len(fact.outliers) != 1 else ""}</span>')
    if getattr(fact, "running", False):
        meta.append("running figure (compared per publication date)")
    out.append(f'<p class="factmeta">{" · ".join(meta)}</p>')
    for i in finding_ids:
        f = findings[i]
        lv = _level(f)
        out.append(f'<p class="factfinding lvl-{lv}" data-f="{i}"><a href="#finding-{i}"><span class="badge '
                   f'lvl-{lv}">{lv}</span></a> {escape(f.message)}</p>')
    out.append(f'<div class="svgwrap">{numberline.render_svg(line)}</div>')
    out.append('<table class="claims"><thead><tr><th>source</th><th>value</th><th>role</th><th>sentence</th>'
               "</tr></thead><tbody>")
    for m in line.marks:
        c = fact.claims[m.index]
        outlet = f"{escape(c.outlet)}<br>" if getattr(c, "outlet", None) else ""
        if getattr(fact, "running", False) and getattr(c, "date", None):
            outlet += f"{c.date.isoformat()}<br>"
        out.append(f'<tr class="{m.role}"><td class="where">{outlet}{_loc_link(anchors, c.doc_id, c.location)}</td>'
                   f'<td class="value">{escape(c.display)}</td><td>{m.role}</td>'
                   f"<td>{_highlight(c.sentence, c.text)}</td></tr>")
    out.append("</tbody></table></article>")
    return "".join(out)


def _highlight(sentence: str, text: str) -> str:
    """The sentence with the claim's text marked; the text alone when the sentence is unknown."""
    if not sentence:
        return f"<mark>{escape(text)}</mark>"
    at = sentence.find(text) if text else -1
    if at < 0:
        return f"{escape(sentence)} (<mark>{escape(text)}</mark>)"
    return f"{escape(sentence[:at])}<mark>{escape(text)}</mark>{escape(sentence[at + len(text):])}"


def _articles(analyses: list, findings: list) -> str:
    out = ['<section id="articles"><h2>Articles</h2>']
    if not analyses:
        out.append('<p class="clean">No articles.</p>')
    by_doc: dict[str, list[tuple[int, Any]]] = {}  # doc id -> (finding index, evidence), in finding order
    for fi, f in enumerate(findings):
        for e in f.evidence:
            loc = e.location
            doc_id = e.doc_id or (loc.path if loc.record is None else f"{loc.path}#{loc.record}")
            by_doc.setdefault(doc_id, []).append((fi, e))
    for i, a in enumerate(analyses):
        doc = a.doc
        anchor = f"doc-{i + 1}"
        marks: list[annotate.Mark] = []
        whole: list[int] = []  # findings about the article as a whole (input errors…)
        for fi, e in by_doc.get(doc.doc_id, ()):
            f = findings[fi]
            span = annotate.evidence_span(doc, e)
            if span:
                marks.append(annotate.Mark(fi, span[0], span[1], _level(f), f.kind, f.message))
            elif fi not in whole:
                whole.append(fi)
        marked = {m.finding for m in marks}
        whole = [fi for fi in whole if fi not in marked]
        meta = []
        title = doc.meta.get("title")
        if title:
            meta.append(f"<em>{escape(str(title))}</em>")
        if doc.outlet:
            meta.append(escape(doc.outlet))
        if doc.date:
            meta.append(f"published {doc.date.isoformat()}" + (f" ({escape(doc.date_source)})"
                                                                if doc.date_source else ""))
        meta.append(f"{len(a.quantities)} quantities, {len(a.dates)} dates, {len(a.names)} names")
        out.append(f'<article class="doc" id="{anchor}"><h3>{escape(doc.doc_id)}</h3>'
                   f'<p class="docmeta">{" · ".join(meta)}</p>')
        for fi in whole:
            f = findings[fi]
            lv = _level(f)
            out.append(f'<p class="factfinding lvl-{lv}" data-f="{fi}"><a href="#finding-{fi}"><span class="badge '
                       f'lvl-{lv}">{lv}</span></a> {escape(f.message)}</p>')
        out.append(f'<div class="text">{annotate.render_text(doc, a.mentions, marks, anchor)}</div></article>')
    out.append("</section>")
    return "".join(out)
