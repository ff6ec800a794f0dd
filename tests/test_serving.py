"""Serving many chats at once: CPU slots first come first served, LLM streams apart from them,
overload refused at once, streamed text coalesced, and a closed SSE connection ending its LLM
stream (the scripted LLM server sees the connection close)."""

from __future__ import annotations

import asyncio
import threading
import time
from contextlib import aclosing

import httpx

from evals.openai_stub import Pause, stream
from rag.answer.async_answer import coalesced
from rag.answer.llm import Delta, StreamEnd
from tests.answer_helpers import DATA_ENGINEERING
from ui.errors import OverloadedError
from ui.limits import Admission, FifoSlots

# For conftest's llm_app: one CPU slot, so an answer streaming from the LLM must not be holding it.
LLM_APP_SETTINGS = {"rate_limit_per_minute": 1000, "refusal_threshold": 0.0, "chat_concurrency": 1}
BUSY = "The service is busy ({n} questions in progress or waiting). Please try again in a moment."


# -- admission ---------------------------------------------------------------------------------------
def test_cpu_slots_go_first_come_first_served():
    async def main() -> list[str]:
        slots, order = FifoSlots(1), []
        await slots.acquire()

        async def worker(name: str) -> None:
            await slots.acquire()
            order.append(name)
            await asyncio.sleep(0)
            slots.release()

        waiting = [asyncio.create_task(worker(name)) for name in "abc"]
        await asyncio.sleep(0)
        assert slots.waiting == 3
        slots.release()  # goes to "a"; a newcomer now queues behind "c" instead of taking it
        late = asyncio.create_task(worker("late"))
        await asyncio.gather(*waiting, late)
        assert (slots.busy, slots.waiting) == (0, 0)
        return order

    assert asyncio.run(main()) == ["a", "b", "c", "late"]


def test_a_waiter_that_times_out_or_is_cancelled_leaves_no_slot_taken():
    async def main() -> tuple:
        slots = FifoSlots(1)
        await slots.acquire()
        timed_out = await slots.acquire(timeout=0.01)
        cancelled = asyncio.create_task(slots.acquire())
        await asyncio.sleep(0)
        cancelled.cancel()
        await asyncio.wait([cancelled])
        slots.release()
        return timed_out, slots.busy, slots.waiting

    assert asyncio.run(main()) == (False, 0, 0)


def test_an_answer_is_refused_at_once_when_the_cpu_queue_is_full():
    async def main() -> tuple:
        admission = Admission(cpu=1, streams=4, queue=1)
        done = threading.Event()

        async def answer() -> None:
            with admission.answer():
                await admission.cpu(done.wait)

        first = asyncio.create_task(answer())  # holds the CPU slot
        await asyncio.sleep(0.05)
        second = asyncio.create_task(answer())  # waits for it: the queue (1) is full
        await asyncio.sleep(0)
        try:
            with admission.answer():
                refused = None
        except OverloadedError as exc:
            refused = str(exc)
        done.set()
        await asyncio.gather(first, second)
        return refused, admission.admitted, admission.cpu_slots.busy

    assert asyncio.run(main()) == (BUSY.format(n=2), 0, 0)


def test_a_queue_that_drains_is_joined_and_one_that_stalls_is_refused():
    async def main() -> list[str]:
        admission = Admission(cpu=1, streams=8, queue=100, max_wait_s=0.05)
        release = threading.Event()
        outcomes, tasks = [], []

        async def answer() -> None:
            with admission.answer():
                await admission.cpu(release.wait)

        for pause in (0.02, 0.0, 0.1, 0.0, 0.0):  # 1 holds the CPU; the 4th finds the queue 0.1 s old
            try:
                with admission.answer():
                    pass
                tasks.append(asyncio.create_task(answer()))
                outcomes.append(f"admitted (oldest waited {round(admission.cpu_slots.oldest_wait_s(), 1)} s)")
            except OverloadedError as exc:
                outcomes.append(str(exc))
            await asyncio.sleep(pause)
        release.set()
        await asyncio.gather(*tasks)
        return outcomes + [f"{admission.admitted} {admission.cpu_slots.busy} {admission.cpu_slots.waiting}"]

    assert asyncio.run(main()) == [
        "admitted (oldest waited 0.0 s)",
        "admitted (oldest waited 0.0 s)",
        "admitted (oldest waited 0.0 s)",
        BUSY.format(n=3),
        BUSY.format(n=3),
        "0 0 0",
    ]


