"""The JSON API (`/api/...`) and the health endpoints. Every error is `{"error": message}` with a
4xx/5xx status; the answer and search bodies are the CLI's `--json` objects."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import aclosing
from typing import Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, StreamingResponse
from pydantic import BaseModel, Field

from rag.answer.pipeline import Answer
from rag.errors import FieldGuideError, UnknownAnswerError
from rag.records import KINDS
from ui.errors import InputRejectedError, NotReadyError, OverloadedError, RateLimitedError
from ui.prometheus import error_kind
from ui.service import ChatService

router = APIRouter()
SSE_MEDIA_TYPE = "text/event-stream"
OVERLOAD_RETRY_AFTER_S = 2


class HistoryMessage(BaseModel):
    """One earlier chat message."""

    role: Literal["user", "assistant"]
    content: str


class AskRequest(BaseModel):
    """A question, with optional history, for POST /api/ask."""

    question: str = Field(description="The question; at most FIELDGUIDE_MAX_QUESTION_CHARS characters.")
    history: list[HistoryMessage] = Field(
        default_factory=list, description="Earlier messages, oldest first; the question may be a follow-up."
    )
    stream: bool = Field(False, description="Stream server-sent events (also: Accept: text/event-stream).")
    conversation_id: str | None = Field(None, max_length=64, description="Groups answers of one chat.")


class FeedbackRequest(BaseModel):
    """A thumbs up or down (and optional comment) on an answer."""

    answer_id: str = Field(max_length=64)
    rating: Literal["up", "down"]
    comment: str | None = Field(None, max_length=2000)


class ErrorBody(BaseModel):
    """The body of every API error."""

    error: str


ERRORS = {
    413: {"model": ErrorBody, "description": "Question or history too long"},
    422: {"model": ErrorBody, "description": "Invalid input"},
    429: {"model": ErrorBody, "description": "Rate limit reached (see Retry-After)"},
    503: {"model": ErrorBody, "description": "Index not ready, or too busy"},
}


def error_status(exc: FieldGuideError) -> tuple[int, dict[str, str]]:
    """The HTTP status (and headers) a typed error is answered with."""
    if isinstance(exc, InputRejectedError):
        return exc.status, {}
    if isinstance(exc, RateLimitedError):
        return 429, {"Retry-After": str(max(1, round(exc.retry_after)))}
    if isinstance(exc, OverloadedError):
        return 503, {"Retry-After": str(OVERLOAD_RETRY_AFTER_S)}
    if isinstance(exc, NotReadyError):
        return 503, {}
    if isinstance(exc, UnknownAnswerError):
        return 404, {}
    return 500, {}


def error_response(exc: FieldGuideError, service: ChatService | None = None) -> JSONResponse:
    """The error as `{"error": message}` with its status (counted in the metrics when given)."""
    if service is not None:
        service.metrics.observe_error(error_kind(exc))
    status, headers = error_status(exc)
    return JSONResponse({"error": str(exc)}, status_code=status, headers=headers)


def client_key(request: Request) -> str:
    return f"ip:{request.client.host}" if request.client else "api:unknown"


def service_of(request: Request) -> ChatService:
    return request.app.state.service


def sse(event: str, data: dict) -> str:
    return f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


async def sse_events(events: AsyncIterator) -> AsyncIterator[str]:
    """`delta` events ({"text", "replace"}), then one `answer` event (the --json object), or one
    `error` event ({"error", "status"}) if the answer fails midway."""
    async with aclosing(events):
        try:
            async for event in events:
                if isinstance(event, Answer):
                    yield sse("answer", event.to_json())
                else:
                    yield sse("delta", {"text": event.text, "replace": event.replace})
        except FieldGuideError as exc:
            yield sse("error", {"error": str(exc), "status": error_status(exc)[0]})


@router.post(
    "/api/ask",
    tags=["chat"],
    responses={
        200: {
            "description": "The answer object (as `fieldguide ask --json`), or with `stream` an event "
            "stream: `delta` events, then one `answer` event with the citations and metadata.",
            "content": {SSE_MEDIA_TYPE: {}},
        },
        **ERRORS,
    },
)
async def ask(body: AskRequest, request: Request):
    """Answer a question from the guide with numbered, checked citations."""
    service = service_of(request)
    streaming = body.stream or SSE_MEDIA_TYPE in request.headers.get("accept", "")
    history = [m.model_dump() for m in body.history]
    try:
        events = await started_answer(
            service,
            body.question,
            history,
            client=client_key(request),
            channel="api",
            conversation_id=body.conversation_id,
        )
        if streaming:
            return event_stream(sse_events(events))
        return (await final_answer(events)).to_json()
    except FieldGuideError as exc:
        return error_response(exc, service)


async def started_answer(
    service: ChatService,
    question: object,
    history: object,
    *,
    client: str,
    channel: str,
    conversation_id: str | None = None,
) -> AsyncIterator:
    """Checks, admission and the first event: all the answer's events.

    Typed errors (input, rate, readiness, overload, index) are raised here. The first event comes
    after retrieval (and, with an LLM, its first token), so index errors still get their own status
    code rather than an error event in a stream.
    """
    events = service.ask(question, history, client=client, channel=channel, conversation_id=conversation_id)
    try:
        first = await anext(events)
    except BaseException:
        await events.aclose()
        raise
    return _resumed(first, events)


async def _resumed(first, events: AsyncIterator) -> AsyncIterator:
    async with aclosing(events):
        yield first
        async for event in events:
            yield event


def event_stream(lines: AsyncIterator[str]) -> StreamingResponse:
    """Server-sent events, unbuffered by proxies."""
    return StreamingResponse(
        lines, media_type=SSE_MEDIA_TYPE, headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
    )


async def final_answer(events: AsyncIterator) -> Answer:
    """Runs the answer to its end (typed errors propagate)."""
    async with aclosing(events):
        async for event in events:
            if isinstance(event, Answer):
                return event
    raise AssertionError("an answer stream ended without an Answer")


@router.get("/api/search", tags=["search"], responses=ERRORS)
def search(
    request: Request,
    q: str = Query(description="What to search for."),
    k: int = Query(5, ge=1, le=50, description="Number of hits."),
    kind: Literal[KINDS] | None = Query(None, description="Only pages, postings or companies."),  # type: ignore[valid-type]
):
    """Hybrid search over the guide: hits with title, section, deep-link URL, score and text."""
    service = service_of(request)
    try:
        service.rate_limiter.check(client_key(request))
        hits = service.search(q, k, kind)
    except FieldGuideError as exc:
        return error_response(exc, service)
    return [h.to_json() for h in hits]


@router.post("/api/feedback", tags=["chat"], responses={404: {"model": ErrorBody}, **ERRORS})
def feedback(body: FeedbackRequest, request: Request):
    """Thumbs up or down (and an optional comment) on an answer, by its `answer_id`."""
    service = service_of(request)
    try:
        service.feedback(body.answer_id, body.rating, body.comment)
    except FieldGuideError as exc:
        return error_response(exc, service)
    return {"answer_id": body.answer_id, "rating": body.rating, "comment": body.comment}


@router.get("/healthz", tags=["health"])
async def healthz():
    """Liveness: the process is up."""
    return {"status": "ok"}


@router.get("/readyz", tags=["health"], responses={503: {"description": "Not ready; `reason` says why"}})
def readyz(request: Request):
    """Readiness: whether the index is loaded (with its manifest summary) and the answer mode."""
    body = service_of(request).readiness()
    return JSONResponse(body, status_code=200 if body["ready"] else 503)


@router.api_route(
    "/api/{path:path}", methods=["GET", "POST", "PUT", "PATCH", "DELETE"], include_in_schema=False
)
def unknown_api_route(path: str):
    """Anything else under /api gets the API's error shape (the chat's mount would answer it)."""
    return JSONResponse(
        {"error": f"No API endpoint /api/{path} with this method; see /docs."}, status_code=404
    )
