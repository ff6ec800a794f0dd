"""The ordered path that a question after what to learn first, in which order, where to start, or how
to become (move into) an AI engineer asks for.

A guide page lays out a path in one of two shapes: a numbered list (a "Suggested Path": "1. Start with
LLM APIs ...") or a section whose subsections are its steps in order, each a list ("Core Skills" >
"LLM Fundamentals", "RAG and Search", ...). Both are read from the index's chunks of the page, not
from a list of words. A question asking for an order or a start, and for no figure, gets the path of
the pages among its first hits that covers it best: the path's chunk leads the hits, and the offline
answer leads with the path as one ordered list under its citation (an outline: each step's heading
with its first item, the first step with all of them), then quotes only that page.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from rag.answer.audience import audience_first, audience_sources
from rag.answer.context import Context, Source
from rag.answer.figure_shapes import asked_shapes
from rag.answer.grounding import document_rows
from rag.answer.lead import MIN_ITEMS, Asked, Lead, Line
from rag.answer.list_start import from_start
from rag.answer.lists import lists_of
from rag.answer.posting_parts import lead_sources
from rag.answer.sentences import clean_line, mostly_links, split_units, unlinked
from rag.answer.standing import placed_lead
from rag.index.bm25 import BM25Index
from rag.index.text_tokens import tokenize
from rag.records import Chunk, Hit

# "in what order", "roadmap", "where do I start", "what should I learn first", "first steps", "how do I
# become an AI engineer" / "move into AI engineering" (the guide's role: another's is no path of its own)
ORDER_ASK = re.compile(
    r"\b(?:in (?:what|which) order|(?:the|what|which) order (?:of|to|should|do)|roadmap|step[- ]by[- ]step"
    r"|where (?:do|should|can|would|to) (?:i |one |you |we )?(?:start|begin)"
    r"|how (?:do|should|can|would|to) (?:i |one |you |we )?(?:start|begin|get started)"
    r"|how (?:do|should|can|would|to) (?:i |one |you |we )?(?:become|transition|switch|move|get|break|pivot)"
    r"(?: \w+){0,3} (?:into|to|an?) (?:ai|llm|genai)\b"
    r"|(?:learn|study|tackle|pick up|master|focus on)\w*(?: \w+){0,2} first"
    r"|first things? to|what comes first)\b",
    re.IGNORECASE,
)
MAX_STEPS = 8  # a path's first steps
MAX_INTRO_WORDS = 30  # a section's opening sentence shown above its outline


@dataclass(frozen=True)
class Path:
    """One ordered path of a page: the chunk it is cited by, its opening line and its steps in order."""

    head: Chunk
    intro: str
    steps: tuple[str, ...]
    numbered: bool  # a numbered list (its own marks) rather than an outline of subsections
    names: str = ""  # what it is matched by besides its title, section and opening: steps or their headings

    @property
    def step_names(self) -> tuple[frozenset[str], ...]:
        """An outline's step headings' words (a numbered list's steps have none)."""
        return () if self.numbered else tuple(frozenset(tokenize(s.split(": ", 1)[0])) for s in self.steps)

    @property
    def terms(self) -> frozenset[str]:
        c = self.head
        return frozenset(tokenize(f"{c.title} {c.section} {self.intro} {self.names}"))


def asks_order(question: str) -> bool:
    """The question asks what comes first or in which order, and for no figure (whose line leads)."""
    return bool(ORDER_ASK.search(question)) and not asked_shapes(question)


def _items(chunk: Chunk) -> list[tuple[str, list[Line]]]:
    return lists_of(Source(0, Hit(chunk=chunk, score=0.0), chunk.text, False))


def _opening_list(chunk: Chunk) -> list[str]:
    """The items of the list a section opens with (any length), else []."""
    units = split_units(chunk.text)
    first = next((i for i, u in enumerate(units) if u.kind != "heading"), len(units))
    raw = []
    for unit in units[first:]:
        if unit.kind != "item":
            break
        raw.append(unit.text(chunk.text))
    return [unlinked(clean_line(r)) for r in raw] if not mostly_links(raw) else []


def _opening(chunk: Chunk | None) -> str:
    """A section's first prose sentence, if short: "The most important 20% that accounts for 80% ..."."""
    if chunk is None:
        return ""
    units = [u for u in split_units(chunk.text) if u.kind == "prose"]
    line = unlinked(clean_line(units[0].text(chunk.text))) if units else ""
    return line if 0 < len(line.split()) <= MAX_INTRO_WORDS else ""


def paths_of(chunks: Sequence[Chunk]) -> list[Path]:
    """A page's paths, in page order: each numbered list of MIN_ITEMS items or more, and each section
    with MIN_ITEMS subsections or more that all open with a list."""
    out: list[tuple[int, Path]] = []
    own: dict[str, Chunk] = {}
    children: dict[str, dict[str, tuple[int, Chunk, list[str]]]] = {}
    for at, chunk in enumerate(chunks):
        own.setdefault(chunk.section, chunk)
        for intro, items in _items(chunk):
            raw = [chunk.text[i.position :].split("\n", 1)[0] for i in items]
            if items[0].marker[:1].isdigit() and not mostly_links(raw):
                steps = tuple(unlinked(i.text) for i in items)
                out.append((at, Path(chunk, unlinked(intro), steps, True, " ".join(steps))))
        parent, _, child = chunk.section.rpartition(" > ")
        if child:
            children.setdefault(parent, {}).setdefault(child, (at, chunk, _opening_list(chunk)))
    for parent, by_child in children.items():
        kids = list(by_child.values())
        if len(kids) < MIN_ITEMS or not all(items for _, _, items in kids):
            continue
        head = own.get(parent)
        steps = [
            f"{child}: " + "; ".join(by_child[child][2][: None if i == 0 else 1])
            for i, child in enumerate(by_child)
        ]
        at = kids[0][0] if head is None else min(kids[0][0], chunks.index(head))
        path = Path(head or kids[0][1], _opening(head), tuple(steps), False, " ".join(by_child))
        out.append((at, path))
    return [path for _, path in sorted(out, key=lambda p: p[0])]


_CACHE: weakref.WeakKeyDictionary[BM25Index, dict[str, list[Path]]] = weakref.WeakKeyDictionary()


def page_paths(doc: str, bm25: BM25Index) -> list[Path]:
    """The paths of one guide page of the index (read once per page)."""
    cache = _CACHE.setdefault(bm25, {})
    if doc not in cache:
        chunks = [bm25.chunks[r] for r in document_rows(bm25).get(doc, [])]
        cache[doc] = paths_of(chunks) if chunks and chunks[0].kind == "page" else []
    return cache[doc]


def best_path(
    question: str, hits: Sequence[Hit], bm25: BM25Index, idf: Callable[[str], float]
) -> Path | None:
    """The path of the best-ranked page among `hits` that has one: the one covering the question best
    by its title, section, opening and steps (an outline: its steps' headings), the earlier on a tie."""
    asked, named = Asked.of(question, idf), frozenset(tokenize(question))
    for doc in dict.fromkeys(h.chunk.doc_id for h in hits):
        paths = page_paths(doc, bm25)
        if paths:
            # "in what order should I add tests?" asks about an outline's "Testing" step, not the page's paths
            if any(h and h <= named for p in paths for h in p.step_names):
                return None
            return max(paths, key=lambda p: asked.cover(p.terms))
    return None


def path_first(
    question: str, hits: Sequence[Hit], bm25: BM25Index, idf: Callable[[str], float], k: int
) -> list[Hit]:
    """`hits` with the chunk of the best path among the first `k` hits' pages first, for a question
    after an order or a start; else `hits` as they are."""
    if not hits or not asks_order(question):
        return list(hits)
    path = best_path(question, hits[:k], bm25, idf)
    if path is None:
        return list(hits)
    rest = [h for h in hits if h.chunk.id != path.head.id]
    return [Hit(chunk=path.head, score=hits[0].score), *rest]


def path_lead(
    question: str, sources: Sequence[Source], bm25: BM25Index, idf: Callable[[str], float]
) -> tuple[Lead, str] | None:
    """(the path as a list lead, its page's doc id) when the question asks an order and a source
    is cited by the best path of the sources' pages."""
    if not asks_order(question):
        return None
    path = best_path(question, [s.hit for s in sources], bm25, idf)
    source = next((s for s in sources if path is not None and path.head.id in {c.id for c in s.chunks}), None)
    if path is None or source is None:
        return None
    label = frozenset(tokenize(f"{path.head.title} {path.head.section}"))
    lines = tuple(
        Line(source.n, -1 - i, step, frozenset(tokenize(step)), label, marker=f"{i}.")
        for i, step in enumerate(path.steps[:MAX_STEPS], start=1)
    )
    lead = Lead(lines, label=source.label.replace("*", ""), intro=path.intro, intro_is_line=bool(path.intro))
    return lead, path.head.doc_id


def ordered_first(
    question: str, hits: Sequence[Hit], bm25: BM25Index, idf: Callable[[str], float], k: int
) -> list[Hit]:
    """The answer's hits: the page for the asker's background first (`audience_first`), then the path
    a question after an order asks for first."""
    return path_first(question, audience_first(question, hits, bm25, k), bm25, idf, k)


def ordered_lead(
    question: str, context: Context, bm25: BM25Index, idf: Callable[[str], float]
) -> tuple[Lead | None, Context]:
    """(the offline answer's lead, the context its other quotes come from): the path a question after
    an order asks for with its page's sources alone, else `placed_lead` with the whole context (or, when the
    asker is a reader on the way into the role, with its page's sources and its overview's:
    `audience_sources`)."""
    found = path_lead(question, context.sources, bm25, idf)
    if found is None:
        own = audience_sources(question, context.sources, bm25)
        context = replace(context, sources=own or context.sources)
        lead = placed_lead(question, lead_sources(question, context.sources, idf), idf)
        return from_start(lead, context.sources, bm25), context
    lead, doc = found
    return lead, replace(context, sources=[s for s in context.sources if s.hit.chunk.doc_id == doc])
