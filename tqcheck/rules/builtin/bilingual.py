"""BI: checks that compare each target paragraph with its source (--source, JSONL, XLIFF/PO).

Without a source side these rules yield nothing. Their examples read 'SOURCE ⇒ TARGET', with
⟦…⟧ only in the target (see scoring.bilingual.split_example).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from difflib import SequenceMatcher

from tqcheck.model import Finding, Paragraph
from tqcheck.rules.base import Context, Rule, RuleMeta
from tqcheck.rules.registry import register
from tqcheck.scoring import bilingual as bi
from tqcheck.segment import split_sentences


def aligned_pairs(context: Context) -> Iterator[tuple[Paragraph, str]]:
    if isinstance(context, bi.BilingualContext) and context.sources:
        yield from zip(context.paragraphs, context.sources, strict=True)


def _quoted(items: Iterable[str]) -> str:
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
            source_numbers = bi.numbers(source, context.source_language)
            target_numbers = bi.numbers(context.text, context.target_language, paragraph.start, paragraph.end)
            in_words_target = bi.word_values(context.text[paragraph.start : paragraph.end])
            in_words_source = bi.word_values(source)
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
                wrong = next((t for t in extra if bi.converted(right, source, t, context.text)), None)
                if wrong is not None:
                    missing.remove(right)
                    extra.remove(wrong)
            if len(missing) == 1 and len(extra) == 1:
                wrong, right = extra[0], missing[0]
                fix = (
                    bi.render_number(right, context.target)
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
                    message=f"The source's {_quoted(n.text for n in missing)} missing from the translation.",
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
) | frozenset(w for table in bi._MONTHS.values() for w in table.split())
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
                    message=f"{_quoted(missing)} of the source missing from the translation.",
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
_LETTERS = re.compile(r"[^\W\d_]{3,}")


def _normalised(text: str) -> str:
    return " ".join(re.findall(r"\w+", unicodedata.normalize("NFKC", text).casefold()))


def _looks_translatable(text: str) -> bool:
    """Enough ordinary words (not just names, numbers or codes) that a translation should differ."""
    if len(bi._CJK_CHAR.findall(text)) >= 4:
        return True
    words = _LETTERS.findall(text)
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


_PLACEHOLDER = re.compile(
    r"\{\{\s*[\w.]+\s*\}\}"  # {{name}}
    r"|\{[\w.:!,]*\}"  # {0}, {name}, {}
    r"|%(?:\d+\$)?[-+ #0]?\d*(?:\.\d+)?[sdifuxXeEgGc@](?![^\W\d_])"  # %s, %d, %1$s, %.2f
    r"|</?[A-Za-z][\w-]*(?:\s[^<>]*)?/?>"  # <b>, </b>, <br/>, <a href=…>
)


def _placeholder_key(text: str) -> str:
    """Tags compare by name and kind only: attributes (titles, alt text) may be translated."""
    tag = re.match(r"<(/?)([A-Za-z][\w-]*)", text)
    if tag:
        return f"<{tag.group(1)}{tag.group(2).lower()}{'/' if text.endswith('/>') else ''}>"
    return re.sub(r"\s+", "", text)


@register
class PlaceholderMismatch(Rule):
    meta = RuleMeta(
        id="BI007",
        name="placeholder-mismatch",
        category="accuracy/mistranslation",
        severity="major",
        message="Placeholders or markup tags differ between the source and the translation.",
        why="A lost, added or altered {0}, %s, {{name}} or <b> breaks the software or page that fills it in.",
        bad=(
            "Bonjour {name}, vous avez {count} messages. ⇒ Hello {name}, you have ⟦{total}⟧ messages.",
            "Cliquez <b>ici</b> pour %s. ⇒ ⟦Click here to continue.⟧",
        ),
        good=(
            "Bonjour {name}, vous avez {count} messages. ⇒ Hello {name}, you have {count} messages.",
            "Cliquez <a href='x' title='aide'>ici</a> pour %s. ⇒ "
            "Click <a href='x' title='help'>here</a> to %s.",
            "Une hausse de 5 %. ⇒ A rise of 5%.",
        ),
    )

    def check(self, context: Context) -> Iterable[Finding]:
        for paragraph, source in aligned_pairs(context):
            wanted: dict[str, int] = {}
            for match in _PLACEHOLDER.finditer(source):
                key = _placeholder_key(match.group())
                wanted[key] = wanted.get(key, 0) + 1
            extra = []
            for match in _PLACEHOLDER.finditer(context.text, paragraph.start, paragraph.end):
                key = _placeholder_key(match.group())
                if wanted.get(key, 0) > 0:
                    wanted[key] -= 1
                else:
                    extra.append(match)
            missing = sorted(key for key, count in wanted.items() for _ in range(count))
            for match in extra:
                message = f"'{match.group()}' is not in the source" + (
                    f" (the source has {_quoted(missing)})." if missing else "."
                )
                yield context.finding(self.meta, match.start(), match.end(), message=message)
            if missing and not extra:
                yield context.finding(
                    self.meta,
                    paragraph.start,
                    paragraph.end,
                    message=f"The source's {_quoted(missing)} missing from the translation.",
                )


_QUOTED = re.compile(
    r'„([^“”]*)[“”]|“([^”]*)”|«([^»]*)»|"([^"]*)"|「([^」]*)」|『([^』]*)』|‹([^›]*)›|»([^«]*)«'
)
_BRACKETED = re.compile(r"[(（]([^)）]*)[)）]|[\[［【]([^\]］】]*)[\]］】]")


def _content(match: re.Match[str]) -> str:
    return next(group for group in match.groups() if group is not None)


def _substantial(content: str) -> bool:
    """Speech or a clause, not a term in scare quotes: three words, or six CJK characters."""
    return len(bi._CJK_CHAR.findall(content)) >= 6 or len(_LETTERS.findall(content)) >= 3


def _marked_passages(source: str, target: str) -> tuple[int, int, int, int]:
    """(source quotes, target quotes, source brackets, target brackets) worth keeping.

    Quoted terms ("two establishes") and glosses in another script (小马科斯（Bongbong Marcos）)
    are often rendered without their marks; a quoted statement or a parenthesis is not.
    """
    cjk_source = len(bi._CJK_CHAR.findall(source)) > len(source) // 4
    source_quotes = sum(_substantial(_content(m)) for m in _QUOTED.finditer(source))
    source_brackets = sum(
        not (cjk_source and not bi._CJK_CHAR.search(_content(m))) for m in _BRACKETED.finditer(source)
    )
    return source_quotes, len(_QUOTED.findall(target)), source_brackets, len(_BRACKETED.findall(target))


@register
class MarksDropped(Rule):
    meta = RuleMeta(
        id="BI008",
        name="quotes-or-brackets-dropped",
        category="fluency/punctuation",
        severity="minor",
        message="The source has more quoted or bracketed passages than the translation.",
        why="Dropped quotation marks turn a quote into the writer's own claim; a lost bracket changes scope.",
        bad=(
            "« Nous allons gagner », a dit le ministre (PS). ⇒ ⟦We will win, the minister said.⟧",
            "他说：“我们一定会赢得这场选举。” ⇒ ⟦He said they would win the election.⟧",
        ),
        good=(
            "« Nous allons gagner », a dit le ministre (PS). ⇒ “We will win,” the minister (PS) said.",
            '„Wir werden gewinnen“, sagte er. ⇒ "We will win," he said.',
            "他读了《红楼梦》。 ⇒ He read “Dream of the Red Chamber”.",
            "小马科斯（Bongbong Marcos）访问日本。 ⇒ President Bongbong Marcos visited Japan.",
            "要坚定拥护“两个确立”。 ⇒ We must firmly support the Two Establishments.",
        ),
    )

    def check(self, context: Context) -> Iterable[Finding]:
        for paragraph, source in aligned_pairs(context):
            target = context.text[paragraph.start : paragraph.end]
            source_quotes, target_quotes, source_brackets, target_brackets = _marked_passages(source, target)
            lost = []
            if target_quotes < source_quotes:
                lost.append(f"{source_quotes} quoted passage(s) in the source, {target_quotes} here")
            if target_brackets < source_brackets:
                lost.append(f"{source_brackets} bracketed passage(s) in the source, {target_brackets} here")
            if lost:
                yield context.finding(
                    self.meta, paragraph.start, paragraph.end, message="; ".join(lost) + "."
                )


@register
class GlossaryTermMissing(Rule):
    meta = RuleMeta(
        id="BI009",
        name="glossary-term-missing",
        category="terminology",
        severity="major",
        message="The source uses a glossary term; the translation lacks its required rendering.",
        why="A glossary (--glossary) fixes how key terms are translated; other renderings confuse readers.",
        bad=(
            "[glossary: Assemblée nationale → National Assembly] L'Assemblée nationale a voté la loi. ⇒ "
            "⟦Parliament passed the law.⟧",
        ),
        good=(
            "[glossary: Assemblée nationale → National Assembly] L'Assemblée nationale a voté la loi. ⇒ "
            "The National Assembly passed the law.",
            "[glossary: Bundestag → Bundestag] Der Bundestag hat abgestimmt. ⇒ The Bundestag's vote is over.",
            "[glossary: Assemblée nationale → National Assembly] Le Sénat a voté. ⇒ The Senate voted.",
        ),
    )

    def check(self, context: Context) -> Iterable[Finding]:
        if not isinstance(context, bi.BilingualContext) or not context.glossary:
            return
        patterns = [
            (
                term,
                bi.term_pattern(term.source, context.source_language),
                [bi.term_pattern(t, context.target_language) for t in term.targets],
            )
            for term in context.glossary
        ]
        for paragraph, source in aligned_pairs(context):
            target = context.text[paragraph.start : paragraph.end]
            lacking = [
                term
                for term, in_source, renderings in patterns
                if in_source.search(source) and not any(r.search(target) for r in renderings)
            ]
            if lacking:
                wanted = "; ".join(
                    f"'{t.source}' → {' or '.join(repr(x) for x in t.targets)}" for t in lacking
                )
                yield context.finding(
                    self.meta, paragraph.start, paragraph.end, message=f"Glossary: {wanted}."
                )
