"""Incremental cache of per-file analysis results (``.factcheck_cache/``).

One entry per article file, named by a key that hashes everything the file's analysis depends on: the
file's bytes and the path it is shown under, factcheck's version, the source of the ``factcheck`` package
(any code change invalidates every entry), the lexicons (``lexicon.data_hash()``) and the rule files of the
run. An unchanged file in an unchanged setup is therefore never analysed twice, and any change that could
alter a result produces a different key: entries are never updated, only added.

Format and trust boundary. An entry is ``MAGIC | sha256(payload) | key | payload`` where the payload is a
pickle of the file's ``(analyses, problems)``. Before unpickling, the header, the key and the checksum are
verified, so a truncated, corrupt or foreign file (another tool, another version, a renamed entry) is
ignored and rebuilt. The payload is then read by a *restricted* unpickler that can only build factcheck's
own dataclasses and enums, ``datetime`` values and plain containers: no other callable can be reached, so a
crafted entry cannot run code (``os.system`` and the like are refused). The cache folder is still to be
treated like ``__pycache__``: writable only by those who may change the results (a writer can plant a
well-formed entry with false mentions).

Pickle rather than JSON because a warm run must cost a small fraction of a cold one: unpickling an entry
takes about 0.25 ms, and rebuilding the same nested dataclasses from JSON in pure Python would take several
times that (an estimate; not built). Entries are never deleted: remove the folder to reclaim space.

Concurrency. Entries are written to a temporary file in the same folder and moved into place with
``os.replace``, which is atomic: two runs sharing a cache at worst both write the same entry, and a reader
sees a whole entry or none. Any OS error while reading or writing the cache is ignored (the result is
computed instead).
"""

from __future__ import annotations

import array
import datetime as dt
import enum
import hashlib
import io
import pickle
from dataclasses import is_dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from factcheck import __version__
from factcheck.atomic import write_atomic

DEFAULT_DIR = ".factcheck_cache"
MAGIC = b"FCCACHE1"
_HEADER = len(MAGIC) + 32 + 32

_SAFE_GLOBALS = {
    ("datetime", "date"): dt.date,
    ("datetime", "datetime"): dt.datetime,
    ("datetime", "timedelta"): dt.timedelta,
    ("datetime", "timezone"): dt.timezone,
    ("builtins", "set"): set,
    ("builtins", "frozenset"): frozenset,
    ("builtins", "complex"): complex,
    ("builtins", "slice"): slice,
    ("array", "array"): array.array,  # line starts (model.line_starts) are arrays of ints
    ("array", "_array_reconstructor"): array._array_reconstructor,  # type: ignore[attr-defined]  # builds from bytes
}


@lru_cache(maxsize=512)
def _allowed_class(module: str, name: str) -> Any | None:
    """What ``find_class`` may return for ``module.name``, or None; cached because every entry names the
    same few dozen classes (looking them up was a fifth of reading an entry)."""
    safe = _SAFE_GLOBALS.get((module, name))
    if safe is not None:
        return safe
    if module == "factcheck" or module.startswith("factcheck."):
        import importlib

        try:
            obj: Any = importlib.import_module(module)
        except ImportError:
            return None
        for part in name.split("."):
            obj = getattr(obj, part, None)
        if isinstance(obj, type) and (is_dataclass(obj) or issubclass(obj, enum.Enum)
                                      or (issubclass(obj, tuple) and hasattr(obj, "_fields"))):
            return obj  # factcheck's dataclasses, enums and named tuples build nothing else
    return None


class RestrictedUnpickler(pickle.Unpickler):
    """Unpickles only factcheck's dataclasses, enums and named tuples, datetime values, arrays and plain containers."""

    def find_class(self, module: str, name: str) -> Any:
        found = _allowed_class(module, name)
        if found is None:
            raise pickle.UnpicklingError(f"cache entry refers to {module}.{name}, which a cache may not hold")
        return found


