"""The OpenAI-compatible endpoint (`/v1/chat/completions`, `/v1/models`): the guide as a model named
`field-guide`, so any OpenAI SDK or chat front end can ask it.

The last message is the question and the earlier user/assistant messages its history (system
messages are ignored: the guide answers with its own prompt). The reply is the cited answer with
its numbered sources; the citations also come as a structured `citations` field, and the answer's
metadata as `field_guide`. Errors have OpenAI's shape: `{"error": {"message", "type", "param", "code"}}`.
"""

from __future__ import annotations

import json
import secrets
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import aclosing
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, ConfigDict, Field
from starlette.types import Scope

from rag.answer.pipeline import Answer
from rag.errors import FieldGuideError
from ui.api import (
    SSE_MEDIA_TYPE,
    client_key,
    error_status,
    event_stream,
    final_answer,
    service_of,
    started_answer,
)
from ui.errors import InputRejectedError
from ui.format import history_messages, message_text, sources_markdown
from ui.prometheus import error_kind
from ui.service import ChatService

MODEL_ID = "field-guide"
MODEL_CREATED = 1764460800  # 2025-11-30, the `created` of the one model
# OpenAI's error `type` and `code` by status.
_KINDS = {
    400: ("invalid_request_error", "invalid_request"),
    401: ("invalid_request_error", "invalid_api_key"),
    404: ("invalid_request_error", "not_found"),
    413: ("invalid_request_error", "input_too_long"),
    429: ("rate_limit_error", "rate_limit_exceeded"),
    503: ("server_error", "service_unavailable"),
}
# What the OpenAI SDKs send besides the key: a browser page using the JS SDK
# (`dangerouslyAllowBrowser`) needs these allowed by CORS, or its preflight fails.
SDK_HEADERS = [
    "OpenAI-Organization",
    "OpenAI-Project",
    "X-Stainless-Arch",
    "X-Stainless-Lang",
    "X-Stainless-OS",
    "X-Stainless-Package-Version",
    "X-Stainless-Retry-Count",
    "X-Stainless-Runtime",
    "X-Stainless-Runtime-Version",
    "X-Stainless-Timeout",
    "X-Stainless-Helper-Method",
]
bearer = HTTPBearer(auto_error=False, description="FIELDGUIDE_OPENAI_COMPAT_KEY, when the server sets one.")


class ErrorDetail(BaseModel):
    """OpenAI's error object: what went wrong, its type and code."""

    message: str
    type: str
    param: str | None = None
    code: str | None = None


class OpenAIErrorBody(BaseModel):
    """An error response in OpenAI's shape."""

    error: ErrorDetail


class ChatMessage(BaseModel):
    """One message of the conversation, as OpenAI's SDKs send it."""

    role: str = Field(description="user, assistant, system or developer (system messages are ignored).")
    content: str | list[dict[str, Any]] | None = Field(None, description="Text, or a list of text parts.")


class ChatCompletionRequest(BaseModel):
    """The body of POST /v1/chat/completions; OpenAI's other fields are accepted and ignored."""

    model_config = ConfigDict(extra="allow")  # temperature, max_tokens, ...

    model: str = Field(MODEL_ID, description=f"Always `{MODEL_ID}`.")
    messages: list[ChatMessage] = Field(
        min_length=1, description="The conversation, oldest first; the last message is the question."
    )
    stream: bool = Field(False, description="Stream `chat.completion.chunk` server-sent events.")


def route_path(scope: Scope) -> str:
    """The path below the app's root path (a reverse proxy's prefix)."""
    path, root = scope.get("path", ""), scope.get("root_path", "")
    return path[len(root) :] if root and path.startswith(root) else path


def is_openai_path(scope: Scope) -> bool:
    path = route_path(scope)
    return path == "/v1" or path.startswith("/v1/")


def openai_error(
    message: str, status: int, code: str | None = None, headers: dict[str, str] | None = None
) -> JSONResponse:
    """An error in OpenAI's shape, which the OpenAI SDKs turn into their typed exceptions."""
    fallback = ("server_error" if status >= 500 else "invalid_request_error", None)
    kind, default_code = _KINDS.get(status, fallback)
    detail = ErrorDetail(message=message, type=kind, code=code or default_code)
    return JSONResponse({"error": detail.model_dump()}, status_code=status, headers=headers)


def typed_error(exc: FieldGuideError, service: ChatService) -> JSONResponse:
    service.metrics.observe_error(error_kind(exc))
    status, headers = error_status(exc)
    return openai_error(str(exc), 400 if status == 422 else status, headers=headers)  # OpenAI's 400


def require_key(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]
) -> None:
    """With FIELDGUIDE_OPENAI_COMPAT_KEY set, only `Authorization: Bearer <that key>` gets in."""
    key = service_of(request).settings.openai_compat_key
    if key is None:
        return
    if credentials is None or not secrets.compare_digest(credentials.credentials.encode(), key.encode()):
        raise HTTPException(
            401,
            "Incorrect or missing API key: send `Authorization: Bearer <key>` with the server's "
            "FIELDGUIDE_OPENAI_COMPAT_KEY.",
            headers={"WWW-Authenticate": "Bearer"},
        )


router = APIRouter(prefix="/v1", tags=["openai-compatible"], dependencies=[Depends(require_key)])
ERRORS = {
    status: {"model": OpenAIErrorBody, "description": description}
    for status, description in {
        400: "Invalid request (no user question last, bad JSON)",
        401: "Wrong or missing bearer key (only when the server sets one)",
        404: "Unknown model",
        413: "Question, history or body too long",
        429: "Rate limit reached (see Retry-After)",
        503: "Index not ready, or too busy",
        "4XX": "Any other client error (also in OpenAI's shape; FastAPI's 422 is answered as 400)",
    }.items()
}
MODEL = {"id": MODEL_ID, "object": "model", "created": MODEL_CREATED, "owned_by": "fieldguide-chat"}


