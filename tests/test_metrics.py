"""Reference metrics: exactly sacrebleu's figures, per paragraph and per document, with signatures."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner
from sacrebleu.metrics import BLEU, CHRF, TER

from tqcheck.api import Options, check
from tqcheck.cli import main
from tqcheck.model import Report
from tqcheck.reporters.json_report import report_dict
from tqcheck.scoring.metrics import COMBINED_METHOD, flatten, load_spm, tokenizer_for

SCHEMA = json.loads(
    (Path(__file__).resolve().parent.parent / "tqcheck" / "schema" / "report.schema.json").read_text()
)

EN_HYP = "The council approved the budget on Tuesday\nafter a long debate.\n\nIt rained all week in Paris."
EN_REF = "On Tuesday the council passed the budget after a long debate.\n\nIt rained in Paris all week."
ZH_HYP = "市议会周二批准了预算。\n\n巴黎整周都在下雨。"
ZH_REF = "周二，市议会通过了预算。\n\n巴黎下了一整周的雨。"
JA_HYP = "市議会は火曜日に予算を承認した。\n\nパリでは一週間ずっと雨だった。"
JA_REF = "火曜日、市議会は予算を可決した。\n\nパリは一週間雨が続いた。"


def _paragraphs(text: str) -> list[str]:
    return [flatten(p) for p in text.split("\n\n")]


@pytest.mark.parametrize(
    ("hyp", "ref", "lang", "tokenizer"),
    [(EN_HYP, EN_REF, "en", "13a"), (ZH_HYP, ZH_REF, "zh", "zh"), (JA_HYP, JA_REF, "ja", "char")],
)
def test_figures_equal_sacrebleu_corpus_and_sentence_scores(
    hyp: str, ref: str, lang: str, tokenizer: str
) -> None:
    report = check(hyp, options=Options(target_lang=lang), reference=ref)
    hyps, refs = _paragraphs(hyp), _paragraphs(ref)
    asian = lang in ("zh", "ja")
    corpus = {
        "bleu": BLEU(tokenize=tokenizer),
        "chrf": CHRF(word_order=2),
        "ter": TER(asian_support=asian),
    }
    document = dict(report.metrics)
    for name, metric in corpus.items():
        assert document[name].score == round(metric.corpus_score(hyps, [refs]).score, 4)
        assert document[name].signature == str(metric.get_signature())
    assert f"tok:{tokenizer}" in document["bleu"].signature
    sentence = {
        "bleu": BLEU(tokenize=tokenizer, effective_order=True),
        "chrf": CHRF(word_order=2),
        "ter": TER(asian_support=asian),
    }
    for paragraph, h, r in zip(report.paragraphs, hyps, refs, strict=True):
        figures = dict(paragraph.metrics)
        for name, metric in sentence.items():
            assert figures[name].score == round(metric.sentence_score(h, [r]).score, 4)
            assert figures[name].signature == str(metric.get_signature())


def test_tokenizer_follows_the_target_script_and_the_override_wins() -> None:
    assert tokenizer_for("en") == "13a"
    assert tokenizer_for("fr") == "13a"
    assert tokenizer_for("zh-cn") == "zh"
    assert tokenizer_for("ja") == "char"
    assert tokenizer_for("ko") == "char"
    assert tokenizer_for("zh", "char") == "char"
    report = check(EN_HYP, options=Options(target_lang="en", tokenize="intl"), reference=EN_REF)
    assert "tok:intl" in dict(report.metrics)["bleu"].signature


def test_tokenizers_that_download_are_refused_by_the_cli(tmp_path: Path) -> None:
    hyp = tmp_path / "hyp.txt"
    hyp.write_text(EN_HYP)
    for tokenizer in ("flores101", "flores200", "spm", "ja-mecab"):
        result = CliRunner().invoke(
            main, ["check", str(hyp), "--reference", str(hyp), "--tokenize", tokenizer]
        )
        assert result.exit_code == 2


def test_combined_score_is_the_documented_fixed_weighting() -> None:
    report = check(EN_HYP, options=Options(target_lang="en"), reference=EN_REF)
    figures = dict(report.metrics)
    assert figures["combined"].score == round(0.5 * report.score + 0.5 * figures["chrf"].score, 4)
    assert figures["combined"].signature == COMBINED_METHOD
    for paragraph in report.paragraphs:
        row = dict(paragraph.metrics)
        assert row["combined"].score == round(0.5 * paragraph.score + 0.5 * row["chrf"].score, 4)


def test_no_reference_no_metrics_and_json_still_valid() -> None:
    report = check(EN_HYP, options=Options(target_lang="en"))
    payload = report_dict(Report((report,)))
    jsonschema.validate(payload, SCHEMA)
    assert payload["documents"][0]["metrics"] == {}
    assert all("metrics" not in p for p in payload["documents"][0]["paragraphs"])


def test_json_report_carries_document_and_paragraph_metrics_and_validates() -> None:
    report = check(EN_HYP, options=Options(target_lang="en"), reference=EN_REF)
    payload = report_dict(Report((report,)))
    jsonschema.validate(payload, SCHEMA)
    document = payload["documents"][0]
    assert set(document["metrics"]) == {"bleu", "chrf", "ter", "combined"}
    assert document["metrics"]["chrf"]["signature"].startswith("nrefs:1|")
    assert all(set(p["metrics"]) == {"bleu", "chrf", "ter", "combined"} for p in document["paragraphs"])


def test_cli_reference_adds_columns_to_the_text_report(tmp_path: Path) -> None:
    hyp, ref = tmp_path / "hyp.txt", tmp_path / "ref.txt"
    hyp.write_text(EN_HYP, encoding="utf-8")
    ref.write_text(EN_REF, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(hyp), "--reference", str(ref), "--target-lang", "en"])
    assert result.exit_code == 0, result.output
    assert "BLEU    chrF++       TER  combined" in result.output
    assert "¶2 body" in result.output
    assert "BLEU: nrefs:1|case:mixed|eff:no|tok:13a" in result.output


def test_cli_misaligned_reference_is_one_line_naming_both_files_exit_2(tmp_path: Path) -> None:
    hyp, ref = tmp_path / "hyp.txt", tmp_path / "ref.txt"
    hyp.write_text(EN_HYP, encoding="utf-8")
    ref.write_text("One paragraph only.", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(hyp), "--reference", str(ref)])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert f"{hyp}: {ref} has 1 paragraph(s), {hyp} has 2" in lines[0]


def test_cli_reference_needs_exactly_one_input(tmp_path: Path) -> None:
    hyp = tmp_path / "hyp.txt"
    hyp.write_text(EN_HYP, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(hyp), str(hyp), "--reference", str(hyp)])
    assert result.exit_code == 2
    assert "exactly one text input" in result.stderr


def test_sacrebleu_is_imported_only_when_a_reference_is_given() -> None:
    code = (
        "import sys\n"
        "from tqcheck.api import check, Options\n"
        "import tqcheck.cli\n"
        "check('The council met on Tuesday.', options=Options(target_lang='en'))\n"
        "assert 'sacrebleu' not in sys.modules, 'sacrebleu imported without a reference'\n"
        "assert 'sentencepiece' not in sys.modules\n"
        "check('The council met.', options=Options(target_lang='en'), reference='The council sat.')\n"
        "assert 'sacrebleu' in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def _train_tiny_model(tmp_path: Path) -> Path:
    """sentencepiece's trainer runs offline: a tiny model from text this test writes."""
    import sentencepiece

    corpus = tmp_path / "corpus.txt"
    sentences = [
        "The council approved the budget on Tuesday after a long debate.",
        "It rained all week in Paris and the river rose.",
        "Le conseil a approuvé le budget mardi après un long débat.",
        "Il a plu toute la semaine à Paris et la rivière a monté.",
        "The minister said the plan would cost three million euros.",
        "市议会周二批准了预算。巴黎整周都在下雨。",
    ]
    corpus.write_text("\n".join(sentences * 20), encoding="utf-8")
    prefix = tmp_path / "tiny"
    sentencepiece.SentencePieceTrainer.train(
        input=str(corpus),
        model_prefix=str(prefix),
        vocab_size=80,
        character_coverage=1.0,
        model_type="unigram",
        minloglevel=2,
    )
    return prefix.with_suffix(".model")


