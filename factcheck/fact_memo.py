"""What making each fact derived, kept from the last cached run, so that a warm run does not compare again.

Why. Making a fact (``engine.make_fact``: sort its claims, show each value in the fact's unit, compare them
per publication date) is a pure function of the rule, the fact's label and its claims. After an edit to one
article of 10,000, the 5,000 facts of the others are the same, and making them again was a fifth of a warm run.

What is kept, per fact label and rule: the *tokens* of its claims in the order they came (see below), the
order ``make_fact`` sorted them into, the unit, the values as shown, consensus, outliers and what comparing
decided (``Fact.comparisons``). A fact is taken from the memo only when its tokens are exactly those of this
run; otherwise it is made as usual. Either way the ``Fact`` built is equal, field by field, to ``make_fact``'s.
The memo is rewritten only when more than ``SLACK`` facts (or a twentieth) were made afresh or dropped.

Tokens. A claim's token is ``(article token, position among the article's claims)``, the article token
naming everything its claims were made from: the cache entry key (salt, shown path, the file's bytes), the
key of the gazetteer entries its summary used, and its number among the file's articles (a file may hold
several records). These are what the cache entry a warm run reads is found by, so an equal token means the
same claims (including their publication dates). Articles summarized afresh in this run get no token: their
facts are made again. The rules, code and lexicons are in the memo's salt; the fact's label in the lookup key.

Kept in a file beside the run pack (``memo_file``: salted, checksummed, read by the restricted unpickler,
replaced atomically), written only when this run made a fact the memo lacked or left some unused.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from factcheck.cache import Cache
from factcheck.memo_file import memo_path, read_memo, write_memo
from factcheck.model import Claim, Fact

MAGIC = b"FCFACTS1"
SLACK = 32  # facts the memo may lack (or hold in vain) before it is rewritten

Token = tuple[bytes, int]
# (claim tokens, sorted order, unit, shown values in that order, consensus, outliers, comparisons)
Derived = tuple[tuple[Token, ...], tuple[int, ...], Any, tuple[str, ...], Any, tuple[int, ...], Any]


def facts_path(cache: Cache, scope: Sequence[str | Path]) -> Path:
    return memo_path(cache, scope, "facts")


def article_token(entry_key: bytes, relevant: str, number: int) -> bytes:
    """The token of the ``number``-th article of a cache entry (see the module docstring)."""
    return entry_key + relevant.encode("ascii") + number.to_bytes(4, "big")


class FactMemo:
    """One run's view of the memo: ``note`` the articles' claims, then ``make`` each fact, then ``close``."""

    def __init__(self, cache: Cache, salt: str, scope: Sequence[str | Path]) -> None:
        self.path = facts_path(cache, scope)
        self.salt = salt
        old = read_memo(self.path, MAGIC, salt)
        self.old: dict[tuple[str, str], Derived] = old if type(old) is dict else {}
        self.new: dict[tuple[str, str], Derived] = {}
        self.tokens: dict[int, Token] = {}  # id(claim) -> token, for the claims alive until their fact is made
        self.reused = 0

    def note(self, token: bytes, claims: Sequence[tuple[Any, Claim]]) -> None:
        """An article's claims (as ``DocResult.claims``), from the cache entry named by ``token``."""
        tokens = self.tokens
        for j, (_, c) in enumerate(claims):
            tokens[id(c)] = (token, j)

    def make(self, rule: Any, shown: str, claims: list[Claim]) -> Fact:
        """``engine.make_fact(rule, shown, claims)``, from the memo when its claims are the same."""
        from factcheck.engine import make_fact

        get = self.tokens.get
        tokens = tuple([get(id(c)) for c in claims])  # type: ignore[misc]
        known = self.old.get((rule.id, shown))
        if type(known) is tuple and len(known) == 7 and known[0] == tokens:
            try:
                fact = _remade(rule, shown, claims, known)
            except Exception:  # noqa: BLE001 - a memo not as written (checksummed, so never seen): made again
                pass
            else:
                self.reused += 1
                self.new[(rule.id, shown)] = known
                return fact
        fact = make_fact(rule, shown, claims)
        if None not in tokens:
            self.new[(rule.id, shown)] = (tokens, _order(claims), fact.unit, tuple([c.display for c in fact.claims]),
                                          fact.consensus, tuple(fact.outliers), fact.comparisons)
        return fact

    def close(self) -> None:
        """Write the memo when this run's facts differ enough from it (made afresh, or some not made again)."""
        new, old, reused = self.new, self.old, self.reused
        self.tokens, self.old, self.new = {}, {}, {}  # held no longer than the facts are being made
        # facts made again, or kept no longer: a few are left to be made again by the next runs too (as the run
        # pack leaves a few files outside it), rewriting the memo cost more than making them
        stale = len(new) - reused + len(old) - reused
        if old and stale <= max(SLACK, len(new) // 20):
            return
        write_memo(self.path, MAGIC, self.salt, new)


def _remade(rule: Any, shown: str, claims: list[Claim], known: Derived) -> Fact:
    """The fact ``make_fact`` made of these claims, from what it derived then."""
    from factcheck.engine import shown_fact

    _, order, unit, values, consensus, outliers, comparisons = known
    if len(order) != len(claims):
        raise ValueError("not this fact's memo")
    fact = shown_fact(rule, shown, [claims[i] for i in order], unit, values)
    fact.consensus, fact.outliers, fact.comparisons = consensus, list(outliers), comparisons
    return fact


def _order(claims: list[Claim]) -> tuple[int, ...]:
    """The order ``make_fact`` sorts ``claims`` into, as positions in ``claims`` (both sorts are stable)."""
    from factcheck.engine import _claim_order

    keys = [_claim_order(c) for c in claims]
    return tuple(sorted(range(len(claims)), key=keys.__getitem__))
