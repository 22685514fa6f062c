"""BP: page furniture left in the text by a scraper or a CMS export."""

from __future__ import annotations

import bisect
import functools
import itertools
import operator
import re
from collections.abc import Iterable, Iterator

import ahocorasick

from tqcheck import furniture
from tqcheck.model import Finding, Paragraph
from tqcheck.rules.base import Context, Rule, RuleMeta
from tqcheck.rules.registry import register

# Furniture glued to a paragraph's end is short: only its last characters are searched.
_TAIL_WINDOW = 80
# Characters that case-insensitive matching pairs with a letter of the furniture phrases although
# str.lower() maps them elsewhere (ſ ~ s, ı and İ ~ i, round Cyrillic forms ~ в д о с т). Where
# none occurs, a case-sensitive search of the lowered text finds what the case-insensitive
# patterns would find in the text, and much faster.
_CASELESS_ONLY = "\u0130\u0131\u017f\u1c80\u1c81\u1c82\u1c83\u1c84\u1c85"
# A furniture phrase at the start of a line of the lowered text (the first line is tried apart).
_FIRST_LINE_HINT = re.compile(rf"[ \t]*({furniture.FURNITURE_PHRASES})")
_LINE_HINT = re.compile(rf"\n[ \t]*({furniture.FURNITURE_PHRASES})")
_LOWERED_TAIL = re.compile(rf"(?:{furniture.FURNITURE_PHRASES})[ \t.:!]*$")


@functools.cache
def _tail_keywords() -> ahocorasick.Automaton:
    """furniture.may_end_in_furniture's keywords, to find them in all tails in one pass."""
    automaton = ahocorasick.Automaton()
    for keyword in furniture.TAIL_KEYWORDS:
        automaton.add_word(keyword, len(keyword))
    automaton.make_automaton()
    return automaton


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " \t\r\n":
        start += 1
    while end > start and text[end - 1] in " \t\r\n.:!":
        end -= 1
    return start, end


def _offsets(text: str, needles: Iterable[str]) -> list[int]:
    """Where these strings occur, in text order: str.find scans far faster than a regex."""
    offsets: list[int] = []
    for needle in needles:
        offset = text.find(needle)
        while offset != -1:
            offsets.append(offset)
            offset = text.find(needle, offset + 1)
    return sorted(offsets)


def _credit_hints(text: str) -> list[int]:
    """A character of every photo credit: its '/', its '©' or the colon after its label."""
    hints = _offsets(text, ("/", "©"))
    for colon in _offsets(text, (":",)):
        end = colon
        while end > 0 and text[end - 1] in " \t":
            end -= 1
        if text.endswith(furniture.CREDIT_LABELS, 0, end) or (
            text[end - 1 : end] == "s" and text.endswith(furniture.CREDIT_LABELS, 0, end - 1)
        ):
            hints.append(colon)
    return sorted(hints)


def _in_paragraphs(
    pattern: re.Pattern[str], context: Context, paragraphs: Iterable[Paragraph]
) -> Iterator[tuple[int, int]]:
    for paragraph in paragraphs:
        for match in pattern.finditer(context.text, paragraph.start, paragraph.end):
            start, end = _trimmed(context.text, match.start(), match.end())
            if end > start:
                yield start, end


