"""Numbers in any of the supported locales, for comparing a translation with its source: digits
with either decimal mark, multipliers ("3,5 Mrd.", "3.5 billion", "35亿"), number words, Roman and
Chinese numerals, clock times, units and ranges."""

from __future__ import annotations

import re
from dataclasses import dataclass

from tqcheck.scoring.bilingual import CJK_CHAR, base_language

# Languages whose decimal mark is a comma ("3,5"); the rest use a dot ("3.5").
_DECIMAL_COMMA = frozenset(
    "fr de es it pt nl ru uk pl cs sk sl hr sv da nb no fi tr ro hu el bg id vi".split()
)
# Languages that group thousands with a space ("1 000"); English "12 100" is two numbers.
_SPACE_GROUPING = _DECIMAL_COMMA
_NUMBER = re.compile(
    r"(?P<spaced>\d{1,3}(?:[ \u00a0\u202f'’]\d{3})+(?:[.,]\d+)?)(?![\d.,])|(?P<plain>\d+(?:[.,]\d+)*)"
)
_MULTIPLIERS = {
    "thousand": 1e3, "thousands": 1e3, "k": 1e3, "million": 1e6, "millions": 1e6, "m": 1e6, "mn": 1e6,
    "billion": 1e9, "billions": 1e9, "bn": 1e9, "trillion": 1e12, "trillions": 1e12, "tn": 1e12,
    "mille": 1e3, "milliard": 1e9, "milliards": 1e9, "md": 1e9, "mds": 1e9, "md€": 1e9,
    "tausend": 1e3, "million€": 1e6, "millionen": 1e6, "mio": 1e6, "milliarde": 1e9,
    "milliarden": 1e9, "mrd": 1e9, "billionen": 1e12, "mil": 1e3, "millón": 1e6, "millones": 1e6,
    "billón": 1e12, "billones": 1e12, "mila": 1e3, "milione": 1e6, "milioni": 1e6, "miliardo": 1e9,
    "miliardi": 1e9, "milhão": 1e6, "milhões": 1e6, "bilhão": 1e9, "bilhões": 1e9,
    "тыс": 1e3, "тысяч": 1e3, "тысячи": 1e3, "млн": 1e6, "миллиона": 1e6, "миллионов": 1e6,
    "млрд": 1e9, "миллиарда": 1e9, "миллиардов": 1e9,
    "千": 1e3, "万": 1e4, "萬": 1e4, "百万": 1e6, "千万": 1e7, "亿": 1e8, "億": 1e8, "万亿": 1e12,
    "천": 1e3, "만": 1e4, "억": 1e8,
}  # fmt: skip
# In these languages "billion" is 10^12 (long scale).
_LONG_SCALE = frozenset({"fr", "de", "es", "it", "pt", "nl", "pl"})
# Chinese may put an approximation mark between number and multiplier: 500余万 = "over 5 million".
_MULTIPLIER_AFTER = re.compile(r"\s?[余多几]?(亿|億|万亿|千万|百万|万|萬|千|[천만억]|[^\W\d_]+€?)\.?")
_SMALL_NUMBER_WORDS = {
    "en": "zero one two three four five six seven eight nine ten eleven twelve",
    "fr": "zéro un deux trois quatre cinq six sept huit neuf dix onze douze",
    "de": "null eins zwei drei vier fünf sechs sieben acht neun zehn elf zwölf",
    "es": "cero uno dos tres cuatro cinco seis siete ocho nueve diez once doce",
    "it": "zero uno due tre quattro cinque sei sette otto nove dieci undici dodici",
    "pt": "zero um dois três quatro cinco seis sete oito nove dez onze doze",
}
MONTHS = {
    "en": "january february march april may june july august september october november december",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "de": "januar februar märz april mai juni juli august september oktober november dezember",
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
    "it": "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre",
    "pt": "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro",
}
# Abbreviated months ("Feb. 10", "10 févr.", "10. Okt.") stand for the same numbers.
_MONTH_ABBREVIATIONS = {
    "en": "jan feb mar apr may jun jul aug sep oct nov dec",
    "fr": "janv févr mars avr mai juin juil août sept oct nov déc",
    "de": "jan feb mär apr mai jun jul aug sept okt nov dez",
}
_WORD_VALUES: dict[str, float] = {}
for _table, _offset in ((_SMALL_NUMBER_WORDS, 0), (MONTHS, 1), (_MONTH_ABBREVIATIONS, 1)):
    for _words in _table.values():
        for _value, _word in enumerate(_words.split(), _offset):
            _WORD_VALUES.setdefault(_word, float(_value))
