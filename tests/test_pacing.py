"""The chat page's answer updates (ui/pacing.py): the first piece at once, then growing gaps; held
text goes when its gap ends, the final answer at once; errors and closing reach the source."""

from __future__ import annotations

import asyncio
from contextlib import aclosing

import pytest

from rag.answer.generation import TextDelta
from rag.answer.pipeline import Answer
from ui.errors import OverloadedError
from ui.pacing import gaps, paced

WINDOW = 0.2  # gaps of 0.4 s, then 0.8 s: wide margins for a busy test machine


def answer() -> Answer:
    return Answer.__new__(Answer)  # identity is all the pacer looks at


async def scripted(steps: list) -> tuple[list, list]:
    """Feeds `steps` (events, or seconds to wait) to `paced`; returns what it showed and when
    (seconds since the first event), and what the source saw ("closed" if it was cancelled)."""
    source_log: list[str] = []
    feed: asyncio.Queue = asyncio.Queue()

    async def source():
        try:
            while (event := await feed.get()) is not None:
                if isinstance(event, Exception):
                    raise event
                yield event
        finally:
            source_log.append("closed")

    loop = asyncio.get_running_loop()
    shown: list = []
    start = loop.time()

    async def read():
        async with aclosing(paced(source(), WINDOW)) as updates:
            async for update in updates:
                shown.append((update, round(loop.time() - start, 1)))

    reader = loop.create_task(read())
    for step in steps:
        if isinstance(step, float):
            await asyncio.sleep(step)
        else:
            feed.put_nowait(step)
    feed.put_nowait(None)
    await asyncio.wait_for(reader, 5)
    return shown, source_log


def test_the_gaps_between_updates_double_up_to_four_windows():
    g = gaps(0.15)
    assert [round(next(g), 2) for _ in range(4)] == [0.3, 0.6, 0.6, 0.6]


def test_first_piece_at_once_then_held_text_when_its_gap_ends_and_the_answer_at_once():
    final = answer()
    shown, log = asyncio.run(
        scripted(
            [
                TextDelta("Data "),
                TextDelta("engineers "),  # within the 0.4 s gap: held...
                0.6,  # ...and shown when the gap ends, with nothing after it
                TextDelta("move "),
                0.1,
                TextDelta("documents "),  # held (gap 0.8 s) ...
                final,  # ... and dropped: the answer carries it, and goes at once
            ]
        )
    )
    assert shown == [("Data ", 0.0), ("Data engineers ", 0.4), (final, 0.7)]
    assert log == ["closed"]


def test_a_replacing_piece_replaces_the_text_shown():
    shown, _ = asyncio.run(scripted([TextDelta("Data [9"), 0.5, TextDelta("Data engineers", replace=True)]))
    assert shown == [("Data [9", 0.0), ("Data engineers", 0.5)]


def test_text_still_held_when_the_source_ends_without_an_answer_is_shown():
    shown, _ = asyncio.run(scripted([TextDelta("a "), TextDelta("b ")]))
    assert [text for text, _ in shown] == ["a ", "a b "]


def test_an_error_of_the_source_reaches_the_reader():
    with pytest.raises(OverloadedError, match="busy"):
        asyncio.run(scripted([OverloadedError("busy")]))


def test_closing_the_updates_cancels_the_source_that_is_waiting():
    async def main() -> list[str]:
        log: list[str] = []

        async def source():
            try:
                yield TextDelta("a ")
                await asyncio.sleep(30)  # the LLM stream, waiting
                yield TextDelta("never")
            finally:
                log.append("closed")

        async with aclosing(paced(source(), WINDOW)) as updates:
            assert await anext(updates) == "a "
        return log

    assert asyncio.run(asyncio.wait_for(main(), 5)) == ["closed"]


def test_no_window_shows_every_piece():
    async def source():
        for event in (TextDelta("a "), TextDelta("b ")):
            yield event

    async def main() -> list:
        return [update async for update in paced(source(), 0)]

    assert asyncio.run(main()) == ["a ", "a b "]
