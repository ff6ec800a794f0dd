"""The OpenAI-compatible client against a real HTTP server on loopback (no mocking of openai)."""

import time

import pytest

from evals.openai_stub import Pause, completion, error, raw_stream, stream, tool_call, usage
from rag.answer.llm import Completion, Deadline, Delta, LLMClient, StreamEnd, Usage
from rag.config import Settings
from rag.errors import (
    LLMBadResponseError,
    LLMDeadlineError,
    LLMNoToolCallError,
    LLMRateLimitedError,
    LLMRejectedError,
    LLMStalledError,
    LLMUnavailableError,
)

MESSAGES = [{"role": "user", "content": "q"}]
TOOL = {"name": "market_query", "description": "d", "parameters": {"type": "object", "properties": {}}}


def client(server, **overrides) -> LLMClient:
    values = {
        "openai_base_url": server.base_url,
        "llm_stall_timeout_s": 0.5,
        "llm_deadline_s": 5.0,
        "llm_model": "scripted-model",
        **overrides,
    }
    return LLMClient.from_settings(Settings(**values))


def test_not_configured_means_no_client():
    assert LLMClient.from_settings(Settings()) is None


def test_plain_env_names_configure_the_client(monkeypatch, server):
    monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    monkeypatch.setenv("FIELDGUIDE_LLM_MODEL", "llama3.1:8b")
    settings = Settings()
    assert (settings.openai_base_url, settings.openai_api_key, settings.llm_model) == (
        server.base_url,
        "sk-test",
        "llama3.1:8b",
    )
    server.push(completion("hi"))
    LLMClient.from_settings(settings).complete(MESSAGES)
    assert server.requests[0]["model"] == "llama3.1:8b"


def test_stream_yields_deltas_then_usage_and_caps_max_tokens(server):
    server.push(stream(["Hello", " world [1]."]))
    events = list(client(server, llm_max_tokens=128).stream(MESSAGES, max_tokens=10_000))
    assert events == [Delta("Hello"), Delta(" world [1]."), StreamEnd("stop", Usage(100, 2, 102))]
    sent = server.requests[0]
    assert (sent["stream"], sent["max_tokens"], sent["model"]) == (True, 128, "scripted-model")
    assert sent["stream_options"] == {"include_usage": True}
    assert sent["messages"] == MESSAGES


def test_complete_returns_text_finish_reason_and_usage(server):
    server.push(completion("standalone query"))
    assert client(server).complete(MESSAGES, max_tokens=64) == Completion(
        "standalone query", "stop", Usage(100, 2, 102)
    )
    assert (server.requests[0]["stream"], server.requests[0]["max_tokens"]) == (False, 64)


def test_500_is_retried_once_then_reported(server):
    server.push(error(500, "boom"), error(500, "boom"))
    with pytest.raises(LLMUnavailableError) as info:
        list(client(server).stream(MESSAGES))
    assert str(info.value) == "the LLM server failed (HTTP 500) (boom)"
    assert len(server.requests) == 2


def test_one_retry_recovers_from_a_single_500(server):
    server.push(error(503, "warming up"), stream(["ok"]))
    assert list(client(server).stream(MESSAGES))[0] == Delta("ok")
    assert len(server.requests) == 2


def test_429_with_short_retry_after_is_retried_once(server):
    server.push(error(429, "slow down", {"Retry-After": "0.2"}), stream(["ok"]))
    start = time.monotonic()
    assert list(client(server).stream(MESSAGES))[0] == Delta("ok")
    assert len(server.requests) == 2
    assert time.monotonic() - start >= 0.2


def test_429_with_long_retry_after_fails_at_once(server):
    server.push(error(429, "slow down", {"Retry-After": "30"}))
    start = time.monotonic()
    with pytest.raises(LLMRateLimitedError) as info:
        list(client(server).stream(MESSAGES))
    assert time.monotonic() - start < 2
    assert info.value.retry_after == 30
    assert (
        str(info.value)
        == "the LLM provider is rate-limiting requests (HTTP 429; retry after 30 s) (slow down)"
    )
    assert len(server.requests) == 1


def test_401_is_not_retried_and_names_the_setting(server):
    server.push(error(401, "bad key"))
    with pytest.raises(LLMRejectedError) as info:
        client(server).complete(MESSAGES)
    assert str(info.value) == "the LLM server rejected the request (HTTP 401) (bad key; check OPENAI_API_KEY)"
    assert len(server.requests) == 1


