"""Source-language inference from the evidence that source-specific findings leave."""

from __future__ import annotations

import dataclasses
import math
from collections import defaultdict
from collections.abc import Iterable, Sequence

from tqcheck.model import Finding, SourceLanguage
from tqcheck.rules.base import RuleMeta

# Evidence a finding lends its source language, by kind of rule.
_STRONG = 1.0
_WEAK = 0.3
_SHARED = 0.25  # a rule that several source languages trigger (« » for fr/ru/it/es)
_UNTRANSLATED = 2.0
# Confidence = share of the evidence × saturation, so three strong traces reach ~0.8.
_SATURATION = 1.5
STRONG_CONFIDENCE = 0.6


def infer(findings: Iterable[Finding], metas: dict[str, RuleMeta], target: str) -> tuple[str | None, float]:
    evidence: dict[str, float] = defaultdict(float)
    for finding in findings:
        meta = metas.get(finding.rule)
        # A passage identified as another language (not a rule written for one source) is
        # the strongest trace; a name-spelling rule counts like any other source rule.
        if (
            finding.category == "accuracy/untranslated"
            and finding.source_language
            and not (meta and meta.sources)
        ):
            if finding.source_language != target:
                evidence[finding.source_language] += _UNTRANSLATED
            continue
        if meta is None or not meta.sources:
            continue
        if len(meta.sources) == 1:
            evidence[meta.sources[0]] += _WEAK if meta.weak else _STRONG
        else:
            for source in meta.sources:
                evidence[source] += _SHARED
    if not evidence:
        return None, 0.0
    total = sum(evidence.values())
    best = max(sorted(evidence), key=lambda language: evidence[language])
    share = evidence[best] / total
    confidence = share * (1.0 - math.exp(-evidence[best] / _SATURATION))
    return best, round(confidence, 3)


def settle_weak(
    findings: Sequence[Finding], metas: dict[str, RuleMeta], source: SourceLanguage
) -> list[Finding]:
    """Weak findings keep their severity only when their source language is established."""
    established = source.given or (source.inferred if source.confidence >= STRONG_CONFIDENCE else None)
    settled = []
    for finding in findings:
        meta = metas.get(finding.rule)
        if meta is not None and meta.weak and (established is None or established not in meta.sources):
            finding = dataclasses.replace(finding, severity="info")
        settled.append(finding)
    return settled


def one_per_span(
    findings: Sequence[Finding], metas: dict[str, RuleMeta], source: SourceLanguage
) -> list[Finding]:
    """With the source unknown, packs of several sources may flag one span ("Londres" is
    French and Spanish): keep one finding per span and category, the established source's."""
    established = source.given or source.inferred
    # A span already linked by a finding of the same family ("kyiv" in Kiev/Kyiv/kyiv) needs
    # no second finding from a sibling rule (CN002's lower-cased proper noun).
    linked: set[tuple[str, int, int]] = set()
    for finding in findings:
        if finding.related:
            linked.add((finding.rule[:2], finding.start, finding.end))
            linked.update((finding.rule[:2], span.start, span.end) for span in finding.related)
    kept: dict[tuple[int, int, str], Finding] = {}
    for finding in findings:
        if not finding.related and (finding.rule[:2], finding.start, finding.end) in linked:
            continue
        key = (finding.start, finding.end, finding.category)
        current = kept.get(key)
        if current is None:
            kept[key] = finding
            continue
        meta = metas.get(finding.rule)
        current_meta = metas.get(current.rule)
        if not (meta and meta.sources and current_meta and current_meta.sources):
            kept[(finding.start, finding.end, finding.category + "#" + finding.rule)] = finding
        elif established in meta.sources and established not in current_meta.sources:
            kept[key] = finding
    return list(kept.values())
