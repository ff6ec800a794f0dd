"""evals/gold_ranks.py: the gold document's rank in each fused lane, fused and final, what outranks
it in the top 5, and the stage that lost it, on the invented guide's index."""

from __future__ import annotations

import pytest

from evals.gold_ranks import GoldRanks, collect, gold_ranks, stage_of, summary
from evals.questions import Question
from rag.index.retrieve import FusionParams, Retriever
from tests.answer_helpers import ingest_fixture

BEES = "beekeeper hive inspection"


@pytest.fixture(scope="module")
def deps(tmp_path_factory):
    deps = ingest_fixture(tmp_path_factory.mktemp("gold_ranks"))
    yield deps
    deps.close()


def ask(text: str, kind: str = "role", gold: tuple[str, ...] = ()) -> Question:
    return Question("q", text, gold, kind, "dev")


def test_a_gold_document_in_the_top_five_is_a_hit_with_what_ranks_above_it(deps):
    row = gold_ranks(
        deps.retriever,
        ask("Nordlicht interview process design memo", "company-process"),
        frozenset({"posting:5290814"}),
    )
    assert (row.lanes, row.fused, row.final, row.section, row.stage) == (
        {"dense": 7, "bm25": 5},
        5,
        5,
        "Overview",
        "hit",
    )
    assert row.above == (
        ("company:5290814", "company"),
        ("page:interview/01-interview-process.md", "interview"),
        ("company:6103557", "company"),
        ("company:4817203", "company"),
    )


def test_a_miss_held_by_a_lane_is_lost_in_fusion_and_lists_the_top_five(deps):
    row = gold_ranks(deps.retriever, ask("tokenization and attention"), frozenset({"posting:8140025"}))
    assert (row.lanes, row.fused, row.final, row.section, row.stage) == (
        {"dense": 3, "bm25": None},
        7,
        7,
        "Summary",
        "fusion",
    )
    assert [group for _, group in row.above] == ["questions", "learning-paths", "webinars", "role", "posting"]


def test_a_gold_document_no_lane_holds_is_lost_in_the_lanes(deps):
    row = gold_ranks(deps.retriever, ask("tokenization and attention"), frozenset({"missing:nowhere.md"}))
    assert (row.lanes, row.fused, row.final, row.section, row.stage) == (
        {"dense": None, "bm25": None},
        None,
        None,
        "",
        "lanes",
    )
    assert len(row.above) == 5


def test_the_page_lanes_are_reported_and_the_final_rank_is_retrieves(deps):
    pages = Retriever(deps.index, deps.embedder, FusionParams(page_weight=1.0))
    row = gold_ranks(pages, ask(BEES), frozenset({"page:role/02-skills.md"}))
    assert row.lanes == {"dense": 8, "bm25": None, "page_dense": 5, "page_bm25": None}
    assert (row.fused, row.final, row.stage) == (5, 5, "hit")
    documents = [h.chunk.doc_id for h in pages.retrieve(BEES, k=10, collapse=True)]
    assert documents.index("page:role/02-skills.md") + 1 == row.final
    assert [doc for doc, _ in row.above] == documents[:4]
    # the same question without the page lanes: the gold page is 8th, lost in fusion
    plain = gold_ranks(deps.retriever, ask(BEES), frozenset({"page:role/02-skills.md"}))
    assert (plain.lanes, plain.fused, plain.final, plain.stage) == (
        {"dense": 8, "bm25": None},
        8,
        8,
        "fusion",
    )


@pytest.mark.parametrize(
    ("lanes", "fused", "final", "stage"),
    [
        ({"dense": 9}, 6, 5, "hit"),
        ({"dense": 1}, 5, 6, "rerank"),
        ({"dense": 1}, 3, None, "rerank"),
        ({"dense": None, "bm25": 40}, 6, 7, "fusion"),
        ({"dense": None, "bm25": None}, None, None, "lanes"),
    ],
)
def test_the_stage_that_lost_the_gold_document(lanes, fused, final, stage):
    assert stage_of(lanes, fused, final) == stage


def test_questions_are_taken_by_kind_and_summed_per_kind(deps):
    questions = [
        Question(
            "a", "tokenization and attention", ("interview/questions/01-theory.md",), "interview-questions"
        ),
        Question("b", BEES, ("role/02-skills.md",), "role"),
        Question("c", "what is the capital of France?", (), "off-topic"),
    ]
    rows = collect(deps.retriever, questions, set())
    assert [(r.id, r.final, r.stage) for r in rows] == [("a", 1, "hit"), ("b", 8, "fusion")]
    assert [r.id for r in collect(deps.retriever, questions, {"role"})] == ["b"]
    assert summary(rows) == {
        "interview-questions": {"n": 1, "hit@5": 1, "lost_at": {}, "outranked_by": {}},
        "role": {
            "n": 1,
            "hit@5": 0,
            "lost_at": {"fusion": 1},
            "outranked_by": {"posting": 2, "portfolio": 1, "interview": 1, "root": 1},
        },
    }


def test_a_summary_counts_only_the_misses_outranking_documents():
    hit = GoldRanks("h", "webinar", "q", {"dense": 1}, 1, 2, "Q&A", (("page:role/README.md", "role"),), "hit")
    lost = GoldRanks("m", "webinar", "q", {"dense": 1}, 4, 8, "", (("posting:1", "posting"),) * 5, "rerank")
    assert summary([hit, lost]) == {
        "webinar": {"n": 2, "hit@5": 1, "lost_at": {"rerank": 1}, "outranked_by": {"posting": 5}}
    }
