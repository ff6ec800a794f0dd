"""Lexical index: rank-bm25's Okapi model, stored as per-term score arrays beside the vector collection."""

from __future__ import annotations

import pickle
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
from rank_bm25 import BM25Okapi

from rag.index import bm25_file
from rag.index.bm25_file import ChunkTable, IndexFile
from rag.index.filters import FIELDS, Filters, filter_fields
from rag.index.text_tokens import tokenize
from rag.index.vectors import point_id
from rag.records import Chunk

FORMAT = 3  # 1: the pickled BM25Okapi; 2: score arrays and chunk tuples, pickled (both read,
# converted on load); 3: one memory-mapped file (rag/index/bm25_file.py)
MASKS_KEPT = 256  # filter masks cached per index (kinds and companies; locations are many)


class BM25Index:
    """rank-bm25's Okapi scores (idf, k1, b, document lengths), precomputed per term and document.

    `BM25Okapi.get_scores` visits every document for every query term in Python (60 ms per query
    over the 16,000 chunks of the guide). Here each term keeps the documents that contain it and
    what it adds to their score, computed at ingest, so a query adds a few arrays and gets the same
    scores; filters are boolean masks over the chunks, built once per filter value. The postings
    of all terms lie in two flat arrays (`rows`, `adds`), term t's from `starts[t]` to `starts[t + 1]`.
    """

    def __init__(self) -> None:
        self.chunks: Sequence[Chunk] = []
        self.idf: dict[str, float] = {}  # corpus idf per stemmed term, as rank-bm25 computed it
        self._term: dict[str, int] = {}  # a term's number (its place in idf and starts)
        self._starts = np.zeros(1, dtype=np.int64)
        self._rows = np.zeros(0, dtype=np.int32)
        self._adds = np.zeros(0)
        self._columns: dict[str, list] = {key: [] for key in FIELDS}
        self._points: list[str] | None = None  # the chunks' Qdrant point ids, when the file has them
        self._file: IndexFile | None = None
        self._masks: dict[tuple, np.ndarray] = {}
        self._last: tuple[tuple[str, ...], np.ndarray] | None = None

    def fit(self, chunks: list[Chunk], on_progress: Callable[[int], object] | None = None) -> BM25Index:
        """Index `chunks`; `on_progress(1)` after each chunk is tokenized (most of the time taken)."""
        self.chunks = list(chunks)
        self._set_columns([filter_fields(c.kind, c.metadata) for c in self.chunks])
        tokenized = []
        for c in self.chunks:
            # Title and section are part of what a chunk is about, so they are indexed with its text.
            tokenized.append(tokenize(c.embed_text))
            if on_progress:
                on_progress(1)
        if chunks:
            self._from_okapi(BM25Okapi(tokenized))
        return self

    def _set_columns(self, fields: list[dict]) -> None:
        self._columns = {key: [f[key] for f in fields] for key in FIELDS}
        self._masks, self._last = {}, None

    def _from_okapi(self, bm: BM25Okapi) -> None:
        docs: dict[str, list[int]] = defaultdict(list)
        freqs: dict[str, list[int]] = defaultdict(list)
        for i, counts in enumerate(bm.doc_freqs):
            for term, tf in counts.items():
                docs[term].append(i)
                freqs[term].append(tf)
        length_norm = bm.k1 * (1 - bm.b + bm.b * np.array(bm.doc_len) / bm.avgdl)
        terms = list(docs)
        rows = np.array([i for t in terms for i in docs[t]], dtype=np.int32)
        tf = np.array([f for t in terms for f in freqs[t]], dtype=float)
        idf = np.repeat([bm.idf[t] for t in terms], [len(docs[t]) for t in terms])
        # Element by element the expression rank-bm25's get_scores evaluates, so the sums are equal.
        adds = idf * tf * (bm.k1 + 1) / (tf + length_norm[rows])
        starts = np.concatenate([[0], np.cumsum([len(docs[t]) for t in terms])]).astype(np.int64)
        self._set_postings(terms, [bm.idf[t] for t in terms], starts, rows, adds)

    def _set_postings(
        self, terms: list[str], idf, starts: np.ndarray, rows: np.ndarray, adds: np.ndarray
    ) -> None:
        self._term = {t: i for i, t in enumerate(terms)}
        self.idf = dict(zip(terms, np.asarray(idf, dtype=float).tolist(), strict=True))
        self._starts, self._rows, self._adds = starts, rows, adds

    def scores(self, terms: list[str]) -> np.ndarray:
        """Equal to `BM25Okapi.get_scores(terms)`, repeated terms included."""
        key, last = tuple(terms), self._last
        if last is not None and last[0] == key:  # hybrid search scores a query twice
            return last[1]
        scores = np.zeros(len(self.chunks))
        starts, rows, adds = self._starts, self._rows, self._adds
        for term in terms:
            t = self._term.get(term)
            if t is not None:
                begin, end = starts[t], starts[t + 1]
                scores[rows[begin:end]] += adds[begin:end]
        scores.flags.writeable = False
        self._last = (key, scores)
        return scores

    def rows_with(self, term: str) -> np.ndarray:
        """The positions of the chunks that contain the stemmed `term` (the learned re-ranker's coverage)."""
        t = self._term.get(term)
        return self._rows[self._starts[t] : self._starts[t + 1]] if t is not None else np.zeros(0, dtype=int)

    def mask(self, filters: Filters) -> np.ndarray:
        """Which chunks `filters` admits (equal to `filters.matches` on each chunk's fields)."""
        key = tuple(filters.conditions())
        if key not in self._masks:
            mask = np.ones(len(self.chunks), dtype=bool)
            for path, value in key:
                column = self._columns[path.removeprefix("filters.")]
                if column and isinstance(column[0], list):
                    mask &= np.fromiter((value in have for have in column), bool, len(column))
                else:
                    mask &= np.array(column, dtype=object) == value
            if len(self._masks) >= MASKS_KEPT:
                self._masks.clear()
            self._masks[key] = mask
        return self._masks[key]

    def search(self, query: str, k: int, filters: Filters | None = None) -> list[tuple[Chunk, float]]:
        terms = tokenize(query)
        if not self.chunks or not terms:
            return []
        scores = self.scores(terms)
        candidates = np.flatnonzero(scores > 0)
        if filters:
            candidates = candidates[self.mask(filters)[candidates]]
        if 0 < k < len(candidates):  # sort only what can reach the top k (every tie at the k-th kept)
            found = scores[candidates]
            candidates = candidates[found >= np.partition(found, len(found) - k)[len(found) - k]]
        top = candidates[np.lexsort((candidates, -scores[candidates]))][:k]
        return [(self.chunks[i], float(scores[i])) for i in top]

    def point_rows(self) -> dict[str, int]:
        """Each chunk's Qdrant point id -> its place in `chunks` (stored in the file: uuid5 of the
        16,000 chunk ids would cost 0.1 s at every open)."""
        points = self._points if self._points is not None else [point_id(c.id) for c in self.chunks]
        return {p: i for i, p in enumerate(points)}

    def save(self, path: Path) -> None:
        """Write the index in FORMAT 3 (rag/index/bm25_file.py)."""
        arrays = {
            "idf": np.array([self.idf[t] for t in self._term]),
            "starts": self._starts,
            "rows": self._rows,
            "adds": self._adds,
        }
        points = [point_id(c.id) for c in self.chunks]
        bm25_file.write(path, arrays, self.chunks, list(self._term), points, self._columns)

    @classmethod
    def open(cls, path: Path) -> BM25Index:
        """Map a FORMAT 3 file: its arrays are read when a query needs them, each chunk when first
        asked for. A missing, truncated or damaged file raises IndexFileError."""
        file = IndexFile(path)
        try:
            h = file.header
            index = cls()
            index._file = file
            index.chunks = ChunkTable(file)
            index._columns = file.columns()
            index._points = file.lines("points", h["chunks"])
            index._set_postings(
                file.lines("terms", h["terms"]),
                file.array("idf"),
                file.array("starts"),
                file.array("rows"),
                file.array("adds"),
            )
        except BaseException:
            file.close()
            raise
        return index

    @classmethod
    def load(cls, path: Path) -> BM25Index:
        """Read a pickle of an earlier release (FORMAT 1 or 2), converted in memory."""
        with path.open("rb") as f:
            state = pickle.load(f)
        index = cls()
        if state.get("format") == 2:
            index.chunks = [Chunk(*row) for row in state["chunks"]]
            index._columns = state["columns"]
            starts = np.concatenate([[0], np.cumsum(state["lengths"])]).astype(np.int64)
            index._set_postings(state["terms"], state["idf"], starts, state["rows"], state["adds"])
            return index
        index.chunks = state["chunks"]
        index._set_columns(state["fields"])
        if state["bm25"] is not None:
            index._from_okapi(state["bm25"])
        return index

    def close(self) -> None:
        """Release the mapped file (searches after this find nothing); an index built in memory has
        nothing to release."""
        if self._file is not None:
            self._set_postings([], [], np.zeros(1, dtype=np.int64), np.zeros(0, np.int32), np.zeros(0))
            self._file.close()
            self._file = None
