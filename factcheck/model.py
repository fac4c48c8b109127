"""The typed interfaces between factcheck's stages.

Data flows one way: Document -> mentions -> claims -> findings -> reports. Every stage takes and returns
these dataclasses; nothing here knows how a stage works.

Offsets (``start``/``end``) are character offsets into ``Document.text``, ``end`` exclusive. Positions
shown to users (``line``/``column``) are 1-based, ``end_column`` inclusive, and refer to the original file
(front matter, JSON escapes and CRLF line ends accounted for by the document's ``SourceMap``).
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 3, "warning": 2, "info": 1}[self.value]


_LINE_END = re.compile(r"\r\n|\r|\n")


def line_starts(raw: str) -> list[int]:
    """Offsets at which each line of ``raw`` begins; ``\\r\\n``, ``\\n`` and a lone ``\\r`` all end a line."""
    return [0, *(m.end() for m in _LINE_END.finditer(raw))]


@dataclass(frozen=True, slots=True)
class Position:
    line: int
    column: int


@dataclass(slots=True)
class SourceMap:
    """Maps offsets in a document's text to 1-based line/column in the file it came from.

    ``offsets`` is None when the text is a contiguous slice of the file starting at ``base``; otherwise it
    gives, for every character of the text, its offset in the file (used for JSON strings with escapes).
    """

    starts: list[int]
    base: int = 0
    offsets: Sequence[int] | None = None

    def file_offset(self, offset: int) -> int:
        if self.offsets is None:
            return self.base + offset
        if not self.offsets:
            return self.base
        if offset >= len(self.offsets):
            return self.offsets[-1] + 1 + (offset - len(self.offsets))
        return self.offsets[max(offset, 0)]

    def position(self, offset: int) -> Position:
        fo = self.file_offset(offset)
        line = bisect.bisect_right(self.starts, fo)
        return Position(line, fo - self.starts[line - 1] + 1)


class _Article:
    """What a ``Document`` and the ``DocInfo`` a run keeps of it share: the id, the outlet, positions."""

    __slots__ = ()
    path: str
    record: int | None
    meta: dict[str, Any]
    source_map: SourceMap

    @property
    def doc_id(self) -> str:
        return self.path if self.record is None else f"{self.path}#{self.record}"

    @property
    def outlet(self) -> str | None:
        value = self.meta.get("outlet")
        return str(value) if value else None

    def position(self, offset: int) -> Position:
        return self.source_map.position(offset)


@dataclass(slots=True)
class Document(_Article):
    """One article. A file holds one (``.txt``, ``.md``) or several (``.json`` list, ``.jsonl``)."""

    path: str  # as shown to users: posix-style, relative to the working directory when possible
    text: str
    source_map: SourceMap
    meta: dict[str, Any] = field(default_factory=dict)
    record: int | None = None  # 0-based index of the record in a .json list or .jsonl file
    date: dt.date | None = None  # publication date; None when the article does not state one
    date_source: str | None = None  # "meta", "dateline", …



@dataclass(slots=True)
class DocInfo(_Article):
    """What a run keeps of an article once it has been analysed: where it came from and how to map its
    offsets to lines, not its text (a corpus of 100,000 articles must fit in memory). ``Location.of``
    accepts it as it accepts a ``Document``. ``digest`` is the SHA-256 of the file's bytes, so that a reporter
    reading the file again for context can tell whether it changed since."""

    path: str
    source_map: SourceMap
    meta: dict[str, Any] = field(default_factory=dict)
    record: int | None = None
    date: dt.date | None = None
    date_source: str | None = None
    file: str = ""  # the file's path on disk, to read it again
    digest: str = ""

    @classmethod
    def of(cls, doc: Document, file: str = "", digest: str = "") -> DocInfo:
        return cls(doc.path, doc.source_map, doc.meta, doc.record, doc.date, doc.date_source, file, digest)


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    paragraph: int  # 0-based paragraph number within the document


@dataclass(frozen=True, kw_only=True)
class Mention:
    """Base of everything an extractor finds: a span of a document's text."""

    kind: str
    start: int
    end: int
    text: str

    def to_json(self) -> dict[str, Any]:
        """Kind-specific fields for ``factcheck extract --format json`` (position fields are added by caller)."""
        return {}


