"""An article's claims in their pickled form: one flat tuple of plain values (``DocResult``'s pickled state).

Why. A warm run unpickles every article's claims from the run pack (about 48,000 for 10,000 articles): pickled
as objects, each claim and its ``Figure`` were made by the unpickler (a class reference, an empty object, a
state tuple) and then filled by a Python ``__setstate__`` call each (two calls, three frames, a list from
star-unpacking per claim), and its bucket by another call: about half of reading the pack. As rows of plain
values (strings, numbers, the article's ``ClaimSource``), the unpickler only pushes values (a repeated string
or source is a reference to the one stored before), and ``claims_of`` makes all of an article's claims in one
loop, setting the slots through their descriptors.

Rows. Per claim ``ROW`` values: its bucket (rule id, fact key), the claim's fields but its mention, in
``Claim.__getstate__``'s order, then its ``Figure``'s fields in ``Figure.__getstate__``'s order. Only claims
of the exact classes ``Claim`` and ``Figure`` are written so (``rows_of`` returns None otherwise, and the
claims are pickled as objects). What ``claims_of`` makes is what unpickling the objects made: equal fields, the
same strings interned (fact key, rule id, quoted text, unit and dimension names), the bucket from
``engine.shared_bucket``, so nothing a run computes or holds changes (``tests/test_claim_rows.py``).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any

from factcheck.engine import shared_bucket
from factcheck.engine.claims import Figure
from factcheck.model import Claim

_FIGURE = ("start", "length", "value", "range", "unit", "qualifier", "base_unit", "dimension", "vague")
ROW = 2 + 12 + len(_FIGURE)  # bucket, the claim's fields but its mention, the figure's


def rows_of(claims: Sequence[tuple[tuple[str, str], Any]]) -> tuple | None:
    """``claims`` (``DocResult.claims``: (bucket, claim) pairs) as one flat tuple of ``ROW`` values a claim, or
    None when one of them is not a ``Claim`` of a ``Figure`` with a (rule id, fact key) bucket."""
    out: list[Any] = []
    add = out.extend
    for bucket, c in claims:
        m = c.mention
        if type(c) is not Claim or type(m) is not Figure or type(bucket) is not tuple or len(bucket) != 2:
            return None
        add((bucket[0], bucket[1], c.fact, c.rule, c.source, c.line, c.column, c.end_line, c.width, c.quote, c.lo,
             c.hi, c.display, c.said, m.start, m.length, m.value, m.range, m.unit, m.qualifier, m.base_unit,
             m.dimension, m.vague))
    return tuple(out)


# The slots' setters of a ``Figure`` (as ``Claim._fill`` sets a claim's): a frozen dataclass refuses ``setattr``, and
# ``object.__setattr__`` looks each name up again; a slot's descriptor sets it directly.
_f_start, _f_length, _f_value, _f_range, _f_unit, _f_qualifier, _f_base_unit, _f_dimension, _f_vague = \
    (Figure.__dict__[name].__set__ for name in _FIGURE)


def claims_of(rows: tuple) -> list[tuple[tuple[str, str], Claim]]:
    """The (bucket, claim) pairs ``rows_of`` wrote ``rows`` from (a ValueError when it cannot have)."""
    if len(rows) % ROW:
        raise ValueError("claim rows of a wrong length")
    new, intern, str_ = object.__new__, sys.intern, str
    out: list[tuple[tuple[str, str], Claim]] = []
    append = out.append
    rows_in = zip(*[iter(rows)] * ROW, strict=True)  # each ROW values in turn
    for (rule_id, key, fact, rule, source, line, column, end_line, width, quote, lo, hi, display, said,
         start, length, value, rng, unit, qualifier, base_unit, dimension, vague) in rows_in:
        f = new(Figure)
        _f_start(f, start)
        _f_length(f, length)
        _f_value(f, value)
        _f_range(f, rng)
        _f_unit(f, intern(unit) if type(unit) is str_ else unit)
        _f_qualifier(f, qualifier)
        _f_base_unit(f, intern(base_unit) if type(base_unit) is str_ else base_unit)
        _f_dimension(f, intern(dimension) if type(dimension) is str_ else dimension)
        _f_vague(f, vague)
        c = new(Claim)
        c._fill(intern(fact), intern(rule), source, line, column, end_line, width,
                intern(quote) if type(quote) is str_ else quote, f, lo, hi, display, said)
        append((shared_bucket(rule_id, key), c))
    return out
