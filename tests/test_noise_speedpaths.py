"""The fast paths of MN001–MN004, BP001–BP004, TY009 and TY010 (issue #7) search only the few
paragraphs that cheap scans pick: they must find exactly what a search of every paragraph finds,
at paragraph edges, across sentences, with apostrophes and with case-folding oddities."""

from __future__ import annotations

import itertools
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from unittest import mock

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tqcheck import furniture
from tqcheck.model import Finding
from tqcheck.rules import noise_candidates
from tqcheck.rules.base import Context, Rule
from tqcheck.rules.builtin import boilerplate, glued, noise
from tqcheck.segment import segment

_WORDS = st.sampled_from(
    "the The THE a an of it's it’s don't x'y 'tis dogs' rock'n'roll city was taken New York had "
    "very café Café naïve ΣΑΣ σας İstanbul istanbul ı ſource Source link source: Leave a Reply "
    "read more Read More see also Photo: Photos\t: AFP/Getty © &nbsp; <br> DonetskThe "
    'yesterdayHowever ÉtéThe Tthe Sshe Aaron einemBericht 1-1 2 2 “ ” „ « » ( ) [ ] " 5\'11" ²" '
    "x_y москва в ᲀ читайте также DIRECT. LIVE: Tags: like this: loading... employee already".split(" ")
)
_SEPARATORS = st.sampled_from(
    [" ", " ", ", ", ". ", "? ", "\n", "\n\n", "\r\n\r\n", "\r\r", "\n\n  ", "\t", "\xa0", "-", "'", "’", ""]
)


@st.composite
def _texts(draw: st.DrawFn) -> str:
    parts = draw(st.lists(st.tuples(_WORDS, _SEPARATORS).map("".join), max_size=50))
    for _ in range(draw(st.integers(0, 3))):  # loops, doubled words, duplicated sentences
        if parts:
            start = draw(st.integers(0, len(parts) - 1))
            unit = parts[start : start + draw(st.integers(1, 12))]
            at = draw(st.integers(0, len(parts)))
            parts[at:at] = unit * draw(st.integers(1, 3))
    return "".join(parts)


_SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _findings(rule: Rule, text: str, target: str = "en") -> list[Finding]:
    return list(rule.check(Context(text, segment(text), target)))


@contextmanager
def _every_paragraph(text: str) -> Iterator[None]:
    """The rules as they were: every paragraph (and sentence) searched."""
    with (
        mock.patch.object(noise_candidates, "_candidates", lambda context: None),
        mock.patch.object(boilerplate, "_CASELESS_ONLY", text or "x"),
        mock.patch.object(Context, "paragraphs_holding", lambda context, offsets: context.paragraphs),
    ):
        yield


@_SETTINGS
@given(_texts(), st.sampled_from(["en", "de"]), st.sampled_from([noise_candidates._SKETCH_CHARACTERS, 40]))
def test_the_fast_paths_find_what_a_search_of_every_paragraph_finds(
    text: str, target: str, stretch: int
) -> None:
    # A long document is sketched in stretches of paragraphs: a short stretch tries that here.
    rules = [
        noise.RepeatedWord(),
        noise.NgramLoop(),
        noise.DuplicatedSentence(),
        boilerplate.ScraperLeftover(),
        boilerplate.InlinePhotoCredit(),
        boilerplate.HtmlLeftover(),
        glued.DoubledInitial(),
    ]
    with mock.patch.object(noise_candidates, "_SKETCH_CHARACTERS", stretch):
        fast = [_findings(rule, text, target) for rule in rules]
    with _every_paragraph(text):
        assert fast == [_findings(rule, text, target) for rule in rules]


@_SETTINGS
@given(_texts())
def test_case_changes_are_the_lower_case_letters_before_a_capital(text: str) -> None:
    expected = [match.end() for match in re.finditer("[a-zà-ÿ](?=[A-ZÀ-Ý])", text)]
    assert glued._case_changes(text) == expected


@_SETTINGS
@given(_texts())
def test_the_marks_are_counted_in_the_paragraphs_that_hold_them(text: str) -> None:
    rule, paragraphs = noise.UnbalancedMarks(), segment(text)
    starts = [paragraph.start for paragraph in paragraphs]
    inches = [at for at, char in enumerate(text) if char == '"' and at > 0 and text[at - 1].isdigit()]
    assert rule._inch_marks(text) == inches
    odd = []
    for position, paragraph in enumerate(paragraphs):
        quotes = [at for at in range(paragraph.start, paragraph.end) if text[at] == '"' and at not in inches]
        assert rule._odd_straight_quote(text, paragraph.start, paragraph.end, inches) == (
            quotes[-1] if len(quotes) % 2 else None
        )
        if len(quotes) % 2:
            odd.append(position)
    assert rule._odd_quote_paragraphs(text, paragraphs, starts, inches) == odd
    assert rule._holding_pairs(text, paragraphs, starts, list(noise._PAIRS)) == {
        position
        for position, paragraph in enumerate(paragraphs)
        if any(char in text[paragraph.start : paragraph.end] for pair in noise._PAIRS for char in pair)
    }