def restricted_loads(data: bytes) -> Any:
    return RestrictedUnpickler(io.BytesIO(data)).load()


@lru_cache(maxsize=1)
def code_hash() -> str:
    """Hash of factcheck's own source and data files: a new build never reads an old build's entries."""
    h = hashlib.sha256(__version__.encode())
    root = resources.files("factcheck")
    stack = [root]
    found: list[tuple[str, bytes]] = []
    while stack:
        folder = stack.pop()
        for entry in folder.iterdir():
            if entry.is_dir():
                if entry.name != "__pycache__":
                    stack.append(entry)
            elif not entry.name.endswith((".pyc", ".pyo")):
                found.append((str(entry), entry.read_bytes()))
    root_str = str(root)
    for name, data in sorted(found):
        h.update(name.removeprefix(root_str).encode())
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()


def files_hash(paths: list[Path]) -> str:
    """Hash of the rule files (or any other inputs) of a run; an unreadable file hashes as its name."""
    h = hashlib.sha256()
    expanded: list[Path] = []
    for p in paths:
        p = Path(p)
        expanded.extend(sorted(x for x in p.rglob("*") if x.is_file()) if p.is_dir() else [p])
    for p in expanded:
        h.update(p.as_posix().encode())
        try:
            h.update(p.read_bytes())
        except OSError:
            h.update(b"\x00unreadable")
    return h.hexdigest()


def run_salt(rule_paths: list[Path] | None = None) -> str:
    """Everything besides the file itself that an entry depends on."""
    from factcheck.lexicon import data_hash

    return "\x1f".join([__version__, code_hash(), data_hash(), files_hash(list(rule_paths or []))])


def entry_key(salt: str, shown_path: str, data: bytes) -> bytes:
    h = hashlib.sha256(salt.encode())
    h.update(b"\x1e")
    h.update(shown_path.encode("utf-8", "surrogatepass"))
    h.update(b"\x1e")
    h.update(data)
    return h.digest()


class Cache:
    """A folder of entries. Safe to share between processes and concurrent runs."""

    def __init__(self, root: str | Path = DEFAULT_DIR) -> None:
        self.root = Path(root)

    def _path(self, key: bytes) -> Path:
        hexkey = key.hex()
        return self.root / hexkey[:2] / hexkey[2:]

    def get(self, key: bytes) -> Any | None:
        """The stored value, or None when there is no valid entry (missing, corrupt, foreign, unreadable)."""
        try:
            blob = self._path(key).read_bytes()
        except OSError:
            return None
        if len(blob) < _HEADER or not blob.startswith(MAGIC):
            return None
        digest, stored_key, payload = blob[len(MAGIC) : len(MAGIC) + 32], blob[len(MAGIC) + 32 : _HEADER], \
            blob[_HEADER:]
        if stored_key != key or hashlib.sha256(payload).digest() != digest:
            return None
        try:
            return restricted_loads(payload)
        except Exception:  # noqa: BLE001 - any failure to read an entry means "not cached"
            return None

    def put(self, key: bytes, value: Any) -> bool:
        """Store ``value``; False when it cannot be stored (not picklable, OS error). A value the restricted
        unpickler will refuse is not checked for here (that would cost a quarter of the write): ``get``
        refuses it, and the file is analysed again, as for any other unusable entry."""
        try:
            payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:  # noqa: BLE001
            return False
        blob = MAGIC + hashlib.sha256(payload).digest() + key + payload
        target = self._path(key)
        try:
            write_atomic(target, blob, durable=False)
        except OSError:
            return False
        self._tag()
        return True

    def _tag(self) -> None:
        """Mark the folder as a cache so backup tools and ``git status`` leave it alone."""
        tag = self.root / "CACHEDIR.TAG"
        if not tag.exists():
            try:
                tag.write_text("Signature: 8a477f597d28d172789f06886806bc55\n# factcheck cache, safe to delete\n")
                (self.root / ".gitignore").write_text("*\n")
            except OSError:
                pass
