"""A finding's evidence always points at real text: the quoted ``text`` is exactly what the file holds from
line/column to end_line/end_column (1-based, end inclusive), on the sample corpus and on random mixtures of
its sentences with assorted line ends."""

from __future__ import annotations

import re
import tempfile
from functools import cache
from pathlib import Path

from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from factcheck.loading import load
from factcheck.pipeline import RunOptions, run
from factcheck.sentences import split_sentences

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "sources"
RULES = ROOT / "rules"
LINE_END = re.compile(r"\r\n|\r|\n")


def _file_slice(path: Path, line: int, column: int, end_line: int, end_column: int) -> str:
    text = path.read_bytes().decode("utf-8-sig")
    starts = [0] + [m.end() for m in LINE_END.finditer(text)]
    return text[starts[line - 1] + column - 1: starts[end_line - 1] + end_column]


def _check_evidence(folder: Path, rules: list[Path]) -> int:
    report = run(RunOptions(paths=[folder], rule_paths=rules))
    checked = 0
    for f in report.findings:
        for e in f.evidence:
            loc = e.location
            if not e.text or loc.record is not None:  # .json records: positions include JSON escapes
                continue
            path = Path(loc.path)
            path = path if path.is_absolute() else Path.cwd() / path
            assert _file_slice(path, loc.line, loc.column, loc.end_line, loc.end_column) == e.text, (f.rule, loc)
            checked += 1
    return checked


def test_sample_corpus_evidence_quotes_the_files() -> None:
    assert _check_evidence(SOURCES, [RULES]) >= 10  # the sample corpus has many findings


@cache
def _sentences() -> list[str]:
    out = []
    for doc in load([SOURCES]).documents:
        out.extend(doc.text[s.start:s.end] for s in split_sentences(doc.text))
    return [s for s in out if s.strip()][:400]


SEPARATORS = st.sampled_from([" ", "\n", "\r\n", "\n\n", "\r\n\r\n", "\r", "\t"])


@st.composite
def articles(draw: st.DrawFn) -> list[str]:
    """2-4 articles of sample sentences; numbers are sometimes changed so that the articles contradict."""
    sentences = [s for s in _sentences() if any(c.isdigit() for c in s)]
    shared = draw(st.lists(st.sampled_from(sentences), min_size=1, max_size=6))
    out = []
    for _ in range(draw(st.integers(2, 4))):
        picks = shared + draw(st.lists(st.sampled_from(_sentences()), max_size=4))
        numbers = iter(draw(st.lists(st.integers(1, 5000), min_size=40, max_size=40)))
        if draw(st.booleans()):
            picks = [re.sub(r"\d+", lambda m, it=numbers: str(next(it, m.group())), p) for p in picks]
        picks = draw(st.permutations(picks))
        seps = draw(st.lists(SEPARATORS, min_size=len(picks), max_size=len(picks)))
        out.append("".join(p + s for p, s in zip(picks, seps, strict=True)))
    return out


@hsettings(max_examples=max(5, hsettings.default.max_examples // 3))
@given(articles())
def test_random_mixtures_evidence_quotes_the_files(texts: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for i, text in enumerate(texts):
            (folder / f"{i}.txt").write_bytes(text.encode("utf-8"))
        _check_evidence(folder, [RULES])
