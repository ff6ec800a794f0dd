"""A market value's own line from the guide's pages, when a question's top sections may not hold it.

The guide's overall skills lists ("Redis - 43 jobs", "Docker - 277 jobs") sit in one long section that
a question's top chunks seldom reach: "is Redis asked for much?" retrieves the learning path's "Redis -
caching and session management" and webinar answers, so the market answer quoted no guide figure, or
one for a sub-group. For each value a market spec counts, the guide's page chunks that BM25 ranks for
the value's own name and that hold a line about it stating a figure ("Redis - 43 jobs", "Docker (31%)",
a row "Docker | 31.2% | 30.6%") join the quote's candidate sources (a chunk of a section already given
joins that source); the usual scoring then picks each value's line among them all. Nothing is added
where no page states a figure about the value.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace

from rag.answer.context import Source, build_context
from rag.answer.figure_shapes import TALLY
from rag.answer.lead import lines_of, value_terms
from rag.index.retrieve import PAGES
from rag.records import Chunk, Hit

LOOKUP_DEPTH = 60  # page chunks BM25 ranks per value name
MAX_FOUND = 2  # chunks added per value (beyond those already given)
MAX_NAMES = 5  # values looked up (market_lead quotes at most this many)


def _stated(name: str) -> re.Pattern:
    """The value's name followed by a figure: "Redis - 43", "Docker (31", "Docker | 31.2%", "RAG: 3"."""
    return re.compile(rf"(?<![\w-]){re.escape(name)}\s*(?:[-–:|]\s*|\(\s*~?)\d", re.IGNORECASE)


def _states_about(chunk: Chunk, name: str) -> bool:
    """The chunk has a line whose subject (or one of its "Name (figure)" entries) is the value and
    that states a count or share ("Redis - 43 jobs", not "OpenAI - 45-min presentation")."""
    if not _stated(name).search(chunk.text):
        return False
    terms = value_terms(name)
    source = Source(0, Hit(chunk=chunk, score=0.0), chunk.text, False)
    return any(
        (line.subject == terms or terms in line.entries) and TALLY.search(line.text)
        for line in lines_of(source)
    )


def found_chunks(
    search: Callable[..., list[tuple[Chunk, float]]],
    names: Sequence[str],
    given: Sequence[Source],
    pages: frozenset[str] | None,
) -> list[Chunk]:
    """For each value name, the best-ranked chunks (at most MAX_FOUND) of the guide's analysis `pages`
    (source paths: the pages whose job-description sample is known; None: any guide page) stating a
    figure about it that no `given` source holds; `search(query, depth, filters)` is BM25 over the index."""
    have = {c.id for s in given for c in s.chunks}
    out: dict[str, Chunk] = {}
    for name in names[:MAX_NAMES]:
        if not value_terms(name):
            continue
        kept = 0
        for chunk, _ in search(name, LOOKUP_DEPTH, PAGES):
            if kept >= MAX_FOUND:
                break
            if chunk.id in have or (pages is not None and not pages.intersection(chunk.source_paths)):
                continue
            if _states_about(chunk, name):
                out.setdefault(chunk.id, chunk)
                kept += 1
    return list(out.values())


def with_value_lines(
    sources: Sequence[Source], found: Sequence[Chunk], count_tokens: Callable[[str], int], budget: int
) -> list[Source]:
    """`sources` with the `found` chunks they lack: a chunk of a given source's section joins that
    source (one section, one number), the others follow as new sources numbered after them."""
    have = {c.id for s in sources for c in s.chunks}
    new = [c for c in found if c.id not in have]
    if not new:
        return list(sources)
    out = list(sources)
    rest: list[Chunk] = []
    for chunk in new:
        key = (chunk.doc_id, chunk.url)
        i = next((i for i, s in enumerate(out) if (s.hit.chunk.doc_id, s.url) == key), None)
        if i is None:
            rest.append(chunk)
            continue
        hits = [Hit(chunk=c, score=out[i].hit.score) for c in out[i].chunks] + [Hit(chunk=chunk, score=0.0)]
        merged = build_context(hits, count_tokens, budget).sources
        if merged:
            out[i] = replace(merged[0], n=out[i].n, hit=out[i].hit)
    extra = build_context([Hit(chunk=c, score=0.0) for c in rest], count_tokens, budget).sources
    return out + [replace(s, n=len(out) + i) for i, s in enumerate(extra, start=1)]
