"""Acronyms employers are known by: the initials of their names that their own postings write ("WWT" for
World Wide Technology, "Amex GBT" for American Express Global Business Travel), read by the catalog as
names of them (rag/index/catalog.py)."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING

from rag.names import ABBREVIATIONS, LEGAL, name_words
from rag.records import Chunk

if TYPE_CHECKING:  # the catalog builds its companies, then reads their acronyms here
    from rag.index.catalog import Company

ACRONYM_MIN = 3  # an acronym of fewer letters (two words' initials) may stand for anything
_NO_INITIAL = LEGAL | ABBREVIATIONS | frozenset("the of and for in at".split())


def acronyms(words: tuple[str, ...]) -> list[str]:
    """The initials of a name's last three or more words, longest first ("World Wide Technology": wwt;
    "American Express Global Business Travel": aegbt, egbt, gbt), legal words and "of" left out."""
    kept = [w for w in words if w not in _NO_INITIAL and not w.isdigit()]
    return ["".join(w[0] for w in kept[-n:]) for n in range(len(kept), ACRONYM_MIN - 1, -1)]


_CAPITALS = re.compile(r"\b(?:([A-Z][a-z]+) )?([A-Z]{3,})\b")  # "WWT", "Amex GBT"


def written_acronyms(
    chunks: Sequence[Chunk], companies: dict[tuple[str, ...], Company], before_min: int
) -> dict[tuple[str, ...], Company]:
    """Acronyms of employers' names (`acronyms`) that their own postings write in capitals at
    least as often as other chunks do ("WWT" in World Wide Technology's postings; "CTC" is no employer's,
    other postings write it far more), and a word their postings write before one at least `before_min`
    times ("Amex GBT"): name words -> the company."""
    candidates = {a.upper(): key for key in companies for a in acronyms(key)}
    own: dict[str, int] = defaultdict(int)
    other: dict[str, int] = defaultdict(int)
    before: dict[tuple[str, str], int] = defaultdict(int)
    for c in chunks:
        found = [(w, a) for w, a in _CAPITALS.findall(c.text) if a in candidates]
        mine = c.kind == "posting" and name_words(str(c.metadata.get("company") or ""))
        for a in {a for _w, a in found}:
            if mine == candidates[a]:
                own[a] += 1
            else:
                other[a] += 1
        for w, a in found:
            if w and mine == candidates[a]:
                before[w, a] += 1
    written = {a for a in own if other[a] <= own[a]}
    out = {(a.lower(),): companies[candidates[a]] for a in written}
    for (w, a), n in before.items():
        if a in written and n >= before_min:
            out[w.lower(), a.lower()] = companies[candidates[a]]
    return out
