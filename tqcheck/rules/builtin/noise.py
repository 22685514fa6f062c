"""MN: machine noise — repeated words, n-gram loops, duplicated sentences, unbalanced marks."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator

from tqcheck.model import Finding, Span
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
_STRAIGHT_QUOTE = re.compile('"')
_ANY_MARK = re.compile("[" + re.escape("".join(set("".join(p for pair in _PAIRS for p in pair)))) + "]")


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
        for paragraph in context.paragraphs:
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
        for paragraph in context.paragraphs:
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
        for sentence in context.sentences():
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
        paragraphs = context.paragraphs
        for position, paragraph in enumerate(paragraphs):
            following = paragraphs[position + 1] if position + 1 < len(paragraphs) else None
            stray = self._odd_straight_quote(context.text, paragraph.start, paragraph.end)
            if stray is not None and not (following and context.text[following.start] == '"'):
                yield context.finding(
                    self.meta, stray, stray + 1, message="'\"' has no matching partner in this paragraph."
                )
            if not _ANY_MARK.search(context.text, paragraph.start, paragraph.end):
                continue
            for opener, closer in _PAIRS:
                for offset in self._unmatched(context.text, paragraph.start, paragraph.end, opener, closer):
                    # A quotation running on into the next paragraph leaves its opener open.
                    if (
                        (context.text[offset] == opener or offset == paragraph.start)
                        and following is not None
                        and context.text[following.start] in (opener, closer)
                    ):
                        continue
                    yield context.finding(
                        self.meta,
                        offset,
                        offset + 1,
                        message=f"'{context.text[offset]}' has no matching partner in this paragraph.",
                    )

    @staticmethod
    def _odd_straight_quote(text: str, start: int, end: int) -> int | None:
        """Straight quotes pair up left to right; an odd one out is the last. Inch marks
        (5'11\") are not quotes."""
        quotes = [
            m.start()
            for m in _STRAIGHT_QUOTE.finditer(text, start, end)
            if not (m.start() > 0 and text[m.start() - 1].isdigit())
        ]
        return quotes[-1] if len(quotes) % 2 else None

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
