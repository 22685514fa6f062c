"""Shared test helpers."""

from __future__ import annotations

import importlib.util
import os
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import settings

# CI runs the randomized tests on the same examples every time (HYPOTHESIS_PROFILE=ci in
# .ci/run), so that a verdict on a change never depends on the draw; a plain local `pytest`
# draws new examples and explores. A failure found that way becomes an explicit test.
settings.register_profile("ci", derandomize=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_9f623145526f7808.txt"


@pytest.fixture
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


def _benchmark(name: str) -> ModuleType:
    module_name = f"tqcheck_benchmarks_{name}"
    if module_name in sys.modules:
        return sys.modules[module_name]
    spec = importlib.util.spec_from_file_location(module_name, ROOT / "benchmarks" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def benchmark() -> Callable[[str], ModuleType]:
    """A script of benchmarks/ as a module: the tests reuse its servers and harnesses."""
    return _benchmark
