"""MN: machine noise — repeated words, n-gram loops, duplicated sentences, unbalanced marks."""

from __future__ import annotations

import bisect
import itertools
import operator
import re
from collections.abc import Iterable, Iterator, Sequence

from tqcheck.model import Finding, Paragraph, Span
from tqcheck.rules.base import Context, Rule, RuleMeta
from tqcheck.rules.noise_candidates import (
    LEGIT_DOUBLES,
    doubled_word_paragraphs,
    loop_paragraphs,
    repeated_sentences,
)
from tqcheck.rules.registry import register

_WORD = re.compile(r"\w+(?:['’]\w+)?")
_DOUBLED = re.compile(r"\b(\w+(?:['’]\w+)?)[ \t\u00a0]+(?i:\1)\b")
_PAIRS = (("“", "”"), ("(", ")"), ("«", "»"), ("[", "]"), ("„", "“"))
_MARK_PATTERNS = {pair: re.compile("[" + re.escape("".join(pair)) + "]") for pair in _PAIRS}
_QUOTE_AFTER_DIGIT_OR_NON_ASCII = re.compile(r'"(?<=[0-9\x80-\U0010ffff]")')


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
        for paragraph in doubled_word_paragraphs(context):
            # Cheap test first: two equal neighbouring words anywhere in the paragraph?
            words = _WORD.findall(context.lowered, paragraph.start, paragraph.end)
            if all(a != b for a, b in itertools.pairwise(words)):
                continue
            for match in _DOUBLED.finditer(context.text, paragraph.start, paragraph.end):
                word = match.group(1)
                if word.isdigit() or word.lower() in LEGIT_DOUBLES:
                    continue
                yield context.finding(
                    self.meta,
                    match.start(),
                    match.end(),
                    message=f"Word repeated: '{word}'.",
                    suggestions=[word],
                )


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
        for paragraph in loop_paragraphs(context):
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
        for sentence in repeated_sentences(context):
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
