"""CN: one name spelled several ways in the same document."""

from __future__ import annotations

import itertools
import re
import tomllib
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import ahocorasick

from tqcheck.model import Finding, Span
from tqcheck.rules.base import Context, Rule, RuleMeta
from tqcheck.rules.engine import trigger_hits
from tqcheck.rules.registry import register

_DATA = Path(__file__).resolve().parent.parent.parent / "data" / "name_variants.toml"
# Capitalised common words whose lower-case form is an ordinary word ("Bill" / "bill").
_HOMOGRAPHS = frozenset(
    "bill may march mark will rose grace hope faith joy august june turkey china polish "
    "jack frank sun apple amazon windows word house senate state church white black green "
    "brown young king bush gates mass miles price rich lord hill ford parks banks page "
    "summer winter spring fall god earth moon president prime minister general north south "
    "east west northern southern eastern western central federal national royal "
    "catholic muslim christian jewish islamic republican democrat democratic liberal "
    "conservative labour socialist communist court army navy union party government "
    "parliament congress".split()
)
# Ordered: digraphs first so "shch" is not read as "sh" + "ch".
_TRANSLITERATION = (
    # Every spelling of the "sh"/"ch" sounds folds to one placeholder before "c" means "k":
    # Chernov = Tschernow, Roskosmos = Roscosmos.
    ("tsch", "§"),
    ("shch", "§"),
    ("sch", "§"),
    ("tch", "§"),
    ("dzh", "j"),
    ("sh", "§"),
    ("ch", "§"),
    ("kh", "h"),
    ("zh", "j"),
    ("dj", "j"),
    ("ou", "u"),
    ("ph", "f"),
    ("w", "v"),
    ("ey", "ei"),
    ("y", "i"),
    ("ck", "k"),
    ("q", "k"),
    ("c", "k"),
)
_DOUBLE = re.compile(r"(.)\1+")
_VOWELS = frozenset("aeiou")
_MIN_VOWEL_VARIANT = 7


@lru_cache(maxsize=1)
def curated_groups() -> dict[str, tuple[int, str]]:
    """Lower-cased form -> (group id, preferred form)."""
    groups = tomllib.loads(_DATA.read_text(encoding="utf-8"))["groups"]
    table: dict[str, tuple[int, str]] = {}
    for index, forms in enumerate(groups):
        for form in forms:
            table[form.lower()] = (index, forms[0])
    return table


@lru_cache(maxsize=65536)
def transliteration_key(token: str) -> str:
    """A spelling-insensitive key: diacritics, romanisation digraphs and doubled letters folded."""
    folded = token.lower().replace("-", "").replace("'", "").replace("’", "").replace("ß", "ss")
    # German umlauts are written "ae/oe/ue" when the keyboard lacks them: Söder = Soeder.
    folded = folded.replace("ä", "a").replace("ö", "o").replace("ü", "u")
    folded = folded.replace("ae", "a").replace("oe", "o").replace("ue", "u")
    if not folded.isascii():  # ASCII has nothing to decompose
        folded = unicodedata.normalize("NFKD", folded)
        folded = "".join(c for c in folded if not unicodedata.combining(c))
    if folded.startswith("ye"):
        folded = folded[1:]  # Yelena = Elena, Yevgeny = Evgeny
    for old, new in _TRANSLITERATION:
        folded = folded.replace(old, new)
    return _DOUBLE.sub(r"\1", folded)


def _one_inner_vowel_apart(a: str, b: str) -> bool:
    """Mohammed/Mohammad: same length, one differing letter, a vowel, not the last letter."""
    if len(a) != len(b) or len(a) < _MIN_VOWEL_VARIANT:
        return False
    diffs = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
    return (
        len(diffs) == 1
        and diffs[0] not in (0, len(a) - 1)
        and a[diffs[0]] in _VOWELS
        and b[diffs[0]] in _VOWELS
    )


class _Occurrence(NamedTuple):
    # A tuple, not a dataclass: a news article has hundreds of capitalised tokens.
    start: int
    end: int
    surface: str


# Upper-case letters of the alphabetic scripts we meet in news text (Latin, Greek, Cyrillic…).
_UPPER = "".join(c for c in map(chr, range(0x2000)) if c.isupper())
# Joined parts: "Jean-Luc", and "Dell'Orto" / "O'Brien" (an apostrophe before a capital).
# The look-behind comes after the first capital: a pattern that starts with a character class
# is scanned by re's fast charset loop, one that starts with a look-behind is not (3× slower).
_CAPITALISED = re.compile(
    rf"[{re.escape(_UPPER)}](?<!\w.)[^\W\d_]*(?:-[^\W\d_]+|['’][{re.escape(_UPPER)}][^\W\d_]+)*"
)
_FIRST_WORD = re.compile(r"\w")
# A capital right after an opening quote, a colon or a dash starts a clause, not a name.
_CLAUSE_OPENERS = frozenset("\"'‘“«„:—–-")


