"""Articles read again for reporters that show text (excerpts, the HTML report): a run keeps no texts.

A file is read again only when a reporter asks for it, and used only if its bytes are those the run checked
(same SHA-256); an article changed or removed since is shown without context, never with the wrong text.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from factcheck.analysis import Analysis, analyze
from factcheck.loading import parse_bytes
from factcheck.model import DocInfo, Document
from factcheck.sentences import split_sentences


def _documents(info: DocInfo) -> list[Document]:
    from factcheck.file_results import digest

    try:
        data = Path(info.file).read_bytes()
    except OSError:
        return []
    if not info.file or digest(data) != info.digest:
        return []
    docs, _ = parse_bytes(info.path, Path(info.file).suffix.lower(), data)
    return docs


def reread(infos: Iterable[DocInfo], full: bool) -> dict[str, Analysis]:
    """The articles of ``infos`` that can still be read, by doc id: fully analysed when ``full`` (the HTML
    report annotates mentions), else with their sentences only (enough for excerpts)."""
    out: dict[str, Analysis] = {}
    by_file: dict[str, list[DocInfo]] = {}
    for info in infos:
        by_file.setdefault(info.file, []).append(info)
    for group in by_file.values():
        wanted = {i.doc_id for i in group}
        for doc in _documents(group[0]):
            if doc.doc_id in wanted:
                out[doc.doc_id] = analyze(doc) if full else Analysis(doc, split_sentences(doc.text))
    return out
