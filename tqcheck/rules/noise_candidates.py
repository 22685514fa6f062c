r"""Candidates for the machine-noise rules MN001–MN003, found in one pass over a document.

Tokenising every paragraph with the rules' word pattern costs more than everything else these
rules do, and nearly every paragraph turns out clean. A sketch of the document finds the few
paragraphs (and sentences) that may not, with C-level string operations only: it holds the
lowered text's \w runs as UTF-8 bytes. A token of the rules is one run or two joined by an
apostrophe, so equal tokens give equal runs, and a repeat of tokens shows as a repeat of runs.
The rules then run their exact per-paragraph code on the candidates alone, so a candidate too
many costs time, never a finding (tests/test_noise_speedpaths.py compares with every paragraph).
"""

from __future__ import annotations

import bisect
import itertools
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property

from tqcheck.model import Paragraph, Sentence
from tqcheck.rules.base import Context, T

# Doubled words that are grammatical or idiomatic.
LEGIT_DOUBLES = frozenset(
    "had that very so bye ha no yes well now many much more long far again go hush "
    "knock tut pom dum la là ja si sì nein vous nous il die der das den dem".split()
)
_SENTENCE_MARK, _PARAGRAPH_MARK = b"\x00", b"\x01"
_ASCII = bytes(range(0x80))
# The bytes of word characters: ASCII ones, and those of non-ASCII characters once the non-word
# ones among these are blanked.
_WORD_BYTES = {byte for byte in range(256) if chr(byte).isalnum() or chr(byte) == "_" or byte >= 0x80}
# For the words, every other byte but _PARAGRAPH_MARK becomes a space; for the sentences, every
# other byte but the marks is dropped, and _PARAGRAPH_MARK counts as _SENTENCE_MARK.
_TO_WORDS = bytes(byte if byte in _WORD_BYTES or byte == 1 else 0x20 for byte in range(256))
_TO_SENTENCES = bytes.maketrans(_PARAGRAPH_MARK, _SENTENCE_MARK)
_NOT_IN_SENTENCES = bytes(byte for byte in range(256) if byte not in _WORD_BYTES and byte > 1)
# The same where no non-ASCII character is a word character: then all their bytes are blanked.
_ASCII_TO_WORDS = _TO_WORDS[:0x80] + b" " * 0x80
_ASCII_NOT_IN_SENTENCES = _NOT_IN_SENTENCES + bytes(range(0x80, 0x100))
# A sketch's words take about ten bytes a character: a long document is sketched in stretches.
_SKETCH_CHARACTERS = 1_000_000