def _sentence_first_words(context: Context) -> set[int]:
    """Offsets of the first word character of every sentence."""
    text = context.text
    firsts = set()
    for sentence in context.all_sentences:
        char = text[sentence.start]
        if char.isalnum() or char == "_":  # what \w means in a str pattern
            firsts.add(sentence.start)
        else:
            first = _FIRST_WORD.search(text, sentence.start, sentence.end)
            if first:
                firsts.add(first.start())
    return firsts


def _after_clause_opener(text: str, start: int) -> bool:
    before = text[max(0, start - 3) : start].rstrip()
    return bool(before) and before[-1] in _CLAUSE_OPENERS


def _capitalised(context: Context) -> list[_Occurrence]:
    """Capitalised tokens, in text order."""
    # One pass over the whole text: a token never spans the whitespace between sentences.
    return [_Occurrence(m.start(), m.end(), m.group()) for m in _CAPITALISED.finditer(context.text)]


class _MidSentence:
    """Whether a capitalised token stands mid-sentence (evidence of a name). Asked only of the
    few tokens that could be names, so the sentence starts are collected on first use."""

    def __init__(self, context: Context) -> None:
        self.text = context.text
        self.context = context
        self._firsts: set[int] | None = None

    def __call__(self, start: int) -> bool:
        if self._firsts is None:
            self._firsts = _sentence_first_words(self.context)
        return (
            start not in self._firsts
            and not _after_clause_opener(self.text, start)
            # Title-case headlines capitalise common words: no evidence of a proper noun.
            and self.context.paragraph_at(start).role != "headline"
        )


_DETERMINERS = frozenset(
    "the a an this that these those its his her their our my your every each any no some "
    "le la les un une des du ce cet cette ces son sa ses leur leurs "
    "der die das den dem des ein eine einen einem einer sein seine ihr ihre "
    "el los las una unos unas su sus il lo gli uno del al du au aux zum zur im am vom beim "
    "nel nella della dello alla".split()
)
# Lower-case words inside multi-word names: "Museo del Prado", "Stade de France".
_NAME_PARTICLES = frozenset(
    "de del della di du des la le of the von van der den da do dos das y e et und and al".split()
)
_CAPITALISED_NOUNS = frozenset({"de", "lb"})
_DEMONYM_NOUNS = frozenset({"fr", "es", "it", "pt", "ca"})
_PREVIOUS_WORD = re.compile(r"(\w+)\W*$")


def _after_determiner(text: str, start: int) -> bool:
    previous = _PREVIOUS_WORD.search(text, max(0, start - 30), start)
    return previous is not None and previous.group(1).lower() in _DETERMINERS


def _joined(text: str, left: _Occurrence, right: _Occurrence) -> bool:
    """Neighbouring capitalised tokens that read as one name ("Museo del Prado")."""
    # At most three pieces: a long gap is not scanned to its end.
    between = text[left.end : right.start].split(None, 2)
    return len(between) <= 2 and all(word.lower() in _NAME_PARTICLES for word in between)


def _standalone(text: str, capitalised: list[_Occurrence], index: int) -> bool:
    """The token at ``index`` (of tokens in text order) has no capitalised neighbour."""
    return not (
        (index > 0 and _joined(text, capitalised[index - 1], capitalised[index]))
        or (index + 1 < len(capitalised) and _joined(text, capitalised[index], capitalised[index + 1]))
    )


def _automaton(forms: Iterable[str]) -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    for form in forms:
        automaton.add_word(form, form)
    automaton.make_automaton()
    return automaton


def _is_token_edge(text: str, index: int) -> bool:
    return index < 0 or index >= len(text) or not (text[index].isalnum() or text[index] == "-")


def _hits(context: Context, automaton: ahocorasick.Automaton) -> list[_Occurrence]:
    """Whole-token occurrences, in any case, of the automaton's lower-cased forms."""
    text = context.text
    found = []
    for last, form in automaton.iter(context.lowered):
        start = last - len(form) + 1
        if _is_token_edge(text, start - 1) and _is_token_edge(text, last + 1):
            found.append(_Occurrence(start, last + 1, text[start : last + 1]))
    return found


def _may_be_unseen_name(surface: str) -> bool:
    """A capitalised token that could be a name the curated table does not know."""
    lowered = surface.lower()
    return (
        len(surface) >= 4
        and lowered not in curated_groups()
        and lowered not in _HOMOGRAPHS
        # Folding sh/ch together is for long transliterated names (Lukashenko/Loukachenko),
        # not short English words (Marsh/March, Welsh/Welch).
        and (len(surface) >= 6 or "§" not in transliteration_key(surface))
    )


