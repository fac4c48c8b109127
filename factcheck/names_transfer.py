"""Articles' names sent from pool workers to the parent without repeating what a worker already sent.

Most of what the names collector makes of an article (``names.findings.NamesDoc``) recurs across articles: its
distinct name *shapes* (``names.packed``) and the lower-case words it writes. Sent whole, they were most of what
a worker pickles for an article and the parent unpickles, and the parent then looked each shape up in the run's
``NamesPool`` again, article after article, while the workers competed with it for the cores. Here a worker
sends each shape and each lower-case word once (``NamesSender``), then refers to a shape by the number it gave
it; the parent keeps, for each worker, which pool shape each of those numbers is (``ReceivingNamesPool``).

What the pool ends with is exactly what absorbing the whole ``NamesDoc`` of every article would give: a worker
handles its batches in the order they were submitted, and the parent absorbs results in that order too (the
executors yield in submission order), so a shape a worker refers to by number was absorbed before; the shapes
new to a worker are absorbed in the article's own order, so the pool numbers its shapes as it would have.

A worker numbers at most ``SHAPES_KEPT`` shapes, then starts numbering afresh (a new *generation*, sending
again the shapes it uses): at 100k articles each worker otherwise kept every shape it had sent, over 100 MB, through
the whole run. The parent lets a worker's previous generation go when the next one comes.

Only for a pool of local processes and a run without a cache: a cache entry, and the cache pack the parent
writes, must hold each article's whole ``NamesDoc``; a Dask task may run on any worker, or twice.
"""

from __future__ import annotations

import os
from array import array
from collections.abc import Mapping
from typing import Any, NamedTuple

from factcheck.names.packed import NO_EXCEPTS, NameRecord, NamesPool, PackedNames


class SentNames(NamedTuple):
    """An article's ``NamesDoc`` as a worker sends it: ``ids`` numbers the article's distinct shapes in their
    order (the worker's numbers; those not sent before are ``new``, in the same order), ``layout`` is the
    ``NamesDoc``'s, ``lower`` its lower-case words that this worker had not sent yet."""

    worker: tuple[int, int]  # the sending process and its generation of numbers
    ids: array
    new: tuple[NameRecord, ...]
    layout: array
    lower: tuple[str, ...]
    excepts: Mapping[str, tuple[tuple[int, int], ...]] | None


# Shapes a worker numbers before starting afresh: a few MB kept per worker; at 100k articles each worker makes a
# new generation every few thousand articles and sends again the shapes still in use (a few per cent more).
SHAPES_KEPT = 20_000


class NamesSender:
    """A worker's side: what it has sent during one run (``run``: a token the parent makes per run, so a pool
    kept open for another run starts afresh)."""

    def __init__(self, run: str, limit: int = SHAPES_KEPT) -> None:
        self.run = run
        self.pid = os.getpid()
        self.limit = limit
        self.generation = 0
        self._ids: dict[NameRecord, int] = {}
        self._lower: set[str] = set()

    def encode(self, found: Any) -> SentNames:
        """``found``: a ``NamesDoc``."""
        if len(self._ids) + len(found.shapes) > self.limit and self._ids:
            self._ids = {}
            self.generation += 1
        ids = self._ids
        mine = array("I")
        new = []
        for shape in found.shapes:
            i = ids.get(shape)
            if i is None:
                i = ids[shape] = len(ids)
                new.append(shape)
            mine.append(i)
        sent = self._lower
        lower = tuple(w for w in found.lower if w not in sent)  # (any order: the parent makes a set of them)
        sent.update(lower)
        return SentNames((self.pid, self.generation), mine, tuple(new), found.layout, lower, found.excepts or None)


_SENDER: list[NamesSender] = []  # this worker process's sender for the current run (at most one)


def sender_for(run: str) -> NamesSender:
    """This process's sender for ``run``. Worker-process state by nature (what this process has sent): it is
    kept for one run only and replaced when another run's token comes."""
    if not _SENDER or _SENDER[0].run != run or _SENDER[0].pid != os.getpid():
        _SENDER[:] = [NamesSender(run)]
    return _SENDER[0]


def forget_sent_names() -> None:
    """This process has sent its names for the run (its memory is wanted for something else)."""
    _SENDER.clear()


class ReceivingNamesPool(NamesPool):
    """The run's ``NamesPool``, also absorbing what ``NamesSender`` sends."""

    def __init__(self) -> None:
        super().__init__()
        # (worker, generation) -> the pool id of each shape it numbered in that generation
        self._workers: dict[tuple[int, int], list[int]] = {}

    def absorb(self, found: Any) -> PackedNames:
        if not isinstance(found, SentNames):
            return super().absorb(found)
        self.lower.update(found.lower)
        known = self._workers.get(found.worker)
        if known is None:  # a worker's first or next generation: its previous one is over (results come in order)
            pid = found.worker[0]
            self._workers = {w: k for w, k in self._workers.items() if w[0] != pid}
            known = self._workers[found.worker] = []
        new = iter(found.new)
        get = self._ids.get
        for i in found.ids:
            if i >= len(known):  # new to this worker: its next new shape (numbered in order of first use)
                shape = next(new)
                sid = get(shape)
                known.append(self._add(shape) if sid is None else sid)
        return self._pack(list(map(known.__getitem__, found.ids)), found.layout, found.excepts or NO_EXCEPTS)

    def done(self) -> None:
        super().done()
        self._workers = {}

    def release(self) -> None:
        """Let the shapes go (the run has sent its articles' names elsewhere: ``side_checks``); ``lower`` stays."""
        self.shapes = []
