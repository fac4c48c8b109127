"""Quantity extraction: every amount in an article with its unit, hedge, counted noun and the interval it
asserts (see README, "extraction (quantities)").

Modules: ``numbers`` (digits, number words, scales, fractions), ``units`` (alias table and pint
conversion), ``qualifiers`` (hedges), ``nouns`` (counted nouns and their classes), ``interval`` (rounding
and hedge widening), ``exclusions`` (numbers that are not amounts), ``extractor`` (the scanner).
"""

from __future__ import annotations

from factcheck.quantities.extractor import extract_quantities
from factcheck.quantities.model import Quantity, Statement
from factcheck.quantities.nouns import is_subclass, lemma, noun_class_of, same_kind
from factcheck.quantities.units import convert, to_base

__all__ = [
    "Quantity",
    "Statement",
    "convert",
    "extract_quantities",
    "is_subclass",
    "lemma",
    "noun_class_of",
    "same_kind",
    "to_base",
]
