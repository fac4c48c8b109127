"""Suppressions: findings an editor has judged and silenced, inline in the article or in the config file.

Inline (any article format; they are HTML comments, invisible once Markdown is rendered)::

    <!-- factcheck-disable rule-id other-rule -->   … <!-- factcheck-enable -->
    <!-- factcheck-disable-next-line rule-id -->

``disable`` without ids silences every rule until ``enable`` (or the end of the article); ``enable ID`` ends
only a ``disable`` that named ``ID``. An id matches a finding's rule or its kind (``contradiction``,
``spelling``, …). A finding is silenced when the place it is reported at (its first evidence, the line every
output format points to) lies in a silenced span; a comment in another article of a contradiction does not
silence it, so that one desk cannot hide another's error by accident.

Config ignores (``ignore:`` in the config file) match by rule (or kind), file glob and quoted text; every
field given must match, path and text on the same evidence. Suppressions that silence nothing are reported
as ``unused-suppression`` findings at info level, so stale ones get cleaned up.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from factcheck.model import Document, Evidence, Finding, Location, Position, Severity

COMMENT = re.compile(r"<!--\s*factcheck-(disable-next-line|disable|enable)(?![\w-])([^>]*?)\s*-->")
UNUSED_RULE = "unused-suppression"


@dataclass(frozen=True)
class InlineSuppression:
    """A silenced span of one document, in file coordinates ``[start, end)``; ``ids`` None means all rules."""

    path: str
    record: int | None
    start: Position
    end: Position
    ids: frozenset[str] | None
    comment: Location
    directive: str

    def covers(self, f: Finding) -> bool:
        if self.ids is not None and f.rule not in self.ids and f.kind not in self.ids:
            return False
        if not f.evidence:
            return False
        loc = f.evidence[0].location  # where the finding is reported: the line every format points at
        if loc.path != self.path or loc.record != self.record:
            return False
        return (self.start.line, self.start.column) <= (loc.line, loc.column) < (self.end.line, self.end.column)


@dataclass(frozen=True)
class Ignore:
    """One config ignore entry. ``source`` is where it is written (config file and line), for reports."""

    rule: str | None = None
    path: str | None = None
    text: str | None = None
    source: Location | None = None
    reason: str | None = None

    def matches(self, f: Finding) -> bool:
        if self.rule is not None and not (fnmatch.fnmatchcase(f.rule, self.rule)
                                          or fnmatch.fnmatchcase(f.kind, self.rule)):
            return False
        if self.path is None and self.text is None:
            return True
        return any(self._matches_evidence(e) for e in f.evidence)

    def _matches_evidence(self, e: Evidence) -> bool:
        if self.path is not None and not fnmatch.fnmatchcase(e.location.path, self.path):
            return False
        return self.text is None or self.text in e.text

    def describe(self) -> str:
        parts = [f"{k}={v!r}" for k, v in (("rule", self.rule), ("path", self.path), ("text", self.text)) if v]
        return "ignore " + ", ".join(parts) if parts else "ignore (matches everything)"


def parse_ids(raw: str) -> frozenset[str] | None:
    ids = frozenset(x for x in re.split(r"[\s,]+", raw.strip()) if x)
    return ids or None


def _line_end(text: str, i: int) -> int:
    j = text.find("\n", i)
    return len(text) if j < 0 else j


def find_inline(doc: Document) -> list[InlineSuppression]:
    """Every inline suppression of one document, in the order of the text."""
    text = doc.text
    out: list[InlineSuppression] = []
    if "factcheck-" not in text:  # the common case, and a plain substring test is far cheaper than the regex
        return out
    open_spans: list[tuple[int, frozenset[str] | None, Location]] = []  # (start offset, ids, comment)

    def close(span: tuple[int, frozenset[str] | None, Location], end: int, ids: frozenset[str] | None) -> None:
        out.append(InlineSuppression(doc.path, doc.record, doc.position(span[0]), doc.position(end), ids,
                                     span[2], "disable"))

    for m in COMMENT.finditer(text):
        directive, ids = m.group(1), parse_ids(m.group(2))
        where = Location.of(doc, m.start(), m.end())
        if directive == "disable-next-line":
            nl = text.find("\n", m.end())
            start = len(text) if nl < 0 else nl + 1
            end = _line_end(text, start) + 1 if start < len(text) else len(text)
            out.append(InlineSuppression(doc.path, doc.record, doc.position(start), doc.position(end), ids, where,
                                         directive))
        elif directive == "disable":
            open_spans.append((m.end(), ids, where))
        else:  # enable
            still_open = []
            for span in open_spans:
                if ids is None:
                    close(span, m.start(), span[1])
                elif span[1] is not None and span[1] & ids:
                    close(span, m.start(), span[1] & ids)
                    if span[1] - ids:
                        still_open.append((m.end(), span[1] - ids, span[2]))
                else:
                    still_open.append(span)
            open_spans = still_open
    for span in open_spans:
        close(span, len(text) + 1, span[1])
    return out


def unused_finding(where: Location, what: str) -> Finding:
    return Finding(rule=UNUSED_RULE, kind=UNUSED_RULE, severity=Severity.INFO,
                   message=f"unused suppression: {what} matches no finding",
                   evidence=(Evidence(where, "", role="suppression"),))


def apply_suppressions(findings: Sequence[Finding], documents: Iterable[Document],
                       ignores: Sequence[Ignore] = (), inline: bool = True,
                       found: Sequence[InlineSuppression] | None = None) -> tuple[list[Finding], list[Finding]]:
    """Drop silenced findings. Returns (kept findings, unused-suppression findings). ``found``: the inline
    suppressions already read from the documents (``find_inline``), when the run keeps no texts."""
    if not inline:
        spans: list[InlineSuppression] = []
    elif found is not None:
        spans = list(found)
    else:
        spans = [s for doc in documents for s in find_inline(doc)]
    used_spans = [False] * len(spans)
    used_ignores = [False] * len(ignores)
    by_file: dict[tuple[str, int | None], list[int]] = {}  # a finding is only looked up in its own file
    for i, sp in enumerate(spans):
        by_file.setdefault((sp.path, sp.record), []).append(i)
    kept: list[Finding] = []
    for f in findings:
        hit = False
        first = f.evidence[0].location if f.evidence else None
        for i in by_file.get((first.path, first.record), []) if first else []:
            if spans[i].covers(f):
                used_spans[i] = hit = True
        for i, ig in enumerate(ignores):
            if ig.matches(f):
                used_ignores[i] = hit = True
        if not hit:
            kept.append(f)
    unused: list[Finding] = []
    # one disable comment closed in pieces by ``enable ID`` yields several spans: it is used if any piece is
    by_comment: dict[tuple[Location, str], list[int]] = {}
    for i, sp in enumerate(spans):
        by_comment.setdefault((sp.comment, sp.directive), []).append(i)
    for (comment, directive), members in by_comment.items():
        if any(used_spans[i] for i in members):
            continue
        ids = sorted({x for i in members for x in (spans[i].ids or ())})
        unused.append(unused_finding(comment, f"factcheck-{directive} ({' '.join(ids) if ids else 'all rules'})"))
    for ig, used in zip(ignores, used_ignores, strict=True):
        if not used and ig.source is not None:
            unused.append(unused_finding(ig.source, ig.describe()))
    return kept, unused