@dataclass(frozen=True, slots=True)
class Location:
    """A span of a document resolved to what a user sees: path and 1-based line/column (end inclusive)."""

    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    record: int | None = None

    @classmethod
    def of(cls, doc: Document | DocInfo, start: int, end: int) -> Location:
        a = doc.position(start)
        b = doc.position(max(end - 1, start))
        return cls(doc.path, a.line, a.column, b.line, b.column, doc.record)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
        }
        if self.record is not None:
            out["record"] = self.record
        return out


@dataclass(frozen=True, slots=True)
class Evidence:
    """One span a finding rests on. ``role``: outlier, consensus, other (checks may add their own)."""

    location: Location
    text: str
    role: str = "other"
    doc_id: str = ""
    start: int = 0  # offsets in the document text, for reporters that show context
    end: int = 0
    note: str | None = None  # e.g. the normalized value "≈ 8.0 km"

    def to_json(self) -> dict[str, Any]:
        out = self.location.to_json()
        out["text"] = self.text
        out["role"] = self.role
        if self.note is not None:
            out["note"] = self.note
        return out


@dataclass(frozen=True, slots=True)
class Finding:
    rule: str
    kind: str  # contradiction, misspelling, spelling, weekday, conversion, part-whole, input-error, …
    severity: Severity
    message: str
    evidence: tuple[Evidence, ...] = ()
    fact: str | None = None

    @property
    def fingerprint(self) -> str:
        """Stable id: rule, fact and the quoted texts with their files, not line numbers, so moving text
        within an article keeps the id and a baseline stays valid."""
        quoted = sorted(f"{e.location.path}\x1f{e.text}\x1f{e.role}" for e in self.evidence)
        payload = "\x1e".join([self.rule, self.kind, self.fact or "", *quoted])
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]

    def sort_key(self) -> tuple:
        first = self.evidence[0].location if self.evidence else None
        return (
            first.path if first else "",
            first.record if first and first.record is not None else -1,
            first.line if first else 0,
            first.column if first else 0,
            self.rule,
            self.fact or "",
            self.message,
        )

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.fingerprint,
            "rule": self.rule,
            "kind": self.kind,
            "severity": self.severity.value,
        }
        if self.fact is not None:
            out["fact"] = self.fact
        out["message"] = self.message
        out["evidence"] = [e.to_json() for e in self.evidence]
        return out


@dataclass(frozen=True, slots=True)
class Claim:
    """What one mention asserts about one fact, ready to compare with other claims of that fact."""

    fact: str  # the fact key, e.g. "distance Brackley–Ashford"
    rule: str
    doc_id: str
    location: Location
    text: str  # the mention's surface text
    mention: Mention
    interval: tuple[float, float]  # what the claim asserts, in the fact's base unit (±inf for open ends)
    display: str  # the normalized value for people, e.g. "≈ 8.0 km"
    sentence: str = ""  # the sentence the mention stands in (for reports)
    date: dt.date | None = None  # the article's publication date
    outlet: str | None = None


@dataclass(slots=True)
class Fact:
    """All claims the corpus makes about one fact, and how they compare."""

    key: str
    rule: str
    kind: str  # "quantity" or "date"
    unit: str | None  # the unit values are shown in (pint unit name, currency code, or None for counts)
    claims: list[Claim] = field(default_factory=list)
    consensus: tuple[float, float] | None = None  # the interval the largest agreeing set shares
    outliers: list[int] = field(default_factory=list)  # indices into claims
    running: bool = False  # a figure that changes over time (death tolls): compared per publication date
