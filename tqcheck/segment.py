"""Split a document into paragraphs (with a role) and sentences, keeping exact offsets."""

from __future__ import annotations

import re

from tqcheck import furniture
from tqcheck.model import Paragraph, Role, Sentence

# A paragraph break is a line that holds only whitespace; \r\n and lone \r count as newlines.
_PARAGRAPH_BREAK = re.compile(r"(?:\r\n|\r|\n)[ \t\f\v\u00a0]*(?:\r\n|\r|\n)\s*")
_WORD = re.compile(r"\w+(?:[-'’]\w+)*")
# Sentence end: terminal punctuation, optional closing quotes/brackets, then whitespace
# and something that can start a sentence.
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’»)\]]*(?=\s+[\"'“‘«(\[¿¡]?[\w])")
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof gen col lt sgt st no vs etc e.g i.e jr sr inc ltd co corp dept "
    "jan feb mar apr jun jul aug sep sept oct nov dec fig op approx est m mme mlle hr "
    "nr bzw z.b u.a ca sr sra dña".split()
)
_QUOTE_OPENERS = "\"“«„‘'"
_CLOSERS = ".!?…\"”»’'):"


def count_words(text: str) -> int:
    return len(_WORD.findall(text))


def split_paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-blank paragraph, surrounding whitespace excluded."""
    spans: list[tuple[int, int]] = []
    cursor = 0
    for match in _PARAGRAPH_BREAK.finditer(text):
        spans.append((cursor, match.start()))
        cursor = match.end()
    spans.append((cursor, len(text)))
    trimmed = []
    for start, end in spans:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            trimmed.append((start, end))
    return trimmed


def split_sentences(text: str, start: int, end: int) -> tuple[Sentence, ...]:
    sentences: list[Sentence] = []
    cursor = start
    for match in _SENTENCE_END.finditer(text, start, end):
        if _ends_in_abbreviation(text, cursor, match.start(), match.group()):
            continue
        if _next_letter_is_lower(text, match.end(), end):
            # '“Is it over?” he asked.' is one sentence.
            continue
        sentences.append(Sentence(cursor, match.end()))
        cursor = match.end()
        while cursor < end and text[cursor].isspace():
            cursor += 1
    if cursor < end:
        sentences.append(Sentence(cursor, end))
    return tuple(sentences)


def _next_letter_is_lower(text: str, start: int, end: int) -> bool:
    for index in range(start, end):
        if text[index].isalnum():
            return text[index].islower()
    return False


def _ends_in_abbreviation(text: str, sentence_start: int, dot: int, punctuation: str) -> bool:
    if not punctuation.startswith("."):
        return False
    word_start = dot
    while word_start > sentence_start and (text[word_start - 1].isalpha() or text[word_start - 1] == "."):
        word_start -= 1
    word = text[word_start:dot].lower()
    if not word:
        return False
    # Single capitals ("J. Smith", "M. Macron") and dotted acronyms ("U.S.") do not end sentences.
    return word in _ABBREVIATIONS or len(word) == 1 or "." in word


def classify(text: str, start: int, end: int, index: int, word_count: int) -> Role:
    body = text[start:end]
    if furniture.is_furniture_paragraph(body):
        return "boilerplate"
    if furniture.is_credit_paragraph(body, word_count):
        return "caption"
    if body[0] in _QUOTE_OPENERS and word_count >= 4:
        return "quote"
    if word_count <= 25 and body[-1] not in _CLOSERS and "\n" not in body:
        return "headline"
    return "body"


def segment(text: str) -> tuple[Paragraph, ...]:
    paragraphs = []
    for index, (start, end) in enumerate(split_paragraphs(text)):
        words = count_words(text[start:end])
        paragraphs.append(
            Paragraph(
                index=index,
                start=start,
                end=end,
                role=classify(text, start, end, index, words),
                sentences=split_sentences(text, start, end),
                word_count=words,
            )
        )
    return tuple(paragraphs)
