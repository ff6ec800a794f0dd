"""Lexical tokenizer for BM25: lower case, split on punctuation, drop stop words, Porter-stem."""

from __future__ import annotations

import re
from functools import lru_cache

# Keeps "c++", "c#" and "gpt-4o"-style pieces as words; everything else splits on punctuation.
_WORD = re.compile(r"[a-z0-9]+(?:[+#]+)?")
_STOP = frozenset(
    """a an and are as at be but by can do does for from has have how i if in into is it its me
    my of on or our so than that the their them then there these they this to was we what when
    where which who why will with you your""".split()
)


@lru_cache(maxsize=1)
def _stemmer():
    # nltk imports scipy and most of itself on first import (seconds): only when text is tokenized.
    from nltk.stem.porter import PorterStemmer

    return PorterStemmer()


@lru_cache(maxsize=200_000)
def _stem(word: str) -> str:
    return _stemmer().stem(word)


def tokenize(text: str) -> list[str]:
    return [_stem(w) for w in _WORD.findall(text.lower()) if w not in _STOP]


@lru_cache(maxsize=32_768)
def term_set(text: str) -> frozenset[str]:
    """The distinct terms of `text`, cached: retrieved chunks recur across questions."""
    return frozenset(tokenize(text))
