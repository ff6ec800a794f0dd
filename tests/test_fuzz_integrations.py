"""Property-based fuzzing of the integration endpoints, as tests/test_fuzz_api.py does the JSON API:
`/v1/chat/completions`, `/v1/models` and the MCP tools at `/mcp`, in-process under FastAPI's
TestClient (whole app, lifespan included), fixture index, FakeEmbedder, no LLM, no rate limit.

For every input: no 5xx, no exception escapes a handler, `/v1` errors have OpenAI's shape, MCP
answers are JSON-RPC (a bad tool call is a tool error, not a protocol failure), and every log
record is one line.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import event, given
from hypothesis import strategies as st

from tests.answer_helpers import DATA_ENGINEERING
from tests.live_server import fixture_app, fixture_settings
from tests.test_fuzz_api import (
    fuzz,
    header_text,
    json_values,
    logged_client,
    odd_text,
    question,
    single_line_logs,
    surrogates,
    text,
)

MCP_HEADERS = {"Accept": "application/json, text/event-stream", "Content-Type": "application/json"}


@pytest.fixture(scope="module")
def api(tmp_path_factory):
    settings = fixture_settings(tmp_path_factory.mktemp("fuzz-integrations"), rate_limit_per_minute=10**9)
    with logged_client(fixture_app(settings)[0]) as client:
        yield client


def check_openai(response) -> object:
    """No 5xx; errors are OpenAI's {"error": {"message", "type", "param", "code"}}; a stream ends in
    [DONE] or an error event."""
    event(f"HTTP {response.status_code}")
    assert response.status_code < 500, response.text
    if response.status_code >= 400:
        body = response.json()
        assert list(body) == ["error"] and set(body["error"]) == {"message", "type", "param", "code"}, body
        assert isinstance(body["error"]["message"], str) and body["error"]["message"]
        return body
    if response.headers["content-type"].startswith("text/event-stream"):
        data = [block.removeprefix("data: ") for block in response.text.strip().split("\n\n")]
        assert data[-1] == "[DONE]" or "error" in json.loads(data[-1]), data[-1]
        chunks = [json.loads(d) for d in data[:-1]]
        assert {c["object"] for c in chunks} == {"chat.completion.chunk"}
        assert chunks[-1]["choices"][0]["finish_reason"] == "stop" and "citations" in chunks[-1]
        return chunks
    body = response.json()
    assert body["object"] in ("chat.completion", "list", "model"), body
    return body


content = st.one_of(
    odd_text, st.lists(st.fixed_dictionaries({"type": st.just("text"), "text": odd_text}), max_size=3)
)
role = st.sampled_from(["user", "assistant", "system", "developer", "tool", "USER", ""])
well_formed_message = st.fixed_dictionaries({"role": st.sampled_from(["user", "assistant"]), "content": text})
any_message = st.fixed_dictionaries(
    {"role": role | json_values}, optional={"content": content | json_values, "name": json_values}
)
well_formed = st.builds(
    lambda history, q, extra: {"messages": [*history, {"role": "user", "content": q}], **extra},
    st.lists(well_formed_message, max_size=6),
    question,
    st.fixed_dictionaries(
        {},
        optional={
            "model": st.sampled_from(["field-guide", "gpt-4o", ""]),
            "stream": st.booleans(),
            "temperature": json_values,
            "max_tokens": json_values,
        },
    ),
)
malformed = st.one_of(
    st.fixed_dictionaries(
        {},
        optional={
            "messages": st.lists(any_message, max_size=25) | json_values,
            "model": json_values,
            "stream": json_values,
        },
    ),
    json_values,
)


@fuzz(400)
@given(body=st.sampled_from([well_formed, well_formed, malformed]).flatmap(lambda b: b))
def test_chat_completions_with_any_json_body(api, body):
    check_openai(api.post("/v1/chat/completions", json=body))
    single_line_logs(api)


@fuzz(150)
@given(
    raw=st.one_of(
        st.binary(max_size=300),
        st.builds(  # lone surrogates, escaped as JSON allows
            lambda q: json.dumps({"messages": [{"role": "user", "content": q}]}).encode(),
            odd_text | surrogates,
        ),
        st.sampled_from([b"", b"{", b"[]", b"null", b'{"messages": [', b"\xff\xfe", b"{}" * 40_000]),
    ),
    content_type=st.sampled_from(["application/json", "text/plain", ""]),
)
def test_chat_completions_with_any_bytes(api, raw, content_type):
    check_openai(api.post("/v1/chat/completions", content=raw, headers={"Content-Type": content_type}))
    single_line_logs(api)


@fuzz(100)
@given(
    path=st.sampled_from(["/v1/models", "/v1/models/field-guide", "/v1/models/x", "/v1/nope", "/v1"])
    | header_text.map(lambda s: "/v1/models/" + s.replace("?", "").replace("#", "")),
    authorization=st.none() | header_text | st.just("Bearer field-guide"),
)
def test_models_with_any_path_and_key(api, path, authorization):
    headers = {"Authorization": authorization} if authorization is not None else {}
    check_openai(api.get(path, headers=headers))
    single_line_logs(api)


arguments = st.one_of(
    st.fixed_dictionaries({"question": question}),
    st.fixed_dictionaries(
        {"query": question},
        optional={"k": st.integers(-5, 60) | json_values, "kind": st.sampled_from(["page", "posting", "x"])},
    ),
    st.dictionaries(st.sampled_from(["question", "query", "k", "kind", "other"]), json_values, max_size=4),
    json_values,
)


@fuzz(250)
@given(
    name=st.sampled_from(["ask_field_guide", "search_field_guide", "job_market", ""]) | text, args=arguments
)
def test_mcp_tool_calls_with_any_arguments(api, name, args):
    body = {"jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": {"name": name, "arguments": args}}
    response = api.post("/mcp", json=body, headers=MCP_HEADERS)
    event(f"HTTP {response.status_code}")
    assert response.status_code < 500, response.text
    reply = response.json()
    if response.status_code == 413:  # the app's body limit comes before the MCP transport
        assert reply == {"error": "The request body is larger than the 65,536-byte limit."}
        return
    assert reply["jsonrpc"] == "2.0"
    if "result" in reply:
        assert isinstance(reply["result"]["content"], list)
        event(f"isError {reply['result'].get('isError')}")
    single_line_logs(api)


market_question = st.builds(
    lambda ask, subject, tail: f"{ask} {subject}{tail}",
    st.sampled_from(
        ["How many postings ask for", "What share of postings mention", "Top skills for", "Median pay in", ""]
    ),
    odd_text
    | st.sampled_from(
        [
            "LangGraph",
            "Python'; DROP TABLE postings;--",
            "New York",
            "%",
            "*",
            "senior",
            "Nowhere",
            "a degree",
            "a Ph.D.",
            "e-mail (\\b.*",
        ]
    ),
    st.sampled_from(["?", " in London?", " by level", " per month", " with remote work?", ""]),
)


def call_job_market(api, question) -> dict:
    body = {"jsonrpc": "2.0", "id": 3, "method": "tools/call", "params": {"name": "job_market"}}
    body["params"]["arguments"] = {"question": question}
    response = api.post("/mcp", json=body, headers=MCP_HEADERS)
    if response.status_code == 413:  # the app's body limit comes before the MCP transport
        assert response.json() == {"error": "The request body is larger than the 65,536-byte limit."}
        return {}
    assert response.status_code == 200, response.text[:500]
    return response.json()["result"]


@fuzz(200)
@given(question=market_question | question)
def test_job_market_tool_with_any_question(api, question):
    """Figures with their query, or a tool error that says what to do: never a crash or a traceback."""
    result = call_job_market(api, question)
    if not result:
        return
    text = result["content"][0]["text"]
    event(f"isError {result['isError']}")
    assert text and "Traceback" not in text
    if result["isError"]:
        event(text.removeprefix("Error executing tool job_market: ")[:40])
        return
    figures = result["structuredContent"]
    assert figures["route"] in ("market", "both") and figures["answer"], figures
    assert (figures["spec"] is None) == (figures["result"] is None) == (figures["command"] is None), figures
    single_line_logs(api)


def test_job_market_tool_refuses_a_guide_question_and_names_the_other_tool(api):
    result = call_job_market(api, DATA_ENGINEERING)
    assert (result["isError"], result["content"][0]["text"]) == (
        True,
        "Error executing tool job_market: Not a question about figures over the job postings: ask it "
        "with ask_field_guide.",
    )


@fuzz(100)
@given(raw=st.binary(max_size=200) | json_values.map(lambda v: json.dumps(v).encode()))
def test_mcp_with_any_bytes(api, raw):
    response = api.post("/mcp", content=raw, headers=MCP_HEADERS)
    assert response.status_code < 500, response.text
    single_line_logs(api)


def test_a_well_formed_call_answers(api):
    body = {
        "jsonrpc": "2.0",
        "id": 7,
        "method": "tools/call",
        "params": {"name": "ask_field_guide", "arguments": {"question": DATA_ENGINEERING}},
    }
    result = api.post("/mcp", json=body, headers=MCP_HEADERS).json()["result"]
    assert (result["isError"], result["structuredContent"]["citations"][0]["n"]) == (False, 1)
