"""UT: sentences left in another language than the target."""

from __future__ import annotations

import dataclasses
import itertools
import operator
import re
from collections.abc import Iterable, Iterator

from tqcheck import langid
from tqcheck.model import Finding, Paragraph
from tqcheck.rules.base import Context, Rule, RuleMeta
from tqcheck.rules.registry import register

_WORD = re.compile(r"[^\W\d_]+")
_MIN_WORDS = 5
_MIN_QUOTE_WORDS = 3
_LATIN_TARGETS = frozenset({"en", "fr", "de", "es", "it", "pt", "nl"})
# Two or more words in Cyrillic, or four or more CJK characters (no spaces there).
_FOREIGN_SCRIPT_RUN = re.compile(
    r"[\u0400-\u04ff]+(?:[\s,;:'’-]+[\u0400-\u04ff]+)+|[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]{4,}"
)
# One character class scans ten times faster than the run pattern: a pre-test for a document.
_FOREIGN_SCRIPT_CHAR = re.compile(r"[\u0400-\u04ff\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]")
# Every byte but the UTF-8 lead bytes of U+0400–U+04FF (D0–D3) and of U+3000–U+DFFF (E3–ED),
# which hold the ranges above: deleting them all is a cheaper pre-test still.
_NOT_FOREIGN_SCRIPT_LEADS = bytes(
    byte for byte in range(256) if byte not in range(0xD0, 0xD4) and byte not in range(0xE3, 0xEE)
)
_STRAIGHT_QUOTATION = re.compile(r"\"[^\"\n]{8,400}\"")
_QUOTATION = re.compile(r"“[^”“\n]{8,400}”|«[^»«\n]{8,400}»|„[^“”„\n]{8,400}[“”]|\"[^\"\n]{8,400}\"")
# The chunks a span is split into first: enough to settle most sentences (8–12 are about as fast).
_FIRST_CHUNKS = 10
_START = operator.attrgetter("start")
_END = operator.attrgetter("end")
_LANGUAGE_NAMES = {
    "en": "English",
    "fr": "French",
    "de": "German",
    "es": "Spanish",
    "it": "Italian",
    "pt": "Portuguese",
    "nl": "Dutch",
    "ru": "Russian",
    "uk": "Ukrainian",
    "pl": "Polish",
    "zh": "Chinese",
    "ja": "Japanese",
    "ko": "Korean",
}


def _may_hold_foreign_script(text: str) -> bool:
    """False when the text holds no character of _FOREIGN_SCRIPT_CHAR: most documents, told by
    a C loop over their UTF-8 bytes about four times faster than the search."""
    if text.isascii():
        return False
    return bool(text.encode("utf-8", "surrogatepass").translate(None, _NOT_FOREIGN_SCRIPT_LEADS))


def language_name(code: str) -> str:
    return _LANGUAGE_NAMES.get(code, code)


def _unsettled(
    lowered: str, starts: list[int], ends: list[int], target_words: frozenset[str] | None
) -> list[int]:
    """The indexes of the spans lowered[start:end] that hold fewer than two distinct common words
    of the target as whitespace-separated chunks. Such a chunk is a token too, so the others are
    in the target language: nearly every sentence, settled here by C-level maps without a Python
    frame per span; _foreign_language looks at the rest."""
    if target_words is None:
        return list(range(len(starts)))
    # Most sentences show two common words within their first few words: the first split stops
    # after _FIRST_CHUNKS chunks. Its last item, the rest of the span, is a chunk when it holds
    # no whitespace, and can never be a common word when it does; the spans it leaves open are
    # split in full. Slicing whole spans once costs less than cutting prefixes by length.
    spans = list(map(lowered.__getitem__, map(slice, starts, ends)))
    firsts = map(str.split, spans, itertools.repeat(None), itertools.repeat(_FIRST_CHUNKS))
    first_hits = map(len, map(target_words.intersection, firsts))
    open_ = list(itertools.compress(itertools.count(), map((2).__gt__, first_hits)))
    hits = map(len, map(target_words.intersection, map(str.split, map(spans.__getitem__, open_))))
    return list(itertools.compress(open_, map((2).__gt__, hits)))


