"""Market answer latency, warm and without an LLM: route, parse, query and render every market
question of evals/market/questions.jsonl, `--rounds` times, after one warm-up round.

    python -m evals.market.bench [--db PATH]   # default: the active index version's table
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

from evals.market.run import load
from rag.config import Settings
from rag.index.store import IndexStore
from rag.market.desk import MarketDesk
from rag.market.engine import MarketEngine
from rag.market.schema import DB_FILE
from rag.stats import percentile


def active_table(settings: Settings) -> Path:
    store = IndexStore(settings)
    return store.versions_dir / str(store.active_version()) / DB_FILE


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", type=Path, help="A market.duckdb file (default: the active version's).")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    desk = MarketDesk(MarketEngine(args.db or active_table(Settings())))
    questions = [q["question"] for q in load() if q["route"] != "guide"]
    for q in questions:
        desk.answer(q)
    latencies = []
    for _ in range(args.rounds):
        for q in questions:
            start = time.perf_counter()
            desk.answer(q)
            latencies.append((time.perf_counter() - start) * 1000)
    result = {
        "answers": len(latencies),
        "p50_ms": round(percentile(latencies, 50), 1),
        "p95_ms": round(percentile(latencies, 95), 1),
        "max_ms": round(max(latencies), 1),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "cpus": os.cpu_count(),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
