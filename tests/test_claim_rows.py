"""Claims pickled as rows of plain values (``factcheck.claim_rows``, ``DocResult``'s pickled state): unpickled,
they are what the claims pickled as objects give, field by field (types, interned strings, shared buckets and
sources included), on real articles and on generated claims of every shape; claims that cannot be rows are
pickled as objects; rows of a wrong length are refused; a pack of the format before rows is ignored; a warm run
from rows gives the bytes of an uncached run."""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import pickle
import random
import sys
from pathlib import Path

import pytest

from factcheck import cache_pack, claim_rows, file_results
from factcheck.cache import restricted_loads
from factcheck.claim_rows import ROW, claims_of, rows_of
from factcheck.engine import shared_bucket
from factcheck.engine.claims import Figure
from factcheck.engine.places import gazetteer
from factcheck.file_analysis import ScaleOptions
from factcheck.file_results import DocResult, summarize
from factcheck.loading import load_file
from factcheck.model import Claim, ClaimSource, DocInfo, Location
from factcheck.pipeline import RunOptions, run
from factcheck.reporters import get
from factcheck.rules.loader import load_rules

ROOT = Path(__file__).resolve().parents[1]
CORPORA = [
    (ROOT / "sources", []),
    (ROOT / "tests" / "fixtures" / "wildfire" / "articles", [ROOT / "tests" / "fixtures" / "wildfire" / "rules"]),
    (ROOT / "tests" / "fixtures" / "quake", []),
]
# every field, so that a field added to either class and not written in the rows fails here
_CLAIM_SLOTS = tuple(f.name for f in dataclasses.fields(Claim))
_FIGURE_SLOTS = tuple(f.name for f in dataclasses.fields(Figure))


def _same_value(a: object, b: object) -> bool:
    """Equal and of the same type (NaN equal to NaN; 1 and 1.0 or True told apart)."""
    if type(a) is not type(b):
        return False
    if type(a) is float and math.isnan(a):
        return math.isnan(b)  # type: ignore[arg-type]
    if type(a) is tuple:
        return len(a) == len(b) and all(map(_same_value, a, b))  # type: ignore[arg-type]
    return a == b


def assert_same_claims(got: list, want: list) -> None:
    """``got`` (unpickled from rows) is ``want`` (unpickled from objects), down to types and shared strings."""
    assert type(got) is list and len(got) == len(want)
    for (gb, gc), (wb, wc) in zip(got, want, strict=True):
        assert type(gc) is Claim and type(gc.mention) is type(wc.mention)
        assert gb == wb and gb is shared_bucket(*wb)  # one bucket object for all the claims of a fact
        for name in _CLAIM_SLOTS:
            g, w = getattr(gc, name), getattr(wc, name)
            if name == "mention":
                for f in _FIGURE_SLOTS:
                    assert _same_value(getattr(g, f), getattr(w, f)), (f, getattr(g, f), getattr(w, f))
            elif name == "source":
                assert type(g) is ClaimSource and g == w and type(g.article) is type(w.article)
                assert g.article is None or g.article.info == w.article.info  # (compared by identity)
            else:
                assert _same_value(g, w), (name, g, w)
        for name in ("fact", "rule", "quote"):  # interned as unpickling a Claim interns them
            v = getattr(gc, name)
            if type(v) is str:
                assert v is sys.intern(v)
        for name in ("unit", "base_unit", "dimension"):
            v = getattr(gc.mention, name)
            if type(v) is str:
                assert v is sys.intern(v)
        assert gc.location == wc.location and gc.text == wc.text
        assert gc == wc or math.isnan(wc.lo)  # (a NaN is not equal to another NaN object)
    sources = {id(c.source) for _, c in got}
    assert len(sources) == len({id(c.source) for _, c in want})  # an article's claims share its source


