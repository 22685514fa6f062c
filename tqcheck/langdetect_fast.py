"""langdetect's Detector.get_probabilities, rewritten for speed with bit-identical results.

langdetect spends its time in per-element Python loops: ``_update_lang_prob`` multiplies the
13 language probabilities one index at a time, ``random.choice`` goes through two method calls
per draw, and ``append``/``cleaning_text``/``_extract_ngrams`` walk the text one character at a
time with a method call each. This module does the same arithmetic in the same order with list
comprehensions, the same draws from a ``random.Random`` seeded the same way, and the same
text handling with regular expressions. tests/test_langdetect_fast.py holds it to ``==`` with
langdetect on every corpus sentence and on generated text.

What must not change, and why the code looks as it does:
- each update is ``p * (weight + q)`` per language, left to right: five updates fused into one
  comprehension ``p * (w + a) * (w + b) ...`` evaluate exactly as five separate passes do;
- normalisation is ``sum(prob)`` then ``p / sump``; the convergence test uses the maximum
  (kept unnormalised until the next update, see detect_block);
- the random stream: ``gauss`` once per trial, then one ``choice`` per update. ``choice`` over a
  list of length n is ``getrandbits(n.bit_length())`` repeated until below n, whatever the
  elements, so drawing indexes with ``getrandbits`` consumes the same randomness.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator, Sequence

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

# NGram.normalize(ch) per distinct character: it bisects the Unicode block table on every call.
_NORMALIZED: dict[str, str] = {}

Vector = Sequence[float]


def preprocess(text: str) -> str:
    """The text as Detector.append() then cleaning_text() leave it."""
    text = _URL.sub(" ", text)
    text = _MAIL.sub(" ", text)
    text = NGram.normalize_vi(text)
    text = _SPACES.sub(" ", text[:_MAX_TEXT_LENGTH])
    if text.isascii():  # no character at or above U+0300: nothing to clean
        return text
    if len(_LATIN.findall(text)) * 2 < len(_NON_LATIN.findall(text)):
        text = _LATIN.sub("", text)
    return text


def ngram_vectors(text: str, word_lang_prob_map: dict[str, Vector]) -> list[Vector]:
    """The language-probability vectors of Detector._extract_ngrams()'s n-grams, in order.

    NGram.add_char's state machine, inlined: ``grams`` holds the last up to three normalised
    characters, ``capital`` is NGram.capitalword (two upper-case letters in a row skip the rest
    of the word).
    """
    vectors: list[Vector] = []
    append = vectors.append
    known = word_lang_prob_map.get
    normalized = _NORMALIZED
    grams = " "
    capital = False
    for ch in text:
        norm = normalized.get(ch)
        if norm is None:
            norm = normalized[ch] = NGram.normalize(ch)
        last = grams[-1]
        if last == " ":
            grams = " "
            capital = False
            if norm == " ":
                continue  # add_char returns early; no n-gram of " " alone is extracted
        elif len(grams) >= 3:
            grams = grams[1:]
        grams += norm
        if norm.isupper():
            if last.isupper():
                capital = True
        else:
            capital = False
        if capital:
            continue
        # grams has at least two characters here: " " + norm, or more.
        if norm != " ":
            vector = known(norm)
            if vector is not None:
                append(vector)
        vector = known(grams[-2:])
        if vector is not None:
            append(vector)
        if len(grams) >= 3:
            vector = known(grams[-3:])
            if vector is not None:
                append(vector)
    return vectors


def _draws(rng: random.Random, vectors: list[Vector]) -> Iterator[Vector]:
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


def detect_block(vectors: list[Vector], languages: int, seed: int | None) -> list[float]:
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
        # on the stored p / sump. The maximum is max(prob) / sump: division by a positive number
        # is monotonic after rounding too, so it is the maximum of the p / sump.
        # Iteration 0: one update, then normalise and test.
        prob = [p * (w + a) for p, a in zip(start, next(draws), strict=True)]
        sump = sum(prob)
        maxp = max(prob) / sump
        # Then iterations i+1 .. i+5 and the test at i+5, as langdetect tests every fifth. The for
        # statement takes the next five draws only once the test at the end of the body has passed.
        i = 0
        if not maxp > _CONV_THRESHOLD:
            for a, b, c, d, e in fives:
                # No strict=True: the keyword costs ~0.2 us a call here; all have one item a language.
                prob = [
                    p / sump * (w + qa) * (w + qb) * (w + qc) * (w + qd) * (w + qe)
                    for p, qa, qb, qc, qd, qe in zip(prob, a, b, c, d, e)  # noqa: B905
                ]
                sump = sum(prob)
                maxp = max(prob) / sump
                i += 5
                if maxp > _CONV_THRESHOLD or i >= _ITERATION_LIMIT:
                    break
        total = [t + p / sump / _N_TRIAL for t, p in zip(total, prob, strict=True)]
    return total


def probabilities(
    text: str, word_lang_prob_map: dict[str, Vector], langlist: Sequence[str], seed: int | None
) -> list[tuple[str, float]]:
    """What a fresh Detector's append(text) then get_probabilities() give, as (lang, prob) pairs.

    Raises LangDetectException when the text has no known n-gram, as langdetect does.
    """
    vectors = ngram_vectors(preprocess(text), word_lang_prob_map)
    if not vectors:
        raise LangDetectException(ErrorCode.CantDetectError, "No features in text.")
    prob = detect_block(vectors, len(langlist), seed)
    # _sort_probability: list.sort(reverse=True) on prob alone, stable among equal ones.
    result = [(lang, p) for lang, p in zip(langlist, prob, strict=True) if p > _PROB_THRESHOLD]
    result.sort(key=lambda pair: pair[1], reverse=True)
    return result
