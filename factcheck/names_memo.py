"""The names findings of the last cached run, kept for a run whose names input is the same.

Why. The names checks (``names.findings``: misspellings, inconsistent spellings) work on corpus-wide
statistics of every article's names: after an edit to one article of 10,000, recounting them was over a
quarter of a warm run, though most edits (a figure corrected, a sentence added) change no name at all.

What the names findings depend on, all in the memo's key: the rules, code and lexicons (the salt); each article
in run order, by its path, record and names as collected (each name's text, tokens, spans and features, where it
stands, and where the rules' except phrases stand); and, of the run's set of words written in lower case, those
that are the key of a name token (the checks read that set only to ask whether a token's key is in it,
``names.cluster.eligible``; with the same names, the tokens are the same, so the memo keeps the last run's token
keys and compares the lower-case words among them: an edit adding words that are no name's leaves the findings
as they were). Not in the key: where lines begin. The findings keep each span's offsets (``Evidence.start``,
``end``), and a reused finding gets every location made again from this run's articles (``Location.of``), as the
check made them.

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
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from factcheck.cache import Cache
from factcheck.memo_file import memo_path, read_memo, write_memo
from factcheck.model import Finding, Location
from factcheck.names.findings import NamesDoc
from factcheck.names.packed import NamesPool

MAGIC = b"FCNAMES2"


def names_path(cache: Cache, scope: Sequence[str | Path]) -> Path:
    return memo_path(cache, scope, "names")


def names_digest(info: Any, found: Any) -> bytes | None:
    """A digest of what the names checks read of one article (``found``: its ``NamesDoc`` as collected,
    before ``NamesPool.absorb``); None for anything else. Its lower-case words are left out (see ``key``)."""
    try:
        shapes, layout, excepts = found.shapes, found.layout, found.excepts
        parts = (info.path, info.record, [tuple(s) for s in shapes], layout.typecode, layout.tobytes(),
                 sorted(excepts.items()))
        out = io.BytesIO()
        pickler = pickle.Pickler(out, protocol=5)
        pickler.fast = True  # no memo: equal values give equal bytes, however their objects are shared
        pickler.dump(parts)
    except Exception:  # noqa: BLE001 - not a NamesDoc as ``collect`` makes it
        return None
    return hashlib.blake2b(out.getbuffer(), digest_size=20).digest()


class NamesMemo:
    """One run's view: ``absorb`` each article (instead of ``NamesPool.absorb``), ``seal`` once all are (the
    kept findings, or None), and ``keep`` the findings the checks made when there were none to reuse."""

    def __init__(self, cache: Cache, salt: str, scope: Sequence[str | Path]) -> None:
        self.path = names_path(cache, scope)
        self.salt = salt
        old = read_memo(self.path, MAGIC, salt)
        if type(old) is not tuple or len(old) != 5 or type(old[0]) is not bytes or type(old[2]) is not dict \
                or type(old[3]) is not frozenset or type(old[4]) is not frozenset:
            old = (None, None, {}, frozenset(), frozenset())
        self.old_key, self.old_findings, self.old_table, self.old_tokens, self.old_seen = old
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
            by_id = {r.info.doc_id: r.info for r in results}
            try:
                found = [_relocated(f, by_id) for f in self.old_findings]
            except Exception:  # noqa: BLE001 - a memo not as written (checksummed, so never seen): made again
                found = None
        for r in self.waiting or ():
            r.collected["names"] = None if found is not None else pool.absorb(r.collected["names"])
        self.waiting = None
        return found

    def _key(self, results: Iterable[Any]) -> bytes | None:
        h = hashlib.sha256(self.salt.encode())
        digests, self.digests = self.digests, {}
        for r in results:
            digest = digests.get(id(r))
            if digest is None:
                return None  # an article not noted or not digestible: no key, no memo
            h.update(digest)
        return h.digest()

    def keep(self, findings: list[Finding] | None, tokens: frozenset[str] | None) -> None:
        """Store the run's names findings and the token keys they were made from (None: not computed, nothing
        stored) with its table of digests."""
        if self.key is None or findings is None or tokens is None:
            return
        seen = tokens.intersection(self.lower)
        if (self.key, self.table, tokens, seen) == (self.old_key, self.old_table, self.old_tokens, self.old_seen):
            return
        write_memo(self.path, MAGIC, self.salt, (self.key, findings, self.table, tokens, seen))


def _relocated(f: Finding, docs: dict[str, Any]) -> Finding:
    if type(f) is not Finding:
        raise TypeError("not a finding")
    return replace(f, evidence=tuple(
        [replace(e, location=Location.of(docs[e.doc_id], e.start, e.end)) for e in f.evidence]))
