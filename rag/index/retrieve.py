"""The one retrieval entry point: dense, BM25 or hybrid (reciprocal-rank fusion) search."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np

from rag.index.filters import Filters
from rag.index.store import ActiveIndex
from rag.records import Chunk, Hit

MODES = ("hybrid", "dense", "bm25")


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


def collapse_documents(ranked: list[tuple[Chunk, float]]) -> list[tuple[Chunk, float]]:
    """Keep the best-ranked chunk of each document."""
    seen: set[str] = set()
    out = []
    for chunk, score in ranked:
        if chunk.doc_id not in seen:
            seen.add(chunk.doc_id)
            out.append((chunk, score))
    return out


class Retriever:
    """Dense, BM25 and hybrid (fused) search over the active index, with filters."""

    def __init__(self, index: ActiveIndex, encoder: QueryEncoder, fusion: FusionParams):
        self.index = index
        self.encoder = encoder
        self.fusion = fusion

    def dense(self, query: str, depth: int, filters: Filters | None = None) -> list[tuple[Chunk, float]]:
        vector = self.encoder.encode([query])[0]
        return [(self.index.chunk(pid), s) for pid, s in self.index.vectors.search(vector, depth, filters)]

    def bm25(self, query: str, depth: int, filters: Filters | None = None) -> list[tuple[Chunk, float]]:
        return self.index.bm25.search(query, depth, filters)

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
        # Collapsing to documents needs deeper lists: a posting alone has several chunks.
        depth = max(self.fusion.depth, k * (8 if collapse else 1))
        dense = self.dense(query, depth, filters) if mode in ("dense", "hybrid") else []
        bm25 = self.bm25(query, depth, filters) if mode in ("bm25", "hybrid") else []
        if mode == "hybrid":
            ranked = reciprocal_rank_fusion(
                [(dense, self.fusion.dense_weight), (bm25, self.fusion.bm25_weight)], self.fusion.k
            )
        else:
            ranked = dense or bm25
        if collapse:
            ranked = collapse_documents(ranked)
        return [Hit(chunk=c, score=s) for c, s in ranked[:k]]
