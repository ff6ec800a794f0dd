"""Answer metrics (pure, exact) and the runner with an LLM-as-judge over the scripted server."""

import copy

import pytest

from evals.answer_eval import AnswerRecord, evaluate_answers, given_numbers, score_answers
from evals.openai_stub import ScriptedOpenAI, completion, stream
from evals.questions import Question
from rag.answer.pipeline import Answerer
from tests.answer_helpers import DATA_ENGINEERING, llm_for


def citation(n, *paths):
    return {"n": n, "title": "T", "section": "", "url": f"https://g/{n}", "source_paths": list(paths)}


def answer(text, citations, refused=False, removed=0, mode="extractive", total=10.0, **extra):
    return {
        "answer": text,
        "citations": citations,
        "refused": refused,
        "mode": mode,
        "prompt_version": "v1",
        "latency_ms": {"retrieval": 1.0, "first_token": 2.0, "total": total},
        "invalid_citations_removed": removed,
        "answer_id": "x",
        "prompt_id": "p",
        "usage": None,
        "incomplete": False,
        "fallback_reason": None,
        **extra,
    }


def q(qid, gold=("a.md",), split="dev"):
    return Question(qid, f"question {qid}", tuple(gold), "k" if gold else "unanswerable", split)


RECORDS = [
    # answered, cites gold, one invalid citation had been removed
    AnswerRecord(
        q("1"),
        answer("X [1]. Y [2].", [citation(1, "a.md"), citation(2, "b.md")], removed=1),
        given=(1, 2, 3),
        relevance=0.7,
    ),
    # answered, cites only a non-gold doc
    AnswerRecord(q("2", split="test"), answer("Z [3].", [citation(3, "c.md")], total=30.0), given=(1, 2, 3)),
    # answerable but refused
    AnswerRecord(q("3", split="test"), answer("No.", [], refused=True), given=()),
    # unanswerable, refused / answered
    AnswerRecord(q("4", gold=()), answer("No.", [], refused=True), given=()),
    AnswerRecord(q("5", gold=(), split="test"), answer("W [1].", [citation(1, "d.md")]), given=(1,)),
]


def test_score_answers_exact():
    before = copy.deepcopy(RECORDS)
    result = score_answers(RECORDS)
    assert before == RECORDS  # inputs untouched
    summary = {
        k: result[k]
        for k in (
            "n",
            "answerable",
            "unanswerable",
            "citation_validity",
            "citations",
            "invalid_citations_removed",
            "raw_citation_validity",
            "answer_rate",
            "refusal_rate",
            "gold_citation_share",
            "groundedness",
            "judged",
        )
    }
    assert summary == {
        "n": 5,
        "answerable": 3,
        "unanswerable": 2,
        "citation_validity": 1.0,
        "citations": 4,
        "invalid_citations_removed": 1,
        "raw_citation_validity": 0.8,
        "answer_rate": 0.6667,
        "refusal_rate": 0.5,
        "gold_citation_share": 0.5,
        "groundedness": None,
        "judged": 0,
    }
    assert result["per_split"]["dev"]["answer_rate"] == 1.0
    assert result["per_split"]["test"]["refusal_rate"] == 0.0
    assert result["latency_ms"] == {"p50": 10.0, "p95": 30.0}
    assert result["per_question"][0] == {
        "id": "1",
        "split": "dev",
        "kind": "k",
        "refused": False,
        "relevance": 0.7,
        "cites_gold": True,
        "cited_paths": ["a.md", "b.md"],
        "invalid_citations_removed": 1,
        "groundedness": None,
        "all_figures": None,
        "figure_share": None,
        "all_key_terms": None,
        "key_term_share": None,
        "words": 2,
        "coverage": None,
        "missing": [],
    }


def near(qid, answerability, gap, split="dev", gold=(), missing_terms=(), postings=()):
    return Question(
        qid,
        f"question {qid}",
        tuple(gold),
        "near-domain",
        split,
        answerability=answerability,
        gap=gap,
        missing_terms=tuple(missing_terms),
        postings=tuple(postings),
    )


