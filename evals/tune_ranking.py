"""Choose the routing weights (guide pages, named company) and document aggregation on dev.

    python -m evals.tune_ranking --questions evals/retrieval/questions.jsonl [--split dev]

Every ranking a question can need (dense and BM25 over everything, over the guide's pages, over a
named company) is computed once, then fused for every grid point. The best dev nDCG@10 (ties:
hit@5) is chosen; the other splits are printed at the chosen point and at the current settings, so
a held-out split is looked at once, not tuned on.
"""

from __future__ import annotations

import argparse
import itertools
import json
from pathlib import Path

from evals.metrics import evaluate
from evals.questions import Question, load_questions
from evals.retrieval_eval import build_qrels, document_of
from rag.config import Settings
from rag.deps import Deps
from rag.index.retrieve import PAGES, collapse_documents, reciprocal_rank_fusion

PAGE_GRID = (0.0, 0.25, 0.5, 0.75, 1.0, 1.5)
COMPANY_GRID = (0.0, 0.5, 1.0, 2.0)
DOC_GRID = (0.0, 0.1, 0.25, 0.5)
DEPTH = 80


def collect(deps: Deps, questions: list[Question]) -> dict[str, dict]:
    """Per question: the plain dense/BM25 rankings and the routed ones, with their route kind."""
    r = deps.retriever
    out = {}
    for q in questions:
        routes = []
        for f in r.company_routes(q.question):
            routes.append(("company", r.dense(q.question, DEPTH, f), r.bm25(q.question, DEPTH, f)))
        pages = ("page", r.dense(q.question, DEPTH, PAGES), r.bm25(q.question, DEPTH, PAGES))
        out[q.id] = {
            "plain": (r.dense(q.question, DEPTH), r.bm25(q.question, DEPTH)),
            "company": routes,
            "page": pages,
        }
    return out


def fuse(lists: dict, k: int, page: float, company: float, doc: float) -> dict[str, float]:
    dense, bm25 = lists["plain"]
    rankings = [(dense, 1.0), (bm25, 1.0)]
    if company and lists["company"]:
        for _, d, b in lists["company"]:
            rankings += [(d, company), (b, company)]
    elif page:
        _, d, b = lists["page"]
        rankings += [(d, page), (b, page)]
    fused = collapse_documents(reciprocal_rank_fusion(rankings, k), doc)[:10]
    return {c.doc_id: s for c, s in fused}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--questions", type=Path, nargs="+", required=True)
    parser.add_argument("--split", default="dev", help="The split the weights are chosen on.")
    args = parser.parse_args()
    settings = Settings()
    deps = Deps.open(settings)
    try:
        questions = [q for path in args.questions for q in load_questions(path) if q.gold]
        lists = collect(deps, questions)
        qrels = build_qrels(questions, document_of(deps.retriever))
    finally:
        deps.close()

    def score(split: str, point: tuple[float, float, float]) -> dict:
        chosen = [q for q in questions if q.split == split]
        run = {q.id: fuse(lists[q.id], settings.rrf_k, *point) for q in chosen}
        result = evaluate({q.id: qrels[q.id] for q in chosen}, run, {q.id: q.kind for q in chosen})
        return {
            **{key: result[key] for key in ("n", "hit@1", "hit@5", "mrr@10", "ndcg@10")},
            "per_kind_hit@5": {kind: v["hit@5"] for kind, v in result["per_kind"].items()},
        }

    grid = {p: score(args.split, p) for p in itertools.product(PAGE_GRID, COMPANY_GRID, DOC_GRID)}
    best = max(grid, key=lambda p: (grid[p]["ndcg@10"], grid[p]["hit@5"], -sum(p)))
    current = (settings.rrf_page_weight, settings.rrf_company_weight, settings.doc_score_weight)
    splits = sorted({q.split for q in questions if q.split})
    print(
        json.dumps(
            {
                "chosen": dict(
                    zip(("rrf_page_weight", "rrf_company_weight", "doc_score_weight"), best, strict=True)
                ),
                "baseline": {s: score(s, (0.0, 0.0, 0.0)) for s in splits},
                "chosen_scores": {s: score(s, best) for s in splits},
                "current_settings": {s: score(s, current) for s in splits},
                f"{args.split}_grid": {
                    f"page={p},company={c},doc={d}": [v["hit@5"], v["ndcg@10"]]
                    for (p, c, d), v in grid.items()
                },
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
