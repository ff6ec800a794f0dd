"""The web app's Prometheus metrics (ui/prometheus.py) and their middleware."""

import time

import pytest
from fastapi import FastAPI
from fastapi.responses import StreamingResponse
from fastapi.testclient import TestClient
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Mount, Route

from rag.answer.pipeline import Answer
from rag.errors import PromptError
from ui.errors import InputRejectedError, NotReadyError, OverloadedError, RateLimitedError
from ui.prometheus import Metrics, MetricsMiddleware, error_kind, route_template


def answer(**overrides) -> Answer:
    values = {
        "question": "q",
        "query": "q",
        "answer": "a [1]",
        "citations": [],
        "refused": False,
        "mode": "extractive",
        "prompt_id": "extractive",
        "prompt_version": "v1",
        "latency_ms": {"retrieval": 40.0, "first_token": 300.0, "total": 1200.0},
        "prompt_variant": "answer.v1",
        **overrides,
    }
    return Answer(**values)


def sample(metrics: Metrics, name: str, **labels: str) -> float | None:
    return metrics.registry.get_sample_value(name, labels)


def test_answers_are_counted_by_channel_mode_refusal_and_variant():
    metrics = Metrics()
    metrics.observe_answer(answer(), "api")
    metrics.observe_answer(answer(), "api")
    metrics.observe_answer(
        answer(refused=True, latency_ms={"retrieval": 5.0, "first_token": None, "total": 8.0}), "ui"
    )
    body, content_type = metrics.render()
    lines = body.decode().splitlines()
    assert content_type == "text/plain; version=1.0.0; charset=utf-8"
    assert (
        'fieldguide_answers_total{channel="api",mode="extractive",refused="false",variant="answer.v1"} 2.0'
        in lines
    )
    assert (
        'fieldguide_answers_total{channel="ui",mode="extractive",refused="true",variant="answer.v1"} 1.0'
        in lines
    )
    assert 'fieldguide_answer_first_token_seconds_bucket{le="0.25",mode="extractive"} 0.0' in lines
    assert 'fieldguide_answer_first_token_seconds_bucket{le="0.5",mode="extractive"} 2.0' in lines
    assert (
        'fieldguide_answer_first_token_seconds_count{mode="extractive"} 2.0' in lines
    )  # None is not observed
    assert 'fieldguide_answer_duration_seconds_bucket{le="0.01",mode="extractive"} 1.0' in lines
    assert 'fieldguide_answer_duration_seconds_bucket{le="2.5",mode="extractive"} 3.0' in lines
    assert 'fieldguide_retrieval_duration_seconds_bucket{le="0.05"} 3.0' in lines
    assert 'fieldguide_retrieval_duration_seconds_bucket{le="0.01"} 1.0' in lines
    assert sample(metrics, "fieldguide_answer_duration_seconds_sum", mode="extractive") == pytest.approx(
        2.408
    )


def test_tokens_invalid_citations_fallbacks_and_incomplete_by_variant():
    metrics = Metrics()
    llm = {"mode": "llm", "prompt_id": "answer", "prompt_version": "v2", "prompt_variant": "answer.v2"}
    metrics.observe_answer(answer(**llm, usage={"prompt_tokens": 900, "completion_tokens": 120}), "ui")
    metrics.observe_answer(
        answer(**llm, usage={"prompt_tokens": 100, "completion_tokens": None}, invalid_citations_removed=2),
        "ui",
    )
    metrics.observe_answer(answer(**llm, incomplete=True, fallback_reason=None), "api")
    unreachable = answer(fallback_reason="the LLM is unreachable", prompt_variant="answer.v2")
    metrics.observe_answer(unreachable, "api")
    metrics.observe_answer(answer(prompt_variant="", prompt_id="refusal", prompt_version="v1"), "cli")
    assert sample(metrics, "fieldguide_prompt_tokens_total", variant="answer.v2") == 1000.0
    assert sample(metrics, "fieldguide_completion_tokens_total", variant="answer.v2") == 120.0
    assert sample(metrics, "fieldguide_invalid_citations_removed_total", variant="answer.v2") == 2.0
    assert sample(metrics, "fieldguide_answers_incomplete_total", variant="answer.v2") == 1.0
    assert sample(metrics, "fieldguide_answer_fallbacks_total", variant="answer.v2") == 1.0
    assert (
        sample(metrics, "fieldguide_prompt_tokens_total", variant="answer.v1") is None
    )  # no usage: no series
    # no A/B arm recorded: the prompt's own id and version, as in the answer log
    labels = {"channel": "cli", "mode": "extractive", "refused": "false", "variant": "refusal.v1"}
    assert sample(metrics, "fieldguide_answers_total", **labels) == 1.0


def test_errors_every_kind_starts_at_zero_and_unknown_kinds_are_other():
    metrics = Metrics()
    metrics.observe_error("rate_limited")
    metrics.observe_error("rate_limited")
    metrics.observe_error("surprise")
    counts = {
        kind: sample(metrics, "fieldguide_errors_total", kind=kind) for kind in ("rate_limited", "other")
    }
    assert counts == {"rate_limited": 2.0, "other": 1.0}
    assert sample(metrics, "fieldguide_errors_total", kind="not_ready") == 0.0
    assert sample(metrics, "fieldguide_errors_total", kind="surprise") is None


