"""Quantity extraction (stub: filled in by the extraction work)."""

from __future__ import annotations

from factcheck.model import Sentence


def extract_quantities(text: str, sentences: list[Sentence]) -> list:
    return []
