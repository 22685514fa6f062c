"""Page furniture a scraper leaves behind: shared by paragraph roles and the BP rules."""

from __future__ import annotations

import re
from functools import lru_cache

# Phrases that are navigation, comment forms or share widgets, never article prose.
# Several source-language forms are included: a translated page often keeps them.
_PHRASES = (
    r"source link", r"source:\s*\S+", r"leave a (?:reply|comment)", r"post a comment",
    r"read (?:more|also|next)", r"see also", r"related (?:articles?|posts?|stories|content|news)",
    r"share (?:this|on \w+)", r"follow us on \w+(?: and \w+)?", r"subscribe to (?:our|the) \w+",
    r"sign up for (?:our|the) newsletter", r"advertisement", r"sponsored content",
    r"all rights reserved", r"click here to \w+", r"continue reading", r"like this:", r"loading\.\.\.",
    r"tags?:", r"filed under:?", r"comments?\s*\(\d+\)",
    r"lire (?:aussi|la suite|plus)", r"à lire aussi", r"suivez-nous sur \w+",
    r"lesen sie (?:auch|mehr)", r"mehr zum thema", r"folgen sie uns auf \w+",
    r"leer (?:más|también)", r"lee también", r"síguenos en \w+",
    r"leggi anche", r"seguici su \w+",
    r"читайте также", r"подписывайтесь на \w+",
)  # fmt: skip
FURNITURE_PHRASES = "|".join(_PHRASES)
FURNITURE_LINE = re.compile(
    rf"^[ \t]*(?:{FURNITURE_PHRASES})(?:[ \t]*:[^\r\n]*|(?:[ \t]+[\w&+-]+){{0,3}}[ \t.!]*)(?:\r\n|\r|\n|$)",
    re.IGNORECASE | re.MULTILINE,
)
# Furniture glued to the end of a paragraph ("…the invasion.Leave a Reply").
FURNITURE_TAIL = re.compile(rf"(?:{FURNITURE_PHRASES})[ \t.:!]*$", re.IGNORECASE)

LIVE_LABEL = re.compile(
    r"^(?:EN DIRECT|DIRECT|LIVE(?: BLOG| UPDATES)?|BREAKING(?: NEWS)?|URGENT|UPDATE|"
    r"EILMELDUNG|LIVETICKER|EN VIVO|ÚLTIMA HORA|ULTIMA ORA|IN DIRETTA)\s*[.:!|\-–—]",
    re.MULTILINE,
)

_AGENCIES = (
    r"AFP|AP|EPA|Reuters|REUTERS|Getty(?: Images)?|ANSA|dpa|DPA|SIPA|Sipa|Xinhua|"
    r"Sputnik|SPUTNIK|TASS|KCNA|Anadolu|Bloomberg|Shutterstock|Imago|IMAGO|Keystone|Belga"
)
# The labels of a "Photo: Reuters" credit (each may take an "s").
CREDIT_LABELS = ("Photograph", "Photo", "Image", "Picture", "Credit", "Foto", "Crédits photo", "Crédit photo")
# "AFP/HO/Government of Primorsky region", "Photo: Reuters", "© Getty Images"
CREDIT = re.compile(
    rf"\b(?:{_AGENCIES})(?:[ \t]*/[ \t]*[^\s/][^/\n.]*)+|"
    rf"\b(?:{'|'.join(map(re.escape, CREDIT_LABELS))})s?[ \t]*:[ \t]*"
    r"\w[^\n.]*|"
    rf"©[ \t]*[A-Z][^\n.]*"
)

HTML_LEFTOVER = re.compile(
    r"&(?:nbsp|amp|quot|apos|lt|gt|mdash|ndash|hellip|rsquo|lsquo|ldquo|rdquo|#\d{1,6}|"
    r"#x[0-9a-fA-F]{1,6});|</?(?:p|br|div|span|a|b|i|em|strong|img|h[1-6]|li|ul|ol|"
    r"figure|figcaption|iframe|script|style)\b[^<>\n]{0,200}?/?>",
    re.IGNORECASE,
)


# Every furniture phrase contains one of these: a cheap test before the costly tail regex.
TAIL_KEYWORDS = (
    "source",
    "reply",
    "comment",
    "read",
    "see also",
    "related",
    "share",
    "follow",
    "subscribe",
    "sign up",
    "advertis",
    "sponsored",
    "reserved",
    "click",
    "continue",
    "like this",
    "loading",
    "tag",
    "filed",
    "lire",
    "suivez",
    "lesen",
    "mehr zum",
    "folgen",
    "leer",
    "lee ",
    "síguenos",
    "leggi",
    "seguici",
    "читайте",
    "подписывайтесь",
)


def may_end_in_furniture(lowered_tail: str) -> bool:
    return any(keyword in lowered_tail for keyword in TAIL_KEYWORDS)


def _opening(phrase: str) -> str:
    """The two characters (caseless) that start every match of this phrase."""
    if len(phrase) < 3 or any(c in "\\.^$*+?{}[]()|" for c in phrase[:2]) or phrase[2] in "*?{":
        raise ValueError(f"furniture phrase {phrase!r} must start with two literal characters")
    return phrase[:2]


# FURNITURE_LINE can match at a paragraph's non-blank start only where one of these opens it:
# a cheap test of two characters, with the same flags, before the costly match of every phrase.
_OPENING = re.compile("|".join(sorted({re.escape(_opening(phrase)) for phrase in _PHRASES})), re.IGNORECASE)


@lru_cache(maxsize=4096)
def _may_open_furniture(first_two: str) -> bool:
    return _OPENING.match(first_two) is not None


def _opens_with_furniture(body: str) -> bool:
    return _may_open_furniture(body[:2]) and FURNITURE_LINE.match(body) is not None


def is_furniture_paragraph(body: str) -> bool:
    if body[:1] and not body[0].isspace() and not _opens_with_furniture(body):
        # Nothing can remove the first character, so the paragraph is not all furniture.
        return False
    remainder = FURNITURE_LINE.sub("", body).strip()
    return not remainder


def is_credit_paragraph(body: str, word_count: int) -> bool:
    # Every form of a credit holds "/", ":" or "©": a cheap test before the costly search.
    if word_count > 30 or not ("/" in body or ":" in body or "©" in body):
        return False
    return CREDIT.search(body) is not None
