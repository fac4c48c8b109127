"""Date extraction (stub: filled in by the dates work)."""

from __future__ import annotations

from factcheck.model import Document, Sentence


def extract_dates(doc: Document, sentences: list[Sentence]) -> list:
    return []
