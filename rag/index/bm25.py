"""Lexical index: rank-bm25 over the chunks, pickled beside the vector collection."""

from __future__ import annotations

import pickle
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

import numpy as np
from rank_bm25 import BM25Okapi

from rag.index.filters import Filters, filter_fields
from rag.index.text_tokens import tokenize
from rag.records import Chunk


class BM25Index:
    """rank-bm25's Okapi model (idf, k1, b, document lengths) scored through an inverted index.

    `BM25Okapi.get_scores` visits every document for every query term in Python (60 ms per query
    over the 16,000 chunks of the guide); the postings below touch only documents that contain a
    term and give the same scores.
    """

    def __init__(self) -> None:
        self.chunks: list[Chunk] = []
        self._fields: list[dict] = []
        self._bm25: BM25Okapi | None = None
        self._postings: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        self._length_norm = np.zeros(0)

    def fit(self, chunks: list[Chunk], on_progress: Callable[[int], object] | None = None) -> BM25Index:
        """Index `chunks`; `on_progress(1)` after each chunk is tokenized (most of the time taken)."""
        self.chunks = list(chunks)
        self._fields = [filter_fields(c.kind, c.metadata) for c in self.chunks]
        tokenized = []
        for c in self.chunks:
            # Title and section are part of what a chunk is about, so they are indexed with its text.
            tokenized.append(tokenize(c.embed_text))
            if on_progress:
                on_progress(1)
        self._bm25 = BM25Okapi(tokenized) if chunks else None
        self._invert()
        return self

    def _invert(self) -> None:
        if self._bm25 is None:
            return
        docs: dict[str, list[int]] = defaultdict(list)
        freqs: dict[str, list[int]] = defaultdict(list)
        for i, counts in enumerate(self._bm25.doc_freqs):
            for term, tf in counts.items():
                docs[term].append(i)
                freqs[term].append(tf)
        self._postings = {t: (np.array(docs[t]), np.array(freqs[t], dtype=float)) for t in docs}
        bm = self._bm25
        self._length_norm = bm.k1 * (1 - bm.b + bm.b * np.array(bm.doc_len) / bm.avgdl)

    @property
    def idf(self) -> dict[str, float]:
        """Corpus idf per stemmed term, as rank-bm25 computed it at ingest time."""
        return self._bm25.idf if self._bm25 is not None else {}

    def scores(self, terms: list[str]) -> np.ndarray:
        """Equal to `BM25Okapi.get_scores(terms)`, repeated terms included."""
        bm = self._bm25
        scores = np.zeros(len(self.chunks))
        for term in terms:
            if term in self._postings:
                docs, tf = self._postings[term]
                scores[docs] += bm.idf[term] * tf * (bm.k1 + 1) / (tf + self._length_norm[docs])
        return scores

    def search(self, query: str, k: int, filters: Filters | None = None) -> list[tuple[Chunk, float]]:
        terms = tokenize(query)
        if self._bm25 is None or not terms:
            return []
        scores = self.scores(terms)
        if filters:
            allowed = np.fromiter((filters.matches(f) for f in self._fields), bool, len(scores))
            scores = np.where(allowed, scores, 0.0)
        candidates = np.flatnonzero(scores > 0)
        top = candidates[np.lexsort((candidates, -scores[candidates]))][:k]
        return [(self.chunks[i], float(scores[i])) for i in top]

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
        index._invert()
        return index
