"""Numbered sources for the prompt, assembled in rank order within a token budget.

A source that does not fit whole is cut at a sentence boundary (never mid-sentence); a source
that cannot keep even one sentence ends the context. Source text is data: the tags that delimit
sources are neutralised inside it so a source cannot close its own block.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from rag.answer.sentences import fit_prefix
from rag.records import Citation, Hit

_TAG = re.compile(r"<(/?)(source)", re.IGNORECASE)


@dataclass(frozen=True)
class Source:
    """One numbered source given to the model: a retrieved chunk's text, possibly cut short."""

    n: int
    hit: Hit
    text: str  # what the model sees: the chunk text, possibly cut at a sentence boundary
    truncated: bool

    @property
    def url(self) -> str:
        return self.hit.chunk.url

    @property
    def label(self) -> str:
        c = self.hit.chunk
        return f"{c.title} — {c.section}" if c.section else c.title

    def citation(self) -> Citation:
        """This source as an answer cites it."""
        return Citation.of(self.n, self.hit.chunk)

    def render(self) -> str:
        c = self.hit.chunk
        body = _TAG.sub(lambda m: f"&lt;{m[1]}{m[2]}", self.text.strip())
        section = f"\nsection: {c.section}" if c.section else ""
        return f'<source n="{self.n}">\ntitle: {c.title}{section}\nurl: {c.url}\n\n{body}\n</source>'


@dataclass(frozen=True)
class Context:
    """The numbered sources of one answer, within the prompt's token budget."""

    sources: list[Source]
    tokens: int
    budget: int

    def render(self) -> str:
        return "\n\n".join(s.render() for s in self.sources)

    def numbers(self) -> set[int]:
        return {s.n for s in self.sources}

    def by_number(self) -> dict[int, Source]:
        return {s.n: s for s in self.sources}

    def urls(self) -> set[str]:
        return {s.url for s in self.sources}


def build_context(
    hits: list[Hit], count_tokens: Callable[[str], int], budget: int, max_sources: int | None = None
) -> Context:
    """Sources numbered from 1 in rank order; the rendered block stays within `budget` tokens."""
    sources: list[Source] = []
    used = 0
    seen: set[str] = set()
    for hit in hits:
        if max_sources is not None and len(sources) >= max_sources:
            break
        key = " ".join(hit.chunk.text.split())
        if hit.chunk.id in seen or key in seen or not key:
            continue
        n = len(sources) + 1
        separator = 2 if sources else 0  # the blank line between two sources
        whole = Source(n, hit, hit.chunk.text, truncated=False)
        cost = count_tokens(whole.render()) + separator
        if used + cost <= budget:
            sources.append(whole)
            used += cost
        else:
            left = budget - used - separator

            def fits(prefix: str, n: int = n, hit: Hit = hit, left: int = left) -> bool:
                return count_tokens(Source(n, hit, prefix, True).render()) <= left

            prefix = fit_prefix(hit.chunk.text, fits)
            if prefix.strip():
                cut = Source(n, hit, prefix, truncated=True)
                sources.append(cut)
                used += count_tokens(cut.render()) + separator
            break
        seen.update((hit.chunk.id, key))
    return Context(sources=sources, tokens=used, budget=budget)
