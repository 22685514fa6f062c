"""Read an annotated corpus: pair and clean folders, texts and their gold sidecars."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from tqcheck.loaders.text import InputRejected, load_text
from tqcheck.model import Document

Kind = Literal["mt", "clean"]

_PAIR_FOLDER = re.compile(r"^(?P<src>[a-z]{2,3})-(?P<tgt>[a-z]{2,3})$")
_CLEAN_FOLDER = re.compile(r"^clean-(?P<tgt>[a-z]{2,3})$")
_FAMILY = re.compile(r"^[A-Z]{2}$")
_SIDECAR_SUFFIX = ".gold.json"
_SPAN_KEYS = frozenset({"text", "occurrence", "family", "category", "note"})


class CorpusUnreadable(Exception):
    """The corpus as a whole cannot be read; str() is the one-line reason."""


class _BadSidecar(Exception):
    """One sidecar is unusable; str() is the reason (without the path)."""


@dataclass(frozen=True)
class GoldSpan:
    family: str
    category: str
    start: int
    end: int
    text: str
    note: str


@dataclass(frozen=True)
class Folder:
    path: Path
    name: str
    kind: Kind
    source: str | None
    target: str


@dataclass(frozen=True)
class CorpusDocument:
    folder: Folder
    document: Document
    gold: tuple[GoldSpan, ...]

    @property
    def kind(self) -> Kind:
        return self.folder.kind


@dataclass(frozen=True)
class CorpusError:
    path: str
    reason: str


@dataclass(frozen=True)
class Corpus:
    root: str
    documents: tuple[CorpusDocument, ...]
    errors: tuple[CorpusError, ...]


def classify_folder(path: Path) -> Folder | None:
    pair = _PAIR_FOLDER.match(path.name)
    if pair:
        return Folder(path, path.name, "mt", pair["src"], pair["tgt"])
    clean = _CLEAN_FOLDER.match(path.name)
    if clean:
        return Folder(path, path.name, "clean", None, clean["tgt"])
    return None


def load_corpus(root: Path) -> Corpus:
    """Every readable document of the corpus; each unreadable one becomes a one-line error."""
    if not root.exists():
        raise CorpusUnreadable(f"{root}: no such directory")
    if not root.is_dir():
        raise CorpusUnreadable(f"{root}: not a directory")
    errors: list[CorpusError] = []
    # The corpus root itself may be one folder ("tqcheck eval corpora/fr-en").
    single = classify_folder(root.resolve())
    if single is not None:
        folders = [Folder(root, single.name, single.kind, single.source, single.target)]
    else:
        folders = []
        try:
            children = sorted(root.iterdir())
        except OSError as error:
            raise CorpusUnreadable(f"{root}: {error.strerror or error}") from None
        for child in children:
            if not child.is_dir() or child.name.startswith((".", "_")):
                continue
            folder = classify_folder(child)
            if folder is None:
                errors.append(CorpusError(str(child), "not a <src>-<tgt> or clean-<lang> folder; skipped"))
            else:
                folders.append(folder)
    documents: list[CorpusDocument] = []
    for folder in folders:
        _load_folder(folder, documents, errors)
    return Corpus(str(root), tuple(documents), tuple(errors))


def _load_folder(folder: Folder, documents: list[CorpusDocument], errors: list[CorpusError]) -> None:
    try:
        names = sorted(entry.name for entry in folder.path.iterdir() if entry.is_file())
    except OSError as error:
        errors.append(CorpusError(str(folder.path), f"cannot list folder: {error.strerror or error}"))
        return
    texts = [name for name in names if name.endswith(".txt")]
    for name in names:
        if name.endswith(_SIDECAR_SUFFIX) and name[: -len(_SIDECAR_SUFFIX)] + ".txt" not in texts:
            errors.append(CorpusError(str(folder.path / name), "sidecar without its .txt; skipped"))
    for name in texts:
        loaded = _load_document(folder, folder.path / name)
        if isinstance(loaded, CorpusError):
            errors.append(loaded)
        else:
            documents.append(loaded)


def _load_document(folder: Folder, text_path: Path) -> CorpusDocument | CorpusError:
    sidecar_path = text_path.with_name(text_path.name[: -len(".txt")] + _SIDECAR_SUFFIX)
    try:
        document = load_text(str(text_path), text_path.read_bytes())
    except (OSError, InputRejected) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        return CorpusError(str(text_path), reason)
    if not sidecar_path.is_file():
        return CorpusError(str(text_path), f"no gold sidecar {sidecar_path.name}; skipped")
    try:
        sidecar = _read_json(sidecar_path)
        gold = _gold_spans(folder, sidecar, document.text, text_path.name)
    except _BadSidecar as error:
        return CorpusError(str(sidecar_path), str(error))
    return CorpusDocument(folder, document, gold)


def _read_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise _BadSidecar(f"cannot read: {error.strerror or error}") from None
    except UnicodeDecodeError as error:
        raise _BadSidecar(f"not UTF-8 (byte {error.start})") from None
    except json.JSONDecodeError as error:
        raise _BadSidecar(f"invalid JSON at line {error.lineno} column {error.colno}: {error.msg}") from None
    if not isinstance(data, dict):
        raise _BadSidecar("expected a JSON object at the top level")
    return data


def _gold_spans(folder: Folder, sidecar: dict[str, Any], text: str, text_name: str) -> tuple[GoldSpan, ...]:
    kind = sidecar.get("kind")
    if kind != folder.kind:
        raise _BadSidecar(f"'kind' is {kind!r}; a document in {folder.name}/ needs {folder.kind!r}")
    target = sidecar.get("target_language")
    if target != folder.target:
        raise _BadSidecar(f"'target_language' is {target!r}; folder {folder.name}/ says {folder.target!r}")
    if folder.kind == "mt" and sidecar.get("source_language") != folder.source:
        raise _BadSidecar(
            f"'source_language' is {sidecar.get('source_language')!r}; "
            f"folder {folder.name}/ says {folder.source!r}"
        )
    spans = sidecar.get("spans")
    if not isinstance(spans, list):
        raise _BadSidecar("'spans' must be a list")
    if folder.kind == "clean" and spans:
        raise _BadSidecar("a clean document has no gold spans ('spans' must be [])")
    gold = [_resolve(index, span, text, text_name) for index, span in enumerate(spans)]
    return tuple(sorted(gold, key=lambda g: (g.start, g.end, g.family)))


def _resolve(index: int, span: object, text: str, text_name: str) -> GoldSpan:
    where = f"spans[{index}]"
    if not isinstance(span, dict):
        raise _BadSidecar(f"{where}: expected an object")
    unknown = sorted(set(span) - _SPAN_KEYS)
    if unknown:
        raise _BadSidecar(f"{where}: unknown key {unknown[0]!r} (allowed: {', '.join(sorted(_SPAN_KEYS))})")
    needle = span.get("text")
    if not isinstance(needle, str) or not needle:
        raise _BadSidecar(f"{where}: 'text' must be a non-empty string")
    family = span.get("family")
    if not isinstance(family, str) or not _FAMILY.match(family):
        raise _BadSidecar(f"{where}: 'family' must be two capitals (CN, TE, CQ, …), got {family!r}")
    occurrence = span.get("occurrence", 1)
    if isinstance(occurrence, bool) or not isinstance(occurrence, int) or occurrence < 1:
        raise _BadSidecar(f"{where}: 'occurrence' must be a positive integer, got {occurrence!r}")
    for key in ("category", "note"):
        if not isinstance(span.get(key, ""), str):
            raise _BadSidecar(f"{where}: {key!r} must be a string")
    start = _nth(text, needle, occurrence)
    if start < 0:
        found = text.count(needle)
        if not found:
            raise _BadSidecar(f"{where}: text {needle!r} not found in {text_name}")
        raise _BadSidecar(f"{where}: occurrence {occurrence} of {needle!r} asked, {text_name} has {found}")
    return GoldSpan(
        family, span.get("category", ""), start, start + len(needle), needle, span.get("note", "")
    )


def _nth(text: str, needle: str, occurrence: int) -> int:
    """Offset of the occurrence-th non-overlapping occurrence (as str.count counts them), or -1."""
    position = -len(needle)
    for _ in range(occurrence):
        position = text.find(needle, position + len(needle))
        if position < 0:
            return -1
    return position
