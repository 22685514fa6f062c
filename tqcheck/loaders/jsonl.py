"""JSONL batch input, streamed: one object per line → one Document per row, path FILE#id.

A row is ``{"id", "target", "source"?, "reference"?, "target_lang"?, "source_lang"?}``; other keys
are ignored. ``source`` and ``reference`` must have as many paragraphs (blank-line separated) as
``target``. A bad line becomes an error naming the line and the rest is kept.
"""

from __future__ import annotations

import codecs
import io
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from tqcheck.loaders.text import InputRejected, unpaired_surrogate
from tqcheck.model import Document
from tqcheck.scoring.bilingual import AlignmentError, aligned

_OPTIONAL_TEXT = ("source", "reference")
_LANGUAGE_KEYS = ("target_lang", "source_lang")
_LANGUAGE = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]+)?")


@dataclass(frozen=True)
class RowError:
    """A line that could not become a document: ``line`` is 1-based, ``reason`` one line."""

    path: str
    line: int
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}"


def iter_jsonl(
    path: str, lines: Iterable[bytes], encoding: str | None = None
) -> Iterator[Document | RowError]:
    """Documents (and errors) one line at a time: memory stays flat whatever the file's size."""
    for number, raw in enumerate(lines, 1):
        if number == 1 and raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8) :]
        if not raw.strip():
            continue
        try:
            yield _document(path, raw, encoding)
        except InputRejected as error:
            yield RowError(path, number, str(error))


def load_jsonl(path: str, data: bytes, encoding: str | None = None) -> list[Document]:
    """Every row of an in-memory JSONL input; the first bad line rejects it (for callers that
    cannot report per-line errors; the CLI streams with iter_jsonl instead)."""
    documents = []
    for item in iter_jsonl(path, io.BytesIO(data), encoding):
        if isinstance(item, RowError):
            raise InputRejected(str(item))
        documents.append(item)
    if not documents:
        raise InputRejected("no JSON rows")
    return documents


def _document(path: str, raw: bytes, encoding: str | None) -> Document:
    try:
        line = raw.decode(encoding or "utf-8")
    except (UnicodeDecodeError, LookupError) as error:
        raise InputRejected(f"cannot decode as {encoding or 'UTF-8'}: {error}") from None
    try:
        row = json.loads(line)
    except json.JSONDecodeError as error:
        raise InputRejected(f"invalid JSON: {error.msg} at column {error.colno}") from None
    if not isinstance(row, dict):
        raise InputRejected(f"expected a JSON object, got {type(row).__name__}")
    identifier = row.get("id")
    if isinstance(identifier, bool) or not isinstance(identifier, str | int) or identifier == "":
        raise InputRejected("'id' must be a non-empty string or an integer")
    if isinstance(identifier, str) and (reason := unpaired_surrogate(identifier)):
        raise InputRejected(f"'id' holds an {reason}")
    where = f"id {identifier}"
    target = row.get("target")
    if not isinstance(target, str):
        raise InputRejected(f"{where}: 'target' must be a string")
    if not target.strip():
        raise InputRejected(f"{where}: empty target (nothing was translated)")
    for key in ("target", *_OPTIONAL_TEXT):
        if isinstance(row.get(key), str) and (reason := unpaired_surrogate(row[key])):
            raise InputRejected(f"{where}: '{key}' holds an {reason}")
    texts: dict[str, tuple[str, ...] | None] = {}
    for key in _OPTIONAL_TEXT:
        value = row.get(key)
        if value is not None and not isinstance(value, str):
            raise InputRejected(f"{where}: '{key}' must be a string or null")
        try:
            texts[key] = aligned(target, value, f"the {key}", "the target") if value is not None else None
        except AlignmentError as error:
            raise InputRejected(f"{where}: {error}") from None
    languages: dict[str, str | None] = {}
    for key in _LANGUAGE_KEYS:
        value = row.get(key)
        if value is not None and (not isinstance(value, str) or not _LANGUAGE.fullmatch(value)):
            raise InputRejected(f"{where}: '{key}' must be a language code such as 'en' or 'zh-CN'")
        languages[key] = value.lower().replace("_", "-") if value else None
    return Document(
        path=f"{path}#{identifier}",
        text=target,
        sources=texts["source"],
        references=texts["reference"],
        target_lang=languages["target_lang"],
        source_lang=languages["source_lang"],
    )
