"""Project configuration: [tool.tqcheck] in pyproject.toml or .tqcheck.toml, found per checked file."""

from __future__ import annotations

import difflib
import fnmatch
import os
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from tqcheck.model import SEVERITIES
from tqcheck.scoring.mqm import MqmScorer, scorer_from_config

CONFIG_NAMES = (".tqcheck.toml", "pyproject.toml")
FAIL_LEVELS = ("critical", "major", "minor", "never")
DEFAULT_FAIL_ON = "major"


class ConfigError(ValueError):
    """A configuration that cannot be used; str() is one line naming the file and the key."""


@dataclass(frozen=True)
class Settings:
    """The effective settings for one checked file (config file, then per_path, then the CLI)."""

    target_lang: str | None = None
    source_lang: str | None = None
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: tuple[tuple[str, str], ...] = ()
    fail_on: str = DEFAULT_FAIL_ON
    min_score: float | None = None
    glossary: Path | None = None
    rule_packs: tuple[Path, ...] = ()
    weights: tuple[tuple[str, float], ...] = ()
    source: Path | None = None

    def layered(self, layer: Mapping[str, Any]) -> Settings:
        """Apply one validated layer: ignore is added to, severity and weights merge per key."""
        changes = dict(layer)
        if "ignore" in changes:
            changes["ignore"] = self.ignore + changes["ignore"]
        if "severity" in changes:
            changes["severity"] = tuple(sorted({**dict(self.severity), **dict(changes["severity"])}.items()))
        if "weights" in changes:
            changes["weights"] = tuple(sorted({**dict(self.weights), **dict(changes["weights"])}.items()))
        return replace(self, **changes)

    def scorer(self) -> MqmScorer | None:
        return scorer_from_config(dict(self.weights)) if self.weights else None


@dataclass(frozen=True)
class ConfigFile:
    path: Path
    base: Mapping[str, Any]
    per_path: tuple[tuple[str, Mapping[str, Any]], ...]

    def settings_for(self, file: str) -> Settings:
        settings = Settings(source=self.path).layered(self.base)
        relative = _relative_to(file, self.path.parent)
        for pattern, layer in self.per_path:
            # fnmatch semantics: "*" also crosses "/", so "docs/*.md" covers docs/a/b.md too.
            if fnmatch.fnmatchcase(relative, pattern) or fnmatch.fnmatchcase(Path(relative).name, pattern):
                settings = settings.layered(layer)
        return settings


def _relative_to(file: str, directory: Path) -> str:
    if file == "-":
        return "-"
    try:
        return Path(file).resolve().relative_to(directory.resolve()).as_posix()
    except ValueError:
        return Path(file).as_posix()


def find_config(start: Path) -> Path | None:
    """Nearest config walking up from ``start`` (a directory); .tqcheck.toml wins within one."""
    for directory in (start.resolve(), *start.resolve().parents):
        dotfile = directory / ".tqcheck.toml"
        if dotfile.is_file():
            return dotfile
        pyproject = directory / "pyproject.toml"
        if pyproject.is_file() and _has_tool_table(pyproject):
            return pyproject
    return None


def _has_tool_table(pyproject: Path) -> bool:
    # Parse only files that mention us: a broken pyproject.toml of another tool is not our error.
    try:
        raw = pyproject.read_bytes()
    except OSError:
        return False
    if b"tqcheck" not in raw:
        return False
    return isinstance(_parse(pyproject, raw).get("tool", {}).get("tqcheck"), dict)


def _parse(path: Path, raw: bytes) -> dict[str, Any]:
    try:
        return tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not UTF-8") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: invalid TOML: {error}") from None


