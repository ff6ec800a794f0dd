"""Market follow-ups ("and in Germany?", "what about remote ones?") read with the conversation's
earlier turns, offline and with the scripted LLM, on the fixture index (13 invented postings: 4 in
Germany, all 13 list Python)."""

from __future__ import annotations

import asyncio

import pytest

from evals.openai_stub import ScriptedOpenAI, completion, stream, tool_call
from rag.answer.async_answer import stream_answer
from rag.answer.async_llm import AsyncLLMClient
from rag.answer.pipeline import Answerer
from rag.deps import Deps
from rag.market.desk import with_market
from rag.market.follow_up import follow_up_tail
from tests.answer_helpers import build_fixture_index, llm_for, settings_for
from tests.fakes import FakeEmbedder
from tests.test_market_answers import CountingWorkers

PYTHON = "What share of postings ask for Python?"
GERMANY_SPEC = {"measure": "share", "filters": {"country": ["DEU"]}, "subset": {"skills_all": ["Python"]}}
GERMANY_HEAD = "**4 of the 4 postings in Germany (100.0%) list Python among their skills**"
GUIDE_PYTHON = (
    "*The guide's own analysis (507 invented job listings), quoted:*"  # the guide's Python row first
)
COMPUTED = "*Computed from all the job postings (a different count from the guide's analysis):*\n\n"


def computed(answer) -> str:
    """The answer after the guide's quote: the figure computed from the postings."""
    return answer.answer.split(COMPUTED, 1)[-1]


@pytest.fixture(scope="module")
def deps(tmp_path_factory):
    deps = with_market(
        Deps.open(
            settings_for(build_fixture_index(tmp_path_factory.mktemp("follow-up")), refusal_threshold=0),
            FakeEmbedder(),
        )
    )
    yield deps
    deps.close()


def converse(answerer: Answerer, questions: list[str]) -> list:
    history, answers = [], []
    for question in questions:
        answer = answerer.ask(question, history)
        answers.append(answer)
        history += [{"role": "user", "content": question}, {"role": "assistant", "content": answer.answer}]
    return answers


def test_follow_up_tail_takes_short_follow_ups_only():
    assert [
        follow_up_tail(m)
        for m in ("and in Germany?", "what about remote ones?", "And for senior roles?", "in London?",
                  "TypeScript?", "What share of postings are in Berlin?", "ok, and how about the UK")
    ] == ["in Germany", "remote ones", "for senior roles", "in London", "TypeScript", None,
          "the UK"]  # fmt: skip


def test_a_chain_of_follow_ups_keeps_the_subject_and_the_table_gives_every_figure(deps):
    germany, remote, senior, typescript = converse(
        Answerer(deps),
        [
            PYTHON,
            "and in Germany?",
            "what about remote ones?",
            "and for senior roles?",
            "what about TypeScript?",
        ],
    )[1:]
    assert (germany.route, germany.to_json()["spec"]) == ("market", GERMANY_SPEC)
    assert germany.query == "What share of postings ask for Python (in Germany)?"
    assert germany.answer.startswith(GUIDE_PYTHON) and computed(germany).startswith(GERMANY_HEAD)
    assert remote.answer.startswith("The job data does not record remote work or office attendance")
    assert (remote.route, remote.refused, remote.query) == (
        "market", True, "What share of postings ask for Python (in Germany; remote ones)?"
    )  # fmt: skip
    # the field the data does not record leaves the Germany query standing for the next follow-up
    assert senior.to_json()["spec"] == {
        "measure": "share", "filters": {"country": ["DEU"], "level": ["Senior level"]},
        "subset": {"skills_all": ["Python"]},
    }  # fmt: skip
    assert computed(senior).startswith(
        "**1 of the 1 posting in Germany and at Senior level (100.0%) lists Python among their skills**"
    )
    assert typescript.to_json()["spec"]["subset"] == {"skills_all": ["TypeScript"]}
    assert typescript.to_json()["result"]["n_population"] == 1