# -- coalescing ------------------------------------------------------------------------------------
def test_coalesced_sends_the_first_delta_at_once_and_joins_what_follows():
    async def source():
        for text in ("a", "b", "c"):
            yield Delta(text)
        yield StreamEnd("stop", None)

    async def main() -> list:
        return [event async for event in coalesced(source(), window_s=60)]

    assert asyncio.run(main()) == [Delta("a"), Delta("bc"), StreamEnd("stop", None)]


def test_coalesced_text_is_sent_when_the_window_ends_without_waiting_for_more():
    async def main() -> list[str]:
        more, seen = asyncio.Event(), []

        async def source():
            yield Delta("a")
            yield Delta("b")
            await more.wait()  # the source sends nothing until "b" was seen
            yield Delta("c")

        async with aclosing(coalesced(source(), window_s=0.01)) as events:
            async for event in events:
                seen.append(event.text)
                if event.text == "b":
                    more.set()
        return seen

    assert asyncio.run(main()) == ["a", "b", "c"]


def test_closing_a_coalesced_stream_closes_its_source():
    closed = []

    async def source():
        try:
            yield Delta("a")
            await asyncio.Event().wait()
        finally:
            closed.append(True)

    async def main() -> None:
        async with aclosing(coalesced(source(), window_s=0.01)) as events:
            async for _ in events:
                break

    asyncio.run(main())
    assert closed == [True]


# -- over HTTP ---------------------------------------------------------------------------------------
def first_delta(lines) -> str:
    """The data line of the first delta event (`lines`: the response's line iterator, kept open:
    a line iterator that is dropped closes its response)."""
    for line in lines:
        if line == "event: delta":
            return next(lines)
    raise AssertionError("no delta event")


def wait_until(condition, seconds: float = 15.0) -> bool:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


def slow_stream(words: int = 200, pause: float = 0.05):
    """A streamed reply of `words` words, `pause` seconds apart (10 s in all by default)."""
    reply = stream([f"word{i} " for i in range(words)])
    reply.events = [e for event in reply.events for e in (event, Pause(pause))]
    return reply


def test_a_streaming_answer_holds_no_cpu_slot(llm_app):
    llm_app.llm.push(slow_stream())
    llm_app.llm.push(stream(["Data engineers move documents [1]."]))
    url, admission = f"{llm_app.url}/api/ask", llm_app.service.admission
    body = {"question": DATA_ENGINEERING, "stream": True}
    with httpx.stream("POST", url, json=body, timeout=30) as streaming:
        lines = streaming.iter_lines()
        assert first_delta(lines).startswith('data: {"text": "word0')
        second = httpx.post(url, json={"question": DATA_ENGINEERING}, timeout=30)  # one CPU slot
        during = (admission.admitted, admission.stream_slots.busy, admission.cpu_slots.busy)
    assert (second.status_code, second.json()["answer"]) == (200, "Data engineers move documents [1].")
    assert during == (1, 1, 0)  # the first answer, still streaming from the LLM


def test_a_closed_sse_connection_stops_its_llm_stream(llm_app):
    llm, admission = llm_app.llm, llm_app.service.admission
    llm.cut.clear()
    cut_before = llm.cut_streams
    llm.push(slow_stream())
    body = {"question": DATA_ENGINEERING, "stream": True}
    with httpx.stream("POST", f"{llm_app.url}/api/ask", json=body, timeout=30) as response:
        lines = response.iter_lines()
        assert first_delta(lines).startswith('data: {"text": "word0')
        assert (admission.admitted, admission.stream_slots.busy) == (1, 1)
    assert llm.cut.wait(8)  # the app closed its request to the LLM well before the stream's end
    assert llm.cut_streams == cut_before + 1
    assert wait_until(lambda: (admission.admitted, admission.stream_slots.busy) == (0, 0))
