"""Index versions: each ingest builds a new one and switches to it only when it is complete.

Local mode keeps every version in its own folder (its Qdrant Edge shard, BM25 pickle and
manifest) and switches by atomically replacing the ACTIVE pointer file. Server mode keeps one
collection per version and switches the collection alias. Either way a killed ingest leaves the
previous version serving, and the next ingest removes what the killed one left behind. A version
folder in the previous release's layout (qdrant-client local mode) is refused with a message and
replaced by the next ingest.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import secrets
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from rag.config import Settings
from rag.errors import IndexFormatError, IndexNotFoundError, IngestInProgressError
from rag.index.bm25 import FORMAT as BM25_FORMAT
from rag.index.bm25 import BM25Index
from rag.index.edge import SHARD_DIR, EdgeVectors
from rag.index.vectors import VectorIndex
from rag.records import Chunk

if TYPE_CHECKING:  # qdrant-client takes seconds to import and only the server mode needs it
    from qdrant_client import QdrantClient

log = logging.getLogger("fieldguide.index")
MANIFEST = "manifest.json"
BM25_FILE = "bm25.idx"  # FORMAT 3, memory-mapped (rag/index/bm25_file.py)
LEGACY_BM25_FILE = "bm25.pkl"  # FORMAT 1 and 2, pickled: read (converted in memory) until the next ingest
LEGACY_DIR = "qdrant"  # where the previous release kept a version's qdrant-client local store


@dataclass
class ActiveIndex:
    """One opened index version: its manifest, vectors and BM25 index."""

    version: str
    manifest: dict
    vectors: VectorIndex
    bm25: BM25Index
    dir: Path | None = None  # the version's folder (BM25, manifest, the market table)

    def __post_init__(self) -> None:
        self._rows = self.bm25.point_rows()

    def chunk(self, point: str) -> Chunk:
        """The chunk behind a Qdrant point id (chunks live in the BM25 index's chunk table)."""
        return self.bm25.chunks[self._rows[point]]

    def close(self) -> None:
        try:
            self.vectors.close()
        finally:
            self.bm25.close()


def open_bm25(folder: Path, manifest: dict) -> BM25Index:
    """A version's BM25 index, in the format its manifest records (an earlier one is converted)."""
    if manifest.get("bm25_format", 1) >= 3:
        return BM25Index.open(folder / BM25_FILE)
    return BM25Index.load(folder / LEGACY_BM25_FILE)


class VersionBuilder:
    """A version being built; `commit` makes it the active one."""

    def __init__(self, store: IndexStore, version: str, base: str | None):
        self.store, self.version, self.base = store, version, base
        self.dir = store.versions_dir / version
        self.dir.mkdir(parents=True)
        if not store.server and base and (store.versions_dir / base / SHARD_DIR).is_dir():
            # Start from the previous version so only changed chunks are written. Copying is safe
            # while a serving process has it open: reading a shard changes none of its files.
            shutil.copytree(store.versions_dir / base / SHARD_DIR, self.dir / SHARD_DIR)
        self.vectors = store.vector_index(version, build=True)

    def commit(self, bm25: BM25Index, manifest: dict) -> None:
        self.vectors.close()  # flushed before the version is marked complete
        bm25.save(self.dir / BM25_FILE)
        manifest = {
            **manifest,
            "version": self.version,
            "complete": True,
            "vector_store": self.store.kind,
            "bm25_format": BM25_FORMAT,
        }
        tmp = self.dir / (MANIFEST + ".tmp")
        tmp.write_text(json.dumps(manifest, indent=2, default=str))
        tmp.replace(self.dir / MANIFEST)
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

    @property
    def kind(self) -> str:
        return "qdrant-server" if self.server else "qdrant-edge"

    # -- backends and names ------------------------------------------------------------------
    @property
    def server_client(self) -> QdrantClient:
        if self._server_client is None:
            from rag.index.server import connect

            self._server_client = connect(self.settings)
        return self._server_client

    def vector_index(self, version: str, build: bool = False) -> VectorIndex:
        """The version's dense index: opened (and locked) for searching, or empty for `build`."""
        if self.server:
            from rag.index.server import ServerVectors

            return ServerVectors(self.server_client, self.collection_for(version))
        path = self.versions_dir / version / SHARD_DIR
        return EdgeVectors(path) if build else EdgeVectors.open(path)

    def collection_for(self, version: str) -> str:
        name = self.settings.collection
        return f"{name}-{version}" if self.server else name

    def is_legacy(self, version: str | None) -> bool:
        """True for a local version built by the previous release (qdrant-client local mode)."""
        folder = self.versions_dir / (version or "")
        return (
            not self.server
            and bool(version)
            and (folder / LEGACY_DIR).is_dir()
            and not (folder / SHARD_DIR).is_dir()
        )

    # -- the active pointer --------------------------------------------------------------------
    @property
    def _pointer(self) -> Path:
        return self.root / "ACTIVE"

    def active_version(self) -> str | None:
        if self.server:
            for alias in self.server_client.get_aliases().aliases:
                if alias.alias_name == self.settings.collection:
                    return alias.collection_name.removeprefix(f"{self.settings.collection}-")
            return None
        return self._pointer.read_text().strip() if self._pointer.exists() else None

    def activate(self, version: str) -> None:
        if self.server:
            from qdrant_client import models

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
            self.server_client.update_collection_aliases(change_aliases_operations=ops)
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
        if self.is_legacy(version):
            raise IndexFormatError(str(self.versions_dir / version))
        bm25 = open_bm25(self.versions_dir / version, manifest)
        try:
            vectors = self.vector_index(version)
        except BaseException:
            bm25.close()
            raise
        return ActiveIndex(
            version=version, manifest=manifest, vectors=vectors, bm25=bm25, dir=self.versions_dir / version
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
            active = self.active_version()
            if self.is_legacy(active):
                log.warning("rebuilding: %s", IndexFormatError(str(self.versions_dir / active)))
            builder = VersionBuilder(self, f"{stamp}-{secrets.token_hex(3)}", active)
            try:
                yield builder
            finally:
                builder.vectors.close()  # a failed build releases its shard and lock
            self.cleanup()

    def cleanup(self) -> list[str]:
        """Remove incomplete versions, complete ones never switched to, versions in the previous
        release's layout, and all but the newest `keep_versions` of the active one and those before it."""
        active = self.active_version()
        complete = sorted(
            v.name
            for v in self.versions_dir.iterdir()
            if v.is_dir() and (self.manifest(v.name) or {}).get("complete")
        )
        # Names sort by creation and each ingest switches to its version as soon as it is complete,
        # so a complete version newer than the active one is what an ingest killed in between left.
        previous = [v for v in complete if active is not None and v < active and not self.is_legacy(v)]
        keep = {active, *previous[max(0, len(previous) - (self.settings.keep_versions - 1)) :]}
        removed = []
        for entry in self.versions_dir.iterdir():
            if entry.is_dir() and entry.name not in keep:
                shutil.rmtree(entry, ignore_errors=True)
                removed.append(entry.name)
        if self.server:
            client = self.server_client
            prefix = f"{self.settings.collection}-"
            for col in client.get_collections().collections:
                version = col.name.removeprefix(prefix)
                if col.name.startswith(prefix) and version not in keep:
                    client.delete_collection(col.name)
        return removed
