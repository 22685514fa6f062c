"""UT001's fast paths (issue #7): _unsettled settles most sentences and quotations with C-level
maps, only the paragraphs holding the rest are visited, and straight quotes are searched alone when
the text has no other opener. The rule must find exactly what a check of every span finds."""

from __future__ import annotations

from unittest import mock

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import joined_texts

from tqcheck.model import Finding
from tqcheck.rules.base import Context
from tqcheck.rules.builtin import untranslated
from tqcheck.segment import segment

_WORDS = st.sampled_from(
    "the The of and to was that with said there about a in it’s Ministers met Brussels budget "
    "thereby others theater tothe "
    "le la les des est une dans pour que qui président quitté salle sans déclaration "
    "die der und ist nicht Regierung hat Pläne Montag vorgestellt das mit uns zu machen "
    "el los que por con una para tiene punto vista distinto il della che sono anche "
    "Ситуация остается напряженной правда 東京都庁舎 서울시 “ ” « » „ \" ' 1,800 — (AFP)".split(" ")
)
_SEPARATORS = st.sampled_from([" ", " ", " ", ", ", ". ", "? ", "\n", "\n\n", "\t", "\xa0", ": ", ""])


_TEXTS = joined_texts(_WORDS, _SEPARATORS, max_words=60)


def _findings(text: str, target: str) -> list[Finding]:
    rule = untranslated.UntranslatedSentence()
    return list(rule.check(Context(text, segment(text), target)))


def _every_span(text: str, target: str) -> list[Finding]:
    """The rule as it was: every sentence and quotation checked, with the full quotation pattern."""
    with (
        mock.patch.object(untranslated, "_unsettled", lambda _, starts, *__: list(range(len(starts)))),
        mock.patch.object(untranslated, "_STRAIGHT_QUOTATION", untranslated._QUOTATION),
    ):
        return _findings(text, target)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TEXTS, st.sampled_from(["en", "fr", "de"]))
def test_fast_paths_find_what_every_span_finds(text: str, target: str) -> None:
    assert _findings(text, target) == _every_span(text, target)


def test_a_word_cut_by_the_prefix_does_not_count() -> None:
    # The prefix ends inside "thereby": read as "there", it would be a second common word.
    lowered = "the " + "zzzz " * 11 + "thereby qqq."
    assert lowered[: untranslated._PREFIX_CHARACTERS].endswith(" there")
    assert untranslated._unsettled(lowered, [0], [len(lowered)], frozenset({"the", "there"})) == [0]


def test_unsettled_keeps_the_spans_without_two_common_words() -> None:
    lowered = "the cat sat on the mat. le chat. of the people, by the people."
    starts, ends = [0, 24, 33], [23, 32, 63]
    assert untranslated._unsettled(lowered, starts, ends, frozenset({"the", "of", "by"})) == [0, 1]
