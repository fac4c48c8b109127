"""A run's cache entries in one file (a *pack*), with what each article file's ``stat`` said when it was read.

Why. A warm run over 10,000 articles used to read every article to hash it, then open, check and unpickle one
entry file per article: about 20,000 opens, and 10,000 unpickles that each rebuild the same strings and names
(the words and names that recur across articles). A pack holds the entries of the last run over the same
inputs, written by one pickler (a few, see ``SEGMENT``): a string or name that recurs is stored once and
referred to afterwards, so the pack loads in about half the time of the entry files, with one sequential
read. Entry files stay as they are (``factcheck.cache``); the pack only adds a faster way to the same values.

Files unchanged since the last run are not read at all: the pack records each file's ``stat`` data (size,
modification and change times in nanoseconds, inode, device) taken *before* it was read, and the key of
the bytes read. A file whose ``stat`` data is the same is taken to have the same bytes, with git's rule for
"racy" files: a record is trusted only when the file's times are at least ``RACY_NS`` older than the moment
its bytes were known (that run's start; or, for a file racy then, a second reading at the end of a long run,
``PackWriter._check_racy``), so that a change made in the same clock tick as the record (file systems stamp
times with a coarse clock, some with whole seconds) is never missed. Anything else (a new, changed, touched, replaced or
racy file) is read and hashed as before. This assumes the file system's clock is not behind this machine's
by more than ``RACY_NS`` (as git does); ``--no-cache`` reads everything.

Format. ``MAGIC | sha256(salt) | length of the stream | number of entries (8 bytes each) | sha256(stream) |
stream``: the time its run began and the segment size, the entries, one pickle each, then the index, a list
of ``(shown path, stat data, entry key, entry number)``. Each ``SEGMENT`` entries are written by one pickler
(so later pickles refer to objects of earlier ones) and read by one restricted unpickler
(``cache.RestrictedUnpickler``). A pack made with another salt (code, lexicons, rules), a wrong length or
checksum, or anything else unreadable is ignored as a whole and rewritten. The pack is named after the run's
input paths, so runs over different folders keep their own packs; it is replaced atomically (``os.replace``),
so a concurrent run reads a whole old pack or a whole new one.

Rewriting a pack costs about a tenth of a second per thousand articles, so a run rewrites it only when it is
stale: more than ``SLACK`` files (or a twentieth of them) did not come from it. A few edited files are read
from the entry files until then.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import stat
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any, BinaryIO

from factcheck.cache import Cache, RestrictedUnpickler, entry_key
from factcheck.file_analysis import read_file

MAGIC = b"FCPACK02"  # 02: claims stored as rows of plain values (``claim_rows``)
_HEADER = len(MAGIC) + 32 + 8 + 8 + 32
RACY_NS = 3_000_000_000  # FAT stamps times in 2 s steps; coarse clocks lag by a tick
SLACK = 32
# Entries are pickled in segments of this many, each by its own pickler: a pickler keeps every object it has
# written alive (its memo), including what a run would otherwise free early (an article's names, once pooled).
SEGMENT = 2000

Stamp = tuple[int, int, int, int, int]  # size, mtime_ns, ctime_ns, inode, device


def stamp_of(fp: Path) -> Stamp | None:
    """The file's ``stat`` data, or None for anything but a readable-looking regular file."""
    try:
        st = os.stat(fp)
    except (OSError, ValueError):
        return None
    if not stat.S_ISREG(st.st_mode):
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev)


def pack_path(cache: Cache, scope: Sequence[str | Path]) -> Path:
    """Where the pack of a run over ``scope`` (its input paths, as given) lives."""
    names = sorted(os.path.abspath(os.fspath(p)) for p in scope)
    digest = hashlib.sha256("\x1f".join(names).encode("utf-8", "surrogatepass")).hexdigest()
    return cache.root / f"pack-{digest[:40]}"  # beside the entries' folders, never taken for one


