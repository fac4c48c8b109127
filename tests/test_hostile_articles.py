"""Articles too long to be news are skipped with a message naming file (and record); the rest is checked."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from factcheck import loading
from factcheck.loading import load


def test_too_long_articles_are_reported_and_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loading, "MAX_ARTICLE_CHARS", 1000)  # the real limit is millions of characters
    long_text = "The fire burned 500 acres. " * 100  # 2700 characters, one line
    (tmp_path / "long.txt").write_text(long_text, encoding="utf-8")
    (tmp_path / "short.txt").write_text("About 40 people were evacuated.\n", encoding="utf-8")
    records = [{"text": "A 5 km road."}, {"text": long_text}, {"text": "A 6 km road."}]
    (tmp_path / "feed.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    result = load([tmp_path])
    kept = sorted((d.path.rsplit("/", 1)[-1], d.record) for d in result.documents)
    assert kept == [("feed.jsonl", 0), ("feed.jsonl", 2), ("short.txt", None)]
    too_long = {(f.evidence[0].location.path.rsplit("/", 1)[-1], f.evidence[0].location.record,
                 f.evidence[0].location.line) for f in result.problems if "too long" in f.message}
    assert too_long == {("long.txt", None, 1), ("feed.jsonl", 1, 2)}
    assert all(f.severity.value == "error" for f in result.problems if "too long" in f.message)


def test_the_limit_is_far_above_any_news_article() -> None:
    assert loading.MAX_ARTICLE_CHARS >= 1_000_000
