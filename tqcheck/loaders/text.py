"""Plain-text loader: bytes → decoded text, with the checks a user needs to hear about."""

from __future__ import annotations

import codecs
import re

from tqcheck.model import Document

_SURROGATE = re.compile("[\ud800-\udfff]")


class InputRejected(ValueError):
    """Input that cannot be checked; str() is the one-line reason (without the path)."""


def unpaired_surrogate(text: str) -> str | None:
    """Why ``text`` is not valid Unicode (a half of a UTF-16 pair, which a JSON "\\ud800" escape or
    an odd codec can produce and no UTF-8 writer can write), or None."""
    if text.isascii():
        return None
    try:
        text.encode("utf-8")  # a C loop, several times faster than the search below
        return None
    except UnicodeEncodeError:
        found = _SURROGATE.search(text)
    if found is None:
        return None
    return f"unpaired surrogate {found.group()!r} at character {found.start()}; not valid Unicode text"


def decode(data: bytes, encoding: str | None = None) -> str:
    if encoding:
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError) as error:
            raise InputRejected(f"cannot decode as {encoding}: {error}") from None
        if reason := unpaired_surrogate(text):  # "unicode_escape" and friends can make them
            raise InputRejected(f"decoded as {encoding}: {reason}")
        return text
    for bom, codec in (
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be"),
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(codec)
            except UnicodeDecodeError as error:
                raise InputRejected(
                    f"invalid {codec} after its byte-order mark: {error.reason} "
                    f"at byte {error.start + len(bom)}"
                ) from None
    if b"\x00" in data[:8192]:
        raise InputRejected("binary file (NUL bytes); not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise InputRejected(
            f"invalid UTF-8 at byte {error.start} (line {line}); "
            "pass --encoding if the file uses another encoding"
        ) from None


def load_text(path: str, data: bytes, encoding: str | None = None) -> Document:
    text = decode(data, encoding)
    if not text.strip():
        raise InputRejected("empty file" if not text else "file holds only whitespace")
    return Document(path=path, text=text)
