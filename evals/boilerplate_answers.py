"""Answers with the exact boilerplate table (before) and with its near copies too (after), one process.

Retrieval is the same for both arms; only what the offline answer may quote differs. Per question set:
the `fieldguide eval answers` figures of each arm and how many answers changed:

    python -m evals.boilerplate_answers --questions evals/retrieval/unseen.jsonl \
        --questions evals/retrieval/unseen2.jsonl --json
    python -m evals.boilerplate_answers --split dev --questions evals/retrieval/questions.jsonl

`--split` keeps only that split's questions of every set (the sets without splits give none).
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from pathlib import Path

from evals.answer_eval import AnswerRecord, given_numbers, score_answers
from evals.questions import Question, load_questions
from rag.answer.boilerplate import Boilerplate

FIGURES = ("all_figures_stated", "all_key_terms", "gold_citation_share", "words_median")
COVERAGE = ("false_refusal_rate", "refusal_accuracy", "partial_correctness")


def exact_only(table: Boilerplate) -> Boilerplate:
    """The table without its near copies: what main quoted around."""
    keys = frozenset(k for k, _ in table.counts)
    return Boilerplate(keys, table.min_postings, table.postings, table.counts)


def figures(records: Sequence[AnswerRecord]) -> dict:
    scored = score_answers(records)
    shape = scored["shape"]["all"]["all"] if scored["shape"] else {}
    row = {k: shape.get(k) for k in FIGURES}
    row.update({k: scored["coverage"].get(k) for k in COVERAGE})
    return row


def compare(answerers: dict, questions: Sequence[Question]) -> dict:
    records: dict[str, list[AnswerRecord]] = {arm: [] for arm in answerers}
    texts: dict[str, list[str]] = {arm: [] for arm in answerers}
    for q in questions:
        for arm, answerer in answerers.items():
            answer = answerer.ask(q.question)
            records[arm].append(
                AnswerRecord(q, answer.to_json(), given_numbers(answer), answer.relevance, None)
            )
            texts[arm].append(answer.answer)
    before, after = texts.values()
    changed = [q.id for q, b, a in zip(questions, before, after, strict=True) if b != a]
    return {"n": len(questions), "changed": changed, **{arm: figures(r) for arm, r in records.items()}}


def main(argv: Sequence[str] | None = None) -> None:
    from rag.answer.boilerplate import for_index
    from rag.answer.pipeline import Answerer
    from rag.config import Settings
    from rag.deps import Deps
    from rag.market.desk import with_market

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=Path, action="append", required=True)
    parser.add_argument("--split")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    settings = Settings()
    deps = with_market(Deps.open(settings))
    try:
        table = for_index(deps.index)
        answerers = {"before": Answerer(deps, None, settings), "after": Answerer(deps, None, settings)}
        answerers["before"].boilerplate = exact_only(table)
        answerers["after"].boilerplate = table
        for path in args.questions:
            questions = [q for q in load_questions(path) if args.split in (None, q.split)]
            result = {"set": path.name, **compare(answerers, questions)}
            print(json.dumps(result) if args.json else result, flush=True)
    finally:
        deps.close()


if __name__ == "__main__":
    main()
