"""The dense index on a Qdrant server (FIELDGUIDE_QDRANT_URL), through qdrant-client.

qdrant-client is imported where it is used: importing it costs about a second of CPU, and the app
imports this module (`is_unreachable`) whichever store it serves from.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import httpx
import numpy as np

from rag.config import Settings
from rag.index.filters import FIELDS, Filters
from rag.index.vectors import VectorIndex

if TYPE_CHECKING:
    from qdrant_client import QdrantClient, models


def connect(settings: Settings) -> QdrantClient:
    from qdrant_client import QdrantClient

    return QdrantClient(
        url=settings.qdrant_url, api_key=settings.qdrant_api_key, timeout=settings.qdrant_timeout_s
    )


def is_unreachable(exc: BaseException) -> bool:
    """A transport failure talking to the Qdrant server (as opposed to a bug)."""
    # Without qdrant-client imported no error of it can exist: an error of the embedded store does
    # not import it (a second of CPU) just to be told apart.
    found = sys.modules.get("qdrant_client.http.exceptions")
    if found is not None and isinstance(exc, found.UnexpectedResponse):
        return exc.status_code is None or exc.status_code >= 500
    if found is not None and isinstance(exc, found.ResponseHandlingException):
        return True
    return isinstance(exc, httpx.TransportError | ConnectionError | TimeoutError)


def server_filter(filters: Filters | None) -> models.Filter | None:
    conditions = filters.conditions() if filters else []
    if not conditions:
        return None
    from qdrant_client import models

    return models.Filter(
        must=[
            models.FieldCondition(key=key, match=models.MatchValue(value=value)) for key, value in conditions
        ]
    )


class ServerVectors(VectorIndex):
    """One collection per index version on a shared server; the client outlives every version."""

    def __init__(self, client: QdrantClient, collection: str):
        self.client = client
        self.collection = collection

    def ensure_collection(self, dim: int) -> None:
        from qdrant_client import models

        if self.client.collection_exists(self.collection):
            params = self.client.get_collection(self.collection).config.params.vectors
            if params.size == dim and params.distance == models.Distance.DOT:
                return
            self.client.delete_collection(self.collection)
        self.client.create_collection(
            self.collection,
            # Vectors are L2-normalised, so dot product is cosine similarity.
            vectors_config=models.VectorParams(size=dim, distance=models.Distance.DOT),
        )
        for key in FIELDS:
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

    def delete(self, ids: list[str]) -> None:
        from qdrant_client import models

        self.client.delete(self.collection, models.PointIdsList(points=ids), wait=True)

    def upsert(self, ids: list[str], vectors: np.ndarray, payloads: list[dict]) -> None:
        from qdrant_client import models

        points = [
            models.PointStruct(id=pid, vector=vec.tolist(), payload=payload)
            for pid, vec, payload in zip(ids, vectors, payloads, strict=True)
        ]
        self.client.upsert(self.collection, points=points, wait=True)

    def count(self) -> int:
        return self.client.count(self.collection, exact=True).count

    def all_vectors(self) -> dict[str, np.ndarray]:
        vectors: dict[str, np.ndarray] = {}
        offset = None
        while True:
            points, offset = self.client.scroll(
                self.collection, limit=2048, offset=offset, with_payload=False, with_vectors=True
            )
            vectors.update({str(p.id): np.array(p.vector) for p in points})
            if offset is None:
                return vectors

    def dim(self) -> int | None:
        return self.client.get_collection(self.collection).config.params.vectors.size

    def flush(self) -> None:
        """Nothing to do: every write waits for the server."""

    def close(self) -> None:
        """Nothing to do: the client is shared by every version and lives as long as the store."""

    def search(self, vector: np.ndarray, k: int, filters: Filters | None = None) -> list[tuple[str, float]]:
        points = self.client.query_points(
            self.collection,
            query=vector.tolist(),
            limit=k,
            query_filter=server_filter(filters),
            with_payload=False,
        ).points
        return [(str(p.id), float(p.score)) for p in points]
