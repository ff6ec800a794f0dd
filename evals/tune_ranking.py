"""Choose the ranking constants on the tuning splits: the weight of the guide's research-data pages
and the share of a document's further chunks in its score (round three; the earlier constants stay
at the current settings).

    python -m evals.tune_ranking --questions evals/retrieval/questions.jsonl \
        evals/retrieval/unseen.jsonl evals/retrieval/unseen2.jsonl [--split dev unseen unseen2]

Every ranking a question can need (dense and BM25 over everything, over the guide's pages, over a
named company, over the figure chunks) is computed once, then fused for every grid point. The best
hit@5 + nDCG@10 over the tuning questions is chosen (ties: closest to "no change"); each tuning
split is also left out in turn, the constants chosen on the others and scored on it, so a constant
that only fits one set shows. Other splits are printed at the chosen point and at the current
settings, so a held-out split is looked at once, not tuned on.
"""

from __future__ import annotations

import argparse
import itertools
import json
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from evals.metrics import evaluate
from evals.questions import Question, load_questions
from evals.retrieval_eval import build_qrels, document_of
from rag.config import Settings
from rag.deps import Deps
from rag.index.catalog import Catalog, catalog_for
from rag.index.retrieve import ABOUT_POSTINGS, PAGES, collapse_documents, demote_pages, reciprocal_rank_fusion
from rag.records import Chunk

DATA_GRID = (1.0, 0.9, 0.8, 0.7, 0.6)
DOC_GRID = (0.0, 0.05, 0.1, 0.2)
NAMES = ("data_page_weight", "doc_score_weight")
NO_CHANGE = (1.0, 0.1)  # the settings before round three
DEPTH = 80  # what hybrid search uses for 10 collapsed documents


def tuning_questions(paths: Sequence[Path], splits: Sequence[str] | None = None) -> list[Question]:
    """The answerable questions of `paths` (of `splits` only, if given), each id prefixed with its
    split: unseen2.jsonl and unseen4.jsonl share ids v001-v072, and rankings are kept by id."""
    return [
        replace(q, id=f"{q.split}:{q.id}")
        for path in paths
        for q in load_questions(path)
        if q.gold and (splits is None or q.split in splits)
    ]


def tuning_args(doc: str | None, splits: list[str]) -> argparse.Namespace:
    """The --questions files and --split tuning splits of a measurement script (tune_passages,
    tune_feedback): only these splits are read."""
    parser = argparse.ArgumentParser(description=doc)
    parser.add_argument("--questions", type=Path, nargs="+", required=True)
    parser.add_argument("--split", nargs="+", default=splits, help="The tuning splits (only these are read).")
    return parser.parse_args()


def collect(deps: Deps, questions: list[Question]) -> dict[str, dict]:
    """Per question: the plain dense/BM25 rankings and the routed ones."""
    r = deps.retriever
    out = {}
    for q in questions:
        out[q.id] = {
            "plain": (r.dense(q.question, DEPTH), r.bm25(q.question, DEPTH)),
            "company": [
                (r.dense(q.question, DEPTH, f), r.bm25(q.question, DEPTH, f))
                for f in r.company_routes(q.question)
            ],
            "page": (r.dense(q.question, DEPTH, PAGES), r.bm25(q.question, DEPTH, PAGES)),
            "figures": r.figure_rankings(q.question, DEPTH) if ABOUT_POSTINGS.search(q.question) else [],
        }
    return out


def fuse(
    lists: dict,
    s: Settings,
    catalog: Catalog,
    point: tuple[float, float],
    extra: Sequence = (),
    boost: dict[str, float] | None = None,
) -> dict:
    """The top 10 documents as hybrid search ranks them with (data page weight, document weight),
    `extra` (ranking, weight) pairs fused in as well and fused scores x `boost` by chunk id
    (evals/tune_passages.py, evals/tune_feedback.py)."""
    fused = fused_chunks(lists, s, catalog, point[0], extra, boost)
    return {c.doc_id: score for c, score in collapse_documents(fused, point[1])[:10]}