def _lower_case_uses(context: Context, forms: set[str]) -> list[_Occurrence]:
    """Whole-token occurrences of these lower-case forms, written in lower case (one automaton
    pass: a search per form would grow with the number of names times the length)."""
    if not forms:
        return []
    return [o for o in _hits(context, _automaton(sorted(forms))) if o.surface.islower()]


def _finding(rule: Rule, context: Context, occurrences: list[_Occurrence], preferred: str | None) -> Finding:
    counts = Counter(o.surface for o in occurrences)
    if preferred is None:
        # Majority form; ties go to a capitalised form, then to the earliest one.
        order = {o.surface: i for i, o in reversed(list(enumerate(occurrences)))}
        preferred = max(counts, key=lambda s: (counts[s], s[:1].isupper(), -order[s]))
    primary = next((o for o in occurrences if o.surface != preferred), occurrences[0])
    forms = ", ".join(f"'{form}' ×{counts[form]}" for form in sorted(counts, key=order_key(occurrences)))
    return context.finding(
        rule.meta,
        primary.start,
        primary.end,
        message=f"Name spelled {len(counts)} ways in this document ({forms}); use '{preferred}'.",
        suggestions=[preferred],
        related=[Span(o.start, o.end) for o in occurrences if o is not primary],
    )


def order_key(occurrences: list[_Occurrence]):  # type: ignore[no-untyped-def]
    first_seen: dict[str, int] = {}
    for o in occurrences:
        first_seen.setdefault(o.surface, o.start)
    return lambda surface: first_seen[surface]


