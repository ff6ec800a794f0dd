"""The web app's async client reads streams from the raw server-sent events (no SDK object per
chunk): the same deltas, usage and typed errors as the sync client, against a real loopback server."""

import asyncio

import pytest

from evals.openai_stub import Pause, completion, error, raw_stream, stream, tool_call, usage
from rag.answer.async_llm import AsyncLLMClient, sse_data
from rag.answer.llm import Delta, LLMClient, StreamEnd, Usage
from rag.config import Settings
from rag.errors import LLMBadResponseError, LLMNoToolCallError, LLMStalledError, LLMUnavailableError

MESSAGES = [{"role": "user", "content": "q"}]


def read(server, **overrides) -> list:
    values = {"openai_base_url": server.base_url, "llm_stall_timeout_s": 0.5, "llm_deadline_s": 5.0}
    llm = AsyncLLMClient.like(LLMClient.from_settings(Settings(**values, **overrides)))

    async def collect() -> list:
        try:
            return [event async for event in llm.stream(MESSAGES)]
        finally:
            await llm.close()

    return asyncio.run(collect())


def test_a_stream_gives_its_deltas_then_finish_reason_and_usage(server):
    server.push(stream(["Hello", " world"], finish_reason="length", with_usage=usage(7, 2)))
    assert read(server) == [Delta("Hello"), Delta(" world"), StreamEnd("length", Usage(7, 2, 9))]
    assert server.requests[0]["stream"] is True


def test_an_error_event_in_the_stream_is_the_servers_error(server):
    server.push(raw_stream([stream(["partial"]).events[1], '{"error": {"message": "overloaded"}}']))
    with pytest.raises(LLMBadResponseError) as info:
        read(server)
    assert str(info.value) == "the LLM server reported an error (overloaded)"


@pytest.mark.parametrize(
    "event, message",
    [
        (
            '{"id": "x", "choices": [',
            "the LLM server sent a malformed response (Expecting value: line 1 column 25 (char 24))",
        ),
        ("[1, 2]", "the LLM server sent a malformed stream event ([1, 2])"),
        ('{"choices": "text"}', "the LLM server sent a malformed stream event ({'choices': 'text'})"),
    ],
)
def test_malformed_events_are_bad_responses(server, event, message):
    server.push(raw_stream([event, "[DONE]"]))
    with pytest.raises(LLMBadResponseError) as info:
        read(server)
    assert str(info.value) == message


def test_a_stream_without_events_is_a_bad_response(server):
    server.push(raw_stream(["[DONE]"]))
    with pytest.raises(LLMBadResponseError) as info:
        read(server)
    assert str(info.value) == "the LLM server sent no stream events"


def test_a_stalled_stream_ends_after_the_stall_timeout(server):
    server.push(stream(["partial", " answer"], stall_after=1))
    with pytest.raises(LLMStalledError) as info:
        read(server)
    assert str(info.value) == "the LLM stopped sending for 0.5 s"


def test_a_500_is_retried_once_then_reported(server):
    server.push(error(500, "boom"), error(500, "boom"))
    with pytest.raises(LLMUnavailableError) as info:
        read(server)
    assert str(info.value) == "the LLM server failed (HTTP 500) (boom)"
    assert len(server.requests) == 2


def test_one_retry_recovers_from_a_503(server):
    server.push(error(503, "warming up"), raw_stream([stream(["ok"]).events[1], Pause(0.05), "[DONE]"]))
    assert read(server) == [Delta("ok"), StreamEnd(None, None)]


def test_sse_data_joins_multi_line_data_and_skips_other_fields():
    lines = [": keep-alive", "", "event: message", 'data: {"a":', "data:1}", "id: 3", "", "data: [DONE]"]

    async def lines_of():
        for line in lines:
            yield line

    async def collect() -> list[str]:
        return [data async for data in sse_data(lines_of())]

    assert asyncio.run(collect()) == ['{"a":\n1}', "[DONE]"]


def call_tool(server) -> dict:
    values = {"openai_base_url": server.base_url, "llm_stall_timeout_s": 0.5, "llm_deadline_s": 5.0}
    llm = AsyncLLMClient.like(LLMClient.from_settings(Settings(**values)))
    tool = {"name": "market_query", "description": "d", "parameters": {"type": "object", "properties": {}}}

    async def run() -> dict:
        try:
            return await llm.call_tool(MESSAGES, tool)
        finally:
            await llm.close()

    return asyncio.run(run())


def test_a_forced_tool_call_gives_its_arguments_and_plain_text_is_no_call(server):
    server.push(tool_call("market_query", {"measure": "top", "field": "skill"}), completion("Just text."))
    assert call_tool(server) == {"measure": "top", "field": "skill"}
    with pytest.raises(LLMNoToolCallError) as info:
        call_tool(server)
    assert str(info.value) == "the LLM did not call the tool"
