"""The OpenAI-compatible endpoint over a real loopback server, through the `openai` Python client
(base_url=.../v1): models, plain and streamed completions, history, citations, errors in OpenAI's
shape, the optional bearer key, CORS and the OpenAPI docs."""

from __future__ import annotations

import json

import httpx
import openai
import pytest
from openai import OpenAI

from evals.openai_stub import stream
from tests.answer_helpers import DATA_ENGINEERING
from tests.live_server import LiveServer, fixture_app, fixture_settings
from tests.test_integrations import CONDENSED, DE_CITATION, DE_SOURCES, FOLLOW_UP, HISTORY, TOO_LONG
from ui.openai_compat import MODEL_ID

ALLOWED = "http://allowed.example:8080"
QUESTION = [{"role": "user", "content": DATA_ENGINEERING}]
CITATIONS = [DE_CITATION | {"source_paths": ["learning-paths/from-data-engineer.md"]}]


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    settings = fixture_settings(
        tmp_path_factory.mktemp("openai"), rate_limit_per_minute=1000, allowed_origins=[ALLOWED]
    )
    application, service = fixture_app(settings)
    with LiveServer(application) as server:
        server.service = service
        server.client = OpenAI(base_url=f"{server.url}/v1", api_key="anything", max_retries=0)
        yield server


# For conftest's llm_app; every LLM delta on its own (no coalescing), so the gate is checked per token.
LLM_APP_SETTINGS = {"rate_limit_per_minute": 1000, "refusal_threshold": 0.0, "stream_window_ms": 0}


def test_models_lists_the_one_model(app):
    models = app.client.models.list()
    assert [(m.id, m.object, m.owned_by) for m in models.data] == [(MODEL_ID, "model", "fieldguide-chat")]
    assert app.client.models.retrieve(MODEL_ID).id == MODEL_ID
    with pytest.raises(openai.NotFoundError) as missing:
        app.client.models.retrieve("gpt-4o")
    assert missing.value.body["code"] == "model_not_found"


def test_a_completion_is_the_cited_answer(app):
    reply = app.client.chat.completions.create(model=MODEL_ID, messages=QUESTION)
    content = reply.choices[0].message.content
    assert (reply.object, reply.model, reply.choices[0].finish_reason) == (
        "chat.completion",
        MODEL_ID,
        "stop",
    )
    assert content.startswith("*Quoted from the guide") and content.endswith(f"[1]\n\n{DE_SOURCES}")
    assert reply.model_extra["citations"] == CITATIONS
    meta = reply.model_extra["field_guide"]
    assert (meta["mode"], meta["refused"], meta["incomplete"]) == ("extractive", False, False)
    stored = app.service.answer_log.get(meta["answer_id"])
    assert (stored["channel"], stored["question"]) == ("openai", DATA_ENGINEERING)


def test_a_streamed_completion_adds_up_to_the_plain_one(app):
    plain = app.client.chat.completions.create(model=MODEL_ID, messages=QUESTION)
    chunks = list(app.client.chat.completions.create(model=MODEL_ID, messages=QUESTION, stream=True))
    assert {c.object for c in chunks} == {"chat.completion.chunk"} and len({c.id for c in chunks}) == 1
    assert chunks[0].choices[0].delta.role == "assistant"
    text = "".join(c.choices[0].delta.content or "" for c in chunks)
    assert text == plain.choices[0].message.content
    assert [c.choices[0].finish_reason for c in chunks] == [None] * (len(chunks) - 1) + ["stop"]
    assert chunks[-1].model_extra["citations"] == CITATIONS


def test_history_and_system_messages(app):
    messages = [
        {"role": "system", "content": "Answer in French."},
        *HISTORY,
        {"role": "user", "content": FOLLOW_UP},
    ]
    reply = app.client.chat.completions.create(model=MODEL_ID, messages=messages)
    stored = app.service.answer_log.get(reply.model_extra["field_guide"]["answer_id"])
    assert (stored["question"], stored["query"]) == (FOLLOW_UP, CONDENSED)
    parts = [{"role": "user", "content": [{"type": "text", "text": DATA_ENGINEERING}]}]
    assert (
        app.client.chat.completions.create(model=MODEL_ID, messages=parts).model_extra["citations"]
        == CITATIONS
    )


def test_the_llm_answer_streams_its_tokens_then_the_sources(llm_app):
    llm_app.llm.push(stream(["Data engineers ", "already move ", "documents [1]."]))
    client = OpenAI(base_url=f"{llm_app.url}/v1", api_key="anything", max_retries=0)
    chunks = list(client.chat.completions.create(model=MODEL_ID, messages=QUESTION, stream=True))
    deltas = [c.choices[0].delta.content for c in chunks]
    assert deltas == ["", "Data engineers", " already move", " documents", " [1].", f"\n\n{DE_SOURCES}", None]
    assert chunks[-1].model_extra["field_guide"]["mode"] == "llm"


