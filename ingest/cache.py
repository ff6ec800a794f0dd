"""Ingest caches in one SQLite file, keyed by content hash.

Vectors: unchanged chunk text is never embedded twice. Chunks: an unchanged document is never
re-chunked (chunking the 1,765 postings costs more than everything else in a re-ingest).
"""

from __future__ import annotations

import hashlib
import pickle
import sqlite3
from pathlib import Path

import numpy as np


def content_key(*parts: object) -> str:
    return hashlib.sha256("\0".join(map(str, parts)).encode()).hexdigest()


class IngestCache:
    """SQLite cache of embeddings and chunks, keyed by content, so a re-ingest embeds only what changed."""

    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path)
        self._db.execute("PRAGMA journal_mode=WAL")
        for table in ("vectors", "chunks"):
            self._db.execute(f"CREATE TABLE IF NOT EXISTS {table} (key TEXT PRIMARY KEY, value BLOB)")

    def _get(self, table: str, keys: list[str]) -> dict[str, bytes]:
        found: dict[str, bytes] = {}
        for start in range(0, len(keys), 900):  # SQLite's bound-parameter limit
            batch = keys[start : start + 900]
            marks = ",".join("?" * len(batch))
            found.update(self._db.execute(f"SELECT key, value FROM {table} WHERE key IN ({marks})", batch))
        return found

    def _put(self, table: str, items: dict[str, bytes]) -> None:
        with self._db:
            self._db.executemany(f"INSERT OR REPLACE INTO {table} VALUES (?, ?)", list(items.items()))

    def get_vectors(self, keys: list[str]) -> dict[str, np.ndarray]:
        return {k: np.frombuffer(v, dtype=np.float32) for k, v in self._get("vectors", keys).items()}

    def put_vectors(self, items: dict[str, np.ndarray]) -> None:
        self._put("vectors", {k: np.asarray(v, dtype=np.float32).tobytes() for k, v in items.items()})

    def get_chunks(self, keys: list[str]) -> dict[str, list]:
        return {k: pickle.loads(v) for k, v in self._get("chunks", keys).items()}

    def put_chunks(self, items: dict[str, list]) -> None:
        self._put("chunks", {k: pickle.dumps(v) for k, v in items.items()})

    def all_chunks(self) -> list[list]:
        return [pickle.loads(v) for (v,) in self._db.execute("SELECT value FROM chunks")]

    def close(self) -> None:
        self._db.close()
