"""Run retrieval over a questions file and score it at document level."""

from __future__ import annotations

import time

from evals.metrics import Qrels, Run, evaluate
from evals.questions import Question
from rag.index.retrieve import Retriever
from rag.stats import percentile


def document_of(retriever: Retriever) -> dict[str, str]:
    """Every indexed source path -> its document id (a posting's raw and structured paths alike)."""
    return {path: c.doc_id for c in retriever.index.bm25.chunks for path in c.source_paths}


def build_qrels(questions: list[Question], doc_of: dict[str, str]) -> Qrels:
    # A gold path that is not indexed stays relevant under its own name, so it counts as a miss.
    return {q.id: {doc_of.get(path, f"missing:{path}"): 1 for path in q.gold} for q in questions}


def run_retrieval(
    retriever: Retriever, questions: list[Question], mode: str, k: int
) -> tuple[Run, list[float]]:
    run: Run = {}
    latencies = []
    for q in questions:
        start = time.perf_counter()
        hits = retriever.retrieve(q.question, k=k, mode=mode, collapse=True)
        latencies.append((time.perf_counter() - start) * 1000)
        run[q.id] = {h.chunk.doc_id: h.score for h in hits}
    return run, latencies


def evaluate_retrieval(
    retriever: Retriever, questions: list[Question], mode: str = "hybrid", k: int = 10
) -> dict:
    answerable = [q for q in questions if q.gold]
    run, latencies = run_retrieval(retriever, answerable, mode, k)
    result = evaluate(
        build_qrels(answerable, document_of(retriever)), run, {q.id: q.kind for q in answerable}
    )
    result["mode"] = mode
    result["skipped_unanswerable"] = len(questions) - len(answerable)
    result["latency_ms"] = {
        "p50": round(percentile(latencies, 50), 2),
        "p95": round(percentile(latencies, 95), 2),
    }
    return result
