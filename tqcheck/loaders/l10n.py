"""Bilingual files (XLIFF 1.2/2.0, PO, TMX): one Document per file, one paragraph per unit's target.

``Document.sources[i]`` is the source text of the unit in paragraph ``i``; units with no target
text are left out of both. Offsets map back to the target's place in the file, so findings get
the file's own line and column.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from tqcheck.loaders.offsets import (
    PLACEHOLDER,
    TextBuilder,
    align,
    line_starts,
    primary_language,
    xml_unescape,
)
from tqcheck.loaders.text import InputRejected, decode
from tqcheck.model import Document

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_TRAILING_POSITION = re.compile(r",\s*line \d+,\s*column \d+\s*$")
_DECLARED_ENCODING = re.compile(
    rb"""^(?:\xef\xbb\xbf)?<\?xml[^>]*\bencoding\s*=\s*["']([A-Za-z0-9._-]+)["']"""
)
# Anything the segmenter would read as a paragraph break; a unit must stay one paragraph.
_BLANK_LINES = re.compile(r"(?:\r\n|\r|\n)\s*(?:\r\n|\r|\n)\s*")
_PO_STRING = re.compile(r'"((?:[^"\\\r\n]|\\.)*)"')
_PO_KEYWORD = r"[ \t]*(?:(?:msgctxt|msgid|msgid_plural|msgstr(?:\[[0-9]+\])?)[ \t]+)?"
_PO_LINE = re.compile(_PO_KEYWORD + r'"(?:[^"\\]|\\.)*"[ \t]*')
_PO_OPEN_STRING = re.compile(_PO_KEYWORD + r'"(?:[^"\\]|\\.)*\\?')
_PO_ESCAPES = {
    "n": "\n",
    "t": "\t",
    "r": "\r",
    '"': '"',
    "\\": "\\",
    "a": "\a",
    "b": "\b",
    "f": "\f",
    "v": "\v",
}

# Inline markup inside a segment, by local name: text kept, content skipped (native codes), or
# one placeholder character (a variable or an inline object standing inside the sentence).
_KEEP = frozenset({"g", "mrk", "pc", "hi"})
_PLACEHOLDERS = frozenset({"x", "ph"})
_CODE_POINT = "cp"  # XLIFF 2.0 <cp hex="…"/>: a character XML cannot carry


@dataclass(frozen=True)
class _Unit:
    source: str
    target: str
    element: object  # the lxml element holding the target (for its line in the file)


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def inline_text(element) -> str:  # type: ignore[no-untyped-def]
    """The translatable text of a <source>/<target>/<seg>, inline codes resolved."""
    parts = [element.text or ""]
    for child in element:
        name = _local(child.tag)
        if name in _KEEP:
            parts.append(inline_text(child))
        elif name in _PLACEHOLDERS:
            parts.append(PLACEHOLDER)
        elif name == _CODE_POINT:
            try:
                parts.append(chr(int(child.get("hex", ""), 16)))
            except (ValueError, OverflowError):
                parts.append(PLACEHOLDER)
        parts.append(child.tail or "")
    return "".join(parts)


def _parse_xml(data: bytes, encoding: str | None):  # type: ignore[no-untyped-def]
    from lxml import etree

    # No DTD, no entity expansion, no network: a file cannot make the parser fetch or explode.
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, encoding=encoding
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        line, column = error.position
        # libxml2 may go on over several lines quoting the file, then repeat the position.
        reason = _TRAILING_POSITION.sub("", (error.msg or "syntax error").splitlines()[0]).strip()
        raise InputRejected(f"invalid XML at line {line}, column {column}: {reason}") from None
    if root is None:
        raise InputRejected("invalid XML: no root element")
    return root


def _decoded(data: bytes, encoding: str | None) -> str:
    declared = _DECLARED_ENCODING.match(data)
    name = encoding or (declared.group(1).decode("ascii") if declared else None)
    if name and name.lower().replace("_", "-") in ("utf-8", "utf8"):
        name = None  # the BOM-aware default
    return decode(data, name)


