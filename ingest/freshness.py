"""Why an ingest runs: no index yet, the guide changed (which files), or the settings changed (which).

The index manifest records what a version was built from: each file's hash (`files`) and the
settings that shape chunks and vectors (`build`). An ingest compares them with the corpus and
settings it is about to use. This module imports neither the chunker nor the model, so finding an
index up to date takes about a second.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ingest.cache import content_key
from ingest.corpus import CorpusManifest, corpus_version, file_hashes
from rag.answer.boilerplate import FILE as BOILERPLATE_FILE
from rag.answer.boilerplate import Boilerplate
from rag.config import Settings
from rag.errors import BoilerplateFileError, IndexFileError
from rag.index.bm25 import FORMAT as BM25_FORMAT
from rag.index.bm25_file import IndexFile
from rag.index.embedder import vector_key
from rag.index.store import BM25_FILE, IndexStore
from rag.market.schema import DB_FILE as MARKET_DB
from rag.market.schema import TABLE_VERSION as MARKET_TABLE_VERSION

CHUNKER_VERSION = 2  # bump when chunking or posting text changes, so cached chunks are rebuilt
# The settings in `build` (see build_settings) under the names a user sets them by.
SETTING_NAMES = {
    "embedding_model": "FIELDGUIDE_EMBEDDING_MODEL",
    "embedding_backend": "FIELDGUIDE_EMBEDDING_BACKEND",
    "chunk_overlap": "FIELDGUIDE_CHUNK_OVERLAP",
}
OLD_DEFAULTS = {"embedding_backend": "torch"}  # what a manifest from before a setting was recorded used
UP_TO_DATE = "nothing changed since the last ingest; rebuilding it as asked (--force)"
LEGACY = (
    "the index was built by an earlier release (qdrant-client local mode), which this one does not read; "
    "rebuilding it in the Qdrant Edge format (cached embeddings are reused)"
)


@dataclass
class Staleness:
    """What differs between the active index and what an ingest would build now."""

    reasons: list[str] = field(default_factory=list)
    version: str | None = None  # the active version compared

    @property
    def current(self) -> bool:
        return not self.reasons

    def message(self) -> str:
        return "; ".join(self.reasons) or UP_TO_DATE


def _count(n: int, what: str) -> str:
    return f"{n} {what}" if n == 1 else f"{n} {what}s"


def guide_changes(old: dict[str, str], new: dict[str, str]) -> str | None:
    """ "the guide changed: 3 files (1 added, 1 changed, 1 removed)", or None when no file did."""
    added = len(new.keys() - old.keys())
    removed = len(old.keys() - new.keys())
    changed = sum(1 for name in new.keys() & old.keys() if new[name] != old[name])
    if not added + removed + changed:
        return None
    parts = [f"{n} {what}" for n, what in ((added, "added"), (changed, "changed"), (removed, "removed")) if n]
    return f"the guide changed: {_count(added + removed + changed, 'file')} ({', '.join(parts)})"


def settings_changes(old: dict, new: dict) -> list[str]:
    reasons = []
    old_chunker, new_chunker = old.get("chunker_version"), new["chunker_version"]
    if old_chunker != new_chunker:
        reasons.append(f"the chunker changed (version {old_chunker} → {new_chunker})")
    changed = [
        f"{env} {old.get(key, OLD_DEFAULTS.get(key))} → {new[key]}"
        for key, env in SETTING_NAMES.items()
        if old.get(key, OLD_DEFAULTS.get(key)) != new[key]
    ]
    if changed:
        reasons.append("settings changed: " + ", ".join(changed))
    return reasons


def staleness(
    manifest: dict | None, files: dict[str, str], content_hash: str, build: dict, build_key: str
) -> Staleness:
    """Compares the active version's manifest with this corpus (`files`: file_hashes) and settings."""
    if not manifest:
        return Staleness(["no index yet"])
    if manifest.get("build_key") == build_key:
        return Staleness()
    reasons = []
    if "files" in manifest:
        reasons += [r for r in [guide_changes(manifest["files"], files)] if r]
    elif manifest.get("corpus", {}).get("content_hash") != content_hash:
        reasons.append("the guide changed")  # an index from before per-file hashes were recorded
    if "build" in manifest:
        reasons += settings_changes(manifest["build"], build)
    elif not reasons:
        reasons.append("settings changed (the index does not record which)")
    # Equal files and settings, different key: the index holds a subset of the postings (evals).
    return Staleness(reasons or ["the index was built from a different selection of postings"])


def corpus_files(manifest: CorpusManifest, root: Path) -> list[Path]:
    """The guide's files an ingest reads (pages, both kinds of posting files, companies)."""
    return (
        manifest.page_files(root)
        + manifest.glob(root, manifest.postings_raw)
        + manifest.glob(root, manifest.postings_structured)
        + manifest.glob(root, manifest.companies)
    )


def build_key(settings: Settings, content_hash: str, posting_ids: set[str] | None = None) -> str:
    """What an index version was built from: equal keys mean an ingest would change nothing."""
    subset = sorted(posting_ids) if posting_ids is not None else None
    model = vector_key(settings.embedding_model, settings.embedding_backend)
    return content_key(CHUNKER_VERSION, model, settings.chunk_overlap, content_hash, subset)


def build_settings(settings: Settings) -> dict:
    """The settings that shape chunks and vectors (recorded in the manifest as `build`)."""
    return {
        "chunker_version": CHUNKER_VERSION,
        "embedding_model": settings.embedding_model,
        "embedding_backend": settings.embedding_backend,
        "chunk_overlap": settings.chunk_overlap,
    }


def _boilerplate_gap(path: Path) -> str | None:
    """Why a version's boilerplate table must be rebuilt (none: it is current)."""
    try:
        table = Boilerplate.load(path)
    except BoilerplateFileError:
        return "the active version's boilerplate table is unreadable"
    return None if table else "the active version has no boilerplate table of this release"


def _bm25_gap(path: Path) -> str | None:
    """Why a version's BM25 file must be rebuilt (none: its header and size are sound)."""
    try:
        IndexFile(path).close()
    except IndexFileError as exc:
        return f"the active version's BM25 index file is unreadable ({exc.detail})"
    return None


def check(settings: Settings, store: IndexStore, manifest: CorpusManifest, root: Path) -> Staleness:
    """Why the active version is not what an ingest of `root` would build now (none: current)."""
    active = store.active_version()
    if store.is_legacy(active):
        return Staleness([LEGACY], active)
    built = store.manifest(active) if active else None
    files = corpus_files(manifest, root)
    hashes = file_hashes(root, files)
    content_hash = corpus_version(root, files, hashes)["content_hash"]
    found = staleness(
        built, hashes, content_hash, build_settings(settings), build_key(settings, content_hash)
    )
    found.version = active
    if active and built and not (store.versions_dir / active / MARKET_DB).is_file():
        found.reasons.append("the active version has no postings table (built before job-market figures)")
    elif active and built and built.get("market_table", 1) != MARKET_TABLE_VERSION:
        found.reasons.append(
            "the postings table was written by an earlier release (company names, skills, posting text)"
        )
    if active and built and (why := _boilerplate_gap(store.versions_dir / active / BOILERPLATE_FILE)):
        found.reasons.append(why)
    if active and built and built.get("bm25_format", 1) != BM25_FORMAT:
        found.reasons.append("the BM25 index is in an earlier release's format (slower to open)")
    elif active and built and (why := _bm25_gap(store.versions_dir / active / BM25_FILE)):
        found.reasons.append(why)
    return found
