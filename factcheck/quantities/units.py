"""Units: the alias table from ``data/units.yaml`` and conversion into base units through one pint registry.

The registry is built once, lazily, and conversion factors are cached per unit: extraction never touches
pint after the first quantity of each unit.
"""

from __future__ import annotations

import math
import re
import sys
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from factcheck.lexicon import load_yaml


@dataclass(frozen=True, slots=True)
class UnitInfo:
    name: str  # pint unit name or ISO currency code
    dimension: str
    base_unit: str
    pint: str = ""  # the pint expression to convert with, when pint's reading of ``name`` is not ours


@cache
def registry() -> Any:
    """The pint registry with factcheck's definitions, built on first use (importing pint and building it
    costs ~0.5 s; reading quantities does not need it, see ``_stored_factors``)."""
    ureg = _import_pint().UnitRegistry()
    for line in load_yaml("units.yaml").get("definitions", []):
        ureg.define(line)
    return ureg


def _import_pint() -> Any:
    """pint, imported without its dask integration: when dask is installed (the ``dask`` extra), importing
    pint imports dask too (~0.15 s), although factcheck never gives pint a dask array. When dask is already
    imported it costs nothing more, and it is left alone."""
    if "pint" in sys.modules or "dask" in sys.modules:
        import pint

        return pint
    sys.modules["dask"] = None  # type: ignore[assignment]  # importlib.util.find_spec("dask") is then None
    try:
        import pint
    finally:
        if sys.modules.get("dask", 0) is None:
            del sys.modules["dask"]
    return pint


@cache
def _tables() -> tuple[dict[str, UnitInfo], dict[str, str], dict[str, str], dict[str, str], dict[str, str]]:
    """(unit infos, case-insensitive word aliases, exact symbol aliases, glued-only symbols, currency prefixes)."""
    data = load_yaml("units.yaml")
    dims: dict[str, str] = data["dimensions"]
    infos: dict[str, UnitInfo] = {}
    words: dict[str, str] = {}
    symbols: dict[str, str] = {}
    glued: dict[str, str] = {}
    prefixes: dict[str, str] = {}
    for name, spec in data["units"].items():
        infos[name] = UnitInfo(name, spec["dimension"], dims[spec["dimension"]], spec.get("pint", name))
        for w in spec.get("words", []):
            words[_norm(w)] = name
        for s in spec.get("symbols", []):
            symbols[s] = name
        for s in spec.get("glued_only", []):
            glued[s] = name
    for code, spec in data["currencies"].items():
        infos[code] = UnitInfo(code, "currency", code)
        for w in spec.get("words", []):
            words[_norm(w)] = code
        for c in spec.get("codes", []):
            symbols[c] = code
        for p in spec.get("prefix", []):
            prefixes[p] = code
    return infos, words, symbols, glued, prefixes


def _norm(alias: str) -> str:
    return " ".join(alias.lower().split())


def _alternation(aliases: list[str]) -> str:
    parts = []
    for a in sorted(aliases, key=len, reverse=True):
        parts.append(r"\s+".join(re.escape(p) for p in a.split()) if a.strip() else re.escape(a))
    return "|".join(parts)


@cache
def unit_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """Regexes matching a unit alias at a position: (words, symbols, glued-only symbols)."""
    _, words, symbols, glued, _ = _tables()
    # A unit ends at a non-letter; "km2"/"m3" are aliases themselves, so digits may follow other aliases
    # only when they are not part of another number ("10 km 2 days" is rare enough to accept).
    w = re.compile(rf"(?:{_alternation(list(words))})(?![\w’'-]|\.\w)", re.IGNORECASE)
    s = re.compile(rf"(?:{_alternation(list(symbols))})(?![A-Za-z0-9²³])")
    g = re.compile(rf"(?:{_alternation(list(glued))})(?![A-Za-z0-9])")
    return w, s, g


@cache
def currency_prefix_pattern() -> re.Pattern[str]:
    prefixes = _tables()[4]
    # letter prefixes ("US$", "Rs") need a word boundary before them; "$"/"€" do not
    return re.compile(rf"(?<![A-Za-z])({_alternation(list(prefixes))})[ \t]?$")


@cache
def currency_prefix_anchor() -> re.Pattern[str]:
    """A currency sign at a position (group 1), with the space that may follow it."""
    prefixes = _tables()[4]
    return re.compile(rf"({_alternation(list(prefixes))})[ \t]?(?=[\d.])")


@cache
def prefix_ends() -> frozenset[str]:
    """Last characters of currency prefixes: a cheap test before the regex search."""
    return frozenset(p[-1] for p in _tables()[4])


