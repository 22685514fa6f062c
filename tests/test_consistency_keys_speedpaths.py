"""CN001's fourth round of fast paths (issue #7): the root test keeps one cached list of keys and
vowel masks per spelling, the proper-noun test needs no dict of spellings, and the hyphenation
test finds neighbours by list.index. Each must give exactly what the straightforward code gives."""

from __future__ import annotations

import itertools
import operator
from collections.abc import Iterator

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import joined_texts

from tqcheck.model import Finding
from tqcheck.rules.base import Context
from tqcheck.rules.builtin import consistency
from tqcheck.rules.builtin.consistency import NameVariants, _Tokens
from tqcheck.rules.lower_case_uses import Occurrence
from tqcheck.rules.name_keys import MIN_VOWEL_VARIANT, may_share_a_root, transliteration_key
from tqcheck.segment import segment

_WORDS = st.sampled_from(
    "Kyiv kyiv Kiev KYIV Mohammed Mohammad MOHAMMED mohammed Muhammad Söder Soeder Jean-Luc Jean Luc "
    "jean-luc Dell'Orto Dellorto De Rossi Derossi Pérez-Ortega Perez Ortega Krstvnk Krstvnc There "
    "there This this the council Council Clermontois clermontois le la Prado Museo del İstanbul "
    "istanbul ΣΑΣ Σας σας Straße Strasse Søren søren ǅemal Ⅻ Lukashenko Loukachenko Le Pen Lepen Le-Pen "
    "Di Maio x_y 42".split()
)
_SEPARATORS = st.sampled_from([" ", " ", " ", ", ", ". ", "  ", "\n\n", "-", "'", "“", "” ", ": ", ""])
_SETTINGS = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
_TEXTS = joined_texts(_WORDS, _SEPARATORS, max_words=40)


def _context(text: str, target: str = "en") -> Context:
    return Context(text, segment(text), target)


def _as_tuples(findings: Iterator[Finding]) -> list[tuple[object, ...]]:
    return [(f.start, f.end, f.message, tuple(f.suggestions), tuple(f.related)) for f in findings]


def _may_share_a_root_plainly(spellings: list[str]) -> bool:
    keys = [transliteration_key(s) for s in spellings if not s.isupper()]
    masks = [key.translate(str.maketrans("aeiou", "*****")) for key in keys if len(key) >= MIN_VOWEL_VARIANT]
    return len(set(keys)) < len(keys) or len(set(masks)) < len(masks)


def _vowel_variants(word: str) -> st.SearchStrategy[list[str]]:
    """The word and a copy with one letter turned into a vowel: keys one inner vowel apart."""
    return st.tuples(st.integers(0, len(word) - 1), st.sampled_from("aeiou")).map(
        lambda change: [word, word[: change[0]] + change[1] + word[change[0] + 1 :]]
    )


_SPELLINGS = _WORDS | st.text("aeiouvkrstnm§AEIOUVK", min_size=1, max_size=9)
_VARIANTS = st.text("aeiouvkrstnm", min_size=5, max_size=9).map(str.capitalize).flatmap(_vowel_variants)


@_SETTINGS
@given(
    st.lists(_SPELLINGS, max_size=12),
    st.lists(_VARIANTS, max_size=2).map(lambda v: list(itertools.chain(*v))),
)
def test_root_signatures_find_what_keys_and_masks_find(spellings: list[str], variants: list[str]) -> None:
    spellings = spellings + variants
    assert may_share_a_root(spellings) == _may_share_a_root_plainly(spellings)


def test_a_key_without_vowels_does_not_meet_its_own_mask() -> None:
    # "krstvnk" masks to itself: keys and masks must not be compared with each other.
    assert not may_share_a_root(["Krstvnk"])
    assert may_share_a_root(["Krstvnk", "Krstvnc"])


