"""Command line: a thin shell that parses options, calls the API and picks a reporter."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import click

from tqcheck import __version__

FAIL_LEVELS = ("critical", "major", "minor", "never")
FORMATS = ("text", "json")


def _codes(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(code.strip() for value in values for code in value.split(",") if code.strip())


def write_atomically(path: Path, content: str) -> None:
    """Write to a temporary file beside the target, then rename: never a half-written report."""
    directory = path.resolve().parent
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=directory)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(content)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _error(message: str) -> None:
    click.echo(f"tqcheck: error: {message}", err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="tqcheck")
def main() -> None:
    """Find machine-translation artifacts in text, explain them and score the text."""


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path, allow_dash=True))
@click.option("--format", "output_format", type=click.Choice(FORMATS), default="text", show_default=True)
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write the report here (atomically).",
)
@click.option("--target-lang", help="Language of the checked text (default: detected).")
@click.option("--source-lang", help="Language it was translated from (default: inferred).")
@click.option("--select", multiple=True, help="Only these rule ids, prefixes or names (comma-separated).")
@click.option("--ignore", multiple=True, help="Skip these rule ids, prefixes or names (comma-separated).")
@click.option(
    "--fail-on",
    type=click.Choice(FAIL_LEVELS),
    default="major",
    show_default=True,
    help="Exit 1 when a finding has this severity or worse.",
)
@click.option("--encoding", help="Decode inputs with this encoding instead of UTF-8.")
def check(
    paths: tuple[Path, ...],
    output_format: str,
    output: Path | None,
    target_lang: str | None,
    source_lang: str | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    fail_on: str,
    encoding: str | None,
) -> None:
    """Check text files and report findings per paragraph."""
    from tqcheck.api import Options, check_document
    from tqcheck.loaders.text import InputRejected, load_text
    from tqcheck.model import SEVERITY_RANK, InputError, Report
    from tqcheck.rules.data import PackError

    options = Options(target_lang, source_lang, _codes(select), _codes(ignore))
    documents = []
    errors = []
    for path in paths:
        name = "-" if str(path) == "-" else str(path)
        try:
            data = sys.stdin.buffer.read() if name == "-" else path.read_bytes()
            documents.append(check_document(load_text(name, data, encoding), options))
        except IsADirectoryError:
            errors.append(InputError(name, "is a directory"))
        except FileNotFoundError:
            errors.append(InputError(name, "no such file"))
        except PermissionError:
            errors.append(InputError(name, "permission denied"))
        except InputRejected as error:
            errors.append(InputError(name, str(error)))
        except PackError as error:
            _error(str(error))
            sys.exit(2)
    for error in errors:
        _error(f"{error.path}: {error.reason}")
    report = Report(tuple(documents), tuple(errors))
    if output_format == "json":
        from tqcheck.reporters.json_report import render
    else:
        from tqcheck.reporters.text import render
    rendered = render(report)
    if output is None:
        click.echo(rendered, nl=False)
    else:
        write_atomically(output, rendered)
    if errors:
        sys.exit(2)
    if fail_on != "never":
        threshold = SEVERITY_RANK[fail_on]
        if any(SEVERITY_RANK[f.severity] >= threshold for d in documents for f in d.findings):
            sys.exit(1)


@main.command()
@click.option("--explain", "explain", metavar="ID", help="Print one rule's documentation and examples.")
@click.option("--target-lang", help="Only rules for this target language.")
def rules(explain: str | None, target_lang: str | None) -> None:
    """List every rule, or explain one."""
    from tqcheck.rules.registry import load_rules

    rule_set = load_rules()
    if explain:
        rule = rule_set.get(explain)
        if rule is None:
            _error(f"no rule {explain!r}; run 'tqcheck rules' for the list")
            sys.exit(2)
        click.echo(explain_text(rule.meta), nl=False)
        return
    metas = rule_set.metas()
    if target_lang:
        metas = [m for m in metas if m.applies_to(target_lang)]
    click.echo(f"{'ID':<6} {'SEVERITY':<8} {'LANG':<10} {'CATEGORY':<26} NAME")
    for meta in metas:
        languages = f"{'/'.join(meta.sources) or '*'}→{'/'.join(meta.targets)}"
        click.echo(f"{meta.id:<6} {meta.severity:<8} {languages:<10} {meta.category:<26} {meta.name}")


def explain_text(meta) -> str:  # type: ignore[no-untyped-def]
    lines = [
        f"{meta.id} {meta.name}",
        f"  category: {meta.category}",
        f"  severity: {meta.severity}"
        + (" (weak evidence: info unless the source is established)" if meta.weak else ""),
        f"  languages: {'/'.join(meta.sources) or 'any source'} → {'/'.join(meta.targets)}",
        f"  defined in: {meta.origin}",
        "",
        f"What it flags: {meta.message}",
        f"Why it matters: {meta.why}",
        "",
        "Flagged (the span in ⟦ ⟧):",
        *[f"  ✗ {example}" for example in meta.bad],
        "Not flagged:",
        *[f"  ✓ {example}" for example in meta.good],
    ]
    return "\n".join(lines) + "\n"


@main.command(name="eval")
@click.argument("corpus", type=click.Path(path_type=Path))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(("text", "json", "markdown")),
    default="text",
    show_default=True,
)
@click.option(
    "--verbose", "-v", is_flag=True, help="Also list missed gold spans, false positives and alarms."
)
def evaluate(corpus: Path, output_format: str, verbose: bool) -> None:
    """Measure the rules on an annotated corpus (see corpora/README.md)."""
    from tqcheck.evaluation import CorpusUnreadable, evaluate_path
    from tqcheck.evaluation.render import RENDERERS
    from tqcheck.rules.data import PackError

    try:
        evaluation = evaluate_path(corpus)
    except (CorpusUnreadable, PackError) as error:
        _error(str(error))
        sys.exit(2)
    for path, reason in evaluation.errors:
        _error(f"{path}: {reason}")
    if not evaluation.mt_documents and not evaluation.clean_documents:
        _error(
            f"{corpus}: no document could be evaluated (no <src>-<tgt>/ or clean-<lang>/ .txt with a sidecar)"
        )
        sys.exit(2)
    click.echo(RENDERERS[output_format](evaluation, verbose), nl=False)


if __name__ == "__main__":  # pragma: no cover
    main()
