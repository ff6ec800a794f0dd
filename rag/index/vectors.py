"""Dense index: one interface, two backends (rag/index/edge.py embedded, rag/index/server.py remote).

Both store one point per chunk under the same id, the filter fields under `filters.*` (the
vocabulary of rag/index/filters.py) and a `payload_hash`, so `sync` writes only what changed.
"""

from __future__ import annotations

import hashlib
import uuid
from abc import ABC, abstractmethod
from collections.abc import Callable

import numpy as np
import orjson

from rag.index.filters import Filters, filter_fields
from rag.records import Chunk


def point_id(chunk_id: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, chunk_id))


def payload_for(chunk: Chunk, model_key: str) -> dict:
    payload = chunk.to_payload()
    payload["filters"] = filter_fields(chunk.kind, chunk.metadata)
    # Lets a re-ingest skip points whose text, metadata and model did not change.
    # orjson: 0.3 s for the guide's 16k chunks against 0.7 s with json (a third of the write phase's Python).
    payload["payload_hash"] = hashlib.sha256(
        orjson.dumps([model_key, payload], option=orjson.OPT_SORT_KEYS, default=str)
    ).hexdigest()
    return payload


class VectorIndex(ABC):
    """The dense half of an index version: written by ingest, searched by retrieval."""

    upload_batch = 256  # points per write request

    @abstractmethod
    def ensure_collection(self, dim: int) -> None:
        """Create the collection, or recreate it when its vector size or distance differ."""

    @abstractmethod
    def existing_hashes(self) -> dict[str, str]:
        """point id -> payload_hash of every stored point."""

    @abstractmethod
    def delete(self, ids: list[str]) -> None: ...

    @abstractmethod
    def upsert(self, ids: list[str], vectors: np.ndarray, payloads: list[dict]) -> None:
        """Write one batch of points (payloads as made by `payload_for`)."""

    @abstractmethod
    def count(self) -> int: ...

    @abstractmethod
    def all_vectors(self) -> dict[str, np.ndarray]:
        """point id -> stored vector, for every point (tests and checks, not serving)."""

    @abstractmethod
    def dim(self) -> int | None:
        """The stored vectors' size; None while the collection is empty."""

    @abstractmethod
    def search(self, vector: np.ndarray, k: int, filters: Filters | None = None) -> list[tuple[str, float]]:
        """(point id, score) pairs, best first; the caller holds the chunks, so no payload travels."""

    @abstractmethod
    def flush(self) -> None:
        """Make every write durable."""

    @abstractmethod
    def close(self) -> None:
        """Release what this index holds open."""

    def sync(
        self,
        chunks: list[Chunk],
        vector_for: Callable[[list[Chunk]], np.ndarray],
        model_key: str,
        on_progress: Callable[[int], object] | None = None,
    ) -> tuple[int, int]:
        """Make the collection hold exactly `chunks`; only new or changed points are written.

        `on_progress(n)` is told of the chunks done: the unchanged ones at once, then each batch
        written. Returns (points written, points deleted).
        """
        existing = self.existing_hashes()
        wanted = {point_id(c.id): (c, payload_for(c, model_key)) for c in chunks}
        stale = [pid for pid in existing if pid not in wanted]
        changed = [(pid, c, p) for pid, (c, p) in wanted.items() if existing.get(pid) != p["payload_hash"]]
        report = on_progress or (lambda n: None)
        report(len(wanted) - len(changed))
        if stale:
            self.delete(stale)
        for start in range(0, len(changed), self.upload_batch):
            batch = changed[start : start + self.upload_batch]
            vectors = vector_for([c for _, c, _ in batch])
            self.upsert([pid for pid, _, _ in batch], vectors, [payload for _, _, payload in batch])
            report(len(batch))
        self.flush()
        return len(changed), len(stale)
