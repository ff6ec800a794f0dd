"""Choose the answerability constants (rag/answer/answerability.py) and the refusal threshold on dev.

    python -m evals.tune_answerability --questions evals/retrieval/questions.jsonl \\
        evals/retrieval/near_domain.jsonl [--split dev]

Retrieval, the relevance score, the context each question's answer would use and its cosine to the
closest guide page are computed once; then every grid point re-runs only the (cheap) checks, which
also decide what a relevance score below the threshold means (off-topic, or an on-topic question).
A point is feasible when its false-refusal rate on answerable questions is at most
MAX_FALSE_REFUSALS; the feasible point with the best refusal accuracy, then partial-answer
correctness, is chosen. Other splits are printed at the chosen point, once.
"""

from __future__ import annotations

import argparse
import itertools
import json
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from evals.answer_eval import names_gap
from evals.questions import Question, load_questions
from rag.answer.answerability import AnswerabilityChecker, checker_for, page_similarity
from rag.answer.grounding import Grounding
from rag.config import Settings
from rag.deps import Deps
from rag.index.relevance import RELEVANCE_DEPTH, RelevanceScorer

KEY_GRID = (0.3, 0.4, 0.5, 0.6, 0.7)
NONE_GRID = (0.2, 0.3, 0.4, 0.5, 0.6)
THRESHOLD_GRID = (0.2, 0.3, 0.35, 0.41, 0.45)
DOMAIN_GRID = (0, 2, 3, 5, 8)
EVERYDAY_GRID = (3, 10, 30, 10**9)
MAX_FALSE_REFUSALS = 0.05


def collect(deps: Deps, questions: list[Question]) -> tuple[dict, RelevanceScorer]:
    """Per question: relevance score and the chunks its answer's context would hold (with what the
    product's checker looks up in the context's documents, rag/answer/grounding.py)."""
    settings = deps.settings
    scorer = RelevanceScorer(deps.index.bm25)
    checker = checker_for(deps, scorer.unknown, settings.refusal_threshold)
    budget, documents = settings.answer_context_tokens, settings.lookup_documents
    grounding = Grounding(checker, deps.index.bm25, deps.embedder.count_tokens, budget, documents)
    out = {}
    for q in questions:
        hits = deps.retriever.retrieve(q.question, k=max(settings.answer_k, RELEVANCE_DEPTH))
        score = scorer.score(q.question, hits)
        context, _ = grounding(q.question, hits[: settings.answer_k], score)
        out[q.id] = (score, context.chunks())
    return out, scorer


def verdicts(questions, cached, checker) -> dict:
    out = {}
    for q in questions:
        score, passages = cached[q.id]
        v = checker.check(q.question, passages, relevance=score) if passages else None
        out[q.id] = (v.coverage, v.missing) if v else ("none", ())
    return out


def rates(questions, judged) -> dict:
    rows = {"full": [], "partial": [], "none": []}
    for q in questions:
        rows[q.coverage].append((q, judged[q.id]))

    def share(items, test) -> float | None:
        return round(sum(test(q, v) for q, v in items) / len(items), 4) if items else None

    def named(q, v) -> bool:
        return v[0] == "partial" and names_gap(v[1], q.missing_terms)

    return {
        "refusal_accuracy": share(rows["none"], lambda q, v: v[0] == "none"),
        "false_refusal_rate": share(rows["full"], lambda q, v: v[0] == "none"),
        "flagged_partial_on_full": share(rows["full"], lambda q, v: v[0] == "partial"),
        "partial_correctness": share(rows["partial"], named),
        "n": {k: len(v) for k, v in rows.items()},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--questions", type=Path, nargs="+", required=True)
    parser.add_argument("--split", default="dev")
    parser.add_argument("--show", action="store_true", help="List the chosen point's misses on --split.")
    parser.add_argument("--report", action="store_true", help="Also score the other splits, once.")
    args = parser.parse_args()
    # ids keyed by split: near_domain.jsonl and near_domain3.jsonl share ids n001-n048
    questions = [replace(q, id=f"{q.split}:{q.id}") for path in args.questions for q in load_questions(path)]
    tuning = [q for q in questions if q.split == args.split]
    deps = Deps.open(Settings())
    try:
        cached, scorer = collect(deps, questions if args.report else tuning)

        similarity = lru_cache(maxsize=None)(page_similarity(deps.retriever))  # as checker_for's

        def checker(k: float, n: float, d: int, e: int, t: float) -> AnswerabilityChecker:
            bm25 = deps.index.bm25
            return AnswerabilityChecker(
                bm25, scorer.unknown, k, n, d, e, page_similarity=similarity, refusal_threshold=t
            )

        points = itertools.product(KEY_GRID, NONE_GRID, DOMAIN_GRID, EVERYDAY_GRID, THRESHOLD_GRID)
        grid = {p: rates(tuning, verdicts(tuning, cached, checker(*p))) for p in points}
        feasible = [p for p, r in grid.items() if (r["false_refusal_rate"] or 0) <= MAX_FALSE_REFUSALS]

        def merit(p: tuple) -> tuple:
            r = grid[p]
            wrong = r["flagged_partial_on_full"] or 0
            return (round((r["refusal_accuracy"] or 0) + (r["partial_correctness"] or 0) - wrong, 4), -wrong)

        best = max(feasible or list(grid), key=merit)
        k, n, d, e, t = best
        chosen = verdicts(questions if args.report else tuning, cached, checker(k, n, d, e, t))
    finally:
        deps.close()
    splits = sorted({q.split for q in questions if q.split}) if args.report else [args.split]
    result = {
        "chosen": {
            "key_idf_share": k,
            "none_share": n,
            "domain_page_df": d,
            "everyday_page_df": e,
            "refusal_threshold": t,
        },
        "per_split": {s: rates([q for q in questions if q.split == s], chosen) for s in splits},
        f"{args.split}_top": {
            f"key={k},none={n},domain={d},everyday={e},threshold={t}": grid[(k, n, d, e, t)]
            for k, n, d, e, t in sorted(feasible or grid, key=merit, reverse=True)[:8]
        },
    }
    if args.show:
        for q in tuning:
            score = cached[q.id][0]
            got, missing = chosen[q.id]
            if got != q.coverage:
                print(f"{q.id} want {q.coverage} got {got} {missing} rel={score:.2f} {q.question}")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
