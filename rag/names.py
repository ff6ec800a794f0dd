"""How a company's name is shown: as the posting gives it, less the stray punctuation a scrape left
("Visa Inc," -> "Visa Inc", "Solv." -> "Solv"), keeping the period of an abbreviation ("Snap Inc.")."""

from __future__ import annotations

import re

# Abbreviations that end a company's name with their own period.
ABBREVIATIONS = frozenset("inc ltd co corp plc pvt bros jr sr mfg intl assn dept".split())
_EDGE = ",;:-–—/|·"
_LAST_WORD = re.compile(r"([\w.]*)\.$")  # the word a final period ends ("" after a bracket)


def display_company(name: str | None) -> str:
    """`name` without leading or trailing stray punctuation and with its spaces collapsed."""
    text = " ".join(str(name or "").split())
    while True:
        before = text
        text = text.strip(_EDGE + " ")
        word = _LAST_WORD.search(text)
        if word and word[1].lower() not in ABBREVIATIONS and "." not in word[1]:
            text = text[:-1]
        if text == before:
            return text
