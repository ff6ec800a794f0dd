"""The OpenAI-compatible client for the web app: the same timeouts, retry and typed errors as
`LLMClient` (its settings and helpers are reused), over `openai.AsyncOpenAI`, so a streamed
answer waits on the event loop instead of holding a thread.

Closing a stream early (the reader went away, the task was cancelled) closes its HTTP response,
so the LLM server sees the connection end and stops generating.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator

import openai

from rag.answer.llm import (
    COMPLETE_OPTIONS,
    Completion,
    Deadline,
    Delta,
    LLMClient,
    StreamEnd,
    StreamReader,
    completion_of,
    tool_args_of,
    tool_options,
)


class AsyncLLMClient:
    """`LLMClient`'s calls (complete, stream) on the async OpenAI client."""

    def __init__(self, config: LLMClient, client: openai.AsyncOpenAI):
        self.config = config
        self.client = client

    @classmethod
    def like(cls, llm: LLMClient) -> AsyncLLMClient:
        """An async twin of `llm`: same server, key, timeouts and limits."""
        sync = llm.client
        client = openai.AsyncOpenAI(
            base_url=sync.base_url, api_key=sync.api_key, timeout=sync.timeout, max_retries=0
        )
        return cls(llm, client)

    @property
    def max_tokens(self) -> int:
        return self.config.max_tokens

    def deadline(self) -> Deadline:
        return self.config.deadline()

    async def close(self) -> None:
        await self.client.close()

    async def _retried(self, deadline: Deadline, call):
        """`await call()`, retried as `LLMClient` retries; every failure becomes a typed LLMError."""
        for attempt in range(self.config.max_retries + 1):
            deadline.check()
            try:
                return await call()
            except Exception as exc:  # noqa: BLE001 - every failure becomes a typed LLMError
                await asyncio.sleep(self.config.retry_wait(exc, attempt, deadline))
        raise AssertionError("unreachable")

    async def _create(
        self, messages: list[dict], max_tokens: int | None, deadline: Deadline, read: float | None, **options
    ):
        """One chat.completions.create call (the request is made per attempt: its timeout shrinks)."""
        return await self._retried(
            deadline,
            lambda: self.client.chat.completions.create(
                **self.config.request(messages, max_tokens, deadline, read, **options)
            ),
        )

    async def _open_stream(self, messages: list[dict], max_tokens: int | None, deadline: Deadline):
        """A streamed create call's raw response (status checked), retried as `_create` is. Raw:
        the SDK would build a pydantic object per chunk, most of a stream's CPU on the event loop."""
        config = self.config

        async def call():
            request = config.request(messages, max_tokens, deadline, config.stall_timeout_s)
            raw = self.client.chat.completions.with_streaming_response.create(
                **request, **config.stream_options()
            )
            return raw, await raw.__aenter__()

        return await self._retried(deadline, call)

    async def complete(
        self, messages: list[dict], max_tokens: int | None = None, deadline: Deadline | None = None
    ) -> Completion:
        """One non-streamed completion (condensing follow-ups)."""
        deadline = deadline or self.deadline()
        return completion_of(await self._create(messages, max_tokens, deadline, None, **COMPLETE_OPTIONS))

    async def call_tool(self, messages: list[dict], tool: dict, deadline: Deadline | None = None) -> dict:
        """The arguments of a forced call of `tool` (see `LLMClient.call_tool`)."""
        deadline = deadline or self.deadline()
        response = await self._create(messages, None, deadline, None, **tool_options(tool))
        return tool_args_of(response, tool["name"])

    async def stream(
        self, messages: list[dict], max_tokens: int | None = None, deadline: Deadline | None = None
    ) -> AsyncIterator[Delta | StreamEnd]:
        """Content deltas, then one StreamEnd. Raises LLMStalledError / LLMDeadlineError mid-stream."""
        deadline = deadline or self.deadline()
        raw, response = await self._open_stream(messages, max_tokens, deadline)
        reader = StreamReader(self.config, deadline)
        try:
            with reader.errors():
                async for data in sse_data(response.iter_lines()):
                    if data == "[DONE]":
                        break
                    text = reader.take_json(_event_json(data, response.http_request))
                    if text:
                        yield Delta(text)
                reader.ended()
        finally:
            await raw.__aexit__(None, None, None)
        yield reader.end()


async def sse_data(lines: AsyncIterator[str]) -> AsyncIterator[str]:
    """The `data` of each server-sent event (multi-line data joined with newlines, as the SSE
    standard says); comments, ids and event names are skipped: chat completions stream no others."""
    data: list[str] = []
    async for line in lines:
        if not line:
            if data:
                yield "\n".join(data)
                data = []
        elif line.startswith("data:"):
            data.append(line[6:] if line.startswith("data: ") else line[5:])
    if data:
        yield "\n".join(data)


def _event_json(data: str, request) -> dict:
    """One event's JSON; an `error` object in the stream is the server's error, as the SDK reads it."""
    event = json.loads(data)
    if isinstance(event, dict) and event.get("error"):
        error = event["error"]
        message = error.get("message") if isinstance(error, dict) else None
        raise openai.APIError(
            message if isinstance(message, str) and message else "An error occurred during streaming",
            request=request,
            body=error,
        )
    return event
