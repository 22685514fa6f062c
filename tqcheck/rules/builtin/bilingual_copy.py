"""BI: translations that copy, drop or pad their source: left untranslated, empty, far too short or
far too long (see bilingual.py for what these rules need and how their examples read)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from tqcheck.model import Finding, Paragraph
from tqcheck.rules.base import Context, Rule, RuleMeta
from tqcheck.rules.builtin.bilingual import LETTERS, aligned_pairs
from tqcheck.rules.registry import register
from tqcheck.scoring import bilingual as bi
from tqcheck.segment import split_sentences


def _normalised(text: str) -> str:
    return " ".join(re.findall(r"\w+", unicodedata.normalize("NFKC", text).casefold()))


def _looks_translatable(text: str) -> bool:
    """Enough ordinary words (not just names, numbers or codes) that a translation should differ."""
    if len(bi.CJK_CHAR.findall(text)) >= 4:
        return True
    words = LETTERS.findall(text)
    return len(words) >= 3 and any(w.islower() for w in words)


@register
class UntranslatedCopy(Rule):
    meta = RuleMeta(
        id="BI003",
        name="target-identical-to-source",
        category="accuracy/untranslated",
        severity="major",
        message="The translation repeats the source word for word: left untranslated.",
        why="A paragraph or sentence identical to its source was not translated (names and codes excepted).",
        bad=(
            "Le gouvernement a démissionné hier soir. ⇒ ⟦Le gouvernement a démissionné hier soir.⟧",
            "Il a refusé. Le gouvernement a démissionné hier soir. ⇒ "
            "He refused. ⟦Le gouvernement a démissionné hier soir.⟧",
        ),
        good=(
            "Le gouvernement a démissionné. ⇒ The government resigned.",
            "Emmanuel Macron ⇒ Emmanuel Macron",
            "COVID-19: 2023 ⇒ COVID-19: 2023",
        ),
    )

    def check(self, context: Context) -> Iterable[Finding]:
        if isinstance(context, bi.BilingualContext) and context.source_language == context.target_language:
            return
        for paragraph, source in aligned_pairs(context):
            target = context.text[paragraph.start : paragraph.end]
            if _normalised(target) == _normalised(source):
                if _looks_translatable(target):
                    yield context.finding(self.meta, paragraph.start, paragraph.end)
                continue
            source_sentences = {
                _normalised(source[s.start : s.end]) for s in split_sentences(source, 0, len(source))
            }
            for sentence in paragraph.sentences:
                text = context.text[sentence.start : sentence.end]
                if _normalised(text) in source_sentences and _looks_translatable(text):
                    yield context.finding(self.meta, sentence.start, sentence.end)


@register
class EmptyTranslation(Rule):
    meta = RuleMeta(
        id="BI004",
        name="empty-translation",
        category="accuracy/omission",
        severity="critical",
        message="The source has text here; the translation has no words at all.",
        why="A paragraph reduced to punctuation or a placeholder mark was never translated.",
        bad=("Le gouvernement a démissionné. ⇒ ⟦…⟧", "Der Vertrag wurde unterzeichnet. ⇒ ⟦[—]⟧"),
        good=("Le gouvernement a démissionné. ⇒ The government resigned.", "… ⇒ …"),
    )

    def check(self, context: Context) -> Iterable[Finding]:
        for paragraph, source in aligned_pairs(context):
            if paragraph.word_count == 0 and re.search(r"[^\W\d_]", source):
                yield context.finding(self.meta, paragraph.start, paragraph.end)


def _ratio(context: Context, paragraph: Paragraph, source: str) -> tuple[float, float] | None:
    """(observed, expected) target/source length ratio, or None when the source is too short."""
    assert isinstance(context, bi.BilingualContext)
    source_language, target_language = context.source_language, context.target_language
    if bi.source_word_equivalents(source, source_language, context.spm) < bi.MIN_SOURCE_WORDS:
        return None
    target = context.text[paragraph.start : paragraph.end]
    observed = bi.length(target, target_language, context.spm) / bi.length(
        source, source_language, context.spm
    )
    return observed, bi.expected_ratio(source_language, target_language, context.spm)


@register
class TranslationTooShort(Rule):
    meta = RuleMeta(
        id="BI005",
        name="translation-too-short",
        category="accuracy/omission",
        severity="major",
        message="The translation is far shorter than its source: part of it is probably missing.",
        why="Below 0.4 × the usual length ratio of its pair, a translation has lost much of the text.",
        bad=(
            "Le conseil municipal a voté le budget mardi soir après un long débat sur les écoles. ⇒ "
            "⟦The council voted.⟧",
            "市议会周二晚上经过关于学校和道路的长时间辩论后通过了明年的预算。 ⇒ ⟦The council voted.⟧",
        ),
        good=(
            "Le conseil municipal a voté le budget mardi soir après un long débat sur les écoles. ⇒ "
            "The city council passed the budget on Tuesday evening after a long debate on schools.",
            "市议会周二晚上经过关于学校和道路的长时间辩论后通过了明年的预算。 ⇒ "
            "The city council passed next year's budget on Tuesday evening after a long debate on schools.",
            "Il a voté. ⇒ Yes.",
        ),
    )

    def check(self, context: Context) -> Iterable[Finding]:
        for paragraph, source in aligned_pairs(context):
            ratio = _ratio(context, paragraph, source)
            if ratio and ratio[0] < bi.RATIO_LOW * ratio[1]:
                yield context.finding(
                    self.meta,
                    paragraph.start,
                    paragraph.end,
                    message=f"The translation is {ratio[0] / ratio[1]:.2f} × the usual length "
                    "for its source: part of it is probably missing.",
                )


@register
class TranslationTooLong(Rule):
    meta = RuleMeta(
        id="BI006",
        name="translation-too-long",
        category="accuracy/addition",
        severity="minor",
        message="The translation is far longer than its source: something was added or repeated.",
        why="Above 2 × the usual length ratio of the pair, a translation holds text its source does not.",
        bad=(
            "Le conseil municipal a voté le budget de la ville mardi soir. ⇒ "
            "⟦The city council voted the budget on Tuesday evening. The city council voted the budget "
            "on Tuesday evening. The city council voted the budget on Tuesday evening, the city "
            "council voted the budget.⟧",
        ),
        good=(
            "Le conseil municipal a voté le budget de la ville mardi soir. ⇒ "
            "The city council passed the budget on Tuesday evening.",
        ),
    )

    def check(self, context: Context) -> Iterable[Finding]:
        for paragraph, source in aligned_pairs(context):
            ratio = _ratio(context, paragraph, source)
            if ratio and ratio[0] > bi.RATIO_HIGH * ratio[1]:
                yield context.finding(
                    self.meta,
                    paragraph.start,
                    paragraph.end,
                    message=f"The translation is {ratio[0] / ratio[1]:.2f} × the usual length "
                    "for its source: something was added or repeated.",
                )
