"""MN: machine noise — repeated words, n-gram loops, duplicated sentences, unbalanced marks."""

from __future__ import annotations

import bisect
import itertools
import operator
import re
import weakref
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property

from tqcheck.model import Finding, Paragraph, Sentence, Span
from tqcheck.rules.base import Context, Rule, RuleMeta
from tqcheck.rules.registry import register

_WORD = re.compile(r"\w+(?:['’]\w+)?")
# Doubled words that are grammatical or idiomatic.
_DOUBLED = re.compile(r"\b(\w+(?:['’]\w+)?)[ \t\u00a0]+(?i:\1)\b")
_LEGIT_DOUBLES = frozenset(
    "had that very so bye ha no yes well now many much more long far again go hush "
    "knock tut pom dum la là ja si sì nein vous nous il die der das den dem".split()
)
_PAIRS = (("“", "”"), ("(", ")"), ("«", "»"), ("[", "]"), ("„", "“"))
_MARK_PATTERNS = {pair: re.compile("[" + re.escape("".join(pair)) + "]") for pair in _PAIRS}
_QUOTE_AFTER_DIGIT_OR_NON_ASCII = re.compile(r'"(?<=[0-9\x80-\U0010ffff]")')

# --- the word sketch shared by MN001–MN003 -----------------------------------------------------
# Tokenising every paragraph with _WORD costs more than everything else these rules do, and
# nearly every paragraph turns out clean. The sketch finds the few that may not with C-level
# string operations only: it holds the lowered text's \w runs as UTF-8 bytes. A _WORD token is
# one run or two joined by an apostrophe, so equal tokens give equal runs, and a repeat of
# tokens shows as a repeat of runs.
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
        data = joined.encode("utf-8", "surrogatepass")
        # Blank the non-word characters among the non-ASCII ones (quotes, dashes): only their
        # bytes are left after deleting the ASCII ones, and UTF-8 never matches across characters.
        for char in set(data.translate(None, _ASCII).decode("utf-8", "surrogatepass")):
            if not char.isalnum():
                data = data.replace(char.encode("utf-8", "surrogatepass"), b" ")
        # Each sentence, then _SENTENCE_MARK or, after a paragraph's last one, _PARAGRAPH_MARK.
        self._data = data
        # The runs in order, with _PARAGRAPH_MARK between paragraphs.
        self.words = data.translate(_TO_WORDS).split()

    def sentences(self) -> list[bytes]:
        """Per sentence, its runs run together: equal for sentences with equal words."""
        return self._data.translate(_TO_SENTENCES, _NOT_IN_SENTENCES).split(_SENTENCE_MARK)[:-1]

    def doubled(self, exotic: bool) -> list[int]:
        """Where a word is followed by the same word, unless it is a legitimate double ("had had")
        or a number: its lowered run tells, unless case-insensitive matching and str.lower()
        part ways (``exotic``)."""
        words = self.words
        same_as_next = itertools.compress(itertools.count(), map(operator.eq, words, words[1:]))
        return [
            index
            for index in same_as_next
            if words[index] != _PARAGRAPH_MARK and (exotic or not _is_legit_double(words[index]))
        ]

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
class _Candidates:
    """What MN001–MN003 must look at closely, found for all three at once: positions of
    paragraphs, and of sentences in Context.all_sentences."""

    doubled_words: list[int]
    loops: list[int]
    repeated_sentences: list[int]


def _find_candidates(context: Context) -> _Candidates | None:
    """None where the text holds a mark character itself."""
    if "\x00" in context.text or "\x01" in context.text:
        return None
    exotic = "\u0130" in context.text or "\u03a3" in context.text  # İ, and Σ with its final form
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
        # A token is one run or, with an apostrophe, two: a doubled token is a repeat of one or
        # two runs, a loop of 2–8 tokens one of 2–16 runs.
        pairs, longer = sketch.repeats([2]), sketch.repeats(range(3, 17))
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
    return _Candidates(doubled_words, loops, repeated)


