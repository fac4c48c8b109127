"""Shared test settings: a bounded hypothesis budget in CI, a longer one on demand."""

from __future__ import annotations

import importlib.util
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile("ci", max_examples=60, deadline=None, derandomize=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("long", max_examples=5000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("FACTCHECK_HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(scope="session")
def generate_corpus() -> Callable[[int, int, Path], Any]:
    """``benchmarks/make_corpus.py``'s ``generate(n, seed, out)`` (returns the corpus manifest)."""
    path = Path(__file__).resolve().parents[1] / "benchmarks" / "make_corpus.py"
    spec = importlib.util.spec_from_file_location("make_corpus", path)
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("make_corpus", mod)
    spec.loader.exec_module(mod)
    return mod.generate
