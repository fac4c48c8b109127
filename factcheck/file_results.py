"""What a run keeps of each article: the article analysed, its claims made and its own checks run where it is
read (a worker process, a cluster), and only the result sent back and cached: no text, no mention lists.

Two passes, because claims depend on the corpus: a capitalised name is a place when some article uses it as
one (``engine.places.gazetteer``).

1. ``scan``: each article's contribution to the gazetteer and the names it could look up in it;
2. ``summarize``: the article's ``DocResult`` (claims, findings of document checks, what the corpus-wide
   checks collect), made with the gazetteer entries *relevant* to it. Its cache entry records which those
   were, so editing one article re-makes only the articles whose relevant entries it changed.

Both are pure functions of a file's bytes, the path it is shown under, the rules and (for the second) the
relevant entries, so any process or machine can compute them and their output never depends on which did.
"""

from __future__ import annotations

import hashlib
from array import array
from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from factcheck.analysis import Analysis, analyze
from factcheck.checks import CheckContext, collectors, document_checks
from factcheck.claim_rows import claims_of, rows_of
from factcheck.engine import file_claims, quantity_rules, shared_bucket
from factcheck.engine.places import scan_places
from factcheck.loading import parse_bytes
from factcheck.model import Claim, DocInfo, Finding, int_array
from factcheck.rules.check_rule import check_setting
from factcheck.suppress import InlineSuppression, find_inline

Bucketed = tuple[tuple[str, str], Claim]  # ((rule id, fact key), claim)


@dataclass(frozen=True)
class FileScan:
    """Pass 1 of a file: the places its articles name after a locative word, the names they could look up
    (one string of sorted lines: a run holds a scan of every file at once, and a set of strings is ten times
    the size)."""

    places: frozenset[str]
    candidates: str

    def candidate_set(self) -> frozenset[str]:
        return frozenset(self.candidates.split("\n")) if self.candidates else frozenset()


NO_FINDINGS: Mapping[str, list[Finding]] = MappingProxyType({})  # shared by the articles without any


@dataclass(slots=True)
class DocResult:
    """Pass 2 of one article: everything the corpus-wide stage and the reporters need of it. Slotted, and the
    articles without findings or suppressions share one empty mapping and tuple: a run holds one of these for
    every article, and the empty containers were a tenth of it."""

    info: DocInfo
    claims: Sequence[Bucketed] = field(default_factory=list)
    # findings of document checks, by check (only the checks that found something)
    found: Mapping[str, list[Finding]] = field(default_factory=lambda: NO_FINDINGS)
    collected: dict[str, Any] = field(default_factory=dict)  # by collector name (checks.collectors)
    suppressions: Sequence[InlineSuppression] = ()

    # Pickled (a cache entry, a worker's result) as a tuple, the claims as rows of plain values (a tuple,
    # ``claim_rows``: the cheapest to unpickle) or, when they cannot be, as (bucket, claim) pairs (a list);
    # unpickled with the claims' buckets shared again between the articles of a run (``engine.shared_bucket``):
    # each entry brings its own copies.
    def __getstate__(self) -> tuple:
        rows = rows_of(self.claims)
        return (self.info, list(self.claims) if rows is None else rows, dict(self.found), self.collected,
                list(self.suppressions))

    def __setstate__(self, state: tuple) -> None:
        info, claims, found, collected, suppressions = state
        self.info = info
        self.collected = {name: _shared_if_empty(value) for name, value in collected.items()}
        self.claims = claims_of(claims) if type(claims) is tuple else [(shared_bucket(*bucket), c)
                                                                         for bucket, c in claims]
        self.found = found or NO_FINDINGS
        self.suppressions = tuple(suppressions)


def _shared_if_empty(value: Any) -> Any:
    """A collected value, or the shared empty value of its type (a class attribute ``EMPTY``) when it equals
    that: each unpickled article would otherwise bring its own copy of it."""
    empty = getattr(type(value), "EMPTY", None)
    return empty if type(empty) is type(value) and value == empty else value


@dataclass(slots=True, eq=False)
class ArticleSentences:
    """The sentences of a run's article, for the few claims a reporter quotes whole (the HTML report): a run
    keeps no texts, and a claim's sentence was a quarter of it. Read again from the file when first asked
    (``factcheck.reread``: only when its bytes are those the run checked), then kept; "" when it is no longer
    readable. One for all the claims of an article (``ClaimSource.article``)."""

    info: DocInfo
    _read: tuple[str, array, array] | None = field(default=None, repr=False)  # text, sentence starts and ends

    def sentence_at(self, offset: int) -> str:
        """The text of the sentence holding ``offset`` (as ``DocView.sentence_of`` finds it)."""
        read = self._read
        if read is None:
            from factcheck.reread import reread

            found = reread([self.info], full=False).get(self.info.doc_id)
            sentences = found.sentences if found is not None else []
            read = self._read = (found.doc.text if found is not None else "",
                                 int_array([s.start for s in sentences]), int_array([s.end for s in sentences]))
        text, starts, ends = read
        i = bisect_right(starts, offset) - 1
        if i < 0 or not starts[i] <= offset < ends[i]:
            return ""
        return text[starts[i]:ends[i]]

    # pickled without what was read (a worker's result, a cache entry, a Dask task)
    def __getstate__(self) -> tuple:
        return (self.info,)

    def __setstate__(self, state: tuple) -> None:
        (self.info,) = state
        self._read = None


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def scan(shown: str, suffix: str, data: bytes) -> FileScan:
    docs, _ = parse_bytes(shown, suffix, data, meta_wanted=False)
    places: set[str] = set()
    candidates: set[str] = set()
    for doc in docs:
        found, names = scan_places(doc.text)
        places |= found
        candidates |= names
    return FileScan(frozenset(places), "\n".join(sorted(candidates)))


def summarize(shown: str, suffix: str, data: bytes, file: str, known: frozenset[str],
              rules: Sequence[Any]) -> tuple[list[DocResult], list[Finding]]:
    """The file's articles summarized (in record order) and its input problems."""
    docs, problems = parse_bytes(shown, suffix, data)
    sha = digest(data)
    return [summarize_analysis(analyze(doc), known, rules, file, sha) for doc in docs], problems


def summarize_analysis(a: Analysis, known: frozenset[str], rules: Sequence[Any], file: str = "",
                       sha: str = "") -> DocResult:
    rules = list(rules)
    info = DocInfo.of(a.doc, file, sha)
    # the claims of an article that can be read again keep no sentence: most are never shown
    claims = file_claims(a, quantity_rules(rules), known, ArticleSentences(info) if file and sha else None)
    one = CheckContext([a], rules)
    # only the checks that found something: most articles have no finding, and a run keeps every article's dict
    found = {mod.NAME: fs for mod in document_checks() if check_setting(rules, mod.NAME).enabled
             if (fs := list(mod.run(one)))}
    plain = [c for _, c in claims]
    collected = {name: collect(a, rules, plain) for name, collect in collectors().items()}
    return DocResult(info, claims, found or NO_FINDINGS, collected, tuple(find_inline(a.doc)))
