"""Markdown loader: prose only (no front matter, code or URLs), every character mapped to the source."""

from __future__ import annotations

import re
from functools import lru_cache

from tqcheck.loaders import html as html_loader
from tqcheck.loaders.offsets import PLACEHOLDER, TextBuilder, align, line_starts
from tqcheck.loaders.text import decode
from tqcheck.model import Document, Role

# YAML (---) or TOML (+++) front matter: the first line, up to the same fence on its own line.
_FRONT_MATTER = re.compile(
    r"\A(---|\+\+\+)[ \t]*(?:\r\n|\r|\n).*?(?:\r\n|\r|\n)\1[ \t]*(?=\r\n|\r|\n|\Z)", re.S
)
_NEWLINE = re.compile(r"\r\n|\r|\n")
_BR = re.compile(r"<br\b", re.I)
_ROLES: dict[str, Role] = {"heading_open": "headline", "blockquote_open": "quote"}


@lru_cache(maxsize=1)
def _parser():  # type: ignore[no-untyped-def]
    from markdown_it import MarkdownIt

    # text_join off: escapes and entities stay separate tokens whose markup is the source text.
    return MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"]).disable("text_join")


def blank_front_matter(source: str) -> str:
    """The source with its front matter replaced by spaces: offsets and line numbers unchanged."""
    match = _FRONT_MATTER.match(source)
    if match is None:
        return source
    blanked = re.sub(r"[^\r\n]", " ", match.group())
    return blanked + source[match.end() :]


class _Walker:
    def __init__(self, source: str) -> None:
        self.source = source
        self.starts = [*line_starts(source), len(source)]
        self.builder = TextBuilder()
        self.cursor = 0
        self.limit = len(source)
        self.roles: list[Role] = []

    def block_range(self, line_map: list[int] | None) -> None:
        if line_map is None:
            return
        first, last = line_map
        self.cursor = max(self.cursor, self.starts[min(first, len(self.starts) - 1)])
        self.limit = self.starts[min(last, len(self.starts) - 1)]

    def walk(self, tokens: list) -> None:  # type: ignore[type-arg]
        for token in tokens:
            kind = token.type
            if kind in _ROLES:
                self.roles.append(_ROLES[kind])
            elif kind in ("heading_close", "blockquote_close") and self.roles:
                self.roles.pop()
            elif kind == "inline":
                self.block_range(token.map)
                self.builder.paragraph_break()
                self.builder.role = self.roles[-1] if self.roles else None
                self.inline(token.children or [])
            elif kind == "html_block" and token.map:
                self.html_block(token.map)
            elif kind in ("fence", "code_block", "hr"):
                self.builder.paragraph_break()
                self.block_range(token.map)

    def html_block(self, line_map: list[int]) -> None:
        self.builder.paragraph_break()
        self.block_range(line_map)
        start, end = self.cursor, self.limit
        self.builder.extend(html_loader.extract(self.source[start:end], base=start))
        self.cursor = end

    def inline(self, children: list) -> None:  # type: ignore[type-arg]
        in_autolink = False
        for child in children:
            kind = child.type
            if in_autolink:
                in_autolink = kind != "link_close"
            elif kind == "text":
                self.text(child.content)
            elif kind == "text_special":
                self.special(child.markup, child.content)
            elif kind in ("softbreak", "hardbreak"):
                self.newline()
            elif kind == "code_inline":
                self.code(child.markup)
            elif kind == "link_open" and child.markup in ("autolink", "linkify"):
                in_autolink = True
                self.placeholder_for("<", ">")
            elif kind == "link_close":
                self.skip_destination()
            elif kind == "image":
                self.skip_image()
            elif kind == "html_inline":
                self.html_inline(child.content)

    def text(self, content: str) -> None:
        found = self.source.find(content, self.cursor, self.limit)
        if found >= 0:
            offsets = list(range(found, found + len(content)))
            self.cursor = found + len(content)
        else:
            offsets, self.cursor = align(content, self.source, self.cursor, self.limit)
        self.builder.add(content, offsets)

    def special(self, markup: str, content: str) -> None:
        found = self.source.find(markup, self.cursor, self.limit)
        at = found if found >= 0 else self.cursor
        self.builder.add_at(content, at)
        if found >= 0:
            self.cursor = found + len(markup)

    def newline(self) -> None:
        match = _NEWLINE.search(self.source, self.cursor, self.limit)
        if match is None:
            self.builder.add_at("\n", max(self.limit - 1, 0))
            return
        self.builder.add_at("\n", match.start())
        self.cursor = match.end()

    def code(self, fence: str) -> None:
        opening = self.source.find(fence, self.cursor, self.limit)
        if opening < 0:
            self.builder.add_at(PLACEHOLDER, self.cursor)
            return
        self.builder.add_at(PLACEHOLDER, opening)
        closing = opening + len(fence)
        while True:  # the closing run has exactly the opening run's length
            closing = self.source.find(fence, closing, self.limit)
            if closing < 0 or not self.source.startswith("`", closing + len(fence)):
                break
            closing += len(fence)
            while self.source.startswith("`", closing):
                closing += 1
        self.cursor = self.limit if closing < 0 else closing + len(fence)

    def placeholder_for(self, opening: str, closing: str) -> None:
        start = self.source.find(opening, self.cursor, self.limit)
        if start >= 0:
            self.builder.add_at(PLACEHOLDER, start)
            end = self.source.find(closing, start, self.limit)
            self.cursor = self.limit if end < 0 else end + len(closing)

    def skip_destination(self) -> None:
        """After a link's text: skip ``](url "title")`` or ``][ref]`` or the ``]`` of ``[ref]``."""
        source, cursor = self.source, self.cursor
        if source.startswith("](", cursor):
            self.cursor = _matching(source, cursor + 1, "(", ")", self.limit)
        elif source.startswith("][", cursor):
            self.cursor = _matching(source, cursor + 1, "[", "]", self.limit)
        elif source.startswith("]", cursor):
            self.cursor = cursor + 1

    def skip_image(self) -> None:
        start = self.source.find("![", self.cursor, self.limit)
        if start < 0:
            return
        self.builder.add_at(PLACEHOLDER, start)
        self.cursor = _matching(self.source, start + 1, "[", "]", self.limit) - 1
        self.skip_destination()

    def html_inline(self, content: str) -> None:
        found = self.source.find(content, self.cursor, self.limit)
        if found < 0:
            return
        if _BR.match(content):
            self.builder.add_at("\n", found)
        self.cursor = found + len(content)


def _matching(source: str, start: int, opening: str, closing: str, limit: int) -> int:
    """Offset just past the bracket that closes the one at ``start`` (backslash escapes honoured)."""
    depth = 0
    index = start
    while index < limit:
        char = source[index]
        if char == "\\":
            index += 2
            continue
        if char == opening:
            depth += 1
        elif char == closing:
            depth -= 1
            if depth == 0:
                return index + 1
        index += 1
    return limit


def load_markdown(path: str, data: bytes, encoding: str | None = None) -> Document:
    original = decode(data, encoding)
    source = blank_front_matter(original)
    walker = _Walker(source)
    walker.walk(_parser().parse(source))
    return walker.builder.document(path, original)
