"""Index versions: each ingest builds a new one and switches to it only when it is complete.

Local mode keeps every version in its own folder (its own Qdrant storage, BM25 pickle and
manifest) and switches by atomically replacing the ACTIVE pointer file. Server mode keeps one
collection per version and switches the collection alias. Either way a killed ingest leaves the
previous version serving, and the next ingest removes what the killed one left behind.
"""

from __future__ import annotations

import fcntl
import json
import os
import secrets
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import httpx
from qdrant_client import QdrantClient, models

from rag.config import Settings
from rag.errors import IndexLockedError, IndexNotFoundError, IngestInProgressError
from rag.index.bm25 import BM25Index
from rag.index.vectors import VectorIndex, point_id
from rag.records import Chunk

MANIFEST = "manifest.json"
BM25_FILE = "bm25.pkl"


@dataclass
class ActiveIndex:
    """One opened index version: its manifest, vectors and BM25 index."""

    version: str
    manifest: dict
    vectors: VectorIndex
    bm25: BM25Index
    owns_client: bool = True
    dir: Path | None = None  # the version's folder (BM25, manifest, the market table)

    def __post_init__(self) -> None:
        self._by_point = {point_id(c.id): c for c in self.bm25.chunks}

    def chunk(self, point: str) -> Chunk:
        """The chunk behind a Qdrant point id (chunks live in memory beside the BM25 index)."""
        return self._by_point[point]

    def close(self) -> None:
        if self.owns_client:
            self.vectors.client.close()


class VersionBuilder:
    """A version being built; `commit` makes it the active one."""

    def __init__(self, store: IndexStore, version: str, base: str | None):
        self.store, self.version, self.base = store, version, base
        self.dir = store.versions_dir / version
        self.dir.mkdir(parents=True)
        if not store.server and base and (store.versions_dir / base / "qdrant").is_dir():
            # Start from the previous version so only changed chunks are written (local Qdrant
            # commits each point to SQLite; a full rewrite costs ~2.5 ms a point).
            shutil.copytree(
                store.versions_dir / base / "qdrant",
                self.dir / "qdrant",
                ignore=shutil.ignore_patterns(".lock"),
            )
        self.vectors = store.vector_index(version)

    def commit(self, bm25: BM25Index, manifest: dict) -> None:
        bm25.save(self.dir / BM25_FILE)
        manifest = {**manifest, "version": self.version, "complete": True}
        tmp = self.dir / (MANIFEST + ".tmp")
        tmp.write_text(json.dumps(manifest, indent=2, default=str))
        tmp.replace(self.dir / MANIFEST)
        if not self.store.server:
            self.vectors.client.close()
        self.store.activate(self.version)


