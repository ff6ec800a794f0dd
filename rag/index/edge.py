"""The embedded dense index: Qdrant Edge (qdrant-edge-py), the Qdrant engine inside this process.

Hazards of the 0.9 beta, handled here: one open shard per folder across processes, and a refused
second open can make the first holder's later writes fail to flush. So this module takes the
project's own lock (`<shard>.lock`, fcntl) before it opens a shard, and never opens one just to look
at it. A second process that wants to search a shard someone holds (`fieldguide search` beside
`fieldguide serve`) searches a private copy instead. The write-ahead log stays on. Its errors are
plain exceptions; `edge_errors` turns them into the project's typed errors.
"""

from __future__ import annotations

import fcntl
import logging
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

import numpy as np
from qdrant_edge import (
    CountRequest,
    Distance,
    EdgeConfig,
    EdgeShard,
    EdgeVectorParams,
    FieldCondition,
    Filter,
    MatchValue,
    PayloadSchemaType,
    Point,
    Query,
    QueryRequest,
    ScrollRequest,
    SearchParams,
    UpdateOperation,
)

from rag.errors import FieldGuideError, IndexLockedError, VectorStoreError
from rag.index.filters import FIELDS, Filters
from rag.index.vectors import VectorIndex

log = logging.getLogger("fieldguide.index")
SHARD_DIR = "edge"  # a version's shard folder, beside its BM25 index and manifest
SCRATCH_PREFIX = "fieldguide-edge-"  # a private copy's folder in the temp folder
ATOMIC_WRITE_PREFIX = ".atomicwrite"  # the engine's temporary file while it rewrites its config
# Exact search: a full scan of ~16k 384-d vectors is a few ms (docs/BENCHMARKS.md), so no HNSW
# graph is built and results are the true top k.
EXACT = SearchParams(exact=True)


@contextmanager
def edge_errors(path: Path) -> Iterator[None]:
    """Qdrant Edge raises plain `Exception`s: a held write-ahead log means another process."""
    try:
        yield
    except FieldGuideError:
        raise
    except Exception as exc:
        if "WouldBlock" in str(exc):
            raise IndexLockedError(str(path)) from exc
        raise VectorStoreError(str(path), str(exc)) from exc


def remove_stale_copies(folder: Path | None = None) -> list[Path]:
    """Remove the private copies (`_private_copy`) in `folder` (the temp folder) whose process has
    gone without its `close` (killed): a copy's process holds the flock on its lock file from
    before the copy until it removes it, and the kernel releases a flock when its process dies,
    however it dies. A copy whose lock file is missing (a process killed between creating the
    folder and locking it) is left alone: nothing proves it stale. Returns the folders removed."""
    removed = []
    for scratch in Path(folder or tempfile.gettempdir()).glob(f"{SCRATCH_PREFIX}*"):
        locks = list(scratch.glob("*.lock"))
        try:
            fd = os.open(locks[0], os.O_RDONLY)
        except (IndexError, OSError):
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            continue  # held: its process is alive
        else:
            shutil.rmtree(scratch, ignore_errors=True)
            if not scratch.exists():
                removed.append(scratch)
        finally:
            os.close(fd)
    if removed:
        log.info("removed %d private index copies left by processes that were killed", len(removed))
    return removed


TIE_MARGIN = 16  # extra hits fetched so that ties at the k-th place are broken by id, not by chance


def edge_filter(filters: Filters | None) -> Filter | None:
    conditions = filters.conditions() if filters else []
    if not conditions:
        return None
    return Filter(must=[FieldCondition(key=key, match=MatchValue(value)) for key, value in conditions])


def edge_payload(payload: dict) -> dict:
    """Only what filtering and `sync` read: the chunks themselves live beside the BM25 index, and
    qdrant-edge-py converts payloads key by key (~20 us a key), the bulk of a cold write."""
    filters = {key: value for key, value in payload["filters"].items() if value}
    return {"filters": filters, "payload_hash": payload["payload_hash"]}


