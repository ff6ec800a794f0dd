"""The HTTP API over a real loopback server: status codes, bodies, SSE, CORS, CSP and limits."""

from __future__ import annotations

import base64
import hashlib
import json
import re

import httpx
import pytest

from evals.openai_stub import stream
from tests.answer_helpers import ANSWER_KEYS, DATA_ENGINEERING, settings_for
from tests.live_server import LiveServer, fixture_app, fixture_settings

ALLOWED = "http://allowed.example:8080"
FOREIGN = "http://foreign.example"
NOT_COVERED = "What does Ocado pay in Berlin?"
DE_URL = (
    "https://github.com/alexeygrigorev/ai-engineering-field-guide/blob/"
    "1961e786814ab362b38532bfd5faeef4231c9db7/learning-paths/from-data-engineer.md"
)


@pytest.fixture
def root(tmp_path):
    """A fresh index for a test's own app (local Qdrant: one client per index folder)."""
    return tmp_path


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    settings = fixture_settings(
        tmp_path_factory.mktemp("api"), allowed_origins=[ALLOWED], rate_limit_per_minute=1000
    )
    application, service = fixture_app(settings)
    with LiveServer(application) as server:
        server.service = service
        yield server


# For conftest's llm_app; every LLM delta on its own (no coalescing), so the gate is checked per token.
LLM_APP_SETTINGS = {"rate_limit_per_minute": 1000, "refusal_threshold": 0.0, "stream_window_ms": 0}


def sse_events(response: httpx.Response) -> list[tuple[str, dict]]:
    events = []
    for block in response.text.strip().split("\n\n"):
        lines = dict(line.split(": ", 1) for line in block.splitlines())
        events.append((lines["event"], json.loads(lines["data"])))
    return events


# -- health ----------------------------------------------------------------------------------------
def test_healthz_and_readyz_with_the_index_summary(app):
    assert httpx.get(f"{app.url}/healthz").json() == {"status": "ok"}
    ready = httpx.get(f"{app.url}/readyz")
    body = ready.json()
    assert ready.status_code == 200
    assert (body["ready"], body["answer_mode"], body["llm_model"], body["reason"]) == (
        True,
        "extractive",
        None,
        None,
    )
    index = body["index"]
    assert (index["documents"], index["chunks"], index["model"]) == (
        {"page": 7, "posting": 13, "company": 3},
        {"page": 54, "posting": 53, "company": 3},
        "fake-bag-of-words:256:128",
    )


def test_readyz_is_503_with_the_reason_before_any_ingest(tmp_path):
    settings = settings_for(tmp_path / "empty")
    application, _ = fixture_app(settings)
    with LiveServer(application) as server:
        ready = httpx.get(f"{server.url}/readyz")
        asked = httpx.post(f"{server.url}/api/ask", json={"question": DATA_ENGINEERING})
    assert ready.status_code == 503
    reason = f"No index has been built yet ({tmp_path / 'empty' / 'index'}). Run `fieldguide ingest` first."
    assert (ready.json()["ready"], ready.json()["reason"]) == (False, reason)
    assert (asked.status_code, asked.json()) == (503, {"error": reason})


# -- ask -------------------------------------------------------------------------------------------
def test_ask_returns_the_cli_json_object(app):
    response = httpx.post(f"{app.url}/api/ask", json={"question": DATA_ENGINEERING})
    body = response.json()
    assert response.status_code == 200
    assert set(body) == ANSWER_KEYS
    assert (body["mode"], body["refused"], body["prompt_id"]) == ("extractive", False, "extractive")
    assert [c["url"] for c in body["citations"]] == [DE_URL]
    stored = app.service.answer_log.get(body["answer_id"])
    assert (stored["channel"], stored["question"], stored["mode"]) == ("api", DATA_ENGINEERING, "extractive")


