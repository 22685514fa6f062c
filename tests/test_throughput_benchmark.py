"""The throughput benchmark's runs on unseen text must start with nothing remembered about text:
benchmarks/throughput.py empties every cache of a tqcheck module but those of set-up work."""

from __future__ import annotations

import functools
import importlib
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

from tqcheck.api import Options, check

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


def _caches() -> dict[str, functools._lru_cache_wrapper]:  # type: ignore[type-arg]
    return {
        f"{name}.{attribute}": value
        for name, module in list(sys.modules.items())
        if name.startswith("tqcheck")
        for attribute, value in vars(module).items()
        if isinstance(value, functools._lru_cache_wrapper) and value.__module__ == name
    }


def test_fresh_runs_forget_every_text_and_keep_the_set_up(
    benchmark: Callable[[str], ModuleType], monkeypatch: pytest.MonkeyPatch, seed_text: str
) -> None:
    monkeypatch.syspath_prepend(str(BENCHMARKS))  # the script imports its neighbours
    throughput = benchmark("throughput")
    check(seed_text, options=Options(target_lang="en"))
    check("Der Bundestag hat das Gesetz am Montag verabschiedet, sagte die Sprecherin.\n\n" + seed_text)
    importlib.import_module("tqcheck.scoring.metrics")  # modules with set-up caches this check
    importlib.import_module("tqcheck.loaders.markdown")  # did not need
    caches = _caches()
    assert caches["tqcheck.langid.statistical_guess"].cache_info().currsize > 0  # the check used them
    assert caches["tqcheck.rules.name_keys.transliteration_key"].cache_info().currsize > 0
    # A set-up cache that was renamed would silently be emptied: every listed name must exist.
    assert set(caches) >= throughput._SET_UP_CACHES
    kept = {name: caches[name].cache_info().currsize for name in throughput._SET_UP_CACHES}
    throughput.empty_caches()
    for name, cache in caches.items():
        expected = kept.get(name, 0)
        assert cache.cache_info().currsize == expected, name
