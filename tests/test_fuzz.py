"""Property-based tests: random and mutated text never crashes extraction or the checks; every span lies
inside the text and quotes it exactly; output does not depend on the order of files."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from factcheck.analysis import analyze
from factcheck.checks import CheckContext, run_checks
from factcheck.loading import load
from factcheck.model import Document, SourceMap, line_starts

SEEDS = sorted(Path(__file__).resolve().parent.parent.joinpath("sources").glob("*.txt"))
SENTENCES = [s for p in SEEDS for s in p.read_text(encoding="utf-8").splitlines() if len(s) > 20]

NEWSY = st.sampled_from(["5", "10km", "(6.2 miles)", "about", "more than", "Feb. 24, 2022", "on Thursday", "%",
                         "$2.5bn", "40C", "-", "–", "Soledar", "U.S.", "\n\n", "559", "including", " ", ".",
                         "half a million", "80-100", "between", "and", "1,000", "°F", "year-old", "¾", "\r\n"])


def _doc(text: str) -> Document:
    return Document("fuzz.txt", text, SourceMap(line_starts(text)))


def _assert_spans_quote_text(text: str) -> None:
    a = analyze(_doc(text))
    for s in a.sentences:
        assert 0 <= s.start < s.end <= len(text)
    for m in a.mentions:
        assert 0 <= m.start <= m.end <= len(text)
        assert text[m.start : m.end] == m.text
        json.dumps(m.to_json(), allow_nan=True)
    run_checks(CheckContext(analyses=[a]))


@given(st.text(max_size=400))
def test_random_unicode_never_crashes(text: str) -> None:
    _assert_spans_quote_text(text)


@given(st.lists(NEWSY, max_size=40).map(" ".join))
def test_newsy_token_soup_never_crashes(text: str) -> None:
    _assert_spans_quote_text(text)


@given(st.sampled_from(SENTENCES), st.data())
def test_mutated_real_sentences_never_crash(sentence: str, data: st.DataObject) -> None:
    chars = list(sentence)
    for _ in range(data.draw(st.integers(0, 8))):
        op = data.draw(st.sampled_from(["del", "ins", "swap"]))
        i = data.draw(st.integers(0, max(len(chars) - 1, 0)))
        if op == "del" and chars:
            del chars[i]
        elif op == "ins":
            chars.insert(i, data.draw(st.characters()))
        elif op == "swap" and len(chars) > 1:
            j = min(i + 1, len(chars) - 1)
            chars[i], chars[j] = chars[j], chars[i]
    _assert_spans_quote_text("".join(chars))


def test_document_order_on_disk_does_not_change_output(tmp_path: Path, monkeypatch) -> None:
    from factcheck.pipeline import RunOptions, run
    from factcheck.reporters import get

    out = []
    for name, order in (("a", SEEDS), ("b", list(reversed(SEEDS)))):
        corpus = tmp_path / name / "corpus"
        corpus.mkdir(parents=True)
        for p in order:  # copied in opposite orders so directory entry order differs
            shutil.copy(p, corpus / p.name)
        monkeypatch.chdir(tmp_path / name)
        out.append(get("json").render(run(RunOptions(paths=["corpus"]))))
    assert out[0] == out[1]
    assert '"kind": "contradiction"' in out[0]


def test_loaded_spans_point_at_real_text(tmp_path: Path) -> None:
    for p in SEEDS:
        shutil.copy(p, tmp_path / p.name)
    checked = 0
    for doc in load([tmp_path]).documents:
        raw_lines = Path(doc.path).read_text(encoding="utf-8").splitlines()
        for m in analyze(doc).mentions:
            checked += 1
            pos = doc.position(m.start)
            line = raw_lines[pos.line - 1]
            assert line[pos.column - 1 :].startswith(m.text.split("\n")[0])
    assert checked > 100  # quantities, dates and names of five articles
