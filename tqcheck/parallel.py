"""Checking inputs in worker processes (``tqcheck check --jobs N``), results in input order.

The main process reads inputs and resolves each file's options; workers only run
``check_batch`` (``check_document`` on many documents at once, rule by rule). Inputs travel in
chunks of about :data:`CHUNK_CHARS` characters, at most a few chunks per worker in flight, so
memory stays flat however long the batch is, and the output is byte-identical to ``--jobs 1``
(which checks in the main process, in batches too when every input is a file: a pipe is read
one row at a time, each line written before the next row is read). The pool
starts after the main process has checked the first input, so forked workers inherit its loaded
rules; a worker loads the rules of any other language once (they are cached per process).
Workers return reports without their document: the main process still holds it, so the text is
not sent back. Given a ``finish`` function, workers return what it makes of each report instead
(the streamed JSONL output renders its lines there): the main process then only writes, and is
not the bottleneck.
"""

from __future__ import annotations

import os
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from tqcheck.api import Options, check_batch, check_document
from tqcheck.loaders.text import InputRejected
from tqcheck.model import Document, DocumentReport, InputError

if TYPE_CHECKING:
    from concurrent.futures import Future

# Large enough that sending a chunk costs little next to checking it (≈ 0.1 s of work), small
# enough that two workers get many chunks from a batch of a few megabytes.
CHUNK_CHARS = 200_000
CHUNK_GROUPS = 256
CHUNKS_PER_WORKER = 3
# Documents detected rule by rule together (api.check_batch): enough for each rule's code and
# data to stay in the processor's caches from one document to the next, few enough to stream.
BATCH_DOCUMENTS = 64
# A batch's documents stay in memory, with what rules derived from them, until the batch is done:
# long documents make short batches (one long document is checked alone).
BATCH_CHARS = 200_000


@dataclass(frozen=True)
class Group:
    """The documents of one input (a file, or one JSONL row) and the options they are checked with."""

    name: str
    documents: tuple[Document, ...]
    options: Options


@dataclass(frozen=True)
class Checked:
    """A group's reports (or what ``finish`` made of each); ``rejected`` is why the rest of the
    input was not checked (else None)."""

    name: str
    reports: tuple[Any, ...]
    rejected: str | None = None


# What to make of a report where it was checked: finish(report, input name, its options).
Finish = Callable[[DocumentReport, str, Options], Any]
_FINISH: Finish | None = None  # a worker's, set when it starts


def grouped(
    loaded: Iterable[tuple[str, list[Document] | InputError]], options_for: Callable[[str], Options]
) -> Iterator[Group | InputError]:
    """Loaded inputs as groups with their options (resolved here, in the main process)."""
    last: tuple[str, Options] | None = None
    for name, documents in loaded:
        if isinstance(documents, InputError):
            yield documents
            continue
        # The rows of a JSONL file share one Options object: pickled once per chunk, not per row.
        if last is None or last[0] != name:
            last = (name, options_for(name))
        yield Group(name, tuple(documents), last[1])


def check_group(documents: Iterable[Document], options: Options) -> tuple[list[DocumentReport], str | None]:
    reports = []
    try:
        for document in documents:
            reports.append(check_document(document, options))
    except InputRejected as error:
        return reports, str(error)
    except Exception as error:  # a bug in one rule must not sink the whole batch
        # One line for the user (the input is named by the caller) instead of a traceback; the
        # other inputs are still checked and the exit code says something failed.
        return reports, _internal_error("checking", error)
    return reports, None


def _internal_error(doing: str, error: Exception) -> str:
    return f"internal error while {doing} ({type(error).__name__}: {error}); please report it"


def jobs_wanted(jobs: int) -> int:
    """``--jobs 0`` means one worker per available core."""
    if jobs > 0:
        return jobs
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def check_all(
    items: Iterable[Group | InputError], jobs: int = 1, finish: Finish | None = None, read_ahead: bool = False
) -> Iterator[Checked | InputError]:
    """Each group checked (errors passed through), in the order of ``items``; with ``finish``,
    each report replaced by what it returns, computed where the report was made. ``read_ahead``:
    every input is already there (files, no pipe), so one job may check them in batches too."""
    items = iter(items)
    if jobs <= 1 and read_ahead:
        for batch in _batches(items):
            yield from _checked_here(batch, finish)
        return
    for item in items:
        # One at a time: a streamed JSONL line is written before the next row is read (a row
        # may come from a pipe that has no more yet), so here no batch waits to fill up.
        yield from _checked_here([item], finish)
        # With several jobs, the first group is checked here all the same: it loads the rules
        # (and language profiles) that forked workers then inherit instead of each loading them.
        if jobs > 1 and isinstance(item, Group):
            break
    else:
        return
    _prepare_for_fork()
    # Imported here: multiprocessing is ~30 ms of start-up that --jobs 1 does not need.
    from concurrent.futures import ProcessPoolExecutor

    pool = ProcessPoolExecutor(jobs, initializer=_start_worker, initargs=(finish,))
    try:
        pending: deque[tuple[list[Group | InputError], Future[Any]]] = deque()
        for chunk in _chunks(items):
            groups = [(g.name, g.documents, g.options) for g in chunk if isinstance(g, Group)]
            pending.append((chunk, pool.submit(_check_chunk, groups)))
            while len(pending) >= jobs * CHUNKS_PER_WORKER:
                yield from _merged(*pending.popleft(), finished=finish is not None)
        while pending:
            yield from _merged(*pending.popleft(), finished=finish is not None)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


