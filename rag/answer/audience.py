"""Who a guide page is written for, and which page an answer leads with because of it.

The guide writes some pages for one reader: "From Backend Engineer to AI Engineer" is for backend
engineers, and it sits beside an overview for everyone (its folder's README.md, "Learning Path for
AI Engineers"). Both are read from the index's titles, not from a list of words: a page whose title
is "From <audience> to <role>" is written for that audience. A question that names an audience
("backend dev here, ...", "as an ML engineer") gets that page's best chunk first, also when the
search ranked it below the answer's hits. A question that names none ("what should I learn first?")
while the hits hold pages written for someone else gets the overview first and those pages last.
"""

from __future__ import annotations

import re
import weakref
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath

from rag.answer.grounding import document_rows
from rag.index.bm25 import BM25Index
from rag.index.text_tokens import tokenize
from rag.records import Chunk, Hit

_FOR = re.compile(r"^\s*From (.+?) to \S", re.IGNORECASE)
OVERVIEW = "README.md"


@dataclass(frozen=True)
class Audiences:
    """The pages written for one audience (doc id -> the stems that name it) and each one's overview."""

    names: dict[str, tuple[str, ...]]
    overview: dict[str, str]  # an audience page's doc id -> its folder's overview doc id
    shortened: frozenset[str] = frozenset()  # pages named without their role word ("backend")

    def named(self, query: str) -> list[str]:
        """The audience pages whose audience the question names, in the question's order. A name
        without its role word names a reader only with a word after it ("backend dev", "ML engineer
        here"), not as the question's last word ("... infra, sales, frontend?")."""
        stems = tokenize(query)
        found = []
        for doc, key in self.names.items():
            at = _at(stems, key, following=doc in self.shortened)
            if at is not None:
                found.append((at, doc))
        return [doc for _, doc in sorted(found)]


def _at(stems: Sequence[str], key: tuple[str, ...], following: bool = False) -> int | None:
    """Where `key` stands in `stems`, its words in a row (and, with `following`, a word after them)."""
    n = len(key)
    last = len(stems) - n - (1 if following else 0)
    return next((i for i in range(last + 1) if tuple(stems[i : i + n]) == key), None)


def _keys(audiences: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    """The shortest name of each audience: "backend" for "backend engineer" (the role word every
    audience shares is left out), "data engineer" whole (its first word names data scientists too)."""
    last = Counter(words[-1] for words in audiences.values() if len(words) > 1)
    firsts = Counter(w for words in audiences.values() for w in words[:-1] or words)
    out = {}
    for doc, words in audiences.items():
        short = words[:-1] if len(words) > 1 and last[words[-1]] > 1 else words
        out[doc] = short if len(short) > 1 or firsts[short[0]] == 1 else words
    return out


def audiences_of(chunks: Sequence[Chunk]) -> Audiences:
    """The audience pages among `chunks` ("From <audience> to ..." titles) with an overview beside them."""
    titles = {c.doc_id: (c.title, c.source_paths[0]) for c in chunks if c.kind == "page" and c.source_paths}
    docs_by_path = {path: doc for doc, (_, path) in titles.items()}
    audiences, overview = {}, {}
    for doc, (title, path) in titles.items():
        m = _FOR.match(title)
        beside = docs_by_path.get(str(PurePosixPath(path).with_name(OVERVIEW)))
        if m and tokenize(m[1]) and beside is not None and beside != doc:
            audiences[doc] = tuple(tokenize(m[1]))
            overview[doc] = beside
    keys = _keys(audiences)
    return Audiences(keys, overview, frozenset(d for d, key in keys.items() if key != audiences[d]))


_CACHE: weakref.WeakKeyDictionary[BM25Index, Audiences] = weakref.WeakKeyDictionary()


def for_index(bm25: BM25Index) -> Audiences:
    """The index's audience pages (read once per index)."""
    if bm25 not in _CACHE:
        _CACHE[bm25] = audiences_of(bm25.chunks)
    return _CACHE[bm25]


def best_chunk(query: str, doc: str, hits: Sequence[Hit], bm25: BM25Index) -> Hit | None:
    """The document's chunk among `hits` ranked first, else its chunk of the best BM25 score."""
    held = next((h for h in hits if h.chunk.doc_id == doc), None)
    if held is not None:
        return held
    rows = document_rows(bm25).get(doc, [])
    if not rows:
        return None
    scores = bm25.scores(tokenize(query))
    row = max(rows, key=lambda r: (scores[r], -r))
    return Hit(bm25.chunks[row], hits[0].score if hits else 0.0)


def audience_first(query: str, hits: Sequence[Hit], bm25: BM25Index, k: int) -> list[Hit]:
    """`hits` with the page written for the audience the question names first (when the hits hold a page
    of its kind: a question about a posting naming "ML" is not asked from a learning path), or, when
    it names none and the first `k` hits hold pages written for someone else, their overview first
    and them last."""
    pages = for_index(bm25)
    if not hits or not pages.names:
        return list(hits)
    head = hits[:k]
    named = pages.named(query)
    family = set(pages.names) | set(pages.overview.values())
    others: set[str] = set()
    if named:
        if not any(h.chunk.doc_id in family for h in hits):  # the search found no page of the paths
            return list(hits)
        leads = [best_chunk(query, doc, hits, bm25) for doc in named[:1]]
    else:
        others = {h.chunk.doc_id for h in head if h.chunk.doc_id in pages.names}
        overviews = list(dict.fromkeys(pages.overview[d] for d in others))
        leads = [best_chunk(query, doc, hits, bm25) for doc in overviews]
    leads = [h for h in leads if h is not None]
    if not leads:
        return list(hits)
    ids = {h.chunk.id for h in leads}
    rest = [h for h in hits if h.chunk.id not in ids]
    kept = [h for h in rest if h.chunk.doc_id not in others]
    return [*leads, *kept, *(h for h in rest if h.chunk.doc_id in others)]