@register
class ScraperLeftover(Rule):
    meta = RuleMeta(
        id="BP001",
        name="scraper-leftover",
        category="other/boilerplate",
        severity="major",
        message="Page furniture left in the article text.",
        why=(
            "Comment forms, 'Source link' and share widgets are not part of the article; "
            "publishing them shows the text was scraped and machine-processed."
        ),
        bad=(
            "The minister resigned on Friday.\n\n⟦Source link⟧",
            "The talks ended without a deal.\n\n⟦Leave a Reply⟧",
            "Prices rose again in May.\n\n⟦Read more⟧: the full story",
        ),
        good=(
            "The source of the leak was never found.",
            "Read the full report before you leave.",
        ),
    )

    def check(self, context: Context) -> Iterable[Finding]:
        seen: set[int] = set()
        lines, tails = self._candidates(context)
        for position in sorted(lines | tails):
            paragraph = context.paragraphs[position]
            if position in lines:
                yield from self._furniture_lines(context, paragraph, seen)
            if position in tails:
                yield from self._furniture_tail(context, paragraph, seen)

    def _furniture_lines(self, context: Context, paragraph: Paragraph, seen: set[int]) -> Iterator[Finding]:
        """Whole lines of furniture."""
        for match in furniture.FURNITURE_LINE.finditer(context.text, paragraph.start, paragraph.end):
            start, end = _trimmed(context.text, match.start(), match.end())
            phrase_end = self._phrase_end(context.text, start, end)
            if phrase_end > start and start not in seen:
                seen.add(start)
                yield context.finding(self.meta, start, phrase_end, suggestions=[""])

    def _furniture_tail(self, context: Context, paragraph: Paragraph, seen: set[int]) -> Iterator[Finding]:
        """Furniture glued to the paragraph's end."""
        window = max(paragraph.start, paragraph.end - _TAIL_WINDOW)
        if not furniture.may_end_in_furniture(context.lowered[window : paragraph.end]):
            return
        tail = furniture.FURNITURE_TAIL.search(context.text, window, paragraph.end)
        if tail and tail.start() not in seen and tail.start() > paragraph.start:
            before = context.text[tail.start() - 1]
            if before in '.!?”"»)' or before.isspace():
                start, end = _trimmed(context.text, tail.start(), tail.end())
                seen.add(start)
                yield context.finding(self.meta, start, end, suggestions=[""])

    @staticmethod
    def _candidates(context: Context) -> tuple[set[int], set[int]]:
        """The positions of the paragraphs where a furniture line may be, and of those where a
        furniture tail may be (supersets of both)."""
        paragraphs = context.paragraphs
        if any(char in context.text for char in _CASELESS_ONLY):
            return set(range(len(paragraphs))), set(range(len(paragraphs)))
        lowered = context.lowered
        lines: set[int] = set()
        first_line = _FIRST_LINE_HINT.match(lowered)
        line_hits = [*_LINE_HINT.finditer(lowered), *([first_line] if first_line else [])]
        if line_hits:
            paragraph_starts = [paragraph.start for paragraph in paragraphs]
            for hit in line_hits:
                # A hit may run on over a paragraph break (source:\s*\S+), hiding a line start
                # it passes: every paragraph it touches is marked.
                first = bisect.bisect_right(paragraph_starts, hit.start(1)) - 1
                last = bisect.bisect_right(paragraph_starts, hit.end() - 1) - 1
                lines.update(range(max(first, 0), last + 1))
        # A tail is searched only where a keyword is (furniture.may_end_in_furniture): one
        # automaton pass over all the tails, joined by line breaks, finds those few.
        windows = [lowered[max(p.start, p.end - _TAIL_WINDOW) : p.end] for p in paragraphs]
        lengths = itertools.accumulate(map(len, windows), initial=0)
        window_starts = list(map(operator.add, lengths, itertools.count()))
        gated: set[int] = set()
        tails: set[int] = set()
        for end, length in _tail_keywords().iter("\n".join(windows)):
            position = bisect.bisect_right(window_starts, end - length + 1) - 1
            if position in gated:
                continue
            gated.add(position)
            paragraph = paragraphs[position]
            window = max(paragraph.start, paragraph.end - _TAIL_WINDOW)
            # The case-sensitive tail pattern is much faster, and as exact (see _CASELESS_ONLY).
            if _LOWERED_TAIL.search(lowered, window, paragraph.end):
                tails.add(position)
        return lines, tails

    @staticmethod
    def _phrase_end(text: str, start: int, end: int) -> int:
        # "Read more: the full story" flags "Read more" only.
        colon = text.find(":", start, end)
        return colon if colon > start else end


@register
class LiveTickerLabel(Rule):
    meta = RuleMeta(
        id="BP002",
        name="live-ticker-label",
        category="other/boilerplate",
        severity="minor",
        message="Live-ticker label copied into the text.",
        why="Labels such as 'DIRECT.' or 'LIVE:' belong to the source page's layout, not the article.",
        bad=("⟦DIRECT.⟧ War in Ukraine: drones downed near Moscow",),
        good=("Direct talks resumed on Monday.", "LIVE music returns to the park."),
    )

    def check(self, context: Context) -> Iterable[Finding]:
        for paragraph in context.paragraphs:
            match = furniture.LIVE_LABEL.match(context.text, paragraph.start, paragraph.end)
            if match:
                end = match.end() if context.text[match.end() - 1] == "." else match.end() - 1
                start, end = match.start(), end
                yield context.finding(self.meta, start, end, suggestions=[""])


@register
class InlinePhotoCredit(Rule):
    meta = RuleMeta(
        id="BP003",
        name="inline-photo-credit",
        category="other/boilerplate",
        severity="minor",
        message="Photo credit left inside the article text.",
        why="A credit belongs under its picture; inline it reads as noise and breaks the paragraph.",
        bad=(
            "Kim took the train home. ⟦AFP/HO/Government of Primorsky region⟧.",
            "The rescue lasted all night. ⟦Photo: Reuters⟧",
        ),
        good=("Reuters reported the deal on Monday.", "The AFP agency confirmed it."),
    )

    def check(self, context: Context) -> Iterable[Finding]:
        candidates = context.paragraphs_holding(_credit_hints(context.text))
        for start, end in _in_paragraphs(furniture.CREDIT, context, candidates):
            yield context.finding(self.meta, start, end, suggestions=[""])


@register
class HtmlLeftover(Rule):
    meta = RuleMeta(
        id="BP004",
        name="html-leftover",
        category="fluency/character-encoding",
        severity="major",
        message="HTML tag or entity left in the text.",
        why="Raw markup such as '&nbsp;' or '<br>' shows through to readers when it is published as text.",
        bad=("The vote was close⟦&nbsp;⟧and tense.", "Results⟦<br>⟧ follow."),
        good=("Profits & losses were flat.", "The ratio was 3 < 4 and 5 > 2."),
    )

    def check(self, context: Context) -> Iterable[Finding]:
        for paragraph in context.paragraphs_holding(_offsets(context.text, "&<")):
            for match in furniture.HTML_LEFTOVER.finditer(context.text, paragraph.start, paragraph.end):
                yield context.finding(self.meta, match.start(), match.end(), suggestions=[" "])