class IndexStore:
    """The index versions on disk or on a Qdrant server, and the alias that names the active one."""

    def __init__(self, settings: Settings, server_client: QdrantClient | None = None):
        """`server_client` stands in for the client FIELDGUIDE_QDRANT_URL would make (tests)."""
        self.settings = settings
        self.root = settings.index_dir
        self.versions_dir = self.root / "versions"
        self.server = bool(settings.qdrant_url) or server_client is not None
        self._server_client = server_client

    # -- clients and names -------------------------------------------------------------------
    def client_for(self, version: str) -> QdrantClient:
        if self.server:
            if self._server_client is None:
                self._server_client = QdrantClient(
                    url=self.settings.qdrant_url,
                    api_key=self.settings.qdrant_api_key,
                    timeout=self.settings.qdrant_timeout_s,
                )
            return self._server_client
        path = self.versions_dir / version / "qdrant"
        try:
            return QdrantClient(path=str(path))
        except RuntimeError as exc:
            if "already accessed" in str(exc):
                raise IndexLockedError(str(path)) from exc
            raise

    def vector_index(self, version: str) -> VectorIndex:
        return VectorIndex(self.client_for(version), self.collection_for(version), self.server)

    def collection_for(self, version: str) -> str:
        name = self.settings.collection
        return f"{name}-{version}" if self.server else name

    # -- the active pointer --------------------------------------------------------------------
    @property
    def _pointer(self) -> Path:
        return self.root / "ACTIVE"

    def active_version(self) -> str | None:
        if self.server:
            client = self.client_for("")
            for alias in client.get_aliases().aliases:
                if alias.alias_name == self.settings.collection:
                    return alias.collection_name.removeprefix(f"{self.settings.collection}-")
            return None
        return self._pointer.read_text().strip() if self._pointer.exists() else None

    def activate(self, version: str) -> None:
        if self.server:
            alias = self.settings.collection
            ops: list = []
            if self.active_version():
                ops.append(models.DeleteAliasOperation(delete_alias=models.DeleteAlias(alias_name=alias)))
            ops.append(
                models.CreateAliasOperation(
                    create_alias=models.CreateAlias(
                        collection_name=self.collection_for(version), alias_name=alias
                    )
                )
            )
            # One request: readers see the old collection or the new one, never neither.
            self.client_for(version).update_collection_aliases(change_aliases_operations=ops)
        tmp = self.root / "ACTIVE.tmp"
        tmp.write_text(version)
        os.replace(tmp, self._pointer)

    def manifest(self, version: str) -> dict | None:
        path = self.versions_dir / version / MANIFEST
        return json.loads(path.read_text()) if path.exists() else None

    # -- reading -------------------------------------------------------------------------------
    def open_active(self) -> ActiveIndex:
        version = self.active_version()
        manifest = self.manifest(version) if version else None
        if not version or not manifest:
            where = self.settings.qdrant_url or str(self.root)
            raise IndexNotFoundError(where)
        bm25 = BM25Index.load(self.versions_dir / version / BM25_FILE)
        vectors = self.vector_index(version)
        # Server mode: every version (and this store) shares one client, so closing a replaced
        # version must not close it; it lives as long as the process.
        return ActiveIndex(
            version=version,
            manifest=manifest,
            vectors=vectors,
            bm25=bm25,
            owns_client=not self.server,
            dir=self.versions_dir / version,
        )

    # -- writing -------------------------------------------------------------------------------
    @contextmanager
    def build(self) -> Iterator[VersionBuilder]:
        """Hold the ingest lock, clean up after killed ingests, and yield a new version."""
        self.versions_dir.mkdir(parents=True, exist_ok=True)
        lock_path = self.root / "ingest.lock"
        with lock_path.open("w") as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError as exc:
                raise IngestInProgressError(str(lock_path)) from exc
            self.cleanup()
            stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")  # sorts by creation
            builder = VersionBuilder(self, f"{stamp}-{secrets.token_hex(3)}", self.active_version())
            yield builder
            self.cleanup()

    def cleanup(self) -> list[str]:
        """Remove incomplete versions, complete ones never switched to, and all but the newest
        `keep_versions` of the active one and those before it."""
        active = self.active_version()
        complete = sorted(
            v.name
            for v in self.versions_dir.iterdir()
            if v.is_dir() and (self.manifest(v.name) or {}).get("complete")
        )
        # Names sort by creation and each ingest switches to its version as soon as it is complete,
        # so a complete version newer than the active one is what an ingest killed in between left.
        previous = [v for v in complete if active is not None and v < active]
        keep = {active, *previous[max(0, len(previous) - (self.settings.keep_versions - 1)) :]}
        removed = []
        for entry in self.versions_dir.iterdir():
            if entry.is_dir() and entry.name not in keep:
                shutil.rmtree(entry, ignore_errors=True)
                removed.append(entry.name)
        if self.server:
            client = self.client_for("")
            prefix = f"{self.settings.collection}-"
            for col in client.get_collections().collections:
                version = col.name.removeprefix(prefix)
                if col.name.startswith(prefix) and version not in keep:
                    client.delete_collection(col.name)
        return removed


def is_unreachable(exc: BaseException) -> bool:
    """A transport failure talking to the Qdrant server (as opposed to a bug)."""
    from qdrant_client.http.exceptions import ResponseHandlingException, UnexpectedResponse

    if isinstance(exc, UnexpectedResponse):
        return exc.status_code is None or exc.status_code >= 500
    return isinstance(exc, ResponseHandlingException | httpx.TransportError | ConnectionError | TimeoutError)
