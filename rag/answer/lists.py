"""Lists in an offline answer's sources: each list with its introducing line, and the list a question
after steps, stages or an order asks for (its first items, in order, under its introducing line)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from rag.answer.context import Source
from rag.answer.lead import MAX_ITEMS, MIN_ITEMS, MIN_LIST_MATCH, RANK_BONUS, Asked, Lead, Line, pick_lead
from rag.answer.sentences import FOOTNOTE_REF, Unit, clean_line, split_units
from rag.index.text_tokens import tokenize

_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_LIST_QUESTION = re.compile(
    r"\b(?:steps|stages|rounds|phases|in (?:what|which) order|what order|sequence|roadmap|checklist)\b",
    re.IGNORECASE,
)
# "what's the hiring process?", "the interview loop", "how does hiring go?", "who interviews me?": the
# steps of an interview process, so only a list introduced as one (its introducing line, section or
# first item says so).
_PROCESS_QUESTION = re.compile(
    r"\b(?:interview|hiring) (?:process|loop)\b|\bhow does (?:the )?(?:hiring|interviewing)\b"
    r"|\bwho interviews\b",
    re.IGNORECASE,
)
# A question after steps that names interviews ("what are the interview steps?", "what rounds did people
# get?") asks for an interview process's steps, not a posting's list of duties.
_INTERVIEW_ASK = re.compile(r"\b(?:interview\w*|hiring|loop|rounds?)\b", re.IGNORECASE)
_PROCESS_WORDS = frozenset(tokenize("interview hiring steps stages rounds"))
# "harmonic … - what's the technical round?": a question about one stage of a company's interviews, where
# the guide's file on that company's interview process is a source: that file's steps answer it.
# "does the college board make senior AI engineers whiteboard?", "Clarium …: do they do puzzle-style
# interviews?": a question about that company's interviews at all, answered by the same steps.
_STAGE_ASK = re.compile(
    r"\b(?:rounds?|screens?|stages?|loop|onsite|on-site|interview(?:s|ing)?|whiteboard\w*)\b", re.IGNORECASE
)
_FILE_WORDS = frozenset(tokenize("interview process"))
OWN_BONUS = 0.05  # a process list's own introducing line and items naming the question (as RANK_BONUS)
ORDER_BONUS = 0.1  # a question after steps: a numbered list (steps in their order) before a bulleted one


def lists_of(source: Source) -> list[tuple[str, list[Line]]]:
    """(introducing line or "", items) of each list of a source, items in order."""
    text, c = source.text, source.hit.chunk
    label = frozenset(tokenize(f"{c.title} {c.section}"))
    found: list[tuple[str, list[Line]]] = []
    previous: Unit | None = None
    for unit in split_units(text):
        raw = unit.text(text)
        if unit.kind != "item":
            previous = unit
            continue
        marker = _ITEM.match(raw)
        joined = (
            previous is not None and previous.kind == "item" and not text[previous.end : unit.start].strip()
        )
        if not marker and joined and found:  # a further sentence of the item before
            last = found[-1][1][-1]
            more = f"{last.text} {clean_line(raw)}"
            found[-1][1][-1] = Line(
                last.n, last.position, more, frozenset(tokenize(more)), label, marker=last.marker
            )
        elif marker:
            item = clean_line(FOOTNOTE_REF.sub("", raw))
            number = marker[0].strip()
            line = Line(
                source.n,
                unit.start,
                item,
                frozenset(tokenize(item)),
                label,
                marker=number if number[:1].isdigit() else "-",
            )
            if joined and found:
                found[-1][1].append(line)
            else:
                intro = (
                    previous.text(text).strip() if previous is not None and previous.kind == "prose" else ""
                )
                found.append((clean_line(intro) if intro.endswith(":") else "", [line]))
        previous = unit
    return [(intro, items) for intro, items in found if len(items) >= MIN_ITEMS]


def best_list(
    asked: Asked,
    sources: Sequence[Source],
    accept: Callable[[list[Line], frozenset[str]], bool] | None = None,
    numbered: float = 0.0,
    introduced: frozenset[str] = frozenset(),
) -> Lead | None:
    """The list (with its introducing line and section) covering the question best, if it covers
    MIN_LIST_MATCH of it and `accept(items, terms)` holds; its first MAX_ITEMS items. A numbered list
    scores `numbered` more; with `introduced`, only a list whose introducing line, section or first
    item names one of those terms counts, and it is read with its whole passage (a company's interview
    steps under "Company: Wing Assistant. Role: MERN Stack Developer (AI Agents).")."""
    best: tuple[float, str, list[Line]] | None = None
    for source in sources:
        passage = frozenset(tokenize(source.text)) if introduced else frozenset()
        for intro, items in lists_of(source):
            head = frozenset(tokenize(intro)) | items[0].label_terms
            if introduced and not introduced & (head | items[0].terms):
                continue
            own = head.union(*(i.terms for i in items))
            terms = own | passage
            score = asked.cover(terms) + RANK_BONUS / source.n
            if score >= MIN_LIST_MATCH and items[0].marker[:1].isdigit():
                score += numbered
            if score < MIN_LIST_MATCH or (accept is not None and not accept(items, terms)):
                continue
            # of a passage's several lists, the one whose own words name the question's (the company
            # whose steps it lists, "Mistral AI, Applied AI Engineer:") before the first one; only
            # among lists that qualify without it
            rank = score + (OWN_BONUS * asked.cover(own) if introduced else 0.0)
            if best is None or rank > best[0]:
                best = (rank, intro, items)
    if best is None:
        return None
    source = next(s for s in sources if s.n == best[2][0].n)
    return Lead(tuple(best[2][:MAX_ITEMS]), label=source.label.replace("*", ""), intro=best[1])


def pick_list(question: str, sources: Sequence[Source], idf: Callable[[str], float]) -> Lead | None:
    """For a question after steps, stages or an order: the list matching it best, its first items."""
    asked = Asked.of(question, idf)
    if _LIST_QUESTION.search(question) and not _INTERVIEW_ASK.search(question):
        return best_list(asked, sources, numbered=ORDER_BONUS)
    if _LIST_QUESTION.search(question) or _PROCESS_QUESTION.search(question):
        return best_list(asked, sources, numbered=ORDER_BONUS, introduced=_PROCESS_WORDS)
    if _STAGE_ASK.search(question):
        named = [s for s in sources if s.hit.chunk.kind == "company" and _names(question, s)]
        return best_list(asked, named, numbered=ORDER_BONUS, introduced=_PROCESS_WORDS) if named else None
    return None


def _names(question: str, source: Source) -> bool:
    """The question names the company of a company file ("Harmonic interview process")."""
    company = frozenset(tokenize(source.hit.chunk.title)) - _FILE_WORDS
    return bool(company) and company <= frozenset(tokenize(question))


def lead_for(question: str, sources: Sequence[Source], idf: Callable[[str], float]) -> Lead | None:
    """The list a question after steps or an order asks for, else the line stating its figure."""
    return pick_list(question, sources, idf) or pick_lead(question, sources, idf)