POSTING = "job-market/data_raw/1_Acme_AI_Engineer.yaml"
COVERAGE_RECORDS = [
    *RECORDS,
    # postings-only company: refused and its posting listed
    AnswerRecord(
        near("6", "none", "company-postings-only", postings=[POSTING]),
        answer(f"No write-up. - [AI Engineer](https://g/{POSTING})", [], refused=True, coverage="none"),
        given=(),
    ),
    # partly answerable: answered, flagged partial and naming the gap
    AnswerRecord(
        near("7", "partial", "partial", gold=["a.md"], missing_terms=["notice period"]),
        answer("X [1].", [citation(1, "a.md")], coverage="partial", missing=["notice"]),
        given=(1,),
    ),
    # partly answerable: answered as if fully covered
    AnswerRecord(
        near("8", "partial", "partial", split="test", gold=["a.md"], missing_terms=["equity"]),
        answer("X [1].", [citation(1, "a.md")], coverage="full", missing=[]),
        given=(1,),
    ),
    # near-domain number the guide never states: answered anyway
    AnswerRecord(
        near("9", "none", "number-not-stated", split="test"),
        answer("Y [1].", [citation(1, "b.md")], coverage="full"),
        given=(1,),
    ),
]


def test_coverage_metrics_exact():
    result = score_answers(COVERAGE_RECORDS)["coverage"]
    headline = {k: v for k, v in result.items() if not k.startswith("per_")}
    assert headline == {
        "n": 9,
        "full": 3,
        "partial": 2,
        "none": 4,
        "refusal_accuracy": 0.5,  # 4 and 6 of 4, 5, 6, 9
        "false_refusal_rate": 0.3333,  # 3
        "partial_refused": 0.0,
        "partial_correctness": 0.5,  # 7
        "flagged_partial_on_full": 0.0,
        "gold_citation_share": 0.75,  # 1, 7, 8 of 1, 2, 7, 8
        "postings_listed": 1.0,
    }
    assert {k: v["n"] for k, v in result["per_split"].items()} == {"dev": 4, "test": 5}
    assert result["per_split"]["test"]["refusal_accuracy"] == 0.0
    assert result["per_kind"]["near-domain"]["refusal_accuracy"] == 0.5
    assert result["per_kind"]["unanswerable"]["refusal_accuracy"] == 0.5
    assert sorted(result["per_gap"]) == ["company-postings-only", "number-not-stated", "partial"]
    assert result["per_gap"]["partial"]["partial_correctness"] == 0.5


def test_citation_not_given_or_not_in_text_is_invalid():
    bad = [
        AnswerRecord(q("1"), answer("X [1] [4].", [citation(1, "a.md"), citation(4, "a.md")]), given=(1, 2)),
        AnswerRecord(q("2"), answer("No markers.", [citation(2, "a.md")]), given=(1, 2)),
    ]
    result = score_answers(bad)
    assert (result["citation_validity"], result["citations"]) == (0.25, 4)


def test_a_market_answers_postings_count_as_given_and_a_guide_answers_do_not():
    from types import SimpleNamespace as NS

    sources = [NS(n=1), NS(n=2)]
    cites = [NS(n=1), NS(n=2), NS(n=3), NS(n=4)]
    assert given_numbers(NS(route="both", sources=sources, citations=cites)) == (1, 2, 3, 4)
    assert given_numbers(NS(route="market", sources=[], citations=cites[2:])) == (3, 4)
    assert given_numbers(NS(route="guide", sources=sources, citations=cites)) == (1, 2)


def test_empty_input():
    result = score_answers([])
    assert (result["n"], result["answer_rate"], result["refusal_rate"], result["citation_validity"]) == (
        0,
        None,
        None,
        1.0,
    )


