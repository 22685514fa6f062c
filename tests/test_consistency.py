"""Name consistency beyond the curated table: unseen names, casing, hyphenation, near misses."""

from __future__ import annotations

import pytest

from tqcheck.api import Options, check
from tqcheck.rules.builtin.consistency import transliteration_key


def _groups(text: str) -> list[set[str]]:
    report = check(text, options=Options(target_lang="en", select=("CN",)))
    return [{f.text} | {text[s.start : s.end] for s in f.related} for f in report.findings]


@pytest.mark.parametrize(
    ("a", "b"),
    [("Kuleba", "Kouleba"), ("Vasylenko", "Vasilenko"), ("Podolyak", "Podoliak"), ("Zakharova", "Zaharova")],
)
def test_unseen_transliteration_variants_are_linked(a: str, b: str) -> None:
    text = f"Minister {a} spoke on Monday. The talks with {b} lasted two hours."
    assert _groups(text) == [{a, b}]


def test_vowel_variant_of_long_name_is_linked() -> None:
    text = "Crown prince Mohammed bin Salman arrived. Later Mohammad bin Salman left the summit."
    assert _groups(text) == [{"Mohammed", "Mohammad"}]


@pytest.mark.parametrize(
    "text",
    [
        "Austria and Australia signed a deal. Iran and Iraq did not.",
        "Daniela met Daniele in Rome. Mario and Maria stayed home.",
        "The Western allies met. Rain fell in western areas.",
        "Turkey voted first. We ate turkey later.",
    ],
)
def test_different_names_and_common_words_stay_silent(text: str) -> None:
    assert _groups(text) == []


def test_lower_cased_proper_noun_is_linked_to_its_capitalised_form() -> None:
    text = "Officials in Zaporizhzhia said the plant was safe. Shelling near zaporizhzhia resumed."
    assert _groups(text) == [{"Zaporizhzhia", "zaporizhzhia"}]


def test_one_finding_per_inconsistent_name_with_every_span_linked() -> None:
    text = "Kiev said no. Kyiv said yes. kyiv said maybe. Lvov and Lviv agreed."
    groups = _groups(text)
    assert {"Kiev", "Kyiv", "kyiv"} in groups
    assert {"Lvov", "Lviv"} in groups
    assert len(groups) == 2


def test_transliteration_key_folds_common_romanisations() -> None:
    assert transliteration_key("Zelenskyy") == transliteration_key("Zelensky")
    assert transliteration_key("Loukachenko") == transliteration_key("Lukashenko")
    assert transliteration_key("Austria") != transliteration_key("Australia")


def test_curated_names_come_from_the_engine_pass_or_from_a_pass_of_their_own() -> None:
    from tqcheck.rules import engine
    from tqcheck.rules.base import Context
    from tqcheck.rules.builtin.consistency import NameVariants
    from tqcheck.segment import segment

    text = "Drones hit Kiev overnight. Officials in kyiv said (KYIV) the strikes failed."
    rule = NameVariants()
    alone = Context(text, segment(text), "en")
    assert [text[s:e] for s, e in engine.trigger_hits(alone, rule)] == ["Kiev", "kyiv", "KYIV"]
    report = check(text, options=Options(target_lang="en", select=("CN001",)))
    assert [(f.text, len(f.related)) for f in report.findings] == [
        (f.text, len(f.related)) for f in rule.check(Context(text, segment(text), "en"))
    ]
    (finding,) = report.findings
    assert {finding.text} | {text[span.start : span.end] for span in finding.related} == {
        "Kiev",
        "kyiv",
        "KYIV",
    }