def test_spbleu_is_bleu_on_sentencepiece_pieces(tmp_path: Path) -> None:
    model_path = _train_tiny_model(tmp_path)
    model = load_spm(model_path)
    report = check(EN_HYP, options=Options(target_lang="en", spm_model=model_path), reference=EN_REF)
    hyps = [model.encode(h) for h in _paragraphs(EN_HYP)]
    refs = [model.encode(r) for r in _paragraphs(EN_REF)]
    spbleu = dict(report.metrics)["spbleu"]
    assert spbleu.score == round(BLEU(tokenize="none").corpus_score(hyps, [refs]).score, 4)
    assert "tok:none" in spbleu.signature and f"spm:tiny.model@{model.digest}" in spbleu.signature
    first = dict(report.paragraphs[0].metrics)["spbleu"]
    expected = BLEU(tokenize="none", effective_order=True).sentence_score(hyps[0], [refs[0]]).score
    assert first.score == round(expected, 4)


def test_cli_rejects_a_file_that_is_not_a_sentencepiece_model(tmp_path: Path) -> None:
    hyp = tmp_path / "hyp.txt"
    hyp.write_text(EN_HYP, encoding="utf-8")
    fake = tmp_path / "fake.model"
    fake.write_bytes(b"not a model")
    result = CliRunner().invoke(main, ["check", str(hyp), "--spm-model", str(fake)])
    assert result.exit_code == 2
    assert f"{fake}: not a SentencePiece model" in result.stderr


def test_rescored_reports_keep_their_metrics_and_recompute_the_combined_score() -> None:
    from dataclasses import replace

    from tqcheck.scoring.metrics import carried_over

    before = check(EN_HYP, options=Options(target_lang="en"), reference=EN_REF)
    bare = [replace(p, metrics=(), score=50.0) for p in before.paragraphs]
    after = carried_over(before, replace(before, paragraphs=tuple(bare), metrics=(), score=40.0))
    chrf = dict(before.metrics)["chrf"].score
    assert dict(after.metrics)["combined"].score == round(0.5 * 40.0 + 0.5 * chrf, 4)
    assert dict(after.paragraphs[0].metrics)["bleu"] == dict(before.paragraphs[0].metrics)["bleu"]
    assert dict(after.paragraphs[0].metrics)["combined"].score == round(
        0.5 * 50.0 + 0.5 * dict(before.paragraphs[0].metrics)["chrf"].score, 4
    )
