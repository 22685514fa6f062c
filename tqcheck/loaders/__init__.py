"""Pick a loader by file extension (or by content for stdin and unknown extensions): bytes → Documents."""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Callable
from pathlib import PurePath

from tqcheck.loaders.text import InputRejected, load_text
from tqcheck.model import Document

Loader = Callable[[str, bytes, "str | None"], "list[Document]"]

FORMATS = ("text", "markdown", "html", "xliff", "po", "tmx", "jsonl")
EXTENSIONS: dict[str, str] = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".mdown": "markdown",
    ".mkd": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".xlf": "xliff",
    ".xliff": "xliff",
    ".po": "po",
    ".pot": "po",
    ".tmx": "tmx",
    ".jsonl": "jsonl",
}
_HEAD = 4096
_XML_ROOT = re.compile(r"<(?:[\w.-]+:)?(xliff|tmx)\b", re.I)
_HTML = re.compile(
    r"\A\s*(?:<!doctype\s+html|<html\b|<(?:p|div|h[1-6]|body|article|section|ul|table)\b)", re.I
)
_MARKDOWN = re.compile(r"\A(?:---|\+\+\+)\s*$|^#{1,6}[ \t]+\S|^```|^\[[^\]]+\]:\s", re.M)
_PO = re.compile(r'^msgid\s+"', re.M)


def sniff(data: bytes) -> str:
    """The format of content with no telling extension (stdin, .dat …); plain text when unsure."""
    head = data[:_HEAD].decode("utf-8", errors="replace").lstrip("\ufeff")
    stripped = head.lstrip()
    if stripped.startswith("<?xml") or _XML_ROOT.match(stripped):
        root = _XML_ROOT.search(head)
        if root:
            return root.group(1).lower()
    if _HTML.match(head):
        return "html"
    if _PO.search(head):
        return "po"
    if _MARKDOWN.search(head):
        return "markdown"
    return "text"


def format_for(path: str, data: bytes) -> str:
    if path == "-":
        return sniff(data)
    return EXTENSIONS.get(PurePath(path).suffix.lower()) or sniff(data)


def _one(loader: Callable[[str, bytes, str | None], Document]) -> Loader:
    return lambda path, data, encoding: [loader(path, data, encoding)]


def _loader(fmt: str) -> Loader:
    # Imported on use: a batch of .txt files never imports markdown-it, lxml or polib.
    if fmt == "markdown":
        from tqcheck.loaders.markdown import load_markdown

        return _one(load_markdown)
    if fmt == "html":
        from tqcheck.loaders.html import load_html

        return _one(load_html)
    if fmt == "xliff":
        from tqcheck.loaders.l10n import load_xliff

        return _one(load_xliff)
    if fmt == "po":
        from tqcheck.loaders.l10n import load_po

        return _one(load_po)
    if fmt == "tmx":
        from tqcheck.loaders.l10n import load_tmx

        return load_tmx
    if fmt == "jsonl":
        return _jsonl_loader()
    return _one(load_text)


def _jsonl_loader() -> Loader:
    if importlib.util.find_spec("tqcheck.loaders.jsonl") is None:
        raise InputRejected("JSONL input is not supported by this version of tqcheck")
    from tqcheck.loaders import jsonl

    for name in ("load_jsonl", "load_path", "load"):
        loader = getattr(jsonl, name, None)
        if callable(loader):
            return _as_list(loader)
    raise InputRejected("JSONL input is not supported by this version of tqcheck")


def _as_list(loader: Callable[..., object]) -> Loader:
    def load(path: str, data: bytes, encoding: str | None) -> list[Document]:
        loaded = loader(path, data, encoding)
        return [loaded] if isinstance(loaded, Document) else list(loaded)  # type: ignore[call-overload]

    return load


def load_path(path: str, data: bytes, encoding: str | None = None, fmt: str | None = None) -> list[Document]:
    """Documents in one input's bytes; ``path`` names it in reports ("-" for stdin).

    Raises InputRejected with a one-line reason when the input cannot be checked.
    """
    if not data.strip():
        raise InputRejected("empty file" if not data else "file holds only whitespace")
    return _loader(fmt or format_for(path, data))(path, data, encoding)


__all__ = ["EXTENSIONS", "FORMATS", "InputRejected", "format_for", "load_path", "sniff"]
