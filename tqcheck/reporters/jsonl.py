"""JSON Lines report: one document per line, written as each document is done.

A line is the object of a ``documents[]`` entry of the JSON report (``document_dict``), compact
and UTF-8, keys in the contract's order. Nothing else goes on stdout: input errors stay on
stderr, and the exit code carries the verdict. Lines can be consumed while the batch runs.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from tqcheck.model import DocumentReport, Report
from tqcheck.reporters.json_report import document_dict


def line(report: DocumentReport) -> str:
    return json.dumps(document_dict(report), ensure_ascii=False, separators=(",", ":")) + "\n"


def render(report: Report) -> str:
    return "".join(line(document) for document in report.documents)


@contextmanager
def output_stream(path: Path | None) -> Iterator[TextIO]:
    """Standard output, or a temporary file beside ``path`` renamed over it when the run ends.

    An interrupted run (an exception, Ctrl-C, SIGTERM) removes the temporary file: ``path`` is
    either the previous file or a complete report, never half of one.
    """
    if path is None:
        yield sys.stdout
        return
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.resolve().parent)
    previous = _exit_on_sigterm()
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            os.fchmod(stream.fileno(), 0o666 & ~_umask())  # mkstemp's 0600 is for secrets, not reports
            yield stream
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _exit_on_sigterm():  # type: ignore[no-untyped-def]
    """Turn SIGTERM (a CI job cancelled, a container stopped) into SystemExit so cleanup runs."""

    def stop(signum: int, frame: object) -> None:
        raise SystemExit(128 + signum)

    try:
        return signal.signal(signal.SIGTERM, stop)
    except ValueError:  # not the main thread (embedded use): leave signals alone
        return None
