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
import os
import re
import sys
from array import array
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from itertools import accumulate
from typing import Any


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 3, "warning": 2, "info": 1}[self.value]


_LINE_END = re.compile(r"\r\n|\r|\n")


def _typecode(largest: int) -> str:
    return "H" if largest < 1 << 16 else "i" if largest < 1 << 31 else "q"


def int_array(values: Sequence[int]) -> array:
    """``values`` (not negative) as an array of machine ints, 2, 4 or 8 bytes each as they need: a run keeps
    offsets of every article, and a list holds a 28-byte int object and an 8-byte pointer per element."""
    return array(_typecode(max(values, default=0)), values)


def line_starts(raw: str) -> array:
    """Offsets at which each line of ``raw`` begins; ``\\r\\n``, ``\\n`` and a lone ``\\r`` all end a line.
    An array (``int_array``), not a list: a run keeps them for every article (``DocInfo``)."""
    if "\r" not in raw:  # every line ends with "\n" (most files): the lengths of the lines, 3x faster than a regex
        return array(_typecode(len(raw)), accumulate(map((1).__add__, map(len, raw.split("\n")[:-1])), initial=0))
    return array(_typecode(len(raw)), [0, *(m.end() for m in _LINE_END.finditer(raw))])


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

    starts: Sequence[int]  # an array from ``line_starts``, shared by the records of one file
    base: int = 0
    offsets: Sequence[int] | None = None

    def __post_init__(self) -> None:
        if isinstance(self.offsets, list):  # one per character of the text: 4 bytes each, not 36
            self.offsets = int_array(self.offsets)

    def file_offset(self, offset: int) -> int:
        if self.offsets is None:
            return self.base + offset
        if not self.offsets:
            return self.base
        if offset >= len(self.offsets):
            return self.offsets[-1] + 1 + (offset - len(self.offsets))
        return self.offsets[max(offset, 0)]

    def position(self, offset: int) -> Position:
        return Position(*self.line_column(offset))

    def line_column(self, offset: int) -> tuple[int, int]:
        """The 1-based (line, column) of ``offset`` in the file: ``position`` with no ``Position`` made (one is
        asked for per claim)."""
        fo = self.file_offset(offset) if self.offsets is not None else self.base + offset
        line = bisect.bisect_right(self.starts, fo)
        return line, fo - self.starts[line - 1] + 1


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



# The metadata fields a run reads after analysis: the outlet (claims, reporters) and the declared story
# (``engine.stories.STORY_FIELD``). A ``DocInfo`` keeps only these: a run holds one for every article, and the
# whole front matter (title, url, …) was half of its size. Reporters that show more read the file again.
KEPT_META = ("outlet", "story")


@dataclass(slots=True)
class DocInfo(_Article):
    """What a run keeps of an article once it has been analysed: where it came from and how to map its
    offsets to lines, not its text (a corpus of 100,000 articles must fit in memory). ``Location.of``
    accepts it as it accepts a ``Document``. ``digest`` is the SHA-256 of the file's bytes, so that a reporter
    reading the file again for context can tell whether it changed since. Of the metadata, only the
    ``KEPT_META`` fields are kept (``kept``, flat: key, value, key, value…; ``meta`` gives them as a dict)."""

    path: str
    source_map: SourceMap
    kept: tuple = ()
    record: int | None = None
    date: dt.date | None = None
    date_source: str | None = None
    root: str | None = None  # the folder ``path`` is relative to, when ``file`` is ``path`` under it (most are:
    # then ``file`` is not kept, and all articles share this string)
    where: str = ""  # ``file`` otherwise
    sha: bytes | str = ""  # ``digest``, as its 32 bytes when it is a SHA-256 in hex (half the size)

    @property
    def meta(self) -> dict[str, Any]:
        """The ``KEPT_META`` fields of the article's metadata that it has (a new dict each time)."""
        kept = self.kept
        return dict(zip(kept[::2], kept[1::2], strict=True))

    @property
    def outlet(self) -> str | None:
        kept = self.kept
        value = kept[1] if kept and kept[0] == "outlet" else None
        return str(value) if value else None

    @property
    def file(self) -> str:
        """The file's path on disk, to read it again ("" when unknown)."""
        return self.where if self.root is None else os.path.normpath(os.path.join(self.root, self.path))

    @property
    def digest(self) -> str:
        return self.sha.hex() if type(self.sha) is bytes else self.sha

    @classmethod
    def of(cls, doc: Document, file: str = "", digest: str = "") -> DocInfo:
        cwd = os.getcwd()
        root = sys.intern(cwd) if file and file == os.path.normpath(os.path.join(cwd, doc.path)) else None
        where = "" if root is not None else file
        sha: bytes | str = digest
        if len(digest) == 64 and digest == digest.lower():
            try:
                sha = bytes.fromhex(digest)
            except ValueError:
                pass
        return cls(doc.path, doc.source_map, kept_meta(doc.meta), doc.record, doc.date, _intern(doc.date_source),
                   root, where, sha)

    # Pickled (cache entries, worker results) as a tuple; unpickled with the metadata's keys (and outlet) shared
    # again: each entry would otherwise bring its own copy of "outlet", … for every article of a run.
    def __getstate__(self) -> tuple:
        return (self.path, self.source_map, self.kept, self.record, self.date, self.date_source, self.root,
                self.where, self.sha)

    def __setstate__(self, state: tuple) -> None:
        self.path, self.source_map, kept, self.record, self.date, date_source, root, self.where, self.sha = state
        self.kept = _shared_kept(kept)
        self.date_source = _intern(date_source)
        self.root = _intern(root)


