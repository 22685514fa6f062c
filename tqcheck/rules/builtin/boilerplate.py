"""BP: page furniture left in the text by a scraper or a CMS export."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from tqcheck import furniture
from tqcheck.model import Finding
from tqcheck.rules.base import Context, Rule, RuleMeta
from tqcheck.rules.registry import register


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " \t\r\n":
        start += 1
    while end > start and text[end - 1] in " \t\r\n.:!":
        end -= 1
    return start, end


def _in_paragraphs(pattern: re.Pattern[str], context: Context) -> Iterator[tuple[int, int]]:
    for paragraph in context.paragraphs:
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
        for paragraph in context.paragraphs:
            # Whole lines of furniture, and furniture glued to the paragraph's end.
            for match in furniture.FURNITURE_LINE.finditer(context.text, paragraph.start, paragraph.end):
                start, end = _trimmed(context.text, match.start(), match.end())
                phrase_end = self._phrase_end(context.text, start, end)
                if phrase_end > start and start not in seen:
                    seen.add(start)
                    yield context.finding(self.meta, start, phrase_end, suggestions=[""])
            # Furniture glued to the end is short: search only the paragraph's last characters.
            window = max(paragraph.start, paragraph.end - 80)
            if not furniture.may_end_in_furniture(context.lowered[window : paragraph.end]):
                continue
            tail = furniture.FURNITURE_TAIL.search(context.text, window, paragraph.end)
            if tail and tail.start() not in seen and tail.start() > paragraph.start:
                before = context.text[tail.start() - 1]
                if before in '.!?”"»)' or before.isspace():
                    start, end = _trimmed(context.text, tail.start(), tail.end())
                    seen.add(start)
                    yield context.finding(self.meta, start, end, suggestions=[""])

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
        for start, end in _in_paragraphs(furniture.CREDIT, context):
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
        for paragraph in context.paragraphs:
            for match in furniture.HTML_LEFTOVER.finditer(context.text, paragraph.start, paragraph.end):
                yield context.finding(self.meta, match.start(), match.end(), suggestions=[" "])
