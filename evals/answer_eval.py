"""Answer quality over a questions file: citation validity, answer and refusal rates, gold
citations, and (with an LLM) an LLM-as-judge groundedness score.

`score_answers` is a pure function over finished records; `evaluate_answers` runs the pipeline.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from evals.answer_shape import per_question_shape, shape_metrics
from evals.questions import Question
from rag.answer.citations import cited_numbers
from rag.answer.context import Context
from rag.answer.llm import LLMClient
from rag.answer.pipeline import Answer, Answerer
from rag.answer.prompts import load_prompt
from rag.errors import LLMError
from rag.index.text_tokens import tokenize
from rag.stats import percentile

JUDGE_MAX_TOKENS = 200


@dataclass(frozen=True)
class AnswerRecord:
    """One eval question's answer (as JSON) with what it was given and how it was judged."""

    question: Question
    answer: dict  # Answer.to_json()
    given: tuple[int, ...]  # numbers of the sources the answer was given
    relevance: float | None = None
    groundedness: float | None = None  # judge score 1..5, when judged


def _rate(numerator: int, denominator: int) -> float | None:
    return round(numerator / denominator, 4) if denominator else None


def _citation_counts(record: AnswerRecord) -> tuple[int, int]:
    """(valid, total) citation markers of one final answer."""
    listed = {c["n"] for c in record.answer["citations"]}
    markers = cited_numbers(record.answer["answer"])
    valid = sum(1 for n in markers if n in listed and n in record.given)
    # A listed source that the text never cites, or that was never given, is invalid too.
    stray = sum(1 for n in listed if n not in markers or n not in record.given)
    return valid, len(markers) + stray


def given_numbers(answer) -> tuple[int, ...]:
    """The source numbers an answer may cite: its guide sources, and on the market route the
    postings the table query matched (numbered after the guide's; they come from the data)."""
    guide = tuple(s.n for s in answer.sources)
    if answer.route not in ("market", "both"):
        return guide
    return guide + tuple(c.n for c in answer.citations if c.n not in guide)


def _cites_gold(record: AnswerRecord) -> bool:
    gold = set(record.question.gold)
    return any(gold & set(c["source_paths"]) for c in record.answer["citations"])


def _summary(records: Sequence[AnswerRecord]) -> dict:
    answerable = [r for r in records if r.question.gold]
    unanswerable = [r for r in records if not r.question.gold]
    answered = [r for r in answerable if not r.answer["refused"]]
    valid = total = 0
    for r in records:
        v, t = _citation_counts(r)
        valid, total = valid + v, total + t
    removed = sum(r.answer["invalid_citations_removed"] for r in records)
    judged = [r.groundedness for r in records if r.groundedness is not None]
    totals = [
        r.answer["latency_ms"]["total"] for r in records if r.answer["latency_ms"].get("total") is not None
    ]
    return {
        "n": len(records),
        "answerable": len(answerable),
        "unanswerable": len(unanswerable),
        "citation_validity": _rate(valid, total) if total else 1.0,
        "citations": total,
        "invalid_citations_removed": removed,
        "raw_citation_validity": _rate(valid, valid + removed) if valid + removed else 1.0,
        "answer_rate": _rate(len(answered), len(answerable)),
        "refusal_rate": _rate(sum(r.answer["refused"] for r in unanswerable), len(unanswerable)),
        "gold_citation_share": _rate(sum(_cites_gold(r) for r in answered), len(answered)),
        "groundedness": round(sum(judged) / len(judged), 3) if judged else None,
        "judged": len(judged),
        "fallbacks": sum(1 for r in records if r.answer.get("fallback_reason")),
        "incomplete": sum(1 for r in records if r.answer.get("incomplete")),
        "latency_ms": {"p50": round(percentile(totals, 50), 1), "p95": round(percentile(totals, 95), 1)},
    }


# Words for one thing: an answer naming "what does it pay" names the gold's "salary" gap.
_SAME_GAP = (
    # "CTC" (cost to company) and "LPA" (lakhs per annum): pay as Indian postings state it; "the package",
    # "the pay in euros"
    frozenset(
        tokenize(
            "salary salaries pay pays paid compensation comp wage wages earn earns earnings ctc lpa package "
            "euro euros eur gbp usd inr"
        )
    ),
    frozenset(tokenize("visa visas sponsor sponsors sponsorship h1b 1b")),  # "would they do H-1B"
    frozenset(tokenize("price prices cost costs fee fees charge charges")),
    frozenset(tokenize("hour hours hourly")),
    frozenset(tokenize("relocation relocate relocating moving move")),  # "do they pay for moving"
)


def names_gap(missing: Sequence[str], missing_terms: Sequence[str]) -> bool:
    """An answer's `missing` words share a word with what the question's gold says is missing, or a
    word for the same thing (pay and salary; cost and price)."""
    said = set(tokenize(" ".join(missing)))
    gold = set(tokenize(" ".join(missing_terms)))
    return bool(said & gold) or any(said & words and gold & words for words in _SAME_GAP)


