"""The one retrieval entry point: dense, BM25 or hybrid (reciprocal-rank fusion) search.

Hybrid search routes before fusing (weights tuned on dev, evals/README.md): a question that names
a company the corpus knows adds dense and BM25 rankings over that company's documents (and, at a
lower weight, over the guide's pages, which may describe that company's interviews); any other
question adds rankings over the guide's own pages, which would otherwise lose to the postings that
make up most of the chunks; if it also asks about postings ("how many job ads want X?"), rankings
over the page chunks that state the guide's job-market figures (shares of postings) are added too.
A question naming the audience a guide page is written for ("backend engineer here: …" and "From
Backend Engineer to AI Engineer", rag/index/audiences.py) adds rankings over that page's chunks,
named as the page lanes: the broad pages that share more of its words would otherwise outrank it. So
does a question naming a page as such ("the skills page", rag/index/page_names.py).
After fusion, page chunks that are mostly links (the guide's reading lists) are demoted: they share
many words with any question but rarely answer one. So are the pages of the guide's research data
(under a `data/` folder): exports of collected stories and trends that its chapters distil, whose
many loosely related sections outrank the chapter that answers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from rag.index.audiences import for_index as audiences_for
from rag.index.catalog import catalog_for
from rag.index.filters import Filters
from rag.index.page_names import for_index as pages_for
from rag.index.page_names import names_talks
from rag.index.rerank import Lane, Reranker, group_of
from rag.index.store import ActiveIndex
from rag.records import Chunk, Hit
from rag.shorthand import spell_out

MODES = ("hybrid", "dense", "bm25")
PAGES = Filters(kind="page")
# A question about the postings themselves, whose answer is a figure of the job data.
ABOUT_POSTINGS = re.compile(
    r"\b(postings?|job (?:posts?|ads?|adverts?|descriptions?|listings?)|adverts|listings?|jobs|job market"
    r"|requirements?|employers?|openings)\b",
    re.I,
)


class QueryEncoder(Protocol):
    """What embeds queries for dense search (the embedder, or a fake in tests)."""

    def encode(self, texts: list[str]) -> np.ndarray: ...


@dataclass(frozen=True)
class FusionParams:
    """Reciprocal-rank-fusion settings: k, the weight of each ranking, and how deep each goes."""

    k: int = 20
    dense_weight: float = 1.0
    bm25_weight: float = 1.0
    depth: int = 50
    page_weight: float = 0.0  # extra rankings over the guide's pages (no company named)
    company_weight: float = 0.0  # extra rankings over a company the question names
    doc_weight: float = 0.0  # a document's further chunks add this share of their score (collapse)
    company_page_weight: float = 0.0  # rankings over the guide's pages when a company is named
    link_penalty: float = 0.0  # a page chunk's fused score x (1 - this x its share of link text)
    data_weight: float = 1.0  # a research-data page chunk's fused score x this
    figures_weight: float = 0.0  # rankings over the pages' figure chunks (a question about postings)
    audience_weight: float = 0.0  # rankings over the page written for an audience the question names
    talks_weight: float = 0.0  # rankings over the webinar pages when the question names the talks


def reciprocal_rank_fusion(
    rankings: list[tuple[list[tuple[Chunk, float]], float]], k: int
) -> list[tuple[Chunk, float]]:
    """score(chunk) = sum over rankings of weight / (k + rank), rank counted from 1."""
    scores: dict[str, float] = {}
    chunks: dict[str, Chunk] = {}
    for ranking, weight in rankings:
        for rank, (chunk, _) in enumerate(ranking, start=1):
            scores[chunk.id] = scores.get(chunk.id, 0.0) + weight / (k + rank)
            chunks[chunk.id] = chunk
    ordered = sorted(scores, key=lambda cid: (-scores[cid], cid))
    return [(chunks[cid], scores[cid]) for cid in ordered]


def collapse_documents(
    ranked: list[tuple[Chunk, float]], doc_weight: float = 0.0
) -> list[tuple[Chunk, float]]:
    """The best-ranked chunk of each document, scored by it plus `doc_weight` x its other chunks."""
    best: dict[str, tuple[Chunk, float]] = {}
    total: dict[str, float] = {}
    for chunk, score in ranked:
        if chunk.doc_id not in best:
            best[chunk.doc_id] = (chunk, score)
            total[chunk.doc_id] = score
        else:
            total[chunk.doc_id] += doc_weight * score
    order = sorted(best, key=lambda d: (-total[d], best[d][0].id))
    return [(best[d][0], total[d]) for d in order]


def demote_pages(
    ranked: list[tuple[Chunk, float]],
    link_share: dict[str, float],
    penalty: float,
    data_chunks: frozenset[str] = frozenset(),
    data_weight: float = 1.0,
) -> list[tuple[Chunk, float]]:
    """Scale each chunk's score by (1 - penalty x its share of link text), and by `data_weight` if it
    is in `data_chunks`; re-sort."""
    if not penalty and data_weight == 1.0:
        return ranked
    scaled = [
        (c, s * (1 - penalty * link_share.get(c.id, 0.0)) * (data_weight if c.id in data_chunks else 1.0))
        for c, s in ranked
    ]
    return sorted(scaled, key=lambda cs: (-cs[1], cs[0].id))


class Retriever:
    """Dense, BM25 and hybrid (fused) search over the active index, with filters."""

    def __init__(
        self,
        index: ActiveIndex,
        encoder: QueryEncoder,
        fusion: FusionParams,
        reranker: Reranker | None = None,
    ):
        self.index = index
        self.encoder = encoder
        self.fusion = fusion
        self.reranker = reranker  # the learned re-ranker of hybrid search's top chunks, if on
        self._last: tuple[str, np.ndarray] | None = None

    def _vector(self, query: str) -> np.ndarray:
        """The query's vector, embedded once per question (hybrid search runs two dense rankings)."""
        last = self._last
        if last is None or last[0] != query:
            last = self._last = (query, self.encoder.encode([query])[0])
        return last[1]

    def dense(self, query: str, depth: int, filters: Filters | None = None) -> list[tuple[Chunk, float]]:
        vector = self._vector(query)
        return [(self.index.chunk(pid), s) for pid, s in self.index.vectors.search(vector, depth, filters)]

    def bm25(self, query: str, depth: int, filters: Filters | None = None) -> list[tuple[Chunk, float]]:
        return self.index.bm25.search(query, depth, filters)

    def company_routes(self, query: str) -> list[Filters]:
        """A filter per company the query names (at most two), longest name first."""
        return [Filters(company=c.name) for c in catalog_for(self.index.bm25).companies_in(query)[:2]]

    def routes(self, query: str) -> list[tuple[Filters, float]]:
        """(filter, fusion weight) of the extra rankings hybrid search fuses in (see the module doc)."""
        f = self.fusion
        if f.company_weight and (named := self.company_routes(query)):
            pages = [(PAGES, f.company_page_weight)] if f.company_page_weight else []
            return [(route, f.company_weight) for route in named] + pages
        return [(PAGES, f.page_weight)] if f.page_weight else []

    def asks_for_figures(self, query: str) -> bool:
        """A question about postings that names no company: the guide's figures may answer it."""
        f = self.fusion
        named = f.company_weight and self.company_routes(query)
        return bool(f.figures_weight and f.page_weight and not named and ABOUT_POSTINGS.search(query))

    def figure_rankings(self, query: str, depth: int) -> list[list[tuple[Chunk, float]]]:
        """Dense and BM25 rankings over the page chunks that state job-market figures."""
        catalog = catalog_for(self.index.bm25)
        every = catalog.page_chunks  # rank them all: figure chunks are few and anywhere in the list
        rankings = (self.dense(query, every, PAGES), self.bm25(query, every, PAGES))
        return [[(c, s) for c, s in r if c.id in catalog.figure_chunks][:depth] for r in rankings]

    def audience_lanes(self, query: str, depth: int) -> list[Lane]:
        """Dense and BM25 rankings over each page written for an audience the question names in full
        ("data scientist here: …"; a shortened name, "ML or AI", is left to the answer's lead), over
        each page it names as a page ("the skills page", rag/index/page_names.py), and over the webinar
        pages together when it names the talks or their speaker ("advice from the session?")."""
        f, bm25 = self.fusion, self.index.bm25
        docs = (
            list(
                dict.fromkeys([*audiences_for(bm25).named(query, whole=True), *pages_for(bm25).named(query)])
            )
            if f.audience_weight
            else []
        )
        talks = bool(f.talks_weight) and names_talks(query)
        if not docs and not talks:
            return []
        every = catalog_for(self.index.bm25).page_chunks  # one page's chunks are anywhere in the list
        dense, bm25 = self.dense(query, every, PAGES), self.bm25(query, every, PAGES)
        rankings = (("page_dense", dense), ("page_bm25", bm25))
        # named as the page lanes, whose ranks the re-ranker reads: these are page rankings too
        lanes = [
            Lane(name, [(c, s) for c, s in ranking if c.doc_id == doc][:depth], f.audience_weight)
            for doc in docs
            for name, ranking in rankings
        ]
        if talks:
            lanes += [
                Lane(name, [(c, s) for c, s in ranking if group_of(c) == "webinars"][:depth], f.talks_weight)
                for name, ranking in rankings
            ]
        return lanes

    def lanes(
        self, query: str, depth: int, filters: Filters | None = None, mode: str = "hybrid"
    ) -> list[Lane]:
        """The rankings to fuse, named: the plain dense and BM25 ones, then the routed ones."""
        f = self.fusion
        out = []
        if mode in ("dense", "hybrid"):
            out.append(Lane("dense", self.dense(query, depth, filters), f.dense_weight))
        if mode in ("bm25", "hybrid"):
            out.append(Lane("bm25", self.bm25(query, depth, filters), f.bm25_weight))
        if mode == "hybrid" and not filters:
            for route, weight in self.routes(query):
                lane = "page" if route == PAGES else "company"
                out += [
                    Lane(f"{lane}_dense", self.dense(query, depth, route), weight),
                    Lane(f"{lane}_bm25", self.bm25(query, depth, route), weight),
                ]
            if self.asks_for_figures(query):
                dense, bm25 = self.figure_rankings(query, depth)
                out += [
                    Lane("figures_dense", dense, f.figures_weight),
                    Lane("figures_bm25", bm25, f.figures_weight),
                ]
            out += self.audience_lanes(query, depth)
        return out

    def rankings(
        self, query: str, depth: int, filters: Filters | None = None, mode: str = "hybrid"
    ) -> list[tuple[list[tuple[Chunk, float]], float]]:
        """(ranking, fusion weight) pairs of `lanes`."""
        return [(lane.ranking, lane.weight) for lane in self.lanes(query, depth, filters, mode)]

    def fused(
        self, query: str, lanes: list[Lane], spread: bool = True, rerank: bool = True
    ) -> list[tuple[Chunk, float]]:
        """Hybrid search's chunks, best first: fused, demoted and, with a re-ranker and `rerank`,
        re-ranked (a document's chunks spread out, unless the list is for collapsing to documents)."""
        ranked = reciprocal_rank_fusion([(lane.ranking, lane.weight) for lane in lanes], self.fusion.k)
        catalog, f = catalog_for(self.index.bm25), self.fusion
        ranked = demote_pages(ranked, catalog.link_share, f.link_penalty, catalog.data_chunks, f.data_weight)
        if self.reranker is not None and rerank:
            ranked = self.reranker.rerank(query, lanes, ranked, catalog, self.index.bm25, spread)
        return ranked

    def retrieve(
        self,
        query: str,
        k: int = 5,
        filters: Filters | None = None,
        mode: str = "hybrid",
        collapse: bool = False,
    ) -> list[Hit]:
        if mode not in MODES:
            raise ValueError(f"mode must be one of {', '.join(MODES)}, not {mode!r}")
        if not query.strip() or k < 1:
            return []
        query = spell_out(query)  # "swe" searched as "swe (software engineer)"
        if self.fusion.audience_weight:  # "DE" searched as "DE (Data Engineer)"
            query = audiences_for(self.index.bm25).spelled(query)
        # Collapsing to documents needs deeper lists: a posting alone has several chunks.
        depth = max(self.fusion.depth, k * (8 if collapse else 1))
        lanes = self.lanes(query, depth, filters, mode)
        if mode == "hybrid":  # the re-ranker learned unfiltered search's lanes
            ranked = self.fused(query, lanes, spread=not collapse, rerank=not filters)
        else:
            ranked = lanes[0].ranking
        if collapse:
            ranked = collapse_documents(ranked, self.fusion.doc_weight)
        return [Hit(chunk=c, score=s) for c, s in ranked[:k]]
