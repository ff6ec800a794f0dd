"""The chat benchmark's scripted LLM and its outcome kinds: a forced call of the market tool gets
the question's scripted query, as a model would write it, so a market answer is the product's LLM
path and not a fallback; an unscripted question still falls back and is counted as one."""

from __future__ import annotations

import asyncio
import json

import httpx
import pytest

from evals.bench_chat.__main__ import DEFAULT_QUESTIONS
from evals.bench_chat.api_client import Result, ask_api, fill_answer
from evals.bench_chat.compare import cell
from evals.bench_chat.llm import load_market_calls, market_call, scripted_server, unscripted_market_questions
from evals.bench_chat.phases import Phase
from evals.bench_chat.summary import summarize
from evals.openai_stub import stream
from evals.questions import load_questions
from rag.answer.pipeline import Answerer
from rag.deps import Deps
from rag.market.args import validated
from rag.market.desk import with_market
from rag.market.spec import QuerySpec
from tests.answer_helpers import build_fixture_index, llm_for, settings_for
from tests.fakes import FakeEmbedder

BERLIN_PYTHON = "How many Berlin postings ask for Python?"
BERLIN_SPEC = {"measure": "count", "filters": {"city": ["Berlin"]}, "subset": {"skills_all": ["Python"]}}
CALLS = {BERLIN_PYTHON: BERLIN_SPEC}
FORCED = {"type": "function", "function": {"name": "market_query"}}


def tool_request(question: str, choice: dict | None = FORCED) -> dict:
    messages = [{"role": "system", "content": "You turn ..."}, {"role": "user", "content": question}]
    return {"messages": messages, "tool_choice": choice, "stream": False}


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    return build_fixture_index(tmp_path_factory.mktemp("bench-chat"))


@pytest.fixture(scope="module")
def deps(data_dir):
    deps = with_market(Deps.open(settings_for(data_dir, refusal_threshold=0), FakeEmbedder()))
    yield deps
    deps.close()


def test_a_forced_tool_call_gets_the_questions_scripted_arguments():
    reply = market_call(tool_request(f" {BERLIN_PYTHON} "), CALLS)
    message = json.loads(reply.body)["choices"][0]["message"]
    call = {"name": "market_query", "arguments": json.dumps(BERLIN_SPEC)}
    assert message["tool_calls"][0]["function"] == call
    assert market_call(tool_request(BERLIN_PYTHON, choice=None), CALLS) is None  # a condense call
    assert market_call(tool_request("How many postings ask for Go?"), CALLS) is None  # not scripted


def test_every_scripted_market_call_is_a_valid_query_for_a_bench_question_or_its_follow_ups():
    first, calls = load_market_calls(follow_ups=None), load_market_calls()
    assert (len(first), len(calls)) == (19, 117)
    questions = {q.question for q in load_questions(DEFAULT_QUESTIONS)}
    assert set(first) <= questions
    for asked in set(calls) - set(first):  # a follow-up read in full: "... (in London)?", or rewritten
        assert any(asked.startswith(q.rstrip("?")[:30]) for q in first), asked
    for args in calls.values():
        validated(QuerySpec, args)


def test_the_product_answers_with_the_scripted_query_and_falls_back_without_one(deps):
    with scripted_server(stream(["Unused [1]."]), CALLS) as server:
        llm = llm_for(server.base_url)
        scripted = Answerer(deps, llm).ask(BERLIN_PYTHON)
        unscripted = Answerer(deps, llm).ask("How many London postings ask for Python?")
        llm.close()
    assert (scripted.route, scripted.mode, scripted.fallback_reason) == ("market", "llm", None)
    assert scripted.to_json()["spec"] == BERLIN_SPEC
    assert (unscripted.route, unscripted.mode) == ("market", "extractive")
    assert unscripted.fallback_reason == "the LLM did not call the tool"
    kinds = []
    for answer in (scripted, unscripted):
        r = Result("b", "api", 0, 0, False, 0.0)
        fill_answer(r, answer.to_json())
        kinds.append(r.kind)
    assert kinds == ["market", "fallback"]


def test_the_bench_names_the_market_questions_and_follow_ups_it_has_no_query_for(data_dir):
    london = "How many London postings ask for Python?"
    texts = [BERLIN_PYTHON, london, "What does an AI engineer do day to day?", london]
    more = "Can you say more about that?"
    # a follow-up's query is asked for it read in full, or for the scripted LLM's rewrite of it
    assert unscripted_market_questions(texts, data_dir, CALLS, 2, ["and in London?", more]) == [
        london,
        f"{BERLIN_PYTHON} {more}",
        f"{london} {more}",
    ]
    assert unscripted_market_questions(texts, data_dir, CALLS, 1) == [london]


def test_market_answers_count_as_answers_and_stay_out_of_the_llm_timings():
    def turn(**answer) -> Result:
        r = Result("b", "api", 0, 0, False, 0.0, status=200, expected_ttft_s=0.5, expected_total_s=1.0)
        fill_answer(r, {"mode": "llm", "refused": False, "incomplete": False, **answer})
        return r

    llm = turn(route="guide")
    llm.ttft_s, llm.total_s = 0.6, 1.2
    market = turn(route="market")
    market.ttft_s, market.total_s = 0.35, 0.35
    fallback = turn(route="market", mode="extractive", fallback_reason="the LLM did not call the tool")
    phase = Phase("b", "api", 1, 3, 60.0, results=[llm, market, fallback], wall_s=2.0)
    s = summarize(phase)
    assert s["outcomes"] == {"llm": 1, "market": 1, "fallback": 1}
    assert (s["answers"], s["answers_per_s"], s["errors"]) == (3, 1.5, 1)
    assert s["error_messages"] == {"the LLM did not call the tool": 1}
    assert s["ttft_overhead_ms"] == {"n": 1, "p50": 100.0, "p95": 100.0, "max": 100.0}
    assert s["market_total_ms"] == {"n": 1, "p50": 350.0, "p95": 350.0, "max": 350.0}


def test_the_comparison_table_shows_a_dash_for_turns_a_run_did_not_have():
    phase = {
        "first_turn_ttft_overhead_ms": {"n": 20, "p50": 410, "p95": 480},
        "follow_up_ttft_overhead_ms": {},
    }
    assert cell(phase, "first_follow") == "480 / -"  # --turns 1: first turns only


def test_a_turn_counts_the_bytes_of_its_answer_stream():
    body = (
        b'event: delta\ndata: {"text": "Hi"}\n\n'
        b'event: answer\ndata: {"answer": "Hi", "mode": "llm", "refused": false}\n\n'
    )
    transport = httpx.MockTransport(lambda request: httpx.Response(200, content=body))

    async def turn() -> tuple[dict | None, Result]:
        r = Result("a", "api", 0, 0, False, 0.0)
        async with httpx.AsyncClient(transport=transport) as client:
            return await ask_api(client, "http://app", "q", [], "c", r), r

    answer, r = asyncio.run(turn())
    assert answer == {"answer": "Hi", "mode": "llm", "refused": False}
    assert (r.pieces, r.stream_bytes) == (1, len(body))  # every line with its newline
    fill_answer(r, answer)
    r.expected_ttft_s = r.expected_total_s = 0.0
    assert summarize(Phase("a", "api", 1, 1, None, results=[r], wall_s=1.0))[
        "stream_bytes_per_answer"
    ] == len(body)
