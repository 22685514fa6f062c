"""langdetect's Detector.get_probabilities, rewritten for speed with bit-identical results.

langdetect spends its time in per-element Python loops: ``_update_lang_prob`` multiplies the
13 language probabilities one index at a time, ``random.choice`` goes through two method calls
per draw, and ``append``/``cleaning_text``/``_extract_ngrams`` walk the text one character at a
time with a method call each. This module does the same arithmetic in the same order with list
comprehensions, the same draws from a ``random.Random`` seeded the same way, the same text
handling with regular expressions, and takes each word's n-grams by slicing, once per distinct
word. tests/test_langdetect_fast.py holds it to ``==`` with langdetect on every corpus sentence
and on generated text.

What must not change, and why the code looks as it does:
- each update is ``p * (weight + q)`` per language, left to right: five updates fused into one
  comprehension ``p * (w + a) * (w + b) ...`` evaluate exactly as five separate passes do;
- normalisation is ``sum(prob)`` then ``p / sump`` (done as the next update's first operation),
  and the convergence test must decide as ``max(p / sump) > CONV_THRESHOLD`` does (see
  detect_block for the shortcut);
- the random stream: ``gauss`` once per trial, then one ``choice`` per update. ``choice`` over a
  list of length n is ``getrandbits(n.bit_length())`` repeated until below n, whatever the
  elements, so drawing indexes with ``getrandbits`` consumes the same randomness.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator, Sequence
from functools import lru_cache

from langdetect.detector import Detector
from langdetect.lang_detect_exception import ErrorCode, LangDetectException
from langdetect.utils.ngram import NGram

_ALPHA = Detector.ALPHA_DEFAULT
_ALPHA_WIDTH = Detector.ALPHA_WIDTH
_BASE_FREQ = Detector.BASE_FREQ
_CONV_THRESHOLD = Detector.CONV_THRESHOLD
_ITERATION_LIMIT = Detector.ITERATION_LIMIT
_PROB_THRESHOLD = Detector.PROB_THRESHOLD
_N_TRIAL = 7  # set in Detector.__init__, not a class attribute
_MAX_TEXT_LENGTH = 10000  # likewise

_URL = Detector.URL_RE
_MAIL = Detector.MAIL_RE
# append() drops a space that follows a space: runs of spaces become one.
_SPACES = re.compile(" {2,}")
# cleaning_text() counts 'A' <= ch <= 'z' as Latin (the range includes [\]^_`), and every
# ch >= U+0300 as non-Latin: it means to spare the "Latin Extended Additional" block, but compares
# unicode_block()'s integer with that block's name, so the exception never applies.
_LATIN = re.compile("[A-z]")
_NON_LATIN = re.compile("[\u0300-\U0010ffff]")
# choice() is only equivalent to our getrandbits draws while Random draws below n this way.
_DRAWS_WITH_GETRANDBITS = random.Random._randbelow is random.Random._randbelow_with_getrandbits  # type: ignore[attr-defined]


class _NormalizedCharacters(dict[int, str]):
    """A str.translate table that applies NGram.normalize, computed once per distinct character:
    NGram.normalize bisects the Unicode block table on every call."""

    def __missing__(self, code: int) -> str:
        normalized = NGram.normalize(chr(code))
        if len(self) < 65536:  # bounded, whatever characters the input throws at it
            self[code] = normalized
        return normalized


_NORMALIZE = _NormalizedCharacters()

Vector = Sequence[float]


def preprocess(text: str) -> str:
    """The text as Detector.append() then cleaning_text() leave it."""
    # Each pattern is slow to fail on long texts (MAIL_RE tries up to 64 characters at every
    # position), and cannot match without its "http" or "@".
    if "http" in text:
        text = _URL.sub(" ", text)
    if "@" in text:
        text = _MAIL.sub(" ", text)
    text = NGram.normalize_vi(text)
    text = _SPACES.sub(" ", text[:_MAX_TEXT_LENGTH])
    if text.isascii():  # no character at or above U+0300: nothing to clean
        return text
    if len(_LATIN.findall(text)) * 2 < len(_NON_LATIN.findall(text)):
        text = _LATIN.sub("", text)
    return text


def _gram_slices(length: int) -> list[slice]:
    """Where the n-grams of a padded chunk of this length are, in langdetect's order: per position,
    the character, the two and the three characters ending there (no trigram at position 1)."""
    return [slice(1, 2), slice(0, 2)] + [
        slice(end - n, end + 1) for end in range(2, length) for n in (0, 1, 2)
    ]


# Words are short: their slices are made once. Chunks longer than this are not cached anywhere.
_MAX_CACHED_CHUNK = 32
_SLICES = [_gram_slices(length) for length in range(_MAX_CACHED_CHUNK + 2)]


def word_ngrams(chunk: str) -> list[str]:
    """The n-grams Detector._extract_ngrams() considers in a normalised word, followed by its space
    if it has one, in order, before the profile filter (and the lone " " it never takes).

    NGram.add_char's state machine, solved: from the space before the word on, ``grams`` is the
    last three characters of ``" " + chunk``, and ``capitalword`` is set exactly when a character
    and the one before it are both upper case, which skips that position.
    """
    padded = " " + chunk
    length = len(padded)
    slices = _SLICES[length] if length < len(_SLICES) else _gram_slices(length)
    if padded[2:].islower():  # no upper-case character after the first: no position skipped
        return [padded[where] for where in slices]
    upper = [ch.isupper() for ch in padded]
    return [padded[where] for where in slices if not (upper[where.stop - 1] and upper[where.stop - 2])]


def _draws(rng: random.Random, vectors: Sequence[Vector]) -> Iterator[Vector]:
    """rng.choice(vectors), forever, drawn only when asked for (gauss() is interleaved)."""
    if not _DRAWS_WITH_GETRANDBITS:
        choice = rng.choice
        while True:
            yield choice(vectors)
    getrandbits = rng.getrandbits
    n = len(vectors)
    bits = n.bit_length()
    while True:
        index = getrandbits(bits)
        while index >= n:
            index = getrandbits(bits)
        yield vectors[index]


def detect_block(vectors: Sequence[Vector], languages: int, seed: int | None) -> list[float]:
    """Detector._detect_block() after the n-grams are extracted: the averaged probabilities."""
    rng = random.Random()
    rng.seed(seed)
    draws = _draws(rng, vectors)
    # zip() of the same iterator five times takes five draws in order per step.
    fives = zip(draws, draws, draws, draws, draws, strict=False)
    gauss = rng.gauss
    total = [0.0] * languages
    start = [1.0 / languages] * languages
    for _ in range(_N_TRIAL):
        alpha = _ALPHA + gauss(0.0, 1.0) * _ALPHA_WIDTH
        w = alpha / _BASE_FREQ
        # prob stays unnormalised: langdetect's normalised value p / sump is computed where it is
        # used, as the first operation of the next update, which then runs exactly as langdetect's
        # on the stored p / sump. The maximum of the p / sump is max(prob) / sump: division by a
        # positive number is monotonic after rounding too.
        # Iteration 0: one update, then normalise and test.
        prob = [p * (w + a) for p, a in zip(start, next(draws), strict=True)]
        sump = sum(prob)
        top = max(prob)
        lead = prob.index(top)
        maxp = top / sump
        # Then iterations i+1 .. i+5 and the test at i+5, as langdetect tests every fifth. The for
        # statement takes the next five draws only once the test at the end of the body has passed.
        i = 0
        if not maxp > _CONV_THRESHOLD:
            for a, b, c, d, e in fives:
                # A language at 0.0 stays at 0.0 (0.0 / sump * ... is 0.0): skipped, it saves the
                # arithmetic in long texts where most languages underflow. No strict=True: the
                # keyword costs ~0.2 us a call here; all lists have one item a language.
                prob = [
                    p / sump * (w + qa) * (w + qb) * (w + qc) * (w + qd) * (w + qe) if p else 0.0
                    for p, qa, qb, qc, qd, qe in zip(prob, a, b, c, d, e)  # noqa: B905
                ]
                sump = sum(prob)
                i += 5
                # The convergence test without max() over every language, most of the time: the
                # share of the last leader decides unless it is small. A share >= 0.001 leaves at
                # most 0.999 (plus rounding, ~13 ulp) to any other language, below the threshold;
                # above the threshold, the maximum is too.
                maxp = prob[lead] / sump
                if maxp < 0.001:
                    top = max(prob)
                    lead = prob.index(top)
                    maxp = top / sump
                if maxp > _CONV_THRESHOLD or i >= _ITERATION_LIMIT:
                    break
        total = [t + p / sump / _N_TRIAL for t, p in zip(total, prob, strict=True)]
    return total


class FastDetector:
    """A DetectorFactory's profiles and seed, for get_probabilities() of one text at a time."""

    def __init__(
        self, word_lang_prob_map: dict[str, Vector], langlist: Sequence[str], seed: int | None
    ) -> None:
        self.word_lang_prob_map = word_lang_prob_map
        self.langlist = tuple(langlist)
        self.seed = seed
        # The state of NGram resets at every space, so a word's n-grams do not depend on what came
        # before: they are looked up once per distinct word (with the space after it).
        self._word_vectors = lru_cache(maxsize=16384)(self._extract)

    def _extract(self, chunk: str) -> tuple[Vector, ...]:
        grams = word_ngrams(chunk)
        if chunk[-1] == " ":
            del grams[-3]  # the unigram of the space after the word, which langdetect never takes
        # Every vector is a non-empty list: filter(None, ...) drops exactly the unknown n-grams.
        return tuple(filter(None, map(self.word_lang_prob_map.get, grams)))

    @staticmethod
    def _chunks(text: str) -> list[str]:
        """A preprocessed text's normalised words, each with the space after it if it has one.

        NGram's state resets at every space, so what a word gives does not depend on what came
        before it; a space after a space gives nothing ("" between them is dropped).
        """
        words = text.translate(_NORMALIZE).split(" ")
        end = words.pop()  # the only word that may have no space after it
        chunks = [word + " " for word in words if word]
        if end:
            chunks.append(end)
        return chunks

    def ngrams(self, text: str) -> list[str]:
        """Detector._extract_ngrams() of a preprocessed text (used by the tests)."""
        known = self.word_lang_prob_map
        return [
            gram
            for chunk in self._chunks(text)
            for gram in word_ngrams(chunk)
            if gram != " " and gram in known
        ]

    def ngram_vectors(self, text: str) -> list[Vector]:
        """Detector._extract_ngrams() of a preprocessed text, as probability vectors."""
        of_chunk = self._word_vectors
        extract = self._extract  # a long chunk (a CJK sentence is one) is not worth keeping
        return [
            vector
            for chunk in self._chunks(text)
            for vector in (of_chunk(chunk) if len(chunk) <= _MAX_CACHED_CHUNK else extract(chunk))
        ]

    def averaged(self, text: str) -> list[float]:
        """Every language's probability, in langlist order, as Detector.langprob holds them.

        Raises LangDetectException when the text has no known n-gram, as langdetect does.
        """
        vectors = self.ngram_vectors(preprocess(text))
        if not vectors:
            raise LangDetectException(ErrorCode.CantDetectError, "No features in text.")
        return detect_block(vectors, len(self.langlist), self.seed)

    def probabilities(self, text: str) -> list[tuple[str, float]]:
        """What a fresh Detector's append(text) then get_probabilities() give, as (lang, prob) pairs."""
        prob = self.averaged(text)
        # _sort_probability: list.sort(reverse=True) on prob alone, stable among equal ones.
        result = [(lang, p) for lang, p in zip(self.langlist, prob, strict=True) if p > _PROB_THRESHOLD]
        result.sort(key=lambda pair: pair[1], reverse=True)
        return result
