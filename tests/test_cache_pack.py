"""The pack (``factcheck.cache_pack``): the last run's entries in one file, and the stat memo that lets a warm
run skip reading unchanged files. An edited file is always analysed again (also when its size and
modification time are put back, and when it changed in the clock tick of the last run); a damaged, foreign or
malicious pack is ignored; output is the same bytes as a run without a cache."""

from __future__ import annotations

import hashlib
import os
import pickle
import shutil
import time
from pathlib import Path

import pytest

from factcheck import cache_pack
from factcheck.cache import Cache
from factcheck.cache_pack import MAGIC, RunPack, pack_path, read_pack
from factcheck.file_analysis import AnalyzeStats, ScaleOptions
from factcheck.pipeline import RunOptions, run
from factcheck.reporters import get

SAMPLE = Path(__file__).resolve().parents[1] / "sources"


def write_corpus(folder: Path, n: int = 8) -> list[Path]:
    """``n`` article files: the sample corpus's, again in numbered folders when more are asked for."""
    samples = sorted(SAMPLE.glob("*.txt"))
    out = []
    for i in range(n):
        src = samples[i % len(samples)]
        p = folder / f"r{i // len(samples)}" / src.name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(src.read_bytes())
        out.append(p)
    return out


def age(paths: list[Path]) -> None:
    """Make the files look written long ago (their change time stays now: see ``settle``)."""
    past = time.time_ns() - 3600 * 10**9
    for p in paths:
        os.utime(p, ns=(past, past))


@pytest.fixture
def settle(monkeypatch: pytest.MonkeyPatch) -> None:
    """The racy window shrunk to nothing, so files written by the test are trusted by the next run (the real
    window is tested on its own below)."""
    monkeypatch.setattr(cache_pack, "RACY_NS", -(10**12))


def report(folder: Path, cache: Path | None, stats: AnalyzeStats | None = None) -> str:
    scale = ScaleOptions(cache_dir=cache, stats=stats)
    return get("json").render(run(RunOptions(paths=[folder], scale=scale)))


def count_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files ``lookup`` reads (rather than trusting their stat data)."""
    reads: list[str] = []
    real = cache_pack.read_file

    def spy(fp: Path, shown: str) -> object:
        reads.append(shown)
        return real(fp, shown)

    monkeypatch.setattr(cache_pack, "read_file", spy)
    return reads


def test_warm_run_reads_no_unchanged_file_and_sees_every_edit(tmp_path: Path, settle: None,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    files = write_corpus(tmp_path / "c")
    age(files)
    cache = tmp_path / "cache"
    cold = report(tmp_path / "c", cache)
    assert cold == report(tmp_path / "c", None)
    assert len(list(cache.glob("pack-*"))) == 1
    reads = count_reads(monkeypatch)
    stats = AnalyzeStats()
    assert report(tmp_path / "c", cache, stats) == cold
    assert reads == [] and (stats.cached, stats.analysed) == (8, 0)

    # an edit of the same size, with the modification time put back: the change time still tells
    target = files[2]
    text = target.read_text(encoding="utf-8")
    assert "about 10 km" in text or " 10 km" in text
    st = os.stat(target)
    target.write_text(text.replace("10 km", "40 km", 1), encoding="utf-8")
    os.utime(target, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert os.stat(target).st_size == st.st_size and os.stat(target).st_mtime_ns == st.st_mtime_ns
    stats = AnalyzeStats()
    warm = report(tmp_path / "c", cache, stats)
    assert warm == report(tmp_path / "c", None) != cold
    assert stats.analysed == 1 and len(reads) == 1 and reads[0].endswith(files[2].name)


def test_a_file_changed_in_the_racy_window_is_read_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Real window: files written just before a run may change again within the same clock tick, with the
    same stat data, so the next run reads them again instead of trusting the record."""
    files = write_corpus(tmp_path / "c", 3)
    cache = tmp_path / "cache"
    report(tmp_path / "c", cache)
    reads = count_reads(monkeypatch)
    report(tmp_path / "c", cache)
    assert len(reads) == 3  # written < RACY_NS before the run: not trusted
    pack = RunPack(Cache(cache), _salt(), [tmp_path / "c"])
    assert pack.loaded and not pack.records  # every record racy
    assert len(pack.by_key) == 3  # but the entries are in the pack (found by key after reading)
    assert files


def _salt() -> str:
    from factcheck.cache import run_salt
    from factcheck.pipeline import rule_paths

    return run_salt(rule_paths(RunOptions())) + ":summary"  # the rules a run reads (./rules when there is one)


