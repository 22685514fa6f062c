"""The cheap language evidence: function and common words must not be shared between languages."""

from __future__ import annotations

import itertools

import pytest

from tqcheck import langid
from tqcheck.api import Options, check


@pytest.mark.parametrize("language, other", list(itertools.permutations(langid.COMMON_WORDS, 2)))
def test_added_common_words_belong_to_one_language(language: str, other: str) -> None:
    added = langid.COMMON_WORDS[language] - langid.FUNCTION_WORDS[language]
    assert not added & langid.COMMON_WORDS[other]


def test_two_common_words_settle_a_sentence_without_langdetect(monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[str] = []
    real = langid.statistical_guess

    def spy(text: str) -> langid.Guess:
        asked.append(text)
        return real(text)

    monkeypatch.setattr(langid, "statistical_guess", spy)
    headline = "Redmoor reach first cup final in 41 years after late drama at Wembley"
    text = f"{headline}\n\nThe club said it was proud of the team."
    report = check(text, options=Options(target_lang="en"))
    assert not [f for f in report.findings if f.rule == "UT001"]
    assert headline not in asked


def test_a_foreign_sentence_is_still_flagged() -> None:
    text = "The summit ended on Friday. Le sommet doit se terminer vendredi en fin de matinée."
    report = check(text, options=Options(target_lang="en"))
    assert [f.text for f in report.findings if f.rule == "UT001"] == [
        "Le sommet doit se terminer vendredi en fin de matinée."
    ]
