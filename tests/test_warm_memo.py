"""The corpus stage's memos (``factcheck.fact_memo``, ``factcheck.names_memo``): a warm run reuses the facts
and the names findings of the last cached run only when their inputs are the same, and then gives the same
bytes as a run without a cache, after edits of every kind; a damaged or foreign memo is ignored."""

from __future__ import annotations

import importlib.util
import re
import shutil
import sys
from pathlib import Path

import pytest

from factcheck import cache_pack, engine, fact_memo, stories_memo
from factcheck.cache import Cache
from factcheck.fact_memo import facts_path
from factcheck.file_analysis import ScaleOptions
from factcheck.names import findings as names_findings
from factcheck.names.findings import NamesDoc
from factcheck.names_memo import names_path
from factcheck.pipeline import RunOptions, run
from factcheck.reporters import get
from factcheck.stories_memo import stories_path

ROOT = Path(__file__).resolve().parents[1]


def _generate(n: int, seed: int, out: Path) -> dict:
    spec = importlib.util.spec_from_file_location("make_corpus", ROOT / "benchmarks" / "make_corpus.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("make_corpus", mod)
    spec.loader.exec_module(mod)
    return mod.generate(n, seed, out)


@pytest.fixture
def settle(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files written by the test trusted by the next run (see test_cache_pack)."""
    monkeypatch.setattr(cache_pack, "RACY_NS", -(10**12))


@pytest.fixture
def spies(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """How often a fact is made and the names findings are computed (the work the memos save)."""
    calls = {"facts": 0, "names": 0, "stories": 0}
    make_fact, name_findings_from = engine.make_fact, names_findings.name_findings_from
    find_stories = stories_memo.find_stories

    def counted_stories(*args: object) -> object:
        calls["stories"] += 1
        return find_stories(*args)  # type: ignore[arg-type]

    def counted_fact(*args: object) -> object:
        calls["facts"] += 1
        return make_fact(*args)  # type: ignore[arg-type]

    def counted_names(*args: object) -> object:
        calls["names"] += 1
        return name_findings_from(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(engine, "make_fact", counted_fact)
    monkeypatch.setattr(names_findings, "name_findings_from", counted_names)
    monkeypatch.setattr(stories_memo, "find_stories", counted_stories)
    return calls


def side_starts(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Whether each run's names checks were sent to a worker (``start_side_checks``)."""
    from factcheck import pipeline

    aside: list[bool] = []
    start = pipeline.start_side_checks

    def noted(*args: object, **kwargs: object) -> object:
        got = start(*args, **kwargs)  # type: ignore[arg-type]
        aside.append(got is not None)
        return got

    monkeypatch.setattr(pipeline, "start_side_checks", noted)
    return aside


def report(folder: Path, cache: Path | None) -> str:
    return get("json").render(run(RunOptions(paths=[folder], scale=ScaleOptions(cache_dir=cache))))


def corpus(tmp_path: Path) -> tuple[Path, dict]:
    folder = tmp_path / "c"
    manifest = _generate(30, 5, folder)  # three stories, planted contradictions and misspellings
    for p in sorted((ROOT / "sources").glob("*.txt")):  # and the sample's name variants, no front matter
        (folder / "sample").mkdir(exist_ok=True)
        shutil.copy(p, folder / "sample" / p.name)
    return folder, manifest


def articles(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.md"))


def edit(p: Path, old: str | re.Pattern[str], new: str) -> None:
    text = p.read_text(encoding="utf-8")
    changed = old.sub(new, text, count=1) if isinstance(old, re.Pattern) else text.replace(old, new, 1)
    assert changed != text, (p, old)
    p.write_text(changed, encoding="utf-8")


KM = re.compile(r"\b\d+ km\b")
PEOPLE = re.compile(r"\b\d[\d,]* (residents|people)\b")


def having(files: list[Path], pattern: re.Pattern[str]) -> Path:
    return next(p for p in files if pattern.search(p.read_text(encoding="utf-8")))


@pytest.mark.parametrize("slack", [0, None])  # the facts memo rewritten after every run, or left stale a while
def test_warm_runs_after_edits_of_every_kind_equal_uncached_runs(tmp_path: Path, settle: None, spies: dict[str, int],
                                                                  monkeypatch: pytest.MonkeyPatch,
                                                                  slack: int | None) -> None:
    if slack is not None:
        monkeypatch.setattr(fact_memo, "SLACK", slack)
    folder, manifest = corpus(tmp_path)
    cache = tmp_path / "cache"
    first = report(folder, cache)
    assert first == report(folder, None)
    facts_made = spies["facts"] // 2
    assert facts_made > 10 and spies["names"] == 2 and spies["stories"] == 1
    surname = manifest["stories"][1]["people"][0].split()[-1]
    mentions = [p for p in articles(folder) if surname in p.read_text(encoding="utf-8")]
    files = articles(folder)
    steps = [
        ("nothing", lambda: None),
        ("a sentence added (no new name)", lambda: files[3].write_text(
            files[3].read_text(encoding="utf-8") + "\nMore residents were evacuated from the area, officials "
            "said.\n", encoding="utf-8")),  # words the corpus has
        # a space made a line break: the names stand where they stood, on other lines
        ("lines moved (names unchanged, their lines not)", lambda: edit(files[4], ". Many", ".\nMany")),
        ("a distance changed", lambda: edit(having(files[5:], KM), KM, "417 km")),
        ("a count changed", lambda: edit(having(files[6:], PEOPLE), PEOPLE, "9,999 people")),
        ("only a name changed", lambda: edit(mentions[-1], surname, surname[:-1] + "x")),
        ("the story changed", lambda: edit(files[12], "story: 1", "story: 2")),
        ("the date changed", lambda: edit(files[13], re.compile(r"^date: .*$", re.M), "date: 2021-01-02")),
        ("a file deleted", lambda: files[20].unlink()),
        ("a file added", lambda: shutil.copy(files[21], files[21].with_name("copy.md"))),
        ("a sample article edited", lambda: edit(folder / "sample" / sorted(
            p.name for p in (folder / "sample").iterdir())[0], re.compile(r"\b\d+\b"), "77")),
    ]
    for name, step in steps:
        step()
        spies.update(facts=0, names=0, stories=0)
        warm = report(folder, cache)
        reused = {k: v for k, v in spies.items()}
        assert warm == report(folder, None), name
        if name in ("nothing", "a sentence added (no new name)", "lines moved (names unchanged, their lines not)"):
            assert reused["names"] == 0, name  # the names findings reused (relocated for the moved lines)
        if name == "only a name changed":
            assert reused["names"] == 1, name
        if name in ("nothing", "a distance changed", "a count changed", "a sample article edited"):
            assert reused["stories"] == 0, name
        if name in ("the story changed", "a file deleted"):
            assert reused["stories"] == 1, name
        if name == "nothing":
            assert reused["facts"] == 0
        else:
            assert reused["facts"] < facts_made, name  # the facts of unchanged articles reused


@pytest.mark.parametrize("damage", ["garbage", "truncated", "flipped", "foreign"])
def test_a_damaged_or_foreign_memo_is_ignored(tmp_path: Path, settle: None, damage: str) -> None:
    folder, _ = corpus(tmp_path)
    cache = tmp_path / "cache"
    expected = report(folder, None)
    assert report(folder, cache) == expected
    paths = [facts_path(Cache(cache), [folder]), names_path(Cache(cache), [folder]),
             stories_path(Cache(cache), [folder])]
    assert all(p.exists() for p in paths)
    for p in paths:
        blob = p.read_bytes()
        if damage == "garbage":
            blob = b"not a memo at all"
        elif damage == "truncated":
            blob = blob[: len(blob) // 2]
        elif damage == "flipped":
            blob = blob[:-10] + bytes([blob[-10] ^ 0xFF]) + blob[-9:]
        else:  # another salt (rules, code): checksum fine, salt not
            blob = blob[:8] + bytes(32) + blob[40:]
        p.write_bytes(blob)
    edit(having(articles(folder), KM), KM, "418 km")
    expected = report(folder, None)
    assert report(folder, cache) == expected
    assert report(folder, cache) == expected  # the rewritten memos read back


def test_each_folder_keeps_its_own_memos(tmp_path: Path, settle: None) -> None:
    folder, _ = corpus(tmp_path)
    other = tmp_path / "other"
    shutil.copytree(folder, other)
    edit(having(articles(other), KM), KM, "419 km")
    cache = tmp_path / "cache"
    for _ in range(2):
        assert report(folder, cache) == report(folder, None)
        assert report(other, cache) == report(other, None)
    assert facts_path(Cache(cache), [folder]) != facts_path(Cache(cache), [other])


def test_editing_the_rules_folder_a_run_reads_by_default_is_seen_by_a_warm_run(
        tmp_path: Path, settle: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without ``--rules`` a run reads ``./rules``: its files are in the cache's salt as given ones are (the
    cached claims were made with the old rules, and the memos' facts and names findings too)."""
    shutil.copytree(ROOT / "sources", tmp_path / "sources")
    shutil.copytree(ROOT / "rules", tmp_path / "rules")
    monkeypatch.chdir(tmp_path)
    cache = tmp_path / "cache"
    folder = Path("sources")
    before = report(folder, None)
    assert report(folder, cache) == before
    rules = tmp_path / "rules" / "soledar.yaml"
    edit(rules, "soledar.people-remaining", "soledar.people-left")
    edit(rules, "tolerance: 5%", "tolerance: 1%")
    edit(tmp_path / "rules" / "names.yaml", "Zelenskyy: {accept: [Zelensky]}", "Zelensky: {accept: [Zelenskyy]}")
    expected = report(folder, None)
    assert expected != before
    assert report(folder, cache) == expected


def test_names_findings_made_by_a_pool_worker_are_kept_for_the_next_run(
        tmp_path: Path, settle: None, spies: dict[str, int], monkeypatch: pytest.MonkeyPatch) -> None:
    """A cached run with a process pool makes the names findings in a worker (``factcheck.side_checks``); the
    memo must still get them, so that the next run reuses them instead of making them again."""

    folder, _ = corpus(tmp_path)
    cache = tmp_path / "cache"
    expected = report(folder, None)
    aside = side_starts(monkeypatch)
    spies["names"] = 0
    scale = ScaleOptions(jobs=2, cache_dir=cache, keep_open=True)
    try:
        assert get("json").render(run(RunOptions(paths=[folder], scale=scale))) == expected
    finally:
        scale.close()
    assert aside == [True] and spies["names"] == 0  # made in the worker, not here
    assert names_path(Cache(cache), [folder]).exists()
    target = articles(folder)[3]  # a sentence added at the end: no name in it, words the corpus has
    target.write_text(target.read_text(encoding="utf-8") + "\nMore residents were evacuated from the area, "
                      "officials said.\n", encoding="utf-8")
    expected = report(folder, None)
    spies["names"] = 0
    assert report(folder, cache) == expected
    assert spies["names"] == 0  # the worker's findings, kept


def test_new_lower_case_words_reuse_the_names_findings_unless_a_name_token_is_among_them(
        tmp_path: Path, settle: None, spies: dict[str, int]) -> None:
    """The names checks read the corpus's lower-case words only for name tokens (a token also written in lower
    case is no name): new words that are no name's keep the memo; the lower-case form of a reported misspelling
    must not, since it takes the finding away."""
    folder, manifest = corpus(tmp_path)
    cache = tmp_path / "cache"
    typo = next(p["stated"] for p in manifest["planted"] if p["type"] == "misspelling")
    first = report(folder, cache)
    assert first == report(folder, None) and f"'{typo}'" in first
    target = articles(folder)[3]
    text = target.read_text(encoding="utf-8")
    target.write_text(text + "\nMore hydrangeas and buttercups bloomed by the quarry, gardeners noted.\n",
                      encoding="utf-8")
    spies.update(names=0)
    warm = report(folder, cache)
    assert spies["names"] == 0  # new lower-case words, none a name token's key: the findings reused
    assert warm == report(folder, None)
    target.write_text(text + f"\nMore hydrangeas and {typo.lower()} bloomed by the quarry, gardeners noted.\n",
                      encoding="utf-8")
    spies.update(names=0)
    warm = report(folder, cache)
    assert spies["names"] == 1  # the misspelling's token now written in lower case: made again
    assert warm == report(folder, None) and f"'{typo}'" not in warm


def test_a_fact_from_the_memo_equals_the_fact_made_again(tmp_path: Path, settle: None,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """Every fact a warm run takes from the memo is, field by field (what comparing decided included), the fact
    ``make_fact`` makes of the same claims."""
    folder, _ = corpus(tmp_path)
    cache = tmp_path / "cache"
    report(folder, cache)
    checked: list[str] = []
    make = fact_memo.FactMemo.make

    def compared(self: fact_memo.FactMemo, rule: object, shown: str, claims: list) -> object:
        reused = self.reused
        fact = make(self, rule, shown, claims)
        if self.reused > reused:
            fresh = engine.make_fact(rule, shown, list(claims))  # type: ignore[arg-type]
            assert fact == fresh and fact.comparisons == fresh.comparisons, shown
            assert [c.display for c in fact.claims] == [c.display for c in fresh.claims], shown
            checked.append(shown)
        return fact

    monkeypatch.setattr(fact_memo.FactMemo, "make", compared)
    report(folder, cache)
    assert len(checked) > 10


# --- edits that move names: the names memo keys on the order of the offsets the checks compare, not on them -----

FAIR_RULES = """rules:
  - id: names.fair
    extends: names
    spellings:
      Velmora: {reject: [Velmorra], except: ["chicken Velmorra"]}
"""
FAIR = """# Autumn fair opens in Velmora

The autumn fair opened in Velmora on Saturday, and Mayor Anna Drell and Piotr Voss of the traders' guild cut the
ribbon. Stalls near the town hall of Velmora served chicken Velmorra, a local dish, to visitors from Velmora and
nearby towns.

Organisers said the fair in Velmorra would run for three days. Drell said she expected 4,000 visitors.
"""
FIGURE = re.compile(r"\b\d[\d,.]*\d\b")  # a figure of two characters or more


def figure_before(p: Path, marker: str, new: str) -> None:
    """The last figure of the article's body before ``marker`` written as ``new``."""
    text = p.read_text(encoding="utf-8")
    body = text.index("\n---", 3) + 4  # past the front matter
    m = [m for m in FIGURE.finditer(text, body, text.index(marker)) if m.group() != new][-1]
    p.write_text(text[: m.start()] + new + text[m.end() :], encoding="utf-8")


def paragraph_on_top(p: Path) -> None:
    """A paragraph with no name (words the corpus has) before the first one, after the headline."""
    text = p.read_text(encoding="utf-8")
    at = text.index("\n\n", text.index("\n# ")) + 2
    p.write_text(text[:at] + "More residents were evacuated from the area, officials said.\n\n" + text[at:],
                 encoding="utf-8")


def ranked_run(folder: Path, rules: Path, cache: Path | None, jobs: int = 1) -> tuple[str, list]:
    """The JSON report and the findings themselves (their evidence offsets, which the JSON does not show)."""
    scale = ScaleOptions(jobs=jobs, cache_dir=cache, keep_open=True)
    try:
        got = run(RunOptions(paths=[folder], rule_paths=[rules], scale=scale))
    finally:
        scale.close()
    return get("json").render(got), got.findings


@pytest.mark.parametrize("jobs", [1, 2])  # with a pool the names findings and their points come from a worker
def test_edits_that_move_names_reuse_the_names_findings_with_their_offsets_moved(
        tmp_path: Path, settle: None, spies: dict[str, int], monkeypatch: pytest.MonkeyPatch, jobs: int) -> None:

    folder, manifest = corpus(tmp_path)
    (folder / "fair").mkdir()
    fair = folder / "fair" / "velmora.md"
    fair.write_text(FAIR, encoding="utf-8")
    rules = tmp_path / "names.yaml"
    rules.write_text(FAIR_RULES, encoding="utf-8")
    aside = side_starts(monkeypatch)
    cache = tmp_path / "cache"
    first = ranked_run(folder, rules, cache, jobs)
    assert first == ranked_run(folder, rules, None)
    assert aside[0] is (jobs == 2)
    # the articles edited are ones the findings show: a misspelling's, a dominant form's, the rule's
    typo, other = [p for p in manifest["planted"] if p["type"] == "misspelling"][:2]
    assert f"'{typo['stated']}'" in first[0] and f"'{other['stated']}'" in first[0] and "'Velmorra' (1" in first[0]
    dominant = sorted((folder / typo["path"]).parent.glob("*.md"))[0]  # shown for the form the typo misspells
    assert [e.role for f in first[1] for e in f.evidence if e.doc_id == str(dominant)] == ["dominant"]
    hits = [
        ("a figure made longer mid-article", lambda: figure_before(folder / typo["path"], typo["stated"], "1,234,567")),
        ("a figure made shorter mid-article", lambda: figure_before(folder / other["path"], other["stated"], "7")),
        ("a word inserted before the names", lambda: edit(fair, "The autumn fair", "The big autumn fair")),
        ("a paragraph added at the top", lambda: paragraph_on_top(dominant)),
        ("an except phrase written wider", lambda: edit(fair, "chicken Velmorra", "chicken   Velmorra")),
    ]
    misses = [  # what the checks see changed: made again (and the same as without a cache)
        ("a name moved out of an except phrase", lambda: edit(fair, "chicken   Velmorra", "chicken, Velmorra")),
        ("a name moved into an except phrase", lambda: edit(fair, "fair in Velmorra", "fair of chicken Velmorra")),
        ("two names swapped", lambda: edit(fair, "Anna Drell and Piotr Voss", "Piotr Voss and Anna Drell")),
        ("a name changed", lambda: edit(fair, "Piotr Voss", "Piotr Vass")),
    ]
    last = first
    for name, step in hits + misses:
        step()
        spies["names"] = 0
        warm = ranked_run(folder, rules, cache, jobs)
        made = spies["names"] + aside[-1]  # made here, or in a worker
        assert warm == ranked_run(folder, rules, None), name
        if (name, step) in hits:
            assert made == 0, name  # reused
            moved = [e for f in warm[1] for e in f.evidence if f.kind in ("misspelling", "spelling")]
            assert moved != [e for f in last[1] for e in f.evidence if f.kind in ("misspelling", "spelling")], name
        else:
            assert made == 1, name
        last = warm
    assert "'Velmorra' (2" not in last[0] and "'Velmorra' (1" in last[0]  # (moved out, then the other moved in)


def _order_seen(doc: NamesDoc) -> tuple:
    """Every comparison the names checks can make in an article, worked out one by one: each pair of its names'
    points (start, end, token ends: ``names_memo.name_points``), and each end of an except span against each."""
    points = [at + r for at, sid in zip(doc.layout[0::2], doc.layout[1::2], strict=True)
              for r in sorted({0, doc.shapes[sid].end, *(x for span in doc.shapes[sid].token_spans for x in span)})]
    ends = [x for _, spans in sorted(doc.excepts.items()) for span in spans for x in span]
    sign = [(p > q) - (p < q) for p in points for q in points]
    return tuple(sign), tuple((x > p) - (x < p) for x in ends for p in points), tuple(doc.excepts)


def test_the_names_digest_is_the_same_exactly_when_the_checks_compare_offsets_alike() -> None:
    """``names_digest`` on random articles whose names may overlap (the ranks then spelt out) against the
    comparisons themselves; and where it is the same, ``name_points`` rank by rank is the same name's point."""
    import random
    from array import array
    from types import SimpleNamespace

    from factcheck.names.packed import NameRecord
    from factcheck.names_memo import name_points, names_digest

    rng = random.Random(8)
    info = SimpleNamespace(path="a.md", record=None)
    same = differ = 0
    for _ in range(3000):
        shapes = []
        for k in range(rng.randint(1, 3)):
            n = rng.randint(1, 2)
            cuts = sorted(rng.sample(range(1, 9), 2 * n - 1)) if n > 1 else []
            bounds = [0, *cuts, rng.randint(max(cuts, default=0) + 1, 10)]
            spans = tuple((bounds[2 * i], bounds[2 * i + 1]) for i in range(n))
            shapes.append(NameRecord(0, bounds[-1] + rng.choice((0, 0, 1)), f"n{k}", (), spans, None, (), False,
                                     False, ()))
        sids = [rng.randrange(len(shapes)) for _ in range(rng.randint(1, 4))]

        starts = sorted(rng.sample(range(40), len(sids))) if rng.random() < 0.5 else \
            [rng.randrange(30) for _ in sids]
        spans = {"x": tuple(sorted((rng.randrange(50), rng.randrange(50))) for _ in range(rng.randint(1, 2)))} \
            if rng.random() < 0.5 else {}
        # the same article after an edit: each name moved by a random amount (mostly keeping the order), and
        # each except span's end too
        shift = rng.choice((0, 3, 17))
        moved = [s + shift + rng.choice((0, 0, 0, 1, 5)) * i for i, s in enumerate(starts)]
        moved_spans = {k: tuple((a + shift + rng.choice((0, 0, 1)), b + shift + rng.choice((0, 0, 2)))
                                for a, b in v) for k, v in spans.items()}
        a, b = (NamesDoc(tuple(shapes), array("I", [x for p in zip(at, sids, strict=True) for x in p]), frozenset(), ex)
                for at, ex in ((starts, spans), (moved, moved_spans)))
        alike = _order_seen(a) == _order_seen(b)
        assert (names_digest(info, a) == names_digest(info, b)) == alike, (shapes, sids, starts, moved, spans,
                                                                           moved_spans)
        if alike:
            same += 1
            old, new = name_points(a.shapes, a.layout), name_points(b.shapes, b.layout)
            for at, to, sid in zip(starts, moved, sids, strict=True):
                for r in {0, shapes[sid].end, *(x for span in shapes[sid].token_spans for x in span)}:
                    assert new[old.index(at + r)] == to + r
        else:
            differ += 1
    assert same > 500 and differ > 500