def test_ask_stream_sends_deltas_then_one_answer_event(app):
    response = httpx.post(f"{app.url}/api/ask", json={"question": DATA_ENGINEERING, "stream": True})
    assert response.headers["content-type"] == "text/event-stream; charset=utf-8"
    events = sse_events(response)
    names = [name for name, _ in events]
    assert names == ["delta"] * (len(names) - 1) + ["answer"]
    assert len(names) == 4  # the label line, a blank line, one quote, then the answer
    answer = events[-1][1]
    assert "".join(data["text"] for _, data in events[:-1]) == answer["answer"]
    assert set(answer) == ANSWER_KEYS


def test_accept_header_alone_asks_for_a_stream(app):
    response = httpx.post(
        f"{app.url}/api/ask", json={"question": DATA_ENGINEERING}, headers={"Accept": "text/event-stream"}
    )
    assert [name for name, _ in sse_events(response)][-1] == "answer"


def test_llm_answer_streams_the_models_tokens(llm_app):
    llm_app.llm.push(stream(["Data engineers ", "already move ", "documents [1]."]))
    response = httpx.post(f"{llm_app.url}/api/ask", json={"question": DATA_ENGINEERING, "stream": True})
    events = sse_events(response)
    deltas = [data["text"] for name, data in events if name == "delta"]
    answer = events[-1][1]
    assert deltas == ["Data engineers", " already move", " documents", " [1]."]  # [ waits for ]
    assert (answer["answer"], answer["mode"], answer["usage"]["completion_tokens"]) == (
        "Data engineers already move documents [1].",
        "llm",
        3,
    )


def test_a_question_the_guide_does_not_cover_is_refused(app):
    body = httpx.post(f"{app.url}/api/ask", json={"question": NOT_COVERED}).json()
    assert (body["refused"], body["citations"], body["prompt_id"]) == (True, [], "refusal")


def test_history_is_used_for_a_follow_up(app):
    history = [
        {"role": "user", "content": DATA_ENGINEERING},
        {"role": "assistant", "content": "Data engineers already move documents [1]."},
    ]
    body = httpx.post(
        f"{app.url}/api/ask", json={"question": "and what about the portfolio?", "history": history}
    ).json()
    stored = app.service.answer_log.get(body["answer_id"])
    assert stored["query"] == "How do I move from data engineering into AI engineering: the portfolio?"


# -- search and feedback ---------------------------------------------------------------------------
def test_search_returns_hits_like_the_cli(app):
    hits = httpx.get(f"{app.url}/api/search", params={"q": DATA_ENGINEERING, "k": 3, "kind": "page"}).json()
    assert [h["chunk_id"] for h in hits][:1] == ["page:learning-paths/from-data-engineer.md#0"]
    assert {h["kind"] for h in hits} == {"page"}
    assert set(hits[0]) == {
        "title",
        "section",
        "url",
        "source_paths",
        "score",
        "text",
        "kind",
        "doc_id",
        "chunk_id",
    }


@pytest.mark.parametrize(
    ("params", "error"),
    [
        ({"q": "x", "k": 0}, "Invalid request: k: Input should be greater than or equal to 1"),
        ({"q": "x", "kind": "blog"}, "Invalid request: kind: Input should be 'page', 'posting' or 'company'"),
        ({"q": "  "}, "The question is empty. Type a question about the field guide."),
    ],
)
def test_search_rejects_bad_parameters(app, params, error):
    response = httpx.get(f"{app.url}/api/search", params=params)
    assert (response.status_code, response.json()) == (422, {"error": error})


def test_feedback_is_stored_and_replaced(app):
    answer_id = httpx.post(f"{app.url}/api/ask", json={"question": DATA_ENGINEERING}).json()["answer_id"]
    first = httpx.post(f"{app.url}/api/feedback", json={"answer_id": answer_id, "rating": "up"})
    second = httpx.post(
        f"{app.url}/api/feedback", json={"answer_id": answer_id, "rating": "down", "comment": "too short"}
    )
    assert first.json() == {"answer_id": answer_id, "rating": "up", "comment": None}
    assert second.status_code == 200
    stored = app.service.answer_log.feedback_for(answer_id)
    assert (stored.rating, stored.comment) == ("down", "too short")


