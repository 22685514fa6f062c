"""BI: checks that compare each target paragraph with its source (--source, JSONL, XLIFF/PO).

Without a source side these rules yield nothing. Their examples read 'SOURCE ⇒ TARGET', with
⟦…⟧ only in the target (see scoring.bilingual.split_example). This module holds the helpers the
BI modules share and the checks of numbers and names; bilingual_copy.py and bilingual_marks.py
hold the others.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from difflib import SequenceMatcher

from tqcheck.model import Finding, Paragraph
from tqcheck.rules.base import Context, Rule, RuleMeta
from tqcheck.rules.registry import register
from tqcheck.scoring import bilingual as bi
from tqcheck.scoring import numbers as nums


def aligned_pairs(context: Context) -> Iterator[tuple[Paragraph, str]]:
    if isinstance(context, bi.BilingualContext) and context.sources:
        yield from zip(context.paragraphs, context.sources, strict=True)


def quoted(items: Iterable[str]) -> str:
    return ", ".join(f"'{item}'" for item in items)


@register
class NumberMismatch(Rule):
    meta = RuleMeta(
        id="BI001",
        name="number-mismatch",
        category="accuracy/mistranslation",
        severity="major",
        message="A number differs between the source and the translation.",
        why="Numbers must survive translation; only their notation changes (3,5 → 3.5, 1 000 → 1,000).",
        bad=(
            "Le budget atteint 4,5 millions d'euros. ⇒ The budget reaches ⟦3.5⟧ million euros.",
            "Die Firma hat 1.200 Mitarbeiter. ⇒ The firm has ⟦1,300⟧ employees.",
            "美国1月非农就业人数增加51.7万。 ⇒ US non-farm payrolls rose by ⟦417,000⟧ in January.",
        ),
        good=(
            "Le budget atteint 3,5 milliards d'euros en 2023. ⇒ The budget reaches €3.5bn in 2023.",
            "Die Firma hat 1.200 Mitarbeiter. ⇒ The firm has 1,200 employees.",
            "美国1月非农就业人数增加51.7万。 ⇒ US non-farm payrolls rose by 517,000 in January.",
            "Rendez-vous le 12/05/2023 à 20h30. ⇒ See you on May 12, 2023 at 8:30 p.m.",
            "Trois personnes ont été blessées. ⇒ 3 people were injured.",
        ),
    )

    def check(self, context: Context) -> Iterable[Finding]:
        for paragraph, source in aligned_pairs(context):
            assert isinstance(context, bi.BilingualContext)
            source_numbers = nums.numbers(source, context.source_language)
            target_numbers = nums.numbers(
                context.text, context.target_language, paragraph.start, paragraph.end
            )
            in_words_target = nums.word_values(context.text[paragraph.start : paragraph.end])
            in_words_source = nums.word_values(source)
            missing = [
                n
                for n in source_numbers
                if not any(n.matches(t) for t in target_numbers) and not n.values & in_words_target
            ]
            extra = [
                t
                for t in target_numbers
                if not any(t.matches(n) for n in source_numbers) and not t.values & in_words_source
            ]
            for right in list(missing):
                # A unit conversion (10 miles → 16 km, 375 lb → 170 kg) keeps the quantity.
                wrong = next((t for t in extra if nums.converted(right, source, t, context.text)), None)
                if wrong is not None:
                    missing.remove(right)
                    extra.remove(wrong)
            if len(missing) == 1 and len(extra) == 1:
                wrong, right = extra[0], missing[0]
                fix = (
                    nums.render_number(right, context.target)
                    if bool(wrong.scaled) == bool(right.scaled)
                    else None
                )
                yield context.finding(
                    self.meta,
                    wrong.start,
                    wrong.end,
                    message=f"'{wrong.text}' here, '{right.text}' in the source.",
                    suggestions=[fix] if fix else [],
                )
                continue
            for wrong in extra:
                yield context.finding(
                    self.meta, wrong.start, wrong.end, message=f"'{wrong.text}' is not in the source."
                )
            if missing:
                yield context.finding(
                    self.meta,
                    paragraph.start,
                    paragraph.end,
                    message=f"The source's {quoted(n.text for n in missing)} missing from the translation.",
                )


_STOP_CAPITALISED = frozenset(
    """
    the a an in on at of for and but or to with by from as after before this that these those it he she
    we they i mr mrs ms dr prof president minister prime
    le la les l un une des du de d et en au aux dans pour par sur avec selon cette ce ces il elle ils nous
    m mme mlle président ministre premier
    el los las lo una unos del y con según este esta sr sra presidente ministro
    il gli uno della dei con questo questa
    o os as um uma do da dos das com
    monday tuesday wednesday thursday friday saturday sunday lundi mardi mercredi jeudi vendredi samedi
    dimanche lunes martes miércoles jueves viernes sábado domingo
    jan feb mar apr jun jul aug sep sept oct nov dec
    """.split()
) | frozenset(w for table in nums.MONTHS.values() for w in table.split())
_CAPITALISED_RUN = re.compile(r"\b[A-ZÀ-ÖØ-Þ][\w'’-]*(?:[ \u00a0][A-ZÀ-ÖØ-Þ][\w'’-]*)+")
_TOKEN = re.compile(r"[A-Za-z0-9&]+")
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9&'.-]*[A-Za-z0-9]")
_ROMAN = re.compile(r"[IVXLC]+")


def _acronyms(text: str) -> set[str]:
    found = set()
    for token in _TOKEN.findall(text):
        uppers = sum(c.isupper() for c in token)
        # Lower case is a word; a leading digit is a quantity (1000MW: the number check's job).
        if any(c.islower() for c in token) or token[0].isdigit() or _ROMAN.fullmatch(token):
            continue
        if uppers >= 2 or (uppers == 1 and any(c.isdigit() for c in token)):
            found.add(token)
    return found


def _fold_words(text: str) -> set[str]:
    return {bi.fold(w) for w in re.findall(r"[^\W\d_]{3,}", text)}


def _similar(word: str, candidates: set[str]) -> bool:
    return any(
        word == c
        or (len(word) >= 5 and (c[:5] == word[:5] or word in c))
        or SequenceMatcher(None, word, c).ratio() >= 0.75
        for c in candidates
    )


@register
class NameDropped(Rule):
    meta = RuleMeta(
        id="BI002",
        name="name-dropped",
        category="accuracy/omission",
        severity="minor",
        message="A name or acronym of the source is missing from the translation.",
        why="Names and acronyms are copied or transliterated; one that vanished is often an omission.",
        bad=(
            "Hier soir, Emmanuel Macron a reçu Olaf Scholz pour un dîner de travail. ⇒ "
            "⟦Last night the president received the chancellor for a working dinner.⟧",
            "Le sommet du G7 s'ouvre à Hiroshima. ⇒ ⟦The summit opens in Hiroshima.⟧",
            "苹果公司发布了新款iPhone。 ⇒ ⟦Apple released a new phone.⟧",
        ),
        good=(
            "Emmanuel Macron a reçu Olaf Scholz. ⇒ Emmanuel Macron received Olaf Scholz.",
            "L'OTAN et l'ONU ont averti. ⇒ NATO and the UN warned.",
            "Volodymyr Zelensky s'est rendu à Marioupol. ⇒ Volodymyr Zelenskyy went to Mariupol.",
            "Lundi Matin, le conseil a voté. ⇒ On Monday morning, the council voted.",
            "苹果公司发布了新款iPhone。 ⇒ Apple released a new iPhone.",
        ),
    )

    def check(self, context: Context) -> Iterable[Finding]:
        if context.target.split("-")[0] not in _LATIN_TARGETS:
            return
        for paragraph, source in aligned_pairs(context):
            assert isinstance(context, bi.BilingualContext)
            target = context.text[paragraph.start : paragraph.end]
            missing = self._missing(source, target, context.source_language)
            if missing:
                yield context.finding(
                    self.meta,
                    paragraph.start,
                    paragraph.end,
                    message=f"{quoted(missing)} of the source missing from the translation.",
                )

    @staticmethod
    def _missing(source: str, target: str, source_language: str) -> list[str]:
        lowered_target = target.casefold()
        # "Nato", "Covid": acronyms some style guides write as names.
        target_acronyms = _acronyms(target) | {
            t.upper() for t in _TOKEN.findall(target) if t.istitle() and len(t) > 2
        }
        # Spelt out: "gross domestic product" for GDP.
        initials = "".join(
            w[0].upper() for w in re.findall(r"[^\W\d_]+", target) if len(w) > 3 or w[0].isupper()
        )
        missing = []
        words = source.split()
        shouting = len(_acronyms(source)) > max(3, len(words) // 3)
        acronyms = set() if shouting else _acronyms(source)
        if source_language not in bi.CJK_LANGUAGES:
            # Between Latin-script languages acronyms are often translated or spelt out (UK →
            # Großbritannien, OTAN → NATO, GNP → Bruttosozialprodukt): only codes with digits must stay.
            acronyms = {a for a in acronyms if any(c.isdigit() for c in a)}
        for acronym in sorted(acronyms):
            if acronym not in target_acronyms and acronym not in initials:
                missing.append(acronym)
        if source_language in bi.CJK_LANGUAGES:
            for word in sorted(set(_LATIN_WORD.findall(source)) - set(missing)):
                if word.casefold() not in lowered_target and word not in _acronyms(source):
                    missing.append(word)
            return missing
        if source_language not in _NAME_CASE_SOURCES or shouting:
            return missing
        if _title_case(source):
            return missing  # a headline in Title Case: every word looks like a name
        target_words = _fold_words(target)
        for match in _CAPITALISED_RUN.finditer(source):
            tokens = re.split(r"[ \u00a0]", match.group())
            if _sentence_initial(source, match.start()):
                tokens = tokens[1:]  # capitalised by position, not because it is a name
            tokens = [t for t in tokens if bi.fold(re.split(r"['’]", t)[0]) not in _STOP_CAPITALISED]
            if len(tokens) < 2 or any(t.isupper() for t in tokens):
                continue
            parts = {bi.fold(p) for t in tokens for p in re.split(r"[-'’]", t) if len(p) >= 3}
            if not any(_similar(p, target_words) for p in parts):
                missing.append(" ".join(tokens))
        return missing


# Languages that capitalise little but names: a capitalised run there is a person or a place.
# English (Supreme Court, World Bank, Cow Hug Day) and German (every noun) capitalise words that
# translations render in other words, so names are not checked from them.
_NAME_CASE_SOURCES = frozenset("fr es it pt ro ca pl cs sk sl hr".split())


def _title_case(text: str) -> bool:
    """Headline style: (almost) no lower-case word of four letters or more."""
    words = re.findall(r"[^\W\d_]{4,}", text)
    return len(words) >= 3 and sum(w[0].islower() for w in words) < 0.25 * len(words)


def _sentence_initial(text: str, index: int) -> bool:
    before = text[:index].rstrip(" \u00a0\"'“‘«„([")
    return not before or before[-1] in ".!?…:;\n" or before.endswith(("—", "–", " -"))


_LATIN_TARGETS = frozenset("en fr de es it pt nl pl cs sk sl hr sv da nb no fi tr ro hu id vi".split())
LETTERS = re.compile(r"[^\W\d_]{3,}")
