"""Command line: a thin shell that parses options, calls the API and picks a reporter."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from tqcheck.cli_inputs import bilingual_options, read_inputs
from tqcheck.cli_output import (
    JsonlLine,
    color_wanted,
    echo_error,
    progress,
    render,
    stream_jsonl,
    write_atomically,
)
from tqcheck.scoring.metrics import TOKENIZERS

FAIL_LEVELS = ("critical", "major", "minor", "never")
FORMATS = ("text", "json", "jsonl", "sarif", "github", "junit", "html")


def _codes(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(code.strip() for value in values for code in value.split(",") if code.strip())


def _print_version(context: click.Context, _: click.Parameter, value: bool) -> None:
    # click.version_option needs the version at import time; reading package metadata is slow.
    if value and not context.resilient_parsing:
        from tqcheck import __version__

        click.echo(f"tqcheck, version {__version__}")
        context.exit()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_print_version,
    help="Show the version and exit.",
)
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
    help="Exit 1 when a finding has this severity or worse.  [default: major, or the config's fail_on]",
)
@click.option("--encoding", help="Decode inputs with this encoding instead of UTF-8.")
@click.option(
    "--include",
    multiple=True,
    help="Files to check in directories (globs, comma-separated; default: every supported extension).",
)
@click.option(
    "--exclude", multiple=True, help="Skip files and directories matching these globs (comma-separated)."
)
@click.option(
    "--min-score",
    type=click.FloatRange(0, 100),
    help="Exit 1 when a document scores below this (0-100).",
)
@click.option(
    "--config",
    "config_file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Use this config file for every input (default: the nearest .tqcheck.toml or pyproject.toml).",
)
@click.option(
    "--baseline",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Drop the findings recorded in this baseline file: fail only on new ones.",
)
@click.option(
    "--write-baseline",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Record the current findings in this baseline file and exit 0.",
)
@click.option(
    "--color/--no-color",
    default=None,
    help="Colour the text report (default: on a terminal, unless NO_COLOR is set).",
)
@click.option(
    "--reference",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Human reference aligned paragraph by paragraph: report BLEU, chrF++ and TER.",
)
@click.option(
    "--source",
    "source_file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="The source text, aligned paragraph by paragraph: run the bilingual (BI) checks.",
)
@click.option(
    "--tokenize",
    type=click.Choice(TOKENIZERS),
    help="sacrebleu tokenizer for BLEU (default: 13a; zh for Chinese, char for Japanese/Korean).",
)
@click.option(
    "--spm-model",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Local SentencePiece model: adds spBLEU and measures length ratios in subwords.",
)
@click.option(
    "--glossary",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Required renderings (TSV or TOML) checked against --source (BI009).",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(0),
    default=1,
    show_default=True,
    help="Check in N worker processes (0: one per core); the report is the same as with 1.",
)
def check(
    paths: tuple[Path, ...],
    output_format: str,
    output: Path | None,
    target_lang: str | None,
    source_lang: str | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    fail_on: str | None,
    encoding: str | None,
    include: tuple[str, ...],
    exclude: tuple[str, ...],
    min_score: float | None,
    config_file: Path | None,
    baseline: Path | None,
    write_baseline: Path | None,
    color: bool | None,
    reference: Path | None,
    source_file: Path | None,
    tokenize: str | None,
    spm_model: Path | None,
    glossary: Path | None,
    jobs: int,
) -> None:
    """Check text files (or JSONL batches) and report findings per paragraph."""
    from tqcheck.api import Options
    from tqcheck.config import ConfigError
    from tqcheck.inputs import expand, patterns
    from tqcheck.model import InputError, Report
    from tqcheck.parallel import check_all, grouped, jobs_wanted
    from tqcheck.policy import Policy
    from tqcheck.rules.data import PackError
    from tqcheck.suppress import BaselineError

    try:
        policy = Policy(config_file, fail_on, min_score, baseline, write_baseline)
    except (ConfigError, BaselineError) as error:
        echo_error(str(error))
        sys.exit(2)
    options = Options(target_lang, source_lang, _codes(select), _codes(ignore))
    options = bilingual_options(options, paths, reference, source_file, tokenize, spm_model, glossary)
    documents = []
    inputs = expand((str(path) for path in paths), patterns(include), patterns(exclude))
    errors = list(inputs.errors)
    loaded = progress(read_inputs(inputs.paths, encoding, reference, source_file), len(inputs.paths), output)
    # JSONL is streamed: each line is written when its document is done, nothing is kept.
    streamed = output_format == "jsonl" and write_baseline is None
    finish = JsonlLine(policy) if streamed else None
    groups = grouped(loaded, lambda name: policy.options_for(name, options))
    # Files can be read ahead and checked in batches; a pipe (or standard input) cannot.
    read_ahead = all(os.path.isfile(path) for path in inputs.paths)
    checked = check_all(groups, jobs_wanted(jobs), finish, read_ahead)
    try:
        if streamed:
            failed = stream_jsonl(checked, output, errors)
            sys.exit(2 if errors else 1 if failed else 0)
        for item in checked:
            if isinstance(item, InputError):
                errors.append(item)
                continue
            documents.extend(policy.settle(report, item.name) for report in item.reports)
            if item.rejected is not None:
                errors.append(InputError(item.name, item.rejected))
    except (PackError, ConfigError) as error:
        echo_error(str(error))
        sys.exit(2)
    documents = policy.finish(documents)
    for error in errors:
        echo_error(f"{error.path}: {error.reason}")
    report = Report(tuple(documents), tuple(errors))
    use_color = color if color is not None else output is None and color_wanted()
    rendered = render(report, output_format, policy, use_color)
    if output is None:
        click.echo(rendered, nl=False, color=use_color)
    else:
        write_atomically(output, rendered)
    if errors:
        sys.exit(2)
    if policy.exit_code(documents):
        sys.exit(1)


@main.command()
@click.argument("path", type=click.Path(path_type=Path, dir_okay=False), default=".tqcheck.toml")
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
def init(path: Path, force: bool) -> None:
    """Write a commented starter config (default: .tqcheck.toml here)."""
    from tqcheck.config import STARTER

    if path.exists() and not force:
        echo_error(f"{path}: already exists; pass --force to overwrite it")
        sys.exit(2)
    write_atomically(path, STARTER)
    click.echo(f"wrote {path}")


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
            echo_error(f"no rule {explain!r}; run 'tqcheck rules' for the list")
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
@click.option("--select", multiple=True, help="Only these rule ids, prefixes or names (comma-separated).")
@click.option("--ignore", multiple=True, help="Skip these rule ids, prefixes or names (comma-separated).")
def evaluate(
    corpus: Path, output_format: str, verbose: bool, select: tuple[str, ...], ignore: tuple[str, ...]
) -> None:
    """Measure the rules on an annotated corpus (see corpora/README.md)."""
    from tqcheck.evaluation import CorpusUnreadable, evaluate_path
    from tqcheck.evaluation.render import RENDERERS
    from tqcheck.rules.data import PackError

    try:
        evaluation = evaluate_path(corpus, _codes(select), _codes(ignore))
    except (CorpusUnreadable, PackError) as error:
        echo_error(str(error))
        sys.exit(2)
    for path, reason in evaluation.errors:
        echo_error(f"{path}: {reason}")
    if not evaluation.mt_documents and not evaluation.clean_documents:
        echo_error(
            f"{corpus}: no document could be evaluated (no <src>-<tgt>/ or clean-<lang>/ .txt with a sidecar)"
        )
        sys.exit(2)
    click.echo(RENDERERS[output_format](evaluation, verbose), nl=False)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8080, show_default=True, type=click.IntRange(0, 65535))
@click.option(
    "--max-body",
    default=2 * 1024 * 1024,
    show_default=True,
    type=click.IntRange(1),
    help="Reject request bodies larger than this many bytes (413).",
)
@click.option(
    "--time-limit",
    default=10.0,
    show_default=True,
    type=click.FloatRange(0, min_open=True),
    help="Stop a check after this many seconds and answer 503.",
)
def serve(host: str, port: int, max_body: int, time_limit: float) -> None:
    """Serve the HTTP API for a CMS: POST /v1/check, GET /v1/rules, /healthz, /openapi.json."""
    try:
        from tqcheck import service
    except ImportError as error:
        echo_error(f"tqcheck serve needs the serve extra: pip install 'tqcheck[serve]' ({error})")
        sys.exit(2)
    service.serve(host, port, max_body, time_limit)


if __name__ == "__main__":  # pragma: no cover
    main()
