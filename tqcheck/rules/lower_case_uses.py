"""Where lower-case forms of names are written in lower case, as whole tokens (CN001): "kyiv"
beside "Kyiv" is a lost capital, "the council" beside "Council" a common noun. Split from the
rule for its size: the search has three strategies (a split of the text into runs, a search per
form, one automaton pass), each tested against the others."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import NamedTuple

import ahocorasick

from tqcheck.rules.base import Context
from tqcheck.rules.name_keys import lower_case_candidates


class Occurrence(NamedTuple):
    # A tuple, not a dataclass: a news article has hundreds of capitalised tokens.
    start: int
    end: int
    surface: str


def automaton_of(forms: Iterable[str]) -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    for form in forms:
        automaton.add_word(form, form)
    automaton.make_automaton()
    return automaton


def is_token_edge(text: str, index: int) -> bool:
    return index < 0 or index >= len(text) or not (text[index].isalnum() or text[index] == "-")


def lower_case_hits(text: str, forms: Iterable[str], first_only: bool = False) -> Iterator[tuple[int, str]]:
    """(Start, form) of the whole-token occurrences of these lower-case forms written in lower
    case (one automaton pass: a search per form would grow with the number of names times the
    length); with ``first_only``, the first of each form."""
    ordered = sorted(forms)
    if not ordered:
        return
    found: set[str] = set()
    # Scanning the text itself, not its lower-cased copy: the many capitalised uses of a name
    # do not match. A lower-case token equals its lower-cased copy (no lower-case or uncased
    # character changes under lower()), so these are exactly the lower-case hits a scan of the
    # lower-cased copy would give.
    for last, form in automaton_of(ordered).iter(text):
        if first_only and form in found:
            continue
        start = last - len(form) + 1
        if is_token_edge(text, start - 1) and is_token_edge(text, last + 1) and form.islower():
            found.add(form)
            yield start, form


def lower_case_uses(context: Context, forms: Iterable[str]) -> list[Occurrence]:
    """Whole-token occurrences of these lower-case forms, written in lower case."""
    hits = lower_case_hits(context.text, forms)
    return [Occurrence(start, start + len(form), form) for start, form in hits]


# Beyond this many forms to look up, one automaton pass beats a search per form.
_SEARCHED_ONE_BY_ONE = 12


def used_somewhere(text: str, form: str) -> bool:
    """Whether ``form`` occurs in ``text`` as a whole token (the first such use is enough)."""
    at = text.find(form)
    while at >= 0:
        if is_token_edge(text, at - 1) and is_token_edge(text, at + len(form)):
            return True
        at = text.find(form, at + 1)
    return False


def used_in_lower_case(context: Context, forms: Iterable[str]) -> set[str]:
    """Those of these lower-case forms written in lower case at least once, as a whole token."""
    text = context.text
    used, possible = lower_case_candidates(text, forms)
    if len(possible) > _SEARCHED_ONE_BY_ONE:
        # The first use of each is enough: a word capitalised at a sentence start ("This",
        # "There") is written in lower case thousands of times in a long text.
        return used | {form for _, form in lower_case_hits(text, possible, first_only=True)}
    return used | {form for form in possible if used_somewhere(text, form)}
