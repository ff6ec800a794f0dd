"""Check an answer's [n] citations against the sources it was given.

Citations that name no given source are removed (and counted); grouped forms such as "[1, 3]"
are split into "[1][3]". The sources kept for the answer are exactly the cited ones, numbered in the
order the answer first cites them ([1], then [2]...), whatever their place in the context.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from rag.answer.context import Context

# "[3]" or "[1, 3]" / "[1,3]" / "[1; 3]", not followed by "(" (that would be a markdown link).
CITATION = re.compile(r"[ \t]*\[(\d{1,4}(?:\s*[,;]\s*\d{1,4})*)\](?!\()")
_CHECKED = re.compile(r"\[(\d{1,4})\](?!\()")  # a citation of checked text: one valid number


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


def renumbered(checked: CitationCheck) -> str:
    """`checked`'s text with its citations numbered 1, 2, 3 in the order it first cites them. Stable
    as text grows (a prefix's numbers are the whole text's), so a streamed answer is only extended."""
    order = {old: new for new, old in enumerate(checked.cited, 1)}
    return _CHECKED.sub(lambda m: f"[{order.get(int(m[1]), int(m[1]))}]", checked.text)


def in_citation_order(checked: CitationCheck, context: Context) -> tuple[CitationCheck, Context]:
    """`checked` renumbered (see `renumbered`), and `context` numbered to match: the cited sources
    first, then the others in their order."""
    order = {old: new for new, old in enumerate(checked.cited, 1)}
    rest = [s.n for s in context.sources if s.n not in order]
    order.update({old: new for new, old in enumerate(rest, len(order) + 1)})
    sources = sorted((replace(s, n=order[s.n]) for s in context.sources), key=lambda s: s.n)
    cited = list(range(1, len(checked.cited) + 1))
    return CitationCheck(renumbered(checked), cited, checked.removed), replace(context, sources=sources)
