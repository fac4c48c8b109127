"""Corpus-wide checks that read only the articles' names, run in a pool worker beside the rest of the corpus
stage.

After the articles are summarized, the parent makes the stories, the facts and the other checks, one after
the other, while the pool's workers wait. The names checks (misspelling, spelling: token statistics, candidate
pairs, clusters) need none of that: a check module that declares ``INPUTS = ("names",)`` reads of its context
only the ``names`` collected of each article, the articles (``ctx.documents()``), the rules and the
``names.lower`` option. Those are sent to an idle worker, which runs such checks there, while the parent goes on;
their findings are then taken as a document check's are (``CheckContext.found``), so ``run_checks`` keeps its
order and applies the same levels. The output is the same: the checks are pure functions of what is sent.

The parent drops its own references to the names it sent (``collected["names"]``, each article's summary): only
the worker holds them (and the statistics it makes of them) during the rest of the run; the parent's memory they
leave is taken by the facts it makes meanwhile.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable, Sequence
from types import ModuleType
from typing import Any

from factcheck.checks import CheckContext, discover
from factcheck.executors import ProcessExecutor
from factcheck.model import Finding
from factcheck.names.findings import FINDINGS_OPTION, LOWER_OPTION, TOKENS_OPTION
from factcheck.names.packed import NO_EXCEPTS, PackedNames
from factcheck.names_memo import Anchors, evidence_points
from factcheck.names_transfer import ReceivingNamesPool, forget_sent_names
from factcheck.rules.check_rule import check_setting

SIDE_INPUTS = frozenset({"names"})  # what the parent can send: the collected data of these names
# Above this many articles the checks stay in the parent. The worker makes its own names statistics while the
# parent's memory, taken by the facts meanwhile, is not given back: at 100k articles the run held 0.6 GB more in
# all (1.8 GB over its processes, against 1.2 GB), for a few per cent of its time.
MAX_SIDE_ARTICLES = 30_000
# what the worker returns: each check's findings, all the names findings, their token keys, where their offsets
# rank among their articles' points
SideResult = tuple[dict[str, list[Finding]], list[Finding] | None, frozenset[str] | None, dict[str, Anchors] | None]


def side_modules(modules: Sequence[ModuleType] | None = None) -> list[ModuleType]:
    """The check modules whose declared ``INPUTS`` can all be sent (none declares: none is run aside)."""
    mods = discover() if modules is None else modules
    return [m for m in mods if getattr(m, "INPUTS", None) and SIDE_INPUTS.issuperset(m.INPUTS)]


class PendingFound(dict):
    """``CheckContext.found`` with the findings of checks run aside filled in when first read (``run_checks``
    asks for each check's in turn): the checks before them run meanwhile."""

    def __init__(self, found: dict[str, list[Finding]], names: list[str], wait: Callable[[], SideResult]) -> None:
        super().__init__(found)
        self.update(dict.fromkeys(names, _PENDING))
        self._wait: Callable[[], SideResult] | None = wait
        self.names_findings: list[Finding] | None = None  # all the names findings the worker made (for the memo)
        self.names_tokens: frozenset[str] | None = None  # and the token keys they were made from
        self.names_points: dict[str, Anchors] | None = None  # and where their offsets rank in their articles

    def __getitem__(self, name: str) -> list[Finding]:
        value = super().__getitem__(name)
        if value is _PENDING:
            self.take()
            value = super().__getitem__(name)
        return value

    def take(self) -> None:
        """Wait for the findings of the checks run aside (an error there is raised here)."""
        if self._wait is not None:
            wait, self._wait = self._wait, None
            found, self.names_findings, self.names_tokens, self.names_points = wait()
            self.update(found)


_PENDING: list[Finding] = []  # (compared by identity)


def start_side_checks(executor: Any, rules: list[Any], collected: dict[str, list[Any]], docs: list[Any],
                      pool: ReceivingNamesPool, results: Sequence[Any] = ()
                      ) -> Callable[[dict[str, list[Finding]]], PendingFound] | None:
    """Send the checks of ``side_modules`` (those enabled) to a worker of ``executor`` when it is a started
    local pool, taking their inputs out of ``collected`` and out of the articles' ``results`` (``DocResult``),
    so that only the worker holds them from then on (and the run's names ``pool`` lets its shapes go).
    Returns the function that makes the ``found`` of the checks' context from the others' (their findings
    come in when read). None, and nothing taken, when there is no such pool, nothing to send, or more than
    ``MAX_SIDE_ARTICLES`` articles."""
    if not isinstance(executor, ProcessExecutor):
        return None
    names = [m.NAME for m in side_modules() if check_setting(rules, m.NAME).enabled]
    packed = collected.get("names")
    if not names or packed is None or len(packed) > MAX_SIDE_ARTICLES \
            or not all(isinstance(p, PackedNames) for p in packed):
        return None
    shapes = packed[0].shapes if packed else []
    if any(p.shapes is not shapes for p in packed):  # not one run's pool: sent as it is read here
        return None
    # pickled here: the pool keeps a task's arguments until its result comes, and these bytes are smaller
    # than the objects they stand for, which are freed right away
    payload = pickle.dumps((names, rules, docs, list(pool.lower), shapes,
                            [(p.spans, None if p.excepts is NO_EXCEPTS else p.excepts) for p in packed]),
                           protocol=pickle.HIGHEST_PROTOCOL)
    future = executor.submit(run_side_checks, [payload])
    if future is None:
        return None
    del collected["names"]
    for r in results:
        del r.collected["names"]
    pool.release()
    return lambda found: PendingFound(found, names, future.result)


def run_side_checks(sent: list[bytes]) -> SideResult:
    """Worker side: the named checks' findings, from the names and articles sent (``[payload]``: the bytes are
    let go once loaded, and so is what this worker kept for sending names, which is over); with them, all the
    names findings the checks shared (``names.findings.findings_for``), their token keys and where their offsets
    rank among their articles' points (``names_memo.evidence_points``: only the worker has the names), which a
    cached run keeps for the next."""
    forget_sent_names()
    names, rules, docs, lower, shapes, articles = pickle.loads(sent.pop())
    packed = [PackedNames(shapes, spans, excepts or NO_EXCEPTS) for spans, excepts in articles]
    ctx = CheckContext(rules=rules, collected={"names": packed}, docs=docs, options={LOWER_OPTION: set(lower)})
    by_name = {m.NAME: m for m in discover()}
    found = {name: list(by_name[name].run(ctx)) for name in names}
    made = ctx.options.get(FINDINGS_OPTION)
    return (found, made, ctx.options.get(TOKENS_OPTION),
            evidence_points(made, docs, packed) if made is not None else None)
