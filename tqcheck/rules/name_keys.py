"""How spellings of one name fold together: the curated table of known variants, and a key that
ignores diacritics, romanisation digraphs and doubled letters (Kyiv/Kiev, Shoigu/Shoygu,
Söder/Soeder, Lukashenko/Loukachenko). Used by CN001 (rules/builtin/consistency.py)."""

from __future__ import annotations

import re
import tomllib
import unicodedata
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
