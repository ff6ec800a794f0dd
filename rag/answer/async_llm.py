"""The OpenAI-compatible client for the web app: the same timeouts, retry and typed errors as
`LLMClient` (its settings and helpers are reused), over `openai.AsyncOpenAI`, so a streamed
answer waits on the event loop instead of holding a thread.

Closing a stream early (the reader went away, the task was cancelled) closes its HTTP response,
so the LLM server sees the connection end and stops generating.
"""

from __future__ import annotations

import asyncio
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

    async def _create(
        self, messages: list[dict], max_tokens: int | None, deadline: Deadline, read: float | None, **options
    ):
        """One chat.completions.create call, retried as `LLMClient` retries."""
        for attempt in range(self.config.max_retries + 1):
            deadline.check()
            try:
                request = self.config.request(messages, max_tokens, deadline, read, **options)
                return await self.client.chat.completions.create(**request)
            except Exception as exc:  # noqa: BLE001 - every failure becomes a typed LLMError
                await asyncio.sleep(self.config.retry_wait(exc, attempt, deadline))
        raise AssertionError("unreachable")

    async def complete(
        self, messages: list[dict], max_tokens: int | None = None, deadline: Deadline | None = None
    ) -> Completion:
        """One non-streamed completion (condensing follow-ups)."""
        deadline = deadline or self.deadline()
        return completion_of(await self._create(messages, max_tokens, deadline, None, **COMPLETE_OPTIONS))

    async def stream(
        self, messages: list[dict], max_tokens: int | None = None, deadline: Deadline | None = None
    ) -> AsyncIterator[Delta | StreamEnd]:
        """Content deltas, then one StreamEnd. Raises LLMStalledError / LLMDeadlineError mid-stream."""
        deadline = deadline or self.deadline()
        config = self.config
        response = await self._create(
            messages, max_tokens, deadline, config.stall_timeout_s, **config.stream_options()
        )
        reader = StreamReader(config, deadline)
        try:
            with reader.errors():
                async for chunk in response:
                    text = reader.take(chunk)
                    if text:
                        yield Delta(text)
                reader.ended()
        finally:
            await response.close()
        yield reader.end()
