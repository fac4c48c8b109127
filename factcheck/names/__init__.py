"""Names: proper-name mentions (``extract``), their spelling variants across a corpus (``cluster``) and
the findings about them (``findings``), used by the ``misspelling`` and ``spelling`` checks."""

from __future__ import annotations

from factcheck.names.extract import NameMention, extract_names

__all__ = ["NameMention", "extract_names"]