class _Locator:
    """Finds the n-th <name> start tag in the file: elements come in document order, so the n-th
    element of a name (lxml) is the n-th such tag in the text, comments and CDATA aside."""

    _HIDDEN = re.compile(r"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<!DOCTYPE[^\[>]*(?:\[.*?\])?\s*>", re.S)

    def __init__(self, source: str, root) -> None:  # type: ignore[no-untyped-def]
        self.source = source
        self.root = root
        self.hidden = [match.span() for match in self._HIDDEN.finditer(source)]
        self.tags: dict[str, list[tuple[int, int]]] = {}
        self.ordinals: dict[str, dict[object, int]] = {}

    def _visible(self, offset: int) -> bool:
        return not any(start <= offset < end for start, end in self.hidden)

    def _index(self, name: str) -> None:
        opening = re.compile(rf"""<(?:[\w.-]+:)?{name}(?=[\s/>])(?:[^>"']|"[^"]*"|'[^']*')*>""")
        closing = re.compile(rf"</(?:[\w.-]+:)?{name}\s*>")
        spans = []
        for match in opening.finditer(self.source):
            if not self._visible(match.start()):
                continue
            if match.group().endswith("/>"):
                spans.append((match.end(), match.end()))
                continue
            end = closing.search(self.source, match.end())
            spans.append((match.end(), end.start() if end else len(self.source)))
        self.tags[name] = spans
        self.ordinals[name] = {element: index for index, element in enumerate(self.root.iter(f"{{*}}{name}"))}

    def offsets(self, element, text: str) -> list[int]:  # type: ignore[no-untyped-def]
        """Where each character of the element's text lies in the file."""
        name = _local(element.tag)
        if name not in self.tags:
            self._index(name)
        index = self.ordinals[name].get(element)
        spans = self.tags[name]
        if index is None or index >= len(spans):
            return [0] * len(text)
        start, limit = spans[index]
        return align(text, self.source, start, limit, xml_unescape, skip_tags=True)[0]


def _build(path: str, original: str, root, units: list[_Unit], **languages: str | None) -> Document:  # type: ignore[no-untyped-def]
    builder = TextBuilder()
    locator = _Locator(original, root)
    sources: list[str] = []
    for unit in units:
        offsets = locator.offsets(unit.element, unit.target)
        _add_unit(builder, unit.target, offsets)
        if builder.paragraph_break():
            sources.append(unit.source)
    return builder.document(path, original, sources=tuple(sources), **languages)


def _add_unit(builder: TextBuilder, text: str, offsets: list[int]) -> None:
    cursor = 0
    for match in _BLANK_LINES.finditer(text):
        builder.add(text[cursor : match.start()], offsets[cursor : match.start()])
        builder.add_char("\n", offsets[match.start()])
        cursor = match.end()
    builder.add(text[cursor:], offsets[cursor:])


# XLIFF -------------------------------------------------------------------------------------
def _xliff_units(root) -> Iterator[_Unit]:  # type: ignore[no-untyped-def]
    version = root.get("version", "1.2")
    if version.startswith("1"):
        for unit in root.iter("{*}trans-unit"):
            if unit.get("translate") == "no":
                continue
            source, target = unit.find("{*}source"), unit.find("{*}target")
            if target is not None:
                yield _Unit(inline_text(source) if source is not None else "", inline_text(target), target)
        return
    for unit in root.iter("{*}unit"):
        if unit.get("translate") == "no":
            continue
        for segment in unit.iter("{*}segment"):
            source, target = segment.find("{*}source"), segment.find("{*}target")
            if target is not None:
                yield _Unit(inline_text(source) if source is not None else "", inline_text(target), target)


def load_xliff(path: str, data: bytes, encoding: str | None = None) -> Document:
    root = _parse_xml(data, encoding)
    if _local(root.tag) != "xliff":
        raise InputRejected(f"not an XLIFF file (root element <{_local(root.tag)}>)")
    original = _decoded(data, encoding)
    if root.get("version", "1.2").startswith("1"):
        first = root.find("{*}file")
        source_tag = first.get("source-language") if first is not None else None
        target_tag = first.get("target-language") if first is not None else None
    else:
        source_tag, target_tag = root.get("srcLang"), root.get("trgLang")
    return _build(
        path,
        original,
        root,
        list(_xliff_units(root)),
        target_lang=primary_language(target_tag),
        source_lang=primary_language(source_tag),
    )


# TMX ---------------------------------------------------------------------------------------
def _tuv_language(tuv) -> str | None:  # type: ignore[no-untyped-def]
    return primary_language(tuv.get(_XML_LANG) or tuv.get("lang"))


def load_tmx(path: str, data: bytes, encoding: str | None = None) -> list[Document]:
    """One Document per target language of the memory (a TMX may hold several)."""
    root = _parse_xml(data, encoding)
    if _local(root.tag) != "tmx":
        raise InputRejected(f"not a TMX file (root element <{_local(root.tag)}>)")
    original = _decoded(data, encoding)
    header = root.find("{*}header")
    source_language = primary_language(header.get("srclang") if header is not None else None)
    units: dict[str, list[_Unit]] = {}
    for tu in root.iter("{*}tu"):
        variants = [(_tuv_language(tuv), tuv.find("{*}seg")) for tuv in tu.iter("{*}tuv")]
        variants = [(language, seg) for language, seg in variants if language and seg is not None]
        if not variants:
            continue
        # srclang="*all*" (or none): the first variant of the first unit is the source.
        source_language = source_language or variants[0][0]
        source = next((inline_text(seg) for language, seg in variants if language == source_language), "")
        for language, seg in variants:
            if language != source_language:
                units.setdefault(language, []).append(_Unit(source, inline_text(seg), seg))
    if not units:
        raise InputRejected("no translation unit has both a source and a target language variant")
    several = len(units) > 1
    return [
        _build(
            f"{path}#{language}" if several else path,
            original,
            root,
            units[language],
            target_lang=language,
            source_lang=source_language,
        )
        for language in sorted(units)
    ]


