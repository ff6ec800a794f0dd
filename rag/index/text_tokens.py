"""Lexical tokenizer for BM25: lower case, split on punctuation, drop stop words, Porter-stem."""

from __future__ import annotations

import importlib.util
import re
import sys
import threading
from functools import lru_cache

# Keeps "c++", "c#" and "gpt-4o"-style pieces as words; everything else splits on punctuation.
_WORD = re.compile(r"[a-z0-9]+(?:[+#]+)?")
_STOP = frozenset(
    """a an and are as at be but by can do does for from has have how i if in into is it its me
    my of on or our so than that the their them then there these they this to was we what when
    where which who why will with you your""".split()
)
_LOADING = threading.Lock()


def porter_stemmer_class() -> type:
    """nltk's `PorterStemmer`, imported without running nltk's package `__init__`, which imports
    most of nltk, scipy and scikit-learn (about 2 s of CPU at every app start) though the stemmer
    uses none of it. nltk's own `nltk/stem/porter.py` runs, so every stem is nltk's; its modules
    leave `sys.modules` afterwards, so a later `import nltk` (llama-index's) is the ordinary one."""
    with _LOADING:
        if "nltk" in sys.modules:  # already imported whole
            from nltk.stem.porter import PorterStemmer

            return PorterStemmer
        before = set(sys.modules)
        try:
            # The packages as empty modules (their __init__ not run) with their real search paths.
            sys.modules["nltk"] = importlib.util.module_from_spec(importlib.util.find_spec("nltk"))
            stem = importlib.util.find_spec("nltk.stem")
            sys.modules["nltk.stem"] = importlib.util.module_from_spec(stem)
            from nltk.stem.porter import PorterStemmer

            return PorterStemmer
        except (ImportError, AttributeError):  # nltk laid out otherwise: the ordinary import below
            pass
        finally:
            for name in set(sys.modules) - before:
                if name == "nltk" or name.startswith("nltk."):
                    del sys.modules[name]
    from nltk.stem.porter import PorterStemmer

    return PorterStemmer


@lru_cache(maxsize=1)
def _stemmer():
    return porter_stemmer_class()()


@lru_cache(maxsize=200_000)
def _stem(word: str) -> str:
    return _stemmer().stem(word)


def tokenize(text: str) -> list[str]:
    return [_stem(w) for w in _WORD.findall(text.lower()) if w not in _STOP]


@lru_cache(maxsize=32_768)
def term_set(text: str) -> frozenset[str]:
    """The distinct terms of `text`, cached: retrieved chunks recur across questions."""
    return frozenset(tokenize(text))


def one_edit(word: str) -> set[str]:
    """Every string one deletion, replacement, insertion or swap of two neighbours away from `word`."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    edits = {a + b[1:] for a, b in splits if b}
    edits |= {a + c + b[1:] for a, b in splits if b for c in letters}
    edits |= {a + c + b for a, b in splits for c in letters}
    return edits | {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
