"""Ingest: load every document, chunk, embed (cached), and build and switch to a new index version."""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path

import numpy as np
from tqdm import tqdm

from ingest.cache import IngestCache, content_key
from ingest.chunking import Chunker
from ingest.companies import load_companies
from ingest.corpus import CorpusManifest, corpus_version, file_hashes
from ingest.freshness import CHUNKER_VERSION, Staleness, build_key, build_settings, check, corpus_files
from ingest.market_table import write_market_table
from ingest.pages import load_page
from ingest.postings import load_postings
from ingest.problems import Problems
from ingest.report import IngestReport
from rag.answer.boilerplate import FILE as BOILERPLATE_FILE
from rag.answer.boilerplate import detect as detect_boilerplate
from rag.config import Settings
from rag.index.bm25 import BM25Index
from rag.index.store import IndexStore
from rag.market.schema import DB_FILE as MARKET_DB
from rag.market.schema import TABLE_VERSION as MARKET_TABLE_VERSION
from rag.records import Chunk, Document

# Texts per encode call (a multiple of the batch size, so blocks do not change the batches); the
# cache is written after each block, and worker processes (FIELDGUIDE_EMBED_WORKERS) take one each.
EMBED_BLOCK = 256


def load_documents(
    root: Path,
    manifest: CorpusManifest,
    commit: str,
    problems: Problems,
    posting_ids: set[str] | None = None,
    progress: bool = False,
) -> list[Document]:
    docs = [
        doc
        for path in manifest.page_files(root)
        if (doc := load_page(root, path, manifest.repo_url, commit, problems))
    ]
    docs += load_postings(
        root,
        manifest.postings_raw,
        manifest.postings_structured,
        manifest.repo_url,
        commit,
        problems,
        posting_ids,
        # Postings are most of the guide's files: reading and parsing them takes seconds.
        progress=lambda ids: tqdm(ids, desc="load postings", unit="posting", disable=not progress),
    )
    docs += load_companies(root, manifest.glob(root, manifest.companies), manifest.repo_url, commit, problems)
    return docs


class Ingest:
    """One ingest run; `run()` returns the report once the new version is active."""

    def __init__(
        self,
        settings: Settings,
        embedder,
        store: IndexStore | None = None,
        manifest: CorpusManifest | None = None,
        progress: bool = True,
    ):
        self.settings = settings
        self.embedder = embedder
        self.store = store or IndexStore(settings)
        self.manifest = manifest or CorpusManifest.load()
        self.progress = progress

    def build_key(self, content_hash: str, posting_ids: set[str] | None = None) -> str:
        return build_key(self.settings, content_hash, posting_ids)

    def staleness(self, root: Path) -> Staleness:
        """Why the active version is not what an ingest of this corpus would build (none: current)."""
        return check(self.settings, self.store, self.manifest, root)

    def is_current(self, root: Path) -> bool:
        """True when the active version was built from this corpus with these settings."""
        return self.staleness(root).current

    def run(self, root: Path, posting_ids: set[str] | None = None) -> IngestReport:
        started = time.perf_counter()
        timings: dict[str, float] = {}

        def lap(name: str, since: float) -> float:
            now = time.perf_counter()
            timings[name] = now - since
            return now

        problems = Problems()
        files = corpus_files(self.manifest, root)
        hashes = file_hashes(root, files)
        version = corpus_version(root, files, hashes)
        commit = version["commit"] or self.manifest.commit
        docs = load_documents(root, self.manifest, commit, problems, posting_ids, self.progress)
        t = lap("load", started)

        cache = IngestCache(self.settings.cache_dir / "ingest.sqlite")
        try:
            chunks = self._chunk(docs, cache)
            t = lap("chunk", t)
            vectors, embedded = self._embed(chunks, cache)
            t = lap("embed", t)
        finally:
            cache.close()

        report = IngestReport(
            corpus_root=str(root),
            corpus=version,
            model=self.embedder.cache_key,
            build_key=self.build_key(version["content_hash"], posting_ids),
            build=build_settings(self.settings),
            files=hashes,
            documents=dict(Counter(d.kind for d in docs)),
            chunks=dict(Counter(c.kind for c in chunks)),
            problems=list(problems),
            embedded=embedded,
            cached=len(chunks) - embedded,
        )
        # The bar starts before the previous version is copied and opened, which takes seconds too.
        index_bar = tqdm(total=len(chunks), desc="index", unit="chunk", disable=not self.progress)
        with self.store.build() as builder:
            builder.vectors.ensure_collection(self.embedder.dim)
            written, deleted = builder.vectors.sync(
                chunks,
                lambda changed: np.stack([vectors[c.id] for c in changed]),
                self.embedder.cache_key,
                on_progress=index_bar.update,
            )
            index_bar.close()
            report.points_written, report.points_deleted = written, deleted
            t = lap("index", t)
            with tqdm(total=len(chunks), desc="bm25", unit="chunk", disable=not self.progress) as bar:
                bm25 = BM25Index().fit(chunks, on_progress=bar.update)
            t = lap("bm25", t)
            write_market_table(docs, builder.dir / MARKET_DB)
            t = lap("market", t)
            boilerplate = detect_boilerplate(chunks)
            boilerplate.save(builder.dir / BOILERPLATE_FILE)
            report.boilerplate = boilerplate.summary()
            t = lap("boilerplate", t)
            report.version = builder.version
            timings["total"] = time.perf_counter() - started
            report.timings = timings
            builder.commit(bm25, {**report.to_dict(), "market_table": MARKET_TABLE_VERSION})
        return report

    def _chunk(self, docs: list[Document], cache: IngestCache) -> list[Chunk]:
        chunker = Chunker(self.embedder, overlap=self.settings.chunk_overlap)
        # Chunk sizes depend on the tokenizer and window, not on which runtime embeds them.
        config = (CHUNKER_VERSION, self.embedder.model_key, self.settings.chunk_overlap)
        keys = {d.id: content_key(*config, repr(d)) for d in docs}
        known = cache.get_chunks(list(keys.values()))
        fresh = {}
        for doc in tqdm(docs, desc="chunk", unit="doc", disable=not self.progress):
            if keys[doc.id] not in known:
                fresh[keys[doc.id]] = known[keys[doc.id]] = chunker.chunk(doc)
        cache.put_chunks(fresh)
        return [c for doc in docs for c in known[keys[doc.id]]]

    def _embed(self, chunks: list[Chunk], cache: IngestCache) -> tuple[dict[str, np.ndarray], int]:
        """Vectors for every chunk id, and how many texts had to be embedded."""
        keys = {c.id: content_key(self.embedder.cache_key, c.embed_text) for c in chunks}
        known = cache.get_vectors(list(set(keys.values())))
        todo = {keys[c.id]: c.embed_text for c in chunks if keys[c.id] not in known}
        # Longest first over the whole corpus, not per block: batches of like lengths pad little.
        todo_keys = sorted(todo, key=lambda k: -len(todo[k]))
        blocks = [todo_keys[start : start + EMBED_BLOCK] for start in range(0, len(todo_keys), EMBED_BLOCK)]
        workers = self.settings.embed_worker_count
        with tqdm(
            total=len(todo_keys), desc="embed", unit="chunk", disable=not self.progress or not todo_keys
        ) as bar:
            for i, vectors in self.embedder.encode_blocks([[todo[k] for k in b] for b in blocks], workers):
                fresh = dict(zip(blocks[i], vectors, strict=True))
                cache.put_vectors(fresh)  # a killed ingest keeps what it embedded
                known.update(fresh)
                bar.update(len(fresh))
        return {cid: known[key] for cid, key in keys.items()}, len(todo)
