"""TY: words glued together where a hyperlink or a drop cap was stripped."""

from __future__ import annotations

import re
from collections.abc import Iterable

from tqcheck.model import Finding
from tqcheck.rules.base import Context, Rule, RuleMeta
from tqcheck.rules.registry import register

# Words that start a new sentence or clause: a lower-case run glued to one of them is a
# lost boundary ("in DonetskThe army"), while brand names glue other words ("YouTube").
_STARTERS = {
    "en": "The|He|She|It|They|We|This|That|These|Those|But|And|According|After|"
    "Before|While|When|However|Meanwhile|His|Her|Their|Its|There|Some|Many|Most",
    "fr": "Le|La|Les|Un|Une|Il|Elle|Ils|Elles|Nous|Ce|Cette|Mais|Et|Dans|Selon|Après|Avant|Pour",
    "de": "Der|Die|Das|Ein|Eine|Er|Sie|Es|Wir|Dies|Diese|Aber|Und|Im|Nach|Vor|Laut|Bei",
    "es": "El|La|Los|Las|Un|Una|Él|Ella|Ellos|Este|Esta|Pero|En|Según|Tras|Después",
    "it": "Il|Lo|La|Gli|Le|Un|Una|Lui|Lei|Questo|Questa|Ma|In|Secondo|Dopo|Prima",
}
_FUNCTION_WORDS = frozenset(
    "the he she it in on a an this they we there his her their its le la les il elle un une "
    "der die das er sie es ein eine el los las lo".split()
)
_DOUBLED_CAPITAL = re.compile(r"\b([A-ZÀ-Ý])([a-zà-ÿ]+)\b")


def _glued_pattern(language: str) -> re.Pattern[str]:
    starters = _STARTERS.get(language, _STARTERS["en"])
    return re.compile(rf"\b(?P<left>[^\W\d_]*[a-zà-ÿ]{{2}})(?P<right>(?:{starters}))\b")


_GLUED = {language: _glued_pattern(language) for language in _STARTERS}


@register
class GluedWords(Rule):
    meta = RuleMeta(
        id="TY009",
        name="glued-words",
        category="fluency/spelling",
        severity="minor",
        message="Two words glued together: '{left}' + '{right}'.",
        why="Stripping a link or a drop cap often removes the space or full stop between words.",
        bad=(
            "Shelling continued in ⟦DonetskThe⟧ army said it held the line.",
            "Talks resumed ⟦yesterdayHowever⟧ nothing was agreed.",
        ),
        good=(
            "She posted it on YouTube and LinkedIn.",
            "The iPhone and the PlayStation sold well.",
            "McDonald and MacArthur met.",
        ),
        targets=("en", "fr", "de", "es", "it"),
    )

    def check(self, context: Context) -> Iterable[Finding]:
        pattern = _GLUED.get(context.target, _GLUED["en"])
        for paragraph in context.paragraphs:
            for match in pattern.finditer(context.text, paragraph.start, paragraph.end):
                left, right = match.group("left"), match.group("right")
                yield context.finding(
                    self.meta,
                    match.start(),
                    match.end(),
                    message=f"Two words glued together: '{left}' + '{right}'.",
                    suggestions=[f"{left}. {right}"],
                )


@register
class DoubledInitial(Rule):
    meta = RuleMeta(
        id="TY010",
        name="doubled-drop-cap",
        category="fluency/spelling",
        severity="minor",
        message="Drop-cap letter doubled: '{word}'.",
        why="A page's drop cap ('T' in large type) is often kept beside the full word when scraped.",
        bad=("⟦Tthe⟧ minister resigned.", "⟦Sshe⟧ left early."),
        good=("Aaron resigned.", "Lloyd and Ooms left early.", "The minister resigned."),
    )

    def check(self, context: Context) -> Iterable[Finding]:
        for paragraph in context.paragraphs:
            for match in _DOUBLED_CAPITAL.finditer(context.text, paragraph.start, paragraph.end):
                capital, rest = match.group(1), match.group(2)
                if rest[0] == capital.lower() and rest in _FUNCTION_WORDS:
                    fixed = rest[0].upper() + rest[1:]
                    yield context.finding(
                        self.meta,
                        match.start(),
                        match.end(),
                        message=f"Drop-cap letter doubled: '{match.group()}'.",
                        suggestions=[fixed],
                    )