@register
class NameVariants(Rule):
    meta = RuleMeta(
        id="CN001",
        name="inconsistent-name-spelling",
        category="fluency/inconsistency",
        severity="major",
        message="Name spelled several ways in one document.",
        why=(
            "Machine translation renders each sentence on its own, so one name comes out in "
            "several transliterations or casings; readers take them for different entities."
        ),
        bad=(
            "Drones hit ⟦Kiev⟧ overnight. Officials in kyiv said the strikes failed.",
            "⟦Dmitri⟧ Peskov spoke first. Later Dmitry Peskov added more.",
            "Minister Shoigu visited troops. ⟦Shoygu⟧ then flew to Moscow.",
            "⟦Jean Luc⟧ Martin won. Later, Jean-Luc Martin thanked his team.",
        ),
        good=(
            "Drones hit Kyiv overnight. Officials in Kyiv said the strikes failed.",
            "Austria and Australia signed the deal. Iran and Iraq did not.",
            "Bill Gates spoke. The bill passed the Senate.",
        ),
        targets=("en", "fr", "de", "es", "it"),
    )

    def triggers(self) -> Iterable[str]:
        return curated_groups()

    def check(self, context: Context) -> Iterable[Finding]:
        capitalised = _capitalised(context)
        yield from self._curated(context)
        yield from self._generic(context, capitalised)
        yield from self._hyphenation(context, capitalised)

    def _curated(self, context: Context) -> Iterator[Finding]:
        table = curated_groups()
        groups: dict[int, list[_Occurrence]] = {}
        preferred: dict[int, str] = {}
        text = context.text
        for start, end in trigger_hits(context, self):
            if not (_is_token_edge(text, start - 1) and _is_token_edge(text, end)):
                continue
            o = _Occurrence(start, end, text[start:end])
            entry = table.get(o.surface.lower())
            if entry is not None:
                groups.setdefault(entry[0], []).append(o)
                preferred[entry[0]] = entry[1]
        for group_id in sorted(groups):
            members = groups[group_id]
            if len({o.surface for o in members}) > 1:
                yield _finding(self, context, members, preferred[group_id])

    def _generic(self, context: Context, capitalised: list[_Occurrence]) -> Iterator[Finding]:
        """Unseen names: capitalised tokens that fold to one key, or differ by a casing."""
        # Work per spelling, not per token: an article repeats its names many times.
        by_surface: dict[str, list[int]] = {}
        for index, o in enumerate(capitalised):
            by_surface.setdefault(o.surface, []).append(index)
        names = {surface: at for surface, at in by_surface.items() if _may_be_unseen_name(surface)}
        # A lower-cased variant needs a capitalised form that stands alone mid-sentence (a name,
        # not a word of a title such as "Champions League"), and a lower-case use that no
        # determiner introduces ("the council" is a common noun, "in kyiv" a lost capital).
        proper = self._proper_forms(context, capitalised, names)
        lower_hits = _lower_case_uses(context, proper)
        # One lower-case use after a determiner ("the people", "a marsh") shows a common word.
        common = {o.surface for o in lower_hits if _after_determiner(context.text, o.start)}
        occurrences = {surface: [capitalised[index] for index in at] for surface, at in names.items()}
        for o in lower_hits:
            if o.surface not in common:
                occurrences.setdefault(o.surface, []).append(o)
        by_key: dict[str, list[_Occurrence]] = {}
        for surface, found in occurrences.items():
            by_key.setdefault(transliteration_key(surface), []).extend(found)
        keys = sorted(by_key)
        merged = self._merge_vowel_variants(keys)
        by_root: dict[str, list[_Occurrence]] = {}
        for key in keys:
            by_root.setdefault(merged[key], []).extend(by_key[key])
        for root in sorted(by_root):
            group = by_root[root]
            if len(group) < 2:
                continue
            # Only capitalised spellings or a lower-cased proper noun count; an all-caps
            # heading word or sentence-initial capital alone is not a variant.
            distinct = {o.surface for o in group if not o.surface.isupper()}
            if len(distinct) > 1 and any(s[:1].isupper() for s in distinct):
                if all(s.lower() in _HOMOGRAPHS for s in distinct):
                    continue
                members = sorted(group, key=lambda o: o.start)
                relevant = [o for o in members if o.surface in distinct]
                yield _finding(self, context, relevant, None)

    @staticmethod
    def _proper_forms(
        context: Context, capitalised: list[_Occurrence], names: dict[str, list[int]]
    ) -> set[str]:
        """Lower-cased names seen at least once standing alone mid-sentence."""
        if context.target in _CAPITALISED_NOUNS:
            return set()  # German capitalises every noun: casing says nothing about names
        spellings: dict[str, list[str]] = {}
        for surface in names:
            spellings.setdefault(surface.lower(), []).append(surface)
        mid_sentence = _MidSentence(context)
        proper: set[str] = set()
        for form, surfaces in spellings.items():
            if form in _HOMOGRAPHS:
                continue
            if any(
                mid_sentence(capitalised[index].start)
                and _standalone(context.text, capitalised, index)
                # "le Clermontois" (a demonym noun) beside "clermontois" (the adjective) is French.
                and not (
                    context.target in _DEMONYM_NOUNS
                    and _after_determiner(context.text, capitalised[index].start)
                )
                for surface in surfaces
                for index in names[surface]
            ):
                proper.add(form)
        return proper

    @staticmethod
    def _merge_vowel_variants(keys: list[str]) -> dict[str, str]:
        merged = {key: key for key in keys}
        by_shape: dict[tuple[int, str], list[str]] = {}
        for key in keys:
            by_shape.setdefault((len(key), key[0] if key else ""), []).append(key)
        for (length, _), bucket in by_shape.items():
            if length < _MIN_VOWEL_VARIANT:
                continue  # too short to count as a variant: no pair to compare
            for i, a in enumerate(bucket):
                for b in bucket[i + 1 : i + 40]:
                    if _one_inner_vowel_apart(a, b):
                        merged[b] = merged[a]
        return merged

    def _hyphenation(self, context: Context, capitalised: list[_Occurrence]) -> Iterator[Finding]:
        """One name written as one token and as two: "Jean-Luc"/"Jean Luc", "Pérez-Ortega"/
        "Perez Ortega", "Derossi"/"De Rossi". Keys fold accents, hyphens and apostrophes."""
        singles: dict[str, list[_Occurrence]] = {}
        for o in capitalised:
            if len(o.surface) >= 5:
                singles.setdefault(transliteration_key(o.surface), []).append(o)
        ordered = sorted(capitalised, key=lambda o: o.start)
        pairs: dict[str, list[_Occurrence]] = {}
        for left, right in itertools.pairwise(ordered):
            if right.start != left.end + 1 or context.text[left.end] != " ":
                continue
            key = transliteration_key(left.surface + right.surface)
            if key in singles:
                surface = context.text[left.start : right.end]
                pairs.setdefault(key, []).append(_Occurrence(left.start, right.end, surface))
        for key in sorted(pairs):
            single = singles[key]
            members = sorted(single + pairs[key], key=lambda o: o.start)
            # Majority wins; on a tie a hyphenated form beats the spaced one ("Jean-Luc"), and the
            # spaced one beats a glued one ("De Rossi" over "Derossi").
            joined_wins = len(single) > len(pairs[key]) or (
                len(single) == len(pairs[key]) and any(c in single[0].surface for c in "-'’")
            )
            preferred = single[0].surface if joined_wins else pairs[key][0].surface
            yield _finding(self, context, members, preferred)
