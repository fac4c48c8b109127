"""Helpers for the date tests: date analyses that do not depend on the other extractors."""

from __future__ import annotations

import datetime as dt
from importlib import resources
from pathlib import Path

from factcheck.analysis import Analysis
from factcheck.dates import apply_dateline, extract_dates
from factcheck.loading import load
from factcheck.model import Document, SourceMap, line_starts
from factcheck.rules.loader import parse_rule_text
from factcheck.sentences import split_sentences

FIXTURES = Path(__file__).parent / "fixtures" / "dates"
SOURCES = Path(__file__).parent.parent / "sources"


def document(text: str, date: str | None = None, path: str = "t.txt") -> Document:
    doc = Document(path, text, SourceMap(line_starts(text)))
    if date is not None:
        doc.date, doc.date_source = dt.date.fromisoformat(date), "meta"
    return doc


def date_analysis(doc: Document) -> Analysis:
    """What ``analyze`` does for dates (dateline, sentences, date mentions), without the other extractors."""
    apply_dateline(doc)
    sentences = split_sentences(doc.text)
    return Analysis(doc, sentences, [], extract_dates(doc, sentences), [])


def load_analyses(*paths: Path | str) -> list[Analysis]:
    return [date_analysis(d) for d in load(list(paths)).documents]


def builtin_date_rules() -> list:
    text = resources.files("factcheck.builtin_rules").joinpath("dates.yaml").read_text(encoding="utf-8")
    return [lr.rule for lr in parse_rule_text(text, "<builtin>/dates.yaml", True)]