def currency_of_prefix(prefix: str) -> str | None:
    return _tables()[4].get(prefix.strip())


@cache
def currency_codes() -> frozenset[str]:
    return frozenset(code for code, info in _tables()[0].items() if info.dimension == "currency")


# Up to three chunks (bounded: a unit alias is short), one space apart: the most an alias spans ("square
# kilometres" and such).
_CHUNKS = re.compile(r"[^\s()\[\]{},;:!?\"“”]{1,40}(?: [^\s()\[\]{},;:!?\"“”]{1,40}){0,2}")
_TRAILING = ".'’"


def lookup(text: str, start: int, *, glued: bool) -> tuple[str, int, bool] | None:
    """(unit, end, is_word) of the unit alias starting at ``start``: the longest run of up to three
    space-separated chunks that is an alias. A dictionary lookup per chunk run, so the cost does not grow
    with the number of aliases; the answer for a run is cached (the words after numbers repeat)."""
    m = _CHUNKS.match(text, start)
    if m is None:
        return None
    run = m.group()
    # Every alias found begins with the first chunk (or is a trimmed form of it, for one chunk): most numbers
    # are followed by a word that starts no alias ("people", "were"), decided with one cached lookup.
    most = _most_tokens(run.partition(" ")[0])
    if not most:
        return None
    if most == 1:  # only two chunks count (an alias of one, and a trailing dot or quote): the key is shorter
        i = run.find(" ")
        j = run.find(" ", i + 1) if i >= 0 else -1
        if j >= 0:
            run = run[:j]
    found = _in_run(run, most, glued)
    return (found[0], start + found[1], found[2]) if found is not None else None


@lru_cache(maxsize=8192)
def _most_tokens(first: str) -> int:
    """How many chunks an alias starting with the chunk ``first`` may have (0: no alias starts with it)."""
    heads = _alias_lengths()
    most = max(heads.get(first, 0), heads.get(first.lower(), 0))
    if not most:
        stripped = first.rstrip(_TRAILING)
        head = first.partition("-")[0]
        if stripped.lower() not in heads and stripped not in heads and head not in heads and head.lower() not in heads:
            return 0
        most = 1
    return most


@lru_cache(maxsize=4096)
def _in_run(run: str, most: int, glued: bool) -> tuple[str, int, bool] | None:
    """``lookup`` in a run of chunks (the text from the alias's start), with offsets from its start."""
    _, words, symbols, glued_only, _ = _tables()
    # A run of k chunks gives a key of k tokens, or k - 1 when its last chunk is only a trailing dot or
    # quote: runs longer than the longest alias starting with this chunk, plus one, cannot match.
    chunks = run.split(" ")[: min(3, most + 1)]
    ends = []
    b = -1
    for c in chunks:
        b += 1 + len(c)
        ends.append(b)
    for k in range(len(chunks), 0, -1):
        raw = run[: ends[k - 1]]
        cands = [raw]
        stripped = raw.rstrip(_TRAILING)
        if stripped != raw:
            cands.append(stripped)
        if k == 1 and "-" in raw:
            head, _, tail = raw.partition("-")
            if tail[:1].isdigit() or tail[:1] in "$€£¥":  # "10km-15km": the unit before a range dash
                cands.append(head)
        for c in cands:
            key = " ".join(c.lower().split())
            if key in words:
                return words[key], len(c), True
            if c in symbols:
                return symbols[c], len(c), False
            if glued and c in glued_only:
                return glued_only[c], len(c), False
    return None


@cache
def _alias_lengths() -> dict[str, int]:
    """First space-separated token of every alias (word aliases in lower case, symbols as written) -> the
    most tokens an alias starting with it has."""
    _, words, symbols, glued_only, _ = _tables()
    out: dict[str, int] = {}
    for k in (*words, *symbols, *glued_only):
        tokens = k.split(" ")
        out[tokens[0]] = max(out.get(tokens[0], 0), len(tokens))
    return out


def resolve(alias: str, *, word: bool) -> str | None:
    """The unit name an alias found by ``unit_patterns`` stands for."""
    _, words, symbols, glued, _ = _tables()
    if word:
        return words.get(_norm(alias))
    return symbols.get(alias) or glued.get(alias)


def info(unit: str) -> UnitInfo:
    return _tables()[0][unit]


@cache
def _factor(unit: str) -> tuple[float, float]:
    """(scale, offset) such that base = value * scale + offset."""
    i = info(unit)
    if i.dimension in ("currency", "percent", "percentage_point") or unit == i.base_unit:
        return 1.0, 0.0
    stored = _stored_factors().get(unit)
    return stored if stored is not None else pint_factor(unit)


