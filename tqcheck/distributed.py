"""Checking a partitioned JSONL corpus on a Dask cluster (``pip install 'tqcheck[dask]'``).

Rows are read with ``dask.bag.read_text`` (a file is split into blocks of ``blocksize`` bytes,
or one partition per file), each partition is checked on a worker exactly as
``tqcheck check --format jsonl`` checks a row, and each partition's reports are written to one
file ``OUTPUT_DIR/part-NNNNN.jsonl``; read in order, the files hold the same lines as the
command's output. tqcheck schedules nothing itself: Dask does, on whatever cluster it is given.

    python -m tqcheck.distributed tcp://scheduler:8786 'data/*.jsonl' reports/
    python -m tqcheck.distributed local 'data/*.jsonl' reports/ --workers 4

Paths are those the filesystem gives Dask (absolute for local files), so a document is named
``/abs/path/file.jsonl#id``. A bad row is an error named by its file, the partition's number
and its line within that partition (a block does not know how many lines came before it).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tqcheck.api import Options
from tqcheck.model import InputError

# Readers decode leniently and hand the original bytes to the JSONL loader, which names a
# row that is not UTF-8 instead of failing the whole partition.
_ERRORS = "surrogateescape"


@dataclass(frozen=True)
class BatchResult:
    files: tuple[str, ...]
    documents: int
    errors: tuple[InputError, ...]
    failed: int  # documents with a finding at or above fail_on, or under min_score

    @property
    def exit_code(self) -> int:
        return 2 if self.errors else 1 if self.failed else 0


def check_partition(
    rows: Iterable[tuple[str, str]], options: Options, config: Path | None, partition: int
) -> list[tuple[str, Any, Any]]:
    """("report", JSON line, failed) or ("error", path, reason) for each (line, path) row."""
    from tqcheck.loaders.jsonl import RowError, iter_jsonl
    from tqcheck.model import InputError
    from tqcheck.parallel import Group, check_all
    from tqcheck.policy import Policy
    from tqcheck.reporters.jsonl import line

    policy = Policy(config)
    records: list[tuple[str, Any, Any]] = []
    by_path: dict[str, list[bytes]] = {}
    for text, path in rows:
        by_path.setdefault(path, []).append(text.encode("utf-8", _ERRORS))
    for path, lines in by_path.items():
        # One group per row, named after its document; checked in batches (the rows are all here).
        items = (
            InputError(path, f"partition {partition}, line {item.line}: {item.reason}")
            if isinstance(item, RowError)
            else Group(item.path, (item,), policy.options_for(path, options))
            for item in iter_jsonl(path, lines)
        )
        for checked in check_all(items, read_ahead=True):
            if isinstance(checked, InputError):
                records.append(("error", checked.path, checked.reason))
                continue
            for report in checked.reports:
                settled = policy.settle(report, path)
                records.append(("report", line(settled).rstrip("\n"), bool(policy.exit_code([settled]))))
                policy.forget(settled)
            if checked.rejected is not None:
                records.append(("error", checked.name, checked.rejected))
    return records


def check_corpus(
    pattern: str | Sequence[str],
    output_dir: str,
    *,
    options: Options | None = None,
    config: Path | None = None,
    blocksize: int | str | None = "64MiB",
    storage_options: dict[str, Any] | None = None,
) -> BatchResult:
    """Check every row of the JSONL files matching ``pattern`` on the current Dask scheduler.

    Call it inside ``with Client(address):`` (or any Dask scheduler context); ``config`` is a
    ``.tqcheck.toml`` every worker can read (default: the nearest one to each file, as the
    command line does).
    """
    import dask
    import dask.bag as db

    options = options or Options()
    lines = db.read_text(
        pattern, blocksize=blocksize, include_path=True, errors=_ERRORS, storage_options=storage_options
    )
    partitions = lines.to_delayed()
    checked = db.from_delayed(
        [dask.delayed(check_partition)(part, options, config, index) for index, part in enumerate(partitions)]
    )
    reports = checked.filter(_is_report).map(_second)
    writes = reports.to_textfiles(
        f"{output_dir.rstrip('/')}/part-*.jsonl",
        name_function=_part_name,
        last_endline=True,
        compute=False,
        storage_options=storage_options,
    )
    errors = checked.filter(_is_error).map(_error)
    counts = checked.filter(_is_report).map(_third).frequencies()
    _, found, tally = dask.compute(writes, errors, counts)
    tally = dict(tally)
    files = tuple(f"{output_dir.rstrip('/')}/part-{_part_name(i)}.jsonl" for i in range(len(partitions)))
    return BatchResult(files, tally.get(True, 0) + tally.get(False, 0), tuple(found), tally.get(True, 0))


def _part_name(index: int) -> str:
    return f"{index:05d}"


def _is_report(record: tuple[str, Any, Any]) -> bool:
    return record[0] == "report"


def _is_error(record: tuple[str, Any, Any]) -> bool:
    return record[0] == "error"


def _second(record: tuple[str, Any, Any]) -> Any:
    return record[1]


def _third(record: tuple[str, Any, Any]) -> Any:
    return record[2]


def _error(record: tuple[str, Any, Any]) -> InputError:
    return InputError(record[1], record[2])


def main(arguments: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tqcheck.distributed", description="Check a JSONL corpus on a Dask cluster."
    )
    parser.add_argument("scheduler", help="a scheduler address (tcp://host:8786) or 'local'")
    parser.add_argument("pattern", help="JSONL files: a glob or URL (s3://…/*.jsonl with s3fs)")
    parser.add_argument("output_dir", help="one part-NNNNN.jsonl report per partition goes here")
    parser.add_argument("--blocksize", default="64MiB", help="bytes per partition ('none': one per file)")
    parser.add_argument("--workers", type=int, default=None, help="with 'local': worker processes")
    parser.add_argument("--config", type=Path, help="a .tqcheck.toml every worker can read")
    parser.add_argument("--target-lang")
    parser.add_argument("--source-lang")
    args = parser.parse_args(arguments)

    from distributed import Client, LocalCluster

    blocksize = None if args.blocksize.lower() == "none" else args.blocksize
    options = Options(args.target_lang, args.source_lang)
    cluster = None
    if args.scheduler == "local":
        # This machine only: loopback, and any free port for the (optional) dashboard.
        cluster = LocalCluster(
            n_workers=args.workers, processes=True, host="127.0.0.1", dashboard_address=":0"
        )
    try:
        with Client(cluster or args.scheduler):
            result = check_corpus(
                args.pattern, args.output_dir, options=options, config=args.config, blocksize=blocksize
            )
    finally:
        if cluster is not None:
            cluster.close()
    for error in result.errors:
        print(f"tqcheck: error: {error.path}: {error.reason}", file=sys.stderr)
    summary = f"{result.documents} documents, {len(result.errors)} errors"
    print(f"{summary}, {len(result.files)} report files in {args.output_dir}", file=sys.stderr)
    return result.exit_code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
