"""A project's lint policy around api.check_document: config, severity overrides, suppressions, exit code."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from tqcheck.api import Options, _scored
from tqcheck.config import ConfigError, Resolver, Settings
from tqcheck.model import SEVERITY_RANK, DocumentReport, Finding
from tqcheck.rules.base import RuleMeta
from tqcheck.rules.registry import load_rules
from tqcheck.scoring.bilingual import GlossaryError, GlossaryTerm, load_glossary
from tqcheck.scoring.mqm import MqmScorer
from tqcheck.suppress import inline_suppressed, new_findings, read_baseline, render_baseline


class Policy:
    """Settings per checked file, and what happens to findings between detection and report.

    Order: severity overrides, inline markers, then the baseline; every step that drops or
    changes findings re-scores the document, so a report's score always matches its findings.
    """

    def __init__(
        self,
        config: Path | None = None,
        fail_on: str | None = None,
        min_score: float | None = None,
        baseline: Path | None = None,
        write_baseline: Path | None = None,
    ) -> None:
        self.resolver = Resolver(config)
        self.fail_on = fail_on
        self.min_score = min_score
        self.baseline = baseline
        # Read before checking anything: a bad baseline is a usage error, found at once.
        self.known = read_baseline(baseline) if baseline is not None else None
        self.write_baseline = write_baseline
        self._settings: dict[str, Settings] = {}
        self._scorers: dict[str, MqmScorer] = {}
        self._glossaries: dict[Path, tuple[GlossaryTerm, ...]] = {}
        # A JSONL batch yields many documents ("batch.jsonl#7"): they follow their input file.
        self._input_of: dict[str, str] = {}
        self._packs: set[tuple[Path, ...]] = set()

    def settings_for(self, path: str) -> Settings:
        if path not in self._settings:
            settings = self.resolver.settings_for(path)
            if self.fail_on is not None:
                settings = replace(settings, fail_on=self.fail_on)
            if self.min_score is not None:
                settings = replace(settings, min_score=self.min_score)
            self._settings[path] = settings
        return self._settings[path]

    def _settings_of(self, report: DocumentReport) -> Settings:
        path = report.document.path
        return self.settings_for(self._input_of.get(path, path))

    def options_for(self, path: str, base: Options) -> Options:
        """The command line's options completed by the file's config (the command line wins)."""
        settings = self.settings_for(path)
        options = replace(
            base,
            target_lang=base.target_lang or settings.target_lang,
            source_lang=base.source_lang or settings.source_lang,
            select=base.select or settings.select,
            ignore=settings.ignore + base.ignore,
            rule_packs=settings.rule_packs + base.rule_packs,
            scorer=settings.scorer() or base.scorer,
            glossary=base.glossary or self._glossary(settings),
        )
        if settings.severity:
            rule_set = load_rules(options.rule_packs)
            for rule_id, _ in settings.severity:
                if rule_set.get(rule_id) is None:
                    raise ConfigError(f"{settings.source}: severity.{rule_id}: no such rule")
        self.adopt(path, options)
        return options

    def adopt(self, path: str, options: Options) -> None:
        """Note the options a file is checked with: its scorer re-scores its reports. (A --jobs
        worker forked before the file was read learns them here.)"""
        self._scorers[path] = options.scorer
        self._packs.add(options.rule_packs)

    def _glossary(self, settings: Settings) -> tuple[GlossaryTerm, ...]:
        if settings.glossary is None:
            return ()
        if settings.glossary not in self._glossaries:
            try:
                self._glossaries[settings.glossary] = load_glossary(settings.glossary)
            except GlossaryError as error:
                raise ConfigError(f"{settings.source}: glossary: {error}") from None
        return self._glossaries[settings.glossary]

    def settle(self, report: DocumentReport, input_path: str | None = None) -> DocumentReport:
        """Apply the severity overrides and inline markers of the file the document came from."""
        if input_path is not None:
            self._input_of[report.document.path] = input_path
        overrides = dict(self._settings_of(report).severity)
        findings = report.findings
        if overrides:
            findings = tuple(_with_severity(f, overrides.get(f.rule)) for f in findings)
        kept = inline_suppressed(replace(report, findings=findings))
        return self._rescored(report, kept) if kept != report.findings else report

    def forget(self, report: DocumentReport) -> None:
        """Drop what settle() noted about a document once it is reported: a streamed batch of
        millions of rows must not keep a note per row."""
        self._input_of.pop(report.document.path, None)

    def finish(self, documents: Sequence[DocumentReport]) -> list[DocumentReport]:
        """Write the baseline if asked, then drop the findings the baseline knows."""
        if self.write_baseline is not None:
            from tqcheck.cli_output import write_atomically

            write_atomically(self.write_baseline, render_baseline(documents, self.write_baseline))
        if self.known is None or self.baseline is None:
            return list(documents)
        known = self.known.copy()
        return [self._rescored(d, new_findings(d, known, self.baseline)) for d in documents]

    def _rescored(self, report: DocumentReport, findings: tuple[Finding, ...]) -> DocumentReport:
        path = report.document.path
        scorer = self._scorers.get(self._input_of.get(path, path), MqmScorer())
        paragraphs = [p.paragraph for p in report.paragraphs]
        fresh = _scored(
            report.document,
            report.target_language,
            report.source_language,
            paragraphs,
            list(findings),
            scorer,
        )
        rescored = replace(
            report,
            findings=fresh.findings,
            paragraphs=fresh.paragraphs,
            score=fresh.score,
            penalty=fresh.penalty,
        )
        # Reference metrics do not depend on findings; the combined score does.
        from tqcheck.scoring.metrics import carried_over

        return carried_over(report, rescored)

    def fail_on_for(self, report: DocumentReport) -> str:
        return self._settings_of(report).fail_on

    def exit_code(self, documents: Sequence[DocumentReport]) -> int:
        """1 when a document has a finding at or above its fail_on, or scores below min_score."""
        if self.write_baseline is not None:
            return 0
        for report in documents:
            settings = self._settings_of(report)
            if settings.fail_on != "never":
                threshold = SEVERITY_RANK[settings.fail_on]
                if any(SEVERITY_RANK[f.severity] >= threshold for f in report.findings):
                    return 1
            if settings.min_score is not None and report.score < settings.min_score:
                return 1
        return 0

    def rule_metas(self) -> list[RuleMeta]:
        """Every rule that could have run, for reporters that document them (SARIF)."""
        metas: dict[str, RuleMeta] = {}
        for packs in sorted(self._packs) or [()]:
            for meta in load_rules(packs).metas():
                metas.setdefault(meta.id, meta)
        return [metas[rule_id] for rule_id in sorted(metas)]


def _with_severity(finding: Finding, severity: str | None) -> Finding:
    return (
        finding if severity is None or severity == finding.severity else replace(finding, severity=severity)
    )
