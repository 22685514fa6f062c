"""User-supplied rule packs are input too: clear errors, no catastrophic patterns, a time limit."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from tqcheck.api import Options, check
from tqcheck.rules import data
from tqcheck.rules.base import Context
from tqcheck.rules.data import PackError, RuleTimeout, load_pack
from tqcheck.segment import segment

_RULE = """
[[rule]]
id = "XX{number}"
name = "house-style"
kind = "pattern"
target = "en"
severity = "minor"
category = "terminology"
triggers = ["{trigger}"]
pattern = '''{pattern}'''
message = "House style."
why = "Our style guide says so."
bad = ["⟦{bad}⟧"]
good = ["fine"]
"""


def _pack(
    tmp_path: Path, pattern: str, trigger: str = "email", bad: str = "e-mail", number: str = "901"
) -> Path:
    path = tmp_path / "house.toml"
    path.write_text(_RULE.format(pattern=pattern, trigger=trigger, bad=bad, number=number), encoding="utf-8")
    return path


def test_a_user_pattern_rule_runs_with_the_builtin_rules(tmp_path: Path) -> None:
    pack = _pack(tmp_path, r"\be-?mail\b", trigger="mail")
    report = check("Send an e-mail today.", options=Options(target_lang="en", rule_packs=(pack,)))
    assert [(f.rule, f.text) for f in report.findings if f.rule == "XX901"] == [("XX901", "e-mail")]


def test_malformed_toml_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.toml"
    path.write_text("[[rule]\nid = ", encoding="utf-8")
    with pytest.raises(PackError, match=r"broken\.toml: not valid TOML"):
        load_pack(path, trusted=False)


def test_unknown_key_and_missing_key_are_named(tmp_path: Path) -> None:
    path = _pack(tmp_path, "x")
    path.write_text(path.read_text().replace('severity = "minor"', 'severty = "minor"'), encoding="utf-8")
    with pytest.raises(PackError, match=r"house\.toml: rule XX901: unknown key 'severty'"):
        load_pack(path, trusted=False)


def test_nested_quantifiers_are_rejected_at_load(tmp_path: Path) -> None:
    with pytest.raises(PackError, match="nests unbounded quantifiers"):
        load_pack(_pack(tmp_path, r"(a+)+b"), trusted=False)


def test_a_pattern_that_cannot_finish_hits_its_time_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(data, "USER_PATTERN_TIMEOUT", 0.05)
    # Exponential backtracking that the static check cannot see: an ambiguous alternation.
    pack = _pack(tmp_path, r"(?:a|a)*c", trigger="a", bad="aac")
    text = "a" * 40 + "!c"
    with pytest.raises(RuleTimeout, match=r"rule XX901 gave up after 0\.05 s"):
        check(text, options=Options(target_lang="en", rule_packs=(pack,), select=("XX",)))


def test_duplicate_rule_id_with_a_builtin_is_an_error(tmp_path: Path) -> None:
    pack = _pack(tmp_path, "x", number="901").read_text().replace("XX901", "CQ101")
    path = tmp_path / "dup.toml"
    path.write_text(pack, encoding="utf-8")
    with pytest.raises(PackError, match="rule id CQ101 already used"):
        check("text", options=Options(target_lang="en", rule_packs=(path,)))


def _scoped(tmp_path: Path, scope: str | None) -> Path:
    # A pattern that needs two sentences: "ends." then a capitalised "Then" in the next one.
    path = _pack(tmp_path, r"^Then\b|ends\.\s+Then", trigger="then", bad="Then")
    if scope is not None:
        text = path.read_text().replace('kind = "pattern"', f'kind = "pattern"\nscope = "{scope}"')
        path.write_text(text, encoding="utf-8")
    return path


def test_a_pattern_sees_one_sentence_and_caret_is_its_start(tmp_path: Path) -> None:
    pack = _scoped(tmp_path, None)
    report = check("The story ends. Then we go home.", options=Options(target_lang="en", rule_packs=(pack,)))
    assert [f.text for f in report.findings if f.rule == "XX901"] == ["Then"]


def test_a_paragraph_scoped_pattern_matches_across_sentences(tmp_path: Path) -> None:
    pack = _scoped(tmp_path, "paragraph")
    report = check("The story ends. Then we go home.", options=Options(target_lang="en", rule_packs=(pack,)))
    assert [f.text for f in report.findings if f.rule == "XX901"] == ["ends. Then"]


def test_an_unknown_scope_is_named(tmp_path: Path) -> None:
    with pytest.raises(PackError, match=r"house\.toml: rule XX901: key 'scope' must be 'sentence' or"):
        load_pack(_scoped(tmp_path, "document"), trusted=False)


def _with_requires(path: Path, requires: str) -> Path:
    text = path.read_text(encoding="utf-8").replace(
        'message = "House style."', f"requires = '''{requires}'''\nmessage = \"House style.\""
    )
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("trusted", [True, False])
def test_a_pattern_runs_only_where_its_requires_pattern_is_found(tmp_path: Path, trusted: bool) -> None:
    # "requires" is a promise that every match contains it: windows without it are skipped.
    pack = _with_requires(_pack(tmp_path, r"\be-?mail\b", trigger="mail"), r"-")
    (rule,) = load_pack(pack, trusted=trusted)
    text = "Send an e-mail today. Then an email."
    paragraphs = segment(text)
    context = Context(text, paragraphs, "en")
    spans = [(s.start, s.end) for s in context.all_sentences]
    assert [f.text for f in rule.on_spans(context, spans)] == ["e-mail"]
    assert [f.text for f in replace(rule, requires=None).on_spans(context, spans)] == ["e-mail", "email"]


@pytest.mark.parametrize(
    ("requires", "error"),
    [("", "key 'requires' must be a non-empty string"), ("(", "key 'requires' does not compile")],
)
@pytest.mark.parametrize("trusted", [True, False])
def test_a_bad_requires_pattern_is_named(tmp_path: Path, requires: str, error: str, trusted: bool) -> None:
    pack = _with_requires(_pack(tmp_path, r"\be-?mail\b", trigger="mail"), requires)
    with pytest.raises(PackError, match=rf"house\.toml: rule XX901: {error}"):
        for rule in load_pack(pack, trusted=trusted):
            if isinstance(rule, data.PatternRule) and isinstance(rule.requires, data.LazyPattern):
                rule.requires.compiled()  # trusted patterns compile on first use


def test_compiling_ahead_of_the_workers_leaves_a_broken_pattern_to_its_own_check(tmp_path: Path) -> None:
    # --jobs compiles every pattern loaded in the process before forking; a broken trusted pack
    # loaded earlier (by another check of a long-running process) must not fail this one.
    (rule,) = load_pack(_with_requires(_pack(tmp_path, r"\be-?mail\b", trigger="mail"), "("), trusted=True)
    data.LazyPattern.compile_all()
    text = "Send an e-mail today."
    context = Context(text, segment(text), "en")
    with pytest.raises(PackError, match=r"house\.toml: rule XX901: key 'requires' does not compile"):
        list(rule.on_spans(context, [(0, len(text))]))
