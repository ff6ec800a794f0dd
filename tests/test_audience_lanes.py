"""A question naming the audience a guide page is written for adds rankings over that page."""

import pytest

from rag.index import retrieve
from rag.index.audiences import Audiences
from tests.test_retrieval import routed

PAGE = "page:learning-paths/from-data-engineer.md"
QUESTION = "data engineer: how do I prepare for the interview process?"
SHIPPED = {"page_weight": 1.5, "company_weight": 0.5, "company_page_weight": 1.0, "link_penalty": 0.75}


@pytest.fixture
def audience(monkeypatch):
    """The fixture's path page as an audience page (the fixture has no overview beside it)."""
    pages = Audiences({PAGE: ("data", "engin")}, {PAGE: "page:README.md"}, whole={PAGE: ("data", "engin")})
    monkeypatch.setattr(retrieve, "audiences_for", lambda bm25: pages)


def test_the_named_page_gets_two_page_rankings_at_the_audience_weight(deps, audience):
    lanes = routed(deps, **SHIPPED, audience_weight=1.0).lanes(QUESTION, 5)
    assert [(lane.name, lane.weight) for lane in lanes] == [
        ("dense", 1.0),
        ("bm25", 1.0),
        ("page_dense", 1.5),
        ("page_bm25", 1.5),
        ("page_dense", 1.0),
        ("page_bm25", 1.0),
    ]
    for lane in lanes[4:]:
        assert lane.ranking and {c.doc_id for c, _ in lane.ranking} == {PAGE}
    assert len(routed(deps, **SHIPPED).lanes(QUESTION, 5)) == 4  # weight 0: no such rankings
    unnamed = routed(deps, **SHIPPED, audience_weight=1.0).lanes("how do I prepare for the interviews?", 5)
    assert len(unnamed) == 4


def test_the_named_page_moves_above_the_interview_page(deps, audience):
    def top(**params):
        hits = routed(deps, **SHIPPED, **params).retrieve(QUESTION, k=2, collapse=True)
        return [h.chunk.doc_id for h in hits]

    assert top() == ["page:interview/01-interview-process.md", PAGE]
    assert top(audience_weight=1.0) == [PAGE, "page:interview/01-interview-process.md"]


def test_the_fixture_has_no_audience_page_without_an_overview(deps):
    assert routed(deps, **SHIPPED, audience_weight=1.0).audience_lanes(QUESTION, 5) == []


def test_an_audiences_initials_are_searched_spelled_out(deps, monkeypatch):
    pages = Audiences(
        {PAGE: ("data", "engin")},
        {PAGE: "page:README.md"},
        whole={PAGE: ("data", "engin")},
        written={PAGE: "Data Engineer"},
    )
    monkeypatch.setattr(retrieve, "audiences_for", lambda bm25: pages)

    def searched(**params) -> list[str]:
        retriever, seen = routed(deps, **SHIPPED, **params), []
        lanes = retriever.lanes
        monkeypatch.setattr(
            retriever, "lanes", lambda query, *a, **k: seen.append(query) or lanes(query, *a, **k)
        )
        hits = retriever.retrieve("DE: how do I prepare for the interview process?", k=2, collapse=True)
        return [*seen, *(h.chunk.doc_id for h in hits)]

    assert searched(audience_weight=1.0) == [
        "DE (Data Engineer): how do I prepare for the interview process?",
        PAGE,
        "page:interview/01-interview-process.md",
    ]
    assert searched()[0] == "DE: how do I prepare for the interview process?"  # weight 0: as written


def test_shorthand_is_searched_spelled_out(deps, monkeypatch):
    retriever, seen = routed(deps, **SHIPPED), []
    lanes = retriever.lanes
    monkeypatch.setattr(
        retriever, "lanes", lambda query, *a, **k: seen.append(query) or lanes(query, *a, **k)
    )
    retriever.retrieve("swe here: how do I prepare for the interview process?", k=2)
    retriever.retrieve("software engineer (swe) here: how do I prepare?", k=2)
    assert seen == [
        "swe (software engineer) here: how do I prepare for the interview process?",
        "software engineer (swe) here: how do I prepare?",
    ]
