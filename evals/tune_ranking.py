"""Choose the ranking constants on the tuning splits: the guide pages' weight when a company is
named, the penalty on page chunks made of links, and the weight of the figure chunks' rankings.

    python -m evals.tune_ranking --questions evals/retrieval/questions.jsonl \
        evals/retrieval/unseen.jsonl [--split dev unseen]

Every ranking a question can need (dense and BM25 over everything, over the guide's pages, over a
named company) is computed once, then fused for every grid point; the older constants (page and
company weights, document aggregation) stay at the current settings. The best hit@5 + nDCG@10 over
the tuning questions is chosen; the other splits are printed at the chosen point and at
the current settings, so a held-out split is looked at once, not tuned on.
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
from rag.index.catalog import catalog_for
from rag.index.retrieve import (
    ABOUT_POSTINGS,
    PAGES,
    collapse_documents,
    demote_link_lists,
    reciprocal_rank_fusion,
)

COMPANY_PAGE_GRID = (0.0, 0.25, 0.5, 0.75, 1.0, 1.5)
LINK_GRID = (0.0, 0.25, 0.5, 0.75, 1.0)
FIGURES_GRID = (0.0, 0.5, 1.0, 1.5)
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
            "figures": r.figure_rankings(q.question, DEPTH) if ABOUT_POSTINGS.search(q.question) else [],
        }
    return out


def fuse(lists: dict, settings: Settings, shares: dict[str, float], point: tuple[float, ...]) -> dict:
    """The top 10 documents as hybrid search ranks them with (company page, link penalty, figures)."""
    company_page, link, figures = point
    dense, bm25 = lists["plain"]
    rankings = [(dense, settings.rrf_dense_weight), (bm25, settings.rrf_bm25_weight)]
    _, page_dense, page_bm25 = lists["page"]
    if settings.rrf_company_weight and lists["company"]:
        for _, d, b in lists["company"]:
            rankings += [(d, settings.rrf_company_weight), (b, settings.rrf_company_weight)]
        if company_page:
            rankings += [(page_dense, company_page), (page_bm25, company_page)]
    elif settings.rrf_page_weight:
        rankings += [(page_dense, settings.rrf_page_weight), (page_bm25, settings.rrf_page_weight)]
        rankings += [(ranking, figures) for ranking in lists["figures"] if figures]
    fused = demote_link_lists(reciprocal_rank_fusion(rankings, settings.rrf_k), shares, link)
    return {c.doc_id: s for c, s in collapse_documents(fused, settings.doc_score_weight)[:10]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--questions", type=Path, nargs="+", required=True)
    parser.add_argument(
        "--split", nargs="+", default=["dev", "unseen"], help="The splits the constants are chosen on."
    )
    args = parser.parse_args()
    settings = Settings()
    deps = Deps.open(settings)
    try:
        questions = [q for path in args.questions for q in load_questions(path) if q.gold]
        lists = collect(deps, questions)
        qrels = build_qrels(questions, document_of(deps.retriever))
        shares = catalog_for(deps.index.bm25).link_share
    finally:
        deps.close()

    def score(splits: list[str], point: tuple[float, ...]) -> dict:
        chosen = [q for q in questions if q.split in splits]
        run = {q.id: fuse(lists[q.id], settings, shares, point) for q in chosen}
        result = evaluate({q.id: qrels[q.id] for q in chosen}, run, {q.id: q.kind for q in chosen})
        return {
            **{key: result[key] for key in ("n", "hit@1", "hit@5", "mrr@10", "ndcg@10")},
            "per_kind_hit@5": {kind: v["hit@5"] for kind, v in result["per_kind"].items()},
        }

    points = itertools.product(COMPANY_PAGE_GRID, LINK_GRID, FIGURES_GRID)
    grid = {p: score(args.split, p) for p in points}
    # Both goals of issue 12 count: hit@5 + nDCG@10 (ties: the smaller constants).
    best = max(grid, key=lambda p: (grid[p]["hit@5"] + grid[p]["ndcg@10"], -sum(p)))
    current = (settings.rrf_company_page_weight, settings.link_penalty, settings.rrf_figures_weight)
    names = ("rrf_company_page_weight", "link_penalty", "rrf_figures_weight")
    splits = sorted({q.split for q in questions if q.split})
    print(
        json.dumps(
            {
                "chosen": dict(zip(names, best, strict=True)),
                "baseline": {s: score([s], (0.0, 0.0, 0.0)) for s in splits},
                "chosen_scores": {s: score([s], best) for s in splits},
                "current_settings": {s: score([s], current) for s in splits},
                f"{'+'.join(args.split)}_grid": {
                    ",".join(f"{n}={x}" for n, x in zip(names, p, strict=True)): [v["hit@5"], v["ndcg@10"]]
                    for p, v in grid.items()
                },
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
