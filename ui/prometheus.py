"""Prometheus metrics for the web app: HTTP requests, answers, latencies, tokens and errors.

Each `Metrics()` has its own registry, so several apps built in one process (the tests) keep
separate series. `MetricsMiddleware` records every HTTP request under its route template, never
the raw path, so the number of series stays bounded whatever URLs clients send.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest
from starlette.routing import Mount
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ui.errors import InputRejectedError, NotReadyError, OverloadedError, RateLimitedError

if TYPE_CHECKING:
    from rag.answer.pipeline import Answer

# Seconds: 10 ms (a cached search) to 60 s (the LLM deadline).
LATENCY_BUCKETS_S = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 20.0, 30.0, 60.0)
HTTP_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
ERROR_KINDS = ("not_ready", "rate_limited", "overloaded", "input_rejected", "internal", "other")
GRADIO_API = "/gradio_api/"


def error_kind(exc: BaseException) -> str:
    """The `kind` label of an error the app answers with."""
    if isinstance(exc, NotReadyError):
        return "not_ready"
    if isinstance(exc, RateLimitedError):
        return "rate_limited"
    if isinstance(exc, OverloadedError):
        return "overloaded"
    if isinstance(exc, InputRejectedError):
        return "input_rejected"
    return "internal"


def route_template(scope: Scope, entry_root_path: str = "") -> str:
    """The route that served the request, e.g. "/api/search" or "/dashboard/gradio_api/queue/join".

    Read after the app has run: routing leaves the matched route in scope["route"] and each mount
    appends its prefix to scope["root_path"] (`entry_root_path` is the root path before routing).
    Unmatched requests fall into "<mount>/*", "/gradio_api/*" or "other".
    """
    root_path = scope.get("root_path", "")
    prefix = root_path[len(entry_root_path) :] if root_path.startswith(entry_root_path) else ""
    route = scope.get("route")
    path = getattr(route, "path", None)
    if isinstance(path, str) and path and not isinstance(route, Mount):
        return prefix + path
    if prefix:
        return prefix + "/*"
    raw = scope["path"]
    relative = raw[len(root_path) :] if root_path and raw.startswith(root_path) else raw
    if relative.startswith(GRADIO_API):
        return GRADIO_API + "*"
    return "other"


def _seconds(ms: float | None) -> float | None:
    return None if ms is None else ms / 1000


class Metrics:
    """The app's Prometheus metrics, in a registry of their own."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        self.requests = Counter(
            "fieldguide_http_requests",
            "HTTP requests by method, route template and status code.",
            ("method", "route", "status"),
            registry=r,
        )
        self.request_seconds = Histogram(
            "fieldguide_http_request_duration_seconds",
            "HTTP request duration, to the end of the response body.",
            ("method", "route"),
            buckets=LATENCY_BUCKETS_S,
            registry=r,
        )
        self.answers = Counter(
            "fieldguide_answers",
            "Answers given, by channel, mode, refusal and A/B prompt variant.",
            ("channel", "mode", "refused", "variant"),
            registry=r,
        )
        self.first_token_seconds = Histogram(
            "fieldguide_answer_first_token_seconds",
            "Time from the question to the first answer text.",
            ("mode",),
            buckets=LATENCY_BUCKETS_S,
            registry=r,
        )
        self.answer_seconds = Histogram(
            "fieldguide_answer_duration_seconds",
            "Time from the question to the complete answer.",
            ("mode",),
            buckets=LATENCY_BUCKETS_S,
            registry=r,
        )
        self.retrieval_seconds = Histogram(
            "fieldguide_retrieval_duration_seconds",
            "Retrieval and relevance-scoring time per answer.",
            buckets=LATENCY_BUCKETS_S,
            registry=r,
        )

        def per_variant(name: str, documentation: str) -> Counter:
            return Counter(name, documentation, ("variant",), registry=r)

        self.prompt_tokens = per_variant("fieldguide_prompt_tokens", "LLM prompt tokens, by prompt variant.")
        self.completion_tokens = per_variant(
            "fieldguide_completion_tokens", "LLM completion tokens, by prompt variant."
        )
        self.invalid_citations = per_variant(
            "fieldguide_invalid_citations_removed",
            "Citations removed because they named no source given to the model.",
        )
        self.fallbacks = per_variant(
            "fieldguide_answer_fallbacks",
            "Answers that fell back to quoting the guide because the LLM failed.",
        )
        self.incomplete = per_variant(
            "fieldguide_answers_incomplete", "Answers cut short by an LLM that stalled midway."
        )
        self.errors = Counter(
            "fieldguide_errors", "Requests answered with an error, by kind.", ("kind",), registry=r
        )
        for kind in ERROR_KINDS:  # every kind shows from the start, at 0
            self.errors.labels(kind)

    def observe_request(self, method: str, route_template: str, status: int, seconds: float) -> None:
        method = method.upper() if method.upper() in HTTP_METHODS else "other"
        self.requests.labels(method, route_template, str(status)).inc()
        self.request_seconds.labels(method, route_template).observe(seconds)

    def observe_answer(self, answer: Answer, channel: str) -> None:
        # The same arm label as the answer log's prompt_variant column.
        variant = answer.prompt_variant or f"{answer.prompt_id}.{answer.prompt_version}"
        mode = answer.mode
        self.answers.labels(channel, mode, str(answer.refused).lower(), variant).inc()
        latency = answer.latency_ms or {}
        for histogram, labels, key in (
            (self.first_token_seconds, (mode,), "first_token"),
            (self.answer_seconds, (mode,), "total"),
            (self.retrieval_seconds, (), "retrieval"),
        ):
            seconds = _seconds(latency.get(key))
            if seconds is not None:
                (histogram.labels(*labels) if labels else histogram).observe(seconds)
        usage = answer.usage or {}
        if usage:
            self.prompt_tokens.labels(variant).inc(usage.get("prompt_tokens") or 0)
            self.completion_tokens.labels(variant).inc(usage.get("completion_tokens") or 0)
        if answer.invalid_citations_removed:
            self.invalid_citations.labels(variant).inc(answer.invalid_citations_removed)
        if answer.fallback_reason:
            self.fallbacks.labels(variant).inc()
        if answer.incomplete:
            self.incomplete.labels(variant).inc()

    def observe_error(self, kind: str) -> None:
        self.errors.labels(kind if kind in ERROR_KINDS else "other").inc()

    def render(self) -> tuple[bytes, str]:
        """The exposition body and its content type, for a /metrics endpoint."""
        return generate_latest(self.registry), CONTENT_TYPE_LATEST


class MetricsMiddleware:
    """Pure ASGI: times each HTTP request to the end of its body (streams included) and records it
    under its route template; an exception escaping the app counts as a 500 and an internal error."""

    def __init__(self, app: ASGIApp, metrics: Metrics):
        self.app, self.metrics = app, metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        start = time.perf_counter()
        entry_root_path = scope.get("root_path", "")
        status: int | None = None

        async def send_with_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_with_status)
        except Exception:
            self.metrics.observe_error("internal")
            raise
        finally:
            seconds = time.perf_counter() - start
            route = route_template(scope, entry_root_path)
            self.metrics.observe_request(scope["method"], route, status or 500, seconds)