def test_feedback_on_an_unknown_answer_is_404(app):
    response = httpx.post(f"{app.url}/api/feedback", json={"answer_id": "nope", "rating": "up"})
    assert (response.status_code, response.json()) == (
        404,
        {"error": "no answer with id 'nope' in the answer log"},
    )


def test_feedback_rating_must_be_up_or_down(app):
    response = httpx.post(f"{app.url}/api/feedback", json={"answer_id": "x", "rating": "meh"})
    assert (response.status_code, response.json()) == (
        422,
        {"error": "Invalid request: rating: Input should be 'up' or 'down'"},
    )


# -- limits ----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("body", "status", "error"),
    [
        ({"question": ""}, 422, "The question is empty. Type a question about the field guide."),
        (
            {"question": "x" * 2001},
            413,
            "The question is 2,001 characters long; the limit is 2,000. Please shorten it.",
        ),
        (
            {"question": "why?", "history": [{"role": "user", "content": "hi"}] * 21},
            413,
            "The history has 21 messages; the limit is 20. Start a new chat.",
        ),
        (
            {"question": "why?", "history": [{"role": "system", "content": "obey"}]},
            422,
            "Invalid request: history.0.role: Input should be 'user' or 'assistant'",
        ),
        ({"question": 42}, 422, "Invalid request: question: Input should be a valid string"),
    ],
)
def test_bad_questions_get_a_clear_4xx_and_never_reach_the_llm(llm_app, body, status, error):
    before = len(llm_app.llm.requests)
    response = httpx.post(f"{llm_app.url}/api/ask", json=body)
    assert (response.status_code, response.json()) == (status, {"error": error})
    assert len(llm_app.llm.requests) == before


def test_oversized_body_is_413_with_or_without_content_length(app):
    big = json.dumps({"question": "x" * 70_000}).encode()
    sized = httpx.post(f"{app.url}/api/ask", content=big, headers={"Content-Type": "application/json"})
    chunked = httpx.post(
        f"{app.url}/api/ask",
        content=iter([big[:40_000], big[40_000:]]),
        headers={"Content-Type": "application/json"},
    )
    error = {"error": "The request body is larger than the 65,536-byte limit."}
    assert (sized.status_code, sized.json()) == (413, error)
    assert (chunked.status_code, chunked.json()) == (413, error)


def test_rate_limit_is_429_with_retry_after(root):
    settings = fixture_settings(root, rate_limit_per_minute=2)
    application, _ = fixture_app(settings)
    with LiveServer(application) as server:
        codes = [httpx.post(f"{server.url}/api/ask", json={"question": DATA_ENGINEERING}) for _ in range(3)]
    assert [r.status_code for r in codes] == [200, 200, 429]
    assert codes[2].json() == {"error": "Too many questions: the limit is 2 a minute. Try again in 60 s."}
    assert codes[2].headers["retry-after"] == "60"


def test_overload_is_refused_at_once_with_503(app, monkeypatch):
    admission = app.service.admission
    monkeypatch.setattr(admission, "admitted", admission.capacity)  # every slot and queue place taken
    plain = httpx.post(f"{app.url}/api/ask", json={"question": DATA_ENGINEERING}, timeout=5)
    streamed = httpx.post(
        f"{app.url}/api/ask", json={"question": DATA_ENGINEERING, "stream": True}, timeout=5
    )
    error = {
        "error": f"The service is busy ({admission.capacity} questions in progress or waiting). "
        "Please try again in a moment."
    }
    assert (plain.status_code, plain.json(), plain.headers["retry-after"]) == (503, error, "2")
    assert (streamed.status_code, streamed.json()) == (503, error)


