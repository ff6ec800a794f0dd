"""Embedding benchmark per backend: load, one-query latency, batch throughput, vectors against torch.

    python -m evals.bench_embedding --questions evals/retrieval/questions.jsonl --chunks 500
    python -m evals.bench_embedding --questions evals/retrieval/questions.jsonl --chunks 500 \
        --workers 2 --ingest-only --backends torch onnx-int8     # cold-ingest embedding only

Texts: the eval questions, and a fixed sample of `--chunks` chunk texts of the active index (what an
ingest embeds). Queries run on `query_threads` threads, batches on every core, as serving and ingest
do. `--workers N` also embeds the sample as a cold ingest does (longest first, in ingest's blocks,
ONNX in N one-thread worker processes, started inside the timing; torch in this process, model
loaded before). On a shared machine wall time moves with the load and CPU seconds much less, so
both are given (workers' CPU included). Prints one JSON object; docs/BENCHMARKS.md quotes it.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from evals.questions import load_questions
from ingest.cache import IngestCache
from ingest.pipeline import EMBED_BLOCK
from rag.config import Settings
from rag.deps import load_embedder
from rag.index.embedder import BACKENDS
from rag.index.store import IndexStore
from rag.stats import percentile


def chunk_sample(settings: Settings, n: int, cache: Path | None) -> list[str]:
    """`n` chunk texts, fixed by seed: from the active index, or from an ingest cache's chunks."""
    if cache:
        chunks = [c for found in IngestCache(cache).all_chunks() for c in found]
    else:
        index = IndexStore(settings).open_active()
        chunks = index.bm25.chunks
        index.close()
    texts = sorted({c.embed_text for c in chunks})
    return random.Random(0).sample(texts, min(n, len(texts)))


def clock() -> tuple[float, float]:
    return time.perf_counter(), time.process_time()


def since(start: tuple[float, float]) -> tuple[float, float]:
    wall, cpu = clock()
    return wall - start[0], cpu - start[1]


def ms(values: list[float]) -> dict:
    return {"p50": round(percentile(values, 50) * 1000, 2), "p95": round(percentile(values, 95) * 1000, 2)}


def cosines(vectors: np.ndarray, reference: np.ndarray) -> dict:
    cos = (vectors * reference).sum(axis=1)
    return {"min": round(float(cos.min()), 5), "mean": round(float(cos.mean()), 5)}


def children_cpu() -> float:
    """CPU seconds of this process's ended (joined) child processes: the embedding workers."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def bench_ingest(embedder, chunks: list[str], workers: int) -> dict:
    """The sample embedded as a cold ingest embeds: longest first, in ingest's blocks, `workers`."""
    texts = sorted(chunks, key=lambda t: -len(t))
    blocks = [texts[start : start + EMBED_BLOCK] for start in range(0, len(texts), EMBED_BLOCK)]
    embedder.limit_threads(0)
    embedder.worker_spec() if embedder.backend != "torch" else embedder.load()  # export / load first
    start, children = clock(), children_cpu()
    done = sum(len(vectors) for _, vectors in embedder.encode_blocks(blocks, workers))
    wall, cpu = since(start)
    cpu += children_cpu() - children
    return {
        "chunks": done,
        "workers": 1 if embedder.backend == "torch" else min(workers, len(blocks)),
        "wall_s": round(wall, 1),
        "cpu_s": round(cpu, 1),
        "chunks_per_s": round(done / wall, 1),
        "chunks_per_cpu_s": round(done / cpu, 1),
    }


def bench(
    backend: str, settings: Settings, questions: list[str], chunks: list[str], workers: int, ingest_only: bool
) -> dict:
    embedder = load_embedder(settings.model_copy(update={"embedding_backend": backend}))
    if ingest_only:
        return {"ingest": bench_ingest(embedder, chunks, workers)}
    embedder.limit_threads(settings.query_threads)
    start = clock()
    embedder.load()
    load_wall, _ = since(start)
    for q in questions[:10]:
        embedder.encode([q])
    walls, cpus, query_vectors = [], [], []
    for q in questions:
        start = clock()
        query_vectors.append(embedder.encode([q])[0])
        wall, cpu = since(start)
        walls.append(wall)
        cpus.append(cpu)
    embedder.limit_threads(0)
    embedder.encode(chunks[:8])
    start = clock()
    chunk_vectors = embedder.encode(chunks)
    wall, cpu = since(start)
    ingest = {"ingest": bench_ingest(embedder, chunks, workers)} if workers else {}
    return {
        **ingest,
        "load_s": round(load_wall, 2),
        "query_ms": ms(walls),
        "query_cpu_ms": ms(cpus),
        "batch": {
            "chunks": len(chunks),
            "wall_s": round(wall, 1),
            "chunks_per_s": round(len(chunks) / wall, 1),
            "chunks_per_cpu_s": round(len(chunks) / cpu, 1),
        },
        "_vectors": (np.stack(query_vectors), chunk_vectors),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--questions", type=Path, required=True)
    parser.add_argument("--chunks", type=int, default=500)
    parser.add_argument("--cache", type=Path, help="Sample from this ingest.sqlite instead of the index.")
    parser.add_argument("--backends", nargs="+", choices=BACKENDS, default=list(BACKENDS))
    parser.add_argument("--workers", type=int, default=0, help="Also embed the sample as ingest does.")
    parser.add_argument("--ingest-only", action="store_true", help="Only that (needs --workers).")
    args = parser.parse_args()
    if args.ingest_only and not args.workers:
        parser.error("--ingest-only needs --workers N")
    settings = Settings()
    questions = [q.question for q in load_questions(args.questions)]
    chunks = chunk_sample(settings, args.chunks, args.cache)
    results = {
        b: bench(b, settings, questions, chunks, args.workers, args.ingest_only) for b in args.backends
    }
    if "torch" in results and not args.ingest_only:
        ref_q, ref_c = results["torch"]["_vectors"]
        for row in results.values():
            q, c = row["_vectors"]
            row["cosine_to_torch"] = {"questions": cosines(q, ref_q), "chunks": cosines(c, ref_c)}
    for row in results.values():
        row.pop("_vectors", None)
    machine = f"{platform.machine()} {os.cpu_count()} cores Python {platform.python_version()}"
    print(
        json.dumps(
            {
                "date": datetime.now(UTC).isoformat(timespec="seconds"),
                "machine": machine,
                "load_average": [round(x, 1) for x in os.getloadavg()],
                "questions": len(questions),
                "backends": results,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
