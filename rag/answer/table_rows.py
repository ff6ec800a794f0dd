"""A table whose rows the question names: its header and those rows, as the offline answer's lead.

"Do take-homes use MongoDB or Streamlit much?" asks for no figure by its wording, but the guide
answers it with two rows of a table ("MongoDB Atlas | 30%+", "Streamlit | 25%+"), and "which of the
four webinars have recordings up?" with the rows saying "Recording available". When no other lead
applies, the table among the sources whose rows name the question's own words (not words its
header or section already give) gets its header and those rows, in the table's order: the issue's
"for a table, the header plus the rows that match the question".
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rag.answer.context import Source
from rag.answer.lead import MIN_LIST_MATCH, RANK_BONUS, Asked, Lead, Line, lines_of

MAX_ROWS = 4  # more matching rows than this: the question names no few rows of that table
MIN_ROW_MATCH = 0.15  # a row names at least this (idf-weighted) share of the question on its own


def _tables(source: Source) -> list[list[Line]]:
    """The source's table rows (with their header), one list per table, in order."""
    tables: list[list[Line]] = []
    for line in lines_of(source):
        if line.header is None:
            continue
        if tables and tables[-1][0].header is line.header:
            tables[-1].append(line)
        else:
            tables.append([line])
    return tables


def pick_rows(question: str, sources: Sequence[Source], idf: Callable[[str], float]) -> Lead | None:
    """The table whose header, section and matching rows cover the question best (at least
    MIN_LIST_MATCH of it), with its rows that name the question's words beyond the header's: at
    least one, at most MAX_ROWS, and fewer than all of its rows; None if no table qualifies."""
    asked = Asked.of(question, idf)
    wanted = frozenset(asked.wanted)
    best: tuple[float, Source, list[Line]] | None = None
    for source in sources:
        for rows in _tables(source):
            around = rows[0].label_terms  # the section's title and the table's header
            matching = [r for r in rows if asked.cover((r.terms & wanted) - around) >= MIN_ROW_MATCH]
            if not matching or len(matching) > MAX_ROWS or len(matching) == len(rows):
                continue
            score = asked.cover(around.union(*(r.terms for r in matching))) + RANK_BONUS / source.n
            if score >= MIN_LIST_MATCH and (best is None or score > best[0]):
                best = (score, source, matching)
    if best is None:
        return None
    _, source, matching = best
    return Lead(tuple(matching), label=source.label.replace("*", ""))
