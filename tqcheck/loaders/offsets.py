"""Text extracted from markup, built with a map from every character back to the original file."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence

from tqcheck.loaders.text import InputRejected
from tqcheck.model import Document, Role

# Stands for content that is not checked but sits inside a sentence (inline code, an XLIFF
# placeholder): a non-word, non-space character, so the words around it stay apart and no
# rule sees a double space or a glued word that is not in the original.
PLACEHOLDER = "\ufffc"
PARAGRAPH_BREAK = "\n\n"

_XML_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{0,31});")

# An escape at a source position: (decoded text, length in the source), or None.
Unescaper = Callable[[str, int], "tuple[str, int] | None"]


class TextBuilder:
    """Accumulates text and, per character, its offset in the original; paragraphs split by blank lines."""

    def __init__(self) -> None:
        self.chars: list[str] = []
        self.origin: list[int] = []
        self.role_hints: list[tuple[int, Role]] = []
        self.role: Role | None = None
        self._paragraph_start = 0
        self._hinted = False

    def __len__(self) -> int:
        return len(self.chars)

    def add(self, text: str, offsets: Sequence[int]) -> None:
        for char, offset in zip(text, offsets, strict=True):
            self.add_char(char, offset)

    def add_at(self, text: str, offset: int) -> None:
        for char in text:
            self.add_char(char, offset)

    def add_char(self, char: str, offset: int) -> None:
        if not self._hinted and not char.isspace():
            self._hinted = True
            if self.role is not None:
                self.role_hints.append((len(self.chars), self.role))
        self.chars.append(char)
        self.origin.append(offset)

    def extend(self, other: TextBuilder) -> None:
        """Append another builder's finished paragraphs (e.g. an HTML block inside Markdown)."""
        self.paragraph_break()
        shift = len(self.chars)
        self.chars.extend(other.chars)
        self.origin.extend(other.origin)
        self.role_hints.extend((start + shift, role) for start, role in other.role_hints)
        self._paragraph_start = len(self.chars)
        self._hinted = False

    def paragraph_break(self) -> bool:
        """End the current paragraph; False when it held nothing worth checking (it is dropped)."""
        start = self._paragraph_start
        body = self.chars[start:]
        kept = any(not char.isspace() and char != PLACEHOLDER for char in body)
        if not kept:
            del self.chars[start:], self.origin[start:]
            if self.role_hints and self.role_hints[-1][0] >= start:
                self.role_hints.pop()
        else:
            while self.chars and self.chars[-1].isspace():
                self.chars.pop()
                self.origin.pop()
            after = self.origin[-1] + 1
            self.add_at(PARAGRAPH_BREAK, after)
        self._paragraph_start = len(self.chars)
        self._hinted = False
        return kept

    def document(self, path: str, original: str, **fields: object) -> Document:
        self.paragraph_break()
        while self.chars and self.chars[-1].isspace():
            self.chars.pop()
            self.origin.pop()
        if not self.chars:
            raise InputRejected("no text to check (only markup, code or empty units)")
        text = "".join(self.chars)
        return Document(
            path=path,
            text=text,
            origin=tuple(self.origin),
            original_text=original,
            role_hints=tuple(self.role_hints),
            **fields,  # type: ignore[arg-type]
        )


def xml_unescape(source: str, index: int) -> tuple[str, int] | None:
    if source[index] != "&":
        return None
    match = _XML_ENTITY.match(source, index)
    if match is None:
        return None
    decoded = html.unescape(match.group())
    return (decoded, match.end() - index) if decoded != match.group() else None


def align(
    decoded: str,
    source: str,
    cursor: int,
    limit: int,
    unescape: Unescaper | None = None,
    skip_tags: bool = False,
) -> tuple[list[int], int]:
    """Offsets in ``source`` of each character of ``decoded``, found from ``cursor`` on.

    ``decoded`` is source text with its escapes resolved and markup removed, so each character
    is matched in order: itself, an escape that decodes to it, or the next occurrence further on
    (skipping markup). Returns the offsets and the cursor after the last match.
    """
    offsets: list[int] = []
    index = 0
    while index < len(decoded):
        char = decoded[index]
        if skip_tags and char != "<":
            while cursor < limit and source[cursor] == "<":
                end = source.find(">", cursor, limit)
                cursor = limit if end < 0 else end + 1
        if cursor < limit and source[cursor] == char:
            offsets.append(cursor)
            cursor += 1
            index += 1
            continue
        if char == "\n" and source.startswith("\r", cursor):
            offsets.append(cursor)
            cursor += 2 if source.startswith("\r\n", cursor) else 1
            index += 1
            continue
        escaped = unescape(source, cursor) if unescape and cursor < limit else None
        if escaped and decoded.startswith(escaped[0], index) and escaped[0]:
            offsets.extend([cursor] * len(escaped[0]))
            index += len(escaped[0])
            cursor += escaped[1]
            continue
        if char == PLACEHOLDER:
            offsets.append(min(cursor, max(limit - 1, 0)))
            index += 1
            continue
        found = source.find(char, cursor, limit)
        if found < 0:
            # Not in the source as such (a decoded form we do not know): keep the place we are at.
            offsets.append(min(cursor, max(limit - 1, 0)))
        else:
            offsets.append(found)
            cursor = found + 1
        index += 1
    return offsets, cursor


def line_starts(source: str) -> list[int]:
    """Offset of each line's start; \\r\\n, \\r and \\n end lines (as in the model and markdown-it)."""
    starts = [0]
    for match in re.finditer(r"\r\n|\r|\n", source):
        starts.append(match.end())
    return starts


def primary_language(tag: str | None) -> str | None:
    """'fr-FR' → 'fr'; '*all*', '' and None → None."""
    if not tag:
        return None
    primary = re.split(r"[-_]", tag.strip(), maxsplit=1)[0].lower()
    return primary if primary.isalpha() and 2 <= len(primary) <= 3 else None
