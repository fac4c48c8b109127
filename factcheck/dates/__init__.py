"""Dates: the publication date (dateline), date mentions, and their resolution against the publication date.

``analyze()`` calls :func:`apply_dateline` on each document and then :func:`extract_dates`; the date checks in
``factcheck/checks/date_*.py`` read the mentions and the ``extends: date`` rules (``factcheck.dates.events``).
"""

from __future__ import annotations

from factcheck.dates.dateline import Dateline, apply_dateline, find_dateline
from factcheck.dates.extract import extract_dates
from factcheck.dates.mention import DateMention

__all__ = ["DateMention", "Dateline", "apply_dateline", "extract_dates", "find_dateline"]
