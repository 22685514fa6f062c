"""Discovery of rules (built-in classes and data packs), selection and language filtering."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

from tqcheck.rules.base import Rule, RuleMeta
from tqcheck.rules.data import DataRule, PackError, load_pack

PACKS_DIR = Path(__file__).resolve().parent.parent / "packs"
_BUILTIN_CLASSES: list[type[Rule]] = []

AnyRule = Rule | DataRule


def register(cls: type[Rule]) -> type[Rule]:
    """Class decorator that adds a logic rule to the built-in registry."""
    cls.meta.validate()
    _BUILTIN_CLASSES.append(cls)
    return cls


def _import_builtins() -> None:
    from tqcheck.rules import builtin

    for module in pkgutil.iter_modules(builtin.__path__):
        importlib.import_module(f"{builtin.__name__}.{module.name}")


@dataclass(frozen=True)
class RuleSet:
    rules: tuple[AnyRule, ...]

    @cached_property
    def data_rules(self) -> tuple[DataRule, ...]:
        return tuple(rule for rule in self.rules if not isinstance(rule, Rule))

    @cached_property
    def logic_rules(self) -> tuple[Rule, ...]:
        return tuple(rule for rule in self.rules if isinstance(rule, Rule))

    @cached_property
    def watching(self) -> tuple[AnyRule, ...]:
        """The rules with literal triggers: every data rule, and the logic rules that ask."""
        return self.data_rules + self.watchers

    @cached_property
    def watchers(self) -> tuple[Rule, ...]:
        """The logic rules told of their triggers' hits (engine.trigger_hits)."""
        return tuple(rule for rule in self.logic_rules if any(True for _ in rule.triggers()))

    def metas(self) -> list[RuleMeta]:
        return [rule.meta for rule in self.rules]

    def get(self, rule_id: str) -> AnyRule | None:
        for rule in self.rules:
            if rule.meta.id == rule_id.upper() or rule.meta.name == rule_id:
                return rule
        return None

    def selected(self, select: Sequence[str] = (), ignore: Sequence[str] = ()) -> RuleSet:
        return RuleSet(
            tuple(
                rule
                for rule in self.rules
                if (not select or matches_any(rule.meta, select)) and not matches_any(rule.meta, ignore)
            )
        )

    def for_languages(self, target: str, source: str | None) -> RuleSet:
        """Rules for this target; with a known source, drop rules written for another one."""
        return RuleSet(
            tuple(
                rule
                for rule in self.rules
                if rule.meta.applies_to(target)
                and (source is None or not rule.meta.sources or source in rule.meta.sources)
            )
        )


def matches_any(meta: RuleMeta, codes: Iterable[str]) -> bool:
    """A code selects a rule by id prefix ("CQ", "CQ1", "CQ101") or by exact name."""
    return any(meta.id.startswith(code.upper()) or meta.name == code for code in codes)


def load_rules(extra_packs: Sequence[Path] = (), target: str | None = None) -> RuleSet:
    """Every rule, or (with ``target``) the built-in classes and only the packs for that target.

    Packs live in ``packs/<source>-<target>/``: checking one target parses only its packs, so
    start-up does not grow with the number of language pairs.
    """
    return RuleSet(_builtin_rules(target) + tuple(_load_extra(tuple(extra_packs))))


def _pack_targets(path: Path) -> str:
    folder = path.relative_to(PACKS_DIR).parts[0]
    return folder.rsplit("-", 1)[-1]


@lru_cache(maxsize=32)
def _builtin_rules(target: str | None = None) -> tuple[AnyRule, ...]:
    _import_builtins()
    rules: list[AnyRule] = [cls() for cls in _BUILTIN_CLASSES]
    for path in sorted(PACKS_DIR.rglob("*.toml")):
        if target is None or _pack_targets(path) in (target, "any"):
            rules.extend(load_pack(path, origin=f"packs/{path.relative_to(PACKS_DIR).as_posix()}"))
    _check_unique(rules)
    return tuple(sorted(rules, key=lambda rule: rule.meta.id))


def _load_extra(paths: tuple[Path, ...]) -> list[DataRule]:
    if not paths:
        return []
    rules: list[DataRule] = []
    for path in paths:
        files = sorted(path.rglob("*.toml")) if path.is_dir() else [path]
        for file in files:
            rules.extend(load_pack(file, trusted=False))
    _check_unique(list(_builtin_rules()) + rules)
    return rules


def _check_unique(rules: Sequence[AnyRule]) -> None:
    seen: dict[str, str] = {}
    for rule in rules:
        if rule.meta.id in seen:
            raise PackError(
                f"{rule.meta.origin}: rule id {rule.meta.id} already used in {seen[rule.meta.id]}"
            )
        seen[rule.meta.id] = rule.meta.origin
