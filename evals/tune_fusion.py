"""Tune the reciprocal-rank-fusion constants on the dev split (grid search).

    python -m evals.tune_fusion --questions evals/retrieval/questions.jsonl

Dense and BM25 rankings are computed once per question, then fused for every grid point, so the
search costs one retrieval pass. Picks the best dev nDCG@10 (ties: hit@5) and prints the test-split
metrics of the chosen point next to the defaults'.
"""

from __future__ import annotations

import argparse
import itertools
import json
from pathlib import Path

from evals.metrics import evaluate
from evals.questions import load_questions
from evals.retrieval_eval import build_qrels, document_of
from rag.config import Settings
from rag.deps import Deps
from rag.index.retrieve import collapse_documents, reciprocal_rank_fusion

K_GRID = (1, 5, 10, 20, 40, 60, 100)
BM25_WEIGHT_GRID = (0.5, 0.75, 1.0, 1.25, 1.5, 2.0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--questions", type=Path, required=True)
    args = parser.parse_args()
    deps = Deps.open(Settings())
    try:
        questions = [q for q in load_questions(args.questions) if q.gold]
        depth = max(deps.retriever.fusion.depth, 80)
        lists = {}
        for q in questions:
            lists[q.id] = (deps.retriever.dense(q.question, depth), deps.retriever.bm25(q.question, depth))
        qrels = build_qrels(questions, document_of(deps.retriever))
    finally:
        deps.close()

    def score(split: str, k: int, weight: float) -> dict:
        chosen = [q for q in questions if q.split == split]
        run = {}
        for q in chosen:
            dense, bm25 = lists[q.id]
            fused = collapse_documents(reciprocal_rank_fusion([(dense, 1.0), (bm25, weight)], k))[:10]
            run[q.id] = {c.doc_id: s for c, s in fused}
        result = evaluate({q.id: qrels[q.id] for q in chosen}, run)
        return {key: result[key] for key in ("n", "hit@1", "hit@5", "mrr@10", "ndcg@10")}

    grid = {(k, w): score("dev", k, w) for k, w in itertools.product(K_GRID, BM25_WEIGHT_GRID)}
    best = max(grid, key=lambda p: (grid[p]["ndcg@10"], grid[p]["hit@5"]))
    print(
        json.dumps(
            {
                "chosen": {"rrf_k": best[0], "rrf_bm25_weight": best[1]},
                "dev": {"chosen": grid[best], "default_k60_w1": grid[(60, 1.0)]},
                "test": {"chosen": score("test", *best), "default_k60_w1": score("test", 60, 1.0)},
                "dev_grid_ndcg@10": {f"k={k},w={w}": v["ndcg@10"] for (k, w), v in grid.items()},
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
