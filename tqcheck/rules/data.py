"""Data rules: the generic kinds (phrase, pattern) that language-pair packs fill in."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar, Literal

from tqcheck.loaders.text import InputRejected
from tqcheck.model import Finding
from tqcheck.rules.base import ANY_LANGUAGE, Context, RuleMeta

_PLACEHOLDER = re.compile(r"\{([A-Za-z_]\w*)\}")
_RULE_KEYS = frozenset(
    "id name kind source target severity category message why bad good suggestion "
    "suggestions phrases pattern triggers case_sensitive weak scope requires".split()
)


class PackError(ValueError):
    """A rule pack that cannot be loaded; the message names the file and the key."""


def _fill(template: str | None, groups: dict[str, str]) -> str | None:
    if template is None:
        return None

    def value(match: re.Match[str]) -> str:
        found = groups.get(match.group(1))
        return match.group(0) if found is None else found

    return _PLACEHOLDER.sub(value, template)


@dataclass(frozen=True)
class PhraseRule:
    """Fixed phrases, matched case-insensitively on word boundaries via the pack automaton."""

    meta: RuleMeta
    phrases: tuple[str, ...]
    suggestions: dict[str, str]
    default_suggestion: str | None
    case_sensitive: bool

    def triggers(self) -> Iterable[str]:
        return self.phrases

    def on_hit(self, context: Context, trigger: str, start: int, end: int) -> Iterable[Finding]:
        surface = context.text[start:end]
        if self.case_sensitive and surface != trigger:
            return ()
        suggestion = self.suggestions.get(trigger.lower(), self.default_suggestion)
        groups = {"match": surface}
        return (
            context.finding(
                self.meta,
                start,
                end,
                message=_fill(self.meta.message, groups),
                suggestions=[_fill(suggestion, groups)] if suggestion else [],
            ),
        )


class LazyPattern:
    """A built-in pattern compiled on first use: most never run on a given text, and compiling
    them all at start-up cost most of the pack loading time. The test suite compiles every one."""

    _made: ClassVar[list[LazyPattern]] = []  # every instance, for compile_all

    def __init__(self, source: str, flags: int, where: str, key: str = "pattern") -> None:
        self.source = source
        self.flags = flags
        self.where = where
        self.key = key
        self._compiled: re.Pattern[str] | None = None
        LazyPattern._made.append(self)

    @classmethod
    def compile_all(cls) -> None:
        """Compile every pattern of the packs loaded so far: done once before worker processes
        are forked, so that they share the compiled patterns instead of each compiling them.
        A pattern that does not compile is left for its first use to report: it may belong to a
        trusted user pack of another check in this process."""
        for pattern in cls._made:
            try:
                pattern.compiled()
            except PackError:
                continue

    def compiled(self) -> re.Pattern[str]:
        if self._compiled is None:
            try:
                self._compiled = re.compile(self.source, self.flags)
            except re.error as error:
                raise PackError(f"{self.where}: key '{self.key}' does not compile: {error}") from None
        return self._compiled

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        return self.compiled().finditer(text)


Scope = Literal["sentence", "paragraph"]
SCOPES: tuple[Scope, ...] = ("sentence", "paragraph")


@dataclass(frozen=True)
class PatternRule:
    """A regular expression, run only on the sentences (or paragraphs, see ``scope``) where one
    of its trigger words occurs.

    The pattern sees its scope as a whole string: ``^`` matches where the sentence starts, and
    nothing outside the sentence is visible, not even to a look-behind. A rule whose matches
    run across sentences (a quotation of several sentences, "3. November" where the segmenter
    ends a sentence after "3.") or that looks at the whole paragraph declares
    ``scope = "paragraph"``; running on sentences scans half as much text.
    """

    meta: RuleMeta
    pattern: re.Pattern[str] | LazyPattern
    trigger_words: tuple[str, ...]
    suggestion: str | None
    # User-supplied patterns run on the `regex` engine with a time limit per sentence or paragraph,
    # so a catastrophic pattern cannot hang a CI job; built-in patterns are reviewed.
    timeout: float | None = None
    scope: Scope = "sentence"
    # A cheaper pattern that every match contains (see CONTRIBUTING): the pattern runs only on
    # the windows where it is found.
    requires: re.Pattern[str] | LazyPattern | None = None

    def triggers(self) -> Iterable[str]:
        return self.trigger_words

    def on_spans(self, context: Context, spans: Iterable[tuple[int, int]]) -> Iterator[Finding]:
        """Findings in each ``context.text[start:end]``: the sentences or paragraphs of trigger hits."""
        text = context.text
        # Built-in patterns are looked up once per call, not once per window: a rule runs on
        # thousands of windows in a long text.
        if self.timeout is None:
            matches = _compiled(self.pattern).finditer
            required = None if self.requires is None else _compiled(self.requires).search
        else:
            matches = self._timed(self.pattern)
            required = None if self.requires is None else self._found(self.requires)
        for start, end in spans:
            window = text[start:end]
            if required is not None and required(window) is None:
                continue
            for match in matches(window):
                if match.end() == match.start():
                    continue
                groups = {k: v for k, v in match.groupdict().items() if v is not None}
                groups["match"] = match.group()
                # A pattern may mark the span to flag with a group named "flag".
                flag_start, flag_end = match.span("flag") if "flag" in groups else match.span()
                yield context.finding(
                    self.meta,
                    start + flag_start,
                    start + flag_end,
                    message=_fill(self.meta.message, groups),
                    suggestions=[s for s in [_fill(self.suggestion, groups)] if s],
                )

    def _timed(self, pattern: re.Pattern[str] | LazyPattern) -> Callable[[str], list[re.Match[str]]]:
        """A user pattern's matches in a window, on the `regex` engine with the rule's time limit."""

        def matches(window: str) -> list[re.Match[str]]:
            try:
                # Materialised inside the try: the regex engine raises while iterating.
                return list(pattern.finditer(window, timeout=self.timeout))  # type: ignore[call-arg]
            except TimeoutError:
                raise RuleTimeout(
                    f"{self.meta.origin}: rule {self.meta.id} gave up after {self.timeout} s on one "
                    "sentence or paragraph; simplify its pattern"
                ) from None

        return matches

    def _found(self, pattern: re.Pattern[str] | LazyPattern) -> Callable[[str], re.Match[str] | None]:
        timed = self._timed(pattern)
        return lambda window: next(iter(timed(window)), None)


def _compiled(pattern: re.Pattern[str] | LazyPattern) -> re.Pattern[str]:
    return pattern.compiled() if isinstance(pattern, LazyPattern) else pattern


class RuleTimeout(InputRejected):
    """A user-supplied pattern exceeded its time limit: that input is reported as not checked
    (one line naming the pack and the rule, exit 2) and the rest of the batch goes on."""


DataRule = PhraseRule | PatternRule
# Nested unbounded quantifiers such as (a+)+ or (\w*)* backtrack exponentially.
_NESTED_QUANTIFIER = re.compile(r"\((?:[^()\\]|\\.)*[+*]\)[+*{]")
USER_PATTERN_TIMEOUT = 1.0


def _as_tuple(value: object, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise PackError(f"{where}: expected a string or a list of strings")


def _expand_macros(pattern: str, macros: dict[str, str], where: str, depth: int = 0) -> str:
    """Replace {name} by the pack's macro, recursively (a macro may use another)."""
    if depth > 8:
        raise PackError(f"{where}: macros nest too deeply (a macro that refers to itself?)")

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in macros:
            raise PackError(f"{where}: unknown macro {{{name}}}")
        return _expand_macros(macros[name], macros, where, depth + 1)

    return _PLACEHOLDER.sub(replace, pattern)


