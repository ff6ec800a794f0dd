"""Citations numbered in the order an answer first cites them ([1], then [2]), whatever the source's
place in the context: the text, the citations list and every source's number agree, offline and
while an LLM's answer streams."""

from __future__ import annotations

import re

from rag.answer.citations import check_citations, cited_numbers, in_citation_order
from rag.answer.context import build_context
from rag.answer.generation import _Gate
from rag.answer.pipeline import Answerer
from tests.answer_helpers import DATA_ENGINEERING, llm_for
from tests.fakes import FakeEmbedder
from tests.test_context import hit

count = FakeEmbedder().count_tokens
STAGES = "What are the stages of the interview loop?"


def five_sources():
    hits = [hit(c, f"Sentence about {c}.") for c in "abcde"]
    return build_context(hits, count, budget=1000)


def test_the_first_cited_source_is_one_and_the_uncited_follow_in_their_order():
    context = five_sources()
    checked, renumbered = in_citation_order(
        check_citations("A [3]. B [1, 3]. C [5] and [9].", context.numbers()), context
    )
    assert (checked.text, checked.cited, checked.removed) == ("A [1]. B [2][1]. C [3] and.", [1, 2, 3], 1)
    assert [(s.n, s.hit.chunk.id) for s in renumbered.sources] == [
        (1, "c"), (2, "a"), (3, "e"), (4, "b"), (5, "d")
    ]  # fmt: skip
    assert [s.url for s in renumbered.sources][:3] == ["https://g/c#s", "https://g/a#s", "https://g/e#s"]


def test_a_streamed_answer_is_renumbered_as_it_grows_and_only_ever_extended():
    gate = _Gate(five_sources())
    pieces = ["Evals first [", "4]. Then ", "tracing [2", "] and again ", "[4]. Done [", "1]."]
    shown = [gate.feed(p) for p in pieces]  # text goes out up to the last whitespace outside brackets
    assert shown == ["Evals first", " [1]. Then", " tracing", " [2] and again", " [1]. Done", ""]
    assert gate.safe(gate.raw) == "Evals first [1]. Then tracing [2] and again [1]. Done [3]."


def test_an_offline_answer_cites_1_2_3_in_reading_order_with_matching_sources(answer_deps):
    settings = answer_deps.settings.model_copy(update={"refusal_threshold": 0.0})
    answer = Answerer(answer_deps, None, settings).ask(STAGES)  # cites the context's 1, 2, 3 and 5
    numbers = cited_numbers(answer.answer)
    assert numbers == [1, 2, 3, 4]
    assert [c.n for c in answer.citations] == numbers
    by_n = {s.n: s for s in answer.sources}
    assert sorted(by_n) == list(range(1, len(answer.sources) + 1))
    assert all(by_n[c.n].url == c.url and by_n[c.n].hit.chunk.title == c.title for c in answer.citations)


def test_the_llm_s_citations_are_renumbered_in_the_stream_and_point_at_the_sources_it_named(
    answer_deps, server
):
    from evals.openai_stub import stream

    server.push(stream(["Start with SQL [", "3]. Then pipelines [1", "]. And SQL again [3]."]))
    llm = llm_for(server.base_url)
    try:
        events = list(Answerer(answer_deps, llm).stream(DATA_ENGINEERING))
    finally:
        llm.close()
    *deltas, answer = events
    prompt = server.requests[-1]["messages"][-1]["content"]
    urls = dict(re.findall(r'<source n="(\d+)">\ntitle: [^\n]*\n(?:section: [^\n]*\n)?url: (\S+)', prompt))
    assert answer.answer == "Start with SQL [1]. Then pipelines [2]. And SQL again [1]."
    assert "".join(d.text for d in deltas) == answer.answer
    assert [(c.n, c.url) for c in answer.citations] == [(1, urls["3"]), (2, urls["1"])]