def unknown_model(model: str) -> JSONResponse:
    return openai_error(
        f"The model `{model}` does not exist; this server has one model, `{MODEL_ID}`.",
        404,
        "model_not_found",
    )


@router.get("/models", responses=ERRORS)
def list_models():
    """The one model, `field-guide`."""
    return {"object": "list", "data": [MODEL]}


@router.get("/models/{model_id}", responses=ERRORS)
def get_model(model_id: str):
    """The model `field-guide` (any other name: 404)."""
    return MODEL if model_id == MODEL_ID else unknown_model(model_id)


@router.post(
    "/chat/completions",
    responses={
        200: {
            "description": "A `chat.completion` whose message is the answer followed by its numbered "
            "sources, with `citations` (title, section, deep-link url) and `field_guide` (answer_id, "
            "mode, refused, ...) as extra fields; with `stream` an event stream of "
            "`chat.completion.chunk` objects (the last one, with `finish_reason`, carries the extra "
            "fields), then `data: [DONE]`.",
            "content": {SSE_MEDIA_TYPE: {}},
        },
        **ERRORS,
    },
)
async def chat_completions(body: ChatCompletionRequest, request: Request):
    """Answer the last user message from the guide, with the earlier messages as its history."""
    service = service_of(request)
    if body.model != MODEL_ID:
        return unknown_model(body.model)
    try:
        question, history = split_messages(body.messages)
        client = client_key(request)
        events = await started_answer(service, question, history, client=client, channel="openai")
        completion = Completion(f"chatcmpl-{uuid.uuid4().hex}", int(time.time()))
        if body.stream:
            return event_stream(completion.chunks(events))
        return completion.whole(await final_answer(events))
    except FieldGuideError as exc:
        return typed_error(exc, service)


def split_messages(messages: list[ChatMessage]) -> tuple[str, list[dict[str, str]]]:
    """(the question, the history): the last message must be the user's."""
    last = messages[-1]
    if last.role != "user":
        raise InputRejectedError(f'The last message must be the question (role "user"), not "{last.role}".')
    return message_text(last.content), history_messages([m.model_dump() for m in messages[:-1]])


def sources_suffix(answer: Answer) -> str:
    return "\n\n" + sources_markdown(answer.citations) if answer.citations else ""


def extras(answer: Answer) -> dict[str, Any]:
    """The fields OpenAI's objects do not have: the citations and the answer's metadata."""
    return {
        "citations": [c.to_json() for c in answer.citations],
        "field_guide": {
            "answer_id": answer.answer_id,
            "mode": answer.mode,
            "refused": answer.refused,
            "incomplete": answer.incomplete,
            "fallback_reason": answer.fallback_reason,
        },
    }


class Completion:
    """One completion's id and time, as a whole `chat.completion` or as its chunks."""

    def __init__(self, completion_id: str, created: int):
        self.id, self.created = completion_id, created

    def _head(self, kind: str) -> dict[str, Any]:
        return {"id": self.id, "object": kind, "created": self.created, "model": MODEL_ID}

    def whole(self, answer: Answer) -> dict[str, Any]:
        message = {"role": "assistant", "content": answer.answer + sources_suffix(answer)}
        choice = {"index": 0, "message": message, "finish_reason": "stop", "logprobs": None}
        return {**self._head("chat.completion"), "choices": [choice], "usage": answer.usage, **extras(answer)}

    def _chunk(self, delta: dict[str, str], finish: str | None = None, **extra: Any) -> str:
        choice = {"index": 0, "delta": delta, "finish_reason": finish, "logprobs": None}
        body = {**self._head("chat.completion.chunk"), "choices": [choice], **extra}
        return f"data: {json.dumps(body, ensure_ascii=False)}\n\n"

    async def chunks(self, events: AsyncIterator) -> AsyncIterator[str]:
        """Content deltas, then the sources and a last chunk with the extra fields, then [DONE].

        A chunk cannot take back text: when the pipeline corrects what it streamed (rare), only a
        correction that extends it is sent; `field_guide` and a non-streamed call have the exact text.
        """
        shown = ""
        async with aclosing(events):
            try:
                yield self._chunk({"role": "assistant", "content": ""})
                async for event in events:
                    if isinstance(event, Answer):
                        rest = event.answer[len(shown) :] if event.answer.startswith(shown) else ""
                        if rest + sources_suffix(event):
                            yield self._chunk({"content": rest + sources_suffix(event)})
                        yield self._chunk({}, "stop", **extras(event))
                        continue
                    text = event.text
                    if event.replace:
                        if not text.startswith(shown):
                            continue
                        text = text[len(shown) :]
                    shown += text
                    if text:
                        yield self._chunk({"content": text})
            except FieldGuideError as exc:
                status = error_status(exc)[0]
                body = json.loads(openai_error(str(exc), 400 if status == 422 else status).body)
                yield f"data: {json.dumps(body, ensure_ascii=False)}\n\n"
                return
        yield "data: [DONE]\n\n"


@router.api_route("", methods=["GET", "POST", "PUT", "PATCH", "DELETE"], include_in_schema=False)
@router.api_route("/{path:path}", methods=["GET", "POST", "PUT", "PATCH", "DELETE"], include_in_schema=False)
def unknown_v1_route(path: str = ""):
    """Anything else under /v1 gets OpenAI's error shape (the chat's mount would answer it)."""
    return openai_error(f"No endpoint /v1/{path} with this method; see /docs.", 404)
