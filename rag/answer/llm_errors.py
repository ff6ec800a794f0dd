"""The typed LLMError for whatever the openai client (sync or async) or its transport raised."""

from __future__ import annotations

import json
import os

import openai
import pydantic

try:  # openai 3.x transports over httpx2; 1.x and 2.x over httpx (same exception names)
    import httpx2
except ImportError:  # pragma: no cover - depends on the installed openai major version
    import httpx as httpx2

from rag.errors import (
    LLMBadResponseError,
    LLMError,
    LLMRateLimitedError,
    LLMRejectedError,
    LLMUnavailableError,
)


def _retry_after(exc: openai.APIStatusError) -> float | None:
    headers = exc.response.headers
    for name, divisor in (("retry-after-ms", 1000), ("retry-after", 1)):
        value = headers.get(name)
        if value is not None:
            try:
                return max(0.0, float(value) / divisor)
            except ValueError:
                return None
    return None


def _server_message(exc: openai.APIStatusError) -> str:
    body = exc.body
    if isinstance(body, dict):
        body = body.get("error", body)
        if isinstance(body, dict):
            body = body.get("message")
    text = " ".join(str(body or "").split())
    return text[:200]


def _connection_detail(exc: BaseException) -> str:
    """The OS's word for a failed connection ("[Errno 111] Connection refused"), found down the
    chain of causes (the async transport words its own error "All connection attempts failed")."""
    seen, cause = set(), exc
    while cause is not None and id(cause) not in seen:
        seen.add(id(cause))
        if isinstance(cause, OSError) and cause.errno:
            return f"[Errno {cause.errno}] {os.strerror(cause.errno)}"
        cause = cause.__cause__ or cause.__context__
    return str(exc.__cause__ or exc)


def translate(exc: Exception) -> LLMError:
    """The typed error for an exception out of the openai client or its transport."""
    if isinstance(exc, LLMError):
        return exc
    if isinstance(exc, openai.RateLimitError):
        return LLMRateLimitedError(_retry_after(exc), _server_message(exc))
    if isinstance(exc, openai.APIStatusError):
        code = exc.status_code
        if code >= 500:
            return LLMUnavailableError(f"the LLM server failed (HTTP {code})", _server_message(exc))
        hint = {
            401: "check OPENAI_API_KEY",
            403: "check OPENAI_API_KEY",
            404: "check OPENAI_BASE_URL and FIELDGUIDE_LLM_MODEL",
        }.get(code, "")
        return LLMRejectedError(
            f"the LLM server rejected the request (HTTP {code})",
            "; ".join(x for x in (_server_message(exc), hint) if x),
        )
    if isinstance(exc, openai.APITimeoutError | httpx2.TimeoutException):
        return LLMUnavailableError("the LLM server did not respond in time")
    if isinstance(exc, openai.APIConnectionError | httpx2.TransportError):
        return LLMUnavailableError("could not reach the LLM server", _connection_detail(exc)[:200])
    if isinstance(exc, json.JSONDecodeError | pydantic.ValidationError | openai.APIResponseValidationError):
        return LLMBadResponseError("the LLM server sent a malformed response", str(exc)[:200])
    if isinstance(exc, openai.APIError):
        return LLMBadResponseError("the LLM server reported an error", str(exc)[:200])
    return LLMBadResponseError("unexpected failure talking to the LLM server", repr(exc)[:200])
