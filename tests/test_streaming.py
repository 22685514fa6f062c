"""--format jsonl streams: a document's line is out before the next input row is even read.

The input is a named pipe the test writes row by row, so "streamed" is checked by order of
events, not by timing; the deadlines only keep a broken implementation from hanging the suite.
"""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner

from tqcheck.cli import main

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")

DEADLINE = 60.0
ROWS = [
    {"id": "first", "target": "The minister said on Tuesday that the bridge would reopen in May."},
    {"id": "second", "target": "Le président a déclaré que « la réforme » était nécessaire."},
    {"id": "third", "target": "Emmanuel Macron met Olaf Scholz. Later, Macrons spokesman spoke."},
]


def _row(index: int) -> bytes:
    return (json.dumps(ROWS[index], ensure_ascii=False) + "\n").encode("utf-8")


@contextmanager
def _checking(tmp_path: Path, *options: str) -> Iterator[tuple[subprocess.Popen[bytes], int]]:
    """tqcheck reading a named pipe; yields the process and the pipe's write end."""
    fifo = tmp_path / "rows.jsonl"
    os.mkfifo(fifo)
    command = [sys.executable, "-m", "tqcheck.cli", "check", "--format", "jsonl", "--target-lang", "en"]
    process = subprocess.Popen(
        [*command, *options, str(fifo)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp_path
    )
    try:
        yield process, _open_for_writing(fifo, process)
    finally:
        if process.poll() is None:
            process.kill()
        process.wait()
        process.stdout.close()  # type: ignore[union-attr]
        process.stderr.close()  # type: ignore[union-attr]


def _open_for_writing(fifo: Path, process: subprocess.Popen[bytes]) -> int:
    # Opening a pipe's write end blocks until a reader opens it: poll instead, so a process that
    # died before opening it fails the test rather than hanging it.
    started = time.monotonic()
    while True:
        try:
            descriptor = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
        except OSError:
            assert process.poll() is None, process.stderr.read().decode()  # type: ignore[union-attr]
            assert time.monotonic() - started < DEADLINE, "tqcheck never opened its input"
            time.sleep(0.02)
            continue
        os.set_blocking(descriptor, True)
        return descriptor


def _lines(stream) -> queue.Queue[bytes]:  # type: ignore[no-untyped-def]
    lines: queue.Queue[bytes] = queue.Queue()

    def pump() -> None:
        for line in iter(stream.readline, b""):
            lines.put(line)
        lines.put(b"")

    threading.Thread(target=pump, daemon=True).start()
    return lines


def _wait_for(condition, what: str) -> None:  # type: ignore[no-untyped-def]
    started = time.monotonic()
    while not condition():
        assert time.monotonic() - started < DEADLINE, what
        time.sleep(0.02)


def test_each_line_is_written_before_the_next_row_is_read(tmp_path: Path) -> None:
    with _checking(tmp_path) as (process, pipe):
        lines = _lines(process.stdout)
        os.write(pipe, _row(0))
        first = lines.get(timeout=DEADLINE)  # the pipe is still open: no more input exists yet
        assert json.loads(first)["path"].endswith("rows.jsonl#first")
        os.write(pipe, _row(1))
        second = lines.get(timeout=DEADLINE)
        assert json.loads(second)["path"].endswith("rows.jsonl#second")
        os.write(pipe, b"{broken\n" + _row(2))
        os.close(pipe)
        rest = [line for line in iter(lambda: lines.get(timeout=DEADLINE), b"")]
        assert process.wait(timeout=DEADLINE) == 2
        assert [json.loads(line)["path"][-5:] for line in rest] == ["third"]
        assert process.stderr.read().decode().splitlines() == [  # type: ignore[union-attr]
            f"tqcheck: error: {tmp_path / 'rows.jsonl'}:3: invalid JSON: Expecting property name "
            "enclosed in double quotes at column 2"
        ]


def _temporaries(folder: Path) -> list[Path]:
    return sorted(folder.glob(".report.jsonl.*"))


def test_output_file_grows_in_a_temporary_and_appears_whole(tmp_path: Path) -> None:
    target = tmp_path / "report.jsonl"
    with _checking(tmp_path, "--output", str(target)) as (process, pipe):
        os.write(pipe, _row(0))

        def one_line_written() -> bool:
            temporary = _temporaries(tmp_path)
            return bool(temporary) and temporary[0].read_bytes().endswith(b"}\n")

        _wait_for(one_line_written, "the first report line never reached the temporary file")
        assert not target.exists()
        os.write(pipe, _row(1))
        os.close(pipe)
        assert process.wait(timeout=DEADLINE) in (0, 1)
    assert [json.loads(line)["path"][-6:] for line in target.read_text().splitlines()] == ["#first", "second"]
    assert _temporaries(tmp_path) == []


def test_an_interrupted_run_leaves_the_previous_output_alone(tmp_path: Path) -> None:
    target = tmp_path / "report.jsonl"
    target.write_text("yesterday's report\n", encoding="utf-8")
    with _checking(tmp_path, "--output", str(target)) as (process, pipe):
        os.write(pipe, _row(0))
        _wait_for(lambda: any(p.stat().st_size for p in _temporaries(tmp_path)), "no line written")
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=DEADLINE) != 0
        os.close(pipe)
    assert target.read_text(encoding="utf-8") == "yesterday's report\n"
    assert _temporaries(tmp_path) == []


def test_a_line_is_the_json_reports_document_compact_and_utf8(tmp_path: Path) -> None:
    batch = tmp_path / "rows.jsonl"
    accented = {"id": "café", "target": "Le café « Au Bon Coin » a rouvert."}
    batch.write_bytes(b"".join(_row(i) for i in range(3)) + json.dumps(accented).encode() + b"\n")
    runner = CliRunner()
    lines = runner.invoke(main, ["check", str(batch), "--format", "jsonl"]).stdout.splitlines()
    whole = json.loads(runner.invoke(main, ["check", str(batch), "--format", "json"]).stdout)
    assert [json.loads(line) for line in lines] == whole["documents"]
    assert all(", " not in line[:40] and ": " not in line[:40] for line in lines)
    assert '#café"' in lines[3]  # UTF-8 as is, not \u escapes
    # Keys in the contract's order, the same on every line.
    assert list(json.loads(lines[0])) == list(whole["documents"][0])


def test_writing_a_baseline_keeps_the_reports_and_writes_the_same_lines(
    tmp_path: Path, seed_text: str
) -> None:
    batch = tmp_path / "rows.jsonl"
    seed = json.dumps({"id": "seed", "target": seed_text}).encode() + b"\n"
    batch.write_bytes(b"".join(_row(i) for i in range(3)) + seed)
    runner = CliRunner()
    streamed = runner.invoke(main, ["check", str(batch), "--format", "jsonl"])
    baseline = tmp_path / "baseline.json"
    kept = runner.invoke(main, ["check", str(batch), "--format", "jsonl", "--write-baseline", str(baseline)])
    assert kept.exit_code == 0 and baseline.exists()
    assert kept.stdout == streamed.stdout
    # Everything is in the baseline now: the streamed report drops it, document by document.
    again = runner.invoke(main, ["check", str(batch), "--format", "jsonl", "--baseline", str(baseline)])
    assert again.exit_code == 0
    assert all(json.loads(line)["findings"] == [] for line in again.stdout.splitlines())
    assert any(json.loads(line)["findings"] for line in streamed.stdout.splitlines())