def read_pack(path: Path, salt: str) -> tuple[list[Any], list[tuple[str, Stamp, bytes, int, int]], int] | None:
    """(entries, index, the time its run began) of a valid pack made with ``salt``, else None."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(_HEADER)
            if len(head) != _HEADER or not head.startswith(MAGIC):
                return None
            at = len(MAGIC)
            if head[at : at + 32] != hashlib.sha256(salt.encode()).digest():
                return None
            length = int.from_bytes(head[at + 32 : at + 40], "big")
            count = int.from_bytes(head[at + 40 : at + 48], "big")
            # checked whole before anything is unpickled (a pack is replaced, never changed in place); then
            # read again by the unpickler straight from the file (no Python call per read)
            digest, left = hashlib.sha256(), length
            while left > 0 and (chunk := fh.read(min(left, 1 << 20))):
                digest.update(chunk)
                left -= len(chunk)
            if left or fh.read(1) or digest.digest() != head[at + 48 : at + 80]:
                return None
            fh.seek(_HEADER)
            unpickler = RestrictedUnpickler(fh)
            began, segment = unpickler.load()
            entries = []
            for i in range(count):
                if i and i % segment == 0:
                    unpickler = RestrictedUnpickler(fh)
                entries.append(unpickler.load())
            index = RestrictedUnpickler(fh).load()
            if fh.tell() != _HEADER + length:
                return None
    except Exception:  # noqa: BLE001 - a pack that cannot be read is no pack
        return None
    if not isinstance(began, int) or not isinstance(index, list) or not all(map(_sound_record, index)) \
            or any(r[3] >= count for r in index):
        return None
    return entries, index, began


def _sound_record(r: Any) -> bool:
    """An index record as ``PackWriter`` writes it: (shown path, five ints of stat data, 32-byte key, entry
    number, when the bytes were known to be those of the key)."""
    return (type(r) is tuple and len(r) == 5 and type(r[0]) is str and type(r[1]) is tuple and len(r[1]) == 5
            and all(type(x) is int for x in r[1]) and type(r[2]) is bytes and len(r[2]) == 32
            and type(r[3]) is int and r[3] >= -1 and type(r[4]) is int)


class RunPack:
    """One run's view of its pack: ``lookup`` each file (in any order), then ``writer`` when it is stale."""

    def __init__(self, cache: Cache, salt: str, scope: Sequence[str | Path]) -> None:
        self.cache, self.salt = cache, salt
        self.path = pack_path(cache, scope)
        self.began = time.time_ns()  # before any file of this run is looked at (the racy rule)
        self.seen: dict[str, tuple[Stamp, bytes, Path]] = {}  # this run: shown path -> (stat before reading, key)
        self.outside = 0  # files looked up whose entry did not come from the pack
        self.served: dict[str, bytes] = {}  # files whose entry came from the pack -> their keys
        self.used: set[int] = set()
        loaded = read_pack(self.path, salt)
        self.loaded = loaded is not None
        self.entries: list[Any] = []
        self.records: dict[str, tuple[Stamp, bytes, int]] = {}
        self.by_key: dict[bytes, int] = {}
        if loaded is not None:
            self.entries, index, began = loaded
            for shown, stamp, key, number, checked in index:
                if number >= 0:
                    self.by_key[key] = number
                if max(stamp[1], stamp[2]) < checked - RACY_NS:  # not racy
                    self.records[shown] = (stamp, key, number)

    def lookup(self, shown: str, fp: Path) -> tuple[Any | None, tuple[list, list] | None]:
        """(the cached value for the file, or None; the file's problems result when it cannot be read)."""
        stamp = stamp_of(fp)
        record = self.records.get(shown)
        if stamp is not None and record is not None and record[0] == stamp:
            key, number = record[1], record[2]
        else:
            data = read_file(fp, shown)
            if not isinstance(data, bytes):
                return None, data
            key = entry_key(self.salt, shown, data)
            number = self.by_key.get(key, -1)
        if stamp is not None:
            self.seen[shown] = (stamp, key, fp)
        if number >= 0:
            self.used.add(number)
            self.served[shown] = key
            return self.entries[number], None
        self.outside += 1
        return self.cache.get(key), None

    def newer(self, shown: str) -> Any | None:
        """The file's entry file, when its entry came from the pack but turned out stale: a run that made it
        again stored it there (the pack is rewritten only once stale enough), so the entry file may be newer."""
        key = self.served.pop(shown, None)
        if key is None:
            return None
        self.outside += 1
        return self.cache.get(key)

    def read_again(self, shown: str, data: bytes) -> None:
        """The file was read again to be summarized: if its bytes changed since ``lookup``, it is left out
        of the next pack (its new result is not what the recorded key names)."""
        seen = self.seen.get(shown)
        if seen is not None and entry_key(self.salt, shown, data) != seen[1]:
            del self.seen[shown]

    def writer(self, fresh: int) -> PackWriter | None:
        """A writer for a new pack when this one is stale (``fresh`` files are summarized again), else None."""
        stale = self.outside + fresh + len(self.entries) - len(self.used)
        if self.loaded and stale <= max(SLACK, len(self.seen) // 20):
            return None
        try:
            return PackWriter(self)
        except OSError:
            return None


class PackWriter:
    """Writes a new pack as values come in (each pickled at once, before the run changes it), and puts it in
    place on ``close``."""

    def __init__(self, pack: RunPack) -> None:
        self.pack = pack
        self.index: list[tuple[str, Stamp, bytes, int, int]] = []
        self.shared: dict[Any, Any] = {}
        path = pack.path
        path.parent.mkdir(parents=True, exist_ok=True)
        self.tmp = path.with_name(f".{path.name}.{os.getpid()}.{time.monotonic_ns()}.tmp")
        self.fh: BinaryIO | None = open(self.tmp, "w+b")  # noqa: SIM115 - closed in close()
        self.fh.write(bytes(_HEADER))
        self.pickler = pickle.Pickler(self.fh, protocol=5)
        self.segment = SEGMENT
        self.pickler.dump((pack.began, self.segment))

    def add(self, shown: str, value: Any) -> None:
        """Store the file's value; the objects it shares with earlier values are stored once."""
        seen = self.pack.seen.get(shown)
        if seen is None or self.fh is None:
            return
        try:
            _share(value, self.shared)
            if self.index and len(self.index) % self.segment == 0:
                self.pickler = pickle.Pickler(self.fh, protocol=5)  # the last one's memo is freed
            self.pickler.dump(value)
        except Exception:  # noqa: BLE001 - an entry that cannot be stored: no pack this time
            self._discard()
            return
        self.index.append((shown, seen[0], seen[1], len(self.index), self.pack.began))

    def close(self) -> None:
        fh = self.fh
        if fh is None:
            return
        try:
            self._check_racy()
            pickle.Pickler(fh, protocol=5).dump(self.index)
            length = fh.tell() - _HEADER
            fh.seek(_HEADER)
            digest = hashlib.sha256()
            while chunk := fh.read(1 << 20):
                digest.update(chunk)
            fh.seek(0)
            fh.write(MAGIC + hashlib.sha256(self.pack.salt.encode()).digest() + length.to_bytes(8, "big")
                     + len(self.index).to_bytes(8, "big") + digest.digest())
            fh.close()
            self.fh = None
            os.replace(self.tmp, self.pack.path)
        except Exception:  # noqa: BLE001 - a pack that cannot be written is simply not written
            self._discard()
        finally:
            self.shared = {}
            self.pickler = None  # type: ignore[assignment]  # its memo holds every value stored

    def _check_racy(self) -> None:
        """Files written just before the run began would be read again by every later run (racy, see the
        module docstring) until the pack is rewritten. Now, later, those old enough are read once more: if
        their stat data and bytes are still the ones recorded, the record holds from now on (any change
        after this moment gets newer times; a change in between shows in the bytes)."""
        trusted_before = time.time_ns() - RACY_NS
        began = self.pack.began
        for n, (shown, stamp, key, number, checked) in enumerate(self.index):
            newest = max(stamp[1], stamp[2])
            if newest < checked - RACY_NS or newest >= trusted_before:
                continue  # trusted already, or still racy
            seen = self.pack.seen.get(shown)
            if seen is None:
                continue
            now = time.time_ns()  # before reading: the record holds for changes after this moment
            fp = seen[2]
            data = read_file(fp, shown)
            if stamp_of(fp) == stamp and isinstance(data, bytes) and entry_key(self.pack.salt, shown, data) == key:
                self.index[n] = (shown, stamp, key, number, max(now, began))

    def _discard(self) -> None:
        if self.fh is not None:
            try:
                self.fh.close()
            except OSError:
                pass
            self.fh = None
        try:
            os.unlink(self.tmp)
        except OSError:
            pass


def _share(obj: Any, shared: dict[Any, Any]) -> None:
    """Make the strings and records that recur across entries one object each, in place (each replaced by an
    equal value, so nothing a run computes changes): in the dataclasses of ``obj`` (and the lists and dicts
    between them), frozensets of strings and tuples of records (named tuples) get the pack's copies."""
    stack = [obj]
    setdefault = shared.setdefault
    seen: set[int] = set()  # objects may be reached twice, or form a cycle
    while stack:
        o = stack.pop()
        if id(o) in seen:
            continue
        seen.add(id(o))
        t = type(o)
        if t is list:
            stack.extend(x for x in o if hasattr(x, "__dataclass_fields__") or type(x) in (list, dict))
            continue
        if t is dict:
            stack.extend(x for x in o.values() if hasattr(x, "__dataclass_fields__") or type(x) in (list, dict))
            continue
        fields = getattr(t, "__dataclass_fields__", None)
        if fields is None:
            continue
        for name in fields:
            v = getattr(o, name)
            vt = type(v)
            if vt is frozenset:
                if v and type(next(iter(v))) is str:
                    object.__setattr__(o, name, frozenset([setdefault(s, s) for s in v]))
            elif vt is tuple:
                if v and hasattr(type(v[0]), "_fields"):
                    object.__setattr__(o, name, tuple([setdefault(r, r) for r in v]))
            elif vt is list or vt is dict or hasattr(vt, "__dataclass_fields__"):
                stack.append(v)

