"""Retrieval metrics over binary relevance; pure functions that never mutate their inputs."""

from __future__ import annotations

import math
from collections import defaultdict

Qrels = dict[str, dict[str, int]]  # question id -> {doc id: relevance}
Run = dict[str, dict[str, float]]  # question id -> {doc id: score}
CUTOFFS = (1, 3, 5, 10)


def ranked(scores: dict[str, float]) -> list[str]:
    return sorted(scores, key=lambda doc: (-scores[doc], doc))


def first_relevant_rank(relevant: dict[str, int], scores: dict[str, float]) -> int | None:
    return next((i for i, doc in enumerate(ranked(scores), 1) if relevant.get(doc, 0) > 0), None)


def question_metrics(relevant: dict[str, int], scores: dict[str, float]) -> dict[str, float]:
    order = ranked(scores)[:10]
    gold = {doc for doc, rel in relevant.items() if rel > 0}
    rank = first_relevant_rank(relevant, scores)
    dcg = sum(1 / math.log2(i + 1) for i, doc in enumerate(order, 1) if doc in gold)
    idcg = sum(1 / math.log2(i + 1) for i in range(1, min(len(gold), 10) + 1))
    out = {f"hit@{k}": float(rank is not None and rank <= k) for k in CUTOFFS}
    out["mrr@10"] = 1 / rank if rank and rank <= 10 else 0.0
    out["ndcg@10"] = dcg / idcg if idcg else 0.0
    out["recall@10"] = len(gold & set(order)) / len(gold) if gold else 0.0
    return out


def mean_metrics(rows: list[dict[str, float]]) -> dict[str, float]:
    if not rows:
        return {}
    return {key: round(sum(r[key] for r in rows) / len(rows), 4) for key in rows[0]}


def evaluate(qrels: Qrels, run: Run, kinds: dict[str, str] | None = None) -> dict:
    """Mean metrics over the questions in `qrels`, per kind, and each question's first gold rank."""
    per_question, by_kind = [], defaultdict(list)
    rows = []
    for qid in qrels:
        row = question_metrics(qrels[qid], run.get(qid, {}))
        rows.append(row)
        by_kind[(kinds or {}).get(qid, "unspecified")].append(row)
        per_question.append({"id": qid, "rank": first_relevant_rank(qrels[qid], run.get(qid, {}))})
    return {
        "n": len(rows),
        **mean_metrics(rows),
        "per_kind": {k: {"n": len(v), **mean_metrics(v)} for k, v in sorted(by_kind.items())},
        "per_question": per_question,
    }
