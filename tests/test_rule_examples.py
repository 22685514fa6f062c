"""Every rule's own bad/good examples, run as a specification (LanguageTool style).

Bilingual (BI) examples read 'SOURCE ⇒ TARGET' (⟦⟧ marks in the target only, an optional
'[glossary: a → b]' prefix): the source goes to check() and offsets are into the target.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from tqcheck.api import Options, check
from tqcheck.rules.base import ANY_LANGUAGE, Context, RuleMeta, parse_example
from tqcheck.rules.data import LazyPattern, PatternRule
from tqcheck.rules.registry import load_rules
from tqcheck.scoring.bilingual import split_example
from tqcheck.segment import segment

CORPORA = Path(__file__).resolve().parent.parent / "corpora"

RULES = load_rules().metas()


def _languages(meta: RuleMeta) -> tuple[str, str | None]:
    target = "en" if ANY_LANGUAGE in meta.targets else meta.targets[0]
    return target, meta.sources[0] if meta.sources else None


def _report(meta: RuleMeta, text: str):  # type: ignore[no-untyped-def]
    target, source = _languages(meta)
    example = split_example(text)
    options = Options(target_lang=target, source_lang=source, select=(meta.id,), glossary=example.glossary)
    return check(example.target, options=options, source=example.source)


def _flagged(meta: RuleMeta, text: str) -> list[tuple[int, int]]:
    return [(f.start, f.end) for f in _report(meta, text).findings if f.rule == meta.id]


def _cases(kind: str) -> list[object]:
    return [
        pytest.param(meta, example, id=f"{meta.id}-{kind}{number}")
        for meta in RULES
        for number, example in enumerate(getattr(meta, kind))
    ]


@pytest.mark.parametrize(("meta", "example"), _cases("bad"))
def test_bad_example_flags_exactly_the_marked_spans(meta: RuleMeta, example: str) -> None:
    text, _ = parse_example(example)
    _, spans = parse_example(split_example(example).target)
    assert sorted(_flagged(meta, text)) == sorted((s.start, s.end) for s in spans)


@pytest.mark.parametrize(("meta", "example"), _cases("good"))
def test_good_example_is_silent(meta: RuleMeta, example: str) -> None:
    assert _flagged(meta, example) == []


def _fixable_cases() -> list[object]:
    """Bad examples for which the rule offers a fix (a truncated name, say, has none to offer)."""
    return [
        case
        for case in _cases("bad")
        if any(f.suggestions for f in _report(case.values[0], parse_example(case.values[1])[0]).findings)
    ]


@pytest.mark.parametrize(("meta", "example"), _fixable_cases())
def test_applying_the_suggestion_silences_the_rule(meta: RuleMeta, example: str) -> None:
    text, _ = parse_example(example)
    report = _report(meta, text)
    fixable = [f for f in report.findings if f.suggestions]
    assert fixable
    # A consistency finding's suggestion is the one form to use at every linked span.
    edits = sorted(
        {
            (span_start, span_end, finding.suggestions[0])
            for finding in fixable
            for span_start, span_end in [(finding.start, finding.end)]
            + [(s.start, s.end) for s in finding.related if finding.category == "fluency/inconsistency"]
        },
        reverse=True,
    )
    fixed = split_example(text).target
    prefix = text[: len(text) - len(fixed)]
    for start, end, replacement in edits:
        fixed = fixed[:start] + replacement + fixed[end:]
    assert _flagged(meta, prefix + fixed) == [], fixed


def test_every_builtin_pattern_compiles() -> None:
    for rule in load_rules().rules:
        if isinstance(rule, PatternRule) and isinstance(rule.pattern, LazyPattern):
            assert rule.pattern.compiled().pattern == rule.pattern.source
            if isinstance(rule.requires, LazyPattern):
                assert rule.requires.compiled().pattern == rule.requires.source


def _prefiltered_rules() -> list[object]:
    return [
        pytest.param(rule, id=rule.meta.id)
        for rule in load_rules().rules
        if isinstance(rule, PatternRule) and rule.requires is not None
    ]


@pytest.mark.parametrize("rule", _prefiltered_rules())
def test_requires_is_found_wherever_the_pattern_matches(rule: PatternRule) -> None:
    """A pattern's ``requires`` may only skip windows where the pattern finds nothing: checked
    on the rule's examples and every corpus text, on every sentence (or paragraph)."""
    texts = [parse_example(example)[0] for example in rule.meta.bad + rule.meta.good]
    texts += [path.read_text(encoding="utf-8") for path in sorted(CORPORA.glob("*/*.txt"))]
    matched = 0
    for text in texts:
        paragraphs = segment(text)
        context = Context(text, paragraphs, "en")
        scopes = context.all_sentences if rule.scope == "sentence" else paragraphs
        spans = [(scope.start, scope.end) for scope in scopes]
        unfiltered = list(replace(rule, requires=None).on_spans(context, spans))
        assert list(rule.on_spans(context, spans)) == unfiltered
        matched += len(unfiltered)
    assert matched >= len(rule.meta.bad)


def test_every_rule_has_examples_and_unique_id() -> None:
    ids = [meta.id for meta in RULES]
    assert len(ids) == len(set(ids))
    for meta in RULES:
        meta.validate()
