"""OpenAI-compatible chat client (OpenAI, Ollama, vLLM, llama.cpp server, LM Studio).

Reliability is decided here, in one place:
- connect timeout of a few seconds; a total deadline per answer shared by every call;
- at most one retry (429, 5xx, connection errors), only before any token arrived, and only when
  the wait fits the deadline and `llm_max_retry_wait_s` (the SDK's own retry is off because it
  would honour a Retry-After of up to two minutes);
- a stall watchdog on streams: the socket read timeout is the stall timeout, so a stream that
  stops sending for N seconds ends, and content-free events do not reset the clock;
- max_tokens capped; usage and finish reason reported.
Every failure is a typed LLMError; nothing here prints.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from typing import TypeVar

import openai

from rag.answer.llm_errors import httpx2, translate
from rag.config import Settings
from rag.errors import (
    LLMBadResponseError,
    LLMDeadlineError,
    LLMError,
    LLMNoToolCallError,
    LLMRateLimitedError,
    LLMStalledError,
    LLMUnavailableError,
)

T = TypeVar("T")
_MIN_WAIT = 0.5  # backoff before the retry when the server names no Retry-After


class Deadline:
    """A total time budget; `remaining()` never goes below zero."""

    def __init__(self, seconds: float, clock: Callable[[], float] = time.monotonic):
        self.seconds = seconds
        self._clock = clock
        self.start = clock()

    def elapsed(self) -> float:
        return self._clock() - self.start

    def remaining(self) -> float:
        return max(0.0, self.seconds - self.elapsed())

    def check(self) -> None:
        if self.remaining() <= 0:
            raise LLMDeadlineError(self.seconds)


@dataclass(frozen=True)
class Usage:
    """Token counts an LLM reported for one call (or the sum of several)."""

    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    total_tokens: int | None = None

    def __add__(self, other: Usage | None) -> Usage:
        if other is None:
            return self

        def plus(a: int | None, b: int | None) -> int | None:
            return None if a is None and b is None else (a or 0) + (b or 0)

        return Usage(
            *(
                plus(getattr(self, f), getattr(other, f))
                for f in ("prompt_tokens", "completion_tokens", "total_tokens")
            )
        )

    def to_json(self) -> dict:
        return {
            "prompt_tokens": self.prompt_tokens,
            "completion_tokens": self.completion_tokens,
            "total_tokens": self.total_tokens,
        }


@dataclass(frozen=True)
class Completion:
    """A whole (non-streamed) LLM reply."""

    text: str
    finish_reason: str | None
    usage: Usage | None


@dataclass(frozen=True)
class Delta:
    """A piece of streamed LLM text."""

    text: str


@dataclass(frozen=True)
class StreamEnd:
    """The end of an LLM stream: why it finished and the tokens used."""

    finish_reason: str | None
    usage: Usage | None


USAGE_FIELDS = ("prompt_tokens", "completion_tokens", "total_tokens")


def _usage(raw) -> Usage | None:
    if raw is None:
        return None
    return Usage(*(getattr(raw, name, None) for name in USAGE_FIELDS))


class LLMClient:
    """The OpenAI-compatible chat client; connect, stall and deadline timeouts become typed errors."""

    def __init__(
        self,
        client: openai.OpenAI,
        model: str,
        max_tokens: int = 600,
        connect_timeout_s: float = 3.0,
        stall_timeout_s: float = 20.0,
        deadline_s: float = 60.0,
        max_retries: int = 1,
        max_retry_wait_s: float = 5.0,
        temperature: float = 0.1,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.client = client
        self.model = model
        self.max_tokens = max_tokens
        self.connect_timeout_s = connect_timeout_s
        self.stall_timeout_s = stall_timeout_s
        self.deadline_s = deadline_s
        self.max_retries = min(max_retries, 1)
        self.max_retry_wait_s = max_retry_wait_s
        self.temperature = temperature
        self._sleep = sleep

    @classmethod
    def from_settings(cls, settings: Settings) -> LLMClient | None:
        """None when no LLM is configured (neither OPENAI_BASE_URL nor OPENAI_API_KEY set)."""
        if not settings.llm_configured:
            return None
        client = openai.OpenAI(
            base_url=settings.openai_base_url or None,
            # Local servers (Ollama, llama.cpp, vLLM) ignore the key but the client needs one.
            api_key=settings.openai_api_key or "not-needed",
            timeout=openai.Timeout(settings.llm_deadline_s, connect=settings.llm_connect_timeout_s),
            max_retries=0,
        )
        return cls(
            client,
            settings.llm_model,
            max_tokens=settings.llm_max_tokens,
            connect_timeout_s=settings.llm_connect_timeout_s,
            stall_timeout_s=settings.llm_stall_timeout_s,
            deadline_s=settings.llm_deadline_s,
            max_retries=settings.llm_max_retries,
            max_retry_wait_s=settings.llm_max_retry_wait_s,
            temperature=settings.llm_temperature,
        )

    def deadline(self) -> Deadline:
        return Deadline(self.deadline_s)

    def close(self) -> None:
        self.client.close()

    # -- plumbing ------------------------------------------------------------------------------
    def _timeout(self, read: float, deadline: Deadline) -> openai.Timeout:
        left = max(0.05, deadline.remaining())
        return openai.Timeout(
            left, connect=min(self.connect_timeout_s, left), read=min(read, left), write=min(10.0, left)
        )

    def _with_retry(self, call: Callable[[], T], deadline: Deadline) -> T:
        for attempt in range(self.max_retries + 1):
            deadline.check()
            try:
                return call()
            except Exception as exc:  # noqa: BLE001 - every failure becomes a typed LLMError
                self._sleep(self.retry_wait(exc, attempt, deadline))
        raise AssertionError("unreachable")

    def retry_wait(self, exc: Exception, attempt: int, deadline: Deadline) -> float:
        """How long to wait before retrying after `exc`; raises its typed LLMError when it is not retried."""
        error = translate(exc)
        if attempt >= self.max_retries or not isinstance(error, LLMRateLimitedError | LLMUnavailableError):
            raise error from exc
        wait = error.retry_after if isinstance(error, LLMRateLimitedError) else None
        wait = _MIN_WAIT if wait is None else wait
        if wait > self.max_retry_wait_s or wait >= deadline.remaining():
            raise error from exc
        return wait

    def _cap(self, max_tokens: int | None) -> int:
        return min(max_tokens or self.max_tokens, self.max_tokens)

    # -- calls ---------------------------------------------------------------------------------
    def request(
        self, messages: list[dict], max_tokens: int | None, deadline: Deadline, read: float | None, **options
    ) -> dict:
        """The arguments of one chat.completions.create call; the read timeout is `read`, or
        (None) what is left of the deadline."""
        timeout = self._timeout(deadline.remaining() if read is None else read, deadline)
        return dict(
            model=self.model, messages=messages, max_tokens=self._cap(max_tokens), timeout=timeout, **options
        )

    def _create(
        self, messages: list[dict], max_tokens: int | None, deadline: Deadline, read: float | None, **options
    ):
        """One chat.completions.create call, retried as _with_retry allows."""

        def call():
            return self.client.chat.completions.create(
                **self.request(messages, max_tokens, deadline, read, **options)
            )

        return self._with_retry(call, deadline)

    def complete(
        self, messages: list[dict], max_tokens: int | None = None, deadline: Deadline | None = None
    ) -> Completion:
        """One non-streamed completion (condensing follow-ups, judging)."""
        deadline = deadline or self.deadline()
        return completion_of(self._create(messages, max_tokens, deadline, None, **COMPLETE_OPTIONS))

    def call_tool(self, messages: list[dict], tool: dict, deadline: Deadline | None = None) -> dict:
        """The arguments of a forced call of `tool` (an OpenAI function: name, description,
        parameters); LLMNoToolCallError when the reply holds no call of it, LLMBadResponseError when
        its arguments are no JSON object."""
        deadline = deadline or self.deadline()
        return tool_args_of(self._create(messages, None, deadline, None, **tool_options(tool)), tool["name"])

    def stream(
        self, messages: list[dict], max_tokens: int | None = None, deadline: Deadline | None = None
    ) -> Iterator[Delta | StreamEnd]:
        """Content deltas, then one StreamEnd. Raises LLMStalledError / LLMDeadlineError mid-stream."""
        deadline = deadline or self.deadline()
        response = self._create(messages, max_tokens, deadline, self.stall_timeout_s, **self.stream_options())
        reader = StreamReader(self, deadline)
        with closing(response), reader.errors():
            for chunk in response:
                text = reader.take(chunk)
                if text:
                    yield Delta(text)
            reader.ended()
        yield reader.end()

    def stream_options(self) -> dict:
        return {"temperature": self.temperature, "stream": True, "stream_options": {"include_usage": True}}


COMPLETE_OPTIONS = {"temperature": 0, "stream": False}


def tool_options(tool: dict) -> dict:
    """The create options of a forced call of `tool` (an OpenAI function: name, description, parameters)."""
    choice = {"type": "function", "function": {"name": tool["name"]}}
    return {"tools": [{"type": "function", "function": tool}], "tool_choice": choice, **COMPLETE_OPTIONS}


def tool_args_of(response, name: str) -> dict:
    """The arguments of the call of tool `name` in a response: LLMNoToolCallError when the reply holds
    no call of it (text instead), LLMBadResponseError when it is no chat completion or the arguments
    are no JSON object."""
    try:
        message = response.choices[0].message
    except (AttributeError, IndexError, TypeError) as exc:
        raise LLMBadResponseError("the LLM server sent a malformed response", repr(exc)[:200]) from exc
    calls = [c for c in getattr(message, "tool_calls", None) or [] if _called(c) == name]
    if not calls:
        raise LLMNoToolCallError("the LLM did not call the tool")
    try:
        args = json.loads(calls[0].function.arguments)
    except (TypeError, json.JSONDecodeError) as exc:
        raise LLMBadResponseError("the LLM's tool arguments are not JSON", repr(exc)[:200]) from exc
    if not isinstance(args, dict):
        raise LLMBadResponseError("the LLM's tool arguments are not a JSON object")
    return args


def _called(call) -> str | None:
    """The function name of one tool call (None when it has none)."""
    return getattr(getattr(call, "function", None), "name", None)


def completion_of(response) -> Completion:
    """The Completion in a non-streamed response (LLMBadResponseError when it holds none)."""
    try:
        choice = response.choices[0]
        return Completion(choice.message.content or "", choice.finish_reason, _usage(response.usage))
    except (AttributeError, IndexError, TypeError) as exc:
        raise LLMBadResponseError("the LLM server sent a malformed response", repr(exc)[:200]) from exc


class StreamReader:
    """Reads one stream's chunks (sync or async): text, finish reason, usage, the stall watchdog."""

    def __init__(self, llm: LLMClient, deadline: Deadline):
        self.llm, self.deadline = llm, deadline
        self.finish_reason: str | None = None
        self.usage: Usage | None = None
        self.last_content = time.monotonic()
        self.events = 0

    def take(self, chunk) -> str:
        """The chunk's text; raises LLMStalledError / LLMDeadlineError."""
        if self.usage is None and getattr(chunk, "usage", None):
            self.usage = _usage(chunk.usage)
        text = ""
        for choice in chunk.choices or []:
            text += (choice.delta.content or "") if choice.delta else ""
            self.finish_reason = choice.finish_reason or self.finish_reason
        return self._advance(text)

    def take_json(self, data: dict) -> str:
        """`take` for a chunk still in its JSON form (no SDK objects built: the async stream's path)."""
        if not isinstance(data, dict) or not isinstance(data.get("choices") or [], list):
            raise LLMBadResponseError("the LLM server sent a malformed stream event", repr(data)[:200])
        if self.usage is None and isinstance(data.get("usage"), dict):
            self.usage = Usage(**{k: data["usage"].get(k) for k in USAGE_FIELDS})
        text = ""
        for choice in data.get("choices") or []:
            delta = choice.get("delta") or {}
            text += delta.get("content") or ""
            self.finish_reason = choice.get("finish_reason") or self.finish_reason
        return self._advance(text)

    def _advance(self, text: str) -> str:
        self.events += 1
        now = time.monotonic()
        if text:
            self.last_content = now
        elif now - self.last_content > self.llm.stall_timeout_s and self.finish_reason is None:
            raise LLMStalledError(self.llm.stall_timeout_s)
        self.deadline.check()
        return text

    def ended(self) -> None:
        if not self.events:
            raise LLMBadResponseError("the LLM server sent no stream events")

    @contextmanager
    def errors(self) -> Iterator[None]:
        """Every failure inside becomes its typed LLMError."""
        try:
            yield
        except LLMError:
            raise
        except Exception as exc:  # noqa: BLE001
            raise self.error(exc) from exc

    def error(self, exc: Exception) -> LLMError:
        """The typed error for a failure while reading the stream."""
        if isinstance(exc, httpx2.TimeoutException | openai.APITimeoutError):
            if self.deadline.remaining() <= 0:
                return LLMDeadlineError(self.llm.deadline_s)
            return LLMStalledError(self.llm.stall_timeout_s)
        return translate(exc)

    def end(self) -> StreamEnd:
        return StreamEnd(self.finish_reason, self.usage)
