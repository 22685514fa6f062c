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
# A capital followed by the same letter in lower case ("Tthe"; also "Aaron", "Lloyd").
_DOUBLED_CAPITAL = re.compile(r"\b([A-ZÀ-Ý])((?i:\1)[a-zà-ÿ]*)\b")
# What every finding of TY010 starts with ("Tt" in "Tthe"): literals let one cheap pass over the
# text pick the few paragraphs worth the word-by-word pattern above.
_DROP_CAP = re.compile("|".join(sorted({word[0].upper() + word[0] for word in _FUNCTION_WORDS})))


# A capital after a lower-case letter, found on one byte per character: Latin-1 holds both
# classes (a-z, à-ÿ and A-Z, À-Ý as code ranges, so with ÷ and ×), any other character becomes
# "?" and belongs to neither. Encoding and translating are C loops; a regex tried at every
# capital cost twice as much.
def _case_class(code: int) -> int:
    if chr(code) in "abcdefghijklmnopqrstuvwxyz" or 0xE0 <= code <= 0xFF:
        return ord("a")
    if chr(code) in "ABCDEFGHIJKLMNOPQRSTUVWXYZ" or 0xC0 <= code <= 0xDD:
        return ord("A")
    return ord(" ")


_CASE_CLASSES = bytes(map(_case_class, range(256)))
_LOWER_THEN_CAPITAL = re.compile(b"aA")


def _case_changes(text: str) -> list[int]:
    """The offsets of the capitals that follow a lower-case letter, in text order."""
    classes = text.encode("latin-1", "replace").translate(_CASE_CLASSES)
    return [match.end() - 1 for match in _LOWER_THEN_CAPITAL.finditer(classes)]


_STARTER = {language: re.compile(rf"(?:{words})\b") for language, words in _STARTERS.items()}
# German capitalises every noun, so any lower-case word glued to a capitalised one is suspect
# ("einemBericht"); the left part must then be a whole lower-case word of three letters or more.
_STARTER["de"] = re.compile(rf"(?:{_STARTERS['de']})\b|[A-ZÄÖÜ][a-zäöüß]{{2,}}\b")


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
        if not context.paragraphs:
            return
        starter = _STARTER.get(context.target, _STARTER["en"])
        text = context.text
        # Only a lower-case letter followed by a capital can be a glued boundary: one pass over
        # the whole text finds them all, and each is looked at within its own paragraph.
        for boundary in _case_changes(text):
            paragraph = context.paragraph_at(boundary)
            if boundary - 1 < paragraph.start or boundary >= paragraph.end:
                continue
            right = starter.match(text, boundary, paragraph.end)
            if right is None:
                continue
            start = boundary - 1
            while start > paragraph.start and text[start - 1].isalpha():
                start -= 1
            left = text[start:boundary]
            if len(left) < 2 or not left[-2:].islower():
                continue
            if context.target == "de" and not (len(left) >= 3 and left.islower()):
                continue
            yield context.finding(
                self.meta,
                start,
                right.end(),
                message=f"Two words glued together: '{left}' + '{right.group()}'.",
                suggestions=[f"{left}. {right.group()}"],
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
        for paragraph in context.paragraphs_holding(hit.start() for hit in _DROP_CAP.finditer(context.text)):
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
