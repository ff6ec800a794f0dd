"""Clients built once at the edge (a CLI command, the app's lifespan) and passed down together."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rag.config import Settings
from rag.errors import IndexModelMismatchError
from rag.index.embedder import Embedder, same_vectors
from rag.index.rerank import WEIGHTS_FILE, Reranker
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
        company_page_weight=settings.rrf_company_page_weight,
        link_penalty=settings.link_penalty,
        data_weight=settings.data_page_weight,
        figures_weight=settings.rrf_figures_weight,
        audience_weight=settings.rrf_audience_weight,
        talks_weight=settings.rrf_talks_weight,
    )


def load_reranker(settings: Settings) -> Reranker | None:
    """The learned re-ranker when it is on (FIELDGUIDE_RERANK), from its weights file."""
    return Reranker.load(settings.rerank_weights or WEIGHTS_FILE) if settings.rerank else None


def load_embedder(settings: Settings) -> Embedder:
    """The configured embedder; cheap, as the model itself loads on the first encode."""
    return Embedder(
        settings.embedding_model,
        settings.embedding_device,
        settings.embed_batch_size,
        backend=settings.embedding_backend,
        models_dir=settings.models_dir,
    )


def load_query_embedder(settings: Settings) -> Embedder:
    """The embedder for questions, on the query runtime (FIELDGUIDE_QUERY_BACKEND)."""
    return load_embedder(settings.model_copy(update={"embedding_backend": settings.query_embedding_backend}))


def check_index_vectors(index: ActiveIndex, embedder: Embedder) -> None:
    """Queries must be embedded as the index's documents were (or by a backend with the same vectors)."""
    built, query = index.manifest.get("model"), embedder.cache_key
    if built and built != query and not same_vectors(built, query):
        raise IndexModelMismatchError(built, query)


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
        reranker = load_reranker(settings)  # a bad weights file fails before the index is opened
        index = (store or IndexStore(settings)).open_active()
        embedder = embedder or load_query_embedder(settings)
        try:
            check_index_vectors(index, embedder)
        except IndexModelMismatchError:
            index.close()
            raise
        embedder.limit_threads(settings.query_threads)
        retriever = Retriever(index, embedder, fusion_params(settings), reranker)
        return cls(settings, embedder, index, retriever)

    def close(self) -> None:
        self.index.close()
        if self.market is not None:
            self.market.close()
