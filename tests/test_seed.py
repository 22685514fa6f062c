"""The founding example: the artifacts the project was started for are found, with exact spans."""

from __future__ import annotations

from tqcheck.api import check


def _by_rule(report, rule: str):  # type: ignore[no-untyped-def]
    return [f for f in report.findings if f.rule == rule]


def test_seed_has_fourteen_paragraphs_with_roles(seed_text: str) -> None:
    report = check(seed_text, path="seed.txt")
    assert len(report.paragraphs) == 14
    roles = [p.paragraph.role for p in report.paragraphs]
    assert roles[0] == "headline"
    assert roles[3] == "caption"
    assert roles[-2:] == ["boilerplate", "boilerplate"]


def test_seed_kiev_kyiv_is_one_finding_linking_both_spellings(seed_text: str) -> None:
    report = check(seed_text)
    findings = [f for f in _by_rule(report, "CN001") if "Kyiv" in f.suggestions]
    assert len(findings) == 1
    finding = findings[0]
    spans = {seed_text[finding.start : finding.end]} | {seed_text[s.start : s.end] for s in finding.related}
    assert spans == {"Kiev", "kyiv"}


def test_seed_truncated_agency_and_night_calque_have_exact_spans(seed_text: str) -> None:
    report = check(seed_text)
    truncated = _by_rule(report, "TE001")
    assert [seed_text[f.start : f.end] for f in truncated] == ["T agency"]
    night = _by_rule(report, "CQ101")
    assert [f.text for f in night] == ["on the night of Sunday to Monday"]
    assert night[0].suggestions == ("overnight on Sunday",)


def test_seed_source_language_is_inferred_as_french(seed_text: str) -> None:
    report = check(seed_text)
    assert report.target_language == "en"
    assert report.source_language.inferred == "fr"
    assert report.source_language.confidence >= 0.6


def test_seed_leftovers_and_inversions_are_flagged(seed_text: str) -> None:
    report = check(seed_text)
    texts = {(f.rule, f.text) for f in report.findings}
    assert ("BP001", "Source link") in texts
    assert ("BP001", "Leave a Reply") in texts
    assert ("RV001", "judges") in texts
    assert ("RV001", "detailed") in texts
