"""The files the corpus stage's memos are kept in (``fact_memo``, ``names_memo``, ``stories_memo``), beside
the run pack and named after it (one per run scope: the input paths as given).

Format: ``MAGIC | sha256(salt) | sha256(payload) | payload``, the payload a pickle read by the cache's
restricted unpickler (``cache.RestrictedUnpickler``: factcheck's dataclasses, plain containers, no other
callable). A file with another magic or salt (code, lexicons, rules), a wrong checksum or anything else
unreadable is no memo. A memo is written to a temporary file and moved into place (``os.replace``), so runs
sharing a cache each read a whole memo, the last one written or an older one."""

from __future__ import annotations

import hashlib
import io
import os
import pickle
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from factcheck.cache import Cache, RestrictedUnpickler
from factcheck.cache_pack import pack_path


def memo_path(cache: Cache, scope: Sequence[str | Path], kind: str) -> Path:
    pack = pack_path(cache, scope)
    return pack.with_name(kind + "-" + pack.name.removeprefix("pack-"))


def read_memo(path: Path, magic: bytes, salt: str) -> Any | None:
    """The value stored by ``write_memo`` with the same magic and salt, else None."""
    header = len(magic) + 64
    try:
        blob = path.read_bytes()
    except OSError:
        return None
    if (len(blob) < header or not blob.startswith(magic)
            or blob[len(magic) : len(magic) + 32] != hashlib.sha256(salt.encode()).digest()
            or hashlib.sha256(memoryview(blob)[header:]).digest() != blob[len(magic) + 32 : header]):
        return None
    try:
        return RestrictedUnpickler(io.BytesIO(blob[header:])).load()
    except Exception:  # noqa: BLE001 - a memo that cannot be read is no memo
        return None


def write_memo(path: Path, magic: bytes, salt: str, value: Any) -> None:
    """Store ``value``; nothing happens when it cannot be stored (the next run computes again)."""
    try:
        payload = pickle.dumps(value, protocol=5)
        blob = magic + hashlib.sha256(salt.encode()).digest() + hashlib.sha256(payload).digest() + payload
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.{time.monotonic_ns()}.tmp")
        try:
            tmp.write_bytes(blob)
            os.replace(tmp, path)
        finally:
            if tmp.exists():
                tmp.unlink()
    except Exception:  # noqa: BLE001 - a memo that cannot be written is simply not written
        pass
