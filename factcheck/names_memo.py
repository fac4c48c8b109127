"""The names findings of the last cached run, kept for a run whose names input is the same.

Why. The names checks (``names.findings``: misspellings, inconsistent spellings) work on corpus-wide
statistics of every article's names: after an edit to one article of 10,000, recounting them was over a
quarter of a warm run, though most edits (a figure corrected, a sentence added) change no name at all.

What the names findings depend on, all in the memo's key: the rules, code and lexicons (the salt); each article
in run order, by its path, record and names as collected (each name's text, tokens, relative token spans and
features, in order, and the *order* of the offsets the checks compare, see below); and, of the run's set of words
written in lower case, those that are the key of a name token (the checks read that set only to ask whether a
token's key is in it, ``names.cluster.eligible``; with the same names, the tokens are the same, so the memo keeps
the last run's token keys and compares the lower-case words among them: an edit adding words that are no name's
leaves the findings as they were). Not in the key: where lines begin, and the offsets themselves.

Offsets by rank. The checks read a name's offsets only at its *points* (its start, its end and its tokens' ends:
``name_points``), and only to compare them with each other in one article (evidence spans sorted by start and end,
a span inside a name, a span inside an except phrase) or to copy them into a finding's evidence; text is read
only inside a name, from its shape. So an article's part of the key holds, instead of the offsets, the rank of
each name's points among the article's (sorted, distinct) points, and where each end of an except phrase falls
among them (on a point or between two: ``_except_codes``). An edit that only moves names (a figure written
longer mid-article, a paragraph added at the top) keeps the key; the findings it gives are the same but for their
offsets, each of which is a point. So the memo keeps, with the findings, the rank of each of their offsets among
its article's points (``evidence_points``: made at ``keep`` from the run's names, or by the side worker that holds
them), and a reused finding has each offset mapped old offset -> rank -> this run's point (anything not lining up:
not reused, made again), and every location made again from this run's articles (``Location.of``), as the check
made them.

Each article's part of the key is a digest of its names, computed when it is absorbed; for an article
taken from the cache it is looked up by its ``fact_memo.article_token`` in a table kept with the memo, so
a warm run digests only the articles summarized again (and those the table lacks).

Kept in a file beside the run pack (``memo_file``: salted, checksummed, read by the restricted unpickler,
replaced atomically).
"""

from __future__ import annotations

import hashlib
import io
import pickle
from array import array
from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from itertools import chain, islice
from operator import add, lt
from pathlib import Path
from typing import Any

from factcheck.cache import Cache
from factcheck.memo_file import memo_path, read_memo, write_memo
from factcheck.model import Finding, Location
from factcheck.names.findings import NamesDoc
from factcheck.names.packed import NamesPool, PackedNames

MAGIC = b"FCNAMES3"  # 3: ranks for offsets, and the evidence articles' points


def names_path(cache: Cache, scope: Sequence[str | Path]) -> Path:
    return memo_path(cache, scope, "names")


def _relative_points(shape: Any) -> tuple[int, ...]:
    """A name shape's points relative to its start, ascending: 0, its tokens' ends, its end."""
    end, spans = shape[1], shape[4]
    if len(spans) == 1 and spans[0][0] == 0 < end == spans[0][1]:  # most names: one word, the whole name
        return (0, end)
    return tuple(sorted({0, end, *chain.from_iterable(spans)}))


def _layout_points(shapes: Sequence[Any], layout: array, rel: dict[int, tuple[int, ...]] | None = None
                   ) -> list[int]:
    """Each name's points (``name_points``), name after name (``layout``: (start, shape index) pairs; ``rel``:
    the relative points of ``shapes`` found so far, when shared by several articles)."""
    sids = layout[1::2]
    if rel is None:
        rel = {}
    for sid in set(sids).difference(rel):
        rel[sid] = _relative_points(shapes[sid])
    return [at + r for at, sid in zip(layout[0::2], sids, strict=True) for r in rel[sid]]


def name_points(shapes: Sequence[Any], layout: array, rel: dict[int, tuple[int, ...]] | None = None) -> array:
    """The offsets of an article's names the names checks read (each name's start, end and token ends), sorted and
    distinct; ``shapes``, ``layout``: a ``NamesDoc``'s, or a ``PackedNames``' (its pool's shapes and spans)."""
    points = _layout_points(shapes, layout, rel)
    return array("I", points if _ascending(points) else sorted(set(points)))


def _ascending(points: list[int]) -> bool:
    """Whether ``points`` are ascending and distinct (their ranks 0, 1, 2 …)."""
    return all(map(lt, points, islice(points, 1, None)))


