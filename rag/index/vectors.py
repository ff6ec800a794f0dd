"""Dense index: one Qdrant collection, reached the same way in local mode and on a server."""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Callable

import numpy as np
from qdrant_client import QdrantClient, models

from rag.index.filters import Filters, filter_fields
from rag.records import Chunk


def point_id(chunk_id: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, chunk_id))


def payload_for(chunk: Chunk, model_key: str) -> dict:
    payload = chunk.to_payload()
    payload["filters"] = filter_fields(chunk.kind, chunk.metadata)
    # Lets a re-ingest skip points whose text, metadata and model did not change.
    payload["payload_hash"] = hashlib.sha256(
        json.dumps([model_key, payload], sort_keys=True, default=str).encode()
    ).hexdigest()
    return payload


class VectorIndex:
    """One Qdrant collection of chunk vectors and payloads."""

    def __init__(
        self, client: QdrantClient, collection: str, payload_indexes: bool = False, upload_batch: int = 256
    ):
        self.client = client
        self.collection = collection
        # Local mode scans payloads in Python and warns that indexes do nothing there.
        self.payload_indexes = payload_indexes
        self.upload_batch = upload_batch

    def ensure_collection(self, dim: int) -> None:
        """Create the collection, or recreate it when its vector size or distance differ."""
        if self.client.collection_exists(self.collection):
            params = self.client.get_collection(self.collection).config.params.vectors
            if params.size == dim and params.distance == models.Distance.DOT:
                return
            self.client.delete_collection(self.collection)
        self.client.create_collection(
            self.collection,
            # Vectors are L2-normalised, so dot product is cosine similarity; local mode
            # would otherwise recompute every stored vector's norm on each query.
            vectors_config=models.VectorParams(size=dim, distance=models.Distance.DOT),
        )
        for key in ("kind", "company_key", "location_keys") if self.payload_indexes else ():
            self.client.create_payload_index(
                self.collection, f"filters.{key}", models.PayloadSchemaType.KEYWORD
            )

    def existing_hashes(self) -> dict[str, str]:
        hashes: dict[str, str] = {}
        offset = None
        while True:
            points, offset = self.client.scroll(
                self.collection,
                limit=2048,
                offset=offset,
                with_payload=["payload_hash"],
                with_vectors=False,
            )
            hashes.update({str(p.id): (p.payload or {}).get("payload_hash", "") for p in points})
            if offset is None:
                return hashes

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
            self.client.delete(self.collection, models.PointIdsList(points=stale), wait=True)
        for start in range(0, len(changed), self.upload_batch):
            batch = changed[start : start + self.upload_batch]
            vectors = vector_for([c for _, c, _ in batch])
            self.client.upload_points(
                self.collection,
                points=[
                    models.PointStruct(id=pid, vector=vec.tolist(), payload=payload)
                    for (pid, _, payload), vec in zip(batch, vectors, strict=True)
                ],
                batch_size=self.upload_batch,
                wait=True,
            )
            report(len(batch))
        return len(changed), len(stale)

    def count(self) -> int:
        return self.client.count(self.collection, exact=True).count

    def search(self, vector: np.ndarray, k: int, filters: Filters | None = None) -> list[tuple[str, float]]:
        """(point id, score) pairs; the caller holds the chunks, so no payload is transferred."""
        points = self.client.query_points(
            self.collection,
            query=vector.tolist(),
            limit=k,
            query_filter=filters.to_qdrant() if filters else None,
            with_payload=False,
        ).points
        return [(str(p.id), float(p.score)) for p in points]