def test_runner_with_llm_judge(answer_deps):
    questions = [Question("a", DATA_ENGINEERING, ("learning-paths/from-data-engineer.md",), "lp", "dev")]
    with ScriptedOpenAI(
        [
            stream(["Own the pipelines [1]. ", "Bad [42]."]),
            completion('Sure: {"score": 4, "unsupported": ["Bad"]}'),
        ]
    ) as server:
        llm = llm_for(server.base_url)
        answerer = Answerer(
            answer_deps, llm, answer_deps.settings.model_copy(update={"refusal_threshold": 0.0})
        )
        seen = []
        result = evaluate_answers(answerer, questions, judge=llm, progress=lambda i, n: seen.append((i, n)))
    assert seen == [(1, 1)]
    assert (result["groundedness"], result["judged"], result["judge_prompt"]) == (4.0, 1, "judge.v1")
    assert (result["invalid_citations_removed"], result["citation_validity"], result["modes"]) == (
        1,
        1.0,
        ["llm"],
    )
    judge_request = server.requests[1]
    assert judge_request["messages"][0]["content"].startswith("You grade whether an answer is grounded")
    assert "<answer>\nOwn the pipelines [1]. Bad.\n</answer>" in judge_request["messages"][1]["content"]
    assert '<source n="1">' in judge_request["messages"][1]["content"]


def test_unusable_judge_reply_is_not_a_score(answer_deps):
    questions = [Question("a", DATA_ENGINEERING, ("learning-paths/from-data-engineer.md",), "lp", "dev")]
    with ScriptedOpenAI([stream(["Own the pipelines [1]."]), completion("I think it is fine")]) as server:
        llm = llm_for(server.base_url)
        answerer = Answerer(
            answer_deps, llm, answer_deps.settings.model_copy(update={"refusal_threshold": 0.0})
        )
        result = evaluate_answers(answerer, questions, judge=llm)
    assert (result["groundedness"], result["judged"]) == (None, 0)


# -- relevance and calibration ----------------------------------------------------------------


def _chunk(cid, text):
    from rag.records import Chunk

    return Chunk(
        id=cid,
        doc_id=cid,
        kind="page",
        title="",
        section="",
        url=f"u/{cid}",
        source_paths=[cid],
        text=text,
        embed_text=text,
    )


def test_relevance_is_idf_squared_coverage_union_and_single():
    from rag.index.bm25 import BM25Index
    from rag.index.relevance import RelevanceScorer
    from rag.records import Hit

    chunks = [
        _chunk("a", "salary london"),
        _chunk("b", "interview london"),
        _chunk("c", "python agents"),
        _chunk("d", "python rag"),
    ]
    scorer = RelevanceScorer(BM25Index().fit(chunks))
    w = scorer.weight
    assert w("ocado") == (max(scorer.idf.values()) + 1) ** 2
    hits = [Hit(chunks[0], 1.0), Hit(chunks[1], 0.5)]
    total = w("salari") + w("interview") + w("ocado")
    union = (w("salari") + w("interview")) / total
    single = max(w("salari"), w("interview")) / total
    assert scorer.score("Ocado salary interview?", hits) == pytest.approx((union + single) / 2)
    assert scorer.score("salary in London", hits) == 1.0
    assert scorer.score("the and of", hits) == 0.0
    assert scorer.score("salary", []) == 0.0


def test_choose_threshold_takes_the_middle_of_the_best_plateau():
    from evals.calibrate_refusal import choose_threshold, rates

    scored = [(q(f"a{i}"), s) for i, s in enumerate([0.9, 0.8, 0.7, 0.6, 0.5, 0.45, 0.4, 0.35, 0.3, 0.2])]
    scored += [(q(f"u{i}", gold=()), s) for i, s in enumerate([0.1, 0.15, 0.25, 0.5])]
    threshold, plateau = choose_threshold(scored, min_answer_rate=0.9)
    # An answer rate >= 0.9 allows refusing one answerable question (0.2). Thresholds 0.26..0.30
    # refuse it and three unanswerable ones (0.1, 0.15, 0.25): the best balance; 0.31 refuses 0.3.
    assert plateau == (0.26, 0.3)
    assert threshold == 0.28
    assert rates(scored, threshold) == {
        "answer_rate": 0.9,
        "refusal_rate": 0.75,
        "answerable": 10,
        "unanswerable": 4,
    }
