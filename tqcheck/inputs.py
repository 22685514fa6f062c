"""Expand PATH arguments into the files to check: directories walked, globs applied, loops caught."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path
from typing import BinaryIO

from tqcheck.loaders.text import InputRejected
from tqcheck.model import Document, InputError

DEFAULT_INCLUDE = (
    "*.txt",
    "*.md",
    "*.markdown",
    "*.html",
    "*.htm",
    "*.xlf",
    "*.xliff",
    "*.po",
    "*.tmx",
    "*.jsonl",
)
STDIN = "-"


@dataclass(frozen=True)
class Inputs:
    paths: tuple[str, ...]  # in order: each argument's files, a walked directory's sorted
    errors: tuple[InputError, ...]


def patterns(values: Iterable[str]) -> tuple[str, ...]:
    """``--include '*.md,*.txt' --include '*.po'`` → ('*.md', '*.txt', '*.po')."""
    return tuple(part.strip() for value in values for part in value.split(",") if part.strip())


def _matches(relative: str, name: str, globs: Iterable[str]) -> bool:
    # A glob with a slash matches the path below the walked directory, one without the name alone.
    return any(fnmatchcase(relative if "/" in glob else name, glob.rstrip("/")) for glob in globs)


def expand(
    arguments: Iterable[str],
    include: Iterable[str] = (),
    exclude: Iterable[str] = (),
) -> Inputs:
    """Files named as arguments are always checked; files found in directories must match
    ``include`` (default :data:`DEFAULT_INCLUDE`) and no ``exclude`` glob. Hidden entries
    (``.git``, ``.venv``) are not entered. ``-`` stands for standard input.
    """
    include = tuple(include) or DEFAULT_INCLUDE
    exclude = tuple(exclude)
    found: list[str] = []
    seen: set[str] = set()
    errors: list[InputError] = []
    for argument in arguments:
        if argument == STDIN:
            found.append(STDIN)
            continue
        path = Path(argument)
        if not path.is_dir():  # a file, or a missing path: reading it reports the reason
            found.append(argument)
            continue
        before = len(found)
        _walk(path, "", include, exclude, found, seen, errors, ancestors=(_real(path),))
        if len(found) == before and not any(e.path.startswith(argument) for e in errors):
            errors.append(InputError(argument, f"no files matching {', '.join(include)}"))
    return Inputs(tuple(found), tuple(errors))


def _real(path: Path) -> str:
    return os.path.realpath(path)


def _walk(
    directory: Path,
    relative: str,
    include: tuple[str, ...],
    exclude: tuple[str, ...],
    found: list[str],
    seen: set[str],
    errors: list[InputError],
    ancestors: tuple[str, ...],
) -> None:
    try:
        entries = sorted(os.scandir(directory), key=lambda entry: entry.name)
    except OSError as error:
        errors.append(InputError(str(directory), f"cannot list directory: {error.strerror or error}"))
        return
    for entry in entries:
        name = entry.name
        below = f"{relative}{name}"
        if name.startswith(".") or _matches(below, name, exclude):
            continue
        path = directory / name
        try:
            is_dir = entry.is_dir(follow_symlinks=True)
        except OSError:
            is_dir = False
        if is_dir:
            real = _real(path)
            if real in ancestors:
                errors.append(InputError(str(path), f"symlink loop (points back to {real}); not followed"))
                continue
            if real in seen:
                continue  # the same directory reached twice through a symlink: checked once
            seen.add(real)
            _walk(path, f"{below}/", include, exclude, found, seen, errors, (*ancestors, real))
        elif _matches(below, name, include):
            real = _real(path)
            if real not in seen:
                seen.add(real)
                found.append(str(path))


def read_documents(
    paths: Iterable[str], encoding: str | None = None, stdin: BinaryIO | None = None
) -> Iterator[tuple[str, list[Document] | InputError]]:
    """Each path's Documents, or the one-line reason it cannot be checked (the batch goes on)."""
    from tqcheck.loaders import load_path

    for path in paths:
        try:
            data = (stdin or sys.stdin.buffer).read() if path == STDIN else Path(path).read_bytes()
            yield path, load_path(path, data, encoding)
        except IsADirectoryError:
            yield path, InputError(path, "is a directory")
        except FileNotFoundError:
            yield path, InputError(path, "no such file")
        except PermissionError:
            yield path, InputError(path, "permission denied")
        except InputRejected as error:
            yield path, InputError(path, str(error))
        except OSError as error:
            yield path, InputError(path, f"cannot read: {error.strerror or error}")
