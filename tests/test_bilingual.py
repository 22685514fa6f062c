"""Bilingual (BI) checks: each target paragraph against its aligned source, on several pairs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tqcheck.api import Options, check
from tqcheck.cli import main
from tqcheck.scoring import bilingual as bi
from tqcheck.scoring import numbers as nums
from tqcheck.scoring.bilingual import AlignmentError, GlossaryError, GlossaryTerm, load_glossary


def _findings(target: str, source: str, rule: str, tgt: str, src: str | None = None, **options: object):
    report = check(
        target, options=Options(target_lang=tgt, source_lang=src, select=(rule,), **options), source=source
    )  # type: ignore[arg-type]
    return [(f.text, f.message) for f in report.findings if f.rule == rule]


def _values(text: str, language: str) -> list[set[float]]:
    return [set(n.values) for n in nums.numbers(text, language)]


# --- number parsing -----------------------------------------------------------------------


def test_numbers_read_with_the_locale_of_their_language() -> None:
    assert _values("3,5 %", "fr") == [{3.5}]
    assert _values("3.5%", "en") == [{3.5}]
    assert _values("1 000 personnes", "fr") == [{1000.0}]
    assert _values("1\u202f000 personnes", "fr") == [{1000.0}]
    assert _values("1.000.000 Menschen", "de") == [{1_000_000.0}]
    assert _values("1,000,000 people", "en") == [{1_000_000.0}]
    assert _values("1.234,5 Euro", "de") == [{1234.5}]
    assert _values("1,234.5 euros", "en") == [{1234.5}]
    # One separator before three digits: either reading, so neither convention is an error.
    assert _values("1.000 Menschen", "de") == [{1.0, 1000.0}]
    assert _values("in 2020 100 people", "en") == [{2020.0}, {100.0}]


def test_dates_split_into_numbers_and_identifiers_are_skipped() -> None:
    assert _values("le 12.05.2023", "fr") == [{12.0}, {5.0}, {2023.0}]
    assert _values("G7, CO2 and A320", "en") == []
    assert [n.text for n in nums.numbers("20h30", "fr")] == ["20", "30"]


def test_multipliers_scale_values_across_languages() -> None:
    fr, en = nums.numbers("3,5 milliards", "fr")[0], nums.numbers("3.5 billion", "en")[0]
    assert fr.matches(en)
    assert not fr.matches(nums.numbers("3.5 million", "en")[0])
    zh = nums.numbers("3500万", "zh")[0]
    assert zh.matches(nums.numbers("35 million", "en")[0])
    assert nums.numbers("3 Billionen", "de")[0].matches(nums.numbers("3 trillion", "en")[0])
    assert nums.numbers("3 mil millones", "es")[0].matches(nums.numbers("3 billion", "en")[0])


# --- BI001 numbers on several pairs -------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "target", "tgt"),
    [
        ("Le chômage a atteint 7,5 % en 2023.", "Unemployment reached 7.5% in 2023.", "en"),
        ("Die Stadt hat 1.000 neue Wohnungen gebaut.", "The city built 1,000 new flats.", "en"),
        ("Die Stadt hat 1 000 neue Wohnungen gebaut.", "The city built 1000 new flats.", "en"),
        ("Unemployment reached 7.5% in 2023.", "Le chômage a atteint 7,5 % en 2023.", "fr"),
        ("The city built 12,500 homes.", "La ville a construit 12 500 logements.", "fr"),
        (
            "美国1月份失业率为3.4%，为1969年以来最低。",
            "The US unemployment rate was 3.4% in January, the lowest since 1969.",
            "en",
        ),
        ("国内生产总值增长5.2%，达到126万亿元。", "GDP grew by 5.2% to 126 trillion yuan.", "en"),
        ("Trois personnes ont été blessées le 3 mars.", "3 people were injured on March 3.", "en"),
    ],
)
def test_same_numbers_in_other_notation_are_silent(source: str, target: str, tgt: str) -> None:
    assert _findings(target, source, "BI001", tgt) == []


@pytest.mark.parametrize(
    ("source", "target", "tgt", "flagged"),
    [
        ("Le chômage a atteint 7,5 % en 2023.", "Unemployment reached 7.2% in 2023.", "en", "7.2"),
        ("Die Stadt hat 1.500 Wohnungen gebaut.", "The city built 1,400 flats.", "en", "1,400"),
        (
            "The city built 12,500 homes in 2022.",
            "La ville a construit 12 500 logements en 2021.",
            "fr",
            "2021",
        ),
        ("美国1月份失业率为3.4%。", "The US unemployment rate was 3.7% in January.", "en", "3.7"),
        ("Le budget atteint 3,5 milliards d'euros.", "The budget reaches 3.5 million euros.", "en", "3.5"),
    ],
)
def test_changed_number_is_flagged_in_the_target(source: str, target: str, tgt: str, flagged: str) -> None:
    assert [text for text, _ in _findings(target, source, "BI001", tgt)] == [flagged]


def test_changed_number_suggests_the_source_value_in_target_notation() -> None:
    report = check(
        "Unemployment reached 7.2%.",
        options=Options(target_lang="en", select=("BI001",)),
        source="Le chômage a atteint 7,5 %.",
    )
    assert report.findings[0].suggestions == ("7.5",)
    report = check(
        "Le chômage a atteint 7,2 %.",
        options=Options(target_lang="fr", select=("BI001",)),
        source="Unemployment reached 7.5%.",
    )
    assert report.findings[0].suggestions == ("7,5",)


def test_dropped_number_flags_the_paragraph() -> None:
    found = _findings(
        "The council voted the budget.", "Le conseil a voté le budget de 40 millions.", "BI001", "en"
    )
    assert found == [("The council voted the budget.", "The source's '40' missing from the translation.")]


def test_no_source_no_bilingual_findings() -> None:
    report = check("Unemployment reached 7.2% in 2023.", options=Options(target_lang="en", select=("BI",)))
    assert report.findings == ()


# --- length ratio -------------------------------------------------------------------------

FR_LONG = "Le conseil municipal a voté le budget mardi soir après un long débat sur les écoles et les routes."
EN_LONG = "The city council passed the budget on Tuesday evening after a long debate on schools and roads."
ZH_LONG = "市议会周二晚上经过关于学校和道路的长时间辩论后通过了明年的预算。"


@pytest.mark.parametrize(
    ("source", "target", "tgt"),
    [(FR_LONG, EN_LONG, "en"), (EN_LONG, FR_LONG, "fr"), (ZH_LONG, EN_LONG, "en"), (EN_LONG, ZH_LONG, "zh")],
)
def test_ordinary_translations_keep_the_ratio_of_their_pair(source: str, target: str, tgt: str) -> None:
    assert _findings(target, source, "BI005", tgt) == []
    assert _findings(target, source, "BI006", tgt) == []


@pytest.mark.parametrize(("source", "tgt"), [(FR_LONG, "en"), (ZH_LONG, "en"), (EN_LONG, "fr")])
def test_a_translation_that_lost_most_of_its_text_is_too_short(source: str, tgt: str) -> None:
    target = "Le conseil a voté." if tgt == "fr" else "The council voted."
    assert len(_findings(target, source, "BI005", tgt)) == 1


def test_zh_to_en_ratio_counts_characters_against_words() -> None:
    assert bi.length(ZH_LONG, "zh") == 31
    assert bi.length(EN_LONG, "en") == 17
    assert bi.expected_ratio("zh", "en") == pytest.approx(1 / 1.36)


def test_a_looping_translation_is_too_long() -> None:
    target = " ".join([EN_LONG] * 3)
    assert len(_findings(target, FR_LONG, "BI006", "en")) == 1


def test_short_sources_are_not_judged_on_length() -> None:
    assert _findings("Yes.", "Le conseil a voté le budget.", "BI005", "en") == []


def _tiny_model(tmp_path: Path) -> Path:
    import sentencepiece

    corpus = tmp_path / "corpus.txt"
    corpus.write_text("\n".join([FR_LONG, EN_LONG, ZH_LONG] * 30), encoding="utf-8")
    prefix = tmp_path / "tiny"
    sentencepiece.SentencePieceTrainer.train(
        input=str(corpus), model_prefix=str(prefix), vocab_size=60, character_coverage=1.0, minloglevel=2
    )
    return prefix.with_suffix(".model")


def test_with_a_sentencepiece_model_lengths_are_subword_counts(tmp_path: Path) -> None:
    model_path = _tiny_model(tmp_path)
    from tqcheck.scoring.metrics import load_spm

    model = load_spm(model_path)
    assert bi.length(ZH_LONG, "zh", model) == len(model.pieces(ZH_LONG))
    assert bi.expected_ratio("zh", "en", model) == 1.0
    options = {"spm_model": model_path}
    assert _findings(EN_LONG, FR_LONG, "BI005", "en", **options) == []
    assert len(_findings("The council voted.", FR_LONG, "BI005", "en", **options)) == 1


# --- names, copies, empties, placeholders, marks ------------------------------------------


@pytest.mark.parametrize(
    ("source", "target", "tgt", "missing"),
    [
        (
            "Hier soir, Emmanuel Macron a reçu Olaf Scholz pour un dîner de travail.",
            "Last night the president received Olaf Scholz for a working dinner.",
            "en",
            "'Emmanuel Macron'",
        ),
        ("Der Airbus A320 ist in Hamburg gelandet.", "The plane landed in Hamburg.", "en", "'A320'"),
        ("特斯拉的Model Y销量第一。", "Tesla's best-selling car ranked first.", "en", "'Model'"),
        ("国内生产总值（GDP）增长了。", "The economy grew.", "en", "'GDP'"),
    ],
)
def test_dropped_names_and_acronyms_are_flagged(source: str, target: str, tgt: str, missing: str) -> None:
    found = _findings(target, source, "BI002", tgt)
    assert len(found) == 1 and missing in found[0][1]


@pytest.mark.parametrize(
    ("source", "target", "tgt"),
    [
        (
            "Der Bundeskanzler Olaf Scholz sprach am Ende Januar.",
            "Chancellor Olaf Scholz spoke at the end of January.",
            "en",
        ),
        ("NATO and the UN issued a warning.", "L'OTAN et l'ONU ont publié un avertissement.", "fr"),
        ("L'OMS et le FMI sont inquiets.", "The WHO and the IMF are worried.", "en"),
        ("Le PIB du Royaume-Uni a progressé.", "UK GDP grew.", "en"),
        ("国内生产总值（GDP）增长了。", "Gross domestic product grew.", "en"),
        ("The G20 summit opened.", "Le sommet du G20 s'est ouvert.", "fr"),
        ("Volodymyr Zelensky est à Marioupol.", "Volodymyr Zelenskyy is in Mariupol.", "en"),
        ("LA CRISE CONTINUE À PARIS ET À LYON", "THE CRISIS GOES ON IN PARIS AND LYON", "en"),
    ],
)
def test_copied_translated_or_transliterated_names_are_silent(source: str, target: str, tgt: str) -> None:
    assert _findings(target, source, "BI002", tgt) == []


def test_identical_target_is_untranslated_but_names_and_codes_may_be_copied() -> None:
    text = "Der Vertrag wurde gestern in Berlin unterzeichnet."
    assert len(_findings(text, text, "BI003", "en")) == 1
    assert _findings("Olaf Scholz", "Olaf Scholz", "BI003", "en") == []
    assert _findings("COVID-19 (2023)", "COVID-19 (2023)", "BI003", "en") == []
    assert len(_findings("新冠疫情仍在继续", "新冠疫情仍在继续", "BI003", "en")) == 1


def test_empty_target_paragraph_is_critical() -> None:
    report = check(
        "The council met.\n\n…",
        options=Options(target_lang="en", select=("BI004",)),
        source="Le conseil s'est réuni.\n\nLe budget a été voté.",
    )
    assert [(f.text, f.severity) for f in report.findings] == [("…", "critical")]


def test_placeholders_and_tags_must_match() -> None:
    source = "Bonjour {name}, vous avez %d <b>nouveaux</b> messages de {{sender}}."
    good = "Hello {name}, you have %d <b>new</b> messages from {{sender}}."
    assert _findings(good, source, "BI007", "en") == []
    bad = "Hello {user}, you have %d new messages from {{sender}}."
    found = _findings(bad, source, "BI007", "en")
    assert [text for text, _ in found] == ["{user}"]
    assert "'</b>'" in found[0][1] and "'{name}'" in found[0][1]


def test_dropped_quotes_or_brackets_are_flagged_added_ones_are_not() -> None:
    source = "« Nous allons gagner », a dit le ministre (PS)."
    assert len(_findings("We will win, the minister said.", source, "BI008", "en")) == 1
    assert _findings("“We will win,” the minister (PS) said.", source, "BI008", "en") == []
    assert _findings("He read “Dream of the Red Chamber”.", "他读了《红楼梦》。", "BI008", "en") == []


# --- glossary -----------------------------------------------------------------------------


def test_glossary_from_tsv_and_toml(tmp_path: Path) -> None:
    tsv = tmp_path / "g.tsv"
    tsv.write_text("# fr → en\nAssemblée nationale\tNational Assembly\nBundestag\tBundestag\tFederal Diet\n")
    assert load_glossary(tsv) == (
        GlossaryTerm("Assemblée nationale", ("National Assembly",)),
        GlossaryTerm("Bundestag", ("Bundestag", "Federal Diet")),
    )
    toml = tmp_path / "g.toml"
    toml.write_text(
        '[terms]\n"Assemblée nationale" = "National Assembly"\nBundestag = ["Bundestag", "Federal Diet"]\n'
    )
    assert load_glossary(toml) == load_glossary(tsv)


def test_glossary_errors_are_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "g.tsv"
    bad.write_text("Assemblée nationale\n")
    with pytest.raises(GlossaryError, match=r"g\.tsv:1: expected 'source term<TAB>target term'"):
        load_glossary(bad)
    toml = tmp_path / "g.toml"
    toml.write_text("terms = 3\n")
    with pytest.raises(GlossaryError, match="expected a \\[terms\\] table"):
        load_glossary(toml)


def test_glossary_term_must_be_rendered_as_required() -> None:
    glossary = (GlossaryTerm("Assemblée nationale", ("National Assembly",)),)
    source = "L'Assemblée nationale a voté la loi."
    assert len(_findings("Parliament passed the law.", source, "BI009", "en", glossary=glossary)) == 1
    assert _findings("The National Assembly's vote passed.", source, "BI009", "en", glossary=glossary) == []
    zh = (GlossaryTerm("全国人大", ("National People's Congress", "NPC")),)
    assert _findings("The NPC approved it.", "全国人大批准了。", "BI009", "en", glossary=zh) == []
    assert len(_findings("Parliament approved it.", "全国人大批准了。", "BI009", "en", glossary=zh)) == 1


# --- alignment and the command line -------------------------------------------------------


def test_misaligned_source_raises() -> None:
    with pytest.raises(AlignmentError, match="the source has 1 paragraph"):
        check("One.\n\nTwo.", options=Options(target_lang="en"), source="Un.")


def test_source_language_is_detected_from_the_source_text() -> None:
    report = check(
        "The council met on Tuesday.",
        options=Options(target_lang="en"),
        source="Le conseil s'est réuni mardi.",
    )
    assert report.source_language.inferred == "fr" and report.source_language.given is None


def test_cli_source_and_glossary(tmp_path: Path) -> None:
    target, source, glossary = tmp_path / "t.txt", tmp_path / "s.txt", tmp_path / "g.tsv"
    target.write_text("Parliament passed the law with 300 votes.\n\nIt rained.\n", encoding="utf-8")
    source.write_text("L'Assemblée nationale a voté la loi avec 310 voix.\n\nIl a plu.\n", encoding="utf-8")
    glossary.write_text("Assemblée nationale\tNational Assembly\n", encoding="utf-8")
    result = CliRunner().invoke(
        main,
        ["check", str(target), "--source", str(source), "--glossary", str(glossary), "--format", "json"],
    )
    assert result.exit_code == 1, result.output
    rules = sorted(f["rule"] for f in json.loads(result.stdout)["documents"][0]["findings"])
    assert rules == ["BI001", "BI009"]


def test_cli_bad_glossary_exits_2(tmp_path: Path) -> None:
    target = tmp_path / "t.txt"
    target.write_text("The council met.", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(target), "--glossary", str(tmp_path / "missing.tsv")])
    assert result.exit_code == 2
    assert "missing.tsv: cannot read glossary" in result.stderr


def test_bilingual_examples_split_source_target_and_glossary() -> None:
    example = bi.split_example("[glossary: a b → c; d → e] Source text. ⇒ Target ⟦text⟧.")
    assert example.source == "Source text."
    assert example.target == "Target ⟦text⟧."
    assert example.glossary == (GlossaryTerm("a b", ("c",)), GlossaryTerm("d", ("e",)))
    assert bi.split_example("Plain ⟦text⟧.") == bi.BilingualExample(None, "Plain ⟦text⟧.")


@pytest.mark.parametrize(
    ("source", "target", "tgt"),
    [
        (
            "The woman was hit at 1.30pm on Friday.",
            "Die Frau wurde am Freitag gegen 13:30 Uhr angefahren.",
            "de",
        ),
        (
            "美国劳动力市场尚有500余万的缺口。",
            "The US labour market is still short of more than 5 million workers.",
            "en",
        ),
        ("新华社北京2月10日电", "BEIJING, Feb. 10 (Xinhua)", "en"),
        ("在80年代，他是厂长。", "In the 1980s, he was the director.", "en"),
        ("A sitcom star from the '90s returns.", "Ein Sitcom-Star aus den 90ern kehrt zurück.", "de"),
        ("参加人数在127万至250万之间。", "Between 1.27 and 2.5 million people took part.", "en"),
        ("They searched 10 miles downstream.", "Sie suchten etwa 16 km flussabwärts.", "de"),
        ("It weighs between 375 and 400 pounds.", "Es wiegt zwischen 170 und 180 Kilogramm.", "de"),
        ("九二共识", "The 1992 Consensus", "en"),
    ],
)
def test_times_dates_decades_ranges_and_unit_conversions_keep_the_number(
    source: str, target: str, tgt: str
) -> None:
    assert _findings(target, source, "BI001", tgt) == []


def test_a_conversion_needs_both_units_and_the_right_factor() -> None:
    assert len(_findings("Es wiegt 120 Kilogramm.", "It weighs 375 pounds.", "BI001", "de")) == 1
    assert len(_findings("Unemployment reached 7.2%.", "Le chômage a atteint 7,5 %.", "BI001", "en")) == 1