def rule_from_table(
    table: dict[str, object],
    pack: dict[str, object],
    macros: dict[str, str],
    origin: str,
    trusted: bool = True,
) -> DataRule:
    where = f"{origin}: rule {table.get('id', '?')}"
    unknown = sorted(set(table) - _RULE_KEYS)
    if unknown:
        raise PackError(f"{where}: unknown key {unknown[0]!r}")
    for key in ("id", "name", "kind", "severity", "category", "message", "why"):
        if not isinstance(table.get(key), str):
            raise PackError(f"{where}: key {key!r} is missing or not a string")
    sources = _as_tuple(table.get("source", pack.get("source")), f"{where}: key 'source'")
    targets = _as_tuple(table.get("target", pack.get("target", ANY_LANGUAGE)), f"{where}: target")
    meta = RuleMeta(
        id=str(table["id"]),
        name=str(table["name"]),
        category=str(table["category"]),
        severity=table["severity"],  # type: ignore[arg-type]
        message=str(table["message"]),
        why=str(table["why"]),
        bad=_as_tuple(table.get("bad"), f"{where}: key 'bad'"),
        good=_as_tuple(table.get("good"), f"{where}: key 'good'"),
        targets=targets,
        sources=tuple(s for s in sources if s != ANY_LANGUAGE),
        weak=bool(table.get("weak", False)),
        origin=origin,
    )
    try:
        meta.validate()
    except ValueError as error:
        raise PackError(f"{origin}: {error}") from None
    suggestion = table.get("suggestion")
    if suggestion is not None and not isinstance(suggestion, str):
        raise PackError(f"{where}: key 'suggestion' must be a string")
    case_sensitive = bool(table.get("case_sensitive", False))
    kind = table["kind"]
    if kind == "phrase":
        phrases = _as_tuple(table.get("phrases"), f"{where}: key 'phrases'")
        if not phrases:
            raise PackError(f"{where}: key 'phrases' is missing or empty")
        per_phrase = table.get("suggestions", {})
        if not isinstance(per_phrase, dict):
            raise PackError(f"{where}: key 'suggestions' must be a table")
        return PhraseRule(
            meta,
            phrases,
            {str(k).lower(): str(v) for k, v in per_phrase.items()},
            suggestion,
            case_sensitive,
        )
    if kind == "pattern":
        raw = table.get("pattern")
        if not isinstance(raw, str):
            raise PackError(f"{where}: key 'pattern' is missing or not a string")
        triggers = _as_tuple(table.get("triggers"), f"{where}: key 'triggers'")
        if not triggers:
            raise PackError(f"{where}: key 'triggers' needs at least one literal word")
        expanded = _expand_macros(raw, macros, where)
        scope = table.get("scope", "sentence")
        if scope not in SCOPES:
            raise PackError(f"{where}: key 'scope' must be 'sentence' or 'paragraph', not {scope!r}")
        required = table.get("requires")
        if required is not None and not (isinstance(required, str) and required):
            raise PackError(f"{where}: key 'requires' must be a non-empty string")
        prerequisite = None if required is None else _expand_macros(required, macros, where)
        if trusted:
            # MULTILINE: a paragraph is matched from its offset, and "^" must mean the start of
            # its line (re's plain "^" only matches at the start of the whole text).
            flags = re.MULTILINE | (0 if case_sensitive else re.IGNORECASE)
            return PatternRule(
                meta,
                LazyPattern(expanded, flags, where),
                triggers,
                suggestion,
                scope=scope,
                requires=prerequisite and LazyPattern(prerequisite, flags, where, "requires"),
            )
        return PatternRule(
            meta,
            _compile_untrusted(expanded, case_sensitive, where),
            triggers,
            suggestion,
            USER_PATTERN_TIMEOUT,
            scope,
            prerequisite and _compile_untrusted(prerequisite, case_sensitive, where, "requires"),
        )
    raise PackError(f"{where}: key 'kind' must be 'phrase' or 'pattern', not {kind!r}")