_WORD_VALUES.update({"une": 1.0, "ein": 1.0, "eine": 1.0, "una": 1.0, "uma": 1.0, "dozen": 12.0, "zwei": 2.0})
_ZH_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_ZH_UNITS = {"十": 10, "百": 100, "千": 1000}
_ZH_NUMERAL = re.compile(r"[零〇一二两三四五六七八九十百千]+")
_ROMAN = re.compile(r"\b[IVXLC]{2,7}\b")
_CLOCK = re.compile(r"\d{1,2}[.:]\d{2}")
_CLOCK_AFTER = re.compile(r"\s?(?:[ap]\.?\s?m\b|h\b|uhr\b|hrs?\b)", re.IGNORECASE)
_PM = re.compile(r"(?::\d\d)?\s?p\.?\s?m\b", re.IGNORECASE)


@dataclass(frozen=True)
class Number:
    """A number as written (start/end into the text) and the values it can stand for."""

    start: int
    end: int
    text: str
    values: frozenset[float]
    scaled: frozenset[float]  # values × the multiplier word that follows ("3,5 milliards"), if any

    def matches(self, other: Number) -> bool:
        if self.scaled and other.scaled:
            return bool(self.scaled & other.scaled)
        return bool((self.values | self.scaled) & (other.values | other.scaled))


def _readings(token: str) -> frozenset[float] | None:
    """Values of one numeric token; None means 'several numbers' (a date such as 12.05.2023)."""
    for space in " \u00a0\u202f'’":
        token = token.replace(space, "")
    separators = [c for c in token if c in ".,"]
    if not separators:
        return frozenset({float(token)})
    if len(set(separators)) == 2:
        decimal = separators[-1]
        grouping = "," if decimal == "." else "."
        return frozenset({float(token.replace(grouping, "").replace(decimal, "."))})
    mark = separators[0]
    head, *groups = token.split(mark)
    if len(groups) > 1:
        if all(len(g) == 3 for g in groups) and 1 <= len(head) <= 3:
            return frozenset({float(token.replace(mark, ""))})
        return None
    tail = groups[0]
    as_decimal = float(f"{head}.{tail}")
    if len(tail) != 3 or len(head) > 3:
        return frozenset({as_decimal})
    # "1,000" / "1.000": grouping or decimal depending on the locale; keep both readings so a
    # writer who used the other convention is not accused of changing the number.
    return frozenset({as_decimal, float(head + tail)})


def _is_word_char_before(text: str, index: int) -> bool:
    if index <= 0:
        return False
    before = text[index - 1]
    if before.isdigit():
        return True
    # "20h30": the minutes of a time; "G7", "CO2", "A320": identifiers, left to the acronym check.
    if before in "hH" and index >= 2 and text[index - 2].isdigit():
        return False
    return before.isalpha() and not CJK_CHAR.match(before)


def numbers(text: str, language: str, start: int = 0, end: int | None = None) -> list[Number]:
    """Arabic-digit numbers in text[start:end], read with the conventions of ``language``."""
    language = base_language(language)
    end = len(text) if end is None else end
    found: list[Number] = []
    for match in _NUMBER.finditer(text, start, end):
        if match.group("spaced") and language not in _SPACE_GROUPING:
            pieces = [(m.start(), m.end()) for m in re.finditer(r"\d+(?:[.,]\d+)*", match.group())]
            spans = [(match.start() + a, match.start() + b) for a, b in pieces]
        else:
            spans = [(match.start(), match.end())]
        for span_start, span_end in spans:
            if _is_word_char_before(text, span_start):
                continue
            token = text[span_start:span_end]
            values = _readings(token)
            clock = _CLOCK.fullmatch(token) and _CLOCK_AFTER.match(text, span_end, end)
            if values is None or clock:
                # A date (12.05.2023) or a clock time (1.30pm): several numbers, hour first.
                afternoon = bool(clock) and bool(_PM.match(text, span_end, end))
                for index, part in enumerate(re.finditer(r"\d+", token)):
                    value = float(part.group())
                    pm = afternoon and index == 0 and value < 12
                    shifted = frozenset({value + 12}) if pm else frozenset()
                    s, e = span_start + part.start(), span_start + part.end()
                    found.append(Number(s, e, part.group(), frozenset({value}), shifted))
                continue
            if re.fullmatch(r"\d0", token):
                values |= {1900.0 + float(token), 2000.0 + float(token)}  # "the 90s", "80年代"
            found.append(
                Number(span_start, span_end, token, values, _scaled(text, span_end, end, values, language))
            )
    return _ranges_share_multipliers(text, found)


# "between 1.27 and 2.5 million": the first number of a range takes the multiplier of the second.
_RANGE = re.compile(r"\s*(?:-|–|—|~|to|and|or|bis|und|oder|et|à|ou|y|o|e|a|至|到)\s*", re.IGNORECASE)


def _ranges_share_multipliers(text: str, found: list[Number]) -> list[Number]:
    for index in range(len(found) - 1):
        first, second = found[index], found[index + 1]
        if first.scaled or not second.scaled or not _RANGE.fullmatch(text, first.end, second.start):
            continue
        factor = max(second.scaled) / max(second.values) if max(second.values) else 0
        if factor >= 1000:
            found[index] = Number(
                first.start, first.end, first.text, first.values, frozenset(v * factor for v in first.values)
            )
    return found


