"""Why offline answers miss a verified answer's figures: selection, or retrieval.

For every answerable question whose verified answer has figures and that the guide answers (not
refused, not routed to the job-market figures), the figures are looked for in the answer, in the
sources the answer was given, and in the top 20 retrieved chunks:

    python -m evals.figure_misses --questions evals/retrieval/questions.jsonl --split dev
    python -m evals.figure_misses --questions evals/retrieval/unseen.jsonl --json

A selection miss is a figure the given sources state but the answer does not quote; a retrieval
miss one that only chunks below the sources (ranks up to 20) state, or none does. Tuning sets only.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from evals.answer_eval import AnswerRecord, given_numbers, score_answers
from evals.answer_shape import question_shape, states
from evals.questions import Question, load_questions

DEPTH = 20


def _stated(texts: Sequence[str], figures: Sequence[str]) -> bool:
    joined = "\n".join(texts)
    return all(states(joined, f) for f in figures)


def classify(answer, question: Question, deeper: Sequence[str]) -> str:
    """stated, market, refused, selection, retrieval-20 (in the top 20 chunks only) or retrieval."""
    if answer.refused:
        return "refused"
    if answer.route == "market":
        return "market"
    if question_shape(AnswerRecord(question, answer.to_json(), ()))["all_figures"]:
        return "stated"
    if _stated([s.text for s in answer.sources], question.figures):
        return "selection"
    return "retrieval-20" if _stated(deeper, question.figures) else "retrieval"


def run(questions: Sequence[Question]) -> dict:
    from rag.answer.pipeline import Answerer
    from rag.config import Settings
    from rag.deps import Deps
    from rag.market.desk import with_market

    deps = with_market(Deps.open(Settings()))
    try:
        answerer = Answerer(deps, None)
        records, rows, started = [], [], time.process_time()
        for q in questions:
            answer = answerer.ask(q.question)
            records.append(AnswerRecord(q, answer.to_json(), given_numbers(answer)))
            if q.gold and q.figures:
                deeper = [h.chunk.text for h in deps.retriever.retrieve(answer.query, k=DEPTH)]
                rows.append({"id": q.id, "kind": q.kind, "why": classify(answer, q, deeper)})
        cpu = time.process_time() - started
    finally:
        deps.close()
    scored = score_answers(records)
    return {
        "shape": {split: block["all"] for split, block in scored["shape"].items()},
        "latency_ms": scored["latency_ms"],
        "cpu_seconds": round(cpu, 1),
        "misses": dict(Counter(r["why"] for r in rows)),
        "per_question": rows,
    }


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=Path, action="append", required=True)
    parser.add_argument("--split", help="only questions of this split")
    parser.add_argument("--json", action="store_true", help="print everything as one JSON object")
    args = parser.parse_args(argv)
    qs = [q for p in args.questions for q in load_questions(p) if args.split is None or q.split == args.split]
    result = run(qs)
    if args.json:
        print(json.dumps(result, indent=2))
        return
    for split, row in result["shape"].items():
        print(split, {k: row[k] for k in ("n", "with_figures", "all_figures_stated", "gold_citation_share")})
    print("figure questions by outcome:", result["misses"])
    print("latency ms", result["latency_ms"], "cpu s", result["cpu_seconds"])


if __name__ == "__main__":
    main()
