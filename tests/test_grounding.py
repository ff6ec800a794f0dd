"""An answer's context, looked past when the answerability check refuses or names a figure as not covered
(rag/answer/grounding.py): a named posting's pay stated in a chunk the retrieved hits left out is found in
its document, offline and before the scripted LLM, and a figure no chunk of the document states is still
refused."""

import pytest

from evals.openai_stub import stream
from rag.answer.grounding import beside, document_rows
from rag.answer.pipeline import Answerer
from rag.records import Hit
from tests.answer_helpers import llm_for

TOOLING = "posting:4817291"  # Quillbyte's AI Engineer, Agent Tooling (its pay: summary, overview, #4)
PAY = "What is the salary of the Quillbyte agent tooling role?"
OFFICE_DAYS = "How many office days does the Quillbyte agent tooling role ask for?"
TEAM = "How many engineers are on the Quillbyte agent tooling team?"  # the other posting's team: 14


@pytest.fixture(scope="module")
def deps(answer_deps):
    return answer_deps


def hits(deps, *ids: str) -> list[Hit]:
    by_id = {c.id: c for c in deps.index.bm25.chunks}
    return [Hit(by_id[i], 1.0 / n) for n, i in enumerate(ids, start=1)]


# Two of the posting's chunks (no pay, no office days in them) and two guide pages, as a spread list has them.
RETRIEVED = (f"{TOOLING}#1", f"{TOOLING}#2", "page:role/02-skills.md#0", "page:role/02-skills.md#8")


PAGES = (["page:role/02-skills.md#0"], ["page:role/02-skills.md#8"])


def answerer(deps, server=None, documents: int = 3) -> Answerer:
    update = {"refusal_threshold": 0.0, "lookup_documents": documents}
    return Answerer(
        deps, llm_for(server.base_url) if server else None, deps.settings.model_copy(update=update)
    )


def grounded(deps, question: str, documents: int = 3):
    a = answerer(deps, documents=documents)
    return a.grounding(question, hits(deps, *RETRIEVED), relevance=1.0)


def parts(context) -> list[list[str]]:
    return [[c.id for c in s.chunks] for s in context.sources]


def test_a_documents_chunks_in_index_order(deps):
    rows = document_rows(deps.index.bm25)
    assert [deps.index.bm25.chunks[r].id for r in rows[TOOLING]] == [
        f"{TOOLING}#summary",
        f"{TOOLING}#summary-1",
        *(f"{TOOLING}#{i}" for i in range(5)),
    ]
    assert document_rows(deps.index.bm25) is rows  # once per index


def test_an_added_hit_goes_right_after_its_documents_first_hit(deps):
    listed = hits(deps, *RETRIEVED)
    added = hits(deps, f"{TOOLING}#0", "page:role/02-skills.md#7", "company:4817203#0")
    assert [h.chunk.id for h in beside(listed, added[0])] == [
        f"{TOOLING}#1", f"{TOOLING}#0", f"{TOOLING}#2", *(p for (p,) in PAGES),
    ]  # fmt: skip
    assert [h.chunk.id for h in beside(listed, added[1])][3] == "page:role/02-skills.md#7"
    assert [h.chunk.id for h in beside(listed, added[2])][-1] == "company:4817203#0"  # no hit of its own


def test_the_pay_left_out_of_the_hits_is_found_in_the_postings_summary(deps):
    before, refused = grounded(deps, PAY, documents=0)
    assert (refused.coverage, refused.reason) == ("none", "figure-not-stated")
    assert parts(before) == [[f"{TOOLING}#1", f"{TOOLING}#2"], PAGES[0], PAGES[1]]
    context, verdict = grounded(deps, PAY)
    assert (verdict.coverage, verdict.reason, verdict.missing) == ("full", "covered", ())
    # the summary (a posting's fields: its pay) joins the posting's own source, in document order
    assert parts(context) == [[f"{TOOLING}#summary", f"{TOOLING}#1", f"{TOOLING}#2"], PAGES[0], PAGES[1]]
    assert "Salary: 70,000-100,000 GBP." in context.sources[0].text


def test_a_count_in_the_postings_description_is_found(deps):
    assert grounded(deps, OFFICE_DAYS, documents=0)[1].reason == "count-not-stated"
    context, verdict = grounded(deps, OFFICE_DAYS)
    assert (verdict.coverage, verdict.reason) == ("full", "covered")
    assert parts(context) == [[f"{TOOLING}#1", f"{TOOLING}#2", f"{TOOLING}#4"], PAGES[0], PAGES[1]]
    assert "two office days in Shoreditch" in context.sources[0].text


def test_a_figure_a_partial_answer_names_is_looked_up_too(deps):
    question = "What does the Quillbyte agent tooling role build, and how many office days does it ask for?"
    before = grounded(deps, question, documents=0)[1]
    assert (before.coverage, before.reason) == ("partial", "count-not-stated")
    context, verdict = grounded(deps, question)
    assert (verdict.coverage, verdict.reason) == ("full", "covered")
    assert "two office days in Shoreditch" in context.sources[0].text


def test_a_figure_no_chunk_of_the_document_states_is_still_refused(deps):
    context, verdict = grounded(deps, TEAM)
    assert (verdict.coverage, verdict.reason) == ("none", "count-not-stated")
    assert parts(context) == [[f"{TOOLING}#1", f"{TOOLING}#2"], PAGES[0], PAGES[1]]
    context, verdict = grounded(deps, PAY, documents=1)  # the posting is the first document
    assert (verdict.coverage, parts(context)[0][0]) == ("full", f"{TOOLING}#summary")


@pytest.mark.parametrize(
    "question, reason",
    [
        ("What is the capital of France?", "not-mentioned"),  # judged on the corpus, not the context
        ("What is the interview process at Saltmarsh Finance?", "postings-only"),
        ("what is the capital of france?", "off-topic"),  # no word the guide's pages use
    ],
)
def test_nothing_is_looked_up_for_what_the_corpus_decides(deps, monkeypatch, question, reason):
    a = answerer(deps)
    monkeypatch.setattr(a.grounding, "candidates", lambda *args: pytest.fail("looked up"))
    context, verdict = a.grounding(question, hits(deps, *RETRIEVED), relevance=1.0)
    assert (verdict.coverage, verdict.reason, len(context.sources)) == ("none", reason, 3)


def test_the_offline_answer_quotes_the_pay_and_the_llm_gets_the_same_context(deps, server, monkeypatch):
    monkeypatch.setattr(deps.retriever, "retrieve", lambda query, k: hits(deps, *RETRIEVED))
    offline = answerer(deps).ask(PAY)
    assert (offline.refused, offline.coverage) == (False, "full")
    assert "70,000-100,000 GBP" in offline.answer, offline.answer
    assert offline.citations[0].url.endswith("4817291_Quillbyte_AI_Engineer_Agent_Tooling.yaml")
    server.push(stream(["It pays 70,000-100,000 GBP [1]."]))
    online = answerer(deps, server).ask(PAY)
    assert (online.refused, online.mode, online.answer) == (False, "llm", "It pays 70,000-100,000 GBP [1].")
    (request,) = server.requests
    prompt = "\n".join(m["content"] for m in request["messages"])
    assert "Salary: 70,000-100,000 GBP." in prompt
    assert [[c.id for c in s.chunks] for s in online.sources] == [
        [c.id for c in s.chunks] for s in offline.sources
    ]