def _stretches(paragraphs: Sequence[Paragraph]) -> Iterator[tuple[int, int]]:
    """Runs of whole paragraphs of about _SKETCH_CHARACTERS (one for an ordinary document)."""
    ends = [paragraph.end for paragraph in paragraphs]
    first = 0
    while first < len(paragraphs):
        last = bisect.bisect_left(ends, paragraphs[first].start + _SKETCH_CHARACTERS, first) + 1
        yield first, min(last, len(paragraphs))
        first = last


class _CandidatesCache:
    """The candidates of the document being checked, found by the first of MN001–MN003 to ask."""

    def __init__(self) -> None:
        self._entry: tuple[weakref.ref[Context], _Candidates | None] | None = None

    def get(self, context: Context) -> _Candidates | None:
        entry = self._entry  # one read: another thread may replace it meanwhile
        if entry is not None and entry[0]() is context:
            return entry[1]
        candidates = _find_candidates(context)
        self._entry = (weakref.ref(context), candidates)
        return candidates


_CANDIDATES = _CandidatesCache()


@register
class RepeatedWord(Rule):
    meta = RuleMeta(
        id="MN001",
        name="repeated-word",
        category="fluency/grammar",
        severity="minor",
        message="Word repeated: '{word}'.",
        why="A doubled word is a typical decoding glitch of machine translation and a common typo.",
        bad=("The talks ended with ⟦the the⟧ deal signed.", "Prices rose ⟦sharply sharply⟧ in May."),
        good=("What he had had was enough.", "The more the merrier.", "She said that that was all."),
    )

    def check(self, context: Context) -> Iterable[Finding]:
        for paragraph in self._candidates(context):
            # Cheap test first: two equal neighbouring words anywhere in the paragraph?
            words = _WORD.findall(context.lowered, paragraph.start, paragraph.end)
            if all(a != b for a, b in itertools.pairwise(words)):
                continue
            for match in _DOUBLED.finditer(context.text, paragraph.start, paragraph.end):
                word = match.group(1)
                if word.isdigit() or word.lower() in _LEGIT_DOUBLES:
                    continue
                yield context.finding(
                    self.meta,
                    match.start(),
                    match.end(),
                    message=f"Word repeated: '{word}'.",
                    suggestions=[word],
                )

    @staticmethod
    def _candidates(context: Context) -> Sequence[Paragraph]:
        candidates = _CANDIDATES.get(context)
        if candidates is None:
            return context.paragraphs
        return [context.paragraphs[position] for position in candidates.doubled_words]


def _is_legit_double(run: bytes) -> bool:
    word = run.decode("utf-8", "surrogatepass")
    return word.isdigit() or word in _LEGIT_DOUBLES


def _loop_starts(words: list[str]) -> list[int]:
    """Where a loop could start: a word pair that recurs 2–8 words later. Most text has none."""
    bigrams = list(itertools.pairwise(words))
    if len(set(bigrams)) == len(bigrams):
        return []
    starts = []
    last_seen: dict[tuple[str, str], int] = {}
    for index, bigram in enumerate(bigrams):
        previous = last_seen.get(bigram)
        if previous is not None and index - previous <= 8:
            starts.append(previous)
        last_seen[bigram] = index
    return sorted(set(starts))


