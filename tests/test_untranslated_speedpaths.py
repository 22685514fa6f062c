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


def test_the_rest_after_the_first_chunks_counts_only_as_one_chunk() -> None:
    # Split in _FIRST_CHUNKS chunks and the rest: "of" alone there is a chunk, "of the" is not
    # one, and a trailing space keeps "of " from matching until the full split.
    words = frozenset({"the", "of"})
    filler = "the" + " zzz" * (untranslated._FIRST_CHUNKS - 1)
    for rest in ("of", "of the", "of  ", "zzz of"):
        lowered = f"{filler} {rest}"
        assert untranslated._unsettled(lowered, [0], [len(lowered)], words) == []
    lowered = f"{filler} zzz thereof"
    assert untranslated._unsettled(lowered, [0], [len(lowered)], words) == [0]


_CHUNKS = st.sampled_from([*"the of by there thereof theory often bye z of. the,".split(), "", "\n", "\xa0"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(_CHUNKS, max_size=30).map(" ".join), max_size=6), st.sampled_from([" ", "\n", "  "]))
def test_unsettled_is_the_plain_count_of_common_chunks(spans: list[str], gap: str) -> None:
    words = frozenset({"the", "of", "by"})
    lowered = gap.join(spans)
    starts = [sum(len(span) + len(gap) for span in spans[:index]) for index in range(len(spans))]
    ends = [start + len(span) for start, span in zip(starts, spans, strict=True)]
    plain = [at for at, span in enumerate(spans) if len(words.intersection(span.split())) < 2]
    assert untranslated._unsettled(lowered, starts, ends, words) == plain


def test_unsettled_keeps_the_spans_without_two_common_words() -> None:
    lowered = "the cat sat on the mat. le chat. of the people, by the people."
    starts, ends = [0, 24, 33], [23, 32, 63]
    assert untranslated._unsettled(lowered, starts, ends, frozenset({"the", "of", "by"})) == [0, 1]


_EDGES = st.sampled_from(
    list("aé“\u03ff\u0400\u04ff\u0500\u2fff\u3000\u303f\u3040\u9fff\ud7af\ud7b0\ud800\udfff\ue000")
)


@settings(max_examples=500, deadline=None)
@given(st.text(st.one_of(_EDGES, st.characters(blacklist_categories=())), max_size=20))
def test_the_byte_pretest_misses_no_foreign_script(text: str) -> None:
    if not untranslated._may_hold_foreign_script(text):
        assert untranslated._FOREIGN_SCRIPT_CHAR.search(text) is None


def test_the_byte_pretest_sees_every_character_of_the_class() -> None:
    # A text's UTF-8 bytes are those of its characters in a row, and the class holds characters
    # of the Basic Multilingual Plane alone: checking each of these one by one settles every text.
    characters = map(chr, range(0x10000))
    missed = [
        c
        for c in characters
        if untranslated._FOREIGN_SCRIPT_CHAR.match(c) and not untranslated._may_hold_foreign_script(c)
    ]
    assert missed == []
