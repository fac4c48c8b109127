"""The stories of the last cached run (``engine.stories.find_stories``), reused when their input is the same.

Finding the stories of 10,000 articles was the largest part of a warm run's corpus stage left after the
facts and names memos (about a twelfth). Its whole input is small text: each article's id, declared story
(``stories.declared`` of its metadata) and story names (``stories.collect``, one string), in run order. The
memo keeps a SHA-256 of all of it (and the salt: code, lexicons, rules) with the ``Stories`` found; an equal
digest means equal input, so the same stories. Kept beside the run pack (``memo_file``)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from factcheck.cache import Cache
from factcheck.engine.stories import Stories, declared, find_stories
from factcheck.memo_file import memo_path, read_memo, write_memo

MAGIC = b"FCSTORY1"


def stories_path(cache: Cache, scope: Sequence[str | Path]) -> Path:
    return memo_path(cache, scope, "stories")


def stories_of(cache: Cache, salt: str, scope: Sequence[str | Path], docs: Sequence[Any],
               names: Sequence[str]) -> Stories:
    """``find_stories`` of the articles ``docs`` (``DocInfo``s) with their story names, from the memo when
    its input is the same."""
    doc_ids = [d.doc_id for d in docs]
    h = hashlib.sha256()
    for doc_id, d, text in zip(doc_ids, docs, names, strict=True):
        tag = declared(d.meta)
        # lengths first: no two different inputs give the same bytes
        parts = (doc_id, "\x00" if tag is None else "\x01" + tag, text)
        h.update("\x1e".join([f"{len(p)}:{p}" for p in parts]).encode("utf-8", "surrogatepass"))
    digest = h.digest()
    path = stories_path(cache, scope)
    old = read_memo(path, MAGIC, salt)
    if type(old) is tuple and len(old) == 2 and old[0] == digest and type(old[1]) is Stories:
        return old[1]
    found = find_stories(doc_ids, (d.meta for d in docs), names)
    write_memo(path, MAGIC, salt, (digest, found))
    return found
