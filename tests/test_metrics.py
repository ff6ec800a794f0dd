"""Retrieval metrics: hand-computed values over a small qrels/run."""

import copy
import math

import pytest

from evals.metrics import evaluate, first_relevant_rank, mean_metrics, question_metrics
from rag.stats import percentile

TEN = {f"d{i:02d}": 1.0 - i / 100 for i in range(1, 11)}  # d01 ranks first ... d10 tenth
NDCG_2_4 = (1 / math.log2(3) + 1 / math.log2(5)) / (1 + 1 / math.log2(3))
ZERO = {
    "hit@1": 0.0,
    "hit@3": 0.0,
    "hit@5": 0.0,
    "hit@10": 0.0,
    "mrr@10": 0.0,
    "ndcg@10": 0.0,
    "recall@10": 0.0,
}


def metrics(h1, h3, h5, h10, mrr, ndcg, recall):
    return {
        "hit@1": h1,
        "hit@3": h3,
        "hit@5": h5,
        "hit@10": h10,
        "mrr@10": mrr,
        "ndcg@10": ndcg,
        "recall@10": recall,
    }


@pytest.mark.parametrize(
    ("relevant", "scores", "expected"),
    [
        ({"d02": 1, "d04": 1}, TEN, metrics(0, 1, 1, 1, 0.5, NDCG_2_4, 1.0)),
        ({"d01": 1}, TEN, metrics(1, 1, 1, 1, 1.0, 1.0, 1.0)),
        (
            {"d04": 1, "d99": 1},  # one gold doc never retrieved
            TEN,
            metrics(0, 0, 1, 1, 0.25, (1 / math.log2(5)) / (1 + 1 / math.log2(3)), 0.5),
        ),
        ({"d01": 0, "d03": 2}, TEN, metrics(0, 1, 1, 1, 1 / 3, 0.5, 1.0)),  # relevance 0 is not gold
        ({"d11": 1}, {**TEN, "d11": 0.0}, ZERO),  # gold only at rank 11
        ({"d01": 1}, {}, ZERO),
        ({}, TEN, ZERO),
    ],
)
def test_question_metrics(relevant, scores, expected):
    assert question_metrics(relevant, scores) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("relevant", "scores", "rank"),
    [
        ({"d02": 1, "d04": 1}, TEN, 2),
        ({"b": 1}, {"b": 1.0, "a": 1.0, "c": 0.5}, 2),  # tie on score: doc id order
        ({"a": 1}, {"b": 1.0, "a": 1.0}, 1),
        ({"d11": 1}, {**TEN, "d11": 0.0}, 11),
        ({"zz": 1}, TEN, None),
        ({"d01": 0}, TEN, None),
        ({"d01": 1}, {}, None),
    ],
)
def test_first_relevant_rank(relevant, scores, rank):
    assert first_relevant_rank(relevant, scores) == rank


QRELS = {"q1": {"d02": 1, "d04": 1}, "q2": {"d01": 1}, "q3": {"d05": 1}}
RUN = {"q1": dict(TEN), "q2": dict(TEN), "extra": {"d01": 1.0}}  # q3 has no run
KINDS = {"q1": "fact", "q2": "fact", "q3": "howto"}


def test_evaluate():
    result = evaluate(QRELS, RUN, KINDS)
    assert result == {
        "n": 3,
        **metrics(0.3333, 0.6667, 0.6667, 0.6667, 0.5, round((NDCG_2_4 + 1) / 3, 4), 0.6667),
        "per_kind": {
            "fact": {"n": 2, **metrics(0.5, 1.0, 1.0, 1.0, 0.75, round((NDCG_2_4 + 1) / 2, 4), 1.0)},
            "howto": {"n": 1, **ZERO},
        },
        "per_question": [{"id": "q1", "rank": 2}, {"id": "q2", "rank": 1}, {"id": "q3", "rank": None}],
    }


def test_evaluate_without_kinds():
    result = evaluate({"q2": {"d01": 1}, "q3": {"d05": 1}}, RUN)
    assert list(result["per_kind"]) == ["unspecified"]
    assert result["per_kind"]["unspecified"] == {"n": 2, **metrics(0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5)}


def test_evaluate_does_not_mutate_inputs():
    qrels, run, kinds = copy.deepcopy(QRELS), copy.deepcopy(RUN), copy.deepcopy(KINDS)
    evaluate(qrels, run, kinds)
    assert (qrels, run, kinds) == (QRELS, RUN, KINDS)


def test_evaluate_empty():
    assert evaluate({}, RUN) == {"n": 0, "per_kind": {}, "per_question": []}


def test_mean_metrics():
    rows = [{"a": 1.0, "b": 0.0}, {"a": 0.0, "b": 0.0}, {"a": 0.0, "b": 1.0}]
    assert mean_metrics(rows) == {"a": 0.3333, "b": 0.3333}
    assert mean_metrics([]) == {}


@pytest.mark.parametrize(
    ("values", "q", "expected"),
    [
        (list(range(1, 11)), 50, 5),
        (list(range(1, 11)), 95, 10),
        (list(range(1, 11)), 90, 9),
        (list(range(1, 11)), 100, 10),
        (list(range(1, 11)), 0, 1),
        ([3.0, 1.0, 2.0], 50, 2.0),  # unsorted input
        ([7.5], 99, 7.5),
        ([], 50, 0.0),
    ],
)
def test_percentile(values, q, expected):
    assert percentile(values, q) == expected