def test_stalled_stream_ends_after_the_stall_timeout(server):
    server.push(stream(["partial", " answer"], stall_after=2))
    seen = []
    start = time.monotonic()
    with pytest.raises(LLMStalledError) as info:
        for event in client(server).stream(MESSAGES):
            seen.append(event)
    assert seen == [Delta("partial"), Delta(" answer")]
    assert str(info.value) == "the LLM stopped sending for 0.5 s"
    assert 0.5 <= time.monotonic() - start < 3


def test_content_free_events_do_not_reset_the_stall_clock(server):
    keepalive = '{"id":"x","object":"chat.completion.chunk","created":1,"model":"m","choices":[]}'
    server.push(raw_stream([*[e for _ in range(8) for e in (keepalive, Pause(0.1))], "[DONE]"]))
    with pytest.raises(LLMStalledError):
        list(client(server).stream(MESSAGES))


def test_deadline_ends_a_slow_stream(server):
    events = [e for i in range(40) for e in (stream([f"w{i} "]).events[1], Pause(0.1))]
    server.push(raw_stream(events))
    with pytest.raises(LLMDeadlineError) as info:
        list(client(server, llm_deadline_s=1.0).stream(MESSAGES))
    assert str(info.value) == "the answer took longer than the 1 s deadline"


def test_malformed_json_in_a_stream(server):
    server.push(raw_stream(['{"id": "x", "choices": [', "[DONE]"]))
    with pytest.raises(LLMBadResponseError) as info:
        list(client(server).stream(MESSAGES))
    assert str(info.value) == (
        "the LLM server sent a malformed response (Expecting value: line 1 column 25 (char 24))"
    )


def test_malformed_json_body(server):
    from evals.openai_stub import Reply

    server.push(Reply(headers={"Content-Type": "application/json"}, body=b"{not json"))
    with pytest.raises(LLMBadResponseError):
        client(server).complete(MESSAGES)


def test_unreachable_server_is_unavailable():
    llm = LLMClient.from_settings(Settings(openai_base_url="http://127.0.0.1:9/v1", llm_deadline_s=5))
    with pytest.raises(LLMUnavailableError) as info:
        llm.complete(MESSAGES)
    assert info.value.reason == "could not reach the LLM server"


def test_deadline_arithmetic():
    now = [100.0]
    deadline = Deadline(2.0, clock=lambda: now[0])
    now[0] = 101.5
    assert deadline.remaining() == 0.5
    now[0] = 103.0
    assert deadline.remaining() == 0.0
    with pytest.raises(LLMDeadlineError):
        deadline.check()


def test_usage_adds_up():
    assert Usage(10, 2, 12) + Usage(5, 1, 6) == Usage(15, 3, 18)
    assert Usage(10, 2, 12) + None == Usage(10, 2, 12)
    assert usage(7, 3) == {"prompt_tokens": 7, "completion_tokens": 3, "total_tokens": 10}


def test_a_forced_tool_call_gives_its_arguments(server):
    server.push(tool_call("market_query", {"measure": "count"}))
    assert client(server).call_tool(MESSAGES, TOOL) == {"measure": "count"}
    assert server.requests[0]["tool_choice"] == {"type": "function", "function": {"name": "market_query"}}


@pytest.mark.parametrize("reply", [completion("Plain text, no call."), tool_call("other_tool", {"a": 1})])
def test_a_reply_without_a_call_of_the_tool_says_so_plainly(server, reply):
    server.push(reply)
    with pytest.raises(LLMNoToolCallError) as info:
        client(server).call_tool(MESSAGES, TOOL)
    assert str(info.value) == "the LLM did not call the tool"


@pytest.mark.parametrize(
    "arguments, message",
    [
        ("{not json", "the LLM's tool arguments are not JSON (JSONDecodeError('Expecting property name "
         "enclosed in double quotes: line 1 column 2 (char 1)'))"),
        ("[1, 2]", "the LLM's tool arguments are not a JSON object"),
    ],
)  # fmt: skip
def test_tool_arguments_that_are_no_json_object_are_a_bad_response(server, arguments, message):
    server.push(tool_call("market_query", arguments))
    with pytest.raises(LLMBadResponseError) as info:
        client(server).call_tool(MESSAGES, TOOL)
    assert not isinstance(info.value, LLMNoToolCallError)
    assert str(info.value) == message