def _intern(value: str | None) -> str | None:
    return sys.intern(value) if type(value) is str else value


def kept_meta(meta: dict[str, Any]) -> tuple:
    """``DocInfo.kept`` of an article's metadata: its ``KEPT_META`` fields, in that order, as key, value, …"""
    return _shared_kept(tuple(x for k in KEPT_META if k in meta for x in (k, meta[k])))


def _shared_kept(kept: tuple) -> tuple:
    """``kept`` with its keys and outlet name the interpreter's shared strings (the empty tuple is shared too)."""
    if not kept:
        return ()
    out = list(kept)
    for i in range(0, len(out), 2):
        out[i] = _intern(out[i])
        if out[i] == "outlet":
            out[i + 1] = _intern(out[i + 1])
    return tuple(out)


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


_setattr = object.__setattr__  # how a frozen dataclass sets its own fields


@dataclass(frozen=True, slots=True)
class ClaimSource:
    """The article a claim comes from, one object for all the claims of an article (a run holds every claim
    of the corpus: per claim, these were a tenth of its size)."""

    path: str
    record: int | None
    doc_id: str
    date: dt.date | None  # the article's publication date
    outlet: str | None
    # Where the sentences of claims that keep none are found (``Claim.sentence``): an object with
    # ``sentence_at(offset) -> str`` (``file_results.ArticleSentences``, which reads the file again), or None.
    article: Any = field(default=None, repr=False, compare=False)

    @classmethod
    def of(cls, doc: Document | DocInfo, article: Any = None) -> ClaimSource:
        return cls(doc.path, doc.record, doc.doc_id, doc.date, _intern(doc.outlet), article)

    def __getstate__(self) -> tuple:
        return (self.path, self.record, self.doc_id, self.date, self.outlet, self.article)

    def __setstate__(self, state: tuple) -> None:
        path, record, doc_id, date, outlet, article = state
        _setattr(self, "path", path)
        _setattr(self, "record", record)
        _setattr(self, "doc_id", doc_id)
        _setattr(self, "date", date)
        _setattr(self, "outlet", _intern(outlet))
        _setattr(self, "article", article)


def _quote(text: str, sentence: str | None, mention: Any) -> str | int:
    """How a claim keeps the mention's text: as where it starts in the sentence the claim keeps anyway, when
    it is there with the mention's length (an offset below 257 is one of CPython's shared small ints, so it
    costs nothing; a string costs 50 bytes and more), else as the text itself (one string for all the claims
    of a run quoting the same text)."""
    if sentence is None:
        return sys.intern(text)
    start, end = getattr(mention, "start", None), getattr(mention, "end", None)
    if type(start) is int and type(end) is int and 0 < end - start == len(text):
        i = sentence.find(text)
        if i >= 0:
            return i
    return sys.intern(text)


