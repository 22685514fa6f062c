"""Run a rule set over a segmented document: one automaton pass for all data rules."""

from __future__ import annotations

from collections.abc import Iterator

import ahocorasick

from tqcheck.model import Finding
from tqcheck.rules.base import Context
from tqcheck.rules.data import DataRule, PatternRule, PhraseRule
from tqcheck.rules.registry import RuleSet

_AUTOMATA: dict[tuple[bool, int], tuple[tuple[DataRule, ...], ahocorasick.Automaton | None]] = {}


def _automaton(rules: tuple[DataRule, ...], exact: bool) -> ahocorasick.Automaton | None:
    """One automaton for every trigger of the data rules in play, built once per rule set.

    ``exact``: the case-sensitive phrase rules, matched on the text itself, so that the many
    capitalised names in prose never reach Python when a rule wants only lower-case ones.
    """
    # Keyed by the identity of the (cached) tuple, which the entry keeps alive so the id
    # cannot be reused by another tuple.
    key = (exact, id(rules))
    entry = _AUTOMATA.get(key)
    if entry is None or entry[0] is not rules:
        if len(_AUTOMATA) > 64:
            _AUTOMATA.clear()
        entry = _AUTOMATA[key] = (rules, _build_automaton(rules, exact))
    return entry[1]


def _is_exact(rule: PhraseRule | PatternRule) -> bool:
    return isinstance(rule, PhraseRule) and rule.case_sensitive


def _build_automaton(
    rules: tuple[DataRule, ...], exact: bool
) -> ahocorasick.Automaton | None:
    by_key: dict[str, list[tuple[PhraseRule | PatternRule, str]]] = {}
    for rule in rules:
        if _is_exact(rule) != exact:
            continue
        for trigger in rule.triggers():
            by_key.setdefault(trigger if exact else trigger.lower(), []).append((rule, trigger))
    if not by_key:
        return None
    automaton = ahocorasick.Automaton()
    for key, entries in by_key.items():
        automaton.add_word(key, (key, tuple(entries)))
    automaton.make_automaton()
    return automaton


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


def _on_word_boundaries(text: str, start: int, end: int) -> bool:
    if _is_word_char(text[start]) and start > 0 and _is_word_char(text[start - 1]):
        return False
    return not (_is_word_char(text[end - 1]) and end < len(text) and _is_word_char(text[end]))


_ADDRESS_MARKERS = ("://", "www.", "@")


def _inside_address(text: str, start: int, end: int) -> bool:
    """A phrase inside a URL or an e-mail address ("www.moscow.ru") is not prose."""
    left = max(text.rfind(" ", max(0, start - 80), start), text.rfind("\n", max(0, start - 80), start)) + 1
    right = text.find(" ", end, end + 80)
    token = text[left : right if right >= 0 else min(len(text), end + 80)]
    return any(marker in token for marker in _ADDRESS_MARKERS)


def run(rule_set: RuleSet, context: Context) -> Iterator[Finding]:
    data_rules = rule_set.data_rules
    if context.text:
        # A pattern runs once on each sentence (or paragraph, by its scope) where one of its
        # triggers occurs.
        pending: dict[tuple[str, int], tuple[PatternRule, int]] = {}
        for exact, haystack in ((False, context.lowered), (True, context.text)):
            automaton = _automaton(data_rules, exact)
            if automaton is None:
                continue
            for last, (key, entries) in automaton.iter(haystack):
                start = last - len(key) + 1
                end = last + 1
                bounded = _on_word_boundaries(context.text, start, end)
                for rule, trigger in entries:
                    # Phrases must stand as whole words; a pattern's regex checks its own edges.
                    if isinstance(rule, PhraseRule):
                        if not bounded or _inside_address(context.text, start, end):
                            continue
                        yield from rule.on_hit(context, trigger, start, end)
                    else:
                        scope = (
                            context.sentence_at(start)
                            if rule.scope == "sentence"
                            else context.paragraph_at(start)
                        )
                        pending.setdefault((rule.meta.id, scope.start), (rule, scope.end))
        for (_, scope_start), (rule, scope_end) in sorted(pending.items(), key=lambda item: item[0]):
            yield from rule.on_span(context, scope_start, scope_end)
    for rule in rule_set.logic_rules:
        yield from rule.check(context)
