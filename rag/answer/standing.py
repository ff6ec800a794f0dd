"""Where a quoted figure stands: a list item of figures shown under its list's top and its neighbour.

"Pyramid - 30 jobs (10.0%)" answers "how many jobs ask for Pyramid?", but a reader wants its place
too: the list's introducing line, its first item and the item just above, in order, with "…" where
items are left out ("Most requested frameworks:" / "Flask - 90 jobs" / "…" / "Django - 60 jobs" /
"Pyramid - 30 jobs"). Only lists whose items state figures (a ranking) are shown so; a sentence or
a table row stays as it is. A question after the top of a ranking gets the ranking itself.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace

from rag.answer.context import Source
from rag.answer.figure_shapes import asked_shapes
from rag.answer.lead import (
    MAX_ITEMS,
    MIN_ITEMS,
    MIN_LIST_MATCH,
    RANK_BONUS,
    Asked,
    Lead,
    Line,
    lines_of,
    pick_lead,
)
from rag.answer.lead_kinds import with_other_kinds
from rag.answer.lists import lists_of, pick_list
from rag.answer.sentences import split_units
from rag.answer.table_rows import pick_rows
from rag.index.text_tokens import tokenize

_DIGIT = re.compile(r"\d")
# "which words show up most", "the most common skills", "top 5 frameworks": the top of a ranking.
_RANKING = re.compile(
    r"\b(?:which|what)\b[^?]*\b(?:most|top|biggest|largest|highest)\b"
    r"|\bmost (?:common|popular|frequent|requested|in[- ]demand|used|mentioned)\b|\btop \d+\b",
    re.IGNORECASE,
)
GAP = "…"
# What a ranking question asks to rank: the words after "which"/"what", "most common", "top 5".
_RANKED = re.compile(
    r"\b(?:which|what|most (?:common|popular|frequent|requested|used|mentioned)|top \d+)\s+(\S+(?:\s+\S+)?)",
    re.IGNORECASE,
)


def _ranking(items: list[Line]) -> bool:
    return sum(bool(_DIGIT.search(i.text)) for i in items) >= MIN_ITEMS


def standing(line: Line, sources: Sequence[Source], others: Sequence[Line] = ()) -> Lead | None:
    """The list `line` is an item of (a list of figures), trimmed to its top, the item above and the
    line itself (and the same for each of `others` that is an item of that list), under its
    introducing line; None if the line is no such item."""
    source = next((s for s in sources if s.n == line.n), None)
    if source is None:
        return None
    for intro, items in lists_of(source):
        at = _at(items, line)
        if at is None or not _ranking(items):
            continue
        found = [at, *(i for i in (_at(items, x) for x in others if x.n == line.n) if i is not None)]
        keep = sorted({0, *(max(i - 1, 0) for i in found), *found})
        shown: list[Line] = []
        for k, i in enumerate(keep):
            if k and i - keep[k - 1] > 1 and not items[i].marker[:1].isdigit():
                shown.append(replace(items[i], position=items[i].position - 1, text=GAP, terms=frozenset()))
            shown.append(items[i])
        return Lead(tuple(shown), label=source.label.replace("*", ""), intro=intro)
    return None


def _at(items: list[Line], line: Line) -> int | None:
    return next((i for i, item in enumerate(items) if item.position == line.position), None)


def with_standing(lead: Lead | None, sources: Sequence[Source], question: str = "") -> Lead | None:
    """A lead whose lines are items of one list of figures, shown in its list; a sentence with the
    next sentence of its paragraph when that states an asked figure too (the other side: "90% …
    Only 10% …"); any other as it is."""
    if lead is None or lead.kind != "line":
        return lead
    line = lead.lines[0]
    placed = standing(line, sources, lead.lines[1:])
    shown = {(x.n, x.position) for x in placed.lines} if placed else set()
    if placed is not None and all((x.n, x.position) in shown for x in lead.lines):
        return placed
    if len(lead.lines) != 1:
        return lead
    following = _next_sentence(line, sources)
    shapes = asked_shapes(question)
    if following is not None and any(shape.search(following.text) for shape in shapes):
        return Lead((line, following))
    return lead


def _next_sentence(line: Line, sources: Sequence[Source]) -> Line | None:
    """The prose sentence right after `line` in its paragraph, if it is a possible lead line."""
    source = next((s for s in sources if s.n == line.n), None)
    if source is None or line.header is not None:
        return None
    units = split_units(source.text)
    at = next((i for i, u in enumerate(units) if u.start == line.position and u.kind == "prose"), None)
    if at is None or at + 1 >= len(units) or units[at + 1].kind != "prose":
        return None
    if "\n\n" in source.text[units[at].end : units[at + 1].start]:
        return None  # another paragraph
    return next((x for x in lines_of(source) if x.position == units[at + 1].start), None)


def pick_ranking(question: str, sources: Sequence[Source], idf: Callable[[str], float]) -> Lead | None:
    """For a question after the top of a ranking ("which words show up most?"): the list of figures
    covering it best whose introducing line or section heading (what it ranks) names what the
    question asks to rank ("which words", "most common skills"), its first items."""
    if not _RANKING.search(question):
        return None
    ranked = frozenset(tokenize(" ".join(m[1] for m in _RANKED.finditer(question))))
    asked, best = Asked.of(question, idf), None
    for source in sources:
        heading = frozenset(tokenize(source.hit.chunk.section.split(" > ")[-1]))
        for intro, items in lists_of(source):
            ranks = heading | frozenset(tokenize(intro))  # what the list ranks: what the question asks
            if not _ranking(items) or not ranks & ranked:
                continue
            score = asked.cover(ranks.union(items[0].label_terms, *(i.terms for i in items)))
            score += RANK_BONUS / source.n
            if score >= MIN_LIST_MATCH and (best is None or score > best[0]):
                best = (score, source, intro, items)
    if best is None:
        return None
    _, source, intro, items = best
    return Lead(tuple(items[:MAX_ITEMS]), label=source.label.replace("*", ""), intro=intro)


def placed_lead(question: str, sources: Sequence[Source], idf: Callable[[str], float]) -> Lead | None:
    """The offline answer's lead: the list a question after steps asks for, the ranking one after
    the top asks for, else the line stating its figure (a lone item of a ranking shown in its list),
    else the rows of a table that the question names, under their header."""
    return (
        pick_list(question, sources, idf)
        or pick_ranking(question, sources, idf)
        or with_standing(
            with_other_kinds(pick_lead(question, sources, idf), question, sources, idf), sources, question
        )
        or pick_rows(question, sources, idf)
    )
