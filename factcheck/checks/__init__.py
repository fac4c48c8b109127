"""Checks: one module each, found by name, so that adding a check touches no other.

A check module defines::

    NAME = "conversion"            # also the finding ``kind`` unless KIND is given
    DEFAULT_LEVEL = "error"
    def run(ctx: CheckContext) -> Iterable[Finding]: ...

and its docstring is its documentation (``factcheck rules explain NAME``).

A run keeps no article texts, so a check reads articles in one of two ways:

- ``SCOPE = "document"``: the check looks at each article on its own. ``run`` is called with a context of
  one article where that article is analysed (a worker process, a cluster), and the run gathers the findings.
- ``collect(analysis, rules, claims) -> data``: what the check needs of one article, computed where it is
  analysed; ``run`` reads the articles' data with ``ctx.per_doc(NAME, collect)`` (computed from
  ``ctx.analyses`` when a context is built by hand, as tests do).
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from functools import cache
from types import ModuleType
from typing import Any

from factcheck.analysis import Analysis
from factcheck.model import Finding, Severity


@dataclass
class CheckContext:
    analyses: list[Analysis] = field(default_factory=list)  # whole articles; empty in a run (see per_doc)
    rules: list[Any] = field(default_factory=list)  # validated rule models (factcheck.rules.schema.Rule)
    facts: list[Any] = field(default_factory=list)  # grouped claims (factcheck.engine)
    options: dict[str, Any] = field(default_factory=dict)
    collected: dict[str, list[Any]] = field(default_factory=dict)  # per-article data by name, article order
    found: dict[str, list[Finding]] = field(default_factory=dict)  # findings of document checks, by check
    docs: list[Any] = field(default_factory=list)  # the articles' DocInfo, in order, when analyses is empty
    # what several checks derive alike from one article (``derived``): gone with the context
    memo: dict[Any, Any] = field(default_factory=dict, repr=False, compare=False)

    def derived(self, compute: Callable[[Any], Any], analysis: Analysis) -> Any:
        """``compute(analysis)`` for a pure ``compute``, worked out once per context and article (the checks of
        one article share it; no check depends on another having run)."""
        key = (compute, id(analysis))
        known = self.memo.get(key)
        if known is None:  # the analysis is kept with its result: alive, its id cannot be another's meanwhile
            known = self.memo[key] = (analysis, compute(analysis))
        return known[1]

    def documents(self) -> list[Any]:
        """The articles (``Document`` or ``DocInfo``) in order, aligned with ``per_doc`` lists."""
        return self.docs or [a.doc for a in self.analyses]

    def per_doc(self, name: str, collect: Callable[[Any, list[Any], list[Any]], Any]) -> list[Any]:
        """Each article's ``collect(analysis, rules, claims)``, in article order: gathered by the run where
        the articles were analysed, or computed here from ``analyses`` (claims taken from ``facts``)."""
        if name not in self.collected:
            claims: dict[str, list[Any]] = {}
            for fact in self.facts:
                if getattr(fact, "kind", None) == "quantity":
                    for c in fact.claims:
                        claims.setdefault(c.doc_id, []).append(c)
            self.collected[name] = [collect(a, self.rules, claims.get(a.doc.doc_id, [])) for a in self.analyses]
        return self.collected[name]


# Built-in collectors the run itself reads before the checks (event-date facts, the story key) and no check
# reads: a run drops them before the checks. A check wanting one of them reads facts or stories instead.
RUN_INPUTS = ("date-events", "stories")


def collectors(modules: Iterable[ModuleType] | None = None) -> dict[str, Callable[[Any, list[Any], list[Any]], Any]]:
    """Everything a run gathers of each article for the corpus-wide checks, by name."""
    if modules is None:  # (asked once an article: the discovered checks' are worked out once)
        return dict(_discovered_collectors())
    return _collectors(modules)


@cache
def _discovered_collectors() -> tuple[tuple[str, Callable[[Any, list[Any], list[Any]], Any]], ...]:
    return tuple(_collectors(_discovered()).items())


def _collectors(modules: Iterable[ModuleType]) -> dict[str, Callable[[Any, list[Any], list[Any]], Any]]:
    from factcheck.dates.events import collect as event_dates
    from factcheck.engine.stories import collect as stories
    from factcheck.names.findings import collect as names

    out: dict[str, Callable[[Any, list[Any], list[Any]], Any]] = {"names": names, "date-events": event_dates,
                                                                  "stories": stories}
    for mod in modules:
        if hasattr(mod, "collect"):
            out[mod.NAME] = mod.collect
    return out


@cache
def _discovered() -> tuple[ModuleType, ...]:
    return tuple(discover())


def document_checks(modules: Iterable[ModuleType] | None = None) -> list[ModuleType]:
    if modules is None:  # (asked once an article)
        return list(_discovered_document_checks())
    return [m for m in modules if getattr(m, "SCOPE", "") == "document"]


@cache
def _discovered_document_checks() -> tuple[ModuleType, ...]:
    return tuple(document_checks(_discovered()))


def discover() -> list[ModuleType]:
    import factcheck.checks as pkg

    mods = []
    for info in sorted(pkgutil.iter_modules(pkg.__path__), key=lambda i: i.name):
        if info.name.startswith("_"):
            continue
        mod = importlib.import_module(f"{pkg.__name__}.{info.name}")
        if hasattr(mod, "run") and hasattr(mod, "NAME"):
            mods.append(mod)
    return mods


def run_checks(ctx: CheckContext, modules: Iterable[ModuleType] | None = None) -> list[Finding]:
    from factcheck.rules.check_rule import check_setting  # `extends: check` rules: off, or another level

    out: list[Finding] = []
    for mod in modules if modules is not None else discover():
        setting = check_setting(ctx.rules, mod.NAME)
        if not setting.enabled:
            continue
        found = ctx.found[mod.NAME] if mod.NAME in ctx.found else mod.run(ctx)
        if setting.level is not None:
            found = [replace(f, severity=Severity(setting.level)) for f in found]
        out.extend(found)
    return out
