"""The signals a learned answerability gate would weigh (evals/gate_signals.py) for invented questions
against the fixture index, and the measuring script's (evals/tune_gate.py) reading of tuning splits only:
a held-out file is refused, a split file gives its dev split."""

import json

import numpy as np
import pytest

from evals.gate_signals import SIGNALS, Signals
from evals.tune_gate import HELD_OUT, Data, Recording, candidates, scores, threshold, tuning_questions
from rag.answer.answerability import Verdict
from rag.answer.pipeline import Answerer
from rag.records import Hit

TOOLING = "posting:4817291"  # Quillbyte's AI Engineer, Agent Tooling
RETRIEVED = (f"{TOOLING}#1", f"{TOOLING}#2", "page:role/02-skills.md#0", "page:role/02-skills.md#8")
PAY = "What is the salary of the Quillbyte agent tooling role?"
BAKE = "Which sourdough starter does the Quillbyte team bake with?"


@pytest.fixture(scope="module")
def deps(answer_deps):
    return answer_deps


def answerer(deps, **update) -> Answerer:
    return Answerer(deps, None, deps.settings.model_copy(update={"refusal_threshold": 0.0, **update}))


def hits(deps) -> list[Hit]:
    by_id = {c.id: c for c in deps.index.bm25.chunks}
    return [Hit(by_id[i], 1.0 / n) for n, i in enumerate(RETRIEVED, start=1)]


def signals_of(deps, question: str) -> tuple[Verdict, dict[str, float]]:
    a = answerer(deps)
    context, verdict = a.grounding(question, hits(deps), relevance=1.0)
    x = Signals(a.answerability, deps.retriever)(question, hits(deps), context.chunks(), verdict, 0.5)
    return verdict, {name: round(float(v), 4) for name, v in zip(SIGNALS, x, strict=True)}


def test_signals_of_an_answered_pay_question(deps):
    verdict, x = signals_of(deps, PAY)
    assert verdict.coverage == "full"
    assert x == {
        "relevance": 0.5,
        "union": 1.0,
        "single": 0.8931,
        "missing_share": 0.0,
        "missing_max_idf": 0.0,
        "missing_key": 0.0,
        "unknown_share": 0.0,
        "rule_none": 0.0,
        "rule_partial": 0.0,
        "rule_lexical": 0.0,
        "rule_figure": 0.0,
        "rule_policy": 0.0,
        "page_cosine": 0.2535,
        "best_cosine": 0.4602,
        "top_score": 1.0,
        "score_gap": 0.5,
        "page_share": 0.5,
        "posting_share": 0.5,
        "company_share": 0.0,
        "asks_figure": 1.0,  # a salary: an amount asked
        "asks_policy": 0.0,
        "figure_cover": 0.8976,  # the posting's summary (looked up) states its pay
        "log_terms": 1.6094,  # five content words: salary quillbyte agent tooling role, less the company's
        "companies": 1.0,
    }


def test_signals_of_a_question_the_corpus_never_answers(deps):
    verdict, x = signals_of(deps, BAKE)
    assert verdict == Verdict("none", "missing-terms", ("sourdough starter", "bake"))
    picked = {k: x[k] for k in ("union", "missing_share", "missing_max_idf", "missing_key", "unknown_share")}
    assert picked == {
        "union": 0.0237,
        "missing_share": 0.9763,
        "missing_max_idf": 1.0,  # a word no chunk has: the unknown idf
        "missing_key": 3.0,
        "unknown_share": 0.75,
    }
    assert (x["rule_none"], x["rule_lexical"], x["asks_figure"], x["figure_cover"]) == (1.0, 1.0, 0.0, 1.0)


def test_the_training_script_reads_dev_only_and_refuses_held_out_files(tmp_path):
    rows = [
        {"id": "a1", "question": "q one?", "gold": ["x.md"], "split": "dev"},
        {"id": "a2", "question": "q two?", "gold": ["x.md"], "split": "test"},
    ]
    path = tmp_path / "questions.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows))
    assert [(s, q.id) for s, q in tuning_questions([path])] == [("questions:dev", "a1")]
    assert HELD_OUT == ("unseen13", "near_domain12")
    for name in HELD_OUT:
        held = tmp_path / f"{name}.jsonl"
        held.write_text(json.dumps(rows[0]))
        with pytest.raises(SystemExit, match=f"{name}.jsonl is held out: never trained on"):
            tuning_questions([path, held])


def test_recording_keeps_the_signals_of_the_verdict_the_pipeline_acts_on(deps):
    a = answerer(deps)
    a.grounding = recording = Recording(a.grounding, Signals(a.answerability, deps.retriever))
    answer = a.ask(BAKE)
    assert answer.refused and recording.seen["verdict"] == "none"
    x = dict(zip(SIGNALS, recording.seen["x"], strict=True))
    assert (x["rule_none"], x["rule_lexical"], x["missing_max_idf"]) == (1.0, 1.0, 1.0)
    assert recording.seen["ms"] > 0


def labelled(*coverage: str) -> Data:
    """Rows the checks answered (all reach the gate), with these labels."""
    n, cov = len(coverage), np.array(coverage)
    no = np.zeros(n, dtype=bool)
    ones = np.ones(n, dtype=bool)
    return Data(
        np.zeros((n, len(SIGNALS))),
        ones,
        cov == "none",
        cov == "full",
        cov == "partial",
        no,
        no,
        cov,
        np.zeros(n),
    )


@pytest.mark.parametrize("budget, expected", [(0, 0.9), (1, 0.5), (2, 0.5)])
def test_the_threshold_keeps_to_the_false_refusal_budget(budget, expected):
    d = labelled("none", "full", "none", "partial", "none")
    p = np.array([0.9, 0.8, 0.7, 0.6, 0.5])
    every = np.ones(5, dtype=bool)
    # budget 0: only the top one (unanswerable) before the first answerable; budget 1: down to 0.5, which
    # refuses three unanswerable ones (0.7 refuses two; 0.6 adds a partly answerable one, no unanswerable)
    assert threshold(d, every, p, candidates(d), budget) == expected
    assert scores(d, every, p >= expected) == {0: ("1/3", "0/1", "0/1")}.get(budget, ("3/3", "1/1", "1/1"))
