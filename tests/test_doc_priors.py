"""evals/doc_priors.py: the re-ranked pool redone per document (today's ranking exactly, with no
prior), group offsets, the size penalty and the collapse's weight, fitted leave one set out."""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pytest

from evals.doc_priors import Pool, Prior, fit, leave_one_set_out, parse_set, pool_of, ranked_documents
from rag.config import Settings
from rag.deps import fusion_params
from rag.index.rerank import GROUPS, Reranker
from rag.index.retrieve import Retriever
from tests.answer_helpers import ingest_fixture
from tests.fakes import FakeEmbedder

ROLE, WEBINARS = GROUPS.index("role"), GROUPS.index("webinars")


@pytest.fixture(scope="module")
def deps(tmp_path_factory):
    deps = ingest_fixture(tmp_path_factory.mktemp("doc_priors"))
    yield deps
    deps.close()


def prior(doc_weight=0.0, size=0.0, **offsets: float) -> Prior:
    values = np.zeros(len(GROUPS))
    for group, offset in offsets.items():
        values[GROUPS.index(group)] = offset
    return Prior(values, size, doc_weight)


def pool(scores, groups, docs, fused, gold=(0,), set_name="a", kind="role") -> Pool:
    """A pool of len(scores) chunks; `docs` gives every fused chunk's document index (pool first)."""
    n_docs = max(docs) + 1
    counts = np.bincount(np.array(docs[: len(scores)]), minlength=n_docs)
    return Pool(
        set_name,
        kind,
        np.array(scores, dtype=float),
        np.arange(len(scores)),
        np.array(groups, dtype=int),
        np.log(counts[np.array(docs[: len(scores)])].astype(float)),
        np.array(docs, dtype=int),
        np.array(fused, dtype=float),
        tuple(f"doc{i}" for i in range(n_docs)),
        np.isin(np.arange(n_docs), gold),
        len(gold),
    )


@pytest.mark.parametrize(
    "question",
    ["Nordlicht interview process design memo", "tokenization and attention", "beekeeper hive inspection"],
)
def test_no_prior_ranks_the_documents_as_search_does(deps, question):
    retriever = Retriever(deps.index, FakeEmbedder(), fusion_params(Settings()), Reranker.load())
    searched = [h.chunk.doc_id for h in retriever.retrieve(question, k=10, collapse=True)]
    p = pool_of(retriever, question, frozenset({searched[2]}), "dev", "role")
    ranked = [p.docs[i] for i in ranked_documents(p, prior(retriever.fusion.doc_weight))]
    assert ranked == searched
    assert p.gold[ranked_documents(p, prior(retriever.fusion.doc_weight))].tolist().index(True) == 2


def test_pool_of_needs_the_reranker(deps):
    with pytest.raises(SystemExit, match="re-ranker on"):
        pool_of(deps.retriever, "beekeeper", frozenset(), "dev", "role")


# chunks: doc0 (role) scored 1.0; doc1 (webinars) two chunks scored 2.0 and 1.5; fused places 0.5, 0.4, 0.3
THREE = dict(scores=[1.0, 2.0, 1.5], groups=[ROLE, WEBINARS, WEBINARS], docs=[0, 1, 1], fused=[0.5, 0.4, 0.3])


def test_a_group_offset_and_the_size_penalty_move_a_document():
    p = pool(**THREE)
    assert ranked_documents(p, prior()).tolist() == [1, 0]
    assert ranked_documents(p, prior(role=1.5)).tolist() == [0, 1]  # 2.5 over 2.0
    assert ranked_documents(p, prior(role=0.5)).tolist() == [1, 0]  # 1.5 under 2.0
    assert ranked_documents(p, prior(size=1.5)).tolist() == [0, 1]  # 2.0 - 1.5 log 2 = 0.96 under 1.0
    assert ranked_documents(p, prior(size=1.0)).tolist() == [1, 0]  # 2.0 - log 2 = 1.31


def test_the_collapse_weight_adds_a_documents_further_chunks():
    # role first by score; the webinar's two chunks take places 2 and 3: 0.4 + w x 0.3 against 0.5
    p = pool(scores=[3.0, 2.0, 1.5], groups=[ROLE, WEBINARS, WEBINARS], docs=[0, 1, 1], fused=[0.5, 0.4, 0.3])
    assert ranked_documents(p, prior(0.3)).tolist() == [0, 1]  # 0.49
    assert ranked_documents(p, prior(0.4)).tolist() == [1, 0]  # 0.52
    # chunks past the pool keep their places: doc2's chunk after the pool
    tail = pool(scores=[1.0], groups=[ROLE], docs=[0, 2, 1], fused=[0.5, 0.4, 0.3])
    assert ranked_documents(tail, prior()).tolist() == [0, 2, 1]


def test_fit_finds_the_prior_that_puts_the_gold_first():
    pools = [pool(**THREE, gold=(0,)), pool(**THREE, gold=(0,))]
    fitted = fit(pools, "group_size", 0.0)
    assert all(ranked_documents(p, fitted)[0] == 0 for p in pools)
    assert fitted.doc_weight == 0.0
    # the webinar's gold: nothing to change, the zero prior is kept
    kept = fit([pool(**THREE, gold=(1,))], "group_size", 0.05)
    assert (kept.offsets.tolist(), kept.size, kept.doc_weight) == ([0.0] * len(GROUPS), 0.0, 0.05)
    # the role page first by score (0.5) and the webinar's 0.49 + 0.05 x 0.3 above it: the weight 0 is found
    weight = fit(
        [pool(**{**THREE, "scores": [3.0, 2.0, 1.5], "fused": [0.5, 0.49, 0.3]})],
        "doc_weight",
        0.05,
    )
    assert (weight.offsets.tolist(), weight.size, weight.doc_weight) == ([0.0] * len(GROUPS), 0.0, 0.0)


def test_each_set_is_scored_by_the_prior_fitted_on_the_others():
    # set b's role gold wants a role offset; set a's webinar gold is hurt by it
    pools = [pool(**THREE, gold=(0,), set_name="b"), pool(**THREE, gold=(1,), set_name="a", kind="webinar")]
    report = leave_one_set_out(pools, "group_size", 0.0)
    assert report["a"]["hit@5"] == [1, 1]  # two documents: both in the top 5 either way
    assert report["a"]["ndcg@10"] == [1.0, round(1 / np.log2(3), 4)]
    # role 1.0 + 1.0 ties the webinar's 2.0 and wins on the chunk tie-break
    assert report["a"]["prior"] == {"offsets": {"role": 1.0}, "size": 0.0, "doc_weight": 0.0}
    assert report["b"]["prior"] == {"offsets": {}, "size": 0.0, "doc_weight": 0.0}  # fitted on a alone
    assert report["a"]["hit@5 per kind (before, after, n)"] == {"webinar": [1, 1, 1]}


def test_a_set_is_named_with_its_path_and_split_and_held_out_sets_are_refused():
    assert parse_set("dev=evals/retrieval/questions.jsonl:dev") == (
        "dev",
        Path("evals/retrieval/questions.jsonl"),
        "dev",
    )
    assert parse_set("u=evals/retrieval/unseen14.jsonl")[2] is None
    for held in (
        "x=evals/retrieval/unseen15.jsonl",
        "x=evals/retrieval/near_domain14.jsonl",
        "x=q.jsonl:test",
    ):
        with pytest.raises(argparse.ArgumentTypeError, match="held out"):
            parse_set(held)
    with pytest.raises(argparse.ArgumentTypeError, match="NAME=PATH"):
        parse_set("evals/retrieval/unseen.jsonl")
