"""The fast paths of CN001 (issue #7): lower-case uses are found by scanning the text itself
before the costlier mid-sentence test, sentence starts are looked up rather than collected, and
tokens are kept as parallel lists. Each must give exactly what the straightforward code gives."""

from __future__ import annotations

import sys
from collections.abc import Container, Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import joined_texts

from tqcheck.model import Finding
from tqcheck.rules import lower_case_uses
from tqcheck.rules.base import Context
from tqcheck.rules.builtin import consistency
from tqcheck.rules.builtin.consistency import NameVariants, _Tokens
from tqcheck.rules.lower_case_uses import Occurrence
from tqcheck.segment import segment

_WORDS = st.sampled_from(
    "Kyiv kyiv Kiev KYIV Zaporizhzhia zaporizhzhia Vladimir Putin putin Museo del Prado prado "
    "There there This this the a council Council Jean-Luc Jean Luc jean-luc Dell'Orto Dellorto "
    "dell'orto O'Brien o'brien Mohammed Mohammad mohammed İstanbul istanbul ΣΑΣ σας Σας Straße "
    "strasse Søren søren ǅemal ǆemal Ⅻ Clermontois clermontois le Marsh marsh Welsh Welch x_y 42".split()
)
_SEPARATORS = st.sampled_from(
    [" ", " ", " ", ", ", ". ", "? ", ": ", " “", "” ", ". “", ". (", "\n\n“", "\n", "\n\n", "-", "'", ""]
)


_TEXTS = joined_texts(_WORDS, _SEPARATORS, max_words=40)


def _context(text: str, target: str = "en") -> Context:
    return Context(text, segment(text), target)


def _sentence_first_words(context: Context) -> set[int]:
    """The former collection of every sentence's first word character."""
    firsts = set()
    for sentence in context.all_sentences:
        first = consistency._FIRST_WORD.search(context.text, sentence.start, sentence.end)
        if first:
            firsts.add(first.start())
    return firsts


def _hits_in_lowered(context: Context, forms: set[str]) -> list[Occurrence]:
    """The former search: the lower-cased text, then only the hits written in lower case."""
    text, found = context.text, []
    if not forms:
        return found
    for last, form in lower_case_uses.automaton_of(sorted(forms)).iter(context.lowered):
        start = last - len(form) + 1
        surface = text[start : last + 1]
        edges = lower_case_uses.is_token_edge(text, start - 1) and lower_case_uses.is_token_edge(
            text, last + 1
        )
        if edges and surface.islower():
            found.append(Occurrence(start, last + 1, surface))
    return found


def _generic_checking_every_name(rule: NameVariants, context: Context, tokens: _Tokens) -> Iterator[Finding]:
    """The rule's former order: the mid-sentence test for every name, then the lower-case uses
    of the names that pass it."""
    names = consistency._unseen_names(tokens.surfaces)
    proper = rule._proper_forms(context, tokens, names, rule._lower_cased_forms(context, names))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(consistency, "lower_case_uses", lambda c, forms: _hits_in_lowered(c, proper))
        yield from rule._generic(context, tokens)


def _as_tuples(findings: Iterator[Finding]) -> list[tuple[object, ...]]:
    return [(f.start, f.end, f.message, tuple(f.suggestions), tuple(f.related)) for f in findings]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TEXTS, st.sampled_from(["en", "fr", "de"]))
def test_generic_names_match_the_former_order(text: str, target: str) -> None:
    rule, context = NameVariants(), _context(text, target)
    tokens = _Tokens(text)
    expected = _as_tuples(_generic_checking_every_name(rule, _context(text, target), tokens))
    assert _as_tuples(rule._generic(context, tokens)) == expected


@settings(max_examples=300, deadline=None)
@given(_TEXTS)
def test_sentence_start_lookup_matches_the_collected_starts(text: str) -> None:
    context = _context(text)
    firsts = _sentence_first_words(context)
    for start in _Tokens(text).starts:
        assert consistency._starts_sentence(context, start) == (start in firsts)


@settings(max_examples=300, deadline=None)
@given(_TEXTS)
def test_lower_case_uses_match_a_search_of_the_lowered_text(text: str) -> None:
    context = _context(text)
    forms = {surface.lower() for surface in _Tokens(text).surfaces} | {"kyiv", "prado", "søren"}
    assert lower_case_uses.lower_case_uses(context, forms) == _hits_in_lowered(context, forms)


def test_no_lower_case_or_uncased_character_changes_under_lower() -> None:
    # Why scanning the text finds what scanning its lower-cased copy finds (see _lower_case_hits).
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        if len(char.lower()) == 1 and char.lower() != char:
            assert char.isupper() or char.istitle(), hex(code)


def test_tokens_are_the_capitalised_matches() -> None:
    text = "Jean-Luc met Dell'Orto and O'Brien in Kyiv; McDonald ate. ÉTÉ"
    tokens = _Tokens(text)
    matches = list(consistency._CAPITALISED.finditer(text))
    assert tokens.surfaces == [m.group() for m in matches]
    assert [tokens.at(i) for i in range(len(matches))] == [(m.start(), m.end(), m.group()) for m in matches]


@settings(max_examples=200, deadline=None)
@given(_TEXTS)
def test_first_lower_case_use_of_each_form_gives_the_forms_of_all_uses(text: str) -> None:
    context = _context(text)
    forms = {surface.lower() for surface in _Tokens(text).surfaces} | {"kyiv", "prado", "this"}
    all_uses = {o.surface for o in lower_case_uses.lower_case_uses(context, forms)}
    assert lower_case_uses.used_in_lower_case(context, forms) == all_uses


def test_many_inconsistent_names_are_collected_in_one_pass_over_the_tokens() -> None:
    # A pass per name grows with names × length: the scaling benchmark's names table caught one.
    pairs = [("Kuleba", "Kouleba"), ("Vasylenko", "Vasilenko"), ("Podolyak", "Podoliak")]
    text = " ".join(f"Minister {a} spoke. Later {b} agreed." for a, b in pairs)
    calls: list[int] = []
    original = _Tokens.occurrences

    def counted(tokens: _Tokens, wanted: Container[str]) -> list[Occurrence]:
        calls.append(1)
        return original(tokens, wanted)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_Tokens, "occurrences", counted)
        findings = list(NameVariants()._generic(_context(text), _Tokens(text)))
    assert len(findings) == len(pairs)
    assert len(calls) == 1
