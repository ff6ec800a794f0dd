"""Numbered sources for the prompt, assembled in rank order within a token budget.

Chunks of one URL (same document and URL: one section of a page, or any part of a posting, whose
sections share its file's URL) become one source, their texts joined in document order with the
chunker's overlap removed, so one URL gets one number. A source that does
not fit whole is cut at a sentence boundary (never mid-sentence); a source that cannot keep even
one sentence ends the context. Source text is data: the tags that delimit
sources are neutralised inside it so a source cannot close its own block.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from rag.answer.sentences import fit_prefix
from rag.records import Chunk, Citation, Hit

_TAG = re.compile(r"<(/?)(source)", re.IGNORECASE)
_CHUNK_NUMBER = re.compile(r"#(?:summary-?)?(\d*)$")
MAX_OVERLAP_CHARS = 400  # longer than the chunker's 24-piece overlap
MIN_OVERLAP_CHARS = 12  # shorter repeats are a coincidence, not the chunker's overlap


@dataclass(frozen=True)
class Source:
    """One numbered source given to the model: a retrieved chunk's text, possibly cut short."""

    n: int
    hit: Hit
    text: str  # what the model sees: the chunk text, possibly cut at a sentence boundary
    truncated: bool
    parts: tuple[Chunk, ...] = ()  # the chunks joined in `text`, in document order (default: the hit's)

    @property
    def chunks(self) -> tuple[Chunk, ...]:
        return self.parts or (self.hit.chunk,)

    @property
    def sections(self) -> tuple[str, ...]:
        """The sections joined in `text`, in document order."""
        return tuple(dict.fromkeys(c.section for c in self.chunks))

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
        named = " · ".join(s for s in self.sections if s) or c.section
        section = f"\nsection: {named}" if named else ""
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

    def chunks(self) -> list[Chunk]:
        """Every chunk the sources hold, source by source."""
        return [c for s in self.sources for c in s.chunks]


def _position(chunk_id: str) -> tuple[int, int]:
    """Where a chunk sits in its document: summary chunks first, then numbered ones."""
    m = _CHUNK_NUMBER.search(chunk_id)
    if not m:
        return (2, 0)
    return (0 if "#summary" in chunk_id else 1, int(m[1] or 0))


def join_overlapping(first: str, second: str) -> str:
    """`first` + `second`, without the text the second repeats from the end of the first."""
    a, b = first.rstrip(), second.lstrip()
    for size in range(min(len(a), len(b), MAX_OVERLAP_CHARS), MIN_OVERLAP_CHARS - 1, -1):
        if a.endswith(b[:size]) and (size == len(b) or not b[size - 1].isalnum() or not b[size].isalnum()):
            return a + b[size:]
    return a + "\n\n" + b


def _by_url(hits: list[Hit]) -> list[Source]:
    """One unnumbered source (n=0) per URL, in the rank order of each URL's best hit."""
    groups: dict[tuple[str, str, str], list[Hit]] = {}
    seen: set[str] = set()
    for hit in hits:
        c = hit.chunk
        key = " ".join(c.text.split())
        if c.id in seen or key in seen or not key:
            continue
        seen.update((c.id, key))
        groups.setdefault((c.doc_id, c.url), []).append(hit)
    out = []
    for group in groups.values():
        parts = tuple(h.chunk for h in sorted(group, key=lambda h: _position(h.chunk.id)))
        text = parts[0].text
        for part in parts[1:]:
            text = join_overlapping(text, part.text)
        out.append(Source(0, group[0], text, False, parts))
    return out


def build_context(
    hits: list[Hit], count_tokens: Callable[[str], int], budget: int, max_sources: int | None = None
) -> Context:
    """Sources numbered from 1 in rank order; the rendered block stays within `budget` tokens."""
    sources: list[Source] = []
    used = 0
    for found in _by_url(hits):
        if max_sources is not None and len(sources) >= max_sources:
            break
        separator = 2 if sources else 0  # the blank line between two sources
        whole = replace(found, n=len(sources) + 1)
        cost = count_tokens(whole.render()) + separator
        if used + cost <= budget:
            sources.append(whole)
            used += cost
        else:
            left = budget - used - separator

            def fits(prefix: str, whole: Source = whole, left: int = left) -> bool:
                return count_tokens(replace(whole, text=prefix, truncated=True).render()) <= left

            prefix = fit_prefix(whole.text, fits)
            if prefix.strip():
                cut = replace(whole, text=prefix, truncated=True)
                sources.append(cut)
                used += count_tokens(cut.render()) + separator
            break
    return Context(sources=sources, tokens=used, budget=budget)