# PO ----------------------------------------------------------------------------------------
def _po_string(source: str, start: int) -> tuple[str, list[int]]:
    """Decode the quoted strings that follow a msgstr keyword, with each character's offset."""
    chars: list[str] = []
    offsets: list[int] = []
    position = start
    while True:
        match = _PO_STRING.match(source, position)
        if match is None:
            break
        index = match.start(1)
        end = match.end(1)
        while index < end:
            if source[index] == "\\" and index + 1 < end:
                chars.append(_PO_ESCAPES.get(source[index + 1], source[index + 1]))
                offsets.append(index)
                index += 2
            else:
                chars.append(source[index])
                offsets.append(index)
                index += 1
        position = match.end()
        while position < len(source) and source[position] in " \t\r\n":
            position += 1
    return "".join(chars), offsets


def _po_target_offsets(original: str, starts: list[int], line: int, keyword: str, text: str) -> list[int]:
    from_offset = starts[min(max(line, 1), len(starts)) - 1]
    found = re.compile(rf"^{re.escape(keyword)}[ \t]*", re.M).search(original, from_offset)
    if found is not None:
        decoded, offsets = _po_string(original, found.end())
        if decoded == text:
            return offsets
    return align(text, original, from_offset, len(original))[0]


def _check_po_syntax(original: str) -> None:
    """polib reads an unterminated string as if it were closed (and drops its last character):
    such a file is rejected, as msgfmt rejects it, rather than checked as something it is not."""
    for number, line in enumerate(re.split(r"\r\n|\r|\n", original), 1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#") or _PO_LINE.fullmatch(line):
            continue
        reason = (
            "unterminated string" if _PO_OPEN_STRING.fullmatch(line) else "expected a keyword and a string"
        )
        raise InputRejected(f"invalid PO file: line {number}: {reason}")


# str.splitlines(), which polib reads with, also breaks lines at these; gettext does not.
_SPLITLINES_ONLY = "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"


def _without_splitlines_breaks(original: str) -> tuple[str, dict[int, int]]:
    """The file with each such character replaced by an unused private-use one (same length, so
    polib's line numbers stay the file's), and the table that puts them back."""
    present = [char for char in _SPLITLINES_ONLY if char in original]
    if not present:
        return original, {}
    unused = (chr(code) for code in range(0x10FFFD, 0xF0000, -1) if chr(code) not in original)
    stand_ins = {char: next(unused) for char in present}
    safe = original.translate(str.maketrans(stand_ins))
    return safe, str.maketrans({stand_in: char for char, stand_in in stand_ins.items()})


def load_po(path: str, data: bytes, encoding: str | None = None) -> Document:
    import polib

    original = decode(data, encoding)
    if "msgid" not in original:
        raise InputRejected("not a PO file (no msgid)")
    _check_po_syntax(original)
    safe, restore = _without_splitlines_breaks(original)
    try:
        # polib reads a path when given one; a string with a newline is never taken for a path.
        catalog = polib.pofile(safe if "\n" in safe else safe + "\n")
    except (OSError, ValueError) as error:
        raise InputRejected(f"invalid PO file: {error}") from None
    builder = TextBuilder()
    starts = line_starts(original)
    sources: list[str] = []
    for entry in catalog:
        if entry.obsolete or entry.fuzzy or not entry.msgid:
            continue  # gettext ships neither obsolete nor fuzzy translations; "" is the header
        forms = (
            [("msgstr", entry.msgid, entry.msgstr)]
            if not entry.msgstr_plural
            else [
                (f"msgstr[{index}]", entry.msgid if index == 0 else entry.msgid_plural, text)
                for index, text in sorted(entry.msgstr_plural.items())
            ]
        )
        for keyword, polib_source, polib_target in forms:
            source, target = polib_source.translate(restore), polib_target.translate(restore)
            offsets = _po_target_offsets(original, starts, entry.linenum, keyword, target)
            _add_unit(builder, target, offsets)
            if builder.paragraph_break():
                sources.append(source)
    language = catalog.metadata.get("Language")
    return builder.document(path, original, sources=tuple(sources), target_lang=primary_language(language))
