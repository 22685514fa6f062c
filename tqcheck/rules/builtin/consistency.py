"""CN: one name spelled several ways in the same document."""

from __future__ import annotations

import itertools
import operator
import re
from collections import Counter
from collections.abc import Container, Iterable, Iterator

from tqcheck.model import Finding, Span
from tqcheck.rules.base import Context, Rule, RuleMeta
from tqcheck.rules.engine import trigger_hits
from tqcheck.rules.lower_case_uses import Occurrence, is_token_edge, lower_case_uses, used_in_lower_case
from tqcheck.rules.name_keys import (
    HOMOGRAPHS,
    MIN_VOWEL_VARIANT,
    curated_groups,
    may_share_a_root,
    one_inner_vowel_apart,
    transliteration_key,
    unseen_name,
)
from tqcheck.rules.registry import register

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


def _after_clause_opener(text: str, start: int) -> bool:
    before = text[max(0, start - 3) : start].rstrip()
    return bool(before) and before[-1] in _CLAUSE_OPENERS


class _Tokens:
    """Capitalised tokens, in text order: one pass over the whole text (a token never spans the
    whitespace between sentences)."""

    def __init__(self, text: str) -> None:
        # Parallel lists, no tuple built per token: a news article has hundreds of capitalised
        # tokens, and only the few of an inconsistent name are looked at again. (Keeping the
        # match objects costs more on a long text: memory grows faster than the lists do.)
        # C-level maps over the matches, no Python loop per token.
        matches = list(_CAPITALISED.finditer(text))
        self.surfaces: list[str] = list(map(re.Match.group, matches))
        self.starts: list[int] = list(map(re.Match.start, matches))
        self.ends: list[int] = list(map(re.Match.end, matches))

    def at(self, index: int) -> Occurrence:
        return Occurrence(self.starts[index], self.ends[index], self.surfaces[index])

    def indexes_by_surface(self, surfaces: set[str]) -> dict[str, list[int]]:
        """Where these spellings occur (one pass; a set lookup per token)."""
        found: dict[str, list[int]] = {}
        # The set lookups run in C: only the few matching tokens reach Python.
        for index in itertools.compress(itertools.count(), map(surfaces.__contains__, self.surfaces)):
            found.setdefault(self.surfaces[index], []).append(index)
        return found

    def occurrences(self, surfaces: Container[str]) -> list[Occurrence]:
        return [self.at(index) for index, surface in enumerate(self.surfaces) if surface in surfaces]


def _starts_sentence(context: Context, start: int) -> bool:
    """Whether ``start`` is the first word character of a sentence. Only the sentence holding
    it can start there (sentences are ordered and disjoint): a lookup, not a pass over all."""
    if not context.all_sentences:
        return False
    sentence = context.sentence_at(start)
    first = _FIRST_WORD.search(context.text, sentence.start, sentence.end)
    return first is not None and first.start() == start


