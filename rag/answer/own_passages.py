"""Names in a question that the passages or the corpus write differently (used by
rag/answer/answerability.py).

A capitalised word the passages write as one part of a joined name is not missing from them ("Blind"
in "TeamBlind"). A run of known words opening a question as an employer's name ("Back Market applied
AI engineer") names something the guide has only when some chunk writes those words in a row. A
word standing where a name goes ("at nubank") is a name even in lower case.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rag.answer.interviews import employer_first
from rag.index.bm25 import BM25Index
from rag.index.text_tokens import tokenize
from rag.records import Chunk

MIN_PART_LEN = 4  # a shorter word ("AI", "Hub"?) is not looked for inside joined names
_CAMEL = re.compile(r"\b[A-Z]?[a-z]+(?:[A-Z][a-z]+)+\b")  # "TeamBlind", "LinkedIn"
_CAMEL_PART = re.compile(r"[A-Z]?[a-z]+")
_WORD = re.compile(r"[A-Za-z0-9]+")


def compound_part(word: str, passages: Sequence[Chunk]) -> bool:
    """A capitalised word that the passages write as one part of a joined name: "Blind" in
    "TeamBlind" (the guide's section on Blind threads)."""
    if not word[:1].isupper() or len(word) < MIN_PART_LEN:
        return False
    low = word.lower()
    return any(low == part.lower() for c in passages for part in joined_name_parts(c.embed_text))


def joined_name_parts(text: str) -> list[str]:
    """The words of the joined names in `text`: "Team" and "Blind" of "TeamBlind"."""
    return [part for name in _CAMEL.findall(text) for part in _CAMEL_PART.findall(name)]


def in_corpus(bm25: BM25Index, phrase: str) -> bool:
    """Some chunk of the index writes the phrase's words in a row (any case, any punctuation between)."""
    stems = tokenize(phrase)
    if not stems or any(s not in bm25.idf for s in stems):
        return False
    rows = bm25.rows_with(max(stems, key=lambda s: bm25.idf[s]))
    pattern = re.compile(r"\b" + r"\W+".join(re.escape(w) for w in _WORD.findall(phrase)) + r"\b", re.I)
    return any(pattern.search(bm25.chunks[r].embed_text) for r in rows)


# Words after which a word the corpus never uses names an employer: "at nubank", "does tesco pay".
_BEFORE_NAME = frozenset({"at", "does", "do", "did", "join", "joining", "from"})


def name_position(question: str, start: int, end: int) -> bool:
    """The word at question[start:end] stands where a name goes: first, written with a capital or
    before a title or an interview word ("Zorblax data engineer - …", "gojek ai engineer rounds?"; not
    "bombed three interviews …"), after "at" or "does", or before "'s" ("what's the process at
    nubank"). A word the corpus never uses written there in lower case is still a name, not an
    everyday word."""
    before = _WORD.findall(question[:start])
    if not before:
        return question[start : start + 1].isupper() or employer_first(question, start, end)
    # a word alone in brackets glosses a name or a term ("the opportunity card (chancenkarte)")
    glossed = question[:start].rstrip().endswith("(") and question[end:].lstrip().startswith(")")
    return before[-1].lower() in _BEFORE_NAME or question[end : end + 2] in ("'s", "’s") or glossed
