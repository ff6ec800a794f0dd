"""Warm retrieval latency on the active index, per mode, with a breakdown of where time goes.

    python -m evals.bench_retrieval --questions evals/retrieval/questions.jsonl --rounds 3

Each question is retrieved once to warm up, then `rounds` times per mode. The breakdown times the
parts of a hybrid query separately: query embedding, Qdrant dense search, rank-bm25 scoring.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time
from datetime import UTC, datetime
from pathlib import Path

from evals.questions import load_questions
from rag.config import Settings
from rag.deps import Deps
from rag.index.filters import Filters
from rag.index.retrieve import MODES
from rag.stats import percentile

CPU_MS: dict[str, list[float]] = {}  # the same calls' CPU time, keyed by what `timed` was given as `cpu`


def timed(fn, *args, cpu: str | None = None, **kwargs) -> float:
    """Wall milliseconds of one call; with `cpu`, its CPU milliseconds are kept in CPU_MS[cpu] (on a
    shared machine wall time moves with the load, CPU time of a one-thread call much less)."""
    start, start_cpu = time.perf_counter(), time.process_time()
    fn(*args, **kwargs)
    if cpu:
        CPU_MS.setdefault(cpu, []).append((time.process_time() - start_cpu) * 1000)
    return (time.perf_counter() - start) * 1000


def summary(values: list[float]) -> dict:
    return {"p50": round(percentile(values, 50), 1), "p95": round(percentile(values, 95), 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--questions", type=Path, required=True)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--filtered", type=int, default=30, help="Questions for the filtered timings.")
    args = parser.parse_args()
    texts = [q.question for q in load_questions(args.questions)]
    deps = Deps.open(Settings())
    try:
        r = deps.retriever
        for text in texts:
            r.retrieve(text, k=10)
        modes = {
            m: [timed(r.retrieve, t, k=10, mode=m, cpu=m) for _ in range(args.rounds) for t in texts]
            for m in MODES
        }
        depth = r.fusion.depth
        vectors = {t: deps.embedder.encode([t])[0] for t in texts}
        parts = {
            "query_embedding": [timed(deps.embedder.encode, [t], cpu="query_embedding") for t in texts],
            "qdrant_dense_search": [timed(deps.index.vectors.search, vectors[t], depth) for t in texts],
            "bm25_search": [timed(deps.index.bm25.search, t, depth) for t in texts],
        }
        posting = Filters(kind="posting")
        few = texts[: args.filtered]  # local mode filters in Python (~0.5 s a query): a sample is enough
        filtered = {
            "hybrid_kind_posting": [timed(r.retrieve, t, k=10, filters=posting) for t in few],
            "dense_search_kind_posting": [
                timed(deps.index.vectors.search, vectors[t], depth, posting) for t in few
            ],
        }
        chunks = deps.index.vectors.count()
    finally:
        deps.close()
    print(
        json.dumps(
            {
                "date": datetime.now(UTC).isoformat(timespec="seconds"),
                "python": platform.python_version(),
                "chunks": chunks,
                "queries": len(texts) * args.rounds,
                "embedding": f"{deps.embedder.backend}, {deps.settings.query_threads} thread(s)",
                "load_average": [round(x, 1) for x in os.getloadavg()],
                "modes_ms": {m: summary(v) for m, v in modes.items()},
                "cpu_ms": {k: summary(v) for k, v in CPU_MS.items()},
                "hybrid_parts_ms": {k: summary(v) for k, v in parts.items()},
                "filtered_ms": {k: summary(v) for k, v in filtered.items()},
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