def test_loops_of_apostrophe_words_and_doubles_at_paragraph_edges_are_found() -> None:
    # Eight words with an apostrophe are sixteen runs of the sketch; a loop may span sentences.
    loop = "it's he'd we'll they're don't can't won't I'm"
    text = f"Had had the talks ended.\n\n{loop} {loop} so.\n\nIt is done. It is done.\n\nThe end the end"
    assert [f.text for f in _findings(noise.RepeatedWord(), text)] == []
    assert [f.text for f in _findings(noise.NgramLoop(), text)] == [
        f"{loop} {loop}",
        "It is done. It is done",
        "The end the end",
    ]
    assert [f.text for f in _findings(noise.RepeatedWord(), "Don't don't stop.\n\nx\n\nstop stop")] == [
        "Don't don't",
        "stop stop",
    ]


def test_a_double_that_only_case_insensitive_matching_sees_is_found() -> None:
    # A legitimate "had had" opens the paragraph to the search, which then matches İl ~ il and
    # ΣΑΣ ~ σασ although their lowered forms differ: such a paragraph must not be skipped.
    for text in ("İl il: it had had.", "ΣΑΣ σασ: it had had."):
        assert [f.text for f in _findings(noise.RepeatedWord(), text)] == [text.split(":")[0]]


def test_the_lowered_text_stands_in_only_where_no_character_folds_unlike_str_lower() -> None:
    # Case-insensitive matching pairs these with a letter of a furniture phrase, str.lower()
    # does not: boilerplate._CASELESS_ONLY must list each, or a lowered search misses furniture.
    phrase_letters = {c for c in re.sub(r"\\.", "", furniture.FURNITURE_PHRASES) if c.lower() != c.upper()}
    caseless = re.compile("(?i)[" + "".join(sorted(phrase_letters)) + "]")
    folding = {
        char
        for char in map(chr, range(sys.maxunicode + 1))
        if caseless.match(char) and char.lower() not in phrase_letters
    }
    assert folding <= set(boilerplate._CASELESS_ONLY)
    # MN001 tells a legitimate double by its lowered run, unless str.lower() changes a length
    # (İ) or depends on the context (Σ): noise checks for both.
    assert [char for char in map(chr, range(sys.maxunicode + 1)) if len(char.lower()) != 1] == ["\u0130"]


@_SETTINGS
@given(_texts())
def test_sentences_tile_their_paragraph(text: str) -> None:
    # The word sketch of MN001–MN003 is built from the sentences: they must leave out nothing
    # of a paragraph but the whitespace between them.
    for paragraph in segment(text):
        sentences = paragraph.sentences
        assert sentences[0].start == paragraph.start and sentences[-1].end == paragraph.end
        for before, after in itertools.pairwise(sentences):
            assert before.end < after.start and text[before.end : after.start].isspace()


_APOSTROPHE_TOKENS = "it's don't we'll x'y it’s o’clock can't she'd I'm they’re".split()


@st.composite
def _loops_of_apostrophe_tokens(draw: st.DrawFn) -> str:
    # The sketch looks for repeats of at most 8 runs plus one per two apostrophes in the text: a
    # loop of tokens that all hold one, with no other apostrophe, is at that bound.
    unit = draw(st.lists(st.sampled_from(_APOSTROPHE_TOKENS), min_size=1, max_size=8, unique=True))
    for _ in range(draw(st.integers(0, 2))):  # tokens of one run, or of three runs ("rock'n'roll")
        unit.insert(draw(st.integers(0, len(unit))), draw(st.sampled_from(["he", "rock'n'roll", "'tis"])))
    around = draw(st.lists(st.sampled_from(["the", "city", "it's", "5'11\"", "“so”", "\n\n"]), max_size=6))
    at = draw(st.integers(0, len(around)))
    separator = draw(st.sampled_from([" ", ", ", ". "]))
    return " ".join([*around[:at], separator.join(unit * draw(st.integers(2, 3))), *around[at:]])


@_SETTINGS
@given(_loops_of_apostrophe_tokens())
def test_loops_of_tokens_with_apostrophes_are_candidates(text: str) -> None:
    rules = [noise.RepeatedWord(), noise.NgramLoop()]
    fast = [_findings(rule, text) for rule in rules]
    with _every_paragraph(text):
        assert fast == [_findings(rule, text) for rule in rules]