# A group's reports (or what finish made of each), and why the rest was not checked (or None).
_Outcome = tuple[tuple[Any, ...], str | None]


def _checked_here(batch: list[Group | InputError], finish: Finish | None) -> Iterator[Checked | InputError]:
    groups = [item for item in batch if isinstance(item, Group)]
    outcomes = iter(_outcomes(groups, finish))
    for item in batch:
        yield item if isinstance(item, InputError) else Checked(item.name, *next(outcomes))


def _outcomes(groups: Sequence[Group], finish: Finish | None) -> list[_Outcome]:
    """Each group's outcome, the documents of all of them checked as one batch (check_batch:
    faster than one by one); after an error, group by group, so that it is reported for the
    input it belongs to, and the groups before it keep their reports, exactly as one by one."""
    try:
        reports = iter(check_batch([(document, g.options) for g in groups for document in g.documents]))
    except Exception:
        return [_finished(group, check_group(group.documents, group.options), finish) for group in groups]
    return [_finished(group, ([next(reports) for _ in group.documents], None), finish) for group in groups]


def _finished(
    group: Group, checked: tuple[list[DocumentReport], str | None], finish: Finish | None
) -> _Outcome:
    reports, rejected = checked
    if finish is None:
        return tuple(reports), rejected
    results = []
    for report in reports:
        try:
            results.append(finish(report, group.name, group.options))
        except Exception as error:  # as in check_group: one line, and the batch goes on
            return tuple(results), _internal_error("reporting", error)
    return tuple(results), rejected


def _batches(items: Iterable[Group | InputError]) -> Iterator[list[Group | InputError]]:
    """Consecutive items holding about BATCH_DOCUMENTS documents, or BATCH_CHARS characters."""
    return _cut(items, BATCH_CHARS, BATCH_DOCUMENTS, _documents_in)


def _chunks(items: Iterable[Group | InputError]) -> Iterator[list[Group | InputError]]:
    """Consecutive items of about CHUNK_CHARS characters, at most CHUNK_GROUPS of them."""
    return _cut(items, CHUNK_CHARS, CHUNK_GROUPS, lambda item: 1)


def _documents_in(item: Group | InputError) -> int:
    return len(item.documents) if isinstance(item, Group) else 0


def _cut(
    items: Iterable[Group | InputError],
    max_chars: int,
    max_count: int,
    count: Callable[[Group | InputError], int],
) -> Iterator[list[Group | InputError]]:
    """``items`` in consecutive runs, each ended once it holds ``max_chars`` characters of text or
    ``max_count`` as ``count`` counts its items."""
    run: list[Group | InputError] = []
    counted = characters = 0
    for item in items:
        run.append(item)
        counted += count(item)
        if isinstance(item, Group):
            characters += sum(len(document.text) for document in item.documents)
        if characters >= max_chars or counted >= max_count:
            yield run
            run, counted, characters = [], 0, 0
    if run:
        yield run


def _merged(
    chunk: list[Group | InputError], future: Future[Any], finished: bool
) -> Iterator[Checked | InputError]:
    outcomes = iter(future.result())
    for item in chunk:
        if isinstance(item, InputError):
            yield item
            continue
        reports, rejected = next(outcomes)
        if not finished:
            # The worker dropped each report's document; this process still has it.
            reports = [replace(r, document=d) for r, d in zip(reports, item.documents, strict=False)]
        yield Checked(item.name, tuple(reports), rejected)


def _prepare_for_fork() -> None:
    """What every worker would otherwise build for itself, built once here and inherited:
    the pattern rules compile on first use and the language profiles load on first use, and
    the first input checked here rarely needs them all."""
    from tqcheck import langid
    from tqcheck.rules.data import LazyPattern

    LazyPattern.compile_all()
    langid.load_profiles()


def _start_worker(finish: Finish | None) -> None:
    global _FINISH
    _FINISH = finish
    # A forked worker inherits the parent's handlers (the JSONL writer turns SIGTERM into an
    # exit that cleans up its temporary file): a worker just stops.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _check_chunk(groups: list[tuple[str, tuple[Document, ...], Options]]) -> list[_Outcome]:
    outcomes: list[_Outcome] = []
    for batch in _batches(Group(*group) for group in groups):
        outcomes += _outcomes([group for group in batch if isinstance(group, Group)], _FINISH)
    if _FINISH is not None:
        return outcomes
    # The main process still has each document: it is not sent back.
    return [(tuple(replace(r, document=None) for r in reports), rejected) for reports, rejected in outcomes]
