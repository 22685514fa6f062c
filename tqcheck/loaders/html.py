"""HTML loader: the text a reader sees (a CMS body or a whole page), mapped back to the source."""

from __future__ import annotations

import html
from html.parser import HTMLParser

from tqcheck.loaders.offsets import PLACEHOLDER, TextBuilder, line_starts
from tqcheck.loaders.text import decode
from tqcheck.model import Document, Role

# Never shown as text, or not prose: their content is dropped.
_SKIPPED = frozenset("script style noscript template title svg math iframe object canvas select pre".split())
# Code inside a sentence: stands as one placeholder character.
_INLINE_CODE = frozenset({"code", "kbd", "samp"})
# Skipped elements that hold no blocks: a block tag inside one means it was left unclosed.
_SOFT_SKIPPED = _INLINE_CODE | {"pre"}
_BLOCKS = frozenset(
    """address article aside blockquote body caption center dd details dialog dir div dl dt fieldset
    figcaption figure footer form frameset h1 h2 h3 h4 h5 h6 header hgroup hr html legend li main menu
    nav ol optgroup option p section summary table tbody td tfoot th thead tr ul""".split()
)
_ROLES: dict[str, Role] = {
    **{f"h{level}": "headline" for level in range(1, 7)},
    "blockquote": "quote",
    "figcaption": "caption",
    "caption": "caption",
}
# HTML's inter-element whitespace (not U+00A0, which is a visible no-break space).
_HTML_SPACE = " \t\n\r\f"


class _Extractor(HTMLParser):
    def __init__(self, source: str, base: int) -> None:
        super().__init__(convert_charrefs=False)
        self.source = source
        self.base = base
        self.builder = TextBuilder()
        self._newlines = line_starts_lf(source)
        self._skip: list[str] = []
        self._roles: list[tuple[str, Role]] = []
        self._space_at: int | None = None
        self._breaks = 0
        self._break_at = 0

    def parse_marked_section(self, i: int, report: int = 1) -> int:
        position = self.getpos()
        try:
            return super().parse_marked_section(i, report)
        except AssertionError:
            # The stdlib moved its position to where it gave up before asserting; the caller moves
            # it again from ``i``: without this, every later offset in the file would be off.
            self.lineno, self.offset = position
            # "<![a](b)" and other malformed marked sections: the stdlib asserts; browsers
            # skip them like a bogus comment, up to the next ">" (or the end of the input).
            end = self.rawdata.find(">", i)
            return len(self.rawdata) if end < 0 else end + 1

    def _here(self) -> int:
        line, column = self.getpos()
        return self._newlines[line - 1] + column

    # Tags ---------------------------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._open(tag, self_closing=False)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._open(tag, self_closing=True)

    def _open(self, tag: str, self_closing: bool) -> None:
        at = self._here()
        if self._skip and tag in _BLOCKS and self._skip[-1] in _SOFT_SKIPPED:
            self._skip.clear()
        if self._skip:
            if tag == self._skip[-1] and not self_closing:
                self._skip.append(tag)
            return
        if tag in _SKIPPED or tag in _INLINE_CODE:
            if tag in _INLINE_CODE:
                self._flush_space()
                self._char(PLACEHOLDER, at)
            else:
                self._block_boundary(at)
            if not self_closing:
                self._skip.append(tag)
            return
        if tag == "br":
            self._line_break(at)
        elif tag in _BLOCKS:
            self._block_boundary(at)
            if tag in _ROLES and not self_closing:
                self._roles.append((tag, _ROLES[tag]))
                self.builder.role = _ROLES[tag]

    def handle_endtag(self, tag: str) -> None:
        at = self._here()
        if self._skip:
            if tag in self._skip:
                while self._skip.pop() != tag:
                    pass
            elif tag in _BLOCKS and self._skip[-1] in _SOFT_SKIPPED:
                # An unclosed <code> or <pre> does not swallow the rest of the page.
                self._skip.clear()
                self._block_boundary(at)
            return
        if tag == "br":  # </br> is read as <br> by browsers
            self._line_break(at)
        elif tag in _BLOCKS:
            self._block_boundary(at)
            if any(name == tag for name, _ in self._roles):
                while self._roles and self._roles.pop()[0] != tag:
                    pass
                self.builder.role = self._roles[-1][1] if self._roles else None

    # Text ---------------------------------------------------------------------------------
    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        at = self._here()
        for index, char in enumerate(data):
            self._text_char(char, at + index)

    def handle_entityref(self, name: str) -> None:
        self._reference(1 + len(name))

    def handle_charref(self, name: str) -> None:
        self._reference(2 + len(name))

    def _reference(self, length: int) -> None:
        if self._skip:
            return
        at = self._here()
        if self.source.startswith(";", at + length):
            length += 1
        raw = self.source[at : at + length]
        decoded = html.unescape(raw)
        if decoded == raw:  # not an entity after all ("&foo;"): the characters are text
            for index, char in enumerate(raw):
                self._text_char(char, at + index)
            return
        for char in decoded:  # every decoded character points at the entity's "&"
            self._text_char(char, at)

    def _text_char(self, char: str, at: int) -> None:
        if char in _HTML_SPACE:
            if self._space_at is None:
                self._space_at = self.base + at
            return
        self._flush_space()
        self._char(char, at)

    def _flush_space(self) -> None:
        if self._breaks and len(self.builder):
            if self._breaks >= 2:
                self.builder.paragraph_break()
            else:
                self.builder.add_char("\n", self._break_at)
        elif self._space_at is not None and len(self.builder) and self.builder.chars[-1] != "\n":
            self.builder.add_char(" ", self._space_at)
        self._breaks = 0
        self._space_at = None

    def _char(self, char: str, at: int) -> None:
        self.builder.add_char(char, self.base + at)

    def _block_boundary(self, at: int) -> None:
        if not self._breaks:
            self._break_at = self.base + at
        self._breaks = 2
        self._space_at = None

    def _line_break(self, at: int) -> None:
        if not self._breaks:
            self._break_at = self.base + at
        self._breaks = min(self._breaks + 1, 2)
        self._space_at = None


def line_starts_lf(source: str) -> list[int]:
    # HTMLParser.getpos() counts lines by "\n" only.
    starts = [0]
    index = source.find("\n")
    while index >= 0:
        starts.append(index + 1)
        index = source.find("\n", index + 1)
    return starts


def extract(source: str, base: int = 0) -> TextBuilder:
    """Text of ``source`` (offsets shifted by ``base``) as a builder, paragraphs ended."""
    parser = _Extractor(source, base)
    parser.feed(source)
    parser.close()
    parser.builder.paragraph_break()
    return parser.builder


def load_html(path: str, data: bytes, encoding: str | None = None) -> Document:
    source = decode(data, encoding)
    builder = extract(source)
    return builder.document(path, source)


__all__ = ["extract", "line_starts", "load_html"]
