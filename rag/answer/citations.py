"""Check an answer's [n] citations against the sources it was given.

Citations that name no given source are removed (and counted); grouped forms such as "[1, 3]"
are split into "[1][3]". The sources kept for the answer are exactly the cited ones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# "[3]" or "[1, 3]" / "[1,3]" / "[1; 3]", not followed by "(" (that would be a markdown link).
CITATION = re.compile(r"[ \t]*\[(\d{1,4}(?:\s*[,;]\s*\d{1,4})*)\](?!\()")


@dataclass(frozen=True)
class CitationCheck:
    """Model text with invalid [n] markers removed: the valid numbers cited, and how many went."""

    text: str
    cited: list[int]  # valid numbers in order of first appearance
    removed: int  # invalid citations taken out


def check_citations(text: str, valid: set[int]) -> CitationCheck:
    cited: list[int] = []
    removed = 0

    def fix(match: re.Match) -> str:
        nonlocal removed
        numbers = [int(x) for x in re.split(r"\s*[,;]\s*", match[1])]
        keep = [n for n in numbers if n in valid]
        removed += len(numbers) - len(keep)
        for n in keep:
            if n not in cited:
                cited.append(n)
        if not keep:
            return ""
        lead = match[0][: len(match[0]) - len(match[0].lstrip(" \t"))]
        return lead + "".join(f"[{n}]" for n in keep)

    return CitationCheck(text=CITATION.sub(fix, text), cited=cited, removed=removed)


def cited_numbers(text: str) -> list[int]:
    """Every number cited in `text`, in order of first appearance (no validation)."""
    out: list[int] = []
    for match in CITATION.finditer(text):
        for n in (int(x) for x in re.split(r"\s*[,;]\s*", match[1])):
            if n not in out:
                out.append(n)
    return out