# Units a translation may convert: a number and its conversion are the same quantity when each
# is followed by its unit (10 miles → 16 km, 375 lb → 170 kg). Fahrenheit → Celsius is an offset.
_UNIT_PAIRS = (
    (1.609344, r"mi(?:les?)?|meilen?|milles?|millas?", r"km|kilomet(?:er|re)s?|kilomètres?|kilómetros?"),
    (0.45359237, r"lbs?|pounds?|pfund|livres?|libras?", r"kg|kilo(?:gram(?:me)?s?|gramm)?"),
    (0.3048, r"ft|feet|foot|fu[ßs]|pieds?|pies", r"m|met(?:er|re)s?|mètres?|metros?"),
    (2.54, r"in|inch(?:es)?|zoll|pouces?|pulgadas?", r"cm|zentimeter|centimet(?:er|re)s?|centimètres?"),
    (
        None,
        r"°?\s?f|(?:degrees?\s)?fahrenheit",
        r"°?\s?c|(?:grad|degrés?|degrees?|grados?)(?:\s(?:celsius|centigrade))?|celsius",
    ),
)
_UNITS = tuple(
    (factor, re.compile(rf"\s?(?:{a})\b", re.I), re.compile(rf"\s?(?:{b})\b", re.I))
    for factor, a, b in _UNIT_PAIRS
)


_RANGE_REST = re.compile(_RANGE.pattern + r"\d+(?:[.,]\d+)*", re.IGNORECASE)


def _unit_after(unit: re.Pattern[str], text: str, end: int) -> bool:
    """The unit follows the number, or the range it opens ("170 to 180 kg")."""
    rest = _RANGE_REST.match(text, end)
    return bool(unit.match(text, end) or (rest and unit.match(text, rest.end())))


def converted(a: Number, a_text: str, b: Number, b_text: str) -> bool:
    """Whether b is a converted a (or a converted b), each followed by its unit, within 5 %."""
    for (x, x_text), (y, y_text) in (((a, a_text), (b, b_text)), ((b, b_text), (a, a_text))):
        for factor, unit, other_unit in _UNITS:
            if not (_unit_after(unit, x_text, x.end) and _unit_after(other_unit, y_text, y.end)):
                continue
            for u in x.values:
                expected = (u - 32) * 5 / 9 if factor is None else u * factor
                tolerance = 1.0 if factor is None else 0.05 * expected
                if any(abs(v - expected) <= tolerance for v in y.values):
                    return True
    return False


def _scaled(text: str, at: int, end: int, values: frozenset[float], language: str) -> frozenset[float]:
    after = _MULTIPLIER_AFTER.match(text, at, end)
    extra: set[float] = set()
    if _PM.match(text, at, end):
        extra = {v + 12 for v in values if v < 12}
    if after is None:
        return frozenset(extra)
    word = after.group(1).lower()
    factor = _MULTIPLIERS.get(word)
    # Spanish and Portuguese say a billion as "mil millones" / "mil milhões".
    if word == "mil" and re.match(r"\s(?:millones|milhões)\b", text[after.end() : end]):
        factor = 1e9
    if word.startswith("billion") and language in _LONG_SCALE:
        factor = 1e12
    if factor is None:
        return frozenset(extra)
    return frozenset({v * factor for v in values} | extra)


def word_values(text: str) -> frozenset[float]:
    """Numbers written in words, month names, Chinese and Roman numerals: excuses, never evidence."""
    values = {_WORD_VALUES[w] for w in re.findall(r"[^\W\d_]+", text.lower()) if w in _WORD_VALUES}
    for match in _ZH_NUMERAL.finditer(text):
        values.add(float(_zh_value(match.group())))
        if len(match.group()) == 2 and all(c in _ZH_DIGITS for c in match.group()):
            values |= {1900.0 + _zh_value(match.group()), 2000.0 + _zh_value(match.group())}  # 九二 = '92
    values |= {float(_roman_value(m.group())) for m in _ROMAN.finditer(text)}
    return frozenset(values)


def _zh_value(numeral: str) -> int:
    total, current = 0, 0
    for char in numeral:
        if char in _ZH_DIGITS:
            current = current * 10 + _ZH_DIGITS[char] if current else _ZH_DIGITS[char]
        else:
            total += (current or 1) * _ZH_UNITS[char]
            current = 0
    return total + current


def _roman_value(numeral: str) -> int:
    values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
    total = 0
    for index, char in enumerate(numeral):
        value = values[char]
        total += -value if index + 1 < len(numeral) and values[numeral[index + 1]] > value else value
    return total


def render_number(number: Number, target_language: str) -> str | None:
    """The source number written with the target's decimal mark (suggestions), if unambiguous."""
    if len(number.values) != 1:
        return None
    (value,) = number.values
    text = f"{value:.10g}"
    if "e" in text:
        return None
    if base_language(target_language) in _DECIMAL_COMMA:
        return text.replace(".", ",")
    return text