def load_config(path: Path) -> ConfigFile:
    """Read and validate a config file. Nothing in it is executed; every value is type-checked."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such config file") from None
    except OSError as error:
        raise ConfigError(f"{path}: cannot read: {error.strerror}") from None
    data = _parse(path, raw)
    prefix = ""
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("tqcheck")
        prefix = "tool.tqcheck."
        if not isinstance(data, dict):
            raise ConfigError(f"{path}: no [tool.tqcheck] table")
    reader = _Reader(path, path.resolve().parent)
    per_path_raw = data.pop("per_path", {})
    base = reader.layer(data, prefix)
    if not isinstance(per_path_raw, dict):
        raise ConfigError(f"{path}: {prefix}per_path: expected a table of glob = {{ settings }}")
    per_path = []
    for pattern, table in per_path_raw.items():
        key = f"{prefix}per_path.{_quoted(pattern)}"
        if not isinstance(table, dict):
            raise ConfigError(f"{path}: {key}: expected a table of settings")
        per_path.append((pattern, reader.layer(table, key + ".")))
    return ConfigFile(path, base, tuple(per_path))


def _quoted(key: str) -> str:
    return key if key.replace("_", "").replace("-", "").isalnum() else f'"{key}"'


class _Reader:
    """Validates raw TOML tables into layers; every error names the file and the dotted key."""

    def __init__(self, path: Path, root: Path) -> None:
        self.path = path
        self.root = root
        self.readers: dict[str, Callable[[str, Any], tuple[str, Any]]] = {
            "target_lang": self._language,
            "source_lang": self._language,
            "select": self._codes,
            "ignore": self._codes,
            "severity": self._severity,
            "fail_on": self._fail_on,
            "min_score": self._min_score,
            "glossary": self._glossary,
            "rule_packs": self._rule_packs,
            "scoring": self._scoring,
        }

    def fail(self, key: str, reason: str) -> ConfigError:
        return ConfigError(f"{self.path}: {key}: {reason}")

    def layer(self, table: dict[str, Any], prefix: str) -> dict[str, Any]:
        layer: dict[str, Any] = {}
        for name, value in table.items():
            reader = self.readers.get(name)
            if name == "per_path":
                raise self.fail(prefix + name, "only allowed at the top level")
            if reader is None:
                close = difflib.get_close_matches(name, [*self.readers, "per_path"], n=1)
                hint = f"; did you mean {close[0]!r}?" if close else ""
                raise self.fail(prefix + _quoted(name), f"unknown key{hint}")
            field, converted = reader(prefix + name, value)
            layer[field] = converted
        return layer

    def _string(self, key: str, value: Any) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.fail(key, f"expected a non-empty string, got {_describe(value)}")
        return value.strip()

    def _language(self, key: str, value: Any) -> tuple[str, Any]:
        return key.rsplit(".", 1)[-1], self._string(key, value).lower()

    def _codes(self, key: str, value: Any) -> tuple[str, Any]:
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise self.fail(key, f"expected a list of rule ids, prefixes or names, got {_describe(value)}")
        codes = tuple(code.strip() for item in value for code in item.split(",") if code.strip())
        return key.rsplit(".", 1)[-1], codes

    def _severity(self, key: str, value: Any) -> tuple[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(key, 'expected a table of rule id = "severity"')
        overrides = []
        for rule_id, severity in value.items():
            if severity not in SEVERITIES:
                raise self.fail(
                    f"{key}.{rule_id}", f"expected one of {', '.join(SEVERITIES)}, got {_describe(severity)}"
                )
            overrides.append((rule_id.upper(), severity))
        return "severity", tuple(sorted(overrides))

    def _fail_on(self, key: str, value: Any) -> tuple[str, Any]:
        if value not in FAIL_LEVELS:
            raise self.fail(key, f"expected one of {', '.join(FAIL_LEVELS)}, got {_describe(value)}")
        return "fail_on", value

    def _min_score(self, key: str, value: Any) -> tuple[str, Any]:
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 100:
            raise self.fail(key, f"expected a number from 0 to 100, got {_describe(value)}")
        return "min_score", float(value)

    def _existing(self, key: str, value: Any) -> Path:
        path = self.root / os.path.expanduser(self._string(key, value))
        if not path.exists():
            raise self.fail(key, f"no such file or directory: {path}")
        return path

    def _glossary(self, key: str, value: Any) -> tuple[str, Any]:
        return "glossary", self._existing(key, value)

    def _rule_packs(self, key: str, value: Any) -> tuple[str, Any]:
        if not isinstance(value, list):
            raise self.fail(key, f"expected a list of pack paths, got {_describe(value)}")
        return "rule_packs", tuple(self._existing(f"{key}[{i}]", item) for i, item in enumerate(value))

    def _scoring(self, key: str, value: Any) -> tuple[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(key, "expected a table with a 'weights' table")
        for name in value:
            if name != "weights":
                raise self.fail(f"{key}.{name}", "unknown key; did you mean 'weights'?")
        weights = value.get("weights", {})
        if not isinstance(weights, dict):
            raise self.fail(f"{key}.weights", "expected a table of severity = number (e.g. major = 5)")
        for name, weight in weights.items():
            if isinstance(weight, bool) or not isinstance(weight, int | float) or weight < 0:
                raise self.fail(f"{key}.weights.{name}", f"expected a number ≥ 0, got {_describe(weight)}")
        try:
            scorer_from_config(weights)
        except ValueError as error:
            raise self.fail(f"{key}.weights", str(error)) from None
        return "weights", tuple(sorted((name, float(weight)) for name, weight in weights.items()))


def _describe(value: Any) -> str:
    if isinstance(value, str):
        return repr(value)
    kind = {bool: "a boolean", int: "an integer", float: "a number", list: "a list", dict: "a table"}
    return kind.get(type(value), type(value).__name__)


class Resolver:
    """Finds and caches the config of each checked file; ``--config`` pins one for all."""

    def __init__(self, explicit: Path | None = None) -> None:
        self.explicit = load_config(explicit) if explicit is not None else None
        self._by_directory: dict[Path, Path | None] = {}
        self._loaded: dict[Path, ConfigFile] = {}

    def config_for(self, file: str) -> ConfigFile | None:
        if self.explicit is not None:
            return self.explicit
        directory = Path.cwd() if file == "-" else Path(file).resolve().parent
        if directory not in self._by_directory:
            self._by_directory[directory] = find_config(directory)
        found = self._by_directory[directory]
        if found is None:
            return None
        if found not in self._loaded:
            self._loaded[found] = load_config(found)
        return self._loaded[found]

    def settings_for(self, file: str) -> Settings:
        config = self.config_for(file)
        return config.settings_for(file) if config else Settings()


STARTER = """\
# tqcheck configuration; every key is described in the README, section "Use in CI".
# tqcheck finds the nearest .tqcheck.toml (or pyproject.toml with [tool.tqcheck]) walking up
# from each checked file; `tqcheck check --config FILE` pins one. Command-line options win.

# Language of the checked text and of the original (default: detected / inferred).
# target_lang = "en"
# source_lang = "fr"

# Rule ids, id prefixes ("CQ" = every calque) or rule names. `tqcheck rules` lists them.
# select = ["CN", "TE", "CQ", "RV", "UT", "TY", "BP", "MN"]
ignore = []

# Exit 1 when a finding has this severity or worse: critical, major, minor or never.
fail_on = "major"

# Exit 1 when a document scores below this (0-100, MQM-style).
# min_score = 90

# Extra rule packs (TOML files or folders), relative to this file.
# rule_packs = ["tqcheck-rules/"]

# A glossary file for terminology checks, relative to this file.
# glossary = "glossary.tsv"

# Change a rule's severity: critical, major, minor or info.
[severity]
# CQ108 = "major"

# MQM penalty weights (defaults: critical 25, major 5, minor 1, info 0,
# minor-punctuation 0.1, untranslated 25).
[scoring.weights]
# major = 5

# Settings for some files only (fnmatch globs relative to this file; "*" also crosses "/").
# ignore is added to the top-level list; other keys replace it.
# [per_path."docs/legacy/*"]
# ignore = ["BP"]
# fail_on = "critical"
"""
