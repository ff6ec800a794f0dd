"""Lexical index: rank-bm25 over the chunks, pickled beside the vector collection."""

from __future__ import annotations

import pickle
from pathlib import Path

import numpy as np
from rank_bm25 import BM25Okapi

from rag.filters import Filters, filter_fields
from rag.records import Chunk
from rag.text_tokens import tokenize


class BM25Index:
    def __init__(self) -> None:
        self.chunks: list[Chunk] = []
        self._fields: list[dict] = []
        self._bm25: BM25Okapi | None = None

    def fit(self, chunks: list[Chunk]) -> BM25Index:
        self.chunks = list(chunks)
        self._fields = [filter_fields(c.kind, c.metadata) for c in self.chunks]
        # Title and section are part of what a chunk is about, so they are indexed with its text.
        self._bm25 = BM25Okapi([tokenize(c.embed_text) for c in self.chunks]) if chunks else None
        return self

    def search(self, query: str, k: int, filters: Filters | None = None) -> list[tuple[Chunk, float]]:
        terms = tokenize(query)
        if self._bm25 is None or not terms:
            return []
        scores = self._bm25.get_scores(terms)
        if filters:
            allowed = np.fromiter((filters.matches(f) for f in self._fields), bool, len(scores))
            scores = np.where(allowed, scores, -np.inf)
        top = np.argsort(-scores, kind="stable")[:k]
        return [(self.chunks[i], float(scores[i])) for i in top if scores[i] > 0]

    def save(self, path: Path) -> None:
        tmp = path.with_suffix(".tmp")
        with tmp.open("wb") as f:
            pickle.dump({"chunks": self.chunks, "fields": self._fields, "bm25": self._bm25}, f)
        tmp.replace(path)

    @classmethod
    def load(cls, path: Path) -> BM25Index:
        with path.open("rb") as f:
            state = pickle.load(f)
        index = cls()
        index.chunks, index._fields, index._bm25 = state["chunks"], state["fields"], state["bm25"]
        return index