def test_error_kind_of_typed_errors():
    assert error_kind(NotReadyError("no index")) == "not_ready"
    assert error_kind(RateLimitedError(30, 2.0)) == "rate_limited"
    assert error_kind(OverloadedError(40)) == "overloaded"
    assert error_kind(InputRejectedError("too long", 413)) == "input_rejected"
    assert error_kind(PromptError("missing")) == "internal"
    assert error_kind(RuntimeError("bug")) == "internal"


def test_each_metrics_has_its_own_registry():
    first, second = Metrics(), Metrics()
    first.observe_request("get", "/healthz", 200, 0.002)
    first.observe_request("BREW", "/healthz", 200, 0.002)
    labels = {"method": "GET", "route": "/healthz", "status": "200"}
    assert sample(first, "fieldguide_http_requests_total", **labels) == 1.0
    assert sample(first, "fieldguide_http_requests_total", **{**labels, "method": "other"}) == 1.0
    assert sample(second, "fieldguide_http_requests_total", **labels) is None


@pytest.mark.parametrize(
    ("scope", "entry_root_path", "expected"),
    [
        ({"path": "/api/search", "route": Route("/api/search", lambda r: None)}, "", "/api/search"),
        # a route inside a mount: the mount's prefix (added to root_path by routing) + the route
        (
            {"path": "/dashboard/", "root_path": "/dashboard", "route": Route("/", lambda r: None)},
            "",
            "/dashboard/",
        ),
        ({"path": "/dashboard/x/1", "root_path": "/dashboard", "route": None}, "", "/dashboard/*"),
        (
            {"path": "/dashboard/x", "root_path": "/dashboard", "route": Mount("/x", routes=[])},
            "",
            "/dashboard/*",
        ),
        ({"path": "/chat/gradio_api/upload", "root_path": "/chat"}, "/chat", "/gradio_api/*"),
        ({"path": "/chat/wp-login.php", "root_path": "/chat"}, "/chat", "other"),
        ({"path": "/.env"}, "", "other"),
    ],
)
def test_route_template(scope, entry_root_path, expected):
    assert route_template(scope, entry_root_path) == expected


def tiny_app(metrics: Metrics) -> FastAPI:
    app = FastAPI()

    @app.get("/items/{item_id}")
    def item(item_id: int):
        return {"id": item_id}

    @app.get("/stream")
    def stream():
        def body():
            for _ in range(3):
                time.sleep(0.1)
                yield b"x"

        return StreamingResponse(body(), media_type="text/plain")

    @app.get("/boom")
    def boom():
        raise RuntimeError("a bug")

    pages = Starlette(routes=[Route("/page/{n}", lambda request: PlainTextResponse("page"))])
    app.mount("/sub", pages)
    app.add_middleware(MetricsMiddleware, metrics=metrics)
    return app


def test_middleware_counts_route_templates_not_raw_paths():
    metrics = Metrics()
    client = TestClient(tiny_app(metrics), raise_server_exceptions=False)
    statuses = [client.get(path).status_code for path in ("/items/1", "/items/2", "/items/x", "/sub/page/7")]
    statuses += [
        client.get(path).status_code for path in ("/sub/nothing", "/nope/1", "/gradio_api/queue/data")
    ]
    statuses += [client.post("/items/1").status_code, client.get("/boom").status_code]
    assert statuses == [200, 200, 422, 200, 404, 404, 404, 405, 500]
    counts = {
        (s.labels["method"], s.labels["route"], s.labels["status"]): s.value
        for family in metrics.registry.collect()
        if family.name == "fieldguide_http_requests"
        for s in family.samples
        if s.name == "fieldguide_http_requests_total"
    }
    assert counts == {
        ("GET", "/items/{item_id}", "200"): 2.0,
        ("GET", "/items/{item_id}", "422"): 1.0,
        ("GET", "/sub/page/{n}", "200"): 1.0,
        ("GET", "/sub/*", "404"): 1.0,
        ("GET", "other", "404"): 1.0,
        ("GET", "/gradio_api/*", "404"): 1.0,
        ("POST", "/items/{item_id}", "405"): 1.0,  # a partial match: the route, wrong method
        ("GET", "/boom", "500"): 1.0,
    }
    assert sample(metrics, "fieldguide_errors_total", kind="internal") == 1.0


def test_middleware_times_a_stream_to_the_end_of_its_body():
    metrics = Metrics()
    response = TestClient(tiny_app(metrics)).get("/stream")
    assert (response.status_code, response.text) == (200, "xxx")
    labels = {"method": "GET", "route": "/stream"}
    assert sample(metrics, "fieldguide_http_request_duration_seconds_count", **labels) == 1.0
    assert sample(metrics, "fieldguide_http_request_duration_seconds_bucket", **labels, le="0.25") == 0.0
    assert sample(metrics, "fieldguide_http_request_duration_seconds_bucket", **labels, le="+Inf") == 1.0
