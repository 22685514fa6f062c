"""BI: what must survive translation unchanged: placeholders, quoted and bracketed passages,
glossary terms (see bilingual.py for what these rules need and how their examples read)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from tqcheck.model import Finding
from tqcheck.rules.base import Context, Rule, RuleMeta
from tqcheck.rules.builtin.bilingual import LETTERS, aligned_pairs, quoted
from tqcheck.rules.registry import register
from tqcheck.scoring import bilingual as bi

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
                    f" (the source has {quoted(missing)})." if missing else "."
                )
                yield context.finding(self.meta, match.start(), match.end(), message=message)
            if missing and not extra:
                yield context.finding(
                    self.meta,
                    paragraph.start,
                    paragraph.end,
                    message=f"The source's {quoted(missing)} missing from the translation.",
                )


_QUOTED = re.compile(
    r'„([^“”]*)[“”]|“([^”]*)”|«([^»]*)»|"([^"]*)"|「([^」]*)」|『([^』]*)』|‹([^›]*)›|»([^«]*)«'
)
_BRACKETED = re.compile(r"[(（]([^)）]*)[)）]|[\[［【]([^\]］】]*)[\]］】]")


def _content(match: re.Match[str]) -> str:
    return next(group for group in match.groups() if group is not None)


def _substantial(content: str) -> bool:
    """Speech or a clause, not a term in scare quotes: three words, or six CJK characters."""
    return len(bi.CJK_CHAR.findall(content)) >= 6 or len(LETTERS.findall(content)) >= 3


def _marked_passages(source: str, target: str) -> tuple[int, int, int, int]:
    """(source quotes, target quotes, source brackets, target brackets) worth keeping.

    Quoted terms ("two establishes") and glosses in another script (小马科斯（Bongbong Marcos）)
    are often rendered without their marks; a quoted statement or a parenthesis is not.
    """
    cjk_source = len(bi.CJK_CHAR.findall(source)) > len(source) // 4
    source_quotes = sum(_substantial(_content(m)) for m in _QUOTED.finditer(source))
    source_brackets = sum(
        not (cjk_source and not bi.CJK_CHAR.search(_content(m))) for m in _BRACKETED.finditer(source)
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