@_SETTINGS
@given(st.lists(st.integers(0, 4), max_size=30))
def test_neighbours_one_apart_match_a_loop_over_the_gaps(gaps: list[int]) -> None:
    starts, ends, at = [], [], 0
    for gap in gaps:
        starts.append(at)
        ends.append(at + 2)
        at += 2 + gap
    expected = [index for index in range(len(starts) - 1) if starts[index + 1] - ends[index] == 1]
    assert list(consistency._one_apart(starts, ends)) == expected


def _proper_forms_plainly(
    context: Context, tokens: _Tokens, names: dict[str, str], forms: set[str]
) -> set[str]:
    return {
        names[surface]
        for index, surface in enumerate(tokens.surfaces)
        if names.get(surface) in forms
        and consistency._mid_sentence(context, tokens.starts[index])
        and consistency._standalone(context.text, tokens, index)
        and not (
            context.target in consistency._DEMONYM_NOUNS
            and consistency._after_determiner(context.text, tokens.starts[index])
        )
    }


@_SETTINGS
@given(_TEXTS, st.sampled_from(["en", "fr", "de"]))
def test_proper_forms_match_a_loop_over_every_token(text: str, target: str) -> None:
    context, tokens = _context(text, target), _Tokens(text)
    names = consistency._unseen_names(tokens.surfaces)
    forms = set(names.values())
    assert NameVariants._proper_forms(context, tokens, names, forms) == _proper_forms_plainly(
        context, tokens, names, forms
    )
    some = set(itertools.islice(forms, 0, None, 2))
    assert NameVariants._proper_forms(context, tokens, names, some) == _proper_forms_plainly(
        context, tokens, names, some
    )


def _hyphenation_plainly(rule: NameVariants, context: Context, tokens: _Tokens) -> Iterator[Finding]:
    """The former code: a dict of keys per distinct spelling, the gaps by a mapped comparison."""
    text = context.text
    single_keys = {s: transliteration_key(s) for s in dict.fromkeys(tokens.surfaces) if len(s) >= 5}
    known = set(single_keys.values())
    starts, ends, surfaces = tokens.starts, tokens.ends, tokens.surfaces
    gaps = map(operator.sub, starts[1:], ends)
    pairs: dict[str, list[Occurrence]] = {}
    for left in itertools.compress(itertools.count(), map((1).__eq__, gaps)):
        if text[ends[left]] != " ":
            continue
        key = transliteration_key(surfaces[left] + surfaces[left + 1])
        if key in known:
            start, end = starts[left], ends[left + 1]
            pairs.setdefault(key, []).append(Occurrence(start, end, text[start:end]))
    if not pairs:
        return
    singles: dict[str, list[Occurrence]] = {}
    for index, surface in enumerate(surfaces):
        key = single_keys.get(surface)
        if key in pairs:
            singles.setdefault(key, []).append(tokens.at(index))
    for key in sorted(pairs):
        single = singles[key]
        members = sorted(single + pairs[key], key=lambda o: o.start)
        joined_wins = len(single) > len(pairs[key]) or (
            len(single) == len(pairs[key]) and any(c in single[0].surface for c in "-'’")
        )
        preferred = single[0].surface if joined_wins else pairs[key][0].surface
        yield consistency._finding(rule, context, members, preferred)


@_SETTINGS
@given(_TEXTS)
def test_hyphenation_matches_the_former_code(text: str) -> None:
    rule, context, tokens = NameVariants(), _context(text), _Tokens(text)
    expected = _as_tuples(_hyphenation_plainly(rule, context, tokens))
    assert _as_tuples(rule._hyphenation(context, tokens)) == expected


def test_hyphenation_keeps_the_shortest_single_and_no_shorter() -> None:
    text = (
        "Jean-Luc Martin won. Later, Jean Luc Martin thanked De Rossi, Derossi, Le Pen, Lepen, Al Ba, Alba."
    )
    rule, context, tokens = NameVariants(), _context(text), _Tokens(text)
    found = _as_tuples(rule._hyphenation(context, tokens))
    assert len(found) == 3  # "Alba" is too short to count as a joined name
    assert found == _as_tuples(_hyphenation_plainly(rule, context, tokens))
