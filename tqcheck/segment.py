"""Split a document into paragraphs (with a role) and sentences, keeping exact offsets."""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterable
from functools import lru_cache

from tqcheck import furniture
from tqcheck.model import Paragraph, Role, Sentence, new_paragraph, new_sentence

# A paragraph break is a line that holds only whitespace; \r\n and lone \r count as newlines.
_PARAGRAPH_BREAK = re.compile(r"(?:\r\n|\r|\n)[ \t\f\v\u00a0]*(?:\r\n|\r|\n)\s*")
_LF_PARAGRAPH_BREAK = re.compile(r"\n[ \t\f\v\u00a0]*\n\s*")  # the same on text without "\r"
# What a word is; count_words counts these matches without running the regex (see below).
_WORD = re.compile(r"\w+(?:[-'’]\w+)*")
# Sentence end: terminal punctuation, optional closing quotes/brackets, then whitespace
# and something that can start a sentence (captured: its case decides). The first class is
# spelt out once rather than as "+" so that re can skip ahead to candidates in C.
_SENTENCE_END_TAIL = r"[.!?…]*[\"'”’»)\]]*(?=\s+[\"'“‘«(\[¿¡]?(\w))"
_SENTENCE_END = re.compile(r"[.!?…]" + _SENTENCE_END_TAIL)
# The same, one pattern per terminal character: re finds a literal first character several times
# faster than one of a class (see _sentence_ends).
_SENTENCE_END_FROM = {terminal: re.compile(re.escape(terminal) + _SENTENCE_END_TAIL) for terminal in ".!?…"}
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof gen col lt sgt st no vs etc e.g i.e jr sr inc ltd co corp dept "
    "jan feb mar apr jun jul aug sep sept oct nov dec fig op approx est m mme mlle hr "
    "nr bzw z.b u.a ca sr sra dña".split()
)
_QUOTE_OPENERS = "\"“«„‘'"
_CLOSERS = ".!?…\"”»’'):"


def count_words(text: str) -> int:
    return _word_classes(text).count(b" a")