def pint_factor(unit: str) -> tuple[float, float]:
    """``_factor`` as pint computes it."""
    i = info(unit)
    ureg = registry()
    expr = ureg.parse_units(i.pint or unit) if "*" not in (i.pint or unit) else None
    if expr is None:
        # "10 * year": a multiple of a unit, never an offset scale
        return float(ureg.parse_expression(i.pint).to(i.base_unit).magnitude), 0.0
    q0 = ureg.Quantity(0.0, expr).to(i.base_unit).magnitude
    q1 = ureg.Quantity(1.0, expr).to(i.base_unit).magnitude
    return float(q1 - q0), float(q0)


FACTORS_FILE = "unit_factors.json"


@cache
def _stored_factors() -> dict[str, tuple[float, float]]:
    """The factors pint gives for the units of ``units.yaml``, as written to ``data/unit_factors.json`` by
    ``write_stored_factors``: reading quantities then needs no pint registry (importing pint and building
    one costs ~0.5 s a process). A factor is used only when the file was written with the installed pint
    and for the unit's present pint expression and base unit, so it is always the one pint would give;
    otherwise pint is asked."""
    import importlib.metadata
    import json

    from factcheck.lexicon import data_text

    try:
        data = json.loads(data_text(FACTORS_FILE))
        if data.get("pint") != importlib.metadata.version("pint"):
            return {}
    except (OSError, ValueError, importlib.metadata.PackageNotFoundError):
        return {}
    infos = _tables()[0]
    out: dict[str, tuple[float, float]] = {}
    for unit, (expr, base, scale, offset) in data.get("factors", {}).items():
        i = infos.get(unit)
        if i is not None and (i.pint, i.base_unit) == (expr, base):
            out[unit] = (float(scale), float(offset))
    return out


def pint_factors() -> dict[str, list]:
    """unit -> [pint expression, base unit, scale, offset] from pint, for every unit converted through it."""
    return {name: [i.pint, i.base_unit, *pint_factor(name)] for name, i in sorted(_tables()[0].items())
            if not (i.dimension in ("currency", "percent", "percentage_point") or name == i.base_unit)}


def write_stored_factors() -> None:
    """Rewrite ``data/unit_factors.json`` from the installed pint (after a change to ``units.yaml`` or an
    upgrade of pint): ``python -c "from factcheck.quantities.units import write_stored_factors as w; w()"``."""
    import importlib.metadata
    import json
    from importlib import resources

    from factcheck.lexicon import DATA_PACKAGE

    rows = ",\n".join(f"  {json.dumps(k)}: {json.dumps(v)}" for k, v in pint_factors().items())
    text = f'{{"pint": {json.dumps(importlib.metadata.version("pint"))}, "factors": {{\n{rows}\n}}}}\n'
    path = resources.files(DATA_PACKAGE).joinpath(FACTORS_FILE)
    with resources.as_file(path) as p:
        p.write_text(text, encoding="utf-8")


def to_base(value: float, unit: str | None) -> float:
    """``value`` in ``unit`` expressed in the unit's base unit (temperatures with their offset)."""
    return to_base_pair(value, value, unit)[0]


def to_base_pair(lo: float, hi: float, unit: str | None) -> tuple[float, float]:
    """``(to_base(lo, unit), to_base(hi, unit))``, with one look at the unit's factor (the extractor converts
    every interval it reads: this is the one definition)."""
    if unit is None:
        return lo, hi
    scale, offset = _factor(unit)
    return (lo if math.isinf(lo) else lo * scale + offset), (hi if math.isinf(hi) else hi * scale + offset)


def stored_line(unit: str, to: str) -> tuple[float, float] | None:
    """(scale, offset) with ``to`` = value * scale + offset, by the stored factors, when both units are in the
    table and measure the same thing (not currencies or percentages); None otherwise (ask pint). Lets the
    engine and the checks convert without building a pint registry."""
    try:
        a, b = info(unit), info(to)
    except KeyError:
        return None
    if a.base_unit != b.base_unit or a.dimension != b.dimension \
            or a.dimension in ("currency", "percent", "percentage_point"):
        return None
    zero = convert(0.0, unit, to)
    return convert(1.0, unit, to) - zero, zero


def convert(value: float, unit: str, to: str) -> float:
    """Convert between two units of one dimension (never between currencies)."""
    if unit == to:
        return value
    if info(unit).dimension == "currency" or info(to).dimension == "currency":
        raise ValueError("currencies are not converted into one another")
    s, o = _factor(to)
    return (to_base(value, unit) - o) / s