@pytest.mark.parametrize(
    ("messages", "error", "status", "code"),
    [
        ([{"role": "user", "content": "x" * 3000}], openai.APIStatusError, 413, "input_too_long"),
        ([{"role": "user", "content": "  "}], openai.BadRequestError, 400, "invalid_request"),
        ([*QUESTION, {"role": "assistant", "content": "hi"}], openai.BadRequestError, 400, "invalid_request"),
        ([], openai.BadRequestError, 400, "invalid_request"),
        ([{"role": "user", "content": "hi"}] * 22, openai.APIStatusError, 413, "input_too_long"),
    ],
)
def test_bad_input_is_a_4xx_in_openais_error_shape(app, messages, error, status, code):
    with pytest.raises(error) as refused:
        app.client.chat.completions.create(model=MODEL_ID, messages=messages)
    assert (refused.value.status_code, refused.value.body["code"]) == (status, code)
    assert refused.value.body["type"] == "invalid_request_error"
    if status == 413 and len(messages) == 1:
        assert refused.value.body["message"] == TOO_LONG


def test_errors_outside_the_handlers_have_openais_shape_too(app):
    big = json.dumps({"model": MODEL_ID, "messages": [{"role": "user", "content": "x" * 70_000}]})
    too_big = httpx.post(
        f"{app.url}/v1/chat/completions", content=big, headers={"Content-Type": "application/json"}
    )
    not_json = httpx.post(
        f"{app.url}/v1/chat/completions", content=b"{", headers={"Content-Type": "application/json"}
    )
    unknown = httpx.get(f"{app.url}/v1/embeddings")
    wrong_model = httpx.post(f"{app.url}/v1/chat/completions", json={"model": "gpt-4o", "messages": QUESTION})
    assert (too_big.status_code, too_big.json()["error"]) == (
        413,
        {
            "message": "The request body is larger than the 65,536-byte limit.",
            "type": "invalid_request_error",
            "param": None,
            "code": "input_too_long",
        },
    )
    assert (not_json.status_code, not_json.json()["error"]["type"]) == (400, "invalid_request_error")
    assert (unknown.status_code, unknown.json()["error"]["message"]) == (
        404,
        "No endpoint /v1/embeddings with this method; see /docs.",
    )
    assert (wrong_model.status_code, wrong_model.json()["error"]["code"]) == (404, "model_not_found")


def test_a_busy_service_is_503_with_retry_after(app, monkeypatch):
    admission = app.service.admission
    monkeypatch.setattr(admission, "admitted", admission.capacity)
    with pytest.raises(openai.InternalServerError) as busy:
        app.client.chat.completions.create(model=MODEL_ID, messages=QUESTION)
    assert (busy.value.status_code, busy.value.body["type"]) == (503, "server_error")
    assert busy.value.response.headers["retry-after"] == "2"


def test_the_bearer_key_when_the_server_sets_one(tmp_path):
    settings = fixture_settings(tmp_path, openai_compat_key="s3cret")
    application, _ = fixture_app(settings)
    with LiveServer(application) as server:
        right = OpenAI(base_url=f"{server.url}/v1", api_key="s3cret", max_retries=0)
        wrong = OpenAI(base_url=f"{server.url}/v1", api_key="guess", max_retries=0)
        assert right.chat.completions.create(model=MODEL_ID, messages=QUESTION).model_extra["citations"]
        with pytest.raises(openai.AuthenticationError) as refused:
            wrong.models.list()
        bare = httpx.get(f"{server.url}/v1/models")
        page = httpx.get(f"{server.url}/integrations").text
    assert (refused.value.status_code, refused.value.body["code"]) == (401, "invalid_api_key")
    assert (bare.status_code, bare.headers["www-authenticate"]) == (401, "Bearer")
    assert "This server requires its key" in page


def test_cors_lets_an_allowed_origin_send_the_bearer_key(app):
    def preflight(request_headers: str | None, origin: str = ALLOWED) -> httpx.Response:
        headers = {"Origin": origin, "Access-Control-Request-Method": "POST"}
        if request_headers:
            headers["Access-Control-Request-Headers"] = request_headers
        return httpx.options(f"{app.url}/v1/chat/completions", headers=headers)

    bearer = preflight("authorization, content-type")
    # What openai-node 5 sends from a browser page (dangerouslyAllowBrowser: true).
    js_sdk = preflight(
        "authorization,content-type,x-stainless-arch,x-stainless-lang,x-stainless-os,"
        "x-stainless-package-version,x-stainless-retry-count,x-stainless-runtime,"
        "x-stainless-runtime-version,x-stainless-timeout"
    )
    undeclared = preflight("x-something-else")
    foreign = preflight(None, origin="http://foreign.example")
    assert (bearer.status_code, bearer.headers["access-control-allow-origin"]) == (200, ALLOWED)
    assert "Authorization" in bearer.headers["access-control-allow-headers"]
    assert (js_sdk.status_code, js_sdk.headers["access-control-allow-origin"]) == (200, ALLOWED)
    assert (undeclared.status_code, undeclared.text) == (400, "Disallowed CORS headers")
    assert foreign.status_code == 400


def test_openapi_documents_the_openai_endpoints(app):
    spec = httpx.get(f"{app.url}/openapi.json").json()
    assert {"/v1/chat/completions", "/v1/models", "/v1/models/{model_id}"} <= set(spec["paths"])
    post = spec["paths"]["/v1/chat/completions"]["post"]
    assert sorted(post["responses"]) == ["200", "400", "401", "404", "413", "429", "4XX", "503"]
    assert "text/event-stream" in post["responses"]["200"]["content"]
    assert post["security"] == [{"HTTPBearer": []}]
