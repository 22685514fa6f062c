"""`tqcheck eval`: gold resolution, matching, per-family/pair figures, clean false alarms, output.

The fixture corpus (tests/fixtures/eval) holds one fr-en and one de-en document and one clean
English text. Its figures are those of the rules as they stand: when a rule starts catching a
span annotated here as missed, update the numbers (the failure shows which family moved).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from tqcheck.api import Options, check
from tqcheck.cli import main
from tqcheck.evaluation import CorpusUnreadable, evaluate, evaluate_path, load_corpus
from tqcheck.evaluation.scoring import Evaluation, Tally

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "eval"
CLEAN_WORDS = 89


# The figures below are those of these rule families: pinned so that new language packs do
# not move them (a rule of these families that starts catching more still does).
PINNED = ("CN", "TE", "RV", "UT001", "TY0", "BP", "MN", "CQ1")


@pytest.fixture(scope="module")
def result() -> Evaluation:
    return evaluate_path(FIXTURE, select=PINNED)


@pytest.fixture
def corpus_copy(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    shutil.copytree(FIXTURE, root)
    return root


def _figures(tally: Tally) -> tuple[int, int, int, int]:
    return tally.findings, tally.matched_findings, tally.gold, tally.matched_gold


def _write(folder: Path, name: str, text: str, sidecar: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    (folder / f"{name}.gold.json").write_text(sidecar, encoding="utf-8")


def _mt_sidecar(source: str, *spans: dict[str, object]) -> str:
    return json.dumps(
        {"kind": "mt", "source_language": source, "target_language": "en", "spans": list(spans)}
    )


def test_recall_is_the_share_of_gold_spans_the_rules_catch(result: Evaluation) -> None:
    # belgorod-drones: CQ101 and TE001 catch two of the three gold spans; "realised an inquiry" is missed.
    fr_en = result.pairs["fr-en"].tally
    assert _figures(fr_en) == (2, 2, 3, 2)
    assert fr_en.recall == pytest.approx(2 / 3)
    assert fr_en.precision == 1.0
    assert fr_en.f1 == pytest.approx(0.8)


def test_per_family_figures_over_mt_documents(result: Evaluation) -> None:
    families = result.families
    assert sorted(families) == ["BP", "CN", "CQ", "MN", "RV", "TE", "TY", "UT"]
    assert _figures(families["CQ"]) == (1, 1, 2, 1)
    assert _figures(families["CN"]) == (1, 1, 1, 1)
    assert _figures(families["RV"]) == (1, 1, 1, 1)
    # The German quotation inside an English sentence is caught by UT001's quotation check.
    assert _figures(families["UT"]) == (1, 1, 1, 1)
    # "Source link" is not annotated in berlin-talks: a false positive; "Read more" on clean text is an alarm.
    assert _figures(families["BP"]) == (1, 0, 0, 0)
    assert families["BP"].clean_false_alarms == 1


def test_overall_figures_are_micro_averaged(result: Evaluation) -> None:
    assert _figures(result.overall) == (9, 7, 8, 7)
    assert result.overall.precision == pytest.approx(7 / 9)
    assert result.overall.recall == pytest.approx(7 / 8)
    assert result.mt_documents == 2 and result.clean_documents == 1


def test_finding_on_another_familys_gold_span_is_a_cross_family_false_positive(result: Evaluation) -> None:
    # TY002 flags the „…“ around an untranslated German sentence annotated UT.
    assert _figures(result.families["TY"]) == (2, 1, 1, 1)
    assert result.families["TY"].cross_family == 1
    assert result.pairs["de-en"].tally.cross_family == 1
    assert result.pairs["fr-en"].tally.cross_family == 0
    (cross,) = [item for item in result.false_positives if item.detail]
    assert (cross.rule, cross.line, cross.column) == ("TY002", 7, 60)
    assert "overlaps gold UT" in cross.detail


def test_occurrence_picks_the_nth_occurrence_of_the_gold_text() -> None:
    corpus = load_corpus(FIXTURE)
    (talks,) = [item for item in corpus.documents if item.folder.name == "de-en"]
    (rv,) = [gold for gold in talks.gold if gold.family == "RV"]
    text = talks.document.text
    first = text.index("estimated")
    assert rv.start == text.index("estimated", first + 1) > first
    assert text[rv.start : rv.end] == "estimated"


def test_reporting_verb_found_only_at_the_annotated_occurrence(result: Evaluation) -> None:
    # RV001 flags the second "estimated" (after the quote): had the first been taken, RV recall would be 0.
    assert result.pairs["de-en"].families["RV"].matched_gold == 1


def test_clean_text_false_alarms_per_thousand_words(result: Evaluation) -> None:
    clean = result.clean["en"]
    assert (clean.documents, clean.words, clean.false_alarms) == (1, CLEAN_WORDS, 1)
    assert clean.per_1000_words == pytest.approx(1000 / CLEAN_WORDS)
    assert result.clean_overall.per_1000_words == pytest.approx(11.236, abs=1e-3)
    (alarm,) = result.false_alarms
    assert (alarm.rule, alarm.text, alarm.line, alarm.column) == ("BP001", "Read more", 7, 1)


def test_source_language_accuracy_per_pair_and_overall(result: Evaluation) -> None:
    assert (result.source.correct, result.source.total) == (2, 2)
    assert result.pairs["de-en"].source.inferred == {"de": 1}
    assert result.pairs["fr-en"].source.accuracy == 1.0


def test_wrong_or_missing_inferred_source_counts_against_accuracy(corpus_copy: Path) -> None:
    # A document with no source-specific trace infers nothing: counted as wrong, listed as "none".
    _write(
        corpus_copy / "it-en",
        "plain",
        "The council met on Tuesday.\n\nMembers approved the plan after a short debate.\n",
        _mt_sidecar("it"),
    )
    result = evaluate_path(corpus_copy, select=PINNED)
    assert (result.pairs["it-en"].source.correct, result.pairs["it-en"].source.total) == (0, 1)
    assert result.pairs["it-en"].source.inferred == {"none": 1}
    assert (result.source.correct, result.source.total) == (2, 3)


def test_consistency_finding_matches_gold_on_any_of_its_linked_spans(corpus_copy: Path) -> None:
    # CN001 points at the first "Kiev" and links the others: gold on the second "Kiev" is found too.
    text = (
        "Drones hit Kiev overnight. Officials in Kyiv said the strikes failed near Kyiv. "
        "Later Kiev was calm and Kyiv reopened.\n"
    )
    spans = [{"text": "Kiev", "occurrence": n, "family": "CN"} for n in (1, 2)]
    _write(corpus_copy / "ru-en", "kyiv", text, _mt_sidecar("ru", *spans))
    result = evaluate_path(corpus_copy, select=PINNED)
    assert _figures(result.pairs["ru-en"].tally) == (1, 1, 2, 2)


def test_info_findings_are_advice_and_not_counted(corpus_copy: Path) -> None:
    # "notably" (CQ108, weak) stays info when no French source is established: no false alarm.
    text = "Several towns, notably in the north, asked the council for more money this year.\n"
    report = check(text, options=Options(target_lang="en"))
    assert [(f.rule, f.severity) for f in report.findings] == [("CQ108", "info")]
    _write(corpus_copy / "clean-en", "towns", text, '{"kind": "clean", "target_language": "en", "spans": []}')
    result = evaluate_path(corpus_copy, select=PINNED)
    assert result.clean["en"].documents == 2
    assert result.clean["en"].false_alarms == 1


@pytest.mark.parametrize(
    ("sidecar", "reason"),
    [
        ("{not json", "invalid JSON at line 1 column 2"),
        ("[]", "expected a JSON object"),
        (_mt_sidecar("de"), "'source_language' is 'de'; folder fr-en/ says 'fr'"),
        (
            _mt_sidecar("fr", {"text": "Kremlin", "family": "CQ"}),
            "spans[0]: text 'Kremlin' not found in bad.txt",
        ),
        (
            _mt_sidecar("fr", {"text": "drones", "occurrence": 3, "family": "CQ"}),
            "spans[0]: occurrence 3 of 'drones' asked, bad.txt has 2",
        ),
        (_mt_sidecar("fr", {"text": "drones", "family": "cq"}), "spans[0]: 'family' must be two capitals"),
        (_mt_sidecar("fr", {"text": "drones", "occurence": 2, "family": "CQ"}), "unknown key 'occurence'"),
        (_mt_sidecar("fr", {"text": "drones", "occurrence": 0, "family": "CQ"}), "positive integer"),
    ],
)
def test_bad_sidecar_is_reported_in_one_line_and_the_rest_is_evaluated(
    corpus_copy: Path, sidecar: str, reason: str
) -> None:
    _write(corpus_copy / "fr-en", "bad", "Two drones fell. Three drones more.\n", sidecar)
    result = CliRunner().invoke(
        main, ["eval", "--select", ",".join(PINNED), "--format", "json", str(corpus_copy)]
    )
    assert result.exit_code == 0
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"tqcheck: error: {corpus_copy / 'fr-en' / 'bad.gold.json'}: ")
    assert reason in line
    payload = json.loads(result.stdout)
    assert payload["documents"] == {"mt": 2, "clean": 1}
    assert payload["overall"]["gold"] == 8


def test_missing_sidecar_and_unknown_folder_are_reported(corpus_copy: Path) -> None:
    (corpus_copy / "fr-en" / "orphan.txt").write_text("A text without gold.\n", encoding="utf-8")
    (corpus_copy / "french").mkdir()
    corpus = load_corpus(corpus_copy)
    reasons = {Path(error.path).name: error.reason for error in corpus.errors}
    assert reasons == {
        "french": "not a <src>-<tgt> or clean-<lang> folder; skipped",
        "orphan.txt": "no gold sidecar orphan.gold.json; skipped",
    }
    assert len(corpus.documents) == 3


def test_one_pair_folder_can_be_evaluated_on_its_own() -> None:
    result = evaluate(load_corpus(FIXTURE / "fr-en"), select=PINNED)
    assert sorted(result.pairs) == ["fr-en"]
    assert _figures(result.overall) == (2, 2, 3, 2)


def test_unreadable_corpus_exits_2(tmp_path: Path) -> None:
    with pytest.raises(CorpusUnreadable):
        load_corpus(tmp_path / "missing")
    runner = CliRunner()
    missing = runner.invoke(main, ["eval", "--select", ",".join(PINNED), str(tmp_path / "missing")])
    assert missing.exit_code == 2
    assert missing.stderr == f"tqcheck: error: {tmp_path / 'missing'}: no such directory\n"
    empty = runner.invoke(main, ["eval", "--select", ",".join(PINNED), str(tmp_path)])
    assert empty.exit_code == 2
    assert "no document could be evaluated" in empty.stderr


def test_cli_prints_the_tables() -> None:
    result = CliRunner().invoke(main, ["eval", "--select", ",".join(PINNED), str(FIXTURE)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == (
        f"Corpus {FIXTURE}: 2 MT document(s) in 2 pair(s), 1 clean document(s) in 1 language(s)"
    )
    assert "CQ             1        1     100.0%     2      1   50.0%   66.7%      0         0" in lines
    assert "fr-en     1         2        2     100.0%     3      2   66.7%  80.0%      0" in lines
    assert "en       1     89             1            11.24" in lines
    assert "all          2     2    100.0%  de 1, fr 1" in lines
    assert "Missed gold spans" not in result.stdout


def test_verbose_lists_missed_gold_false_positives_and_alarms() -> None:
    result = CliRunner().invoke(main, ["eval", "--select", ",".join(PINNED), "--verbose", str(FIXTURE)])
    assert result.exit_code == 0
    output = result.stdout
    assert (
        f"  {FIXTURE}/fr-en/belgorod-drones.txt:5:23: CQ [realised an inquiry] (accuracy/mistranslation)"
        in output
    )
    assert f"  {FIXTURE}/de-en/berlin-talks.txt:9:1: BP BP001 [Source link]" in output
    assert f"  {FIXTURE}/clean-en/council-budget.txt:7:1: BP BP001 [Read more]" in output


def test_json_output_is_deterministic_and_complete() -> None:
    runner = CliRunner()
    first = runner.invoke(
        main, ["eval", "--select", ",".join(PINNED), "--format", "json", "--verbose", str(FIXTURE)]
    )
    second = runner.invoke(
        main, ["eval", "--select", ",".join(PINNED), "--format", "json", "--verbose", str(FIXTURE)]
    )
    assert first.exit_code == 0
    assert first.stdout_bytes == second.stdout_bytes
    payload = json.loads(first.stdout)
    assert list(payload) == [
        "signature",
        "method",
        "corpus",
        "documents",
        "overall",
        "families",
        "pairs",
        "clean",
        "source_language",
        "errors",
        "missed",
        "false_positives",
        "clean_false_alarms",
    ]
    assert payload["overall"]["precision"] == 0.7778
    assert payload["pairs"]["fr-en"]["recall"] == 0.6667
    assert payload["pairs"]["de-en"]["source_language"] == {
        "correct": 1,
        "documents": 1,
        "accuracy": 1.0,
        "inferred": {"de": 1},
    }
    assert payload["clean"]["overall"]["per_1000_words"] == 11.236
    assert len(payload["missed"]) == 1


def test_markdown_output_is_pasteable_tables() -> None:
    result = CliRunner().invoke(
        main, ["eval", "--select", ",".join(PINNED), "--format", "markdown", str(FIXTURE)]
    )
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert (
        "| family | findings | matched | precision | gold | found | recall | f1 | cross | clean fa |" in lines
    )
    assert "|:---|---:|---:|---:|---:|---:|---:|---:|---:|---:|" in lines
    assert "| **all** | **2** | **2** | **100.0%** | **de 1, fr 1** |" in lines