@register
class NgramLoop(Rule):
    meta = RuleMeta(
        id="MN002",
        name="ngram-loop",
        category="fluency/grammar",
        severity="major",
        message="A run of words repeats itself: a decoding loop.",
        why="Neural MT sometimes loops, emitting the same phrase again and again; no editor would.",
        bad=(
            "The army said ⟦the city was taken, the city was taken⟧ on Friday.",
            "It is ⟦very good and very good and very good and⟧ cheap.",
            "The reform ⟦could be could be⟧ delayed.",
        ),
        good=(
            "The city was taken on Friday, and the army held it.",
            "Step by step, day by day.",
            "He sang New York, New York at the gala.",
        ),
    )

    def check(self, context: Context) -> Iterable[Finding]:
        for paragraph in self._candidates(context):
            lowered = _WORD.findall(context.lowered, paragraph.start, paragraph.end)
            starts = _loop_starts(lowered)
            if not starts:
                continue
            words = list(_WORD.finditer(context.text, paragraph.start, paragraph.end))
            next_free = 0
            for index in starts:
                if index < next_free:
                    continue
                loop = self._loop_at(lowered, index)
                if loop is None:
                    continue
                size, repeats = loop
                if all(w.group()[:1].isupper() for w in words[index : index + size]):
                    continue  # a name said twice ("New York, New York") is no loop
                last = index + size * repeats - 1
                yield context.finding(
                    self.meta,
                    words[index].start(),
                    words[last].end(),
                    suggestions=[context.text[words[index].start() : words[index + size - 1].end()]],
                )
                next_free = last + 1

    @staticmethod
    def _candidates(context: Context) -> Sequence[Paragraph]:
        candidates = _CANDIDATES.get(context)
        if candidates is None:
            return context.paragraphs
        return [context.paragraphs[position] for position in candidates.loops]

    @staticmethod
    def _loop_at(words: list[str], index: int) -> tuple[int, int] | None:
        for size in range(2, 9):
            unit = words[index : index + size]
            if len(unit) < size:
                return None
            repeats = 1
            while words[index + repeats * size : index + (repeats + 1) * size] == unit:
                repeats += 1
            if repeats >= 2:
                return size, repeats
        return None


@register
class DuplicatedSentence(Rule):
    meta = RuleMeta(
        id="MN003",
        name="duplicated-sentence",
        category="accuracy/addition",
        severity="major",
        message="This sentence already appears earlier in the document.",
        why="Duplicated sentences come from segment-alignment errors or scraper merges; readers notice.",
        bad=(
            "Rain fell across the north on Monday. Roads were closed. "
            "⟦Rain fell across the north on Monday.⟧",
        ),
        good=("Rain fell across the north on Monday. Rain fell again on Tuesday in the south.",),
    )

    def check(self, context: Context) -> Iterable[Finding]:
        seen: dict[str, Span] = {}
        for sentence in self._candidates(context):
            words = _WORD.findall(context.lowered, sentence.start, sentence.end)
            if len(words) < 6:
                continue
            key = " ".join(words)
            if key in seen:
                yield context.finding(
                    self.meta, sentence.start, sentence.end, related=[seen[key]], suggestions=[""]
                )
            else:
                seen[key] = Span(sentence.start, sentence.end)

    @staticmethod
    def _candidates(context: Context) -> Sequence[Sentence]:
        """The sentences whose words another sentence may repeat, in text order."""
        candidates = _CANDIDATES.get(context)
        if candidates is None:
            return context.all_sentences
        return [context.all_sentences[index] for index in candidates.repeated_sentences]


