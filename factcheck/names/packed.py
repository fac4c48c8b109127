"""The names of a run's articles in packed form: what the parent process holds of each article's names.

A run keeps the names of every article until the corpus-wide statistics are made (``cluster``). As
``NameRecord`` tuples that cost about 17 KB an article (47 names: a tuple, a spans tuple and a tuple per
token span each). Most of a name does not depend on where it stands: its text, tokens, keys, title,
features and flags, and its token spans relative to its start, recur across mentions and articles. A
``NamesPool`` keeps one copy of each such *shape* (a ``NameRecord`` at offset 0); an article keeps only
``(start, shape id)`` for each of its names, in one ``array`` (8 bytes a name). Workers already send an
article's names as its distinct shapes and their places (``shapes_of``), so that the pool looks up each
distinct name of an article once. The corpus-wide token statistics are sums over the shapes
(``cluster.tokens_of_shapes``); a name is decoded back to its exact ``NameRecord`` only when a finding
shows it (``DecodedNames``).
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import compress, count
from operator import attrgetter
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from factcheck.names.findings import NamesDoc

NO_EXCEPTS: Mapping[str, tuple[tuple[int, int], ...]] = MappingProxyType({})  # most articles: one shared mapping


class NameRecord(NamedTuple):
    """A ``NameMention`` as a worker sends it and the cache keeps it: the fields the names checks read, in a
    plain tuple (a dataclass instance with its dictionary is four times the size). The field order is relied
    on by ``NamesPool.absorb`` and ``PackedNames.record``."""

    start: int
    end: int
    text: str
    tokens: tuple[str, ...]
    token_spans: tuple[tuple[int, int], ...]
    title: str | None
    features: tuple[str, ...]
    initial: bool
    headline: bool
    keys: tuple[str, ...]


class PackedNames:
    """One article's names after ``NamesPool.absorb``: ``(start, shape id)`` pairs in one unsigned-int array
    (text offsets and shape ids stay far below 2**32; 2 bytes each when both are below 2**16), the pool's
    shapes, and the article's except spans."""

    __slots__ = ("shapes", "spans", "excepts")

    def __init__(self, shapes: Sequence[NameRecord], spans: array, excepts: Mapping[str, tuple[tuple[int, int], ...]]):
        self.shapes = shapes
        self.spans = spans
        self.excepts = excepts

    def __len__(self) -> int:
        return len(self.spans) // 2

    def record(self, i: int) -> NameRecord:
        """The article's ``i``-th name as ``collect`` made it."""
        at = self.spans[2 * i]
        s = self.shapes[self.spans[2 * i + 1]]
        return tuple.__new__(NameRecord, (at, at + s[1], s[2], s[3], tuple((at + a, at + b) for a, b in s[4]),
                                          s[5], s[6], s[7], s[8], s[9]))

    def records(self) -> tuple[NameRecord, ...]:
        """The article's names as ``collect`` made them, in their order."""
        return tuple(self.record(i) for i in range(len(self)))

    def counted(self) -> list[tuple[NameRecord, int]]:
        """Each distinct shape with how many names have it, in order of first use: what the corpus-wide
        token statistics sum (a name recurs in an article: counting it once per shape is faster)."""
        shapes = self.shapes
        return [(shapes[sid], n) for sid, n in Counter(self.spans[1::2]).items()]

    def keys(self) -> set[str]:
        """The keys of every name of the article."""
        shapes = self.shapes
        return set().union(*[shapes[sid][9] for sid in set(self.spans[1::2])])


_MENTION_FIELDS = attrgetter(*NameRecord._fields)


def shapes_of(names: Iterable[Any]) -> tuple[tuple[NameRecord, ...], array]:
    """An article's names (``NameMention`` objects, or anything with their fields) as its distinct shapes (each
    a ``NameRecord`` at offset 0) and, for each name in order, ``(start, index of its shape)`` in one array:
    made where the article is analysed, so that the parent process looks up each distinct name of an article
    once (``NamesPool.absorb``), not every use of it (~47 names an article, ~24 distinct). No record is made of
    each name: the fields are read in one call and the shape is looked up by ``(text, relative token spans)``
    first, the full shape compared only then (most names of an article recur)."""
    index: dict[tuple, list[int]] = {}  # (text, relative spans) -> ids of the shapes with them
    shapes: list[NameRecord] = []
    layout: list[int] = []
    fields = _MENTION_FIELDS
    for m in names:
        at, end, text, tokens, spans, title, features, initial, headline, keys = fields(m)
        if len(spans) == 1:  # most names: one word
            ((a, b),) = spans
            rel: tuple[tuple[int, int], ...] = ((a - at, b - at),)
        else:
            rel = tuple([(a - at, b - at) for a, b in spans])
        shape = (0, end - at, text, tokens, rel, title, features, initial, headline, keys)  # equal to its NameRecord
        ids = index.get((text, rel))
        if ids is None:
            ids = index[text, rel] = []
        for i in ids:
            if shapes[i] == shape:
                break
        else:
            i = len(shapes)
            ids.append(i)
            shapes.append(NameRecord._make(shape))
        layout += (at, i)
    return tuple(shapes), array("I", layout)


