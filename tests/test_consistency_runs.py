"""CN001's third round of fast paths (issue #7): lower-case uses are ruled out by one split of
the text into runs of ASCII letters, digits and hyphens; the grouping of names is skipped when no
two keys can meet; the curated-table filter is cached per spelling. Each must give exactly what
the straightforward code gives."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import joined_texts

from tqcheck.model import Finding
from tqcheck.rules import lower_case_uses
from tqcheck.rules.base import Context
from tqcheck.rules.builtin import consistency
from tqcheck.rules.builtin.consistency import NameVariants, _Tokens
from tqcheck.rules.name_keys import HOMOGRAPHS, curated_groups, transliteration_key
from tqcheck.segment import segment

_WORDS = st.sampled_from(
    "Kyiv kyiv Kiev KYIV this This there There league League town the a zürich Zürich rich Rich "
    "söder Söder Soeder soeder Sánchez sánchez sanchez jean-luc Jean-Luc Jean Luc luc o'brien "
    "O'Brien o’brien O’Brien Dell'Orto dell'orto Mohammed Mohammad mohammed İstanbul istanbul i̇stanbul "
    "ΣΑΣ σας Σας Straße straße strasse Søren søren ǅemal ǆemal Ⅻ Kelvin kelvin ſource x_y 42 "
    "Moscow moscow MOSCOW Muscovite Peskov peskov Peskova naïve Naïve café Café".split()
)
_SEPARATORS = st.sampled_from(
    [" ", " ", ", ", ". ", "’s ", "'s ", "-", "—", "–", "\xa0", "“", "” ", "é", "ü", "_", "1", "'", "’", ""]
)
_SETTINGS = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


_TEXTS = joined_texts(_WORDS, _SEPARATORS, max_words=40)


def _context(text: str, target: str = "en") -> Context:
    return Context(text, segment(text), target)


def _used_by_automaton(text: str, forms: set[str]) -> set[str]:
    """The exact search: one automaton pass over the text, the first use of each form."""
    return {form for _, form in lower_case_uses.lower_case_hits(text, forms, first_only=True)}


@_SETTINGS
@given(_TEXTS, st.sets(_WORDS.map(str.lower) | _WORDS, max_size=20))
def test_runs_find_exactly_the_forms_used_in_lower_case(text: str, extra: set[str]) -> None:
    forms = {surface.lower() for surface in _Tokens(text).surfaces} | extra
    assert lower_case_uses.used_in_lower_case(_context(text), forms) == _used_by_automaton(text, forms)


@_SETTINGS
@given(_TEXTS)
def test_many_possible_forms_take_the_automaton_and_agree(text: str) -> None:
    forms = {word.lower() for word in text.replace("-", " ").split()} | {"kyiv", "rich", "luc", "söder"}
    text = text + " " + " ".join(sorted(forms))  # every form possible: past the one-by-one limit
    assert lower_case_uses.used_in_lower_case(_context(text), forms) == _used_by_automaton(text, forms)


def test_a_run_beside_a_non_ascii_letter_is_no_use() -> None:
    text = "Zürich and Rich. The riche man, Riche, said zürich’s rich."
    assert lower_case_uses.used_in_lower_case(_context("Zürich is big."), {"rich"}) == set()
    forms = {"rich", "riche", "zürich"}
    assert lower_case_uses.used_in_lower_case(_context(text), forms) == forms
    assert lower_case_uses.used_in_lower_case(_context("In “kyiv” today"), {"kyiv"}) == {"kyiv"}


def test_a_form_with_a_character_runs_do_not_keep_is_looked_up_in_pieces() -> None:
    # Found by the randomized test above: "_" (like "'") splits a form into two runs, so the form
    # is never one run of the text, yet "x_y" is a whole token here.
    for form in ("x_y", "a.b", "o'brien"):
        text = f"{form} and {form.upper()}"
        assert lower_case_uses.used_in_lower_case(_context(text), {form}) == {form}
        assert lower_case_uses.used_in_lower_case(_context(form.upper()), {form}) == set()


def _unseen_names_uncached(surfaces: list[str]) -> dict[str, str]:
    names: dict[str, str] = {}
    for surface in dict.fromkeys(surfaces):
        lowered = surface.lower()
        if len(surface) < 4 or lowered in curated_groups() or lowered in HOMOGRAPHS:
            continue
        if len(surface) < 6 and "§" in transliteration_key(surface):
            continue
        names[surface] = lowered
    return names


@_SETTINGS
@given(_TEXTS)
def test_cached_name_filter_matches_the_plain_one(text: str) -> None:
    surfaces = [*_Tokens(text).surfaces, "Marsh", "March", "Kiev", "Bill", "Lukashenko"]
    assert list(consistency._unseen_names(surfaces).items()) == list(_unseen_names_uncached(surfaces).items())


def _as_tuples(findings: list[Finding]) -> list[tuple[object, ...]]:
    return [(f.start, f.end, f.message, tuple(f.suggestions), tuple(f.related)) for f in findings]


@_SETTINGS
@given(_TEXTS, st.sampled_from(["en", "fr", "de"]))
def test_skipping_the_grouping_loses_no_finding(text: str, target: str) -> None:
    rule, tokens = NameVariants(), _Tokens(text)
    expected = _as_tuples(list(rule._generic(_context(text, target), tokens)))
    original = consistency.may_share_a_root
    consistency.may_share_a_root = lambda spellings: True  # type: ignore[assignment]
    try:
        grouped = _as_tuples(list(rule._generic(_context(text, target), tokens)))
    finally:
        consistency.may_share_a_root = original
    assert grouped == expected


def test_vowel_variants_are_never_skipped() -> None:
    assert consistency.may_share_a_root(["Mohammed", "Mohammad"])
    assert consistency.may_share_a_root(["Kyiv", "Kiev"]) is False  # keys differ, too short to merge
    assert consistency.may_share_a_root(["Söder", "Soeder"])
    assert not consistency.may_share_a_root(["Peskov", "PESKOV", "Zelensky"])


@_SETTINGS
@given(_TEXTS)
def test_indexes_by_surface_match_a_loop_over_the_tokens(text: str) -> None:
    tokens = _Tokens(text)
    wanted = set(tokens.surfaces[::2]) | {"Kyiv"}
    expected: dict[str, list[int]] = {}
    for index, surface in enumerate(tokens.surfaces):
        if surface in wanted:
            expected.setdefault(surface, []).append(index)
    assert tokens.indexes_by_surface(wanted) == expected
