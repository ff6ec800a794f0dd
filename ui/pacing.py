"""The chat page's answer updates: the first piece at once, then ever fewer, larger ones.

Each update of the page costs Gradio a postprocessing of the whole conversation (in a worker
thread), a diff and a server-sent event: about 1.5 ms of the app's CPU, on the thread that also
serves every other chat. The answer events come already coalesced (`chat_stream_window_ms`); the
page then shows the first piece at once and after that waits twice as long between updates as
the time before (2, 4, ... windows, at most `MAX_GAP_WINDOWS`), so a 1.2 s answer costs 4 updates
instead of 10. The first word is never later; the last is not later either: the final answer
(which replaces the streamed text) goes as soon as it comes, and text held back goes when its gap
ends even if nothing follows it.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

from rag.answer.async_answer import DONE, pumped
from rag.answer.generation import TextDelta
from rag.answer.pipeline import Answer

MAX_GAP_WINDOWS = 4  # 0.6 s between updates at the default 150 ms window


def gaps(window_s: float):
    """The least time between one update of the page and the next: 2, 4, 4, ... windows."""
    gap = window_s
    while True:
        gap = min(2 * gap, MAX_GAP_WINDOWS * window_s)
        yield gap


async def paced(events: AsyncIterator[TextDelta | Answer], window_s: float) -> AsyncIterator[str | Answer]:
    """The answer so far (text) at a growing interval, and each `Answer` as it comes. Streamed text
    still held when an `Answer` comes is dropped: the answer carries it. Errors of `events` are
    raised here; closing this (a closed tab cancels the chat's task) cancels `events`."""
    if window_s <= 0:
        text = ""
        async for event in events:
            if isinstance(event, Answer):
                yield event
            else:
                text = event.text if event.replace else text + event.text
                yield text
        return
    queue, task = pumped(events)
    loop = asyncio.get_running_loop()
    text, shown, sent_at, next_gap, gap = "", "", None, 0.0, gaps(window_s)
    wait = None  # how long held text may wait yet (None: nothing held)
    try:
        while True:
            try:
                async with asyncio.timeout(wait):
                    item = await queue.get()
            except TimeoutError:
                item = None  # the gap is over: show what is held
            if isinstance(item, TextDelta):
                text = item.text if item.replace else text + item.text
                if sent_at is not None and loop.time() < sent_at + next_gap:
                    wait = sent_at + next_gap - loop.time()
                    continue
            elif isinstance(item, BaseException):
                raise item
            elif item is DONE:
                if text != shown:
                    yield text
                return
            elif item is not None:  # an Answer: it replaces the streamed text
                shown, wait = text, None
                yield item
                continue
            if text != shown:
                shown, sent_at, next_gap, wait = text, loop.time(), next(gap), None
                yield text
    finally:
        task.cancel()
        await asyncio.wait([task])
