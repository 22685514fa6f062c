"""The fast paths of segmentation and scoring give what the plain definitions give."""

from __future__ import annotations

import pickle
import random
import re

from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import joined_texts

from tqcheck import furniture
from tqcheck.model import Finding, Paragraph, Sentence, new_paragraph, new_sentence
from tqcheck.scoring.mqm import MqmScorer
from tqcheck.segment import (
    _SENTENCE_END,
    _WORD,
    _sentence_ends,
    count_words,
    segment,
    split_paragraphs,
    split_sentences,
)

# Pieces that meet every branch: joiners, non-ASCII letters and digits, lone surrogates,
# astral characters, Unicode spaces, \r line ends, abbreviations, furniture and credits.
_PIECES = [
    "a", "Z", "é", "ß", "ǅ", "一", "_", "1", "²", "½", "Ⅻ", "\ud800", "😀", "-", "'", "’",
    " ", "\n", "\r", "\r\n", "\t", "\u00a0", "\u2028", "\u3000", "\x85", ".", "!", "?", "…",
    "—", "“", "”", "«", "»", "(", ")", "¿", "/", ":", "©", "Mr", "U.S", "J", "AFP",
    "Photo", "Read more", "Leave a Reply", "\n\n", "\r\n\r\n", "\n \n",
]  # fmt: skip


def _texts(count: int) -> list[str]:
    rng = random.Random(7)
    return ["".join(rng.choice(_PIECES) for _ in range(rng.randint(0, 40))) for _ in range(count)]


def _plain_paragraphs(text: str) -> list[tuple[int, int]]:
    breaks = re.compile(r"(?:\r\n|\r|\n)[ \t\f\v\u00a0]*(?:\r\n|\r|\n)\s*")
    bounds = [0, *(i for m in breaks.finditer(text) for i in m.span()), len(text)]
    spans = []
    for start, end in zip(bounds[::2], bounds[1::2], strict=True):
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            spans.append((start, end))
    return spans


def test_word_count_is_the_number_of_word_matches() -> None:
    for text in [*_texts(3000), "", "a-b-c", "a--b", "-a", "a'-b", "it’s", "x_y 2-3"]:
        assert count_words(text) == len(_WORD.findall(text)), repr(text)


def test_paragraph_word_counts_and_spans_match_the_plain_definitions() -> None:
    for text in _texts(3000):
        paragraphs = segment(text)
        assert [(p.start, p.end) for p in paragraphs] == _plain_paragraphs(text) == split_paragraphs(text)
        for paragraph in paragraphs:
            assert paragraph.word_count == len(_WORD.findall(text[paragraph.start : paragraph.end]))


def test_whole_text_sentence_pass_matches_the_per_paragraph_one() -> None:
    for text in [*_texts(3000), "It ended.\n\nNext one. “Is it over?” he asked.\n\nMr. J. Smith left."]:
        for paragraph in segment(text):
            assert paragraph.sentences == split_sentences(text, paragraph.start, paragraph.end), repr(text)


# Runs of terminals mixed with closers, openers and spaces: where the patterns per terminal overlap.
_END_PIECES = [".", "!", "?", "…", "”", "’", ")", "]", "“", "(", "¿", " ", "\n", "\u3000"]
_END_TEXTS = joined_texts(
    st.sampled_from(["a", "B", "_", "é", "1", "Mr", "U.S", "word"]),
    st.lists(st.sampled_from(_END_PIECES), max_size=5).map("".join),
    12,
)


@settings(max_examples=500, deadline=None)
@given(_END_TEXTS)
def test_sentence_ends_per_terminal_match_the_one_pattern(text: str) -> None:
    expected = [(m.span(), m.span(1)) for m in _SENTENCE_END.finditer(text)]
    assert [(m.span(), m.span(1)) for m in _sentence_ends(text)] == expected


@given(
    st.integers(), st.integers(), st.integers(), st.sampled_from(["headline", "body", "quote"]), st.integers()
)
def test_fast_constructors_make_what_the_constructors_make(
    index: int, start: int, end: int, role: str, word_count: int
) -> None:
    sentences = (new_sentence(start, end), new_sentence(end, start))
    assert sentences == (Sentence(start, end), Sentence(end, start))
    assert [repr(s) for s in sentences] == [repr(Sentence(start, end)), repr(Sentence(end, start))]
    made = new_paragraph(index, start, end, role, sentences, word_count)  # type: ignore[arg-type]
    plain = Paragraph(index, start, end, role, sentences, word_count)  # type: ignore[arg-type]
    assert made == plain and hash(made) == hash(plain) and repr(made) == repr(plain)
    assert pickle.loads(pickle.dumps(made)) == plain


def test_furniture_and_credit_pretests_agree_with_the_full_regexes() -> None:
    for text in _texts(3000):
        assert furniture.is_furniture_paragraph(text) == (not furniture.FURNITURE_LINE.sub("", text).strip())
        assert furniture.is_credit_paragraph(text, 5) == (furniture.CREDIT.search(text) is not None)


# Furniture lines in any case, with characters that only caseless matching pairs with their
# letters (ſ ~ s, K ~ k, İ ~ i), so that the two-character pretest meets what the full match meets.
_FURNITURE_WORDS = [
    "Read more", "READ ALSO", "ſource: x", "Leave a Reply", "à lire aussi", "À LIRE AUSSI", "Tags:",
    "tag:", "Comments (3)", "ЧИТАЙТЕ ТАКЖЕ", "Lİke this:", "Clİck here to go", "Share on X", "The",
    "Se", "Sí", "SÍGUENOS EN x", "ad", "Advertisement", "Loading...", "mehr zum Thema", "x",
]  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(joined_texts(st.sampled_from(_FURNITURE_WORDS), st.sampled_from(["", " ", "\n", "\t", ". ", ": "]), 4))
def test_furniture_opening_pretest_agrees_with_the_full_match(text: str) -> None:
    assert furniture.is_furniture_paragraph(text) == (not furniture.FURNITURE_LINE.sub("", text).strip())


def test_clean_score_is_the_score_without_penalty() -> None:
    for scorer in (MqmScorer(), MqmScorer(min_words=0)):
        for words in (1, 3, 10, 250):
            assert scorer.clean_score(words) == scorer.score(0, words)
    assert MqmScorer().clean_score(0) == MqmScorer().score(0, 0)


def test_total_penalty_adds_each_finding_in_order() -> None:
    findings = [
        Finding("X1", "x", "fluency/punctuation", "minor", "m", 0, 1, "a", 0),
        Finding("X2", "x", "accuracy/untranslated", "major", "m", 1, 2, "b", 0),
        Finding("X3", "x", "style", "info", "m", 2, 3, "c", 0),
    ]
    assert MqmScorer().total_penalty(findings) == 0.1 + 25.0 + 0.0