class _Sketch:
    """The runs of a stretch of whole paragraphs, or of the whole of an ordinary document."""

    def __init__(self, context: Context, sentences: Sequence[Sentence]) -> None:
        lowered = context.lowered
        # Sentences tile their paragraph (segment.split_sentences): only whitespace lies between.
        paragraph_ends = {paragraph.end for paragraph in context.paragraphs}
        marks = [" \x01 " if sentence.end in paragraph_ends else " \x00 " for sentence in sentences]
        slices = [lowered[sentence.start : sentence.end] for sentence in sentences]
        joined = "".join(itertools.chain.from_iterable(zip(slices, marks, strict=True)))
        data, to_words, self._not_in_sentences = _blanked(joined.encode("utf-8", "surrogatepass"))
        # Each sentence, then _SENTENCE_MARK or, after a paragraph's last one, _PARAGRAPH_MARK.
        self._data = data
        # The runs in order, with _PARAGRAPH_MARK between paragraphs.
        self.words = data.translate(to_words).split()

    def sentences(self) -> list[bytes]:
        """Per sentence, its runs run together: equal for sentences with equal words."""
        return self._data.translate(_TO_SENTENCES, self._not_in_sentences).split(_SENTENCE_MARK)[:-1]

    def doubled(self, exotic: bool) -> list[int]:
        """Where a word is followed by the same word, unless it is a legitimate double ("had had")
        or a number: its lowered run tells, unless case-insensitive matching and str.lower()
        part ways (``exotic``)."""
        words = self.words
        lengths = self._lengths
        # Byte j of the xor is zero where word j is as long as word j - 1 (never byte 0: no word
        # is empty): only a tenth of the words are compared with the one before.
        differences = (lengths ^ (lengths >> 8)).to_bytes(len(words), "big")
        found = []
        at = differences.find(0)
        while at != -1:
            word = words[at]
            if word == words[at - 1] and word != _PARAGRAPH_MARK and (exotic or not _is_legit_double(word)):
                found.append(at - 1)
            at = differences.find(0, at + 1)
        return found

    @cached_property
    def _lengths(self) -> int:
        """The word lengths, one byte each, as one big number: a shift and an xor compare every
        word with the one so many places before in a single C-level operation."""
        try:
            lengths = bytes(map(len, self.words))
        except ValueError:  # a word of 256 bytes or more: capped, equal words keep equal lengths
            lengths = bytes(min(len(word), 255) for word in self.words)
        return int.from_bytes(lengths, "big")

    def repeats(self, sizes: Iterable[int]) -> list[int] | None:
        """Where ``size`` words are followed by the same words (the first such place in each
        paragraph), for these sizes; None if word lengths coincide too often for this to pay."""
        words = self.words
        count = len(words)
        lengths = self._lengths
        budget = count  # word comparisons before giving up: real text needs one every few hundred
        starts = []
        for size in sizes:
            if 2 * size > count:
                break
            # Byte j of the xor is zero where word j is as long as word j - size; only a run of
            # ``size`` such bytes can be a repeat, and its words are then compared.
            differences = (lengths ^ (lengths >> (8 * size))).to_bytes(count, "big")
            same_lengths = bytes(size)
            at = differences.find(same_lengths, size)
            while at != -1:
                budget -= 1
                if budget < 0:
                    return None
                start = at - size
                unit = words[start:at]
                if (
                    words[start] == words[at]
                    and unit == words[at : at + size]
                    and _PARAGRAPH_MARK not in unit
                ):
                    starts.append(start)
                    try:  # one repeat is enough for its paragraph: go on with the next one
                        at = max(at, words.index(_PARAGRAPH_MARK, at) + size)
                    except ValueError:
                        break
                at = differences.find(same_lengths, at + 1)
        return starts

    def paragraphs_of(self, indexes: Iterable[int]) -> list[int]:
        """The positions (in the stretch) of the paragraphs holding these words, in order."""
        positions: list[int] = []
        position = previous = 0
        for index in sorted(indexes):
            position += self.words[previous:index].count(_PARAGRAPH_MARK)
            previous = index
            if not positions or positions[-1] != position:
                positions.append(position)
        return positions


@dataclass(frozen=True)
class Candidates:
    """What MN001–MN003 must look at closely, found for all three at once: positions of
    paragraphs, and of sentences in Context.all_sentences."""

    doubled_words: list[int]
    loops: list[int]
    repeated_sentences: list[int]


