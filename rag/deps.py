"""Clients built once at the edge (a CLI command, the app's lifespan) and passed down together."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rag.config import Settings
from rag.index.embedder import Embedder
from rag.index.retrieve import FusionParams, Retriever
from rag.index.store import ActiveIndex, IndexStore


def fusion_params(settings: Settings) -> FusionParams:
    return FusionParams(
        k=settings.rrf_k,
        dense_weight=settings.rrf_dense_weight,
        bm25_weight=settings.rrf_bm25_weight,
        depth=settings.fusion_depth,
        page_weight=settings.rrf_page_weight,
        company_weight=settings.rrf_company_weight,
        doc_weight=settings.doc_score_weight,
    )


def load_embedder(settings: Settings) -> Embedder:
    return Embedder(settings.embedding_model, settings.embedding_device, settings.embed_batch_size)


def limit_query_threads(threads: int) -> None:
    """Waking a torch thread pool for one short query costs more than it saves (2 cores)."""
    import torch

    torch.set_num_threads(threads)


@dataclass
class Deps:
    """The clients one process answers with (settings, embedder, active index, retriever and the
    version's market desk), opened once."""

    settings: Settings
    embedder: Embedder
    index: ActiveIndex
    retriever: Retriever
    # The version's market desk (rag.market.desk.with_market attaches it: rag.market is a higher layer).
    market: Any = None

    @classmethod
    def open(
        cls, settings: Settings, embedder: Embedder | None = None, store: IndexStore | None = None
    ) -> Deps:
        index = (store or IndexStore(settings)).open_active()
        embedder = embedder or load_embedder(settings)
        limit_query_threads(settings.query_threads)
        return cls(settings, embedder, index, Retriever(index, embedder, fusion_params(settings)))

    def close(self) -> None:
        self.index.close()
        if self.market is not None:
            self.market.close()
