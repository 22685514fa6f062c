"""What the check command writes: reports (rendered, streamed or written atomically) and errors."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:  # the command imports these lazily: start-up stays short
    from tqcheck.api import Options
    from tqcheck.model import DocumentReport
    from tqcheck.policy import Policy


def echo_error(message: str) -> None:
    from tqcheck.reporters.text import escaped  # a path may hold terminal escapes

    click.echo(f"tqcheck: error: {escaped(message)}", err=True)


def write_atomically(path: Path, content: str) -> None:
    """Write to a temporary file beside the target, then rename: never a half-written report."""
    import tempfile

    directory = path.resolve().parent
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=directory)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            # mkstemp's 0600 is for secrets; a report gets the mode any new file would get.
            umask = os.umask(0o022)
            os.umask(umask)
            os.fchmod(stream.fileno(), 0o666 & ~umask)
            stream.write(content)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


class JsonlLine:
    """A report as its JSONL line, with whether it fails the run, the policy of its input applied
    first: made where the document was checked (a --jobs worker), so the main process only writes."""

    def __init__(self, policy: Policy) -> None:
        self.policy = policy

    def __call__(self, report: DocumentReport, name: str, options: Options) -> tuple[str, bool]:
        from tqcheck.reporters.jsonl import line

        policy = self.policy
        policy.adopt(name, options)  # a worker may have started before this input was read
        report = policy.finish([policy.settle(report, name)])[0]
        failed = bool(policy.exit_code([report]))
        policy.forget(report)
        return line(report), failed


def stream_jsonl(checked, output: Path | None, errors: list) -> bool:  # type: ignore[no-untyped-def,type-arg]
    """Write each document's line (see JsonlLine) as it comes; errors go to stderr at once.
    True: failed."""
    from tqcheck.model import InputError
    from tqcheck.reporters.jsonl import output_stream

    for error in errors:
        echo_error(f"{error.path}: {error.reason}")
    failed = False
    with output_stream(output) as stream:
        for item in checked:
            rejected = item if isinstance(item, InputError) else None
            for line, failed_document in () if rejected else item.reports:
                click.echo(line, file=stream, nl=False)
                failed = failed or failed_document
            if rejected is None and item.rejected is not None:
                rejected = InputError(item.name, item.rejected)
            if rejected is not None:
                errors.append(rejected)
                echo_error(f"{rejected.path}: {rejected.reason}")
    return failed


def progress(items, total: int, output: Path | None):  # type: ignore[no-untyped-def]
    """A progress bar on stderr for long batches, only when a person watches (a terminal, not CI)."""
    watched = sys.stderr.isatty() and (output is not None or sys.stdout.isatty())
    if total < 20 or not watched or os.environ.get("CI"):
        yield from items
        return
    with click.progressbar(items, length=total, label="checking", file=sys.stderr) as bar:
        yield from bar


def color_wanted() -> bool:
    # https://no-color.org: a non-empty NO_COLOR turns colour off.
    return not os.environ.get("NO_COLOR") and sys.stdout.isatty()


def render(report, output_format: str, policy, color: bool) -> str:  # type: ignore[no-untyped-def]
    if output_format == "json":
        from tqcheck.reporters.json_report import render as render_json

        return render_json(report)
    if output_format == "jsonl":
        from tqcheck.reporters.jsonl import render as render_jsonl

        return render_jsonl(report)
    if output_format == "sarif":
        from tqcheck.reporters.sarif import render as render_sarif

        return render_sarif(report, policy.rule_metas())
    if output_format == "github":
        from tqcheck.reporters.github import render as render_github

        return render_github(report)
    if output_format == "html":
        from tqcheck.reporters.html import render as render_html

        return render_html(report)
    if output_format == "junit":
        from tqcheck.reporters.junit import render as render_junit

        return render_junit(report, policy.fail_on_for)
    from tqcheck.reporters.text import render as render_text

    return render_text(report, color)