@register
class UntranslatedSentence(Rule):
    meta = RuleMeta(
        id="UT001",
        name="untranslated-sentence",
        category="accuracy/untranslated",
        severity="major",
        message="This passage is not in the target language.",
        why=(
            "MT systems pass through text they fail to translate, and scrapers keep source-page "
            "fragments; a reader of the target language cannot read it."
        ),
        bad=(
            "The summit ended on Friday. ⟦Le président a quitté la salle sans faire de déclaration.⟧",
            "⟦Die Regierung hat die Pläne am Montag vorgestellt.⟧ Critics were unimpressed.",
            "The minister shouted ⟦“Das ist mit uns nicht zu machen”⟧ and left the room.",
            "Officials said the night was calm, adding ⟦Ситуация остается напряженной⟧ in a statement.",
        ),
        good=(
            "The summit ended on Friday. The president left without a statement.",
            "Ministers met in Brussels to discuss the budget for the coming year.",
            "The café served crème brûlée and a glass of Côtes du Rhône.",
            "The motto “liberté, égalité, fraternité” hung over the door.",
            "Fans sang “You'll Never Walk Alone” before the match.",
            "The word правда means truth.",
        ),
        targets=("en", "fr", "de", "es", "it"),
    )

    def check(self, context: Context) -> Iterable[Finding]:
        # Whole-document searches first: most documents have no quotation and no foreign
        # script at all, and one C-level pass is cheaper than one search per paragraph.
        target_words = langid.COMMON_WORDS.get(context.target)
        lowered = context.lowered
        # Straight quotes alone, when the text has no other opener: a pattern that starts with
        # a literal scans several times faster than the alternation, and finds the same.
        with_openers = "“" in context.text or "«" in context.text or "„" in context.text
        pattern = _QUOTATION if with_openers else _STRAIGHT_QUOTATION
        spans = [match.span() for match in pattern.finditer(context.text)]
        quotations: dict[int, list[tuple[int, int]]] = {}
        for at in _unsettled(lowered, [s + 1 for s, _ in spans], [e - 1 for _, e in spans], target_words):
            quotations.setdefault(context.paragraph_at(spans[at][0]).index, []).append(spans[at])
        other_script = (
            context.target in _LATIN_TARGETS
            and _may_hold_foreign_script(context.text)
            and _FOREIGN_SCRIPT_CHAR.search(context.text) is not None
            and _FOREIGN_SCRIPT_RUN.search(context.text) is not None
        )
        sentences = context.all_sentences
        starts = list(map(_START, sentences))
        ends = list(map(_END, sentences))
        unsettled = {starts[at] for at in _unsettled(lowered, starts, ends, target_words)}
        if other_script:
            paragraphs: Iterable[Paragraph] = context.paragraphs
        else:
            # Only the paragraphs that hold an unsettled sentence or quotation can yield anything.
            held = {context.paragraph_at(start).index for start in unsettled}.union(quotations)
            paragraphs = [context.paragraphs[index] for index in sorted(held)]
        for paragraph in paragraphs:
            if paragraph.role == "boilerplate":
                continue
            found = list(
                self._in_paragraph(context, paragraph, quotations.get(paragraph.index, ()), unsettled)
            )
            yield from found
            if other_script:
                covered = [(f.start, f.end) for f in found]
                yield from self._other_script(context, paragraph, covered)

    def _other_script(
        self, context: Context, paragraph: Paragraph, covered: list[tuple[int, int]]
    ) -> Iterator[Finding]:
        """Words in another script inside Latin-script text: too short for statistics, but a
        run of two Cyrillic words in an English article is untranslated whatever it says."""
        for match in _FOREIGN_SCRIPT_RUN.finditer(context.text, paragraph.start, paragraph.end):
            if any(s <= match.start() < e for s, e in covered):
                continue
            guess = langid.script_guess(match.group())
            language = guess.language if guess else None
            if language:
                yield self._finding(context, match.start(), match.end(), language)

    def _in_paragraph(
        self,
        context: Context,
        paragraph: Paragraph,
        quotations: Iterable[tuple[int, int]],
        unsettled: set[int],
    ) -> Iterator[Finding]:
        """``unsettled``: the starts of the sentences that _unsettled did not settle."""
        flagged: list[tuple[int, int]] = []
        run_start = run_end = -1
        run_language = ""
        for sentence in paragraph.sentences:
            language = (
                self._foreign_language(context, sentence.start, sentence.end)
                if sentence.start in unsettled
                else None
            )
            if language and language == run_language and run_end >= 0:
                run_end = sentence.end
                continue
            if run_end >= 0:
                yield self._finding(context, run_start, run_end, run_language)
                flagged.append((run_start, run_end))
            run_start, run_end, run_language = (
                (sentence.start, sentence.end, language) if language else (-1, -1, "")
            )
        if run_end >= 0:
            yield self._finding(context, run_start, run_end, run_language)
            flagged.append((run_start, run_end))
        yield from self._quotations(context, quotations, flagged)

    def _quotations(
        self, context: Context, quotations: Iterable[tuple[int, int]], flagged: list[tuple[int, int]]
    ) -> Iterator[Finding]:
        """A quotation left in the source language inside a translated sentence."""
        for start, end in quotations:
            if any(s <= start and end <= e for s, e in flagged):
                continue
            inner_start = start + 1
            inner_end = end - 1
            language = self._foreign_language(context, inner_start, inner_end, _MIN_QUOTE_WORDS)
            if language:
                yield self._finding(context, start, end, language)

    def _foreign_language(
        self, context: Context, start: int, end: int, min_words: int = _MIN_WORDS
    ) -> str | None:
        """The language of a span that _unsettled left open (its fast path is not repeated)."""
        tokens = _WORD.findall(context.lowered, start, end)
        words = len(tokens)
        if words < min_words:
            return None
        target_words = langid.COMMON_WORDS.get(context.target)
        if target_words is not None and len(target_words.intersection(tokens)) >= 2:
            return None
        span = context.text[start:end]
        if words < _MIN_WORDS:
            # Too short for statistics alone: the function words must agree, with none of the target's.
            counts, _ = langid.function_word_vote(span)
            foreign = max((lang for lang in counts if lang != context.target), key=lambda lang: counts[lang])
            if counts.get(context.target, 0) > 0 or counts[foreign] < 2:
                return None
        quick = langid.quick_guess(span)
        if quick.language == context.target:
            return None
        if words < 8 and quick.language is None:
            return None  # the check below would need the vote to agree with langdetect: skip it
        # The cheap vote is unsure or says "foreign": ask langdetect to confirm.
        statistical = langid.statistical_guess(span)
        if statistical.language is None or statistical.language == context.target:
            return None
        if statistical.confidence < 0.9:
            return None
        if quick.confidence >= 0.5 and quick.language != statistical.language:
            return None
        # langdetect is unreliable on short spans between close languages ("Tiene un punto de
        # vista distinto." comes out Italian): there the function words must agree with it.
        if words < 8 and quick.language != statistical.language:
            return None
        return statistical.language

    def _finding(self, context: Context, start: int, end: int, language: str) -> Finding:
        finding = context.finding(
            self.meta,
            start,
            end,
            message=f"This passage is in {language_name(language)}, not in "
            f"{language_name(context.target)}: translate it or remove it.",
        )
        # The language left untranslated is the strongest hint of the source language.
        return dataclasses.replace(finding, source_language=language)