def split_paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-blank paragraph, surrounding whitespace excluded."""
    # Without "\r" the break pattern can start with the literal "\n", which re scans for fast.
    breaks = _PARAGRAPH_BREAK if "\r" in text else _LF_PARAGRAPH_BREAK
    bounds = [0, *(offset for match in breaks.finditer(text) for offset in match.span()), len(text)]
    spans = []
    for index in range(0, len(bounds), 2):
        start = bounds[index]
        chunk = text[start : bounds[index + 1]]
        body = chunk.strip()
        if body:
            start += len(chunk) - len(chunk.lstrip())
            spans.append((start, start + len(body)))
    return spans


def split_sentences(text: str, start: int, end: int) -> tuple[Sentence, ...]:
    return _sentences(text, start, end, _SENTENCE_END.finditer(text, start, end))


def _sentences(text: str, start: int, end: int, ends: Iterable[re.Match[str]]) -> tuple[Sentence, ...]:
    """Sentences of text[start:end], given the _SENTENCE_END matches that start inside it."""
    sentences: list[Sentence] = []
    cursor = start
    for match in ends:
        stop = match.end()
        if stop == end:
            # Found in the whole text, the lookahead saw the next paragraph: not an end here.
            continue
        if text[match.start()] == "." and _ends_in_abbreviation(text, cursor, match.start()):
            continue
        # Only whitespace and an opening quote or bracket precede the captured word character,
        # so it is the next letter unless it is "_", the one word character that is not one.
        following = match.group(1)
        if following.islower() if following != "_" else _next_letter_is_lower(text, match.start(1), end):
            # '“Is it over?” he asked.' is one sentence.
            continue
        sentences.append(new_sentence(cursor, stop))
        # The lookahead saw whitespace, then a word character before the end.
        cursor = stop + 1
        while text[cursor].isspace():
            cursor += 1
    if cursor < end:
        sentences.append(new_sentence(cursor, end))
    return tuple(sentences)


def _sentence_ends(text: str) -> list[re.Match[str]]:
    """What list(_SENTENCE_END.finditer(text)) gives, found with a pattern per terminal character."""
    patterns = [pattern for terminal, pattern in _SENTENCE_END_FROM.items() if terminal in text]
    if len(patterns) <= 1:
        return list(patterns[0].finditer(text)) if patterns else []
    # A match spans a whole run of terminals and the closers after it, so two patterns overlap only
    # on a mixed run ("?!"), both ending where it ends: the leftmost start is the one finditer gives.
    found = itertools.chain.from_iterable(pattern.finditer(text) for pattern in patterns)
    ends: list[re.Match[str]] = []
    for match in sorted(found, key=re.Match.start):
        if not ends or match.start() >= ends[-1].end():
            ends.append(match)
    return ends


def _next_letter_is_lower(text: str, start: int, end: int) -> bool:
    for index in range(start, end):
        if text[index].isalnum():
            return text[index].islower()
    return False


def _ends_in_abbreviation(text: str, sentence_start: int, dot: int) -> bool:
    space = text.rfind(" ", sentence_start, dot)
    word = text[max(space + 1, sentence_start) : dot]
    if not word.isalpha():
        # Rarer words ("U.S", "2020", "(said"): find where the letters and dots begin.
        word_start = dot
        while word_start > sentence_start and (text[word_start - 1].isalpha() or text[word_start - 1] == "."):
            word_start -= 1
        word = text[word_start:dot]
        if not word:
            return False
    word = word.lower()
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
    word_classes = _word_classes(text)
    # One pass over the whole text finds every sentence end; each paragraph takes its own.
    sentence_ends = _sentence_ends(text)
    end_starts = [match.start() for match in sentence_ends]
    taken = 0
    paragraphs = []
    for index, (start, end) in enumerate(split_paragraphs(text)):
        # word_classes is shifted by one: the class before the paragraph is a space.
        words = word_classes.count(b" a", start, end + 1)
        own = bisect.bisect_left(end_starts, end, taken)
        if own == taken:
            sentences: tuple[Sentence, ...] = (new_sentence(start, end),)
        else:
            sentences = _sentences(text, start, end, sentence_ends[taken:own])
            taken = own
        role = classify(text, start, end, index, words)
        paragraphs.append(new_paragraph(index, start, end, role, sentences, words))
    return tuple(paragraphs)


# Word counting without a regex pass: each character becomes one byte of a class string,
# "a" for a word character (\w), "-" for a joiner of _WORD ("-", "'", "’"), " " for the rest.
# A word of _WORD then starts at every " a" once joiners that join nothing are blanked.
_ASCII = bytes(range(128))
_CLASS_TABLE = bytes(
    ord("a") if chr(code).isalnum() or chr(code) == "_" else ord("-") if chr(code) in "-'" else ord(" ")
    for code in range(256)
)
_WORD_CHARACTER = re.compile(r"\w")


@lru_cache(maxsize=4096)
def _non_ascii_class(character: str) -> str:
    return "a" if _WORD_CHARACTER.match(character) else "-" if character == "’" else " "


def _word_classes(text: str) -> bytes:
    """One class byte per character, after a leading " ": offset i of text is byte i + 1."""
    if not text.isascii():
        # Deleting the ASCII bytes leaves the other characters' UTF-8 sequences, intact.
        encoded = text.encode("utf-8", "surrogatepass")
        others = encoded.translate(None, _ASCII).decode("utf-8", "surrogatepass")
        for character in set(others):
            text = text.replace(character, _non_ascii_class(character))
    classes = b" " + text.encode("ascii").translate(_CLASS_TABLE)
    # A joiner joins only between word characters: "--" and " -" join nothing.
    return classes.replace(b"--", b"  ").replace(b" -", b"  ")
