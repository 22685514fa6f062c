"""Hypothesis strategies shared by the randomized tests of the fast paths."""

from __future__ import annotations

from hypothesis import strategies as st


def joined_texts(
    words: st.SearchStrategy[str], separators: st.SearchStrategy[str], max_words: int
) -> st.SearchStrategy[str]:
    """Texts of up to ``max_words`` words, each followed by a separator."""
    return st.lists(st.tuples(words, separators).map("".join), max_size=max_words).map("".join)