@dataclass(frozen=True, slots=True, init=False)
class Claim:
    """What one mention asserts about one fact, ready to compare with other claims of that fact.

    Built as ``Claim(fact, rule, doc_id, location, text, mention, interval, display, sentence, date, outlet)``
    and read through those names, but held compactly, because a run holds every claim of the corpus (twice
    once facts are made): the article's claims share one ``ClaimSource`` (doc_id, date, outlet, path), the
    location is kept as four numbers (``location`` makes the ``Location``), the text as its place in the
    sentence, the interval as two floats; claims of one sentence share its text. A claim made with ``sentence``
    None (a run's claims of an article it can read again) keeps no sentence: ``sentence`` asks the source's
    ``article`` for it, when a reporter shows it (the HTML report); the text is then kept as a string.
    """

    fact: str  # the fact key, e.g. "distance Brackley–Ashford"
    rule: str
    source: ClaimSource
    line: int  # of the mention's first character (1-based, as in Location)
    column: int
    end_line: int
    width: int  # end_column - column: a small int, which CPython shares, where end_column often is not
    quote: str | int  # the mention's surface text (``text``), or where it starts in ``said`` (``_quote``)
    mention: Any  # a DateMention, or what a claim keeps of a quantity (``engine.claims.Figure``)
    lo: float  # what the claim asserts (``interval``), in the fact's base unit (±inf for open ends)
    hi: float
    display: str  # the normalized value for people, e.g. "≈ 8.0 km"
    said: str | None  # the sentence the mention stands in (for reports; ``sentence``), None: not kept

    def __init__(self, fact: str, rule: str, doc_id: str, location: Location, text: str, mention: Any,
                 interval: tuple[float, float], display: str, sentence: str = "", date: dt.date | None = None,
                 outlet: str | None = None) -> None:
        self._place(ClaimSource(location.path, location.record, doc_id, date, outlet), fact, rule, location, text,
                    mention, interval, display, sentence)

    @classmethod
    def at(cls, source: ClaimSource, fact: str, rule: str, location: Location, text: str, mention: Any,
           interval: tuple[float, float], display: str = "", sentence: str | None = "") -> Claim:
        """A claim of the article ``source`` (``location`` in it), sharing ``source`` with its other claims.
        Claims are made by ``at_span``; this is the plain definition it is tested against."""
        c = object.__new__(cls)
        c._place(source, fact, rule, location, text, mention, interval, display, sentence)
        return c

    @classmethod
    def at_span(cls, source: ClaimSource, fact: str, rule: str, doc: Document | DocInfo, start: int, end: int,
                text: str, mention: Any, interval: tuple[float, float], display: str = "",
                sentence: str | None = "") -> Claim:
        """``at(source, fact, rule, Location.of(doc, start, end), ...)``, with no ``Location`` made on the way."""
        where = doc.source_map
        line, column = where.line_column(start)
        end_line, end_column = where.line_column(max(end - 1, start))
        lo, hi = interval
        c = object.__new__(cls)
        c._fill(fact, rule, source, line, column, end_line, end_column - column, _quote(text, sentence, mention),
                mention, lo, hi, display, sentence)
        return c

    def _place(self, source: ClaimSource, fact: str, rule: str, location: Location, text: str, mention: Any,
               interval: tuple[float, float], display: str, sentence: str | None) -> None:
        lo, hi = interval
        self._fill(fact, rule, source, location.line, location.column, location.end_line,
                   location.end_column - location.column, _quote(text, sentence, mention), mention, lo, hi, display,
                   sentence)

    def shown(self, fact: str, display: str) -> Claim:
        """This claim as a fact shows it: under the fact's label, its value in the fact's unit (all else shared)."""
        c = object.__new__(Claim)
        c._fill(fact, self.rule, self.source, self.line, self.column, self.end_line, self.width, self.quote,
                self.mention, self.lo, self.hi, display, self.said)
        return c

    def _fill(self, fact: str, rule: str, source: ClaimSource, line: int, column: int, end_line: int,
              width: int, quote: str | int, mention: Any, lo: float, hi: float, display: str,
              said: str | None) -> None:
        _claim_fact(self, fact)
        _claim_rule(self, rule)
        _claim_source(self, source)
        _claim_line(self, line)
        _claim_column(self, column)
        _claim_end_line(self, end_line)
        _claim_width(self, width)
        _claim_quote(self, quote)
        _claim_mention(self, mention)
        _claim_lo(self, lo)
        _claim_hi(self, hi)
        _claim_display(self, display)
        _claim_said(self, said)

    @property
    def text(self) -> str:
        """The mention's surface text."""
        q = self.quote
        if type(q) is int:
            m = self.mention
            return self.said[q : q + m.end - m.start]  # type: ignore[index]  # an int quote is in ``said``
        return q

    @property
    def sentence(self) -> str:
        """The sentence the mention stands in ("" when unknown, or no longer readable)."""
        said = self.said
        if said is not None:
            return said
        article = self.source.article
        return article.sentence_at(self.mention.start) if article is not None else ""

    @property
    def interval(self) -> tuple[float, float]:
        return (self.lo, self.hi)

    @property
    def doc_id(self) -> str:
        return self.source.doc_id

    @property
    def date(self) -> dt.date | None:
        return self.source.date

    @property
    def outlet(self) -> str | None:
        return self.source.outlet

    @property
    def location(self) -> Location:
        s = self.source
        return Location(s.path, self.line, self.column, self.end_line, self.column + self.width, s.record)

    # Pickled as a tuple; unpickled with the fact key, rule id and quoted text shared again between the articles
    # of a run.
    def __getstate__(self) -> tuple:
        return (self.fact, self.rule, self.source, self.line, self.column, self.end_line, self.width,
                self.quote, self.mention, self.lo, self.hi, self.display, self.said)

    def __setstate__(self, state: tuple) -> None:
        fact, rule, source, line, column, end_line, width, quote, *rest = state
        self._fill(sys.intern(fact), sys.intern(rule), source, line, column, end_line, width,
                   sys.intern(quote) if type(quote) is str else quote, *rest)


# The setters of a claim's slots, for ``Claim._fill`` (a claim is made, shown and unpickled thousands of times a
# run): a frozen dataclass refuses ``setattr``, and ``object.__setattr__`` looks each name up again; a slot's
# descriptor sets it directly.
(_claim_fact, _claim_rule, _claim_source, _claim_line, _claim_column, _claim_end_line, _claim_width, _claim_quote,
 _claim_mention, _claim_lo, _claim_hi, _claim_display, _claim_said) = (
    Claim.__dict__[name].__set__ for name in ("fact", "rule", "source", "line", "column", "end_line", "width",
                                               "quote", "mention", "lo", "hi", "display", "said"))


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
    # what engine.groups decided (consensus, outliers), kept so that the checks reading a fact do not compare again
    comparisons: Any = field(default=None, repr=False, compare=False)