def _compile_untrusted(
    pattern: str, case_sensitive: bool, where: str, key: str = "pattern"
) -> re.Pattern[str]:
    import regex

    if _NESTED_QUANTIFIER.search(pattern):
        raise PackError(
            f"{where}: key '{key}' nests unbounded quantifiers (like '(a+)+'), which can run "
            "for ever; rewrite it"
        )
    try:
        flags = regex.V0 | regex.MULTILINE | (0 if case_sensitive else regex.IGNORECASE)
        return regex.compile(pattern, flags)
    except regex.error as error:
        raise PackError(f"{where}: key '{key}' does not compile: {error}") from None


def load_pack(path: Path, origin: str | None = None, trusted: bool = True) -> list[DataRule]:
    origin = origin or str(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise PackError(f"{origin}: cannot read: {error}") from None
    except tomllib.TOMLDecodeError as error:
        raise PackError(f"{origin}: not valid TOML: {error}") from None
    pack = data.get("pack", {})
    macros = data.get("macros", {})
    if not isinstance(pack, dict) or not isinstance(macros, dict):
        raise PackError(f"{origin}: 'pack' and 'macros' must be tables")
    rules = data.get("rule", [])
    if not isinstance(rules, list):
        raise PackError(f"{origin}: 'rule' must be an array of tables ([[rule]])")
    for index, table in enumerate(rules):
        if not isinstance(table, dict):
            raise PackError(f"{origin}: rule number {index + 1} is not a table")
    return [rule_from_table(table, pack, macros, origin, trusted) for table in rules]
