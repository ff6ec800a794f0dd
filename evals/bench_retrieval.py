"""Index open time and warm retrieval latency on the active index, per mode and filtered, with a
breakdown of where time goes, and the two parts of opening an index (BM25 load, vector shard) alone.

    python -m evals.bench_retrieval --questions evals/retrieval/questions.jsonl --rounds 3

The index is opened (BM25 pickle, chunk map, vector store) with the embedder already loaded. Each
question is retrieved once to warm up, then `rounds` times per mode. The breakdown times the parts
of a hybrid query separately: query embedding, Qdrant dense search, BM25 scoring. The filtered runs
(`--kind posting` and `--company` of the company with the most posting chunks) take the first
`--filtered` questions once each.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from evals.questions import load_questions
from rag.config import Settings
from rag.deps import Deps, load_query_embedder
from rag.index.edge import SHARD_DIR, EdgeVectors
from rag.index.filters import Filters
from rag.index.retrieve import MODES
from rag.index.store import ActiveIndex, open_bm25
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


def open_parts(index: ActiveIndex) -> dict[str, float]:
    """Seconds to load the BM25 index (chunks included) and to open the vector shard, each alone."""
    if index.dir is None or not (index.dir / SHARD_DIR).is_dir():  # a Qdrant server holds the vectors
        return {}
    start = time.perf_counter()
    open_bm25(index.dir, index.manifest).close()
    bm25_s = time.perf_counter() - start
    start = time.perf_counter()
    EdgeVectors.open(index.dir / SHARD_DIR).close()
    return {"bm25": round(bm25_s, 3), "shard": round(time.perf_counter() - start, 3)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--questions", type=Path, required=True)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--filtered", type=int, default=177, help="Questions for the filtered runs.")
    args = parser.parse_args()
    texts = [q.question for q in load_questions(args.questions)]
    settings = Settings()
    embedder = load_query_embedder(settings)  # as served: FIELDGUIDE_QUERY_BACKEND
    start = time.perf_counter()
    deps = Deps.open(settings, embedder)
    open_s = time.perf_counter() - start
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
        companies = Counter(c.metadata.get("company") for c in deps.index.bm25.chunks if c.kind == "posting")
        company = companies.most_common(1)[0][0]
        few = texts[: args.filtered]
        filtered = {}
        for name, flt in (("kind_posting", Filters(kind="posting")), ("company", Filters(company=company))):
            filtered[f"hybrid_{name}"] = [
                timed(r.retrieve, t, k=10, filters=flt, cpu=f"hybrid_{name}") for t in few
            ]
            filtered[f"dense_search_{name}"] = [
                timed(deps.index.vectors.search, vectors[t], depth, flt) for t in few
            ]
        chunks = deps.index.vectors.count()
    finally:
        deps.close()
    opened = open_parts(deps.index)
    print(
        json.dumps(
            {
                "date": datetime.now(UTC).isoformat(timespec="seconds"),
                "python": platform.python_version(),
                "chunks": chunks,
                "index_open_s": round(open_s, 3),
                "index_open_parts_s": opened,
                "company": f"{company} ({companies[company]} posting chunks)",
                "filtered_queries": len(few),
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
