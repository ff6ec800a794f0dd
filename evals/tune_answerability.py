"""Choose the answerability constants (rag/answer/answerability.py) and the refusal threshold on dev.

    python -m evals.tune_answerability --questions evals/retrieval/questions.jsonl \\
        evals/retrieval/near_domain.jsonl [--split dev]

Retrieval, the relevance score and the context each question's answer would use are computed
once; then every grid point re-runs only the (cheap, lexical) checks. A point is feasible when
its false-refusal rate on answerable questions is at most MAX_FALSE_REFUSALS; the feasible point
with the best refusal accuracy, then partial-answer correctness, is chosen. Other splits are
printed at the chosen point, once.
"""

from __future__ import annotations

import argparse
import itertools
import json
from pathlib import Path

from evals.questions import Question, load_questions
from rag.answer.answerability import AnswerabilityChecker
from rag.answer.context import build_context
from rag.config import Settings
from rag.deps import Deps
from rag.index.relevance import RELEVANCE_DEPTH, RelevanceScorer
from rag.index.text_tokens import tokenize

KEY_GRID = (0.3, 0.4, 0.5, 0.6, 0.7)
NONE_GRID = (0.2, 0.3, 0.4, 0.5, 0.6)
THRESHOLD_GRID = (0.2, 0.3, 0.35, 0.41, 0.45)
MAX_FALSE_REFUSALS = 0.05


def collect(deps: Deps, questions: list[Question]) -> tuple[dict, RelevanceScorer]:
    """Per question: relevance score and the chunks its answer's context would hold."""
    settings = deps.settings
    scorer = RelevanceScorer(deps.index.bm25)
    out = {}
    for q in questions:
        hits = deps.retriever.retrieve(q.question, k=max(settings.answer_k, RELEVANCE_DEPTH))
        context = build_context(
            hits[: settings.answer_k], deps.embedder.count_tokens, settings.answer_context_tokens
        )
        out[q.id] = (scorer.score(q.question, hits), [s.hit.chunk for s in context.sources])
    return out, scorer


def rates(questions, cached, checker, threshold) -> dict:
    rows = {"full": [], "partial": [], "none": []}
    for q in questions:
        score, passages = cached[q.id]
        if not passages or score < threshold:
            verdict = ("none", ())
        else:
            v = checker.check(q.question, passages)
            verdict = (v.coverage, v.missing)
        rows[q.coverage].append((q, verdict))

    def share(items, test) -> float | None:
        return round(sum(test(q, v) for q, v in items) / len(items), 4) if items else None

    def names_gap(q, v) -> bool:
        said = set(tokenize(" ".join(v[1])))
        return v[0] == "partial" and any(said & set(tokenize(t)) for t in q.missing_terms)

    return {
        "refusal_accuracy": share(rows["none"], lambda q, v: v[0] == "none"),
        "false_refusal_rate": share(rows["full"], lambda q, v: v[0] == "none"),
        "flagged_partial_on_full": share(rows["full"], lambda q, v: v[0] == "partial"),
        "partial_correctness": share(rows["partial"], names_gap),
        "n": {k: len(v) for k, v in rows.items()},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--questions", type=Path, nargs="+", required=True)
    parser.add_argument("--split", default="dev")
    parser.add_argument("--show", action="store_true", help="List the chosen point's dev misses.")
    args = parser.parse_args()
    questions = [q for path in args.questions for q in load_questions(path)]
    deps = Deps.open(Settings())
    try:
        cached, scorer = collect(deps, questions)
        checkers = {
            (k, n): AnswerabilityChecker(deps.index.bm25, scorer.unknown, k, n)
            for k, n in itertools.product(KEY_GRID, NONE_GRID)
        }
    finally:
        deps.close()
    tuning = [q for q in questions if q.split == args.split]
    grid = {
        (k, n, t): rates(tuning, cached, checkers[(k, n)], t)
        for (k, n), t in itertools.product(checkers, THRESHOLD_GRID)
    }
    feasible = [p for p, r in grid.items() if (r["false_refusal_rate"] or 0) <= MAX_FALSE_REFUSALS] or list(
        grid
    )
    best = max(
        feasible, key=lambda p: (grid[p]["refusal_accuracy"] or 0, grid[p]["partial_correctness"] or 0)
    )
    k, n, t = best
    splits = sorted({q.split for q in questions if q.split})
    result = {
        "chosen": {"key_idf_share": k, "none_share": n, "refusal_threshold": t},
        "per_split": {
            s: rates([q for q in questions if q.split == s], cached, checkers[(k, n)], t) for s in splits
        },
        f"{args.split}_grid": {f"key={k},none={n},threshold={t}": r for (k, n, t), r in grid.items()},
    }
    if args.show:
        for q in tuning:
            score, passages = cached[q.id]
            v = checkers[(k, n)].check(q.question, passages) if passages and score >= t else None
            got = v.coverage if v else "none"
            if got != q.coverage:
                missing = v.missing if v else ""
                print(f"{q.id} want {q.coverage} got {got} {missing} rel={score:.2f} {q.question}")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