@register
class UnbalancedMarks(Rule):
    meta = RuleMeta(
        id="MN004",
        name="unbalanced-quotes-or-brackets",
        category="fluency/punctuation",
        severity="minor",
        message="'{mark}' has no matching partner in this paragraph.",
        why="A lost quote or bracket changes what is quoted; MT often drops one side of a pair.",
        bad=(
            "The minister called it ⟦“⟧a success and left.",
            "The deal ⟦(⟧worth $2bn was signed.",
            'He said ⟦"⟧it is over and left.',
        ),
        good=(
            "The minister called it “a success” and left.",
            "The deal (worth $2bn) was signed.",
            'He said "it is over" and left; he is 6\'2" tall.',
        ),
    )

    def check(self, context: Context) -> Iterable[Finding]:
        text = context.text
        paragraphs = context.paragraphs
        starts = [paragraph.start for paragraph in paragraphs]
        inches = self._inch_marks(text)
        pairs = [pair for pair in _PAIRS if pair[0] in text or pair[1] in text]
        odd_quotes = self._odd_quote_paragraphs(text, paragraphs, starts, inches) if '"' in text else []
        for position in sorted({*odd_quotes, *self._holding_pairs(text, paragraphs, starts, pairs)}):
            paragraph = paragraphs[position]
            following = paragraphs[position + 1] if position + 1 < len(paragraphs) else None
            stray = self._odd_straight_quote(text, paragraph.start, paragraph.end, inches)
            if stray is not None and not (following and text[following.start] == '"'):
                yield context.finding(
                    self.meta, stray, stray + 1, message="'\"' has no matching partner in this paragraph."
                )
            for opener, closer in pairs:
                if text.find(opener, paragraph.start, paragraph.end) == -1 and (
                    text.find(closer, paragraph.start, paragraph.end) == -1
                ):
                    continue  # neither mark of the pair: nothing to match
                for offset in self._unmatched(text, paragraph.start, paragraph.end, opener, closer):
                    # A quotation running on into the next paragraph leaves its opener open.
                    if (
                        (text[offset] == opener or offset == paragraph.start)
                        and following is not None
                        and text[following.start] in (opener, closer)
                    ):
                        continue
                    yield context.finding(
                        self.meta,
                        offset,
                        offset + 1,
                        message=f"'{text[offset]}' has no matching partner in this paragraph.",
                    )

    @staticmethod
    def _odd_quote_paragraphs(
        text: str, paragraphs: Sequence[Paragraph], starts: list[int], inches: list[int]
    ) -> list[int]:
        """The positions of the paragraphs with an odd number of straight quotes (inch marks
        aside): one C-level count per paragraph, no Python per quote."""
        ends = map(operator.attrgetter("end"), paragraphs)
        counts = list(map(text.count, itertools.repeat('"'), starts, ends))
        for inch in inches:
            counts[bisect.bisect_right(starts, inch) - 1] -= 1
        return list(itertools.compress(itertools.count(), map((1).__and__, counts)))

    @staticmethod
    def _holding_pairs(
        text: str, paragraphs: Sequence[Paragraph], starts: list[int], pairs: list[tuple[str, str]]
    ) -> set[int]:
        """The positions of the paragraphs holding a bracket or a typographic quote: str.find
        skips to the next one in C, then on to the end of its paragraph."""
        holding: set[int] = set()
        for char in dict.fromkeys("".join(opener + closer for opener, closer in pairs)):
            offset = text.find(char)
            while offset != -1:
                position = max(bisect.bisect_right(starts, offset) - 1, 0)
                holding.add(position)
                offset = text.find(char, max(paragraphs[position].end, offset + 1))
        return holding

    @staticmethod
    def _inch_marks(text: str) -> list[int]:
        """The straight quotes after a digit (5'11\"), in order: inch marks, not quotes. The
        pattern skips to the quotes; only those after an ASCII digit or a non-ASCII character
        are looked at."""
        return [
            mark.start()
            for mark in _QUOTE_AFTER_DIGIT_OR_NON_ASCII.finditer(text)
            if text[mark.start() - 1].isdigit()
        ]

    @staticmethod
    def _odd_straight_quote(text: str, start: int, end: int, inches: list[int]) -> int | None:
        """Straight quotes pair up left to right; an odd one out is the last. Inch marks are not
        quotes."""
        first_inch, after_inches = bisect.bisect_left(inches, start), bisect.bisect_left(inches, end)
        if (text.count('"', start, end) - (after_inches - first_inch)) % 2 == 0:
            return None
        last = text.rfind('"', start, end)
        while after_inches > first_inch and inches[after_inches - 1] == last:
            after_inches -= 1
            last = text.rfind('"', start, last)
        return last

    @staticmethod
    def _unmatched(text: str, start: int, end: int, opener: str, closer: str) -> Iterator[int]:
        body = text[start:end]
        # German „…“ reuses “ as its closer: check that pair, not the English one.
        if (opener, closer) == ("“", "”") and "„" in body:
            return iter(())
        if (opener, closer) == ("„", "“") and "„" not in body:
            return iter(())
        stack: list[int] = []
        strays: list[int] = []
        for match in _MARK_PATTERNS[(opener, closer)].finditer(text, start, end):
            # Spanish and older French style reopen a running quotation with "»" at the start
            # of each continuation paragraph: there the closer acts as an opener.
            if match.group() == opener or (match.start() == start and opener != "("):
                stack.append(match.start())
            elif stack:
                stack.pop()
            else:
                strays.append(match.start())
        return iter(sorted(stack + strays))
