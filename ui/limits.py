"""Server-side limits shared by the chat UI and the API: what a question may be, how often one
client may ask, and how answers share the CPU and the LLM before new ones are refused."""

from __future__ import annotations

import asyncio
import threading
import time
from collections import OrderedDict, deque
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager, contextmanager
from dataclasses import dataclass
from typing import TypeVar

import anyio.to_thread

from rag.answer.condense import is_message_list
from rag.config import Settings
from ui.errors import InputRejectedError, OverloadedError, RateLimitedError

T = TypeVar("T")
_NOT_UNICODE = "The {what} contains characters that are not valid Unicode text (unpaired surrogates)."


def _is_unicode(text: str) -> bool:
    """False for strings with lone surrogates: JSON escapes can carry them, but nothing can store them."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


@dataclass(frozen=True)
class InputLimits:
    """The size limits on a question and its history."""

    max_question_chars: int
    max_history_messages: int
    max_history_chars: int

    @classmethod
    def from_settings(cls, settings: Settings) -> InputLimits:
        return cls(settings.max_question_chars, settings.max_history_messages, settings.max_history_chars)

    def check(self, question: object, history: object = ()) -> tuple[str, list[dict[str, str]]]:
        """The question stripped and the history as plain {role, content} messages, or a clear error."""
        if not isinstance(question, str) or not question.strip():
            raise InputRejectedError("The question is empty. Type a question about the field guide.")
        question = question.strip()
        if not _is_unicode(question):
            raise InputRejectedError(_NOT_UNICODE.format(what="question"))
        if len(question) > self.max_question_chars:
            raise InputRejectedError(
                f"The question is {len(question):,} characters long; the limit is "
                f"{self.max_question_chars:,}. Please shorten it.",
                status=413,
            )
        if not is_message_list(history):
            raise InputRejectedError(
                'history must be a list of {"role": "user" | "assistant", "content": "..."} messages.'
            )
        if len(history) > self.max_history_messages:
            raise InputRejectedError(
                f"The history has {len(history)} messages; the limit is {self.max_history_messages}. "
                "Start a new chat.",
                status=413,
            )
        if not all(_is_unicode(m["content"]) for m in history):
            raise InputRejectedError(_NOT_UNICODE.format(what="history"))
        size = sum(len(m["content"]) for m in history)
        if size > self.max_history_chars:
            raise InputRejectedError(
                f"The history is {size:,} characters long; the limit is {self.max_history_chars:,}. "
                "Start a new chat.",
                status=413,
            )
        return question, [{"role": m["role"], "content": m["content"]} for m in history]


class RateLimiter:
    """A sliding one-minute window per client, for at most `max_clients` clients (oldest forgotten)."""

    def __init__(self, per_minute: int, max_clients: int = 10_000, clock=time.monotonic):
        self.per_minute = per_minute
        self.max_clients = max_clients
        self.clock = clock
        self._seen: OrderedDict[str, deque[float]] = OrderedDict()
        self._lock = threading.Lock()

    def check(self, client: str) -> None:
        now = self.clock()
        with self._lock:
            times = self._seen.pop(client, None) or deque()
            while times and now - times[0] >= 60:
                times.popleft()
            self._seen[client] = times
            if len(self._seen) > self.max_clients:
                self._seen.popitem(last=False)
            if len(times) >= self.per_minute:
                raise RateLimitedError(self.per_minute, 60 - (now - times[0]))
            times.append(now)


class FifoSlots:
    """At most `size` holders at once; waiters get a freed slot strictly in arrival order."""

    def __init__(self, size: int):
        self.size = size
        self.busy = 0
        self._waiters: deque[tuple[asyncio.Future, float]] = deque()  # (turn, when it arrived)

    @property
    def waiting(self) -> int:
        return len(self._waiters)

    def oldest_wait_s(self) -> float:
        """How long the longest waiter has waited (0 when none waits)."""
        if not self._waiters:
            return 0.0
        return asyncio.get_running_loop().time() - self._waiters[0][1]

    async def acquire(self, timeout: float | None = None) -> bool:
        """True once a slot is held; False when `timeout` seconds passed first."""
        if self.busy < self.size and not self._waiters:
            self.busy += 1
            return True
        loop = asyncio.get_running_loop()
        turn = loop.create_future()
        self._waiters.append((turn, loop.time()))
        try:
            async with asyncio.timeout(timeout):
                await turn
        except TimeoutError:
            return self._left(turn)
        except BaseException:
            self._left(turn)
            raise
        return True

    def _left(self, turn: asyncio.Future) -> bool:
        """A waiter gave up; if the slot reached it meanwhile, it is passed on. False."""
        queued = next((w for w in self._waiters if w[0] is turn), None)
        if queued is not None:
            self._waiters.remove(queued)
        elif turn.done() and not turn.cancelled():
            self.release()
        return False

    def release(self) -> None:
        while self._waiters:  # the slot goes straight to the longest waiter
            turn, _ = self._waiters.popleft()
            if not turn.done():
                turn.set_result(None)
                return
        self.busy -= 1


class Admission:
    """Who may answer now, on the event loop (every method is called there).

    CPU work runs in at most `cpu` worker threads at once and LLM calls in at most `streams`, each
    first come first served (waiting at most `wait_s`). An answer is refused at once when the
    longest waiter for CPU has waited more than `max_wait_s` (the queue is not draining: the CPU is
    used up), or when `queue` answers wait or `streams + queue` are in progress (hard caps). So a
    burst that the CPU clears in time is queued, never refused. The chat UI and the API (MCP and
    /v1 too) share it.
    """

    def __init__(self, cpu: int, streams: int, queue: int, wait_s: float = 30.0, max_wait_s: float = 2.0):
        self.cpu_slots = FifoSlots(cpu)
        self.stream_slots = FifoSlots(streams)
        self.queue = queue
        self.capacity = streams + queue
        self.wait_s = wait_s
        self.max_wait_s = max_wait_s
        self.admitted = 0

    @property
    def full(self) -> bool:
        return (
            self.admitted >= self.capacity
            or self.cpu_slots.waiting >= self.queue
            or self.cpu_slots.oldest_wait_s() > self.max_wait_s
        )

    @contextmanager
    def answer(self) -> Iterator[None]:
        """One answer in progress (OverloadedError when full)."""
        if self.full:
            raise OverloadedError(self.admitted)
        self.admitted += 1
        try:
            yield
        finally:
            self.admitted -= 1

    @asynccontextmanager
    async def _slot(self, slots: FifoSlots) -> AsyncIterator[None]:
        if not await slots.acquire(self.wait_s):
            raise OverloadedError(self.admitted)
        try:
            yield
        finally:
            slots.release()

    async def cpu(self, fn: Callable[..., T], *args) -> T:
        """`fn(*args)` in a worker thread, holding a CPU slot."""
        async with self._slot(self.cpu_slots):
            return await anyio.to_thread.run_sync(fn, *args)

    def llm(self) -> AbstractAsyncContextManager[None]:
        """A slot for one LLM call or stream."""
        return self._slot(self.stream_slots)
