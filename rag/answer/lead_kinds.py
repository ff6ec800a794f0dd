"""A lead line for each kind of figure a question asks for: "salary and experience needed?" is
answered by the pay line and by the "3+ years of experience" line, not by the pay line alone.

`pick_lead` chooses the line that matches the question best, and further lines only where they
name question terms it lacks and score nearly as well; a question asking two kinds of figure (an
amount and a duration, a duration and a count) then often led with one of them and left the other
to the quoted sentences, which seldom pick a bare requirement line. Here a line lead gets, for each
asked kind that none of its lines states, the best-scoring line stating a figure of that kind that
holds the words asking for it ("experience") or PART_MATCH of their clause ("how long is the
past-project presentation"): not "13 years in a row" for "what experience do they want".
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from rag.answer.context import Source
from rag.answer.figure_shapes import asked_kinds, asked_shapes
from rag.answer.lead import EXTRA_SHARE, Asked, Lead, Line, named_terms, scored_lines
from rag.answer.sentences import near_duplicate

PART_MATCH = 0.5  # a line for a further kind of figure holds this (idf-weighted) share of its clause


def with_other_kinds(
    lead: Lead | None, question: str, sources: Sequence[Source], idf: Callable[[str], float]
) -> Lead | None:
    """`lead` (a line lead) with a line for each further kind of figure the question asks for that
    none of its lines states; any other lead, or None, as it is."""
    kinds = asked_kinds(question)
    if lead is None or lead.kind != "line" or len(kinds) < 2:
        return lead
    scored = scored_lines(question, sources, idf, asked_shapes(question))
    if not scored:
        return lead
    top, lines = scored[0][0], list(lead.lines)
    for kind, asking, clause in kinds:
        part, own = Asked.of(clause, idf), frozenset(Asked.of(asking, idf).wanted)
        if any(kind.search(line.text) for line in lines) or not part.wanted:
            continue
        other = next(
            (
                line
                for score, line in scored
                if score >= EXTRA_SHARE * top and kind.search(line.text) and _asks(line, own, part, lines)
            ),
            None,
        )
        if other is not None:
            lines.append(other)
    return replace(lead, lines=tuple(lines)) if len(lines) > len(lead.lines) else lead


def _asks(line: Line, own: frozenset[str], part: Asked, lines: Sequence[Line]) -> bool:
    """The line holds the words asking for its kind, or enough of their clause, and repeats no line."""
    terms = named_terms(line)
    if not ((own and own <= terms) or part.cover(terms) >= PART_MATCH):
        return False
    return not any(near_duplicate(line.terms, x.terms) for x in lines)