def _find_candidates(context: Context) -> Candidates | None:
    """None where the text holds a mark character itself."""
    if "\x00" in context.text or "\x01" in context.text:
        return None
    exotic = "\u0130" in context.text or "\u03a3" in context.text  # İ, and Σ with its final form
    # A token is one run or, with an apostrophe, two: a doubled token is a repeat of one or two
    # runs, and a loop of t ≤ 8 tokens, a of them with an apostrophe, one of t + a runs. Both of
    # its halves hold a apostrophes: the text's apostrophes bound the runs to look for.
    apostrophes = context.lowered.count("'") + context.lowered.count("’")
    longest = min(16, 8 + apostrophes // 2)
    paragraphs = context.paragraphs
    doubled_words: list[int] = []
    loops: list[int] = []
    signatures: list[bytes] = []
    for first, last in _stretches(paragraphs):
        if first == 0 and last == len(paragraphs):
            sentences: Sequence[Sentence] = context.all_sentences
        else:
            sentences = [sentence for paragraph in paragraphs[first:last] for sentence in paragraph.sentences]
        sketch = _Sketch(context, sentences)
        pairs, longer = sketch.repeats([2]), sketch.repeats(range(3, longest + 1))
        if pairs is None:
            doubled_words += range(first, last)
        else:
            doubled_words += [first + at for at in sketch.paragraphs_of(sketch.doubled(exotic) + pairs)]
        if pairs is None or longer is None:
            loops += range(first, last)
        else:
            loops += [first + at for at in sketch.paragraphs_of(pairs + longer)]
        signatures += sketch.sentences()
    repeated: list[int] = []
    if len(signatures) != len(context.all_sentences):  # cannot happen: one mark per sentence
        repeated = list(range(len(context.all_sentences)))
    elif len(set(signatures)) < len(signatures):
        counts = Counter(signatures)
        repeated = [index for index, signature in enumerate(signatures) if counts[signature] > 1]
    return Candidates(doubled_words, loops, repeated)


def _stretches(paragraphs: Sequence[Paragraph]) -> Iterator[tuple[int, int]]:
    """Runs of whole paragraphs of about _SKETCH_CHARACTERS (one for an ordinary document)."""
    ends = [paragraph.end for paragraph in paragraphs]
    first = 0
    while first < len(paragraphs):
        last = bisect.bisect_left(ends, paragraphs[first].start + _SKETCH_CHARACTERS, first) + 1
        yield first, min(last, len(paragraphs))
        first = last


def _candidates(context: Context) -> Candidates | None:
    """The candidates of the document being checked, found by the first of MN001–MN003 to ask;
    None where the text holds a mark character itself (then everything is a candidate)."""
    return context.derived("noise-candidates", _find_candidates)


def _chosen(items: Sequence[T], positions: list[int] | None) -> Sequence[T]:
    return items if positions is None else [items[position] for position in positions]


def doubled_word_paragraphs(context: Context) -> Sequence[Paragraph]:
    """The paragraphs where a word may be followed by itself (MN001)."""
    found = _candidates(context)
    return _chosen(context.paragraphs, found.doubled_words if found else None)


def loop_paragraphs(context: Context) -> Sequence[Paragraph]:
    """The paragraphs where a run of words may repeat itself (MN002)."""
    found = _candidates(context)
    return _chosen(context.paragraphs, found.loops if found else None)


def repeated_sentences(context: Context) -> Sequence[Sentence]:
    """The sentences whose words another sentence may repeat, in text order (MN003)."""
    found = _candidates(context)
    return _chosen(context.all_sentences, found.repeated_sentences if found else None)


def _blanked(data: bytes) -> tuple[bytes, bytes, bytes]:
    """The UTF-8 text with the non-word characters among the non-ASCII ones (quotes, dashes)
    blanked, and the tables for its words and its sentences. Where none is a word character
    (English text) the tables blank all non-ASCII bytes at once; else each character is replaced:
    only their bytes are left after deleting the ASCII ones, and UTF-8 never matches across
    characters."""
    if data.isascii():
        return data, _TO_WORDS, _NOT_IN_SENTENCES
    non_ascii = set(data.translate(None, _ASCII).decode("utf-8", "surrogatepass"))
    if not any(map(str.isalnum, non_ascii)):
        return data, _ASCII_TO_WORDS, _ASCII_NOT_IN_SENTENCES
    for char in non_ascii:
        if not char.isalnum():
            data = data.replace(char.encode("utf-8", "surrogatepass"), b" ")
    return data, _TO_WORDS, _NOT_IN_SENTENCES


def _is_legit_double(run: bytes) -> bool:
    word = run.decode("utf-8", "surrogatepass")
    return word.isdigit() or word in LEGIT_DOUBLES