def fused_chunks(
    lists: dict,
    s: Settings,
    catalog: Catalog,
    data_weight: float,
    extra: Sequence = (),
    boost: dict[str, float] | None = None,
) -> list[tuple[Chunk, float]]:
    """Every chunk hybrid search fuses, best first, before collapsing to documents (see `fuse`)."""
    dense, bm25 = lists["plain"]
    rankings = [(dense, s.rrf_dense_weight), (bm25, s.rrf_bm25_weight)]
    page_dense, page_bm25 = lists["page"]
    if s.rrf_company_weight and lists["company"]:
        for d, b in lists["company"]:
            rankings += [(d, s.rrf_company_weight), (b, s.rrf_company_weight)]
        if s.rrf_company_page_weight:
            rankings += [(page_dense, s.rrf_company_page_weight), (page_bm25, s.rrf_company_page_weight)]
    elif s.rrf_page_weight:
        rankings += [(page_dense, s.rrf_page_weight), (page_bm25, s.rrf_page_weight)]
        if s.rrf_figures_weight:
            rankings += [(ranking, s.rrf_figures_weight) for ranking in lists["figures"]]
    fused = reciprocal_rank_fusion(rankings + list(extra), s.rrf_k)
    if boost:
        fused = [(c, score * boost.get(c.id, 1.0)) for c, score in fused]
    return demote_pages(fused, catalog.link_share, s.link_penalty, catalog.data_chunks, data_weight)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--questions", type=Path, nargs="+", required=True)
    parser.add_argument(
        "--split",
        nargs="+",
        default=["dev", "unseen", "unseen2"],
        help="The splits the constants are chosen on.",
    )
    args = parser.parse_args()
    settings = Settings()
    deps = Deps.open(settings)
    try:
        questions = tuning_questions(args.questions)
        lists = collect(deps, questions)
        qrels = build_qrels(questions, document_of(deps.retriever))
        catalog = catalog_for(deps.index.bm25)
    finally:
        deps.close()

    def score(splits: list[str], point: tuple[float, float]) -> dict:
        chosen = [q for q in questions if q.split in splits]
        run = {q.id: fuse(lists[q.id], settings, catalog, point) for q in chosen}
        result = evaluate({q.id: qrels[q.id] for q in chosen}, run, {q.id: q.kind for q in chosen})
        return {
            **{key: result[key] for key in ("n", "hit@1", "hit@5", "mrr@10", "ndcg@10")},
            "per_kind_hit@5": {kind: v["hit@5"] for kind, v in result["per_kind"].items()},
        }

    def best(splits: list[str]) -> tuple[float, float]:
        grid = {p: score(splits, p) for p in itertools.product(DATA_GRID, DOC_GRID)}
        # Both goals of issue 12 count: hit@5 + nDCG@10 (ties: the point closest to no change).
        distance = {p: sum(abs(a - b) for a, b in zip(p, NO_CHANGE, strict=True)) for p in grid}
        return max(grid, key=lambda p: (round(grid[p]["hit@5"] + grid[p]["ndcg@10"], 6), -distance[p]))

    chosen = best(args.split)
    current = (settings.data_page_weight, settings.doc_score_weight)
    splits = sorted({q.split for q in questions if q.split})
    left_out = {}
    for held in args.split:
        point = best([s for s in args.split if s != held])
        left_out[held] = {
            "chosen_on_the_others": dict(zip(NAMES, point, strict=True)),
            "before": score([held], NO_CHANGE),
            "after": score([held], point),
        }
    print(
        json.dumps(
            {
                "chosen": dict(zip(NAMES, chosen, strict=True)),
                "leave_one_split_out": left_out,
                "before": {s: score([s], NO_CHANGE) for s in splits},
                "chosen_scores": {s: score([s], chosen) for s in splits},
                "current_settings": {s: score([s], current) for s in splits},
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
