"""Ingest benchmark: cold ingest, the pure-embedding floor on the same chunks, warm re-ingest.

    python -m evals.bench_ingest --corpus ../shared/field-guide --data-dir /tmp/fg-bench

Prints one JSON object; docs/BENCHMARKS.md quotes it.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import time
from datetime import UTC, datetime
from pathlib import Path

from ingest.pipeline import Ingest
from rag.config import Settings
from rag.deps import load_embedder
from rag.index.store import IndexStore


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--data-dir", type=Path, required=True, help="Emptied first: a cold start.")
    args = parser.parse_args()
    shutil.rmtree(args.data_dir, ignore_errors=True)
    settings = Settings(data_dir=args.data_dir)

    start = time.perf_counter()
    embedder = load_embedder(settings)
    embedder.load()  # the model loads lazily; load it here so the cold figures leave it out
    model_load = time.perf_counter() - start

    start = time.perf_counter()
    cold = Ingest(settings, embedder).run(args.corpus)
    cold_wall = time.perf_counter() - start
    cold_rss = peak_rss_mb()

    index = IndexStore(settings).open_active()
    texts = list(dict.fromkeys(c.embed_text for c in index.bm25.chunks))
    index.close()
    start = time.perf_counter()
    embedder.encode(texts)
    floor = time.perf_counter() - start

    start = time.perf_counter()
    warm = Ingest(settings, embedder).run(args.corpus)
    warm_wall = time.perf_counter() - start

    chunks = sum(cold.chunks.values())
    print(
        json.dumps(
            {
                "date": datetime.now(UTC).isoformat(timespec="seconds"),
                "machine": f"{platform.machine()} {os.cpu_count()} cores Python {platform.python_version()}",
                "model": cold.model,
                "model_load_s": round(model_load, 1),
                "documents": cold.documents,
                "chunks": chunks,
                "cold": {
                    "wall_s": round(cold_wall, 1),
                    "chunks_per_s": round(chunks / cold_wall, 1),
                    "embedded": cold.embedded,
                    "timings_s": {k: round(v, 1) for k, v in cold.timings.items()},
                    "peak_rss_mb": round(cold_rss),
                },
                "embedding_floor": {
                    "texts": len(texts),
                    "wall_s": round(floor, 1),
                    "pipeline_overhead_pct": round(100 * (cold_wall - floor) / floor, 1),
                },
                "warm_reingest": {
                    "wall_s": round(warm_wall, 1),
                    "embedded": warm.embedded,
                    "points_written": warm.points_written,
                    "timings_s": {k: round(v, 1) for k, v in warm.timings.items()},
                },
                "peak_rss_mb": round(peak_rss_mb()),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