def _apart(shapes: Sequence[Any], layout: array) -> bool:
    """Whether each name's points all come before the next name's, so that the points, name after name, are
    ascending and distinct (their ranks 0, 1, 2 …): most articles, found without making the points."""
    lo, hi = [], []  # each shape's first and last point, relative to its start
    for s in shapes:
        rel = _relative_points(s)
        lo.append(rel[0])
        hi.append(rel[-1])
    starts, sids = layout[0::2], layout[1::2]
    last = map(add, starts, map(hi.__getitem__, sids))
    first = map(add, islice(starts, 1, None), map(lo.__getitem__, islice(sids, 1, None)))
    return all(map(lt, last, first))


def _ranked(points: list[int]) -> tuple[list[int], bytes | None]:
    """The sorted distinct ``points`` and the rank of each among them (None when they are already ascending and
    distinct, as they are when no names overlap: the ranks are then 0, 1, 2 …)."""
    if _ascending(points):
        return points, None
    order = sorted(set(points))
    rank = {p: i for i, p in enumerate(order)}
    return order, array("I", map(rank.__getitem__, points)).tobytes()


def _except_codes(excepts: Mapping[str, tuple[tuple[int, int], ...]], order: list[int]) -> list:
    """Where each end of each except span falls among the sorted points: 2i+1 on the i-th, 2i just before it (the
    checks only ask whether a span of points lies inside an except span)."""
    def code(x: int) -> int:
        i = bisect_left(order, x)
        return 2 * i + (i < len(order) and order[i] == x)

    return [(phrase, [(code(a), code(b)) for a, b in spans]) for phrase, spans in sorted(excepts.items())]


def names_digest(info: Any, found: Any) -> bytes | None:
    """A digest of what the names checks read of one article (``found``: its ``NamesDoc`` as collected,
    before ``NamesPool.absorb``), offsets by rank (see the module docstring); None for anything else. Its
    lower-case words are left out (see ``key``)."""
    try:
        shapes, layout, excepts = found.shapes, found.layout, found.excepts
        if not excepts and _apart(shapes, layout):
            ranks, codes = None, None  # (what ``_ranked`` makes of such points)
        else:
            order, ranks = _ranked(_layout_points(shapes, layout))
            codes = _except_codes(excepts, order) if excepts else None
        parts = (info.path, info.record, [tuple(s) for s in shapes], layout.typecode, layout[1::2].tobytes(), ranks,
                 codes)
        out = io.BytesIO()
        pickler = pickle.Pickler(out, protocol=5)
        pickler.fast = True  # no memo: equal values give equal bytes, however their objects are shared
        pickler.dump(parts)
    except Exception:  # noqa: BLE001 - not a NamesDoc as ``collect`` makes it
        return None
    return hashlib.blake2b(out.getbuffer(), digest_size=20).digest()


Anchors = tuple[int, array, array]  # an article's number of points, the evidence offsets in it, the rank of each


def evidence_points(findings: Iterable[Finding], docs: Sequence[Any], names: Sequence[Any]) -> dict[str, Anchors]:
    """For each article the ``findings`` show (``docs``: the run's articles, ``names``: their ``PackedNames``, in
    the same order): how many points it has (``name_points``), the offsets the findings show in it, sorted, and
    the rank of each among the points; what a memo needs to map the findings' offsets to a later run's."""
    shown: dict[str, set[int]] = {}
    for f in findings:
        for e in f.evidence:
            shown.setdefault(e.doc_id, set()).update((e.start, e.end))
    out = {}
    rel: dict[int, dict[int, tuple[int, ...]]] = {}  # id of a pool's shapes -> their relative points so far
    for d, p in zip(docs, names, strict=True):
        offsets = shown.get(d.doc_id)
        if offsets is None:
            continue
        if type(p) is PackedNames:
            points = name_points(p.shapes, p.spans, rel.setdefault(id(p.shapes), {}))
        elif type(p) is NamesDoc:
            points = name_points(p.shapes, p.layout)
        else:
            continue  # no points: a later run cannot map this article's offsets, and makes the findings again
        ranks = [bisect_left(points, x) for x in sorted(offsets)]
        if all(i < len(points) and points[i] == x for i, x in zip(ranks, sorted(offsets), strict=True)):
            out[d.doc_id] = (len(points), array("I", sorted(offsets)), array("I", ranks))
    return out