def test_a_few_edits_keep_the_pack_many_rewrite_it(tmp_path: Path, settle: None,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    files = write_corpus(tmp_path / "c", 12)
    age(files)
    cache = tmp_path / "cache"
    report(tmp_path / "c", cache)
    path = next(cache.glob("pack-*"))
    before = path.read_bytes()
    files[0].write_text(files[0].read_text(encoding="utf-8") + "\nOfficials said 12 more people had left.\n",
                        encoding="utf-8")
    age(files[:1])
    assert report(tmp_path / "c", cache) == report(tmp_path / "c", None)
    assert path.read_bytes() == before  # one file outside the pack: not worth rewriting it
    monkeypatch.setattr(cache_pack, "SLACK", 0)
    report(tmp_path / "c", cache)
    assert path.read_bytes() != before
    reads = count_reads(monkeypatch)
    stats = AnalyzeStats()
    assert report(tmp_path / "c", cache, stats) == report(tmp_path / "c", None)
    assert stats.analysed == 0 and reads == []


@pytest.mark.parametrize("damage", ["truncated", "flipped", "empty", "foreign", "salt", "evil", "count",
                                    "bad index", "index past the entries"])
def test_a_damaged_or_foreign_pack_is_ignored_and_rewritten(tmp_path: Path, settle: None, damage: str) -> None:
    files = write_corpus(tmp_path / "c", 5)
    age(files)
    cache = tmp_path / "cache"
    ref = report(tmp_path / "c", cache)
    path = next(cache.glob("pack-*"))
    blob = path.read_bytes()
    head = len(MAGIC) + 32 + 8 + 8 + 32
    marker = tmp_path / "pwned"
    if damage == "truncated":
        path.write_bytes(blob[: len(blob) // 2])
    elif damage == "flipped":
        path.write_bytes(blob[:-10] + bytes([blob[-10] ^ 1]) + blob[-9:])
    elif damage == "empty":
        path.write_bytes(b"")
    elif damage == "foreign":
        path.write_bytes(b"NOTOURS!" + blob[len(MAGIC):])
    elif damage == "salt":
        path.write_bytes(MAGIC + bytes(32) + blob[len(MAGIC) + 32:])
    elif damage == "count":  # one entry fewer than written: the index is read as an entry, the rest is left
        n = int.from_bytes(blob[len(MAGIC) + 40 : len(MAGIC) + 48], "big")
        path.write_bytes(blob[: len(MAGIC) + 40] + (n - 1).to_bytes(8, "big") + blob[len(MAGIC) + 48:])
    else:  # well-formed packs (right salt, length and checksum) that would run a command or crash a run
        entry, record = pickle.dumps(_Evil(marker)), ("x", (0,) * 5, b"k" * 32, 0, 0)
        if damage == "bad index":
            entry, record = pickle.dumps(("an", "entry")), ("x", (0, 0), b"k" * 32, 0, 0)
        elif damage == "index past the entries":
            entry, record = pickle.dumps(("an", "entry")), ("x", (0,) * 5, b"k" * 32, 1, 0)
        stream = pickle.dumps((0, 2000)) + entry + pickle.dumps([record])
        path.write_bytes(blob[: len(MAGIC) + 32] + len(stream).to_bytes(8, "big") + (1).to_bytes(8, "big")
                         + hashlib.sha256(stream).digest() + stream)
    assert read_pack(path, _salt()) is None
    assert report(tmp_path / "c", cache) == ref
    assert not marker.exists()
    assert read_pack(path, _salt()) is not None  # rewritten whole
    assert len(blob) > head


class _Evil:
    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


def test_the_pack_alone_or_the_entry_files_alone_serve_a_warm_run(tmp_path: Path, settle: None) -> None:
    """Deleting the entry files and the pack's neighbours changes nothing: the pack alone serves a warm run,
    and removing the pack leaves the entry files (each run stays correct with either, or none)."""
    files = write_corpus(tmp_path / "c", 4)
    age(files)
    cache = tmp_path / "cache"
    ref = report(tmp_path / "c", cache)
    for d in cache.iterdir():
        if d.is_dir():
            shutil.rmtree(d)
    stats = AnalyzeStats()
    assert report(tmp_path / "c", cache, stats) == ref and stats.analysed == 0
    for p in cache.glob("pack-*"):
        p.unlink()
    stats = AnalyzeStats()
    assert report(tmp_path / "c", cache, stats) == ref and stats.analysed == 4  # nothing cached any more
    stats = AnalyzeStats()
    assert report(tmp_path / "c", cache, stats) == ref and stats.analysed == 0


def test_runs_over_other_folders_keep_their_own_packs(tmp_path: Path, settle: None) -> None:
    a, b = write_corpus(tmp_path / "a", 3), write_corpus(tmp_path / "b", 2)
    age(a + b)
    cache = tmp_path / "cache"
    ra, rb = report(tmp_path / "a", cache), report(tmp_path / "b", cache)
    assert pack_path(Cache(cache), [tmp_path / "a"]) != pack_path(Cache(cache), [tmp_path / "b"])
    assert len(list(cache.glob("pack-*"))) == 2
    assert report(tmp_path / "a", cache) == ra and report(tmp_path / "b", cache) == rb


def test_a_deleted_or_unreadable_file_is_reported_not_taken_from_the_pack(tmp_path: Path, settle: None) -> None:
    files = write_corpus(tmp_path / "c", 4)
    age(files)
    cache = tmp_path / "cache"
    report(tmp_path / "c", cache)
    files[1].unlink()
    files[2].unlink()
    files[2].mkdir()  # a folder with an article's name: not a regular file
    assert report(tmp_path / "c", cache) == report(tmp_path / "c", None)


def test_entries_written_in_segments_read_back(tmp_path: Path, settle: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache_pack, "SEGMENT", 2)  # 7 files: four picklers, the last with one entry
    files = write_corpus(tmp_path / "c", 7)
    age(files)
    cache = tmp_path / "cache"
    ref = report(tmp_path / "c", cache)
    loaded = read_pack(next(cache.glob("pack-*")), _salt())
    assert loaded is not None and len(loaded[0]) == 7 and [r[3] for r in loaded[1]] == list(range(7))
    reads = count_reads(monkeypatch)
    stats = AnalyzeStats()
    assert report(tmp_path / "c", cache, stats) == ref and stats.analysed == 0 and reads == []
    monkeypatch.setattr(cache_pack, "SEGMENT", 3)  # the pack says how it was written
    again = read_pack(next(cache.glob("pack-*")), _salt())
    assert again is not None and again[1] == loaded[1]


def test_sharing_keeps_values_equal_and_survives_cycles() -> None:
    from dataclasses import dataclass, field
    from typing import Any, NamedTuple

    class Rec(NamedTuple):
        text: str
        keys: tuple[str, ...]

    @dataclass(frozen=True)
    class Leaf:
        words: frozenset[str]
        recs: tuple[Rec, ...]

    @dataclass
    class Node:
        leaf: Leaf
        more: list[Any] = field(default_factory=list)
        by: dict[str, Any] = field(default_factory=dict)

    def make() -> Node:
        w = "".join(["wo", "rd"])  # equal strings, distinct objects
        return Node(Leaf(frozenset([w, "other"]), (Rec("A" + "b", ("k",)),)))

    a, b = make(), make()
    a.more.append(a)  # a cycle
    a.by["b"] = b
    assert next(iter(a.leaf.words - {"other"})) is not next(iter(b.leaf.words - {"other"}))
    shared: dict = {}
    cache_pack._share(a, shared)
    assert a.leaf == make().leaf and b.leaf == make().leaf  # equal values
    assert next(iter(a.leaf.words - {"other"})) is next(iter(b.leaf.words - {"other"}))  # one object now
    assert a.leaf.recs[0] is b.leaf.recs[0]


def test_an_entry_made_again_since_the_pack_is_taken_from_its_entry_file(tmp_path: Path, settle: None) -> None:
    """The gazetteer case of ``test_summaries``, with files trusted by their stat data: an article re-made
    because another's edit changed its places is stored in its entry file (the pack stays), and later runs
    take that newer entry rather than make it a third time."""
    arts, cache = tmp_path / "arts", tmp_path / "cache"
    arts.mkdir()
    texts = {"a": "Ashford is 10 km from Brackley, officials said.\n",
             "b": "Shelling hit homes in Ashford on Monday.\n", "c": "The weather was mild on Monday.\n"}
    for name, text in texts.items():
        (arts / f"{name}.txt").write_text(text, encoding="utf-8")
    age(list(arts.iterdir()))
    report(arts, cache)
    (arts / "b.txt").write_text("Shelling hit homes on Monday.\n", encoding="utf-8")
    stats = AnalyzeStats()
    assert report(arts, cache, stats) == report(arts, None) and (stats.cached, stats.analysed) == (1, 2)
    (arts / "c.txt").write_text("The weather was cold on Monday.\n", encoding="utf-8")
    stats = AnalyzeStats()
    assert report(arts, cache, stats) == report(arts, None) and (stats.cached, stats.analysed) == (2, 1)


def test_racy_files_checked_again_at_the_end_of_a_long_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Files written just before a run are racy when it begins; if the run lasts longer than the window, the
    pack writer reads them once more and trusts those still the same: the next run reads none of them, but
    one changed in between (same size, same times put back) is read again."""
    monkeypatch.setattr(cache_pack, "RACY_NS", 200_000_000)
    files = write_corpus(tmp_path / "c", 5)
    cache = tmp_path / "cache"
    real = cache_pack.PackWriter._check_racy
    target = files[2]

    def later(self: cache_pack.PackWriter) -> None:
        time.sleep(0.3)  # a long run
        st = os.stat(target)
        target.write_text(target.read_text(encoding="utf-8").replace("10 km", "40 km", 1), encoding="utf-8")
        os.utime(target, ns=(st.st_atime_ns, st.st_mtime_ns))
        real(self)

    monkeypatch.setattr(cache_pack.PackWriter, "_check_racy", later)
    report(tmp_path / "c", cache)
    monkeypatch.setattr(cache_pack.PackWriter, "_check_racy", real)
    reads = count_reads(monkeypatch)
    assert report(tmp_path / "c", cache) == report(tmp_path / "c", None)
    assert len(reads) == 1 and reads[0].endswith(target.name)