class EdgeVectors(VectorIndex):
    """One Qdrant Edge shard per index version, held open (and locked) until `close`."""

    upload_batch = 1024

    def __init__(self, path: Path):
        self.path = path
        self._shard: EdgeShard | None = None
        self._lock: IO | None = None
        self._scratch: Path | None = None

    @classmethod
    def open(cls, path: Path) -> EdgeVectors:
        """Open a built shard for searching; a private copy when another process holds it."""
        index = cls(path)
        try:
            index._acquire()
        except IndexLockedError:
            index = cls._private_copy(path)
        try:
            with edge_errors(index.path):
                index._shard = EdgeShard.load(str(index.path))
        except BaseException:
            index.close()
            raise
        return index

    @classmethod
    def _private_copy(cls, path: Path) -> EdgeVectors:
        # A published version's points are never written again, so a copy taken while another
        # process searches it is the same index; the copy is this process's own and goes on `close`.
        # Loading a shard rewrites its config through a temporary file, which a copy taken during
        # the holder's load would list and then miss: it is left out (the config itself is renamed
        # into place whole).
        remove_stale_copies()
        scratch = Path(tempfile.mkdtemp(prefix=SCRATCH_PREFIX))
        index = cls(scratch / path.name)
        index._scratch = scratch
        try:
            index._acquire()  # before the copy: a locked copy is never taken for a stale one
            shutil.copytree(path, index.path, ignore=shutil.ignore_patterns(f"{ATOMIC_WRITE_PREFIX}*"))
        except BaseException:
            index.close()
            raise
        log.info("index in use by another process: searching a private copy in %s", scratch)
        return index

    def _acquire(self) -> None:
        if self._lock is not None:
            return
        lock = self.path.with_name(self.path.name + ".lock").open("a")
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            lock.close()
            raise IndexLockedError(str(self.path)) from exc
        self._lock = lock

    @property
    def shard(self) -> EdgeShard:
        if self._shard is None:
            raise VectorStoreError(str(self.path), "the shard is not open")
        return self._shard

    def ensure_collection(self, dim: int) -> None:
        self._acquire()
        if self._shard is not None:
            self._shard.close()
            self._shard = None
        config = EdgeConfig(vectors=EdgeVectorParams(size=dim, distance=Distance.Dot), wal_enabled=True)
        if self.path.exists():  # a copy of the previous version: reuse it when the vectors fit
            try:
                with edge_errors(self.path):
                    self._shard = EdgeShard.load(str(self.path), config)
                return
            except VectorStoreError as exc:
                log.info("starting a new shard: %s", exc)
                shutil.rmtree(self.path)
        with edge_errors(self.path):
            self._shard = EdgeShard.create(str(self.path), config)
            for key in FIELDS:
                self._shard.update(
                    UpdateOperation.create_field_index(f"filters.{key}", PayloadSchemaType.Keyword)
                )

    def existing_hashes(self) -> dict[str, str]:
        hashes: dict[str, str] = {}
        offset = None
        with edge_errors(self.path):
            while True:
                request = ScrollRequest(offset=offset, limit=4096, with_payload=["payload_hash"])
                records, offset = self.shard.scroll(request)
                hashes.update({str(r.id): (r.payload or {}).get("payload_hash", "") for r in records})
                if offset is None:
                    return hashes

    def delete(self, ids: list[str]) -> None:
        with edge_errors(self.path):
            self.shard.update(UpdateOperation.delete_points(ids))

    def upsert(self, ids: list[str], vectors: np.ndarray, payloads: list[dict]) -> None:
        points = [
            Point(pid, vec, edge_payload(payload))
            for pid, vec, payload in zip(ids, np.asarray(vectors, dtype=np.float32), payloads, strict=True)
        ]
        with edge_errors(self.path):
            self.shard.update(UpdateOperation.upsert_points(points))

    def count(self) -> int:
        with edge_errors(self.path):
            return self.shard.count(CountRequest(exact=True))

    def all_vectors(self) -> dict[str, np.ndarray]:
        vectors: dict[str, np.ndarray] = {}
        offset = None
        with edge_errors(self.path):
            while True:
                request = ScrollRequest(offset=offset, limit=4096, with_payload=False, with_vector=True)
                records, offset = self.shard.scroll(request)
                vectors.update({str(r.id): np.array(r.vector) for r in records})
                if offset is None:
                    return vectors

    def dim(self) -> int | None:
        with edge_errors(self.path):
            records, _ = self.shard.scroll(ScrollRequest(limit=1, with_payload=False, with_vector=True))
        return len(records[0].vector) if records else None

    def search(self, vector: np.ndarray, k: int, filters: Filters | None = None) -> list[tuple[str, float]]:
        request = QueryRequest(
            limit=k + TIE_MARGIN,
            query=Query.Nearest(np.asarray(vector, dtype=np.float32).tolist()),
            filter=edge_filter(filters),
            with_payload=False,
            with_vector=False,
            params=EXACT,
        )
        with edge_errors(self.path):
            points = self.shard.query(request)
        # The engine orders equal scores arbitrarily: break ties by id, so a ranking never changes
        # from one run to the next (fetching a margin beyond k settles ties at the cut too).
        ranked = sorted(((str(p.id), float(p.score)) for p in points), key=lambda h: (-h[1], h[0]))
        return ranked[:k]

    def flush(self) -> None:
        with edge_errors(self.path):
            self.shard.flush()

    def close(self) -> None:
        """Flush and close the shard, then release the lock (in that order: the next holder must
        find the shard closed)."""
        try:
            if self._shard is not None:
                shard, self._shard = self._shard, None
                with edge_errors(self.path):
                    shard.close()
        finally:
            if self._lock is not None:
                self._lock.close()  # closing the file releases the flock
                self._lock = None
            if self._scratch is not None:
                shutil.rmtree(self._scratch, ignore_errors=True)
                self._scratch = None
