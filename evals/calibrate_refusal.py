"""Calibrate the refusal threshold (FIELDGUIDE_REFUSAL_THRESHOLD) on the eval questions.

The relevance score of every question (rag/index/relevance.py) is computed with the production
retriever; the threshold is chosen on the calibration split only: among thresholds that keep
the answer rate on answerable questions at or above `min_answer_rate`, those with the best
answer rate + refusal rate (on unanswerable ones) form a plateau, and its midpoint is taken.
The other splits are then reported at that threshold.

    python -m evals.calibrate_refusal --questions evals/retrieval/questions.jsonl [--json]
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from pathlib import Path

from evals.questions import Question, load_questions
from rag.errors import FieldGuideError

GRID = [round(i / 100, 2) for i in range(0, 101)]


def rates(scored: Sequence[tuple[Question, float]], threshold: float) -> dict:
    """Answer rate on answerable and refusal rate on unanswerable questions at `threshold`."""
    answerable = [s for q, s in scored if q.gold]
    unanswerable = [s for q, s in scored if not q.gold]
    return {
        "answer_rate": round(sum(s >= threshold for s in answerable) / len(answerable), 4)
        if answerable
        else None,
        "refusal_rate": round(sum(s < threshold for s in unanswerable) / len(unanswerable), 4)
        if unanswerable
        else None,
        "answerable": len(answerable),
        "unanswerable": len(unanswerable),
    }


def choose_threshold(
    scored: Sequence[tuple[Question, float]], min_answer_rate: float = 0.9, grid: Sequence[float] = GRID
) -> tuple[float, tuple[float, float]]:
    """(threshold, (low, high) of the best plateau)."""
    rows = [(t, rates(scored, t)) for t in grid]
    feasible = [(t, r) for t, r in rows if (r["answer_rate"] or 0) >= min_answer_rate] or rows

    def balance(r: dict) -> float:
        return (r["answer_rate"] or 0) + (r["refusal_rate"] or 0)

    best = max(balance(r) for _, r in feasible)
    plateau = [t for t, r in feasible if balance(r) == best]
    return round((plateau[0] + plateau[-1]) / 2, 3), (plateau[0], plateau[-1])


def score_questions(questions: Sequence[Question]) -> list[tuple[Question, float]]:
    from rag.config import Settings
    from rag.deps import Deps
    from rag.index.relevance import RELEVANCE_DEPTH, RelevanceScorer

    settings = Settings()
    deps = Deps.open(settings)
    try:
        scorer = RelevanceScorer(deps.index.bm25)
        depth = max(settings.answer_k, RELEVANCE_DEPTH)
        return [
            (q, scorer.score(q.question, deps.retriever.retrieve(q.question, k=depth))) for q in questions
        ]
    finally:
        deps.close()


def main() -> None:
    parser = argparse.ArgumentParser(description="Calibrate the refusal threshold.")
    parser.add_argument("--questions", type=Path, default=Path("evals/retrieval/questions.jsonl"))
    parser.add_argument("--split", default="dev", help="Split the threshold is chosen on.")
    parser.add_argument("--min-answer-rate", type=float, default=0.9)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    try:
        scored = score_questions(load_questions(args.questions))
    except FieldGuideError as exc:
        raise SystemExit(f"Error: {exc}") from exc
    calibration = [(q, s) for q, s in scored if q.split == args.split]
    threshold, plateau = choose_threshold(calibration, args.min_answer_rate)
    splits = sorted({q.split for q, _ in scored if q.split})
    result = {
        "threshold": threshold,
        "plateau": plateau,
        "calibrated_on": args.split,
        "per_split": {s: rates([(q, v) for q, v in scored if q.split == s], threshold) for s in splits},
        "all": rates(scored, threshold),
        "unanswerable_scores": {q.id: round(v, 4) for q, v in scored if not q.gold},
    }
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(f"threshold {threshold} (plateau {plateau[0]}..{plateau[1]} on {args.split})")
    for name, row in [*result["per_split"].items(), ("all", result["all"])]:
        print(
            f"{name:<6} answer rate {row['answer_rate']} (n={row['answerable']}), "
            f"refusal rate {row['refusal_rate']} (n={row['unanswerable']})"
        )


if __name__ == "__main__":
    main()
