"""Name extraction (stub: filled in by the names work)."""

from __future__ import annotations

from factcheck.model import Sentence


def extract_names(text: str, sentences: list[Sentence]) -> list:
    return []