def both_ways(result: DocResult, monkeypatch: pytest.MonkeyPatch) -> tuple[DocResult, DocResult]:
    """``result`` pickled (as a cache entry is) with its claims as rows, and as objects."""
    rows = restricted_loads(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
    with monkeypatch.context() as m:
        m.setattr(file_results, "rows_of", lambda claims: None)
        plain = restricted_loads(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
    return rows, plain


@pytest.mark.parametrize("corpus", CORPORA, ids=lambda c: c[0].name)
def test_rows_of_real_articles_read_back_as_their_claims(corpus, monkeypatch: pytest.MonkeyPatch) -> None:
    folder, rule_paths = corpus
    rules = load_rules(rule_paths)
    files = sorted(p for p in folder.iterdir() if p.is_file())
    known = gazetteer(d.text for fp in files for d in load_file(fp)[0])
    count = 0
    for fp in files:
        results, _ = summarize(fp.name, fp.suffix, fp.read_bytes(), str(fp), known, rules)
        for result in results:
            assert rows_of(result.claims) is not None  # the claims a run makes are all rows
            rows, plain = both_ways(result, monkeypatch)
            assert_same_claims(rows.claims, plain.claims)
            assert_same_claims(rows.claims, [(b, c) for b, c in result.claims])
            assert rows.info == plain.info and rows.found == plain.found and rows.collected == plain.collected
            count += len(result.claims)
    assert count > 10


def _random_claims(rng: random.Random, n: int, nan: bool = True) -> list:
    sources = [ClaimSource(f"a{i}.md", rng.choice([None, 0, 3]), f"a{i}.md#{i}",
                           rng.choice([None, dt.date(2023, 1, 1 + i)]), rng.choice([None, "Wire", "Daily"]))
               for i in range(3)]
    out = []
    for _ in range(n):
        said = rng.choice([None, "The road is about 5 km long.", "Über 40 Menschen, 12,5 %."])
        text = "about 5 km" if said is None or rng.random() < 0.5 else said[:7]
        start = rng.randrange(0, 70000)
        length = len(text) if rng.random() < 0.7 else rng.randrange(1, 300)  # else the text is kept as a string
        rng_pair = rng.choice([None, (1.0, 2.5), (-3.0, 1e300)])
        fig = Figure(start, length, rng.choice([None, 5.0, -0.0, 1e-300, 42.0]), rng_pair,
                     rng.choice([None, "kilometer", "USD", "percent"]), rng.choice(["=", "~", "<", ">"]),
                     rng.choice([None, "meter", "USD"]), rng.choice(["length", "count", "currency", "percent"]),
                     rng.choice([False, True]))
        lo = rng.choice([-math.inf, 0.0, 4500.5, math.nan if nan else 1.5])
        hi = rng.choice([math.inf, 5500.0, 1e18])
        c = Claim.at(rng.choice(sources), rng.choice(["distance A–B", "people evacuated", "cost"]),
                     rng.choice(["distance-between-places", "people-evacuated"]),
                     Location("a.md", rng.randrange(1, 5000), rng.randrange(1, 400), rng.randrange(1, 5000),
                              rng.randrange(1, 900)), text, fig, (lo, hi), rng.choice(["", "≈ 5.0 km", "< 10"]),
                     said)
        out.append(((c.rule, rng.choice([c.fact, "story 2: " + c.fact])), c))
    return out


def test_rows_of_generated_claims_of_every_shape_read_back_as_their_claims(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(8)
    quotes = set()
    for n in [0, 1, 2, 7, 40] * 6:
        claims = _random_claims(rng, n)
        quotes |= {type(c.quote) for _, c in claims}
        rows = rows_of(claims)
        assert rows is not None and len(rows) == ROW * n
        assert_same_claims(claims_of(rows), claims)
        result = DocResult(DocInfo("a.md", None), claims)  # type: ignore[arg-type]
        got, plain = both_ways(result, monkeypatch)
        assert_same_claims(got.claims, plain.claims)
        assert_same_claims(got.claims, claims)
    assert quotes == {int, str}  # quotes kept as offsets in the sentence and as strings both read back


def test_claims_that_cannot_be_rows_are_pickled_as_objects(monkeypatch: pytest.MonkeyPatch) -> None:
    claims = _random_claims(random.Random(1), 5, nan=False)
    b, c = claims[2]
    other = c.shown(c.fact, c.display)
    object.__setattr__(other, "mention", Location("a.md", 1, 2, 3, 4))  # a mention that is no Figure
    mixed = [*claims[:2], (b, other), *claims[3:]]
    assert rows_of(mixed) is None
    assert type(DocResult(DocInfo("a.md", None), mixed).__getstate__()[1]) is list  # type: ignore[arg-type]
    got = restricted_loads(pickle.dumps(DocResult(DocInfo("a.md", None), mixed)))  # type: ignore[arg-type]
    assert got.claims == mixed and got.claims[2][1].mention == other.mention
    assert rows_of([(("r", "k", "x"), c)]) is None  # a bucket not of two


def test_rows_of_a_wrong_length_are_refused() -> None:
    rows = rows_of(_random_claims(random.Random(2), 3))
    assert rows is not None
    for bad in (rows[:-1], rows[:ROW + 5], (*rows, "x")):
        with pytest.raises(ValueError):
            claims_of(bad)


def test_a_warm_run_from_rows_is_an_uncached_run_and_an_old_pack_is_ignored(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, generate_corpus) -> None:
    monkeypatch.setattr(cache_pack, "RACY_NS", -(10**12))  # files written here trusted by the next run
    corpus, cache = tmp_path / "c", tmp_path / "cache"
    generate_corpus(40, 5, corpus)

    def report(cache_dir: Path | None) -> str:
        return get("json").render(run(RunOptions(paths=[corpus], scale=ScaleOptions(cache_dir=cache_dir))))

    made: list[int] = []
    real = claim_rows.claims_of

    def counting(rows: tuple) -> list:
        made.append(len(rows) // ROW)
        return real(rows)

    monkeypatch.setattr(file_results, "claims_of", counting)
    cold = report(cache)
    assert made == [] and cold == report(None)
    edited = sorted(corpus.rglob("*.md"))[7]
    edited.write_text(edited.read_text(encoding="utf-8") + "\nOfficials said 12 more people were evacuated.\n",
                      encoding="utf-8")
    warm = report(cache)
    assert sum(made) > 100  # the warm run's claims came from rows (the pack's and the entry files')
    assert warm == report(None)
    # a pack of the format before rows (its magic) is no pack: ignored, the run the same, the pack rewritten
    pack = next(cache.glob("pack-*"))
    blob = pack.read_bytes()
    assert blob.startswith(cache_pack.MAGIC) and cache_pack.MAGIC != b"FCPACK01"
    pack.write_bytes(b"FCPACK01" + blob[len(cache_pack.MAGIC):])
    salt = _salt()
    assert cache_pack.read_pack(pack, salt) is None
    made.clear()
    assert report(cache) == warm
    assert cache_pack.read_pack(pack, salt) is not None


def _salt() -> str:
    from factcheck.cache import run_salt
    from factcheck.pipeline import rule_paths

    return run_salt(rule_paths(RunOptions())) + ":summary"