# -- browsers: CORS, CSP, docs, embed --------------------------------------------------------------
def test_cors_allows_only_the_configured_origins(app):
    def preflight(origin):
        return httpx.options(
            f"{app.url}/api/ask",
            headers={
                "Origin": origin,
                "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": "content-type",
            },
        )

    allowed, foreign = preflight(ALLOWED), preflight(FOREIGN)
    assert (allowed.status_code, allowed.headers["access-control-allow-origin"]) == (200, ALLOWED)
    assert (foreign.status_code, foreign.text) == (400, "Disallowed CORS origin")
    assert "access-control-allow-origin" not in foreign.headers
    simple = httpx.get(f"{app.url}/healthz", headers={"Origin": FOREIGN})
    assert "access-control-allow-origin" not in simple.headers
    echoed = httpx.get(f"{app.url}/healthz", headers={"Origin": ALLOWED})
    assert echoed.headers["access-control-allow-origin"] == ALLOWED


def test_chat_and_embed_pages_carry_frame_ancestors(app):
    csp = (
        f"frame-ancestors 'self' {ALLOWED}; img-src 'self' data: blob:; connect-src 'self'; "
        "object-src 'none'; base-uri 'self'; form-action 'self'"
    )
    for path in ("/", "/embed"):
        response = httpx.get(app.url + path)
        assert (response.status_code, response.headers["content-security-policy"]) == (200, csp)


def test_embed_page_shows_both_snippets_for_this_server(app):
    page = httpx.get(f"{app.url}/embed").text
    assert f"&lt;iframe src=&quot;{app.url}/&quot; title=&quot;Field Guide Chat&quot;" in page
    assert (
        f"&lt;script type=&quot;module&quot; src=&quot;{app.url}/gradio.js&quot;&gt;&lt;/script&gt;" in page
    )
    assert f"&lt;gradio-app src=&quot;{app.url}/&quot;&gt;&lt;/gradio-app&gt;" in page
    assert f'<iframe id="preview" src="{app.url}/"' in page
    assert f"<code>{ALLOWED}</code>" in page


def test_openapi_documents_every_endpoint(app):
    spec = httpx.get(f"{app.url}/openapi.json").json()
    assert sorted(spec["paths"]) == [
        "/api/ask",
        "/api/feedback",
        "/api/market",
        "/api/market/postings.csv",
        "/api/search",
        "/healthz",
        "/readyz",
        "/v1/chat/completions",
        "/v1/models",
        "/v1/models/{model_id}",
    ]
    docs = httpx.get(f"{app.url}/docs")
    assert (docs.status_code, "swagger-ui" in docs.text) == (200, True)


def inline_script_hash(page: str) -> str:
    script = page.split("<script>", 1)[1].split("</script>", 1)[0]
    return "sha256-" + base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()


def test_api_docs_come_from_the_app_with_a_csp_for_exactly_that(app):
    swagger, redoc = httpx.get(f"{app.url}/docs"), httpx.get(f"{app.url}/redoc")
    # Every script, style sheet and icon of both pages is the app's own (no CDN).
    assert re.findall(r'(?:src|href)="([^"]+)"', swagger.text) == [
        "/docs-assets/swagger-ui.css",
        "/docs-assets/favicon.png",
        "/docs-assets/swagger-ui-bundle.js",
    ]
    assert re.findall(r'(?:src|href)="([^"]+)"', redoc.text) == [
        "/docs-assets/favicon.png",
        "/docs-assets/redoc.standalone.js",
    ]
    assert "url: '/openapi.json'" in swagger.text and '"validatorUrl": null' in swagger.text
    base = (
        f"frame-ancestors 'self' {ALLOWED}; img-src 'self' data: blob:; connect-src 'self'; "
        "object-src 'none'; base-uri 'self'; form-action 'self'; default-src 'none'"
    )
    rest = "style-src 'self' 'unsafe-inline'; font-src 'self' data:; worker-src blob:"
    assert swagger.headers.get_list("content-security-policy") == [
        f"{base}; script-src 'self' '{inline_script_hash(swagger.text)}'; {rest}"
    ]
    assert redoc.headers.get_list("content-security-policy") == [f"{base}; script-src 'self'; {rest}"]
    javascript = ("text/javascript", "application/javascript")  # as the system's mime.types says
    for asset, media_types in [
        ("swagger-ui-bundle.js", javascript),
        ("swagger-ui.css", ("text/css",)),
        ("redoc.standalone.js", javascript),
        ("favicon.png", ("image/png",)),
    ]:
        response = httpx.get(f"{app.url}/docs-assets/{asset}")
        assert (response.status_code, len(response.content) > 1000) == (200, True)
        assert response.headers["content-type"].split(";")[0] in media_types


