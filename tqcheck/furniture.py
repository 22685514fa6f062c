"""Page furniture a scraper leaves behind: shared by paragraph roles and the BP rules."""

from __future__ import annotations

import re

# Phrases that are navigation, comment forms or share widgets, never article prose.
# Several source-language forms are included: a translated page often keeps them.
FURNITURE_PHRASES = (
    r"source link|source:\s*\S+|leave a (?:reply|comment)|post a comment|"
    r"read (?:more|also|next)|see also|related (?:articles?|posts?|stories|content|news)|"
    r"share (?:this|on \w+)|follow us on \w+(?: and \w+)?|subscribe to (?:our|the) \w+|"
    r"sign up for (?:our|the) newsletter|advertisement|sponsored content|"
    r"all rights reserved|click here to \w+|continue reading|like this:|loading\.\.\.|"
    r"tags?:|filed under:?|comments?\s*\(\d+\)|"
    r"lire (?:aussi|la suite|plus)|à lire aussi|suivez-nous sur \w+|"
    r"lesen sie (?:auch|mehr)|mehr zum thema|folgen sie uns auf \w+|"
    r"leer (?:más|también)|lee también|síguenos en \w+|"
    r"leggi anche|seguici su \w+|"
    r"читайте также|подписывайтесь на \w+"
)
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


def is_furniture_paragraph(body: str) -> bool:
    if body[:1] and not body[0].isspace() and FURNITURE_LINE.match(body) is None:
        # Nothing can remove the first character, so the paragraph is not all furniture.
        return False
    remainder = FURNITURE_LINE.sub("", body).strip()
    return not remainder


def is_credit_paragraph(body: str, word_count: int) -> bool:
    # Every form of a credit holds "/", ":" or "©": a cheap test before the costly search.
    if word_count > 30 or not ("/" in body or ":" in body or "©" in body):
        return False
    return CREDIT.search(body) is not None
