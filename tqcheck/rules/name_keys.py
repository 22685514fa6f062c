"""How spellings of one name fold together: the curated table of known variants, and a key that
ignores diacritics, romanisation digraphs and doubled letters (Kyiv/Kiev, Shoigu/Shoygu,
Söder/Soeder, Lukashenko/Loukachenko); which spellings may be names, may fold together, or may
be written in lower case in a text. Used by CN001 (rules/builtin/consistency.py)."""

from __future__ import annotations

import itertools
import re
import tomllib
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

_DATA = Path(__file__).resolve().parent.parent / "data" / "name_variants.toml"
# Capitalised common words whose lower-case form is an ordinary word ("Bill" / "bill").
HOMOGRAPHS = frozenset(
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
MIN_VOWEL_VARIANT = 7


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


def one_inner_vowel_apart(a: str, b: str) -> bool:
    """Mohammed/Mohammad: same length, one differing letter, a vowel, not the last letter."""
    if len(a) != len(b) or len(a) < MIN_VOWEL_VARIANT:
        return False
    diffs = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
    return (
        len(diffs) == 1
        and diffs[0] not in (0, len(a) - 1)
        and a[diffs[0]] in _VOWELS
        and b[diffs[0]] in _VOWELS
    )


@lru_cache(maxsize=65536)
def unseen_name(surface: str) -> str | None:
    """The lower-cased form of a capitalised spelling that could be a name the curated table
    does not know, else None. Cached: a site repeats its names."""
    if len(surface) < 4:
        return None
    lowered = surface.lower()
    if lowered in curated_groups() or lowered in HOMOGRAPHS:
        return None
    # Folding sh/ch together is for long transliterated names (Lukashenko/Loukachenko),
    # not short English words (Marsh/March, Welsh/Welch).
    if len(surface) < 6 and "§" in transliteration_key(surface):
        return None
    return lowered


# Two keys one inner vowel apart are equal once every vowel is masked.
_VOWEL_MASK = str.maketrans(dict.fromkeys("aeiou", "*"))


@lru_cache(maxsize=65536)
def _root_signatures(spelling: str) -> tuple[str | tuple[str], ...]:
    """A spelling's key, then, if the key is long enough to merge, its vowel mask in a tuple (a
    tuple never equals a key: masks meet only masks). Cached: a site repeats its names."""
    key = transliteration_key(spelling)
    if len(key) < MIN_VOWEL_VARIANT:
        return (key,)
    return key, (key.translate(_VOWEL_MASK),)


def may_share_a_root(spellings: list[str]) -> bool:
    """False when no two spellings that count as variants (not all capitals) can fold to one
    root: their keys differ, and none could merge as vowel variants. Then no name is
    inconsistent, and most documents skip the grouping."""
    # Keys and masks in one list: a repeat of either is a repeat in the list.
    signatures = list(
        itertools.chain.from_iterable(map(_root_signatures, itertools.filterfalse(str.isupper, spellings)))
    )
    return len(set(signatures)) < len(signatures)


# ASCII letters, digits and the hyphen stay; any other byte (ASCII punctuation or space, or a byte
# of a non-ASCII character) becomes a space. A whole-token use of a form leaves each run of the
# form's kept characters (its pieces) as a run of the text: the characters at its edges are
# neither alphanumeric nor a hyphen, so they become spaces too.
_PIECE_BYTES = bytes(
    byte if chr(byte).isascii() and (chr(byte).isalnum() or chr(byte) == "-") else 0x20 for byte in range(256)
)


# In lower-case ASCII forms, what _runs() does not keep: any other character ("'", "_", ".")
# splits a form into pieces. (Names are letters, hyphens and apostrophes; callers and tests may
# ask about any form.)
_SPLITS_A_FORM = re.compile(r"[^a-z0-9 -]")


def _runs(text: str) -> list[str]:
    return text.encode("utf-8", "surrogatepass").translate(_PIECE_BYTES).decode("ascii").split()


def lower_case_candidates(text: str, forms: Iterable[str]) -> tuple[set[str], list[str]]:
    """Of these forms, those surely written in ``text`` in lower case as a whole token, and those
    that may be (to be looked up); any other form is not."""
    candidates = list(filter(str.islower, forms))
    if not candidates:
        return set(), []
    # One C-level split of the text rules out nearly every name: a form one of whose pieces is
    # not a run of the text is never used. (An automaton pass over the text cost more.) Most
    # forms are one piece, themselves: only the others are split, one by one.
    forms_wanted = set(candidates)
    joined = " ".join(candidates)
    split_forms: dict[str, list[str]] = {}
    if not joined.isascii() or _SPLITS_A_FORM.search(joined):
        split_forms = {form: _runs(form) for form in forms_wanted.difference(_runs(joined))}
    present = forms_wanted.union(*split_forms.values()).intersection(_runs(text))
    # A form that is one run of an ASCII text is used: ASCII non-word characters edge it. Beside
    # a non-ASCII character (a letter?), or split into pieces, it may not be.
    used = forms_wanted.intersection(present) if text.isascii() else set()
    possible = [form for form in forms_wanted.intersection(present) if form not in used]
    possible += [form for form, pieces in split_forms.items() if present.issuperset(pieces)]
    return used, possible
