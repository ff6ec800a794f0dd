"""A numbered list that a chunk boundary cut: the lead shows it from its first item.

A long section is cut into chunks, so the chunk that matches a question best may hold only the end of
a numbered list ("5. System Design Round …", "6. Behavioral …", "7. Final …"), and a list lead read from
it would start at step 5. The items before it sit in the chunks just before that one in the same
section; they are read from the index (its chunks in document order) and put before the lead's items,
under the list's introducing line. Only a list whose numbers run on (…, 4. then 5.) is joined.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from rag.answer.context import Source
from rag.answer.grounding import document_rows
from rag.answer.lead import MAX_ITEMS, Lead, Line
from rag.answer.lists import lists_of
from rag.index.bm25 import BM25Index
from rag.records import Chunk, Hit

_NUMBER = re.compile(r"\d+")
MAX_CHUNKS_BACK = 3  # how far back in the section the list's start is looked for


def _number(line: Line) -> int | None:
    found = _NUMBER.match(line.marker)
    return int(found[0]) if found else None


def _earlier(chunk: Chunk, bm25: BM25Index) -> list[Chunk]:
    """The chunks of the same section just before `chunk`, in document order."""
    rows = document_rows(bm25).get(chunk.doc_id, [])
    at = next((i for i, r in enumerate(rows) if bm25.chunks[r].id == chunk.id), 0)
    out: list[Chunk] = []
    for r in reversed(rows[max(0, at - MAX_CHUNKS_BACK) : at]):
        if bm25.chunks[r].section != chunk.section:
            break
        out.insert(0, bm25.chunks[r])
    return out


def from_start(lead: Lead | None, sources: Sequence[Source], bm25: BM25Index) -> Lead | None:
    """`lead` with its numbered list's first items when a chunk boundary cut them off; else `lead`."""
    first = _number(lead.lines[0]) if lead is not None and lead.kind == "list" else None
    if lead is None or first is None or first <= 1:
        return lead
    source = next((s for s in sources if s.n == lead.lines[0].n), None)
    earlier = _earlier(source.chunks[0], bm25) if source is not None else []
    if not earlier:
        return lead
    text = "\n\n".join(c.text for c in earlier)
    before = Source(source.n, Hit(earlier[0], 0.0), text, truncated=False)
    for intro, items in reversed(lists_of(before)):
        numbers = [_number(i) for i in items]
        if numbers[-1] == first - 1 and numbers[0] == 1:
            # positions before the source's own text: no quote of the source is taken for one of these
            moved = tuple(replace(i, position=i.position - len(text) - 1) for i in items)
            return replace(lead, lines=(*moved, *lead.lines)[:MAX_ITEMS], intro=lead.intro or intro)
    return lead
