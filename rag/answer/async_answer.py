"""The answer pipeline for the web app: `Answerer.stream()`'s steps, with the CPU work (retrieval,
relevance, context, answerability, extractive answers) handed to the caller's `Workers` (the app:
a small first-come-first-served pool of threads) and the LLM's calls awaited on the event loop
(the async client) inside the Workers' own, larger limit of LLM calls. No thread waits on an LLM.

Streamed LLM text is coalesced before the citation gate: the first piece goes at once, then
whatever arrives within each window goes as one piece, so a fast model costs fewer gate passes,
events and UI updates, and a reader never waits longer than the window for text that arrived.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import AbstractAsyncContextManager, aclosing
from typing import Protocol, TypeVar

from rag.answer.async_llm import AsyncLLMClient
from rag.answer.condense import Condensed, Message, condense_async, condense_without_llm, needs_llm
from rag.answer.generation import TextDelta
from rag.answer.llm import Delta, StreamEnd
from rag.answer.pipeline import Answer, Answerer, Clock, guide_only, log_answer, small_talk
from rag.errors import LLMError

T = TypeVar("T")
DONE = object()  # what `pumped` puts on its queue after the source's last item


class Workers(Protocol):
    """Where an answer's steps run: CPU work in a worker thread, LLM calls in a limited number."""

    async def cpu(self, fn: Callable[..., T], *args) -> T: ...

    def llm(self) -> AbstractAsyncContextManager[None]: ...


class Prefetched:
    """A market query the LLM already wrote on the event loop (or why it could not), standing in
    for the LLM the market desk would otherwise call from its worker thread."""

    def __init__(self, args: dict | None = None, error: LLMError | None = None):
        self.args, self.error = args, error

    def call_tool(self, messages, tool, deadline=None) -> dict:
        if self.error is not None:
            raise self.error
        return self.args


async def _market_llm(answerer: Answerer, routed, question: str, llm, workers: Workers, deadline):
    """The LLM's query for a market figure, fetched without holding a CPU slot (None: no LLM, or
    none needed; the parser's query answers)."""
    desk = answerer.deps.market
    if llm is None or not desk.needs_llm(routed):
        return None
    async with workers.llm():
        try:
            return Prefetched(
                await llm.call_tool(*desk.tool_request(routed.asked or question), deadline=deadline)
            )
        except LLMError as exc:
            return Prefetched(error=exc)


def _plan(answerer: Answerer, question, history, condensed, clock, failure, with_llm: bool):
    """The first CPU step: route, then (unless the question is for the postings table alone)
    retrieve and plan the guide's answer (see `Answerer.plan`). (events, generation, routed);
    `routed` is None for a question for the guide alone."""
    if (chatted := small_talk(question) or answerer.service(question)) is not None:  # no question
        return chatted, None, None
    desk = answerer.deps.market
    rewritten = condensed.query if condensed is not None and condensed.method == "llm" else None
    routed = desk.route_turn(question, history, rewritten) if desk is not None else None
    if routed is None or routed.route == "guide" or guide_only(question, answerer.answerability, routed):
        routed = None  # another profession's pay, a place's law: not the job data's; the guide refuses it
    elif routed.route == "market":
        return [], None, routed
    condensed = condensed or condense_without_llm(history, question)
    events, generation = answerer.plan(question, condensed, clock, failure, with_llm)
    return events, generation, routed


async def stream_answer(
    answerer: Answerer,
    llm: AsyncLLMClient | None,
    question: str,
    history: Sequence[Message],
    workers: Workers,
    window_s: float = 0.05,
) -> AsyncIterator[TextDelta | Answer]:
    """`TextDelta`s, then one `Answer`, as `Answerer.stream()` gives them (LLM failures fall back).
    LLM calls (condensing, a market query, the answer) are awaited without holding a CPU slot."""
    clock = Clock()
    deadline = llm.deadline() if llm else None
    condensed: Condensed | None = None
    failure: LLMError | None = None
    if llm is not None and needs_llm(history):
        async with workers.llm():
            try:
                condensed = await condense_async(history, question, llm, deadline)
            except LLMError as exc:  # the LLM is down: do not try it twice for one answer
                failure, llm = exc, None
    events, generation, routed = await workers.cpu(
        _plan, answerer, question, history, condensed, clock, failure, llm is not None
    )
    if routed is not None and routed.route == "market":
        tool = await _market_llm(answerer, routed, question, llm, workers, deadline)
        events = await workers.cpu(answerer.market, question, routed, tool, history)
    stream = _generated(answerer, llm, generation, workers, deadline, window_s) if generation else None
    async with aclosing(_chain(events, stream)) as all_events:
        async for event in all_events:
            if isinstance(event, Answer):
                if routed is not None and routed.route == "both":  # the postings' figure follows
                    tool = await _market_llm(answerer, routed, question, llm, workers, deadline)
                    yield await workers.cpu(answerer.add_figure, event, question, routed, tool)
                log_answer(event)
            yield event


async def _chain(events: list, stream: AsyncIterator | None) -> AsyncIterator:
    for event in events:
        yield event
    if stream is not None:
        async with aclosing(stream):
            async for event in stream:
                yield event


async def _generated(answerer: Answerer, llm, generation, workers: Workers, deadline, window_s: float):
    """The model's streamed answer, then the events that end it (the offline answer if it failed)."""
    failure = None
    async with workers.llm():
        try:
            async with aclosing(coalesced(llm.stream(generation.messages, deadline=deadline), window_s)) as s:
                async for event in s:
                    delta = generation.feed(event)
                    if delta:
                        yield delta
        except LLMError as exc:
            failure = exc
    events, answered = answerer.ended(generation, failure, llm.max_tokens)
    if not answered:
        events = await workers.cpu(answerer.extract, generation)
    for event in events:
        yield event


def pumped(source: AsyncIterator[T]) -> tuple[asyncio.Queue, asyncio.Task]:
    """`source`'s items put on a queue by a task of their own, then `DONE` (or the exception that
    ended it): a reader can wait for the next item with a timeout without cancelling the source's
    step. Cancelling the task cancels the source."""
    queue: asyncio.Queue = asyncio.Queue()

    async def pump() -> None:
        try:
            async for item in source:
                queue.put_nowait(item)
            queue.put_nowait(DONE)
        except Exception as exc:  # noqa: BLE001 - handed to the reader, who raises it
            queue.put_nowait(exc)

    return queue, asyncio.get_running_loop().create_task(pump())


async def coalesced(
    source: AsyncIterator[Delta | StreamEnd], window_s: float
) -> AsyncIterator[Delta | StreamEnd]:
    """`source`'s deltas, the first at once and then at most one per `window_s` (what arrived in
    the meantime, joined); text is never held longer than the window. Closing this closes `source`."""
    if window_s <= 0:
        async with aclosing(source):
            async for event in source:
                yield event
        return
    queue, task = pumped(source)
    loop = asyncio.get_running_loop()
    pending, sent_at = "", float("-inf")
    try:
        while True:
            try:
                async with asyncio.timeout(sent_at + window_s - loop.time() if pending else None):
                    item = await queue.get()
            except TimeoutError:
                yield Delta(pending)
                pending, sent_at = "", loop.time()
                continue
            if isinstance(item, Delta):
                pending += item.text
                if loop.time() - sent_at >= window_s:
                    yield Delta(pending)
                    pending, sent_at = "", loop.time()
                continue
            if pending:
                yield Delta(pending)
                pending = ""
            if item is DONE:
                return
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        task.cancel()
        await asyncio.wait([task])