def test_a_new_place_replaces_the_old_one_and_a_value_no_posting_has_is_said(deps):
    berlin, uk, lagos = converse(Answerer(deps), ["How many postings are in Berlin?", "and in the UK?",
                                                  "and in Lagos?"])[0:3]  # fmt: skip
    assert berlin.to_json()["spec"] == {"measure": "count", "subset": {"city": ["Berlin"]}}
    assert uk.to_json()["spec"] == {"measure": "count", "subset": {"country": ["GBR"]}}
    assert uk.answer.startswith("**1 of all 13 postings (7.7%) is in the United Kingdom.**")
    assert uk.query == "How many postings are in the UK?"
    assert (lagos.route, lagos.refused) == ("market", True)
    assert lagos.answer.startswith(
        "None of the 13 job postings in the guide's data (collected once, posted 2026-01-29 to 2026-03-12) "
        "is located in Lagos"
    )


def test_a_follow_up_that_changes_topic_does_not_inherit_the_market_route(deps):
    answers = converse(
        Answerer(deps),
        [PYTHON, "what does the guide say about interviews?", "and in Germany?", PYTHON,
         "and is Germany a nice place to live?"],
    )  # fmt: skip
    assert [a.route for a in answers] == ["market", "guide", "guide", "market", "guide"]


def test_a_mixed_question_s_follow_up_stays_mixed_with_the_new_filter(deps):
    _, london = converse(Answerer(deps), ["Is prompt engineering worth learning?", "and in London?"])
    assert london.route == "both"
    assert london.to_json()["spec"] == {
        "measure": "share", "filters": {"city": ["London"]}, "subset": {"skills_all": ["Prompt engineering"]}
    }  # fmt: skip


def test_with_an_llm_the_follow_up_s_standalone_question_is_what_the_model_writes_a_query_for(deps):
    history = [{"role": "user", "content": PYTHON}, {"role": "assistant", "content": "13 of all 13 ..."}]
    with ScriptedOpenAI() as server:
        llm = llm_for(server.base_url)
        server.push(tool_call("market_query", GERMANY_SPEC))
        answer = Answerer(deps, llm).ask("and in Germany?", history)
        assert (
            server.requests[-1]["messages"][-1]["content"]
            == "What share of postings ask for Python (in Germany)?"
        )
        llm.close()
    assert (answer.mode, answer.to_json()["spec"]) == ("llm", GERMANY_SPEC)
    assert computed(answer).startswith(GERMANY_HEAD)  # the figure is the table's, not the model's


def stream_with(deps, server, question: str, history: list) -> list:
    async def run() -> list:
        llm = AsyncLLMClient.like(llm_for(server.base_url))
        try:
            return [
                e
                async for e in stream_answer(
                    Answerer(deps, llm.config), llm, question, history, CountingWorkers()
                )
            ]
        finally:
            await llm.close()

    return asyncio.run(run())


def test_the_web_path_routes_the_llm_s_rewrite_when_the_rules_find_no_market_follow_up(deps):
    history = [{"role": "user", "content": PYTHON}, {"role": "assistant", "content": "13 of all 13 ..."}]
    rewrite = "What share of postings in Germany ask for TypeScript?"
    spec = {"measure": "share", "filters": {"country": ["DEU"]}, "subset": {"skills_all": ["TypeScript"]}}
    with ScriptedOpenAI() as server:
        server.push(completion(rewrite), tool_call("market_query", spec))
        *_, answer = stream_with(deps, server, "how does that compare with TypeScript in Germany?", history)
        assert server.requests[-1]["messages"][-1]["content"] == rewrite
    assert (answer.route, answer.mode, answer.query, answer.to_json()["spec"]) == (
        "market",
        "llm",
        rewrite,
        spec,
    )


def test_the_web_path_keeps_a_topic_change_with_the_guide(deps):
    history = [{"role": "user", "content": PYTHON}, {"role": "assistant", "content": "13 of all 13 ..."}]
    with ScriptedOpenAI() as server:
        server.push(completion("What does the guide say about interviews?"), stream(["Be honest [1]."]))
        *_, answer = stream_with(deps, server, "what does the guide say about interviews?", history)
    assert (answer.route, answer.answer) == ("guide", "Be honest [1].")