def _mid_sentence(context: Context, start: int) -> bool:
    """Whether a capitalised token stands mid-sentence (evidence of a name)."""
    return (
        not _starts_sentence(context, start)
        and not _after_clause_opener(context.text, start)
        # Title-case headlines capitalise common words: no evidence of a proper noun.
        and context.paragraph_at(start).role != "headline"
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


def _joined(text: str, left_end: int, right_start: int) -> bool:
    """Neighbouring capitalised tokens that read as one name ("Museo del Prado")."""
    # At most three pieces: a long gap is not scanned to its end.
    between = text[left_end:right_start].split(None, 2)
    return len(between) <= 2 and all(word.lower() in _NAME_PARTICLES for word in between)


def _standalone(text: str, tokens: _Tokens, index: int) -> bool:
    """The token at ``index`` (of tokens in text order) has no capitalised neighbour."""
    starts, ends = tokens.starts, tokens.ends
    return not (
        (index > 0 and _joined(text, ends[index - 1], starts[index]))
        or (index + 1 < len(starts) and _joined(text, ends[index], starts[index + 1]))
    )


# A single token shorter than this is no joined name ("Jean-Luc", "Derossi").
_MIN_SINGLE = 5


def _one_apart(starts: list[int], ends: list[int]) -> Iterator[int]:
    """The indexes of the tokens followed by another one character after their end."""
    # list.index runs in C from one hit to the next (most gaps are longer), where (1).__eq__
    # mapped over the gaps costs a slow slot-wrapper call per token.
    gaps = list(map(operator.sub, starts[1:], ends))
    left = -1
    while True:
        try:
            left = gaps.index(1, left + 1)
        except ValueError:
            return
        yield left


def _unseen_names(surfaces: Iterable[str]) -> dict[str, str]:
    """Capitalised spellings that could be names the curated table does not know, each with its
    lower-cased form, in order of first appearance."""
    # Work per spelling, not per token: an article repeats its names many times.
    distinct = list(dict.fromkeys(surfaces))
    names = zip(distinct, map(unseen_name, distinct), strict=True)
    return {surface: lowered for surface, lowered in names if lowered is not None}


def _finding(rule: Rule, context: Context, occurrences: list[Occurrence], preferred: str | None) -> Finding:
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


def order_key(occurrences: list[Occurrence]):  # type: ignore[no-untyped-def]
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
        tokens = _Tokens(context.text)
        yield from self._curated(context)
        yield from self._generic(context, tokens)
        yield from self._hyphenation(context, tokens)

    def _curated(self, context: Context) -> Iterator[Finding]:
        table = curated_groups()
        groups: dict[int, list[Occurrence]] = {}
        preferred: dict[int, str] = {}
        text = context.text
        for start, end in trigger_hits(context, self):
            if not (is_token_edge(text, start - 1) and is_token_edge(text, end)):
                continue
            o = Occurrence(start, end, text[start:end])
            entry = table.get(o.surface.lower())
            if entry is not None:
                groups.setdefault(entry[0], []).append(o)
                preferred[entry[0]] = entry[1]
        for group_id in sorted(groups):
            members = groups[group_id]
            if len({o.surface for o in members}) > 1:
                yield _finding(self, context, members, preferred[group_id])

    def _generic(self, context: Context, tokens: _Tokens) -> Iterator[Finding]:
        """Unseen names: capitalised tokens that fold to one key, or differ by a casing."""
        names = _unseen_names(tokens.surfaces)
        # A lower-cased variant needs a lower-case use that no determiner introduces ("the
        # council" is a common noun, "in kyiv" a lost capital), and a capitalised form that stands
        # alone mid-sentence (a name, not a word of a title such as "Champions League"). The
        # lower-case uses come first: only the few spellings that have one need the costlier
        # test, which fails at every occurrence of a multi-word name or a sentence-initial word.
        used = used_in_lower_case(context, self._lower_cased_forms(context, names))
        proper = self._proper_forms(context, tokens, names, used) if used else set()
        lower_hits = lower_case_uses(context, proper)
        # One lower-case use after a determiner ("the people", "a marsh") shows a common word.
        common = {o.surface for o in lower_hits if _after_determiner(context.text, o.start)}
        lower_hits = [o for o in lower_hits if o.surface not in common]
        spellings_seen = list(itertools.chain(names, dict.fromkeys(o.surface for o in lower_hits)))
        if not may_share_a_root(spellings_seen):
            return
        by_key: dict[str, list[str]] = {}
        for surface in spellings_seen:
            by_key.setdefault(transliteration_key(surface), []).append(surface)
        keys = sorted(by_key)
        merged = self._merge_vowel_variants(keys)
        by_root: dict[str, list[str]] = {}
        for key in keys:
            by_root.setdefault(merged[key], []).extend(by_key[key])
        inconsistent: list[set[str]] = []  # the spellings of each name, in order of their roots
        for root in sorted(by_root):
            if len(by_root[root]) < 2:
                continue  # one spelling: nearly every name
            # Only capitalised spellings or a lower-cased proper noun count; an all-caps
            # heading word or sentence-initial capital alone is not a variant.
            distinct = {s for s in by_root[root] if not s.isupper()}
            if (
                len(distinct) > 1
                and any(s[:1].isupper() for s in distinct)
                and not all(s.lower() in HOMOGRAPHS for s in distinct)
            ):
                inconsistent.append(distinct)
        if not inconsistent:
            return
        # One pass over the tokens for all names: a pass per name would grow with their product.
        name_of = {surface: number for number, distinct in enumerate(inconsistent) for surface in distinct}
        groups: list[list[Occurrence]] = [[] for _ in inconsistent]
        for o in tokens.occurrences(name_of) + [o for o in lower_hits if o.surface in name_of]:
            groups[name_of[o.surface]].append(o)
        for group in groups:
            yield _finding(self, context, sorted(group, key=lambda o: o.start), None)

    @staticmethod
    def _lower_cased_forms(context: Context, names: dict[str, str]) -> set[str]:
        """The lower-cased names (homographs are no names already)."""
        if context.target in _CAPITALISED_NOUNS:
            return set()  # German capitalises every noun: casing says nothing about names
        return set(names.values())

    @staticmethod
    def _proper_forms(context: Context, tokens: _Tokens, names: dict[str, str], forms: set[str]) -> set[str]:
        """Those of ``forms`` (lower-cased ``names``) seen at least once standing alone
        mid-sentence, in any spelling."""
        # The spellings of these forms: a C-level pass over the names, no dict of spellings.
        at = tokens.indexes_by_surface(
            set(itertools.compress(names, map(forms.__contains__, names.values())))
        )
        text = context.text
        proper: set[str] = set()
        for surface, indexes in at.items():
            form = names[surface]
            if form not in proper and any(
                _mid_sentence(context, tokens.starts[index])
                and _standalone(text, tokens, index)
                # "le Clermontois" (a demonym noun) beside "clermontois" (the adjective) is French.
                and not (context.target in _DEMONYM_NOUNS and _after_determiner(text, tokens.starts[index]))
                for index in indexes
            ):
                proper.add(form)
        return proper

    @staticmethod
    def _merge_vowel_variants(keys: list[str]) -> dict[str, str]:
        merged = {key: key for key in keys}
        by_shape: dict[tuple[int, str], list[str]] = {}
        # Shorter keys are too short to count as a variant: no pair to compare.
        for key in keys:
            if len(key) >= MIN_VOWEL_VARIANT:
                by_shape.setdefault((len(key), key[0]), []).append(key)
        for bucket in by_shape.values():
            for i, a in enumerate(bucket):
                for b in bucket[i + 1 : i + 40]:
                    if one_inner_vowel_apart(a, b):
                        merged[b] = merged[a]
        return merged

    def _hyphenation(self, context: Context, tokens: _Tokens) -> Iterator[Finding]:
        """One name written as one token and as two: "Jean-Luc"/"Jean Luc", "Pérez-Ortega"/
        "Perez Ortega", "Derossi"/"De Rossi". Keys fold accents, hyphens and apostrophes."""
        text = context.text
        known = {transliteration_key(s) for s in set(tokens.surfaces) if len(s) >= _MIN_SINGLE}
        starts, ends, surfaces = tokens.starts, tokens.ends, tokens.surfaces
        pairs: dict[str, list[Occurrence]] = {}
        for left in _one_apart(starts, ends):
            if text[ends[left]] != " ":
                continue
            key = transliteration_key(surfaces[left] + surfaces[left + 1])
            if key in known:
                start, end = starts[left], ends[left + 1]
                pairs.setdefault(key, []).append(Occurrence(start, end, text[start:end]))
        if not pairs:
            return
        singles: dict[str, list[Occurrence]] = {}
        for index, surface in enumerate(surfaces):
            if len(surface) >= _MIN_SINGLE and (key := transliteration_key(surface)) in pairs:
                singles.setdefault(key, []).append(tokens.at(index))
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
