"""Access to the data files under ``factcheck/data`` (lexicons, unit aliases, tolerances).

Lexicons are data, not code: a desk can read them, and tests can point at them. Loaded lazily and cached
per process; they never change while factcheck runs.
"""

from __future__ import annotations

import hashlib
from functools import cache, lru_cache
from importlib import resources
from typing import Any

import yaml

DATA_PACKAGE = "factcheck.data"
# libyaml when available: the lexicons are parsed on every run, and the C parser is several times faster
# (same safe constructor, so the same values).
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def data_text(name: str) -> str:
    return resources.files(DATA_PACKAGE).joinpath(name).read_text(encoding="utf-8")


@cache
def load_yaml(name: str) -> Any:
    return yaml.load(data_text(name), Loader=_YAML_LOADER)  # noqa: S506 - a safe loader


@cache
def load_lines(name: str) -> tuple[str, ...]:
    """A word list: one entry a line, ``#`` starts a comment."""
    out = []
    for line in data_text(name).splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            out.append(line)
    return tuple(out)


@lru_cache(maxsize=1)
def data_hash() -> str:
    """Hash of every data file, so caches keyed on it are rebuilt when a lexicon changes."""
    h = hashlib.sha256()
    root = resources.files(DATA_PACKAGE)
    for entry in sorted(root.iterdir(), key=lambda e: e.name):
        if entry.is_file() and not entry.name.endswith((".py", ".pyc")):
            h.update(entry.name.encode())
            h.update(entry.read_bytes())
    return h.hexdigest()[:16]
