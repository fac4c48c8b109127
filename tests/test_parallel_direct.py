"""The shortcuts of an uncached ``--jobs`` run give what the plain path gives: workers reading the files
themselves (unreadable, vanishing and bad files among them), names sent compactly (``names_transfer``) and the
names checks run in a pool worker (``side_checks``)."""

from __future__ import annotations

import importlib.util
import json
import os
import random
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from factcheck.cli import app
from factcheck.names.findings import NamesDoc
from factcheck.names.packed import NamesPool
from factcheck.names_transfer import SHAPES_KEPT, NamesSender, ReceivingNamesPool, SentNames

ROOT = Path(__file__).resolve().parents[1]


def _generate(n: int, seed: int, out: Path) -> None:
    spec = importlib.util.spec_from_file_location("make_corpus", ROOT / "benchmarks" / "make_corpus.py")
    mod = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    sys.modules.setdefault("make_corpus", mod)
    spec.loader.exec_module(mod)
    mod.generate(n, seed, out)


@pytest.fixture(scope="module")
def corpus_60(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("corpus60")
    _generate(60, 11, out)
    return out


def _names_docs(paths: list[Path]) -> list[NamesDoc]:
    from factcheck.file_results import summarize
    from factcheck.rules.loader import load_rules

    rules = load_rules([])
    out = []
    for p in paths:
        docs, _ = summarize(p.name, p.suffix.lower(), p.read_bytes(), "", frozenset(), rules)
        out.extend(d.collected["names"] for d in docs)
    return out


# --- names sent compactly ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("seed", "limit"), [(1, SHAPES_KEPT), (2, SHAPES_KEPT), (3, SHAPES_KEPT), (4, 100), (5, 40)])
def test_names_sent_by_several_workers_pack_as_absorbing_them_whole(corpus_60: Path, seed: int,
                                                                    limit: int) -> None:
    found = _names_docs(sorted((ROOT / "sources").glob("*.txt")) + sorted(corpus_60.rglob("*.md"))[:40])
    assert sum(len(f.shapes) for f in found) > 500
    plain = NamesPool()
    expected = [plain.absorb(f) for f in found]
    # batches of articles handed to three workers at random; each worker takes its batches in file order,
    # and the parent absorbs in file order (as the executors yield)
    rng = random.Random(seed)
    senders = [NamesSender("run", limit) for _ in range(3)]
    for k, s in enumerate(senders):
        s.pid = 1000 + k  # three processes
    sent: list[SentNames] = []
    i = 0
    while i < len(found):
        size = rng.randint(1, 5)
        sender = rng.choice(senders)
        sent.extend(sender.encode(f) for f in found[i : i + size])
        i += size
    if limit == SHAPES_KEPT:  # the point: fewer shapes sent
        assert sum(len(s.new) for s in sent) < sum(len(f.shapes) for f in found)
    pool = ReceivingNamesPool()
    got = []
    most = max(len(f.shapes) for f in found)
    for s in sent:
        got.append(pool.absorb(s))
        # one generation of numbers kept per worker, of at most ``limit`` shapes (an article's own may pass it)
        assert len({w[0] for w in pool._workers}) == len(pool._workers)
        assert all(len(k) <= max(limit, most) for k in pool._workers.values())
    if limit < SHAPES_KEPT:  # generations did start afresh, and sent their shapes again
        assert max(s.generation for s in senders) > 2
    assert pool.shapes == plain.shapes and pool.lower == plain.lower
    assert [g.spans for g in got] == [e.spans for e in expected]
    assert [g.spans.typecode for g in got] == [e.spans.typecode for e in expected]
    assert [dict(g.excepts) for g in got] == [dict(e.excepts) for e in expected]
    assert [g.records() for g in got] == [f.names for f in found]
    # whole NamesDoc still absorbed as before, mixed with sent ones
    mixed = ReceivingNamesPool()
    assert [mixed.absorb(f).records() for f in found] == [f.names for f in found]


def test_a_new_run_token_starts_a_worker_afresh() -> None:
    from factcheck.names_transfer import sender_for

    a = sender_for("one")
    assert sender_for("one") is a and sender_for("two") is not a


# --- whole runs: workers read, names sent compactly, names checks beside -----------------------------------

def _run(*args: str) -> str:
    result = CliRunner().invoke(app, ["run", *args, "--format", "json", "--no-config", "--exit-zero"])
    assert result.exit_code == 0, result.output + repr(result.exception)
    return result.stdout


def _side_starts(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """What each run's ``start_side_checks`` returned (None: the names checks stayed in the parent)."""
    import factcheck.pipeline as pipeline
    from factcheck import side_checks

    started: list[object] = []
    real_start = side_checks.start_side_checks

    def recording(*args: object) -> object:
        got = real_start(*args)  # type: ignore[arg-type]
        started.append(got)
        return got

    monkeypatch.setattr(pipeline, "start_side_checks", recording)
    return started


def _hostile_corpus(corpus: Path, tmp: Path) -> Path:
    work = tmp / "work"
    work.mkdir()
    for p in sorted(corpus.rglob("*.md")):
        (work / p.relative_to(corpus)).parent.mkdir(exist_ok=True)
        (work / p.relative_to(corpus)).write_bytes(p.read_bytes())
    for p in sorted((ROOT / "sources").glob("*.txt")):
        (work / p.name).write_bytes(p.read_bytes())
    os.symlink("nowhere.md", work / "broken.md")  # listed, cannot be read
    (work / "binary.md").write_bytes(b"Some 5 km\x00away")
    (work / "latin1.txt").write_bytes("Caf\xe9 owners said 12 people left.".encode("latin-1"))
    (work / "front.md").write_text("---\ntitle: [unclosed\n---\nAbout 3 km away, 40 people left.\n", encoding="utf-8")
    (work / "empty.md").write_bytes(b"")
    # a planted misspelling also written in lower case somewhere: then never reported
    planted = json.loads((corpus / ".manifest.json").read_text(encoding="utf-8"))["planted"]
    typos = [p["stated"] for p in planted if p["type"] == "misspelling"]
    (work / "lower.txt").write_text(f"The {typos[0].lower()} bush grows 2 m tall.\n", encoding="utf-8")
    (work / "vanishing.md").write_text("Officials said 75 families had left Ashford.\n", encoding="utf-8")
    return work


def test_jobs_2_gives_the_bytes_of_jobs_1_with_bad_and_vanishing_files(corpus_60: Path, tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    import factcheck.file_analysis as file_analysis

    work = _hostile_corpus(corpus_60, tmp_path)
    marks = tmp_path / "marks"
    real = file_analysis.read_article_bytes

    def vanishing(fp: Path, shown: str) -> bytes | list:
        # ``vanishing.md`` can be read once a run (pass 1), then not (pass 2), in whichever process reads it
        if fp.name == "vanishing.md":
            try:
                (marks / fp.name).touch(exist_ok=False)
            except FileExistsError:
                from factcheck.loading import problem

                return [problem(shown, "cannot read: No such file or directory")]
        return real(fp, shown)

    monkeypatch.setattr(file_analysis, "read_article_bytes", vanishing)  # (workers forked after: they have it)
    started = _side_starts(monkeypatch)
    outs = []
    for jobs in ("1", "2"):
        marks.mkdir()
        outs.append(_run(str(work), "--jobs", jobs, "--no-cache"))
        (marks / "vanishing.md").unlink()
        marks.rmdir()
    assert outs[0] == outs[1]
    assert started[0] is None and started[1] is not None  # the names checks ran in a worker with --jobs 2
    for expected in ("broken.md", "binary.md", "vanishing.md", "front.md", "latin1.txt", '"misspelling"'):
        assert expected in outs[0]
    typos = [p["stated"] for p in json.loads((corpus_60 / ".manifest.json").read_text(encoding="utf-8"))["planted"]
             if p["type"] == "misspelling"]
    assert f"'{typos[0]}'" not in outs[0] and f"'{typos[1]}'" in outs[0]  # (lower-case words sent too)


def test_names_checks_beside_keep_their_levels_and_switches(corpus_60: Path, tmp_path: Path) -> None:
    rules = tmp_path / "rules.yaml"
    rules.write_text("- {id: no-spelling, extends: check, check: spelling, enabled: false}\n"
                     "- {id: typos-are-info, extends: check, check: misspelling, level: info}\n", encoding="utf-8")
    one = _run(str(corpus_60), "--rules", str(rules), "--jobs", "1", "--no-cache")
    assert '"misspelling"' in one and '"spelling"' not in one
    assert _run(str(corpus_60), "--rules", str(rules), "--jobs", "2", "--no-cache") == one


def test_side_modules_are_the_checks_declaring_names_only() -> None:
    from types import SimpleNamespace

    from factcheck.side_checks import side_modules

    assert {m.NAME for m in side_modules()} == {"misspelling", "spelling"}
    fake = [SimpleNamespace(NAME="a", INPUTS=("names",)), SimpleNamespace(NAME="b", INPUTS=("names", "bearing")),
            SimpleNamespace(NAME="c")]
    assert [m.NAME for m in side_modules(fake)] == ["a"]  # type: ignore[arg-type]


def test_a_worker_loads_the_rules_once_per_pickled_rules() -> None:
    import pickle

    from factcheck.file_summaries import _rules_of
    from factcheck.rules.loader import load_rules

    rules = load_rules([])
    blob = pickle.dumps(rules)
    first = _rules_of(blob)
    assert first is not rules and [r.id for r in first] == [r.id for r in rules]
    assert _rules_of(bytes(blob)) is first  # the same bytes: the same objects
    other = pickle.dumps(rules[:3])
    assert [r.id for r in _rules_of(other)] == [r.id for r in rules[:3]] and _rules_of(blob) is not first
    assert _rules_of(rules) is rules  # in this process: as given


@pytest.mark.parametrize(("n", "jobs"), [(10_000, 2), (1000, 4), (100, 2), (17, 2), (5, 1), (0, 2)])
def test_batches_keep_the_order_and_end_small(n: int, jobs: int) -> None:
    from factcheck.executors import chunked

    batches = chunked(list(range(n)), jobs)
    assert [x for b in batches for x in b] == list(range(n)) and all(batches)
    if n >= 1000:
        size = min(64, -(-n // (jobs * 8)))
        assert max(map(len, batches)) == size and all(len(b) <= size // 4 for b in batches[-jobs:])
        assert len(batches) >= 8 * jobs


def test_a_corpus_over_the_side_limit_keeps_the_names_checks_in_the_parent(corpus_60: Path,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """Above ``MAX_SIDE_ARTICLES`` the names checks are not sent to a worker (it would hold a second copy of the
    names statistics), and the pool's workers are let go before the facts are made (their memory is not held
    through the corpus stage); the output is the same either way."""
    import factcheck.pipeline as pipeline
    from factcheck import side_checks
    from factcheck.executors import ProcessExecutor

    started = _side_starts(monkeypatch)
    events: list[str] = []
    real_release, real_facts = ProcessExecutor.release, pipeline.facts_from_claims_with_options

    def release(self: ProcessExecutor) -> None:
        events.append("release" if self._pool is not None else "release (none)")
        real_release(self)

    def facts(*args: object, **kwargs: object) -> object:
        events.append("facts")
        return real_facts(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(ProcessExecutor, "release", release)
    monkeypatch.setattr(pipeline, "facts_from_claims_with_options", facts)
    beside = _run(str(corpus_60), "--jobs", "2", "--no-cache")
    assert events == ["facts"]  # a worker runs the names checks meanwhile: the pool is kept
    monkeypatch.setattr(side_checks, "MAX_SIDE_ARTICLES", 59)  # the corpus has 60 articles
    here = _run(str(corpus_60), "--jobs", "2", "--no-cache")
    assert events == ["facts", "release", "facts"]
    assert started[0] is not None and started[1] is None
    assert here == beside and '"misspelling"' in here
    # a pool let go starts again when used again (a process keeping its options for another run)
    ex = ProcessExecutor(2)
    assert list(ex.map(abs, [-1, -2, -3])) == [1, 2, 3]
    ex.release()
    assert list(ex.map(abs, [-4, -5])) == [4, 5]
    ex.close()
    assert ex._pool is None and ex._released is None