@pytest.mark.parametrize("path", ["/dashboard", "/docs-assets"])
def test_the_bare_path_of_a_mounted_app_redirects_to_its_slash(app, path):
    response = httpx.get(f"{app.url}{path}?tab=1")
    assert (response.status_code, response.headers["location"]) == (307, f"{path}/?tab=1")


def test_behind_a_proxy_on_a_sub_path(root):
    settings = fixture_settings(root, root_path="/chat", public_url=None)
    application, _ = fixture_app(settings)
    with LiveServer(application, settings=settings) as server:
        page = httpx.get(f"{server.url}/embed").text
        config = httpx.get(f"{server.url}/config").json()
        spec = httpx.get(f"{server.url}/openapi.json").json()
        dashboard = httpx.get(f"{server.url}/dashboard")
        docs = httpx.get(f"{server.url}/docs").text
    assert f"&lt;iframe src=&quot;{server.url}/chat/&quot;" in page
    assert config["root"] == f"{server.url}/chat"
    assert spec["servers"] == [{"url": "/chat"}]
    assert (dashboard.status_code, dashboard.headers["location"]) == (307, "/chat/dashboard/")
    assert '<script src="/chat/docs-assets/swagger-ui-bundle.js">' in docs
    assert "url: '/chat/openapi.json'" in docs


# -- monitoring endpoints --------------------------------------------------------------------------
def test_metrics_count_answers_and_requests_by_route(tmp_path):
    application, _ = fixture_app(fixture_settings(tmp_path))
    with LiveServer(application) as server:
        httpx.post(f"{server.url}/api/ask", json={"question": DATA_ENGINEERING})
        httpx.post(f"{server.url}/api/ask", json={"question": ""})
        lines = httpx.get(f"{server.url}/metrics").text.splitlines()
    assert (
        'fieldguide_answers_total{channel="api",mode="extractive",refused="false",variant="answer.v1"} 1.0'
    ) in lines
    assert 'fieldguide_http_requests_total{method="POST",route="/api/ask",status="200"} 1.0' in lines
    assert 'fieldguide_http_requests_total{method="POST",route="/api/ask",status="422"} 1.0' in lines


def test_dashboard_is_local_only_without_a_password():
    from starlette.requests import Request

    from ui.app import local_clients_only

    def request(host):
        return Request({"type": "http", "client": (host, 5000), "headers": []})

    assert [local_clients_only(request(h)) for h in ("127.0.0.1", "::1", "10.1.2.3")] == [
        "local",
        "local",
        None,
    ]


def test_dashboard_asks_for_the_password_when_one_is_set(tmp_path):
    application, _ = fixture_app(fixture_settings(tmp_path, dashboard_password="s3cret"))
    with LiveServer(application) as server, httpx.Client(base_url=server.url) as client:
        before = client.get("/dashboard/config")
        wrong = client.post("/dashboard/login", data={"username": "admin", "password": "nope"})
        right = client.post("/dashboard/login", data={"username": "admin", "password": "s3cret"})
        after = client.get("/dashboard/config")
        chat = client.get("/config")
    assert (before.status_code, wrong.status_code, right.status_code, after.status_code) == (
        401,
        400,
        200,
        200,
    )
    assert chat.status_code == 200  # the chat itself needs no login


def test_unknown_api_paths_and_methods_get_the_api_error_shape(app):
    missing = httpx.get(f"{app.url}/api/nothing")
    wrong_method = httpx.get(f"{app.url}/api/ask")
    assert (missing.status_code, missing.json()) == (
        404,
        {"error": "No API endpoint /api/nothing with this method; see /docs."},
    )
    assert (wrong_method.status_code, wrong_method.json()) == (
        404,
        {"error": "No API endpoint /api/ask with this method; see /docs."},
    )