def _names_gap(record: AnswerRecord) -> bool:
    return names_gap(record.answer.get("missing") or [], record.question.missing_terms)


def _lists_postings(record: AnswerRecord) -> bool:
    return any(path in record.answer["answer"] for path in record.question.postings)


def coverage_metrics(records: Sequence[AnswerRecord]) -> dict:
    """Refusal accuracy (unanswerable refused), false refusals (answerable refused), partial-answer
    correctness (answered, flagged partial, naming a missing part) and gold citations of answers."""
    by = {c: [r for r in records if r.question.coverage == c] for c in ("full", "partial", "none")}
    refused = {c: sum(r.answer["refused"] for r in rows) for c, rows in by.items()}
    answered = [r for r in records if r.question.gold and not r.answer["refused"]]
    partial_ok = [
        r
        for r in by["partial"]
        if not r.answer["refused"] and r.answer.get("coverage") == "partial" and _names_gap(r)
    ]
    postings_only = [r for r in records if r.question.gap == "company-postings-only"]
    return {
        "n": len(records),
        "full": len(by["full"]),
        "partial": len(by["partial"]),
        "none": len(by["none"]),
        "refusal_accuracy": _rate(refused["none"], len(by["none"])),
        "false_refusal_rate": _rate(refused["full"], len(by["full"])),
        "partial_refused": _rate(refused["partial"], len(by["partial"])),
        "partial_correctness": _rate(len(partial_ok), len(by["partial"])),
        "flagged_partial_on_full": _rate(
            sum(r.answer.get("coverage") == "partial" for r in by["full"]), len(by["full"])
        ),
        "gold_citation_share": _rate(sum(_cites_gold(r) for r in answered), len(answered)),
        "postings_listed": _rate(sum(_lists_postings(r) for r in postings_only), len(postings_only)),
    }


def score_coverage(records: Sequence[AnswerRecord]) -> dict:
    """`coverage_metrics` overall, per split, per kind and per near-domain gap type."""

    def group(key: Callable[[Question], str | None]) -> dict:
        names = sorted({key(r.question) for r in records if key(r.question)})
        return {n: coverage_metrics([r for r in records if key(r.question) == n]) for n in names}

    return {
        **coverage_metrics(records),
        "per_split": group(lambda q: q.split),
        "per_kind": group(lambda q: q.kind),
        "per_gap": group(lambda q: q.gap),
    }


def score_answers(records: Sequence[AnswerRecord]) -> dict:
    """Overall and per-split metrics plus one row per question; inputs are not modified."""
    splits = sorted({r.question.split for r in records if r.question.split})
    modes = sorted({r.answer["mode"] for r in records})
    return {
        **_summary(records),
        "modes": modes,
        "per_split": {s: _summary([r for r in records if r.question.split == s]) for s in splits},
        "shape": shape_metrics(records, _cites_gold),
        "coverage": score_coverage(records),
        "per_question": [
            {
                "id": r.question.id,
                "split": r.question.split,
                "kind": r.question.kind,
                "refused": r.answer["refused"],
                "coverage": r.answer.get("coverage"),
                "missing": list(r.answer.get("missing") or []),
                "relevance": None if r.relevance is None else round(r.relevance, 4),
                "cites_gold": _cites_gold(r) if r.question.gold else None,
                "cited_paths": sorted({p for c in r.answer["citations"] for p in c["source_paths"]}),
                "invalid_citations_removed": r.answer["invalid_citations_removed"],
                "groundedness": r.groundedness,
                **per_question_shape(r),
            }
            for r in records
        ],
    }


_SCORE = re.compile(r"\{.*\}", re.DOTALL)


def judge_groundedness(llm: LLMClient, answer: Answer) -> float | None:
    """1..5 from the versioned judge prompt; None when the judge's reply is unusable."""
    prompt = load_prompt("judge")
    context = Context(sources=answer.sources, tokens=0, budget=0)
    messages = prompt.messages(question=answer.query, sources=context.render(), answer=answer.answer)
    reply = llm.complete(messages, max_tokens=JUDGE_MAX_TOKENS).text
    match = _SCORE.search(reply)
    try:
        score = float(json.loads(match[0])["score"]) if match else None
    except (ValueError, KeyError, TypeError):
        return None
    return score if score is not None and 1 <= score <= 5 else None


def evaluate_answers(
    answerer: Answerer,
    questions: Sequence[Question],
    judge: LLMClient | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> dict:
    records = []
    for i, q in enumerate(questions, 1):
        answer = answerer.ask(q.question)
        grounded = None
        if judge is not None and answer.mode == "llm" and not answer.refused:
            try:
                grounded = judge_groundedness(judge, answer)
            except LLMError:
                grounded = None
        records.append(AnswerRecord(q, answer.to_json(), given_numbers(answer), answer.relevance, grounded))
        if progress:
            progress(i, len(questions))
    result = score_answers(records)
    result["judge_prompt"] = f"judge.{load_prompt('judge').version_label}" if judge else None
    return result
