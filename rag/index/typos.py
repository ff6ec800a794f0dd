"""Typos: the corpus word a question's unknown word misspells ("intervew": "interview"), unless it is a
word of its own ("booth" is no "both", "probation" no "proration").

English words come from the word-piece vocabulary of the default embedding model, which ships with the
product: its whole lower-case words ("booth", "probation", "stairs"), not the pieces ("##s") it splits
other words into. A misspelling ("intervew", "salery") is seldom one of them.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from functools import lru_cache
from pathlib import Path

from rag.config import DEFAULT_MODEL
from rag.index.text_tokens import one_edit, tokenize

MIN_LEN = 4  # shorter word pieces are as often abbreviations as words
MIN_TYPO_LEN = 5  # a shorter unknown word is as likely a name or an abbreviation as a typo


@lru_cache(maxsize=1)
def english_stems() -> frozenset[str]:
    """The stems (text_tokens.tokenize) of the vocabulary's whole words, stop words as they are; empty
    without the model."""
    from rag.index.embedder import resolve_model_path

    try:
        lines = (Path(resolve_model_path(DEFAULT_MODEL)) / "vocab.txt").read_text(encoding="utf-8").split()
    except (ImportError, OSError):
        return frozenset()
    words = (w for w in lines if len(w) >= MIN_LEN and w.isalpha() and w.islower() and w.isascii())
    return frozenset(s for w in words for s in tokenize(w) or [w])


def spelling_variant(stem: str, known: str) -> bool:
    """Whether `known` is `stem` spelled otherwise, not another word: British "-our" ("favourit" for
    "favorit") or a people's name of a place ("korean" for "korea")."""
    return stem.replace("our", "or") == known or stem == known + "n"


def correction(stem: str, idf: Mapping[str, float], vocabulary: Collection[str]) -> str | None:
    """A corpus stem one edit away from an unknown one, if any: the most common (lowest idf), as a typo
    of a frequent word is likelier."""
    if len(stem) < MIN_TYPO_LEN or stem.endswith("ai"):  # "clarifai" is a name, not a typo of "clarify"
        return None
    # (the first letter kept: a typo seldom hits it, and "zither" is no "either", "lacrosse" no "across")
    known = [e for e in one_edit(stem) if e in vocabulary and e[:1] == stem[:1]]
    if stem in english_stems():  # a word of its own, unless spelled otherwise
        known = [e for e in known if spelling_variant(stem, e)]
    return min(known, key=lambda e: (idf[e], e)) if known else None