class NamesPool:
    """What a run folds its articles' names into as they come in: the lower-case words of all of them (one
    corpus-wide set), and one copy of each name shape (see the module docstring), with the strings and
    tuples in it shared between shapes."""

    def __init__(self) -> None:
        self.lower: set[str] = set()
        self.shapes: list[NameRecord] = []
        self._ids: dict[NameRecord, int] = {}  # shape -> its index in ``shapes``
        self._shared: dict[Any, Any] = {}

    def absorb(self, found: NamesDoc) -> PackedNames:
        """``found`` packed; its lower-case words are added to ``lower`` (``found`` itself is not changed)."""
        self.lower |= found.lower
        get = self._ids.get
        ids = []
        for shape in found.shapes:  # the article's distinct names (``shapes_of``)
            sid = get(shape)
            if sid is None:
                sid = self._add(shape)
            ids.append(sid)
        return self._pack(ids, found.layout, found.excepts or NO_EXCEPTS)

    def _pack(self, ids: list[int], layout: array, excepts: Mapping[str, tuple[tuple[int, int], ...]]
              ) -> PackedNames:
        """An article's names packed: ``ids``, the pool's id of each of its distinct shapes; ``layout``, (start,
        index in ``ids``) of each name."""
        # two bytes a number while offsets and the pool's shape ids allow (a run keeps one of these per article)
        code = "H" if max(ids, default=0) < 1 << 16 and max(layout[0::2], default=0) < 1 << 16 else "I"
        spans = array(code, layout)
        spans[1::2] = array(code, map(ids.__getitem__, layout[1::2]))  # article's shape index -> the pool's
        return PackedNames(self.shapes, spans, excepts)

    def done(self) -> None:
        """Absorbing is over: the indexes that served it are dropped (a few hundred bytes an article; the
        articles absorbed keep the shapes, and ``lower`` stays). Absorbing again still works, sharing less."""
        self._ids = {}
        self._shared = {}

    def _add(self, shape: NameRecord) -> int:
        share = self._shared.setdefault
        start, end, text, tokens, spans, title, features, initial, headline, keys = shape
        shape = NameRecord(start, end, share(text, text), share(tokens, tokens), share(spans, spans), title,
                           share(features, features), initial, headline, share(keys, keys))
        sid = len(self.shapes)
        self.shapes.append(shape)
        self._ids[shape] = sid
        return sid


class DecodedNames(Sequence):
    """The articles' names, indexed by article, for the corpus-wide stage: statistics read the packed form
    (``counted``, ``keys_of``); a name is decoded to a ``NameRecord`` only when a finding needs it (``uses``)
    and then kept, so that it is one object however often it is looked up (findings group names by ``id``)."""

    def __init__(self, packed: Sequence[PackedNames]):
        self.packed = packed
        self._decoded: dict[int, dict[int, NameRecord]] = {}  # article -> name index -> record

    def __len__(self) -> int:
        return len(self.packed)

    def __getitem__(self, doc: int) -> tuple[NameRecord, ...]:  # type: ignore[override]
        return tuple(self._record(doc, i) for i in range(len(self.packed[doc])))

    def __iter__(self) -> Iterator[tuple[NameRecord, ...]]:
        return (self[i] for i in range(len(self.packed)))

    def _record(self, doc: int, i: int) -> NameRecord:
        known = self._decoded.setdefault(doc, {})
        found = known.get(i)
        if found is None:
            found = known[i] = self.packed[doc].record(i)
        return found

    def keys_of(self, doc: int) -> set[str]:
        return self.packed[doc].keys()

    def uses(self, doc: int, key: str) -> list[tuple[NameRecord, int]]:
        """Each (name, token index) of the article whose token has ``key``, in order."""
        p = self.packed[doc]
        shapes, ids = p.shapes, p.spans[1::2]
        having = {sid for sid in set(ids) if key in shapes[sid].keys}  # tested once per distinct name
        out = []
        for i in compress(count(), map(having.__contains__, ids)):  # the names with one of those shapes
            m = self._record(doc, i)
            out.extend((m, j) for j, k in enumerate(m.keys) if k == key)
        return out

    def text_in(self, doc: int, start: int, end: int) -> str | None:
        """The text of a span inside one of the article's names (the closest starting before it), or None."""
        p = self.packed[doc]
        shapes, spans = p.shapes, p.spans
        i = bisect_right(spans[0::2], start) - 1
        while i >= 0:
            at = spans[2 * i]
            s = shapes[spans[2 * i + 1]]
            if at <= start and end <= at + s.end:
                return s.text[start - at : end - at]
            i -= 1
        return None