class NamesMemo:
    """One run's view: ``absorb`` each article (instead of ``NamesPool.absorb``), ``seal`` once all are (the
    kept findings, or None), and ``keep`` the findings the checks made when there were none to reuse."""

    def __init__(self, cache: Cache, salt: str, scope: Sequence[str | Path]) -> None:
        self.path = names_path(cache, scope)
        self.salt = salt
        old = read_memo(self.path, MAGIC, salt)
        if type(old) is not tuple or len(old) != 6 or type(old[0]) is not bytes or type(old[2]) is not dict \
                or type(old[3]) is not frozenset or type(old[4]) is not frozenset or type(old[5]) is not dict:
            old = (None, None, {}, frozenset(), frozenset(), {})
        self.old_key, self.old_findings, self.old_table, self.old_tokens, self.old_seen, self.old_points = old
        self.lower: set[str] = set()  # the run's lower-case words (``seal``)
        self.digests: dict[int, bytes | None] = {}  # id(result) -> its names digest
        self.table: dict[bytes, bytes] = {}  # article token -> names digest, for the next run
        self.key: bytes | None = None
        # with a memo to reuse, packing the names waits for ``seal``: they are not needed when it is reused
        self.waiting: list[Any] | None = [] if self.old_key is not None else None

    def absorb(self, result: Any, token: bytes | None, pool: NamesPool) -> None:
        """An article's result (``token``: its ``article_token`` when from the cache): its names digested,
        and packed into ``pool`` (or their lower-case words only, the rest waiting for ``seal``)."""
        digest = self.old_table.get(token) if token is not None else None
        found = result.collected["names"]
        if digest is None:
            digest = names_digest(result.info, found)
        if token is not None and digest is not None:
            self.table[token] = digest
        self.digests[id(result)] = digest
        if self.waiting is not None and type(found) is NamesDoc:
            pool.lower |= found.lower
            self.waiting.append(result)
        else:
            result.collected["names"] = pool.absorb(found)

    def seal(self, results: Sequence[Any], pool: NamesPool) -> list[Finding] | None:
        """The kept findings, with their locations made from this run's articles, when the run's key (from
        ``results`` in run order) is the memo's and so are the lower-case words among the token keys; else None,
        and the names are packed as usual."""
        self.key = self._key(results)
        self.lower = pool.lower
        found = None
        if self.key is not None and self.key == self.old_key and type(self.old_findings) is list \
                and self.old_tokens.intersection(self.lower) == self.old_seen:
            try:
                found = self._moved(results)
            except Exception:  # noqa: BLE001 - a memo not as written (checksummed, so never seen): made again
                found = None
        for r in self.waiting or ():
            r.collected["names"] = None if found is not None else pool.absorb(r.collected["names"])
        self.waiting = None
        return found

    def _moved(self, results: Sequence[Any]) -> list[Finding] | None:
        """The kept findings with their offsets mapped to this run's names (same ranks, see the module docstring)
        and their locations made again; None when an offset is not one of its article's kept points or the
        points do not line up (then the findings are made again)."""
        by_id = {r.info.doc_id: r for r in results}
        maps: dict[str, tuple[array, array, array]] = {}  # article -> its old offsets, their ranks, the new points
        for doc_id in {e.doc_id for f in self.old_findings for e in f.evidence}:
            old, result = self.old_points.get(doc_id), by_id.get(doc_id)
            found = result.collected["names"] if result is not None else None
            if type(old) is not tuple or type(found) is not NamesDoc:
                return None
            count, offsets, ranks = old
            new = name_points(found.shapes, found.layout)
            if len(new) != count or type(offsets) is not array or type(ranks) is not array \
                    or len(offsets) != len(ranks):
                return None
            maps[doc_id] = (offsets, ranks, new)
        docs = {doc_id: r.info for doc_id, r in by_id.items()}
        out = []
        for f in self.old_findings:
            if type(f) is not Finding:
                return None
            evidence = []
            for e in f.evidence:
                offsets, ranks, new = maps[e.doc_id]
                i, j = bisect_left(offsets, e.start), bisect_left(offsets, e.end)
                if i == len(offsets) or j == len(offsets) or offsets[i] != e.start or offsets[j] != e.end:
                    return None
                start, end = new[ranks[i]], new[ranks[j]]
                evidence.append(replace(e, start=start, end=end, location=Location.of(docs[e.doc_id], start, end)))
            out.append(replace(f, evidence=tuple(evidence)))
        return out

    def _key(self, results: Iterable[Any]) -> bytes | None:
        h = hashlib.sha256(self.salt.encode())
        digests, self.digests = self.digests, {}
        for r in results:
            digest = digests.get(id(r))
            if digest is None:
                return None  # an article not noted or not digestible: no key, no memo
            h.update(digest)
        return h.digest()

    def keep(self, findings: list[Finding] | None, tokens: frozenset[str] | None,
             points: dict[str, Anchors] | None) -> None:
        """Store the run's names findings, the token keys they were made from and the points of the articles they
        show (``evidence_points``; None: not computed, nothing stored) with its table of digests."""
        if self.key is None or findings is None or tokens is None or points is None:
            return
        seen = tokens.intersection(self.lower)
        if (self.key, self.table, tokens, seen, points) == (self.old_key, self.old_table, self.old_tokens,
                                                            self.old_seen, self.old_points):
            return
        write_memo(self.path, MAGIC, self.salt, (self.key, findings, self.table, tokens, seen, points))
