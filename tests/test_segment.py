"""Segmentation: paragraphs, roles and sentences with exact offsets."""

from __future__ import annotations

from tqcheck.segment import segment, split_sentences


def test_roles_of_typical_article_parts() -> None:
    text = (
        "Storm closes schools across the region\n\n"
        "Heavy rain forced 40 schools to close on Monday, officials said. More is expected.\n\n"
        "“We have never seen this,” said one teacher.\n\n"
        "A flooded road near Leeds. Photo: Reuters\n\n"
        "Leave a Reply"
    )
    roles = [p.role for p in segment(text)]
    assert roles == ["headline", "body", "quote", "caption", "boilerplate"]


def test_sentences_respect_abbreviations_and_initials() -> None:
    text = "Mr. Smith met J. R. Jones in the U.S. on Monday. They talked. “Is it over?” he asked."
    sentences = [text[s.start : s.end] for s in split_sentences(text, 0, len(text))]
    assert sentences == [
        "Mr. Smith met J. R. Jones in the U.S. on Monday.",
        "They talked.",
        "“Is it over?” he asked.",
    ]


def test_paragraph_offsets_exclude_surrounding_whitespace() -> None:
    text = "  First one.  \n \n\tSecond one.\n\n\n"
    paragraphs = segment(text)
    assert [text[p.start : p.end] for p in paragraphs] == ["First one.", "Second one."]
